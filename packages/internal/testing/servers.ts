/**
 * @module
 * Real servers for the store suites of every package. PostgreSQL and Redis run on every
 * development and CI machine (127.0.0.1:5432 and :6379, or PRIVKIT_TEST_PG_URL /
 * PRIVKIT_TEST_REDIS_URL). Where one is not reachable (a laptop), PostgreSQL suites still run on
 * PGlite (a real PostgreSQL engine, embedded) and Redis suites are skipped with a printed reason;
 * with PRIVKIT_REQUIRE_SERVERS=1 (set by .ci/run) an unreachable server fails the run instead.
 * Each suite makes its own schema or key prefix and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { PgQueryable } from '../src/pg.js';

export const PG_URL = process.env['PRIVKIT_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env['PRIVKIT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const REQUIRE_SERVERS = process.env['PRIVKIT_REQUIRE_SERVERS'] === '1';

/** `prefix_` and 12 random hex digits: a schema, table or key prefix no other run uses. */
export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** `promise`, or a rejection after `ms` milliseconds. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function unreachable(suite: string, what: string, error: unknown): false {
  const reason = `${what} is not reachable (${error instanceof Error ? error.message : String(error)})`;
  if (REQUIRE_SERVERS) throw new Error(`${reason}; PRIVKIT_REQUIRE_SERVERS=1 requires it`);
  console.warn(`[${suite} tests] ${reason}: its suites are skipped on this machine`);
  return false;
}

/** Whether the PostgreSQL server answers; `suite` names the package in the printed skip reason. */
export async function pgServerAvailable(suite: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await within(client.connect(), 2000);
    await client.query('select 1');
    return true;
  } catch (error) {
    return unreachable(suite, `PostgreSQL at ${PG_URL}`, error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether the Redis server answers; `suite` names the package in the printed skip reason. */
export async function redisAvailable(suite: string): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await within(client.connect(), 2000);
    await client.ping();
    return true;
  } catch (error) {
    return unreachable(suite, `Redis at ${REDIS_URL}`, error);
  } finally {
    client.disconnect();
  }
}

/** A client a target opened, with a way to close it. */
export type ClosableClient = PgQueryable & { close(): Promise<void> };

/** A PostgreSQL target: a way to open clients on one database, and schemas of the test's own. */
export interface PgTarget {
  readonly name: string;
  /** Opens a client (the server: a new connection each time; PGlite: the one instance). */
  open(): Promise<ClosableClient>;
  /** Creates a fresh schema and returns its name. */
  createSchema(): Promise<string>;
  /** Drops every schema this target created, and closes its clients. */
  cleanup(): Promise<void>;
}

/** The PostgreSQL server through `pg`, schemas named `prefix_<random>`. */
export function pgServerTarget(prefix: string): PgTarget {
  const clients: pg.Client[] = [];
  const schemas: string[] = [];
  const open = async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    clients.push(client);
    return Object.assign(client, { close: () => client.end() }) as unknown as ClosableClient;
  };
  return {
    name: 'PostgreSQL server (pg)',
    open,
    async createSchema() {
      const admin = await open();
      const schema = uniqueName(prefix);
      await admin.query(`CREATE SCHEMA ${schema}`);
      schemas.push(schema);
      return schema;
    },
    async cleanup() {
      const admin = clients[0] ?? (await open());
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
    },
  };
}

/** An embedded PGlite instance (created on first use), schemas named `prefix_<random>`. */
export function pgliteTarget(prefix: string): PgTarget {
  let db: PGlite | undefined;
  const get = async () => {
    db ??= await PGlite.create();
    return db;
  };
  return {
    name: 'PGlite (embedded)',
    async open() {
      const instance = await get();
      return { query: (text: string, params?: unknown[]) => instance.query(text, params), close: async () => {} };
    },
    async createSchema() {
      const schema = uniqueName(prefix);
      await (await get()).query(`CREATE SCHEMA ${schema}`);
      return schema;
    },
    async cleanup() {
      await db?.close();
    },
  };
}
