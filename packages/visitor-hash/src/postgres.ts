/**
 * @module
 * `@privkit/visitor-hash/postgres`: the PostgreSQL salt store, through your own `pg` client or
 * pool, or PGlite. Creation is `INSERT … ON CONFLICT DO NOTHING` followed by a read, so every
 * instance of a fleet gets the first writer's salt; reads never return a salt past its expiry,
 * and expired rows are deleted by `purgeExpired` (the hasher runs it at each new day; run
 * `hasher.purge()` from a scheduler too if traffic can stop for a day).
 */

import { VisitorHashError } from './errors.js';
import { redactPrinting, revealSecret, Secret } from './secret.js';
import type { SaltStore } from './store.js';

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

/** Options of {@link createPostgresSaltStore}. */
export interface PostgresSaltStoreOptions {
  /** A `pg` Client or Pool, or PGlite. The store never connects or closes it. */
  client: PgQueryable;
  /** Table name: lower-case letters, digits and `_`. Default `privkit_visitor_salts`. */
  table?: string;
  /** Schema name, same rule. Default: the connection's `search_path`. */
  schema?: string;
}

/** The PostgreSQL store, with its schema migration. */
export interface PostgresSaltStore extends SaltStore {
  /** The quoted, qualified table name. */
  readonly table: string;
  /**
   * Creates the table and its expiry index if they do not exist. Run it once at deployment (not
   * from many processes at once: concurrent `CREATE TABLE IF NOT EXISTS` can collide).
   */
  migrate(): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A salt store in a PostgreSQL table, shared by every instance using the same database.
 *
 * @param options - the client, and where the table lives.
 * @returns the store; call `migrate()` once before first use.
 * @throws TypeError if `client` has no `query`, RangeError for an invalid table or schema name.
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
  const { client, table = 'privkit_visitor_salts', schema } = options;
  if (typeof client?.query !== 'function') throw new TypeError('"client" must have a query(text, params) method');
  if (typeof table !== 'string' || !IDENTIFIER.test(table)) {
    throw new RangeError('"table" must be lower-case letters, digits and _, starting with a letter or _');
  }
  if (schema !== undefined && (typeof schema !== 'string' || !IDENTIFIER.test(schema))) {
    throw new RangeError('"schema" must be lower-case letters, digits and _, starting with a letter or _');
  }
  const name = schema === undefined ? `"${table}"` : `"${schema}"."${table}"`;

  const query = async (label: string, text: string, params: unknown[]): Promise<unknown[]> => {
    try {
      return (await client.query(text, params)).rows;
    } catch (error) {
      // Errors can echo parameters (the salt) in their detail; keep only the class and SQLSTATE.
      const code = (error as { code?: unknown })?.code;
      const name = error instanceof Error ? error.name : typeof error;
      throw new VisitorHashError(
        'STORE_FAILURE',
        `PostgreSQL ${label} failed (${name}${typeof code === 'string' ? ` ${code}` : ''})`,
      );
    }
  };

  const store: PostgresSaltStore = {
    kind: 'postgres',
    forgets: true,
    table: name,
    async migrate() {
      await query(
        'migration',
        `CREATE TABLE IF NOT EXISTS ${name} (
        day_key text PRIMARY KEY,
        salt bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now())`,
        [],
      );
      await query('migration', `CREATE INDEX IF NOT EXISTS "${table}_expires_at" ON ${name} (expires_at)`, []);
    },
    async getOrCreate({ dayKey, expiresAt, now, candidate }) {
      if (!(expiresAt > now)) return null;
      const inserted = await query(
        'salt insert',
        `INSERT INTO ${name} (day_key, salt, expires_at) VALUES ($1, decode($2, 'hex'), $3::timestamptz)
         ON CONFLICT (day_key) DO NOTHING RETURNING day_key`,
        [dayKey, toHex(revealSecret(candidate)), new Date(expiresAt).toISOString()],
      );
      if (inserted.length === 1) return candidate;
      // Another instance won; a new statement sees its committed row (READ COMMITTED).
      const rows = await query(
        'salt read',
        `SELECT encode(salt, 'hex') AS salt FROM ${name} WHERE day_key = $1 AND expires_at > $2::timestamptz`,
        [dayKey, new Date(now).toISOString()],
      );
      const row = rows[0] as { salt?: unknown } | undefined;
      if (row === undefined) return null;
      const bytes = typeof row.salt === 'string' ? fromHex(row.salt) : undefined;
      if (bytes === undefined)
        throw new VisitorHashError('STORE_FAILURE', 'the salt row holds something that is not a salt');
      return Secret.from(bytes);
    },
    async delete(dayKey) {
      await query('salt delete', `DELETE FROM ${name} WHERE day_key = $1`, [dayKey]);
      const left = await query('salt check', `SELECT 1 FROM ${name} WHERE day_key = $1`, [dayKey]);
      return left.length === 0;
    },
    async purgeExpired(now) {
      const deleted = await query(
        'salt purge',
        `DELETE FROM ${name} WHERE expires_at <= $1::timestamptz RETURNING day_key`,
        [new Date(now).toISOString()],
      );
      return deleted.length;
    },
  };
  return redactPrinting(store, 'postgres salt store');
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function fromHex(text: string): Uint8Array | undefined {
  if (text.length < 32 || text.length % 2 !== 0 || !/^[0-9a-f]+$/.test(text)) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
