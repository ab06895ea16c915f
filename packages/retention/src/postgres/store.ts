/**
 * @module
 * The PostgreSQL store over one table of the user's: its options, checked strictly, and the
 * store's operations, each built from the parts in this folder (the client, the SQL builder, the
 * log tables, the index-order and heap-order batches, the sweep plan).
 */

import { boolean, nonEmptyString, oneOf, strictObject, strictOptions } from '@privkit/internal/check';
import { requireIdentifier } from '@privkit/internal/pg';
import { raise, raiseShared } from '../errors.js';
import type { BatchResult, DeletedRow, RetentionStore, ScannedRow } from '../store.js';
import { database, type PostgresClient } from './client.js';
import { heapBatch } from './heap-batch.js';
import { indexBatch } from './index-batch.js';
import { logTable } from './log-table.js';
import { dropPartition } from './partitions.js';
import { planSweep, type SweepState } from './plan.js';
import { raw, sql } from './sql.js';
import { categoryOf, type TableShape, unheld } from './table.js';

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
  client: PostgresClient;
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
   *   table. It ends in index order, which deletes the due rows an `UPDATE` moved behind the
   *   pages already read, and falls back to index order for the rest of the sweep when writes to
   *   due rows keep failing its batches on serialization.
   * - `auto` (default): decided at the start of each sweep from the planner's estimate: `heap`
   *   when there are more due rows than pages in the table (and the server is ≥ 14), else `index`.
   */
  scan?: 'auto' | 'index' | 'heap' | undefined;
  /**
   * For a table partitioned by range on a time column (PostgreSQL declarative partitioning, as
   * pg_partman makes it):
   * - `rows` (default): every due row is deleted row by row, as in any table;
   * - `drop`: each sweep first detaches and drops every partition whose rows are all due and
   *   unheld (bounds at or before the sweep's instant when partitioned on the due column; else
   *   the latest due instant in it), every id read in bulk and logged in the same transaction, and
   *   deletes row by row only in the partitions that straddle the instant or hold held rows. The
   *   role sweeping must own the table. A partition it cannot detach or drop (a lock held past
   *   250 ms, a view or a foreign key on it), or of more than 2,000,000 rows, is swept row by row.
   */
  partitions?: 'rows' | 'drop' | undefined;
}

/** Options of {@link PostgresStore.migrate}. */
export interface MigrateOptions {
  /** Also create a partial index on the due column (a sweep without one scans the table for every batch). */
  readonly index?: boolean | undefined;
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
  migrate(options?: MigrateOptions): Promise<void>;
}

const STORE_KEYS = ['client', 'table', 'schema', 'columns', 'category', 'logTable', 'scan', 'partitions'] as const;
const COLUMN_KEYS = ['id', 'dueAt', 'rule', 'category', 'subject'] as const;

/**
 * A retention store over one table of yours.
 *
 * @param options - the client, the table and its columns, where the log lives.
 * @returns the store; call `migrate()` once before the first sweep.
 * @throws {@link RetentionError} `UNKNOWN_KEY` when an option or column key is misspelt.
 * @throws {@link RetentionError} `INVALID_OPTIONS` for a missing client, or a table, schema or column
 *   name that is not a lower-case identifier.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createSweeper } from '@privkit/retention';
 * import { createPostgresStore } from '@privkit/retention/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'] });
 * const tenantKey = new Uint8Array(32); // load the tenant's 32 random bytes from your secret store
 * const store = createPostgresStore({ client: pool, table: 'page_views', columns: { subject: 'visitor_id' } });
 * await store.migrate({ index: true });
 * const sweeper = createSweeper({ store, tenant: 'acme', key: tenantKey, worker: `sweeper-${process.pid}` });
 * await sweeper.sweep();
 * ```
 * @example
 * A table partitioned by day on `due_at` (pg_partman's `create_parent('public.page_views',
 * 'due_at', '1 day')`): partitions whose rows are all due and unheld are detached and dropped,
 * every id logged; the partition that straddles the sweep's instant is swept row by row.
 * ```ts
 * import pg from 'pg';
 * import { createSweeper } from '@privkit/retention';
 * import { createPostgresStore } from '@privkit/retention/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'] });
 * const tenantKey = new Uint8Array(32); // load the tenant's 32 random bytes from your secret store
 * const store = createPostgresStore({ client: pool, table: 'page_views', partitions: 'drop' });
 * await store.migrate({ index: true });
 * const sweeper = createSweeper({ store, tenant: 'acme', key: tenantKey, batchSize: 20_000 });
 * const report = await sweeper.sweep();
 * console.log(report.deleted, (await store.readLog('acme')).length); // every dropped row is in the log
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const o = strictObject(options, STORE_KEYS, 'options', raise, 'INVALID_OPTIONS');
  const client = o['client'] as PostgresClient;
  if (typeof client !== 'object' || client === null || typeof client.query !== 'function')
    throw raise('INVALID_OPTIONS', 'options.client', '"options.client" must have a query(text, params) method');
  const schema = o['schema'] === undefined ? undefined : requireIdentifier(o['schema'], 'options.schema', raiseShared);
  const qualify = (name: string) => (schema === undefined ? `"${name}"` : `"${schema}"."${name}"`);
  const tableName = requireIdentifier(o['table'], 'options.table', raiseShared);
  // The head table and the unchained-entries index append suffixes to the log table's name.
  const logName =
    o['logTable'] === undefined
      ? 'privkit_retention_log'
      : requireIdentifier(o['logTable'], 'options.logTable', raiseShared, 53);
  const c = strictOptions(o['columns'], COLUMN_KEYS, raiseShared, 'options.columns');
  const columnName = (key: string, fallback: string) =>
    c[key] === undefined ? fallback : requireIdentifier(c[key], `options.columns.${key}`, raiseShared);
  const idName = columnName('id', 'id');
  const dueName = columnName('dueAt', 'due_at');
  const categoryName = c['category'] === null ? null : columnName('category', 'category');
  const subjectName = c['subject'] === null ? null : columnName('subject', 'subject');
  const categoryOption =
    o['category'] === undefined
      ? undefined
      : nonEmptyString(o['category'], 'options.category', raise, 'INVALID_OPTIONS');
  if (categoryName === null && categoryOption === undefined)
    throw raise(
      'INVALID_OPTIONS',
      'options.category',
      '"options.category" is required when the table has no category column',
    );
  const scan =
    o['scan'] === undefined
      ? 'auto'
      : oneOf(o['scan'], ['auto', 'index', 'heap'] as const, 'options.scan', raise, 'INVALID_OPTIONS');
  const partitions =
    o['partitions'] === undefined
      ? 'rows'
      : oneOf(o['partitions'], ['rows', 'drop'] as const, 'options.partitions', raise, 'INVALID_OPTIONS');
  const quoted = (name: string) => raw(`"${name}"`);
  const shape: TableShape = {
    table: raw(qualify(tableName)),
    tableName: qualify(tableName),
    idName,
    id: quoted(idName),
    due: quoted(dueName),
    dueName,
    rule: quoted(columnName('rule', 'rule')),
    categoryColumn: categoryName === null ? null : quoted(categoryName),
    fixedCategory: categoryOption ?? '',
    subject: subjectName === null ? null : quoted(subjectName),
  };
  const db = database(client);
  const log = logTable(db, {
    log: qualify(logName),
    head: qualify(`${logName}_head`),
    unchainedIndex: `"${logName}_unchained"`,
  });
  // The state of each sweep in progress, by the sweep's own object (the sweeper makes one per
  // sweep and passes it to every batch of that sweep, from all its lanes).
  const sweeps = new WeakMap<object, { now: number; state: Promise<SweepState> }>();

  return {
    kind: 'postgres',
    table: shape.tableName,
    logTable: qualify(logName),

    async migrate(migrateOptions) {
      const m = strictOptions(migrateOptions, ['index'], raiseShared);
      const withIndex = m['index'] === undefined ? false : boolean(m['index'], 'options.index', raise);
      await log.migrate();
      if (withIndex) {
        const indexName = `"${`${tableName}_${dueName}_idx`.slice(0, 63)}"`;
        await db.rows(
          'migration',
          sql`CREATE INDEX IF NOT EXISTS ${raw(indexName)} ON ${shape.table} (${shape.due})
            WHERE ${shape.due} IS NOT NULL`,
        );
      }
    },

    async sweepBatch(request): Promise<BatchResult> {
      const { tenant, now, sweep } = request;
      if (typeof sweep !== 'object' || sweep === null)
        throw raise('INVALID_ARGUMENT', 'request.sweep', '"request.sweep" must be the object of the sweep');
      let known = sweeps.get(sweep);
      if (known === undefined || known.now !== now) {
        // A new sweep: first chain what a killed worker committed and left unchained.
        known = {
          now,
          state: log.seal(tenant).then(() => planSweep(db, shape, scan, partitions, now, request.holds)),
        };
        sweeps.set(sweep, known);
      }
      const state = await known.state;
      if (state.partitions !== undefined && state.partitions.candidates.length > 0) {
        const dropped = await dropPartition(db, shape, log, state.partitions, request);
        if (dropped !== undefined) return dropped;
      }
      if (state.mode === 'heap' && state.heap !== undefined) {
        const outcome = await heapBatch(db, shape, log, state.heap, request);
        if ('result' in outcome) return outcome.result;
        // The ranges are done, or writes keep failing them: the rest of the sweep in index order.
        state.mode = 'index';
      }
      return indexBatch(db, shape, log, state.index, request);
    },

    async countDue({ now, holds }) {
      const free = unheld(shape, holds);
      const rows = await db.rows<{ rule: string; free: boolean; n: string }>(
        'dry run',
        sql`SELECT ${shape.rule} AS rule, (${free ?? raw('false')}) AS free, count(*)::text AS n FROM ${shape.table}
         WHERE ${shape.due} <= ${new Date(now).toISOString()}::timestamptz AND ${shape.rule} IS NOT NULL GROUP BY 1, 2`,
      );
      const byRule: Record<string, number> = {};
      let held = 0;
      for (const r of rows) {
        if (r.free) byRule[r.rule] = (byRule[r.rule] ?? 0) + Number(r.n);
        else held += Number(r.n);
      }
      return { byRule, held };
    },

    async scan(after, limit): Promise<ScannedRow[]> {
      const where = after === null ? raw('') : sql`WHERE ${shape.table}.${shape.id} > ${after}`;
      return db.rows<ScannedRow>(
        'scan',
        sql`SELECT ${shape.id}::text AS id, ${categoryOf(shape)} AS category, ${shape.rule} AS rule,
          ${shape.subject ?? raw('NULL::text')} AS subject
          FROM ${shape.table} ${where} ORDER BY ${shape.table}.${shape.id} LIMIT ${limit}`,
      );
    },

    async deleteIds({ tenant, ids, holds, entries }): Promise<BatchResult> {
      const free = unheld(shape, holds);
      if (free === undefined || ids.length === 0) return { count: 0, deleted: [], entries: [] };
      return db.labelled('replay batch', async (tx) => {
        const deleted = await tx.rows<DeletedRow>(
          sql`DELETE FROM ${shape.table} WHERE ${shape.id}::text = ANY(${ids}::text[]) AND ${free}
           RETURNING ${shape.id}::text AS id, ${categoryOf(shape)} AS category, coalesce(${shape.rule}, '') AS rule`,
        );
        return {
          count: deleted.length,
          deleted,
          entries: await log.append(tx, tenant, deleted.length === 0 ? [] : entries(deleted)),
        };
      });
    },

    async readLog(tenant, fromSeq = 0) {
      if (!Number.isSafeInteger(fromSeq)) throw raise('INVALID_ARGUMENT', 'fromSeq', '"fromSeq" must be an integer');
      return log.read(tenant, fromSeq);
    },
  };
}
