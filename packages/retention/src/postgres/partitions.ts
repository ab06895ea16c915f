/**
 * @module
 * Whole partitions dropped instead of deleted row by row, for a table partitioned by range on a
 * time column (PostgreSQL declarative partitioning, as pg_partman makes it), when the store's
 * `partitions` option is `drop`.
 *
 * At a sweep's first batch the leaf range partitions are listed from `pg_inherits`, oldest bound
 * first, with their bounds read by `pg_get_expr(relpartbound)`. A partition is a candidate when
 * every row in it can be due: partitioned on the due column itself, its upper bound is at or
 * before the sweep's instant (bounds are exclusive, so every row is before it); partitioned on
 * another column, its latest due instant (through the due column's index) is. The default
 * partition, sub-partitioned ones and ones of more than {@link MAX_DROP_ROWS} rows (by the
 * planner's estimate, and counted again when read) are never candidates.
 *
 * Each candidate is then one transaction, which is what makes it crash safe without a journal.
 * It runs at READ COMMITTED whatever the session's default (`default_transaction_isolation` set
 * on the database or role): at REPEATABLE READ or SERIALIZABLE its first statement would fix the
 * snapshot before the lock is granted, and a row a writer committed during the lock wait would be
 * invisible to the id read yet dropped with the partition, deleted without an entry. At READ
 * COMMITTED each statement takes a new snapshot, so the read after the lock sees every row.
 *
 * 1. the partition is locked against writes (`SHARE ROW EXCLUSIVE`, which also keeps a second
 *    worker off it), waiting at most {@link LOCK_TIMEOUT}: a partition someone is writing to is
 *    left to row-by-row batches;
 * 2. every row's id is read in bulk, grouped by category and rule, with whether every row is
 *    due, under a rule and unheld by this batch's holds. If one is not (a held row, a row under
 *    no rule, a later due instant), the transaction rolls back and the partition is swept row by
 *    row like an unpartitioned table;
 * 3. the ids are keyed-hashed into the log's entries (at most `limit` ids per entry, as a
 *    row-by-row batch writes them), stored unchained;
 * 4. the parent (`ONLY`), the partition and the default partition are locked `ACCESS EXCLUSIVE`
 *    with `NOWAIT`, tried again for about 2 × {@link LOCK_TIMEOUT}, then `ALTER TABLE … DETACH
 *    PARTITION` and `DROP TABLE`, then COMMIT.
 *
 * Lock order: the transaction waits for a lock only at step 1, holding none; from then on it
 * takes the locks the detach and the drop need without waiting (`NOWAIT`, retried after a pause,
 * see `lockForDetach`). A statement of yours that holds the parent's lock (an `UPDATE` or `DELETE`
 * not pruned to other partitions, waiting for the locked partition) makes every try fail with
 * 55P03: the transaction rolls back (nothing logged), the partition is swept row by row, and
 * your statement goes on. Waiting for the parent instead would close a cycle, and the deadlock
 * detector might abort your transaction rather than this one.
 *
 * A worker killed anywhere before COMMIT (during the id read, between the detach and the drop)
 * leaves the partition attached with every row, and no entry: PostgreSQL rolls the whole
 * transaction back. After COMMIT the rows are gone and their entries stored; the next seal chains
 * entries a killed worker left unchained, as for a heap-order batch. `DETACH … CONCURRENTLY`
 * cannot run in a transaction block, so it would need a state row to finish or undo a detached
 * partition after a crash; the plain `DETACH` needs an `ACCESS EXCLUSIVE` lock on the parent, held
 * only from step 4 to COMMIT. So reads of the table wait only for the detach and the drop; writes
 * that lock the partition (into it, directly or routed through the parent, and an `UPDATE` or
 * `DELETE` on the parent not pruned to other partitions) wait for the whole transaction, the id
 * read and hashing included; other writes wait only for the detach and the drop.
 */

import type { BatchResult, DeletedGroup, DeletedRow, SweepBatchRequest } from '../store.js';
import { type Connection, type Database, sqlState, storeFailure } from './client.js';
import { LOCK_TIMEOUT } from './index-batch.js';
import type { LogTable } from './log-table.js';
import { type Fragment, raw, sql } from './sql.js';
import { type TableShape, unheld } from './table.js';

/** A leaf range partition that may be entirely due. */
export interface Partition {
  /** Its oid, as text. */
  readonly oid: string;
  /** The quoted, qualified name. */
  readonly name: string;
}

/** The partitions a sweep still tries to drop, oldest first. */
export interface PartitionSweep {
  /** Candidates not yet tried by any lane of this process. */
  readonly candidates: Partition[];
  /** Whether ids come back comma-joined (integer and uuid keys) or as a JSON array. */
  readonly csv: boolean;
}

/**
 * Partitions of more rows than this are swept row by row: a drop reads every id of its partition
 * at once and keeps the entries in memory until they are chained (about 110 bytes per id), so a
 * larger one would take gigabytes, and its ids' text could pass PostgreSQL's 1 GB limit on one value.
 */
export const MAX_DROP_ROWS = 2_000_000;

/**
 * SQLSTATEs after which a partition is left to row-by-row batches: lock not available (timeout or
 * `NOWAIT`), deadlock, serialization failure, gone, dependent objects (a view), not its owner, a
 * foreign key referencing one of its rows (the detach does not run `ON DELETE` actions; a
 * row-by-row `DELETE` does, or is refused as the key says), object in use, feature not supported.
 */
const LEAVE: ReadonlySet<string> = new Set([
  '55P03',
  '40P01',
  '40001',
  '42P01',
  '2BP01',
  '42501',
  '23503',
  '55006',
  '0A000',
]);

/** Tries at the locks the detach and the drop need, and the pause between two: about 2 × {@link LOCK_TIMEOUT}. */
const DETACH_TRIES = 20;
const DETACH_PAUSE_MS = 25;

/**
 * Every lock the detach and the drop need, never waiting for one while the partition's is held
 * (see the module comment): the parent (`ONLY`), the partition itself (a reader's `ACCESS SHARE`
 * on it) and the default partition (whose constraint the detach changes), each `NOWAIT`. A try
 * that finds one held (a reader's query, another worker's detach) is undone to its savepoint and
 * tried again after a pause, in which this transaction waits for no lock, so it is never part of
 * a deadlock; after the last try the 55P03 leaves the partition to row-by-row batches.
 */
async function lockForDetach(tx: Connection, shape: TableShape, table: Fragment): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await tx.run(sql`SAVEPOINT privkit_detach`);
    try {
      await tx.run(sql`LOCK TABLE ONLY ${shape.table} IN ACCESS EXCLUSIVE MODE NOWAIT`);
      await tx.run(sql`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE NOWAIT`);
      const [fallback] = await tx.rows<{ name: string }>(
        sql`SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_partitioned_table pt
          JOIN pg_class c ON c.oid = pt.partdefid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE pt.partrelid = ${shape.tableName}::regclass`,
      );
      if (fallback !== undefined) await tx.run(sql`LOCK TABLE ${raw(fallback.name)} IN ACCESS EXCLUSIVE MODE NOWAIT`);
      await tx.run(sql`RELEASE SAVEPOINT privkit_detach`);
      return;
    } catch (error) {
      if (sqlState(error) !== '55P03' || attempt >= DETACH_TRIES) throw error;
      await tx.run(sql`ROLLBACK TO SAVEPOINT privkit_detach`);
      await new Promise((resolve) => setTimeout(resolve, DETACH_PAUSE_MS));
    }
  }
}

/**
 * The leaf range partitions of the table that may be entirely due at `now`, oldest first; empty
 * when the table is not partitioned by range on a single column.
 */
export async function candidatePartitions(db: Database, shape: TableShape, now: number): Promise<Partition[]> {
  const at = new Date(now).toISOString();
  const parts = await db.rows<{ oid: string; name: string; keyed: boolean; due: boolean | null }>(
    'partition list',
    sql`WITH parent AS (
        SELECT pt.partrelid, a.attname = ${shape.dueName}::name AS keyed
        FROM pg_partitioned_table pt JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
        WHERE pt.partrelid = ${shape.tableName}::regclass AND pt.partstrat = 'r' AND pt.partnatts = 1),
      leaf AS (
        SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS name, parent.keyed, c.reltuples,
          (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']*)''\\)$'))[1] AS upper_text,
          (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']*)''\\)'))[1] AS lower_text
        FROM parent JOIN pg_inherits i ON i.inhparent = parent.partrelid
          JOIN pg_class c ON c.oid = i.inhrelid AND c.relkind = 'r'
          JOIN pg_namespace n ON n.oid = c.relnamespace)
      SELECT oid::int8::text AS oid, name, keyed,
        CASE WHEN keyed THEN upper_text::timestamptz <= ${at}::timestamptz END AS due
      FROM leaf WHERE upper_text IS NOT NULL AND reltuples <= ${MAX_DROP_ROWS}
      ORDER BY CASE WHEN keyed THEN upper_text::timestamptz END, lower_text, name`,
  );
  const candidates: Partition[] = [];
  for (const p of parts) {
    if (p.keyed) {
      if (p.due === true) candidates.push({ oid: p.oid, name: p.name });
      continue;
    }
    // Partitioned on another column (the time a row was written, say): whether its latest due
    // instant has passed, read through the due column's index.
    const [row] = await db.rows<{ due: boolean | null }>(
      'partition list',
      sql`SELECT max(${shape.due}) <= ${at}::timestamptz AS due FROM ${raw(p.name)}`,
    );
    if (row?.due === true) candidates.push({ oid: p.oid, name: p.name });
  }
  return candidates;
}

/**
 * Drops the next candidate partition whose rows are all due and unheld, logging every id (see
 * the module comment); `undefined` when no candidate is left, so the sweep goes on row by row.
 */
export async function dropPartition(
  db: Database,
  shape: TableShape,
  log: LogTable,
  sweep: PartitionSweep,
  { tenant, now, limit, holds, entries }: SweepBatchRequest,
): Promise<BatchResult | undefined> {
  const free = unheld(shape, holds);
  if (free === undefined) return undefined;
  const aggregate = sweep.csv ? sql`string_agg(${shape.id}::text, ',')` : sql`json_agg(${shape.id}::text)::text`;
  const category = shape.categoryColumn ?? sql`${shape.fixedCategory}::text`;
  for (;;) {
    const part = sweep.candidates.shift();
    if (part === undefined) return undefined;
    const table = raw(part.name);
    let pending: string[] = [];
    let count = 0;
    try {
      const dropped = await db.transaction(async (tx) => {
        // Before any statement takes a snapshot (see the module comment).
        await tx.run(sql`SET TRANSACTION ISOLATION LEVEL READ COMMITTED`);
        await tx.run(sql`SELECT set_config('lock_timeout', ${LOCK_TIMEOUT}, true)`);
        await tx.run(sql`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
        // Still a partition of this table (another worker may have dropped it, and a table of the
        // same name been made since).
        const [attached] = await tx.rows<{ ok: boolean }>(
          sql`SELECT EXISTS (SELECT 1 FROM pg_inherits
            WHERE inhrelid = ${part.oid}::int8::oid AND inhparent = ${shape.tableName}::regclass
              AND inhrelid = ${part.name}::regclass) AS ok`,
        );
        if (attached?.ok !== true) return false;
        // Every row, in bulk: its group's ids, and whether every row of the group may go now.
        const groups = await tx.rows<{
          category: string | null;
          rule: string | null;
          ids: string;
          n: number;
          ok: boolean;
        }>(
          sql`SELECT ${category} AS category, ${shape.rule} AS rule, ${aggregate} AS ids, count(*)::int AS n,
            bool_and(coalesce(${shape.due} <= ${new Date(now).toISOString()}::timestamptz AND ${free}, false)) AS ok
            FROM ${table} GROUP BY 1, 2`,
        );
        if (groups.length === 0) return false;
        // The planner's estimate was stale: too many ids to hold at once.
        if (groups.reduce((n, g) => n + Number(g.n), 0) > MAX_DROP_ROWS) return false;
        const found: DeletedGroup[] = [];
        for (const g of groups) {
          if (g.ok !== true || g.rule === null || g.category === null) return false;
          const ids = sweep.csv ? g.ids.split(',') : (JSON.parse(g.ids) as string[]);
          // As many ids per entry as a row-by-row batch of this sweep logs at most.
          for (let i = 0; i < ids.length; i += limit)
            found.push({ category: g.category, rule: g.rule, ids: ids.slice(i, i + limit) });
          count += Number(g.n);
        }
        const drafts =
          entries.groups?.(found) ??
          entries(found.flatMap((g) => g.ids.map((id): DeletedRow => ({ id, category: g.category, rule: g.rule }))));
        pending = await log.insertPending(tx, tenant, drafts);
        await lockForDetach(tx, shape, table);
        await tx.run(sql`ALTER TABLE ${shape.table} DETACH PARTITION ${table}`);
        await tx.run(sql`DROP TABLE ${table}`);
        return true;
      });
      if (!dropped) {
        log.forget(pending);
        continue;
      }
    } catch (error) {
      // Rolled back: the partition is still attached with every row, and is swept row by row.
      log.forget(pending);
      if (LEAVE.has(sqlState(error) ?? '')) continue;
      throw storeFailure('partition drop', error);
    }
    try {
      return { count, entries: await log.seal(tenant, pending), more: true };
    } catch (error) {
      // Stored, not chained: the next seal reads them back from the table.
      log.forget(pending);
      throw error;
    }
  }
}
