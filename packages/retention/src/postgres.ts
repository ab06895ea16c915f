/**
 * @module
 * `@privkit/retention/postgres`: the store over your own table in PostgreSQL, through a `pg`
 * Client or Pool, or PGlite (an embedded PostgreSQL, the default when no server is at hand).
 *
 * Your table keeps a `due_at` column (fill it with `schedule(policy, record).dueAt` when you
 * write a row, and again when an event fires) and the deciding `rule`. Each batch is one short
 * transaction:
 *
 * 1. `SELECT ctid … WHERE due_at <= $now AND <not held> ORDER BY due_at LIMIT n FOR UPDATE SKIP
 *    LOCKED`, deleted by ctid with `RETURNING`: concurrent workers claim disjoint rows and never
 *    wait on each other;
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

  return {
    kind: 'postgres',
    table,
    logTable: log,
    async migrate(migrateOptions = {}) {
      await query('migration', `CREATE TABLE IF NOT EXISTS ${log} (tenant text NOT NULL, seq bigint NOT NULL, hash text NOT NULL, entry text NOT NULL, PRIMARY KEY (tenant, seq))`, []);
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
