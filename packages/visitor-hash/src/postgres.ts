/**
 * @module
 * `@privkit/visitor-hash/postgres`: the PostgreSQL salt store, through your own `pg` client or
 * pool, or PGlite. The server's clock (`clock_timestamp()`) is the fleet's: creation is
 * `INSERT … ON CONFLICT DO NOTHING` guarded by it (never after the day's expiry, never long before
 * the day), followed by a read that never returns a salt past its expiry by it, and purging
 * deletes the rows expired by it. So a server whose clock is fast cannot purge the salt the rest
 * of the fleet is using, and one whose clock is slow cannot read a salt that is over.
 *
 * PostgreSQL has no expiry of its own: a row is unusable from its expiry and deleted by the first
 * hasher call after it, on any instance, or by `hasher.purge()` from a scheduler where traffic
 * can stop.
 */

import { own, strictOptions } from '@privkit/internal/check';
import { fromHex, toHex } from '@privkit/internal/hex';
import { type PgQueryable, requireIdentifier } from '@privkit/internal/pg';
import { raise, VisitorHashError } from './errors.js';
import { redactPrinting, revealSecret, Secret } from './secret.js';
import type { SaltStore } from './store.js';

export type { PgQueryable, PgResult } from '@privkit/internal/pg';

/** Options of {@link createPostgresSaltStore}. */
export interface PostgresSaltStoreOptions {
  /** A `pg` Client or Pool, or PGlite. The store never connects or closes it. */
  client: PgQueryable;
  /** Table name: lower-case letters, digits and `_`, at most 52 characters. Default `privkit_visitor_salts`. */
  table?: string;
  /** Schema name: lower-case letters, digits and `_`. Default: the connection's `search_path`. */
  schema?: string;
}

/** The PostgreSQL store, with its schema migration. */
export interface PostgresSaltStore extends SaltStore {
  /** The quoted, qualified table name. */
  readonly table: string;
  /** The server's clock (`clock_timestamp()`), epoch milliseconds. */
  now(): Promise<number>;
  /**
   * Creates the table and its expiry index if they do not exist. Run it once at deployment (not
   * from many processes at once: concurrent `CREATE TABLE IF NOT EXISTS` can collide).
   */
  migrate(): Promise<void>;
}

// Epoch milliseconds of a timestamptz, as text: int8 arrives as a string from pg and a bigint
// from PGlite, and text reads the same from both.
const MS = (column: string) => `(floor(extract(epoch FROM ${column}) * 1000))::int8::text`;

/**
 * A salt store in a PostgreSQL table, shared by every instance using the same database.
 *
 * @param options - the client, and where the table lives.
 * @returns the store; call `migrate()` once before first use.
 * @throws `VisitorHashError` (from `@privkit/visitor-hash`) `INVALID_OPTIONS` when `client` has no
 *   `query`, or the table or
 *   schema is not a lower-case identifier; `UNKNOWN_KEY` for another key.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createVisitorHasher } from '@privkit/visitor-hash';
 * import { createPostgresSaltStore } from '@privkit/visitor-hash/postgres';
 *
 * const pool = new pg.Pool({ connectionString: 'postgres://127.0.0.1/analytics_keys' });
 * const store = createPostgresSaltStore({ client: pool });
 * await store.migrate();
 * const hasher = createVisitorHasher({ store });
 * ```
 */
export function createPostgresSaltStore(options: PostgresSaltStoreOptions): PostgresSaltStore {
  const checked = strictOptions(options, ['client', 'table', 'schema'], raise);
  const client = own(checked, 'client') as PgQueryable | undefined;
  if (typeof client?.query !== 'function') {
    throw new VisitorHashError('INVALID_OPTIONS', '"options.client" must have a query(text, params) method', {
      path: 'options.client',
    });
  }
  // The index is named "<table>_expires_at": 11 more characters within PostgreSQL's 63.
  const table = requireIdentifier(own(checked, 'table') ?? 'privkit_visitor_salts', 'options.table', raise, 52);
  const schemaOption = own(checked, 'schema');
  const schema = schemaOption === undefined ? undefined : requireIdentifier(schemaOption, 'options.schema', raise);
  const name = schema === undefined ? `"${table}"` : `"${schema}"."${table}"`;

  const query = async (label: string, text: string, params: unknown[]): Promise<unknown[]> => {
    try {
      return (await client.query(text, params)).rows;
    } catch (error) {
      // Errors can echo parameters (the salt) in their detail; keep only the class and SQLSTATE.
      const code = (error as { code?: unknown })?.code;
      const kind = error instanceof Error ? error.name : typeof error;
      throw new VisitorHashError(
        'STORE_FAILURE',
        `PostgreSQL ${label} failed (${kind}${typeof code === 'string' ? ` ${code}` : ''})`,
      );
    }
  };
  const malformed = () => new VisitorHashError('STORE_FAILURE', 'the salt row holds something that is not a salt');

  const store: PostgresSaltStore = {
    kind: 'postgres',
    forgets: true,
    table: name,
    async now() {
      const [row] = (await query('clock read', `SELECT ${MS('clock_timestamp()')} AS now`, [])) as { now?: unknown }[];
      const now = Number(row?.now);
      if (!Number.isSafeInteger(now)) throw new VisitorHashError('STORE_FAILURE', 'PostgreSQL answered with no time');
      return now;
    },
    async migrate() {
      await query(
        'migration',
        `CREATE TABLE IF NOT EXISTS ${name} (
        day_key text PRIMARY KEY,
        salt bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
        [],
      );
      await query('migration', `CREATE INDEX IF NOT EXISTS "${table}_expires_at" ON ${name} (expires_at)`, []);
    },
    async getOrCreate({ dayKey, notBefore, expiresAt, candidate }) {
      const expires = new Date(expiresAt).toISOString();
      const inserted = await query(
        'salt insert',
        `INSERT INTO ${name} (day_key, salt, expires_at)
         SELECT $1, decode($2, 'hex'), $3::timestamptz
         WHERE clock_timestamp() < $3::timestamptz AND clock_timestamp() >= $4::timestamptz
         ON CONFLICT (day_key) DO NOTHING RETURNING day_key`,
        [dayKey, toHex(revealSecret(candidate)), expires, new Date(notBefore).toISOString()],
      );
      if (inserted.length === 1) return { salt: candidate, expiresAt };
      // Another instance won, or the day is outside its window. A new statement sees a row
      // committed meanwhile (READ COMMITTED); the clock is read once, in the same statement.
      const rows = await query(
        'salt read',
        `SELECT encode(s.salt, 'hex') AS salt, ${MS('s.expires_at')} AS expires_at,
                c.now >= $2::timestamptz AS over, c.now < $3::timestamptz AS early
         FROM (SELECT clock_timestamp() AS now) c
         LEFT JOIN ${name} s ON s.day_key = $1 AND s.expires_at > c.now`,
        [dayKey, expires, new Date(notBefore).toISOString()],
      );
      const row = rows[0] as { salt?: unknown; expires_at?: unknown; over?: unknown; early?: unknown } | undefined;
      if (row === undefined) throw malformed();
      if (row.salt === null || row.salt === undefined) {
        if (row.early === true) return 'not-started';
        // Over by the server's clock, or the row expired early (an instance with a shorter grace
        // wrote it) or was deleted meanwhile: the day's salt is gone either way.
        return 'expired';
      }
      const bytes = typeof row.salt === 'string' && row.salt.length === 64 ? fromHex(row.salt) : undefined;
      const expiry = Number(row.expires_at);
      if (bytes === undefined || !Number.isSafeInteger(expiry)) throw malformed();
      return { salt: Secret.from(bytes), expiresAt: expiry };
    },
    async delete(dayKey) {
      await query('salt delete', `DELETE FROM ${name} WHERE day_key = $1`, [dayKey]);
      const left = await query('salt check', `SELECT 1 FROM ${name} WHERE day_key = $1`, [dayKey]);
      return left.length === 0;
    },
    async purgeExpired() {
      const deleted = await query(
        'salt purge',
        `DELETE FROM ${name} WHERE expires_at <= clock_timestamp() RETURNING day_key`,
        [],
      );
      return deleted.length;
    },
  };
  return redactPrinting(store, 'postgres salt store');
}
