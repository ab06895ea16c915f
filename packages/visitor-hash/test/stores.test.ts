/**
 * @module
 * Every salt store against the real thing: the in-process memory store, Redis through ioredis
 * and through node-redis, PostgreSQL through pg on the server and on PGlite. For each: twenty
 * hashers racing at the same instant agree on one salt; the day boundary and the grace window
 * behave as documented; `delete` really deletes; separate namespaces never share salts. Then
 * what only a server can show: Redis expires the salt at day end + grace by itself, PostgreSQL's
 * purge deletes the row and nothing re-creates it, and client failures surface as
 * `STORE_FAILURE` without a byte of the input or the salt.
 */
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemorySaltStore, createVisitorHasher, type SaltStore, Secret, VisitorHashError } from '../src/index.js';
import { createPostgresSaltStore } from '../src/postgres.js';
import { createRedisSaltStore } from '../src/redis.js';
import {
  ioredisTarget,
  nodeRedisTarget,
  type PgTarget,
  pgliteTarget,
  pgServerAvailable,
  pgServerTarget,
  type RedisTarget,
  redisAvailable,
  uniqueName,
} from './support/servers.js';

const pgUp = await pgServerAvailable();
const redisUp = await redisAvailable();

const BOUNDARY = Date.UTC(2026, 10, 24); // 2026-11-24T00:00:00Z
const GRACE = 30 * 60_000;
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const visitor = { tenant: 'shop.example', ip: '203.0.113.9', userAgent: UA };

/** One namespace (a prefix, a schema) on one backend. */
interface Namespace {
  /** A store on this namespace with a client of its own (memory: the one store). */
  store(): Promise<SaltStore>;
  /** The day keys holding a salt right now, read past the store. */
  dayKeys(): Promise<string[]>;
}

interface Backend {
  name: string;
  enabled: boolean;
  namespace(): Promise<Namespace>;
  cleanup(): Promise<void>;
}

function memoryBackend(): Backend {
  return {
    name: 'memory',
    enabled: true,
    async namespace() {
      const store = createMemorySaltStore();
      const keys = new Set<string>();
      // The memory store has no outside view, so track what it was asked to create and probe it.
      return {
        store: async () => store,
        async dayKeys() {
          const present: string[] = [];
          for (const key of ['2026-11-23@UTC', '2026-11-24@UTC', '2026-11-25@UTC', ...keys]) {
            const held = await store.getOrCreate({ dayKey: key, expiresAt: 0, now: 1, candidate: null as never });
            if (held !== null) present.push(key);
          }
          return present;
        },
      };
    },
    async cleanup() {},
  };
}

function redisBackend(target: RedisTarget): Backend {
  const prefixes: string[] = [];
  return {
    name: target.name,
    enabled: redisUp,
    async namespace() {
      const prefix = `${uniqueName('privkit_test')}:`;
      prefixes.push(prefix);
      return {
        store: async () => createRedisSaltStore({ client: await target.open(), keyPrefix: prefix }),
        dayKeys: async () => (await target.inspector().keys(`${prefix}*`)).map((k) => k.slice(prefix.length)).sort(),
      };
    },
    cleanup: () => (redisUp ? target.cleanup(prefixes) : Promise.resolve()),
  };
}

function pgBackend(target: PgTarget, enabled: boolean): Backend {
  return {
    name: target.name,
    enabled,
    async namespace() {
      const schema = await target.createSchema();
      const first = createPostgresSaltStore({ client: await target.open(), schema });
      await first.migrate();
      const reader = await target.open();
      return {
        store: async () => createPostgresSaltStore({ client: await target.open(), schema }),
        dayKeys: async () =>
          (
            (await reader.query(`SELECT day_key FROM ${first.table} ORDER BY day_key`)).rows as { day_key: string }[]
          ).map((r) => r.day_key),
      };
    },
    cleanup: () => (enabled ? target.cleanup() : Promise.resolve()),
  };
}

const backends: Backend[] = [
  memoryBackend(),
  redisBackend(ioredisTarget()),
  redisBackend(nodeRedisTarget()),
  pgBackend(pgServerTarget(), pgUp),
  pgBackend(pgliteTarget(), true),
];
afterAll(async () => {
  for (const backend of backends) await backend.cleanup();
});

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`salt store: ${backend.name}`, () => {
    it('twenty hashers racing at one instant agree on one salt', async () => {
      const ns = await backend.namespace();
      const at = BOUNDARY + 50;
      const hashers = await Promise.all(
        Array.from({ length: 20 }, async () => createVisitorHasher({ store: await ns.store(), clock: () => at })),
      );
      const ids = await Promise.all(hashers.map((h) => h.id(visitor)));
      expect(new Set(ids).size).toBe(1);
      expect(await ns.dayKeys()).toEqual(['2026-11-24@UTC']);
    });

    it('crosses midnight: a new id, both in the grace window, the old one gone after it', async () => {
      const ns = await backend.namespace();
      let now = BOUNDARY - 1;
      const hasher = createVisitorHasher({ store: await ns.store(), clock: () => now, graceMs: GRACE });
      const before = await hasher.id(visitor);
      now = BOUNDARY;
      const after = await hasher.id(visitor);
      expect(after).not.toBe(before);
      // Another instance on the same store sees the same two salts.
      const other = createVisitorHasher({ store: await ns.store(), clock: () => now, graceMs: GRACE });
      expect(await other.candidates(visitor)).toEqual([after, before]);
      now = BOUNDARY + GRACE - 1;
      expect(await other.candidates(visitor)).toEqual([after, before]);
      now = BOUNDARY + GRACE;
      expect(await other.candidates(visitor)).toEqual([after]);
      await expect(other.id({ ...visitor, at: BOUNDARY - 1 })).rejects.toMatchObject({ code: 'OUTSIDE_WINDOW' });
    });

    it('delete removes the salt, and says so only when it is gone', async () => {
      const ns = await backend.namespace();
      const store = await ns.store();
      await createVisitorHasher({ store, clock: () => BOUNDARY + 1 }).id(visitor);
      expect(await ns.dayKeys()).toContain('2026-11-24@UTC');
      expect(await store.delete('2026-11-24@UTC')).toBe(true);
      expect(await ns.dayKeys()).not.toContain('2026-11-24@UTC');
    });

    it('separate namespaces have separate random salts', async () => {
      const a = createVisitorHasher({ store: await (await backend.namespace()).store(), clock: () => BOUNDARY + 1 });
      const b = createVisitorHasher({ store: await (await backend.namespace()).store(), clock: () => BOUNDARY + 1 });
      expect(await a.id(visitor)).not.toBe(await b.id(visitor));
    });

    it('prints as redacted', async () => {
      const store = await (await backend.namespace()).store();
      expect(inspect(store)).toMatch(/redacted/);
      expect(JSON.stringify({ store })).toMatch(/redacted/);
    });
  });
}

describe.skipIf(!redisUp)('Redis: expiry and failures', () => {
  const target = ioredisTarget();
  const prefix = `${uniqueName('privkit_test')}:`;
  afterAll(() => target.cleanup([prefix]));

  it('Redis itself deletes the salt at day end + grace', async () => {
    // The hasher's clock stands 300 ms before the salt's end; Redis counts the rest in real time.
    const now = BOUNDARY + GRACE - 300;
    const store = createRedisSaltStore({ client: await target.open(), keyPrefix: prefix });
    await createVisitorHasher({ store, clock: () => now, graceMs: GRACE }).id({ ...visitor, at: BOUNDARY - 1 });
    const key = `${prefix}2026-11-23@UTC`;
    const ttl = await target.inspector().pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await target.inspector().exists(key)).toBe(0);
  });

  it('a failing client gives STORE_FAILURE with no input and no salt in it', async () => {
    const client = await target.open();
    const store = createRedisSaltStore({ client, keyPrefix: prefix });
    await (client as unknown as { quit(): Promise<unknown> }).quit();
    const error = await createVisitorHasher({ store, clock: () => BOUNDARY + 1 })
      .id(visitor)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VisitorHashError);
    expect((error as VisitorHashError).code).toBe('STORE_FAILURE');
    const text = `${(error as Error).message} ${inspect(error, { depth: 5 })}`;
    expect(text).not.toContain('203.0.113.9');
    expect(text).not.toContain('Chrome');
    expect(text).not.toMatch(/[A-Za-z0-9+/]{43}=/); // a base64 salt
  });
});

for (const [target, enabled] of [
  [pgServerTarget(), pgUp],
  [pgliteTarget(), true],
] as const) {
  describe.skipIf(!enabled)(`PostgreSQL: purge and failures (${target.name})`, () => {
    afterAll(() => target.cleanup());

    it('after day end + grace, purge deletes the row and nothing brings it back', async () => {
      const schema = await target.createSchema();
      const store = createPostgresSaltStore({ client: await target.open(), schema });
      await store.migrate();
      let now = BOUNDARY - 60_000;
      const hasher = createVisitorHasher({ store, clock: () => now, graceMs: GRACE });
      await hasher.id(visitor);
      const reader = await target.open();
      const rows = async () => (await reader.query(`SELECT day_key FROM ${store.table}`)).rows as { day_key: string }[];
      expect((await rows()).map((r) => r.day_key)).toEqual(['2026-11-23@UTC']);
      now = BOUNDARY + GRACE;
      expect(await hasher.purge()).toBe(1);
      expect(await rows()).toEqual([]);
      const fresh = createVisitorHasher({ store, clock: () => now, graceMs: GRACE });
      await expect(fresh.id({ ...visitor, at: BOUNDARY - 60_000 })).rejects.toMatchObject({ code: 'OUTSIDE_WINDOW' });
      expect(
        await store.getOrCreate({
          dayKey: '2026-11-23@UTC',
          expiresAt: BOUNDARY + GRACE,
          now,
          candidate: null as never,
        }),
      ).toBeNull();
      expect(await rows()).toEqual([]);
    });

    it('an expired row that was never purged is not returned', async () => {
      const schema = await target.createSchema();
      const store = createPostgresSaltStore({ client: await target.open(), schema });
      await store.migrate();
      let now = BOUNDARY - 60_000;
      await createVisitorHasher({ store, clock: () => now, graceMs: 0 }).id(visitor);
      now = BOUNDARY; // expired, still in the table
      const candidate = Secret.from(new Uint8Array(32).fill(7));
      const answer = await store.getOrCreate({ dayKey: '2026-11-23@UTC', expiresAt: BOUNDARY + 1, now, candidate });
      expect(answer).toBeNull();
    });

    it('a missing table gives STORE_FAILURE without the salt', async () => {
      const schema = await target.createSchema();
      const store = createPostgresSaltStore({ client: await target.open(), schema }); // no migrate()
      const error = await createVisitorHasher({ store, clock: () => BOUNDARY + 1 })
        .id(visitor)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORE_FAILURE' });
      expect((error as Error).message).toMatch(/42P01/); // undefined_table
      expect((error as Error).message).not.toMatch(/[0-9a-f]{64}/);
    });

    it('rejects unsafe table and schema names when built', async () => {
      const client = await target.open();
      expect(() => createPostgresSaltStore({ client, table: 'salts; DROP TABLE x' })).toThrow(RangeError);
      expect(() => createPostgresSaltStore({ client, schema: 'Public' })).toThrow(RangeError);
    });
  });
}
