/**
 * @module
 * Real servers for the store suites. PostgreSQL and Redis run on every development and CI
 * machine (127.0.0.1:5432 and :6379, or PRIVKIT_TEST_PG_URL / PRIVKIT_TEST_REDIS_URL). Where one
 * is not reachable (a laptop), PostgreSQL suites still run on PGlite (a real PostgreSQL engine,
 * embedded) and Redis suites are skipped with a printed reason; with PRIVKIT_REQUIRE_SERVERS=1
 * (set by .ci/run) an unreachable server fails the run instead.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createClient } from 'redis';
import type { PgQueryable } from '../../src/postgres.js';
import type { IoRedisLike, NodeRedisLike } from '../../src/redis.js';

export const PG_URL = process.env['PRIVKIT_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env['PRIVKIT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const REQUIRE = process.env['PRIVKIT_REQUIRE_SERVERS'] === '1';

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
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

function unreachable(what: string, error: unknown): false {
  const reason = `${what} is not reachable (${error instanceof Error ? error.message : String(error)})`;
  if (REQUIRE) throw new Error(`${reason}; PRIVKIT_REQUIRE_SERVERS=1 requires it`);
  console.warn(`[visitor-hash tests] ${reason}: its suites are skipped on this machine`);
  return false;
}

/** Whether the PostgreSQL server answers. */
export async function pgServerAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await within(client.connect(), 2000);
    await client.query('select 1');
    return true;
  } catch (error) {
    return unreachable(`PostgreSQL at ${PG_URL}`, error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether the Redis server answers. */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await within(client.connect(), 2000);
    await client.ping();
    return true;
  } catch (error) {
    return unreachable(`Redis at ${REDIS_URL}`, error);
  } finally {
    client.disconnect();
  }
}

/** A PostgreSQL target: a way to open clients on one database, and a schema of the test's own. */
export interface PgTarget {
  name: string;
  /** Opens a client (the server: a new connection each time; PGlite: the one instance). */
  open(): Promise<PgQueryable & { close(): Promise<void> }>;
  /** Creates a fresh schema and returns its name. */
  createSchema(): Promise<string>;
  /** Drops every schema this target created, and closes its clients. */
  cleanup(): Promise<void>;
}

export function pgServerTarget(): PgTarget {
  const clients: pg.Client[] = [];
  const schemas: string[] = [];
  const open = async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    clients.push(client);
    return Object.assign(client, { close: () => client.end() }) as unknown as PgQueryable & { close(): Promise<void> };
  };
  return {
    name: 'PostgreSQL server (pg)',
    open,
    async createSchema() {
      const admin = await open();
      const schema = uniqueName('vh_test');
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

export function pgliteTarget(): PgTarget {
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
      const schema = uniqueName('vh_test');
      await (await get()).query(`CREATE SCHEMA ${schema}`);
      return schema;
    },
    async cleanup() {
      await db?.close();
    },
  };
}

/** A Redis target: real ioredis or node-redis clients, passed to the store as they are. */
export interface RedisTarget {
  name: string;
  /** Opens a new connection; the target closes it in `cleanup`. */
  open(): Promise<IoRedisLike | NodeRedisLike>;
  /** A raw ioredis client for inspecting keys. */
  inspector(): Redis;
  /** Deletes the keys under `prefixes` and closes every client. */
  cleanup(prefixes: string[]): Promise<void>;
}

function redisTarget(
  name: string,
  make: () => Promise<{ client: IoRedisLike | NodeRedisLike; close(): Promise<unknown> }>,
): RedisTarget {
  const opened: { close(): Promise<unknown> }[] = [];
  let raw: Redis | undefined;
  const inspector = () => {
    raw ??= new Redis(REDIS_URL);
    return raw;
  };
  return {
    name,
    async open() {
      const made = await make();
      opened.push(made);
      return made.client;
    },
    inspector,
    async cleanup(prefixes) {
      for (const prefix of prefixes) {
        const keys = await inspector().keys(`${prefix}*`);
        if (keys.length > 0) await inspector().del(...keys);
      }
      await Promise.all(opened.map((c) => c.close().catch(() => {})));
      raw?.disconnect();
    },
  };
}

export const ioredisTarget = () =>
  redisTarget('Redis (ioredis)', async () => {
    const client = new Redis(REDIS_URL);
    return { client, close: () => client.quit() };
  });

export const nodeRedisTarget = () =>
  redisTarget('Redis (node-redis)', async () => {
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    return { client: client as unknown as NodeRedisLike, close: () => client.quit() };
  });
