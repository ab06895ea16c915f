/**
 * @module
 * The clients the PostgreSQL store accepts (a `pg` Pool, a `pg` Client, PGlite: the user's own,
 * through the structural shape every privkit store shares), and running a transaction on each:
 * a pool lends a connection per transaction, PGlite runs its own `transaction`, and a single
 * client runs one transaction at a time, queued, so two batches' statements never interleave.
 */

import type { PgQueryable, PgResult } from '@privkit/internal/pg';
import { RetentionError } from '../errors.js';
import { compile, type Fragment } from './sql.js';

export type { PgQueryable, PgResult };

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

/** What the store accepts: a `pg` Pool (recommended), a dedicated `pg` Client, or PGlite. */
export type PostgresClient = PgQueryable | PgPoolLike | PgliteLike;

/** The SQLSTATE of a driver error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A driver failure as `STORE_FAILURE`: the driver's error class and SQLSTATE in the message,
 * never its detail (which can echo the statement's parameters: ids, subjects), the error itself
 * as `cause`.
 */
export function storeFailure(label: string, error: unknown): RetentionError {
  if (error instanceof RetentionError) return error;
  const code = sqlState(error);
  const name = error instanceof Error ? error.name : typeof error;
  return new RetentionError('STORE_FAILURE', `PostgreSQL ${label} failed (${name}${code ? ` ${code}` : ''})`, {
    cause: error,
  });
}

/** Runs statements on one connection: a fragment's rows, the raw result for its row count. */
export interface Connection {
  /** The rows of a statement. */
  rows<T>(fragment: Fragment): Promise<T[]>;
  /** The driver's result (for `rowCount`). */
  run(fragment: Fragment): Promise<PgResult & { rowCount?: unknown; affectedRows?: unknown }>;
}

const connection = (client: PgQueryable): Connection => ({
  async rows<T>(fragment: Fragment) {
    const { text, params } = compile(fragment);
    return (await client.query(text, params)).rows as T[];
  },
  run(fragment) {
    const { text, params } = compile(fragment);
    return client.query(text, params);
  },
});

/** Transactions and single statements on the user's client. */
export interface Database {
  /** Runs `fn` in a transaction; errors come back as the driver raised them. */
  transaction<T>(fn: (tx: Connection) => Promise<T>): Promise<T>;
  /** {@link Database.transaction}, with a failure as `STORE_FAILURE` naming `label`. */
  labelled<T>(label: string, fn: (tx: Connection) => Promise<T>): Promise<T>;
  /** One statement outside a transaction, a failure as `STORE_FAILURE` naming `label`. */
  rows<T>(label: string, fragment: Fragment): Promise<T[]>;
}

/** The {@link Database} over a pool, a client or PGlite. */
export function database(client: PostgresClient): Database {
  // Serialises transactions on a single client (a pg Client, or PGlite outside `transaction`),
  // whose statements would otherwise interleave with another batch's.
  let queue: Promise<unknown> = Promise.resolve();
  const transaction = async <T>(fn: (tx: Connection) => Promise<T>): Promise<T> => {
    if (typeof (client as PgliteLike).transaction === 'function')
      return (client as PgliteLike).transaction((tx) => fn(connection(tx)));
    if (typeof (client as PgPoolLike).connect === 'function' && typeof (client as PgPoolLike).totalCount === 'number') {
      const conn = await (client as PgPoolLike).connect();
      try {
        await conn.query('BEGIN');
        const result = await fn(connection(conn));
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
        const result = await fn(connection(client));
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
  const single = connection(client);
  return {
    transaction,
    async labelled(label, fn) {
      try {
        return await transaction(fn);
      } catch (error) {
        throw storeFailure(label, error);
      }
    },
    async rows(label, fragment) {
      try {
        return await single.rows(fragment);
      } catch (error) {
        throw storeFailure(label, error);
      }
    },
  };
}
