/**
 * @module
 * `@privkit/dsar/postgres`: a {@link DsarStore} in PostgreSQL, through your own `pg` client or
 * pool, or PGlite. Two tables: the append-only event log (primary key `(request_id, seq)`) and a
 * projection of each request (latest state, open flag, next deadline) with a partial index on
 * the next deadline of open requests, so `overdue` reads only what is due.
 *
 * Optimistic concurrency: an append is one statement that inserts the event only at the next
 * sequence number and updates the projection in the same statement. Two writers appending to
 * the same request at the same version race on the primary key: exactly one wins; the other
 * gets `CONFLICT`, with nothing written.
 */

import type { AuditEntry } from './audit.js';
import { DsarError } from './errors.js';
import { CLOSED_STATUSES, type DsarState } from './model.js';
import type { DsarStore, StoredRequest } from './store.js';

/** Anything with `pg`'s `query(text, params)`: a `pg` Client or Pool, or a PGlite instance. */
export interface PgQueryable {
  /** Runs one parameterised statement. */
  query(text: string, params?: unknown[]): Promise<PgResult>;
}

/** The part of a query result the store reads. */
export interface PgResult {
  /** The result rows, as objects keyed by column name. */
  rows: unknown[];
}

/** Options of {@link createPostgresDsarStore}. */
export interface PostgresDsarStoreOptions {
  /** A `pg` Client or Pool, or PGlite. The store never connects or closes it. */
  client: PgQueryable;
  /** Table name prefix: lower-case letters, digits and `_`. Default `privkit_dsar`. */
  prefix?: string;
  /** Schema name, same rule. Default: the connection's `search_path`. */
  schema?: string;
}

/** The PostgreSQL store, with its schema migration and table names. */
export interface PostgresDsarStore extends DsarStore {
  /** The quoted, qualified event-log table. */
  readonly eventsTable: string;
  /** The quoted, qualified projection table. */
  readonly requestsTable: string;
  /**
   * Creates the tables and indexes if they do not exist. Run it once at deployment (concurrent
   * `CREATE TABLE IF NOT EXISTS` from many processes can collide).
   */
  migrate(): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * A DSAR store in PostgreSQL, shared by every instance using the same database.
 *
 * @param options - the client, and where the tables live.
 * @returns the store; call `migrate()` once before first use.
 * @throws TypeError if `client` has no `query`; RangeError for an invalid prefix or schema.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createDsarService } from '@privkit/dsar';
 * import { createPostgresDsarStore } from '@privkit/dsar/postgres';
 *
 * const pool = new pg.Pool({ connectionString: 'postgres://127.0.0.1/privacy' });
 * const store = createPostgresDsarStore({ client: pool });
 * await store.migrate();
 * const dsar = createDsarService({ store });
 * ```
 */
export function createPostgresDsarStore(options: PostgresDsarStoreOptions): PostgresDsarStore {
  const { client, prefix = 'privkit_dsar', schema } = options;
  if (typeof client?.query !== 'function') throw new TypeError('"client" must have a query(text, params) method');
  if (typeof prefix !== 'string' || !IDENTIFIER.test(prefix)) {
    throw new RangeError('"prefix" must be lower-case letters, digits and _, starting with a letter or _');
  }
  if (schema !== undefined && (typeof schema !== 'string' || !IDENTIFIER.test(schema))) {
    throw new RangeError('"schema" must be lower-case letters, digits and _, starting with a letter or _');
  }
  const q = (name: string) => (schema === undefined ? `"${name}"` : `"${schema}"."${name}"`);
  const events = q(`${prefix}_events`);
  const requests = q(`${prefix}_requests`);

  const query = async (label: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> => {
    try {
      return (await client.query(text, params)).rows as Record<string, unknown>[];
    } catch (error) {
      // The driver's message can quote parameters (personal data): keep only the SQLSTATE.
      const code = (error as { code?: unknown })?.code;
      throw new DsarError(
        'STORE_FAILURE',
        `PostgreSQL ${label} failed${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}`,
      );
    }
  };
  const row = (r: Record<string, unknown>): StoredRequest => {
    const state = (typeof r['state'] === 'string' ? JSON.parse(r['state']) : r['state']) as DsarState;
    const due = r['next_due_ms'];
    return { state, nextDueMs: due === null || due === undefined ? null : Number(due) };
  };
  const SELECT = `SELECT state, (extract(epoch FROM next_due) * 1000)::float8 AS next_due_ms FROM ${requests}`;

  return {
    kind: 'postgres',
    eventsTable: events,
    requestsTable: requests,
    async migrate() {
      await query(
        'migrate',
        `CREATE TABLE IF NOT EXISTS ${events} (
        request_id text NOT NULL,
        seq integer NOT NULL CHECK (seq > 0),
        event jsonb NOT NULL,
        prev text NOT NULL,
        hash text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, seq))`,
      );
      await query(
        'migrate',
        `CREATE TABLE IF NOT EXISTS ${requests} (
        id text PRIMARY KEY,
        subject text NOT NULL,
        status text NOT NULL,
        is_open boolean NOT NULL,
        version integer NOT NULL,
        next_due timestamptz,
        state jsonb NOT NULL)`,
      );
      // Reminders read only open requests with a running clock, by deadline: a partial index
      // keeps that read proportional to what is due, not to every request ever received.
      await query(
        'migrate',
        `CREATE INDEX IF NOT EXISTS "${prefix}_requests_due" ON ${requests} (next_due) WHERE is_open AND next_due IS NOT NULL`,
      );
      await query(
        'migrate',
        `CREATE INDEX IF NOT EXISTS "${prefix}_requests_subject" ON ${requests} (subject) WHERE is_open`,
      );
    },
    async append(entry: AuditEntry, projection: StoredRequest) {
      const { state, nextDueMs } = projection;
      if (state.id !== entry.requestId || state.version !== entry.seq)
        throw new DsarError('INVALID_ARGUMENT', 'the projection does not match the entry');
      const rows = await query(
        'append',
        `WITH ins AS (
           INSERT INTO ${events} (request_id, seq, event, prev, hash)
           SELECT $1, $2, $3::jsonb, $4, $5
           WHERE (SELECT coalesce(max(seq), 0) FROM ${events} WHERE request_id = $1) = $2 - 1
           ON CONFLICT (request_id, seq) DO NOTHING
           RETURNING request_id
         ), up AS (
           INSERT INTO ${requests} (id, subject, status, is_open, version, next_due, state)
           SELECT $1, $6, $7, $8, $2, CASE WHEN $9::float8 IS NULL THEN NULL ELSE to_timestamp($9::float8 / 1000) END, $10::jsonb FROM ins
           ON CONFLICT (id) DO UPDATE SET subject = EXCLUDED.subject, status = EXCLUDED.status, is_open = EXCLUDED.is_open,
             version = EXCLUDED.version, next_due = EXCLUDED.next_due, state = EXCLUDED.state
           WHERE ${requests}.version = EXCLUDED.version - 1
           RETURNING id
         )
         SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM up)::int AS updated`,
        [
          entry.requestId,
          entry.seq,
          JSON.stringify(entry.event),
          entry.prev,
          entry.hash,
          state.subject,
          state.status,
          !CLOSED_STATUSES.includes(state.status),
          nextDueMs,
          JSON.stringify(state),
        ],
      );
      if (Number(rows[0]?.['inserted']) !== 1) {
        throw new DsarError(
          'CONFLICT',
          `the request was changed by another writer (expected version ${entry.seq - 1})`,
        );
      }
    },
    async load(requestId) {
      const rows = await query(
        'load',
        `SELECT seq, event, prev, hash FROM ${events} WHERE request_id = $1 ORDER BY seq`,
        [requestId],
      );
      return rows.map((r) => ({
        requestId,
        seq: Number(r['seq']),
        event: (typeof r['event'] === 'string' ? JSON.parse(r['event']) : r['event']) as AuditEntry['event'],
        prev: String(r['prev']),
        hash: String(r['hash']),
      }));
    },
    async list(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.subject !== undefined) where.push(`subject = $${params.push(filter.subject)}`);
      // A literal, not a parameter, so the planner can use the partial index `WHERE is_open`.
      if (filter.open !== undefined) where.push(filter.open ? 'is_open' : 'NOT is_open');
      const rows = await query(
        'list',
        `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
        params,
      );
      return rows.map(row);
    },
    async due(nowMs) {
      const rows = await query(
        'due',
        `${SELECT} WHERE is_open AND next_due <= to_timestamp($1::float8 / 1000) ORDER BY next_due`,
        [nowMs],
      );
      return rows.map(row);
    },
  };
}
