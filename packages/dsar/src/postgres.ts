/**
 * @module
 * `@privkit/dsar/postgres`: a `DsarStore` in PostgreSQL, through your own `pg` client or pool,
 * or PGlite. Two tables: the append-only event log (primary key `(request_id, seq)`) and a
 * projection of each request (latest state, open flag, next deadline, legal hold) with partial
 * indexes on the next deadline and the subject of open requests, so `overdue` reads only what is
 * due and `openHolds` only what is open.
 *
 * Optimistic concurrency: an append is one statement that inserts the event only at the next
 * sequence number and updates the projection in the same statement. Two writers appending to
 * the same request at the same version race on the primary key: exactly one wins; the other
 * gets `CONFLICT`, with nothing written.
 */

import { strictOptions } from '@privkit/internal/check';
import { formatInstant, type InstantInput, requireInstant } from '@privkit/internal/instant';
import { type PgQueryable, requireIdentifier } from '@privkit/internal/pg';
import type { AuditEntry } from './audit.js';
import { DsarError } from './errors.js';
import type { LegalHold } from './holds.js';
import { raise } from './internal/raise.js';
import { CLOSED_STATUSES, type DsarState } from './model.js';
import { checkProjection, type DsarStore, type StoredRequest } from './store.js';

export type { PgQueryable, PgResult } from '@privkit/internal/pg';

/**
 * Options of {@link createPostgresDsarStore}.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import type { PostgresDsarStoreOptions } from '@privkit/dsar/postgres';
 *
 * const db = await PGlite.create();
 * const options: PostgresDsarStoreOptions = { client: db, schema: 'privacy', prefix: 'dsar' };
 * ```
 */
export interface PostgresDsarStoreOptions {
  /** A `pg` Client or Pool, or PGlite. The store never connects or closes it. */
  readonly client: PgQueryable;
  /** Table name prefix: a lower-case PostgreSQL identifier of at most 40 characters. Default `privkit_dsar`. */
  readonly prefix?: string;
  /** Schema name, same rule. Default: the connection's `search_path`. */
  readonly schema?: string;
}

/**
 * The PostgreSQL store, with its schema migration and table names.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { createPostgresDsarStore, type PostgresDsarStore } from '@privkit/dsar/postgres';
 *
 * const store: PostgresDsarStore = createPostgresDsarStore({ client: await PGlite.create() });
 * await store.migrate();
 * ```
 */
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

const parse = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/**
 * A DSAR store in PostgreSQL, shared by every instance using the same database.
 *
 * @param options - the client, and where the tables live.
 * @returns the store; call `migrate()` once before first use.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` for an option it does not know; `INVALID_OPTIONS` for
 *   a client without `query` or an invalid prefix or schema.
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
  const o = strictOptions(options, ['client', 'prefix', 'schema'], raise);
  const client = o['client'] as PgQueryable | undefined;
  if (typeof client?.query !== 'function')
    throw raise('INVALID_OPTIONS', 'options.client', '"options.client" must have a query(text, params) method');
  // The prefix gets `_requests_due` appended for an index name: keep the whole name within 63 bytes.
  const prefix = requireIdentifier(o['prefix'] ?? 'privkit_dsar', 'options.prefix', raise, 40);
  const schema = o['schema'] === undefined ? undefined : requireIdentifier(o['schema'], 'options.schema', raise);
  const q = (name: string) => (schema === undefined ? `"${name}"` : `"${schema}"."${name}"`);
  const events = q(`${prefix}_events`);
  const requests = q(`${prefix}_requests`);

  const query = async (label: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> => {
    try {
      return (await client.query(text, params)).rows as Record<string, unknown>[];
    } catch (cause) {
      // The driver's message can quote parameters (personal data): the message keeps only the
      // SQLSTATE; the driver's error stays reachable as `cause` for the operator.
      const code = (cause as { code?: unknown })?.code;
      throw new DsarError(
        'STORE_FAILURE',
        `PostgreSQL ${label} failed${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}`,
        { cause },
      );
    }
  };
  const row = (r: Record<string, unknown>): StoredRequest => {
    const due = r['next_due_ms'];
    return {
      state: parse(r['state']) as DsarState,
      nextDueAt: due === null || due === undefined ? null : formatInstant(Number(due)),
      hold: (parse(r['hold']) ?? null) as LegalHold | null,
    };
  };
  const SELECT = `SELECT state, hold, (extract(epoch FROM next_due) * 1000)::float8 AS next_due_ms FROM ${requests}`;

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
        hold jsonb,
        state jsonb NOT NULL)`,
      );
      // Reminders read only open requests with a running clock, by deadline: a partial index
      // keeps that read proportional to what is due, not to every request ever received.
      await query(
        'migrate',
        `CREATE INDEX IF NOT EXISTS "${prefix}_requests_due" ON ${requests} (next_due) ` +
          `WHERE is_open AND next_due IS NOT NULL`,
      );
      await query(
        'migrate',
        `CREATE INDEX IF NOT EXISTS "${prefix}_requests_subject" ON ${requests} (subject) WHERE is_open`,
      );
    },
    async append(entry: AuditEntry, projection: StoredRequest) {
      checkProjection(entry, projection);
      const { state, nextDueAt, hold } = projection;
      const rows = await query(
        'append',
        `WITH ins AS (
           INSERT INTO ${events} (request_id, seq, event, prev, hash)
           SELECT $1, $2, $3::jsonb, $4, $5
           WHERE (SELECT coalesce(max(seq), 0) FROM ${events} WHERE request_id = $1) = $2 - 1
           ON CONFLICT (request_id, seq) DO NOTHING
           RETURNING request_id
         ), up AS (
           INSERT INTO ${requests} (id, subject, status, is_open, version, next_due, hold, state)
           SELECT $1, $6, $7, $8, $2, $9::timestamptz, $10::jsonb, $11::jsonb FROM ins
           ON CONFLICT (id) DO UPDATE SET subject = EXCLUDED.subject, status = EXCLUDED.status,
             is_open = EXCLUDED.is_open, version = EXCLUDED.version, next_due = EXCLUDED.next_due,
             hold = EXCLUDED.hold, state = EXCLUDED.state
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
          nextDueAt,
          hold === null ? null : JSON.stringify(hold),
          JSON.stringify(state),
        ],
      );
      if (Number(rows[0]?.['inserted']) !== 1) {
        throw new DsarError(
          'CONFLICT',
          `the request was changed by another writer (expected version ${entry.seq - 1})`,
          { path: 'entry.seq' },
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
        event: parse(r['event']) as AuditEntry['event'],
        prev: String(r['prev']),
        hash: String(r['hash']),
      }));
    },
    async list(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.subject !== undefined) where.push(`subject = $${params.push(filter.subject)}`);
      // A literal, not a parameter, so the planner can use the partial indexes `WHERE is_open`.
      if (filter.open !== undefined) where.push(filter.open ? 'is_open' : 'NOT is_open');
      const rows = await query(
        'list',
        `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
        params,
      );
      return rows.map(row);
    },
    async due(now: InstantInput) {
      const at = formatInstant(requireInstant(now, 'now', raise));
      const rows = await query(
        'due',
        `${SELECT} WHERE is_open AND next_due IS NOT NULL AND next_due <= $1::timestamptz ORDER BY next_due, id`,
        [at],
      );
      return rows.map(row);
    },
    async openHolds() {
      const rows = await query(
        'openHolds',
        `SELECT hold FROM ${requests} WHERE is_open AND hold IS NOT NULL ORDER BY id`,
      );
      return rows.map((r) => parse(r['hold']) as LegalHold);
    },
  };
}
