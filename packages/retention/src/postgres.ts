/**
 * @module
 * `@privkit/retention/postgres`: the store over your own table in PostgreSQL, through a `pg`
 * Client or Pool, or PGlite (an embedded PostgreSQL, the default when no server is at hand).
 *
 * Your table keeps a `due_at` column (fill it with `schedule(policy, record).dueAt` when you
 * write a row, and again when an event fires) and the deciding `rule`. Each batch is one short
 * transaction that deletes at most `limit` rows and logs exactly those:
 *
 * - when few rows are due (`index` scan), due, unheld rows are claimed in `due_at` order with
 *   `FOR UPDATE SKIP LOCKED` and deleted by ctid with `RETURNING`, in one statement; then the log
 *   head row is locked (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), the entries are chained
 *   onto it and inserted, the head moves, and the batch commits;
 * - when many are (`heap` scan: more due rows than pages in the table), the batch runs under one
 *   REPEATABLE READ snapshot. It claims a range of pages with a transaction-scoped advisory lock
 *   per 64 pages and reads the due, unheld ids there as one aggregated string per category and
 *   rule (a TID range scan, reading each page once as a plain `DELETE` does). It then deletes
 *   exactly those rows with a `DELETE` over the same pages and filter; a row changed since the
 *   snapshot is a serialization failure and the batch is retried. The entries are stored
 *   unchained and the batch commits without touching the log head, so batches never wait on
 *   each other. A second short transaction then chains them onto the head. A row lock held by
 *   your application delays a batch by 250 ms at most, then the batch is rolled back and
 *   retried (four tries, then `STORE_FAILURE` with SQLSTATE 55P03).
 *
 * A worker killed at any point loses nothing: PostgreSQL rolls the open batch back and its rows
 * are due again for the next sweep. Entries committed but not yet chained (killed between the
 * two transactions) are chained by the next sweep's first batch, or by `readLog`.
 */

import { boolean, nonEmptyString, oneOf, strictObject, strictOptions } from '@privkit/internal/check';
import { requireIdentifier } from '@privkit/internal/pg';

export { RetentionError } from './errors.js';

import { RetentionError, raise, raiseShared } from './errors.js';
import { canonicalText, chainEntriesFast, draftBody, entryLine, entryOf, sha256Hex } from './internal/chain.js';
import { type DeletionDraft, type DeletionLogEntry, GENESIS_HASH, type LogHead } from './log.js';
import type {
  BatchResult,
  DeletedGroup,
  DeletedRow,
  HoldFilter,
  RetentionStore,
  ScannedRow,
  SweepBatchRequest,
} from './store.js';

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

const STORE_KEYS = ['client', 'table', 'schema', 'columns', 'category', 'logTable', 'scan'] as const;
const COLUMN_KEYS = ['id', 'dueAt', 'rule', 'category', 'subject'] as const;

/** Pages one heap-mode round reads at most (32 MB of 8 KB pages): bounds its time. */
const MAX_SPAN = 4096;
/** Pages per advisory lock: a heap-mode batch locks every such unit of pages it reads. */
const CHUNK = 64;
/** A heap-mode batch stops adding page ranges after this long, and commits what it has. */
const FILL_MS = 300;
/**
 * A heap-mode `DELETE` waits this long at most for a row lock someone else holds (your
 * application's transaction, an index-mode batch), then gives the batch back to be retried:
 * no batch outlives a stuck transaction of yours.
 */
const LOCK_TIMEOUT = '250ms';
/** Attempts of one heap-mode batch that meets a deadlock or a lock timeout. */
const ATTEMPTS = 4;
/** SQLSTATEs after which a heap-mode batch is rolled back and tried again: serialization failure, deadlock, lock timeout. */
const RETRYABLE = new Set(['40001', '40P01', '55P03']);
/** Id column types whose text form never contains a comma: their ids come back comma-joined. */
const PLAIN_IDS = new Set(['smallint', 'integer', 'bigint', 'uuid', 'numeric']);

/** The page ranges still to read in one heap-mode sweep, and the due rows per page seen so far. */
interface HeapSweep {
  /**
   * Page ranges, the next one first; `start` is 0 but for the rest of a range a batch ended in
   * (the first item of its first page still to read: the earlier rows are gone).
   */
  ranges: PageRange[];
  /** Due rows per page, smoothed (sizes the next range). */
  density: number;
  /** Lock units held by this process's batches in flight (its other lanes leave them alone). */
  busy: Set<number>;
  /** Whether ids come back comma-joined (integer and uuid keys) or as a JSON array. */
  csv: boolean;
  /** The advisory lock namespace of this table (first key of the two-key form). */
  lockKey: number;
  /** Batches waiting for a lane of this process to give its lock units back. */
  waiting: (() => void)[];
  /** The category and rule of every due row of the last range read, when they had one. */
  uniform?: { category: string; rule: string } | undefined;
}

/** Pages `[from, to)`, from item `start` of page `from` on. */
type PageRange = [from: number, to: number, start: number];

/** Where an entry sits in its tenant's chain. */
interface ChainPosition {
  seq: number;
  prev: string;
  hash: string;
}

/** An entry a heap-order batch stored unchained: its draft, sorted ids and body, then its place. */
interface Unchained {
  draft: DeletionDraft;
  ids: string[];
  body: string;
  position?: ChainPosition | undefined;
}

/** The plan for one sweep: index order, or walking the heap. */
type SweepPlan = { mode: 'index' } | ({ mode: 'heap' } & HeapSweep);

/** One group of rows read in a heap round: a category and rule, and their ids. */
interface HeapGroup {
  /** The category. */
  category: string;
  rule: string;
  ids: string;
  n: number;
  last: string;
}

/** 32-bit FNV-1a of a string, as a signed int4 (an advisory lock key). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The page of a tid's text form `(page,item)`. */
const pageOf = (tid: string): number => Number.parseInt(tid.slice(1), 10);

/** Compares two tids' text forms in physical order. */
function tidAfter(a: string, b: string): boolean {
  const pa = pageOf(a);
  const pb = pageOf(b);
  return pa !== pb
    ? pa > pb
    : Number.parseInt(a.slice(a.indexOf(',') + 1), 10) > Number.parseInt(b.slice(b.indexOf(',') + 1), 10);
}

/** A heap-mode statement's parameters: the shared ones with `$2` set, then its own. */
function bind(shared: readonly unknown[], second: unknown, ...own: unknown[]): unknown[] {
  const args = [...shared, ...own];
  args[1] = second;
  return args;
}

const sqlState = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * A retention store over one table of yours.
 *
 * @param options - the client, the table and its columns, where the log lives.
 * @returns the store; call `migrate()` once before the first sweep.
 * @throws {@link RetentionError} `UNKNOWN_KEY` when an option or column key is misspelt.
 * @throws {@link RetentionError} `INVALID_OPTIONS` for a missing client, or a table, schema or column name that is not a lower-case identifier.
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
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const o = strictObject(options, STORE_KEYS, 'options', raise, 'INVALID_OPTIONS');
  const client = o['client'] as PostgresStoreOptions['client'];
  if (typeof client !== 'object' || client === null || typeof client.query !== 'function')
    throw raise('INVALID_OPTIONS', 'options.client', '"options.client" must have a query(text, params) method');
  const schemaName =
    o['schema'] === undefined ? undefined : requireIdentifier(o['schema'], 'options.schema', raiseShared);
  const qualify = (name: string) => (schemaName === undefined ? `"${name}"` : `"${schemaName}"."${name}"`);
  const tableName = requireIdentifier(o['table'], 'options.table', raiseShared);
  const table = qualify(tableName);
  // The head table and the unchained-entries index append suffixes to the log table's name.
  const logName =
    o['logTable'] === undefined
      ? 'privkit_retention_log'
      : requireIdentifier(o['logTable'], 'options.logTable', raiseShared, 53);
  const log = qualify(logName);
  const head = qualify(`${logName}_head`);
  const c = strictOptions(o['columns'], COLUMN_KEYS, raiseShared, 'options.columns');
  const column = (key: string, fallback: string) =>
    `"${c[key] === undefined ? fallback : requireIdentifier(c[key], `options.columns.${key}`, raiseShared)}"`;
  const idName = c['id'] === undefined ? 'id' : requireIdentifier(c['id'], 'options.columns.id', raiseShared);
  const id = `"${idName}"`;
  const dueName =
    c['dueAt'] === undefined ? 'due_at' : requireIdentifier(c['dueAt'], 'options.columns.dueAt', raiseShared);
  const due = `"${dueName}"`;
  const rule = column('rule', 'rule');
  const categoryColumn = c['category'] === null ? null : column('category', 'category');
  const subject = c['subject'] === null ? null : column('subject', 'subject');
  const categoryOption =
    o['category'] === undefined
      ? undefined
      : nonEmptyString(o['category'], 'options.category', raise, 'INVALID_OPTIONS');
  if (categoryColumn === null && categoryOption === undefined) {
    throw raise(
      'INVALID_OPTIONS',
      'options.category',
      '"options.category" is required when the table has no category column',
    );
  }
  const scanMode =
    o['scan'] === undefined
      ? 'auto'
      : oneOf(o['scan'], ['auto', 'index', 'heap'], 'options.scan', raise, 'INVALID_OPTIONS');
  const fixedCategory = categoryOption ?? '';
  const categoryExpr = categoryColumn ?? '$cat';

  const fail = (label: string, error: unknown): RetentionError => {
    if (error instanceof RetentionError) return error;
    // Errors can echo parameters (ids, subjects) in their detail: keep only the class and SQLSTATE.
    const code = (error as { code?: unknown })?.code;
    const name = error instanceof Error ? error.name : typeof error;
    return new RetentionError(
      'STORE_FAILURE',
      `PostgreSQL ${label} failed (${name}${typeof code === 'string' ? ` ${code}` : ''})`,
      { cause: error },
    );
  };

  // Serialises transactions on a single client (a pg Client, or PGlite outside `transaction`),
  // whose statements would otherwise interleave with another batch's.
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `fn` in a transaction; errors come back as the driver raised them. */
  const runTransaction = async <T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T> => {
    if (typeof (client as PgliteLike).transaction === 'function') return (client as PgliteLike).transaction(fn);
    if (typeof (client as PgPoolLike).connect === 'function' && typeof (client as PgPoolLike).totalCount === 'number') {
      const conn = await (client as PgPoolLike).connect();
      try {
        await conn.query('BEGIN');
        const result = await fn(conn);
        await conn.query('COMMIT');
        conn.release();
        return result;
      } catch (error) {
        // Drop the connection rather than reuse one in an unknown transaction state.
        await conn.query('ROLLBACK').catch(() => {});
        conn.release(true);
        throw error;
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
        throw error;
      }
    });
    queue = run.catch(() => {});
    return run;
  };
  const transaction = async <T>(label: string, fn: (tx: PgQueryable) => Promise<T>): Promise<T> => {
    try {
      return await runTransaction(fn);
    } catch (error) {
      throw fail(label, error);
    }
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
      // A table of one category is held whole, or not at all.
      if (categoryColumn === null) {
        if (holds.categories.includes(fixedCategory)) return { sql: 'false', none: true };
      } else {
        params.push(holds.categories);
        parts.push(`NOT (${categoryColumn} = ANY($${params.length}::text[]))`);
      }
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

  /** Locks the tenant's log head (creating it at genesis) and returns it. */
  const lockHead = async (tx: PgQueryable, tenant: string): Promise<LogHead> => {
    // The no-op upsert takes the row lock and returns the current head in one round trip.
    const [row] = (
      await tx.query(
        `INSERT INTO ${head} (tenant, seq, hash) VALUES ($1, -1, $2) ON CONFLICT (tenant) DO UPDATE SET tenant = EXCLUDED.tenant RETURNING seq::text AS seq, hash`,
        [tenant, GENESIS_HASH],
      )
    ).rows as { seq: string; hash: string }[];
    return { seq: Number(row?.seq), hash: row?.hash as string };
  };

  /** Locks the tenant's head, chains the drafts onto it, inserts the entries, moves the head. */
  const appendLog = async (tx: PgQueryable, tenant: string, drafts: DeletionDraft[]): Promise<DeletionLogEntry[]> => {
    if (drafts.length === 0) return [];
    // Concurrent workers queue on the head only until their commit, so the ids are hashed before
    // it, and the entries' hashes under it take WebCrypto's native SHA-256.
    const { chained, head: next } = await chainEntriesFast(await lockHead(tx, tenant), drafts);
    // One round trip: the entries and the new head together. Each entry is its own parameter,
    // not an element of a text[] (a 175 KB array literal costs both sides a character-by-character
    // escape and parse: measured, it more than doubled the append).
    const params: unknown[] = [tenant, next.seq, next.hash];
    const rows = chained.map(({ entry, body }) => {
      params.push(entry.seq, entry.prev, entry.hash, body);
      const p = params.length;
      return `($1, $${p - 3}::bigint, $${p - 2}, $${p - 1}, $${p})`;
    });
    await tx.query(
      `WITH appended AS (INSERT INTO ${log} (tenant, seq, prev, hash, body) VALUES ${rows.join(', ')})
       UPDATE ${head} SET seq = $2, hash = $3 WHERE tenant = $1`,
      params,
    );
    return chained.map((c) => c.entry);
  };

  /**
   * Entries this process's batches stored unchained, by `pending` id, until their batch has
   * them chained: draft and body (so a seal need not read them back), and the place in the
   * chain once a seal (their own batch's, or a sibling lane's) gave them one.
   */
  const unsealed = new Map<string, Unchained>();

  /** Inserts the drafts as unchained entries and records them in `unsealed`; returns their ids. */
  const insertPending = async (tx: PgQueryable, tenant: string, drafts: DeletionDraft[]): Promise<string[]> => {
    const bodies: Unchained[] = drafts.map((draft) => ({ draft, ...draftBody(draft) }));
    const params: unknown[] = [tenant];
    const rows = bodies.map(({ body }) => {
      params.push(body);
      return `($1, $${params.length})`;
    });
    const inserted = (
      await tx.query(
        `INSERT INTO ${log} (tenant, body) VALUES ${rows.join(', ')} RETURNING pending::text AS pending`,
        params,
      )
    ).rows as { pending: string }[];
    const pending = inserted.map((r) => r.pending);
    for (const [i, p] of pending.entries()) unsealed.set(p, bodies[i] as Unchained);
    return pending;
  };

  /**
   * Chains every pending entry of the tenant onto the head, in the order they were inserted:
   * this process's own from memory, any other (a killed worker's, another process's not yet
   * sealed) read back. Returns the entries of `own` once chained, by whichever seal did it.
   */
  const seal = async (tenant: string, own: readonly string[] = []): Promise<DeletionLogEntry[]> => {
    if (own.length === 0) {
      // Nothing of ours: look before taking the head's lock (which writes a row version).
      const any = await query('log seal', `SELECT 1 AS one FROM ${log} WHERE tenant = $1 AND seq IS NULL LIMIT 1`, [
        tenant,
      ]);
      if (any.length === 0) return [];
    }
    const positions = await transaction('log seal', async (tx) => {
      const current = await lockHead(tx, tenant);
      const pending = (
        (
          await tx.query(
            `SELECT pending::text AS pending FROM ${log} WHERE tenant = $1 AND seq IS NULL ORDER BY pending`,
            [tenant],
          )
        ).rows as { pending: string }[]
      ).map((r) => r.pending);
      const positions: [string, ChainPosition][] = [];
      if (pending.length === 0) return positions;
      const missing = pending.filter((p) => !unsealed.has(p));
      const bodies = new Map<string, string>();
      if (missing.length > 0) {
        const rows = (
          await tx.query(`SELECT pending::text AS pending, body FROM ${log} WHERE pending = ANY($1::bigint[])`, [
            missing,
          ])
        ).rows as { pending: string; body: string }[];
        for (const r of rows) bodies.set(r.pending, r.body);
      }
      let { seq, hash } = current;
      const params: unknown[] = [tenant];
      const values: string[] = [];
      for (const p of pending) {
        const body = unsealed.get(p)?.body ?? bodies.get(p);
        if (body === undefined)
          throw new RetentionError('STORE_FAILURE', 'a pending log entry disappeared while it was being chained');
        const prev = hash;
        seq++;
        hash = await sha256Hex(canonicalText(seq, prev, body));
        params.push(p, seq, prev, hash);
        const n = params.length;
        values.push(`($${n - 3}::bigint, $${n - 2}::bigint, $${n - 1}, $${n})`);
        positions.push([p, { seq, prev, hash }]);
      }
      params.push(seq, hash);
      const n = params.length;
      await tx.query(
        `WITH chained AS (
           UPDATE ${log} AS l SET seq = v.seq, prev = v.prev, hash = v.hash
           FROM (VALUES ${values.join(', ')}) AS v(pending, seq, prev, hash)
           WHERE l.pending = v.pending AND l.seq IS NULL)
         UPDATE ${head} SET seq = $${n - 1}, hash = $${n} WHERE tenant = $1`,
        params,
      );
      return positions;
    });
    // Committed: the places of this process's entries, for the batches they belong to.
    for (const [p, position] of positions) {
      const mine = unsealed.get(p);
      if (mine !== undefined) mine.position = position;
    }
    const elsewhere = own.filter((p) => unsealed.get(p)?.position === undefined);
    if (elsewhere.length > 0) {
      // Chained by another process's seal in the meantime.
      const rows = (await query(
        'log seal',
        `SELECT pending::text AS pending, seq::text AS seq, prev, hash FROM ${log} WHERE pending = ANY($1::bigint[]) AND seq IS NOT NULL`,
        [elsewhere],
      )) as {
        pending: string;
        seq: string;
        prev: string;
        hash: string;
      }[];
      for (const r of rows) {
        const mine = unsealed.get(r.pending);
        if (mine !== undefined) mine.position = { seq: Number(r.seq), prev: r.prev, hash: r.hash };
      }
    }
    const entries: DeletionLogEntry[] = [];
    for (const p of own) {
      const mine = unsealed.get(p);
      unsealed.delete(p);
      const at = mine?.position;
      if (mine === undefined || at === undefined)
        throw new RetentionError(
          'STORE_FAILURE',
          'a committed log entry was not chained; the next sweep or readLog chains it',
        );
      entries.push(entryOf(mine.draft, mine.ids, at.seq, at.prev, at.hash));
    }
    return entries;
  };

  const toDeleted = (rows: unknown[]): DeletedRow[] => rows as DeletedRow[];

  // The plan of the sweep in progress, per hold filter (the sweeper makes one per sweep and
  // passes it to every batch of that sweep, from all its lanes).
  const plans = new WeakMap<HoldFilter, { now: number; plan: Promise<SweepPlan> }>();

  /**
   * The next page range of a heap sweep, sized to hold about `want` due rows and ending on a lock
   * unit's boundary, skipping units another lane of this process is reading.
   */
  const takeRange = (sweep: HeapSweep, want: number): PageRange | undefined => {
    for (let i = 0; i < sweep.ranges.length; i++) {
      const next = sweep.ranges[i] as PageRange;
      const start = next[2];
      if (sweep.busy.has(Math.floor(next[0] / CHUNK))) continue;
      const span = Math.min(MAX_SPAN, Math.max(8, Math.ceil((want * 1.25) / Math.max(sweep.density, want / MAX_SPAN))));
      const from = next[0];
      let to = Math.min(next[1], Math.ceil((from + span) / CHUNK) * CHUNK);
      // Stop before a unit that another lane holds.
      for (let unit = Math.floor(from / CHUNK) + 1; unit * CHUNK < to; unit++) {
        if (sweep.busy.has(unit)) {
          to = unit * CHUNK;
          break;
        }
      }
      if (to >= next[1]) sweep.ranges.splice(i, 1);
      else {
        next[0] = to;
        next[2] = 0;
      }
      return [from, to, start];
    }
    return undefined;
  };

  /** Lock units of the pages `[from, to)`. */
  const unitsOf = (from: number, to: number): number[] => {
    const units: number[] = [];
    for (let unit = Math.floor(from / CHUNK); unit * CHUNK < to; unit++) units.push(unit);
    return units;
  };

  /** Index or heap order for this sweep, and for heap order the ranges to read. */
  const planSweep = async (params: readonly unknown[], where: string): Promise<SweepPlan> => {
    if (scanMode === 'index') return { mode: 'index' };
    const regclass = `'${table.replaceAll("'", "''")}'::regclass`;
    const [info] = (await query(
      'sweep plan',
      `SELECT pg_relation_size(${regclass}) / current_setting('block_size')::int AS pages,
         current_setting('server_version_num')::int AS version,
         (SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = ${regclass} AND attname = $1) AS id_type`,
      [idName],
    )) as { pages: string | number; version: number; id_type: string | null }[];
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
    // Start at a random lock unit and wrap around, so workers sweeping at once spread over the table.
    const start = Math.floor(Math.random() * Math.ceil(pages / CHUNK)) * CHUNK;
    const ranges: PageRange[] = [[start, pages, 0]];
    if (start > 0) ranges.push([0, start, 0]);
    return {
      mode: 'heap',
      ranges,
      density: Math.max(estimate / pages, 1),
      busy: new Set(),
      waiting: [],
      csv: PLAIN_IDS.has(String(info?.id_type)),
      lockKey: fnv1a(`privkit/retention:${table}`),
    };
  };

  /** Resolves when a batch of this sweep gives its lock units back. */
  const released = (sweep: HeapSweep): Promise<void> =>
    new Promise((resolve) => {
      sweep.waiting.push(resolve);
    });

  /**
   * One heap-mode batch, in one REPEATABLE READ transaction: page range after page range (each
   * locked, its due, unheld ids read, then those rows deleted) until `limit` rows, the end of the
   * table or FILL_MS; the entries are inserted unchained and the batch commits; then a short
   * second transaction chains them onto the log head. Retried on a serialization failure,
   * deadlock or lock timeout.
   */
  const sweepHeap = async (
    sweep: HeapSweep,
    { tenant, now, limit, holds, entries }: SweepBatchRequest,
  ): Promise<BatchResult> => {
    // $1 the instant, $2 the limit (read) or the last row's tid (delete), then the holds.
    const params: unknown[] = [new Date(now).toISOString(), limit];
    const filter = unheld(holds, params);
    const where = `${due} <= $1::timestamptz AND ${rule} IS NOT NULL AND ${filter.sql}`;
    // Integer and uuid ids are comma-joined; any other id type comes back as a JSON array.
    const aggregate = sweep.csv ? "string_agg(id, ',')" : 'json_agg(id)::text';
    const readParams = [...params];
    // The due, unheld rows of the page range [$from, $to), the first $2 of them in physical
    // order, as one aggregated string of ids per category and rule (not a row per id).
    const readSql = withCategory(
      `SELECT category, rule, ${aggregate} AS ids, count(*)::int AS n, max(tid)::text AS last FROM (
         SELECT ${id}::text AS id, ${categoryExpr} AS category, ${rule} AS rule, ctid AS tid FROM ${table}
         WHERE ctid >= $from::tid AND ctid < $to::tid AND ${where} LIMIT $2::bigint) AS due
       GROUP BY 1, 2`,
      readParams,
    )
      .replaceAll('$from', `$${readParams.length + 1}`)
      .replaceAll('$to', `$${readParams.length + 2}`);
    // The same read when the last range had one category and rule, without the grouping (a
    // third of the read's cost): whether every row has that category and rule comes back with
    // the ids, and when one does not, the grouped read runs instead, in the same snapshot.
    const uniformParams = [...params];
    const uniformSql = withCategory(
      `SELECT ${aggregate} AS ids, count(*)::int AS n, max(tid)::text AS last, bool_and(same) AS same FROM (
         SELECT ${id}::text AS id, coalesce(${categoryExpr} = $wantcategory::text AND ${rule} = $rule::text, false) AS same, ctid AS tid FROM ${table}
         WHERE ctid >= $from::tid AND ctid < $to::tid AND ${where} LIMIT $2::bigint) AS due`,
      uniformParams,
    )
      .replaceAll('$from', `$${uniformParams.length + 1}`)
      .replaceAll('$to', `$${uniformParams.length + 2}`)
      .replaceAll('$wantcategory', `$${uniformParams.length + 3}`)
      .replaceAll('$rule', `$${uniformParams.length + 4}`);
    // Exactly the rows read: the same filter over the pages up to the last row read, in the same
    // snapshot. A row someone changed or deleted since is a serialization failure, not a
    // silent difference, and the batch is tried again.
    const deleteSql = `DELETE FROM ${table} WHERE ctid >= $${params.length + 1}::tid AND ctid <= $2::tid AND ${where}`;
    // lock_timeout bounds a wait on a row lock someone else holds; no parallel plan, so the
    // read returns rows in physical order and LIMIT keeps a prefix of the range.
    const claimSql = `SELECT set_config('lock_timeout', '${LOCK_TIMEOUT}', true) AS lt, set_config('max_parallel_workers_per_gather', '0', true) AS pw,
      string_agg(CASE WHEN pg_try_advisory_xact_lock($1::int, unit) THEN 't' ELSE 'f' END, '' ORDER BY n) AS got
      FROM unnest($2::int[]) WITH ORDINALITY AS claim(unit, n)`;

    for (let attempt = 1; ; attempt++) {
      if (sweep.ranges.length === 0) return { count: 0, entries: [], more: false };
      // Every range left starts in a unit another lane of this process is reading: wait for it.
      if (sweep.ranges.every((r) => sweep.busy.has(Math.floor(r[0] / CHUNK)))) {
        await released(sweep);
        return { count: 0, entries: [], more: sweep.ranges.length > 0 };
      }
      const taken: PageRange[] = [];
      const held: number[] = [];
      let rest: PageRange | undefined;
      let pending: string[] = [];
      let count = 0;
      try {
        await runTransaction(async (tx) => {
          // Before any statement: the snapshot every read and delete of this batch shares.
          await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
          const started = Date.now();
          const groups = new Map<string, DeletedGroup>();
          while (count < limit && Date.now() - started < FILL_MS) {
            const want = limit - count;
            const range = takeRange(sweep, want);
            if (range === undefined) break;
            const from = range[0];
            let to = range[1];
            const first = `(${from},${range[2]})`;
            const units = unitsOf(from, to);
            for (const unit of units) {
              sweep.busy.add(unit);
              held.push(unit);
            }
            const claim = (await tx.query(claimSql, [sweep.lockKey, units])).rows as { got: string | null }[];
            const got = String(claim[0]?.got ?? '');
            let k = 0;
            while (k < units.length && got[k] === 't') k++;
            if (k < units.length) {
              // Another worker holds this unit, so it is reading these pages and has them in its
              // own queue: leave them to it, and put the units after it back in ours.
              const unit = units[k] as number;
              const theirsEnd = Math.min(to, (unit + 1) * CHUNK);
              if (theirsEnd < to) sweep.ranges.unshift([theirsEnd, to, 0]);
              to = Math.max(from, unit * CHUNK);
              if (to === from) continue;
            }
            taken.push([from, to, range[2]]);
            let rows: HeapGroup[] | undefined;
            const guess = sweep.uniform;
            if (guess !== undefined) {
              const args = bind(uniformParams, want, first, `(${to},0)`, guess.category, guess.rule);
              const [one] = (await tx.query(uniformSql, args)).rows as (Omit<HeapGroup, 'category' | 'rule'> & {
                same: boolean | null;
              })[];
              if (one !== undefined && Number(one.n) === 0) rows = [];
              else if (one?.same === true) rows = [{ ...one, category: guess.category, rule: guess.rule }];
            }
            if (rows === undefined) {
              rows = (await tx.query(readSql, bind(readParams, want, first, `(${to},0)`))).rows as HeapGroup[];
              sweep.uniform =
                rows.length === 1
                  ? { category: (rows[0] as HeapGroup).category, rule: (rows[0] as HeapGroup).rule }
                  : undefined;
            }
            let n = 0;
            let last = first;
            for (const g of rows) {
              n += Number(g.n);
              if (tidAfter(g.last, last)) last = g.last;
            }
            let read = to - from;
            if (n >= want) {
              // The limit ended the range early: the rest of it, from the last page read, comes next.
              const lastPage = pageOf(last);
              // It starts after the last row deleted, not at its page: a batch whose snapshot is
              // older than this commit would see those rows still there and fail on them.
              rest = [lastPage, to, Number.parseInt(last.slice(last.indexOf(',') + 1), 10) + 1];
              read = lastPage - from + 1;
            }
            sweep.density = (sweep.density + n / read) / 2;
            if (n === 0) continue;
            const deleted = await tx.query(deleteSql, bind(params, last, first));
            const affected =
              (deleted as { rowCount?: unknown; affectedRows?: unknown }).rowCount ??
              (deleted as { affectedRows?: unknown }).affectedRows;
            if (typeof affected === 'number' && affected !== n)
              throw new RetentionError(
                'STORE_FAILURE',
                `a heap-order batch read ${n} due rows but deleted ${affected}; rolled back`,
              );
            count += n;
            for (const g of rows) {
              const ids = sweep.csv ? g.ids.split(',') : (JSON.parse(g.ids) as string[]);
              const key = `${g.category}\u0000${g.rule}`;
              const known = groups.get(key);
              if (known === undefined) groups.set(key, { category: g.category, rule: g.rule, ids });
              else known.ids = known.ids.concat(ids);
            }
          }
          if (count === 0) return;
          const found = [...groups.values()];
          const drafts =
            entries.groups?.(found) ??
            entries(
              found.flatMap((g) =>
                g.ids.map((rowId): DeletedRow => ({ id: rowId, category: g.category, rule: g.rule })),
              ),
            );
          // Unchained: the log head is not touched in this snapshot, so batches never wait on
          // each other for it, and a concurrent one moving it is no conflict.
          pending = await insertPending(tx, tenant, drafts);
        });
      } catch (error) {
        // Rolled back: the ranges read are due again, for this sweep.
        for (const p of pending) unsealed.delete(p);
        sweep.ranges.unshift(...taken);
        if (attempt < ATTEMPTS && RETRYABLE.has(sqlState(error) ?? '')) continue;
        throw fail('sweep batch', error);
      } finally {
        for (const unit of held) sweep.busy.delete(unit);
        for (const wake of sweep.waiting.splice(0)) wake();
      }
      if (rest !== undefined) sweep.ranges.unshift(rest);
      // Committed: the rows are gone and their entries stored. Chaining them is a transaction of
      // its own; if this worker dies first, the next seal (any worker's sweep, or readLog) does it.
      if (count === 0) return { count, entries: [], more: sweep.ranges.length > 0 };
      try {
        return { count, entries: await seal(tenant, pending), more: sweep.ranges.length > 0 };
      } catch (error) {
        // Stored, not chained: the next seal reads them back from the table, not from here.
        for (const p of pending) unsealed.delete(p);
        throw error;
      }
    }
  };

  return {
    kind: 'postgres',
    table,
    logTable: log,
    async migrate(migrateOptions) {
      const m = strictOptions(migrateOptions, ['index'], raiseShared);
      const withIndex = m['index'] === undefined ? false : boolean(m['index'], 'options.index', raise);
      // An entry is `seq`, `prev` and `hash` beside its body (the rest of its canonical JSON, see
      // readLog); a heap-order batch stores the body first and the three once it is chained.
      await query(
        'migration',
        `CREATE TABLE IF NOT EXISTS ${log} (
           pending bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant text NOT NULL,
           seq bigint, prev text, hash text, body text NOT NULL,
           UNIQUE (tenant, seq), CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev IS NULL)))`,
        [],
      );
      const [layout] = (await query(
        'migration',
        `SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = $1::regclass AND attname IN ('pending', 'body') AND NOT attisdropped`,
        [log],
      )) as { n: number }[];
      if (layout?.n !== 2)
        throw new RetentionError(
          'STORE_FAILURE',
          `the log table ${log} has another layout (an earlier version's): rename it, migrate, and copy its entries over`,
        );
      // Entries are hex hashes, which do not compress: store them out of line uncompressed
      // rather than spend each batch's commit compressing them.
      await query('migration', `ALTER TABLE ${log} ALTER COLUMN body SET STORAGE EXTERNAL`, []);
      const pendingIndex = `"${logName}_unchained"`;
      await query(
        'migration',
        `CREATE INDEX IF NOT EXISTS ${pendingIndex} ON ${log} (tenant, pending) WHERE seq IS NULL`,
        [],
      );
      await query(
        'migration',
        `CREATE TABLE IF NOT EXISTS ${head} (tenant text PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL)`,
        [],
      );
      if (withIndex) {
        const indexName = `"${`${tableName}_${dueName}_idx`.slice(0, 63)}"`;
        await query(
          'migration',
          `CREATE INDEX IF NOT EXISTS ${indexName} ON ${table} (${due}) WHERE ${due} IS NOT NULL`,
          [],
        );
      }
    },

    async sweepBatch({ tenant, now, limit, holds, entries }): Promise<BatchResult> {
      const params: unknown[] = [new Date(now).toISOString(), limit];
      const filter = unheld(holds, params);
      if (filter.none) return { count: 0, entries: [] };
      let plan = plans.get(holds);
      if (plan === undefined || plan.now !== now) {
        // A new sweep: first chain what a killed worker committed and left unchained.
        plan = { now, plan: seal(tenant).then(() => planSweep(params, filter.sql)) };
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
          return {
            count: deleted.length,
            deleted,
            entries: await appendLog(tx, tenant, deleted.length === 0 ? [] : entries(deleted)),
          };
        });
      }
      return sweepHeap(sweep, { tenant, now, limit, holds, entries });
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
      if (filter.none || ids.length === 0) return { count: 0, deleted: [], entries: [] };
      const sql = withCategory(
        `DELETE FROM ${table} WHERE ${id}::text = ANY($1::text[]) AND ${filter.sql}
         RETURNING ${id}::text AS id, ${categoryExpr} AS category, coalesce(${rule}, '') AS rule`,
        params,
      );
      return transaction('replay batch', async (tx) => {
        const deleted = toDeleted((await tx.query(sql, params)).rows);
        return {
          count: deleted.length,
          deleted,
          entries: await appendLog(tx, tenant, deleted.length === 0 ? [] : entries(deleted)),
        };
      });
    },

    async readLog(tenant, fromSeq = 0) {
      // Entries a killed worker committed but did not chain are chained first: the log read is
      // every deletion committed.
      await seal(tenant);
      const rows = (await query(
        'log read',
        `SELECT l.seq::text AS seq, l.prev, l.hash, l.body FROM ${log} AS l WHERE l.tenant = $1 AND l.seq >= $2 ORDER BY l.seq`,
        [tenant, fromSeq],
      )) as {
        seq: string;
        prev: string;
        hash: string;
        body: string;
      }[];
      return rows.map((r) => JSON.parse(entryLine(Number(r.seq), r.prev, r.body, r.hash)) as DeletionLogEntry);
    },
  };
}
