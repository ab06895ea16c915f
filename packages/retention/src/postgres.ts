/**
 * @module
 * `@privkit/retention/postgres`: the store over your own table in PostgreSQL, through a `pg`
 * Client or Pool, or PGlite (an embedded PostgreSQL, the default when no server is at hand).
 *
 * Your table keeps a `due_at` column (fill it with `schedule(policy, record).dueAt` when you
 * write a row, and again when an event fires) and the deciding `rule`. Each batch is one short
 * transaction:
 *
 * 1. due, unheld rows are claimed with `FOR UPDATE SKIP LOCKED` and deleted by ctid with
 *    `RETURNING`, in one statement: concurrent workers claim disjoint rows and never wait on
 *    each other. When few rows are due the claim follows the `due_at` index; when many are (more
 *    than pages in the table) it reads the table in physical order, one range of pages at a time
 *    (`scan` option);
 * 2. the log head row is locked (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), the entries are
 *    chained onto it and inserted, the head moves;
 * 3. `COMMIT`. A worker killed before it loses nothing: PostgreSQL rolls the batch back and the
 *    rows are due again for the next sweep.
 */

import { RetentionError } from './errors.js';
import { chainEntries, type DeletionLogEntry, GENESIS_HASH, type LogHead } from './log.js';
import type { BatchResult, DeletedRow, EntryBuilder, HoldFilter, RetentionStore, ScannedRow } from './store.js';

/** The part of a query result the store reads. */
export interface PgResult {
  /** The result rows, as objects keyed by column name. */
  rows: unknown[];
}

/** Anything with `pg`'s `query(text, params)`: a `pg` Client, a checked-out pool client, PGlite. */
export interface PgQueryable {
  /** Runs one parameterised statement. */
  query(text: string, params?: unknown[]): Promise<PgResult>;
}

/** A client checked out of a pool. */
export interface PgPoolClient extends PgQueryable {
  /** Returns it to the pool; `true` destroys it instead. */
  release(error?: Error | boolean): void;
}

/** A `pg` Pool: batches check out a client each, so they run as real transactions. */
export interface PgPoolLike extends PgQueryable {
  /** Checks out a client. */
  connect(): Promise<PgPoolClient>;
  /** Present on `pg.Pool`; tells a pool from a client. */
  readonly totalCount: number;
}

/** PGlite: one embedded connection, with its own transaction method. */
export interface PgliteLike extends PgQueryable {
  /** Runs `fn` in a transaction. */
  transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T>;
}

/** Column names of your table. */
export interface PostgresColumns {
  /** The primary key (any type; compared as text in holds). Default `id`. */
  id?: string | undefined;
  /** `timestamptz` due instant, NULL = never due. Default `due_at`. */
  dueAt?: string | undefined;
  /** `text` id of the deciding rule. Default `rule`. */
  rule?: string | undefined;
  /** `text` data category, or null when the table holds one category (give `category`). Default `category`. */
  category?: string | null | undefined;
  /** `text` data subject for holds by subject, or null when there is none. Default `subject`. */
  subject?: string | null | undefined;
}

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** A `pg` Pool (recommended), a dedicated `pg` Client, or PGlite. The store never closes it. */
  client: PgQueryable | PgPoolLike | PgliteLike;
  /** Your table. Lower-case letters, digits and `_`. */
  table: string;
  /** Its schema; default the connection's `search_path`. Same rule. */
  schema?: string | undefined;
  /** Its column names. */
  columns?: PostgresColumns | undefined;
  /** The category of every row, when the table has no category column. */
  category?: string | undefined;
  /** The log table (its head table gets `_head` appended); default `privkit_retention_log`, in `schema`. */
  logTable?: string | undefined;
  /**
   * How batches find due rows:
   * - `index`: in `due_at` order through its index. Each row is a random heap access, so this
   *   suits sweeps where few rows are due (the daily sweep of a large table).
   * - `heap`: the table in physical order, one range of pages at a time (a TID range scan,
   *   PostgreSQL ≥ 14), each row's page read once, as a plain `DELETE` does: several times
   *   faster when many rows are due (a first sweep, a backlog), but each sweep reads the whole
   *   table. Rows updated to a new place in the table during a sweep may wait for the next one.
   * - `auto` (default): decided at the start of each sweep from the planner's estimate: `heap`
   *   when there are more due rows than pages in the table (and the server is ≥ 14), else `index`.
   *
   * A sweep is recognised by the `holds` object of its batch requests: the sweeper passes the
   * same one to every batch of a sweep; a caller driving `sweepBatch` itself must do the same.
   */
  scan?: 'auto' | 'index' | 'heap' | undefined;
}

/** The PostgreSQL store, with its migration. */
export interface PostgresStore extends RetentionStore {
  /** The quoted, qualified data table. */
  readonly table: string;
  /** The quoted, qualified log table. */
  readonly logTable: string;
  /**
   * Creates the log tables if missing, and with `index: true` an index on the due column (a
   * sweep without one scans the table for every batch). Run once at deployment, not from many
   * processes at once.
   */
  migrate(options?: { index?: boolean | undefined }): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Pages one heap-mode statement reads at most (32 MB of 8 KB pages): bounds its time. */
const MAX_SPAN = 4096;
/** A heap-mode batch stops adding page ranges after this long, and commits what it has. */
const FILL_MS = 300;

/** The page ranges still to read in one heap-mode sweep, and the due rows per page seen so far. */
interface HeapSweep {
  /** `[from, to)` page ranges, the next one first. */
  ranges: [number, number][];
  /** Due rows per page, smoothed (sizes the next range). */
  density: number;
}

/** The plan for one sweep: index order, or walking the heap. */
type SweepPlan = { mode: 'index' } | ({ mode: 'heap' } & HeapSweep);

function ident(value: unknown, what: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new RetentionError('INVALID_OPTIONS', `"${what}" must be lower-case letters, digits and _, starting with a letter or _`);
  }
  return `"${value}"`;
}

/**
 * A retention store over one table of yours.
 *
 * @param options - the client, the table and its columns, where the log lives.
 * @returns the store; call `migrate()` once before the first sweep.
 * @throws RetentionError `INVALID_OPTIONS` for a bad table or column name.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createSweeper } from '@privkit/retention';
 * import { createPostgresStore } from '@privkit/retention/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = createPostgresStore({ client: pool, table: 'page_views', columns: { subject: 'visitor_id' } });
 * await store.migrate({ index: true });
 * const sweeper = createSweeper({ store, tenant: 'acme', key: tenantKey, worker: `sweeper-${process.pid}` });
 * await sweeper.sweep();
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { client } = options;
  if (typeof client?.query !== 'function') throw new RetentionError('INVALID_OPTIONS', '"client" must have a query(text, params) method');
  const qualify = (name: string, what: string) => (options.schema === undefined ? ident(name, what) : `${ident(options.schema, 'schema')}.${ident(name, what)}`);
  const table = qualify(options.table, 'table');
  const logName = options.logTable ?? 'privkit_retention_log';
  const log = qualify(logName, 'logTable');
  const head = qualify(`${logName}_head`, 'logTable');
  const c = options.columns ?? {};
  const id = ident(c.id ?? 'id', 'columns.id');
  const due = ident(c.dueAt ?? 'due_at', 'columns.dueAt');
  const rule = ident(c.rule ?? 'rule', 'columns.rule');
  const categoryColumn = c.category === null ? null : ident(c.category ?? 'category', 'columns.category');
  const subject = c.subject === null ? null : ident(c.subject ?? 'subject', 'columns.subject');
  if (categoryColumn === null && (typeof options.category !== 'string' || options.category === '')) {
    throw new RetentionError('INVALID_OPTIONS', '"category" is required when the table has no category column');
  }
  const scanMode = options.scan ?? 'auto';
  if (scanMode !== 'auto' && scanMode !== 'index' && scanMode !== 'heap') throw new RetentionError('INVALID_OPTIONS', '"scan" must be "auto", "index" or "heap"');
  const fixedCategory = options.category ?? '';
  const categoryExpr = categoryColumn ?? '$cat';

  const fail = (label: string, error: unknown): RetentionError => {
    if (error instanceof RetentionError) return error;
    // Errors can echo parameters (ids, subjects) in their detail: keep only the class and SQLSTATE.
    const code = (error as { code?: unknown })?.code;
    const name = error instanceof Error ? error.name : typeof error;
    return new RetentionError('STORE_FAILURE', `PostgreSQL ${label} failed (${name}${typeof code === 'string' ? ` ${code}` : ''})`);
  };

  // Serialises transactions on a single client (a pg Client, or PGlite outside `transaction`),
  // whose statements would otherwise interleave with another batch's.
  let queue: Promise<unknown> = Promise.resolve();
  const transaction = async <T>(label: string, fn: (tx: PgQueryable) => Promise<T>): Promise<T> => {
    if (typeof (client as PgliteLike).transaction === 'function') {
      try {
        return await (client as PgliteLike).transaction(fn);
      } catch (error) {
        throw fail(label, error);
      }
    }
    if (typeof (client as PgPoolLike).connect === 'function' && typeof (client as PgPoolLike).totalCount === 'number') {
      let conn: PgPoolClient | undefined;
      try {
        conn = await (client as PgPoolLike).connect();
        await conn.query('BEGIN');
        const result = await fn(conn);
        await conn.query('COMMIT');
        conn.release();
        return result;
      } catch (error) {
        // Drop the connection rather than reuse one in an unknown transaction state.
        if (conn !== undefined) {
          await conn.query('ROLLBACK').catch(() => {});
          conn.release(true);
        }
        throw fail(label, error);
      }
    }
    const run = queue.then(async () => {
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw fail(label, error);
      }
    });
    queue = run.catch(() => {});
    return run;
  };

  const query = async (label: string, text: string, params: unknown[]) => {
    try {
      return (await client.query(text, params)).rows;
    } catch (error) {
      throw fail(label, error);
    }
  };

  /** `NOT held` as SQL, numbering parameters from `next`. */
  const unheld = (holds: HoldFilter, params: unknown[]): { sql: string; none: boolean } => {
    const parts: string[] = [];
    if (holds.categories.length > 0) {
      if (categoryColumn === null) return { sql: 'false', none: holds.categories.includes(fixedCategory) };
      params.push(holds.categories);
      parts.push(`NOT (${categoryColumn} = ANY($${params.length}::text[]))`);
    }
    if (holds.subjects.length > 0 && subject !== null) {
      params.push(holds.subjects);
      parts.push(`(${subject} IS NULL OR NOT (${subject} = ANY($${params.length}::text[])))`);
    }
    if (holds.records.length > 0) {
      params.push(holds.records);
      parts.push(`NOT (${id}::text = ANY($${params.length}::text[]))`);
    }
    return { sql: parts.length === 0 ? 'true' : parts.join(' AND '), none: false };
  };

  const withCategory = (sql: string, params: unknown[]): string => {
    if (categoryColumn !== null) return sql;
    params.push(fixedCategory);
    return sql.replaceAll('$cat', `$${params.length}::text`);
  };

  /** Locks the tenant's head, chains the entries onto it, inserts them, moves the head. */
  const appendLog = async (tx: PgQueryable, tenant: string, deleted: DeletedRow[], build: EntryBuilder): Promise<DeletionLogEntry[]> => {
    if (deleted.length === 0) return [];
    // Hash the ids before taking the head lock: only the append itself is serialised.
    const drafts = build(deleted);
    // The no-op upsert takes the row lock and returns the current head in one round trip;
    // concurrent workers queue here only for the few milliseconds until their commit.
    const [row] = (await tx.query(
      `INSERT INTO ${head} (tenant, seq, hash) VALUES ($1, -1, $2) ON CONFLICT (tenant) DO UPDATE SET tenant = EXCLUDED.tenant RETURNING seq::text AS seq, hash`,
      [tenant, GENESIS_HASH],
    )).rows as { seq: string; hash: string }[];
    const current: LogHead = { seq: Number(row?.seq), hash: row?.hash as string };
    const { entries } = chainEntries(current, drafts);
    const last = entries.at(-1);
    if (last === undefined) return entries;
    // One round trip: the entries and the new head together.
    await tx.query(
      `WITH appended AS (INSERT INTO ${log} (tenant, seq, hash, entry) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[]))
       UPDATE ${head} SET seq = $5, hash = $6 WHERE tenant = $1`,
      [tenant, entries.map((e) => e.seq), entries.map((e) => e.hash), entries.map((e) => JSON.stringify(e)), last.seq, last.hash],
    );
    return entries;
  };

  const toDeleted = (rows: unknown[]): DeletedRow[] => rows as DeletedRow[];

  // The plan of the sweep in progress, per hold filter (the sweeper makes one per sweep and
  // passes it to every batch of that sweep, from all its lanes).
  const plans = new WeakMap<HoldFilter, { now: number; plan: Promise<SweepPlan> }>();

  /** The next page range of a heap sweep, sized to hold about `want` due rows. */
  const takeRange = (sweep: HeapSweep, want: number): [number, number] | undefined => {
    const next = sweep.ranges[0];
    if (next === undefined) return undefined;
    const span = Math.min(MAX_SPAN, Math.max(8, Math.ceil((want * 1.25) / Math.max(sweep.density, want / MAX_SPAN))));
    const from = next[0];
    const to = Math.min(next[1], from + span);
    if (to >= next[1]) sweep.ranges.shift();
    else next[0] = to;
    return [from, to];
  };

  /** Index or heap order for this sweep, and for heap order the ranges to read. */
  const planSweep = async (params: readonly unknown[], where: string): Promise<SweepPlan> => {
    if (scanMode === 'index') return { mode: 'index' };
    const [info] = (await query(
      'sweep plan',
      `SELECT pg_relation_size('${table.replaceAll("'", "''")}'::regclass) / current_setting('block_size')::int AS pages,
         current_setting('server_version_num')::int AS version`,
      [],
    )) as { pages: string | number; version: number }[];
    const pages = Number(info?.pages ?? 0);
    let estimate = pages; // a guess for `heap` mode: one due row per page
    if (scanMode === 'auto') {
      if (Number(info?.version) < 140000 || pages === 0) return { mode: 'index' };
      try {
        // The same filter; `LIMIT NULL` is no limit, so the estimate is of every due row.
        const explainParams = [...params];
        explainParams[1] = null;
        const sql = `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} WHERE ${due} <= $1::timestamptz AND ${rule} IS NOT NULL AND ${where} LIMIT $2::bigint`;
        const [row] = (await query('sweep plan', sql, explainParams)) as { 'QUERY PLAN': unknown }[];
        const raw = row?.['QUERY PLAN'];
        const json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[];
        estimate = Number(json[0]?.Plan?.['Plan Rows'] ?? 0);
      } catch {
        return { mode: 'index' };
      }
      if (!(estimate > pages)) return { mode: 'index' };
    }
    // Start at a random page and wrap around, so workers sweeping at once spread over the table.
    const start = Math.floor(Math.random() * pages);
    const ranges: [number, number][] = [[start, pages]];
    if (start > 0) ranges.push([0, start]);
    return { mode: 'heap', ranges, density: Math.max(estimate / pages, 1) };
  };

  return {
    kind: 'postgres',
    table,
    logTable: log,
    async migrate(migrateOptions = {}) {
      await query('migration', `CREATE TABLE IF NOT EXISTS ${log} (tenant text NOT NULL, seq bigint NOT NULL, hash text NOT NULL, entry text NOT NULL, PRIMARY KEY (tenant, seq))`, []);
      // Entries are hex hashes, which do not compress: store them out of line uncompressed
      // rather than spend each batch's commit compressing them.
      await query('migration', `ALTER TABLE ${log} ALTER COLUMN entry SET STORAGE EXTERNAL`, []);
      await query('migration', `CREATE TABLE IF NOT EXISTS ${head} (tenant text PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL)`, []);
      if (migrateOptions.index === true) {
        const indexName = ident(`${options.table}_${c.dueAt ?? 'due_at'}_idx`.slice(0, 63), 'index');
        await query('migration', `CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} (${due}) WHERE ${due} IS NOT NULL`, []);
      }
    },

    async sweepBatch({ tenant, now, limit, holds, entries }): Promise<BatchResult> {
      const params: unknown[] = [new Date(now).toISOString(), limit];
      const filter = unheld(holds, params);
      if (filter.none) return { deleted: [], entries: [] };
      let plan = plans.get(holds);
      if (plan === undefined || plan.now !== now) {
        plan = { now, plan: planSweep(params, filter.sql) };
        plans.set(holds, plan);
      }
      const sweep = await plan.plan;
      if (sweep.mode === 'index') {
        const sql = withCategory(
          `WITH batch AS (
             SELECT ctid FROM ${table}
             WHERE ${due} <= $1::timestamptz AND ${rule} IS NOT NULL AND ${filter.sql}
             ORDER BY ${due} LIMIT $2 FOR UPDATE SKIP LOCKED)
           DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM batch))
           RETURNING ${id}::text AS id, ${categoryExpr} AS category, ${rule} AS rule`,
          params,
        );
        return transaction('sweep batch', async (tx) => {
          const deleted = toDeleted((await tx.query(sql, params)).rows);
          return { deleted, entries: await appendLog(tx, tenant, deleted, entries) };
        });
      }
      // Heap order: claim up to `limit` due rows from one range of pages after another, in this
      // transaction, until the batch is full (or the table read, or FILL_MS spent).
      if (sweep.ranges.length === 0) return { deleted: [], entries: [], more: false };
      const sql = withCategory(
        `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM ${table}
           WHERE ctid >= $from::tid AND ctid < $to::tid AND ${due} <= $1::timestamptz AND ${rule} IS NOT NULL AND ${filter.sql}
           LIMIT $2 FOR UPDATE SKIP LOCKED))
         RETURNING ${id}::text AS id, ${categoryExpr} AS category, ${rule} AS rule, ctid::text AS tid`,
        params,
      )
        .replace('$from', `$${params.length + 1}`)
        .replace('$to', `$${params.length + 2}`);
      return transaction('sweep batch', async (tx) => {
        const started = Date.now();
        let deleted: DeletedRow[] = [];
        while (deleted.length < limit && Date.now() - started < FILL_MS) {
          const want = limit - deleted.length;
          const range = takeRange(sweep, want);
          if (range === undefined) break;
          const [from, to] = range;
          const args = [...params];
          args[1] = want;
          args.push(`(${from},0)`, `(${to},0)`);
          const rows = (await tx.query(sql, args)).rows as (DeletedRow & { tid?: string })[];
          let read = to - from;
          if (rows.length >= want) {
            // The range is not finished: rows come in page order, so go on from the last page.
            let last = from;
            for (const r of rows) last = Math.max(last, Number.parseInt((r.tid as string).slice(1), 10));
            if (last < to) sweep.ranges.unshift([last, to]);
            read = last - from + 1;
          }
          sweep.density = (sweep.density + rows.length / read) / 2;
          deleted = deleted.length === 0 ? rows : deleted.concat(rows);
        }
        return { deleted, entries: await appendLog(tx, tenant, deleted, entries), more: sweep.ranges.length > 0 };
      });
    },

    async countDue({ now, holds }) {
      const params: unknown[] = [new Date(now).toISOString()];
      const filter = unheld(holds, params);
      const rows = (await query(
        'dry run',
        `SELECT ${rule} AS rule, (${filter.none ? 'false' : filter.sql}) AS free, count(*)::text AS n FROM ${table}
         WHERE ${due} <= $1::timestamptz AND ${rule} IS NOT NULL GROUP BY 1, 2`,
        params,
      )) as { rule: string; free: boolean; n: string }[];
      const byRule: Record<string, number> = {};
      let held = 0;
      for (const r of rows) {
        if (r.free) byRule[r.rule] = (byRule[r.rule] ?? 0) + Number(r.n);
        else held += Number(r.n);
      }
      return { byRule, held };
    },

    async scan(after, limit): Promise<ScannedRow[]> {
      const params: unknown[] = [limit];
      let where = '';
      if (after !== null) {
        params.push(after);
        where = `WHERE ${table}.${id} > $2`;
      }
      const sql = withCategory(
        `SELECT ${id}::text AS id, ${categoryExpr} AS category, ${rule} AS rule, ${subject ?? 'NULL::text'} AS subject FROM ${table} ${where} ORDER BY ${table}.${id} LIMIT $1`,
        params,
      );
      return (await query('scan', sql, params)) as ScannedRow[];
    },

    async deleteIds({ tenant, ids, holds, entries }): Promise<BatchResult> {
      const params: unknown[] = [ids];
      const filter = unheld(holds, params);
      if (filter.none || ids.length === 0) return { deleted: [], entries: [] };
      const sql = withCategory(
        `DELETE FROM ${table} WHERE ${id}::text = ANY($1::text[]) AND ${filter.sql}
         RETURNING ${id}::text AS id, ${categoryExpr} AS category, coalesce(${rule}, '') AS rule`,
        params,
      );
      return transaction('replay batch', async (tx) => {
        const deleted = toDeleted((await tx.query(sql, params)).rows);
        return { deleted, entries: await appendLog(tx, tenant, deleted, entries) };
      });
    },

    async readLog(tenant, fromSeq = 0) {
      const rows = (await query('log read', `SELECT entry FROM ${log} WHERE tenant = $1 AND seq >= $2 ORDER BY seq`, [tenant, fromSeq])) as { entry: string }[];
      return rows.map((r) => JSON.parse(r.entry) as DeletionLogEntry);
    },
  };
}
