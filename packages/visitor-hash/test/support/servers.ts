/**
 * @module
 * The real servers of the store suites: PostgreSQL (server and PGlite) and the availability
 * checks come from `@privkit/internal/testing/servers`; the Redis targets here hand the store real
 * `ioredis` and `redis` (node-redis) clients, the two client libraries the store accepts.
 */
import {
  pgServerAvailable as pgAvailable,
  pgliteTarget as pglite,
  pgServerTarget as pgServer,
  REDIS_URL,
  redisAvailable as redisUp,
} from '@privkit/internal/testing/servers';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { IoRedisLike, NodeRedisLike } from '../../src/redis.js';

export { PG_URL, type PgTarget, REDIS_URL, uniqueName } from '@privkit/internal/testing/servers';

/** Whether the PostgreSQL server answers (a skip reason is printed when it does not). */
export const pgServerAvailable = () => pgAvailable('visitor-hash');
/** Whether the Redis server answers (a skip reason is printed when it does not). */
export const redisAvailable = () => redisUp('visitor-hash');
/** The PostgreSQL server through `pg`, schemas named `vh_test_<random>`. */
export const pgServerTarget = () => pgServer('vh_test');
/** An embedded PGlite, schemas named `vh_test_<random>`. */
export const pgliteTarget = () => pglite('vh_test');

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
