/**
 * @module
 * Every salt store against the real thing: the in-process memory store, Redis through ioredis
 * and through node-redis, PostgreSQL through pg on the server and on PGlite. For each: twenty
 * hashers racing at the same instant agree on one salt; a day boundary and the grace window
 * behave as documented, in real time on the store's own clock (days of four seconds, because a
 * test cannot move a server's clock to midnight); `delete` really deletes; separate namespaces
 * never share salts. Then what only a server can show: Redis expires the salt at day end + grace
 * by its clock, PostgreSQL's purge deletes the row and nothing re-creates it, planted or
 * corrupted salts are refused, and client failures surface as `STORE_FAILURE` without a byte of
 * the input or the salt.
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
import { nextBoundary, shortDays } from './support/short-days.js';

const pgUp = await pgServerAvailable();
const redisUp = await redisAvailable();

const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const visitor = { tenant: 'shop.example', ip: '203.0.113.9', userAgent: UA };
const today = () => `${new Date().toISOString().slice(0, 10)}@UTC`;
/**
 * Days of twelve seconds with a six-second grace window, on whichever clock the store keeps: room
 * for a loaded machine between the steps below, which are timed against the boundary.
 */
const DAY_MS = 12_000;
const GRACE_MS = 6000;
const short = { days: shortDays(DAY_MS), grace: 'PT6S' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One namespace (a prefix, a schema) on one backend. */
interface Namespace {
  /** A store on this namespace with a client of its own (memory: the one store). */
  store(): Promise<SaltStore>;
  /** The day keys holding a live salt right now, read past the store where it can be. */
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
      // The memory store has no outside view: probe the keys of today and of the short days
      // around now, at this instant (a probe never creates: its expiry has passed).
      return {
        store: async () => store,
        async dayKeys() {
          const days = shortDays(DAY_MS);
          const now = Date.now();
          const keys = [today(), ...[-3, -2, -1, 0, 1].map((n) => days.window(now + n * DAY_MS).key)];
          const present: string[] = [];
          for (const dayKey of keys) {
            const probe = { dayKey, notBefore: 0, expiresAt: 0, now, candidate: null as never };
            if (typeof (await store.getOrCreate(probe)) === 'object') present.push(dayKey);
          }
          return present.sort();
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
            (await reader.query(`SELECT day_key FROM ${first.table} WHERE expires_at > clock_timestamp() ORDER BY 1`))
              .rows as { day_key: string }[]
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
      const hashers = await Promise.all(
        Array.from({ length: 20 }, async () => createVisitorHasher({ store: await ns.store() })),
      );
      const ids = await Promise.all(hashers.map((h) => h.id(visitor)));
      expect(new Set(ids).size).toBe(1);
      expect(await ns.dayKeys()).toEqual([today()]);
    });

    it('crosses a day boundary on the store clock: a new id, both in the grace window, then the old gone', async () => {
      const ns = await backend.namespace();
      const hasher = createVisitorHasher({ store: await ns.store(), ...short });
      // Just before a boundary B: the id of the day ending at B.
      const boundary = await nextBoundary(DAY_MS, -2100);
      const before = await hasher.id(visitor);
      await sleep(boundary + 300 - Date.now());
      const after = await hasher.id(visitor);
      expect(after).not.toBe(before);
      // Another instance on the same store sees the same two salts during the grace window.
      const other = createVisitorHasher({ store: await ns.store(), ...short });
      expect(await other.candidates(visitor)).toEqual([after, before]);
      await sleep(boundary + 6900 - Date.now());
      expect(await other.candidates(visitor)).toEqual([after]);
      await expect(other.id({ ...visitor, at: boundary - 1 })).rejects.toMatchObject({ code: 'OUTSIDE_WINDOW' });
      expect(await ns.dayKeys()).toEqual([shortDays(DAY_MS).window(boundary).key]);
    });

    it('delete removes the salt, and says so only when it is gone', async () => {
      const ns = await backend.namespace();
      const store = await ns.store();
      await createVisitorHasher({ store }).id(visitor);
      expect(await ns.dayKeys()).toContain(today());
      expect(await store.delete(today())).toBe(true);
      expect(await ns.dayKeys()).not.toContain(today());
    });

    it('separate namespaces have separate random salts', async () => {
      const a = createVisitorHasher({ store: await (await backend.namespace()).store() });
      const b = createVisitorHasher({ store: await (await backend.namespace()).store() });
      expect(await a.id(visitor)).not.toBe(await b.id(visitor));
    });

    it('prints as redacted', async () => {
      const store = await (await backend.namespace()).store();
      expect(inspect(store)).toMatch(/redacted/);
      expect(JSON.stringify({ store })).toMatch(/redacted/);
    });
  });
}

describe.skipIf(!redisUp)('Redis: expiry, planted keys and failures', () => {
  const target = ioredisTarget();
  const prefix = `${uniqueName('privkit_test')}:`;
  afterAll(() => target.cleanup([prefix]));

  it('Redis deletes the salt at day end + grace by its own clock, whatever the hasher’s clock says', async () => {
    const store = createRedisSaltStore({ client: await target.open(), keyPrefix: `${prefix}exp:` });
    // This hasher's clock is three hours slow: it used to set a TTL three hours too long.
    const hasher = createVisitorHasher({ store, ...short, clock: () => Date.now() - 3 * 3_600_000 });
    const day = shortDays(DAY_MS).window(Date.now());
    await hasher.id(visitor);
    const key = store.keyOf(day.key);
    expect(Number(await target.inspector().call('PEXPIRETIME', key))).toBe(day.end + GRACE_MS);
    await sleep(day.end + GRACE_MS + 200 - Date.now());
    expect(await target.inspector().exists(key)).toBe(0);
  });

  it('refuses a planted key: no expiry, a later expiry than promised, or not a salt', async () => {
    const client = await target.open();
    const redis = target.inspector();
    const key = (name: string) => `${prefix}planted-${name}:${today()}`;
    const salt = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    const tomorrow = Date.parse(today().slice(0, 10)) + 86_400_000;
    await redis.set(key('forever'), salt);
    await redis.set(key('late'), salt, 'PXAT', tomorrow + 3 * 3_600_000);
    await redis.set(key('text'), 'not a salt', 'PXAT', tomorrow);
    await redis.set(key('zeros'), Buffer.alloc(32).toString('base64'), 'PXAT', tomorrow);
    await redis.hset(key('hash'), 'salt', salt);
    for (const name of ['forever', 'late', 'text', 'zeros', 'hash']) {
      const store = createRedisSaltStore({ client, keyPrefix: `${prefix}planted-${name}:` });
      const error = await createVisitorHasher({ store })
        .id(visitor)
        .catch((e: unknown) => e);
      expect(error, name).toMatchObject({ name: 'VisitorHashError', code: 'STORE_FAILURE' });
      expect((error as Error).message).not.toContain(salt.slice(0, 12));
    }
    // Refusing changed nothing: the planted keys are still there for the operator to see.
    expect(await redis.exists(key('forever'), key('late'), key('text'), key('zeros'), key('hash'))).toBe(5);
  });

  it('a failing client gives STORE_FAILURE with no input and no salt in it', async () => {
    const client = await target.open();
    const store = createRedisSaltStore({ client, keyPrefix: prefix });
    await (client as unknown as { quit(): Promise<unknown> }).quit();
    const error = await createVisitorHasher({ store })
      .id(visitor)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VisitorHashError);
    expect((error as VisitorHashError).code).toBe('STORE_FAILURE');
    const text = `${(error as Error).message} ${inspect(error, { depth: 5 })}`;
    expect(text).not.toContain('203.0.113.9');
    expect(text).not.toContain('Chrome');
    expect(text).not.toMatch(/[A-Za-z0-9+/]{43}=/); // a base64 salt
  });

  it('rejects bad options as VisitorHashError', async () => {
    const client = await target.open();
    for (const [options, code, path] of [
      [{ client: {} }, 'INVALID_OPTIONS', 'options.client'],
      [{ client, keyPrefix: '' }, 'INVALID_OPTIONS', 'options.keyPrefix'],
      [{ client, prefix: 'x:' }, 'UNKNOWN_KEY', 'options.prefix'],
    ] as const) {
      expect(() => createRedisSaltStore(options as never)).toThrow(expect.objectContaining({ code, path }));
    }
  });
});

for (const [target, enabled] of [
  [pgServerTarget(), pgUp],
  [pgliteTarget(), true],
] as const) {
  describe.skipIf(!enabled)(`PostgreSQL: purge, planted rows and failures (${target.name})`, () => {
    afterAll(() => target.cleanup());

    it('after day end + grace the next call deletes the row, and nothing brings it back', async () => {
      const schema = await target.createSchema();
      const store = createPostgresSaltStore({ client: await target.open(), schema });
      await store.migrate();
      const reader = await target.open();
      const rows = async () =>
        ((await reader.query(`SELECT day_key FROM ${store.table} ORDER BY 1`)).rows as { day_key: string }[]).map(
          (r) => r.day_key,
        );
      const days = shortDays(DAY_MS);
      const hasher = createVisitorHasher({ store, ...short });
      const day = days.window(Date.now());
      await hasher.id(visitor);
      expect(await rows()).toEqual([day.key]);
      // Past the first day's end + grace: the next id (of the new day) purges the old row.
      await sleep(day.end + GRACE_MS + 100 - Date.now());
      await hasher.id(visitor);
      expect(await rows()).not.toContain(day.key);
      const fresh = createVisitorHasher({ store, ...short });
      await expect(fresh.id({ ...visitor, at: day.start })).rejects.toMatchObject({ code: 'OUTSIDE_WINDOW' });
      const candidate = Secret.from(crypto.getRandomValues(new Uint8Array(32)));
      const request = { dayKey: day.key, notBefore: 0, expiresAt: day.end + GRACE_MS, now: 0, candidate };
      expect(await store.getOrCreate(request)).toBe('expired');
      expect(await rows()).not.toContain(day.key);
    });

    it('an expired row that was never purged is not returned, whatever "now" the caller claims', async () => {
      const schema = await target.createSchema();
      const store = createPostgresSaltStore({ client: await target.open(), schema });
      await store.migrate();
      const writer = await target.open();
      await writer
        .query(
          `INSERT INTO ${store.table} (day_key, salt, expires_at) VALUES ($1, gen_random_bytes(32), ` +
            `clock_timestamp() - interval '1 minute')`,
          ['stale@UTC'],
        )
        .catch(async () => {
          // PGlite has no pgcrypto: any 32 bytes will do for a row that must never be read.
          await writer.query(
            `INSERT INTO ${store.table} (day_key, salt, expires_at) VALUES ($1, decode(repeat('ab', 32), 'hex'), ` +
              `clock_timestamp() - interval '1 minute')`,
            ['stale@UTC'],
          );
        });
      const candidate = Secret.from(crypto.getRandomValues(new Uint8Array(32)));
      const claims = { notBefore: 0, expiresAt: Date.now() + 86_400_000, now: 0, candidate };
      expect(await store.getOrCreate({ dayKey: 'stale@UTC', ...claims })).toBe('expired');
    });

    it('refuses a planted row whose salt outlives its promised deletion, or is not a salt', async () => {
      const schema = await target.createSchema();
      const store = createPostgresSaltStore({ client: await target.open(), schema });
      await store.migrate();
      const writer = await target.open();
      const tomorrow = new Date(Date.parse(today().slice(0, 10)) + 86_400_000);
      await writer.query(`INSERT INTO ${store.table} (day_key, salt, expires_at) VALUES ($1, decode($2, 'hex'), $3)`, [
        today(),
        Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex'),
        new Date(tomorrow.getTime() + 24 * 3_600_000).toISOString(),
      ]);
      const error = await createVisitorHasher({ store })
        .id(visitor)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORE_FAILURE', message: expect.stringMatching(/outlives/) });
      await writer.query(`UPDATE ${store.table} SET salt = decode(repeat('00', 32), 'hex'), expires_at = $1`, [
        tomorrow.toISOString(),
      ]);
      await expect(createVisitorHasher({ store }).id(visitor)).rejects.toMatchObject({ code: 'STORE_FAILURE' });
      await writer.query(`UPDATE ${store.table} SET salt = decode('abcd', 'hex')`);
      await expect(createVisitorHasher({ store }).id(visitor)).rejects.toMatchObject({ code: 'STORE_FAILURE' });
    });

    it('a missing table gives STORE_FAILURE without the salt', async () => {
      const schema = await target.createSchema();
      const store = createPostgresSaltStore({ client: await target.open(), schema }); // no migrate()
      const error = await createVisitorHasher({ store })
        .id(visitor)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORE_FAILURE' });
      expect((error as Error).message).toMatch(/42P01/); // undefined_table
      expect((error as Error).message).not.toMatch(/[0-9a-f]{64}/);
    });

    it('rejects unsafe table and schema names, and unknown keys, when built', async () => {
      const client = await target.open();
      for (const [options, code, path] of [
        [{ client, table: 'salts; DROP TABLE x' }, 'INVALID_OPTIONS', 'options.table'],
        [{ client, schema: 'Public' }, 'INVALID_OPTIONS', 'options.schema'],
        [{ client, table: 'a'.repeat(53) }, 'INVALID_OPTIONS', 'options.table'],
        [{ client: {} }, 'INVALID_OPTIONS', 'options.client'],
        [{ client, tabel: 'x' }, 'UNKNOWN_KEY', 'options.tabel'],
      ] as const) {
        expect(() => createPostgresSaltStore(options as never)).toThrow(
          expect.objectContaining({ name: 'VisitorHashError', code, path }),
        );
      }
    });
  });
}
