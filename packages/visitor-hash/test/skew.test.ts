/**
 * @module
 * Clock skew (issue 16 item 10), on real UTC days against the real Redis and PostgreSQL
 * servers: hashers whose clocks are injected hours slow or fast (the servers keep their real
 * clocks) must not keep a Redis salt past its promised deletion, must not purge the current
 * day's PostgreSQL salt, and must compute the same ids as a hasher whose clock is right, even
 * when their own clock is on another day. The skews are worked out from the real time of the
 * run, so each test crosses a real day boundary at any hour it runs. (test/multiprocess.test.ts
 * runs separate processes whose whole clock is shifted; the slow suite runs them for longer.)
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemorySaltStore, createVisitorHasher, Secret } from '../src/index.js';
import { createPostgresSaltStore, type PostgresSaltStore } from '../src/postgres.js';
import { createRedisSaltStore } from '../src/redis.js';
import {
  pgliteTarget,
  pgServerAvailable,
  pgServerTarget,
  REDIS_URL,
  redisAvailable,
  uniqueName,
} from './support/servers.js';

const DAY = 86_400_000;
const GRACE_MS = 30 * 60_000;
const visitor = { tenant: 'shop.example', ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' };
/** The end of the UTC day of a day key, epoch milliseconds. */
const dayEnd = (key: string) => Date.parse(`${key.slice(0, 10)}T00:00:00Z`) + DAY;
/** Skews that put a clock one minute into tomorrow, one minute into yesterday, and 3 h either way. */
function skews(): number[] {
  const now = Date.now();
  const start = now - (now % DAY);
  return [start + DAY - now + 60_000, start - now - 60_000, 3 * 3_600_000, -3 * 3_600_000];
}
const skewed = (skew: number) => () => Date.now() + skew;

const redisUp = await redisAvailable();
const pgUp = await pgServerAvailable();

describe.skipIf(!redisUp)('skewed clocks on Redis', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `${uniqueName('privkit_test')}:`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('a slow server does not keep a salt past its promised deletion', async () => {
    for (const skew of [-2 * 3_600_000, ...skews()]) {
      const store = createRedisSaltStore({ client: redis, keyPrefix: `${prefix}slow${skew}:` });
      await createVisitorHasher({ store, clock: skewed(skew) }).id(visitor);
      const keys = await redis.keys(`${prefix}slow${skew}:*`);
      expect(keys).toHaveLength(1);
      for (const key of keys) {
        const dayKey = key.slice(`${prefix}slow${skew}:`.length);
        expect(Number(await redis.call('PEXPIRETIME', key))).toBe(dayEnd(dayKey) + GRACE_MS);
      }
    }
  });

  it('servers whose clocks are on other days agree on the id, and on today', async () => {
    const store = createRedisSaltStore({ client: redis, keyPrefix: `${prefix}agree:` });
    const hashers = [0, ...skews()].map((skew) => createVisitorHasher({ store, clock: skewed(skew) }));
    const ids = await Promise.all(hashers.map((h) => h.id(visitor)));
    expect(new Set(ids).size).toBe(1);
    expect(await redis.keys(`${prefix}agree:*`)).toEqual([
      `${prefix}agree:${new Date().toISOString().slice(0, 10)}@UTC`,
    ]);
  });

  it('the store refuses a salt asked for long before its day, by its own clock', async () => {
    const store = createRedisSaltStore({ client: redis, keyPrefix: `${prefix}early:` });
    // The day after tomorrow: its salt may not be made for at least 24 hours, whatever the time of
    // day the suite runs at (with tomorrow, a run in the last minutes before midnight UTC was
    // already inside the day's early window and rightly got a salt).
    const later = Date.now() - (Date.now() % DAY) + 2 * DAY;
    const candidate = Secret.from(crypto.getRandomValues(new Uint8Array(32)));
    const request = { notBefore: later - 5 * 60_000, expiresAt: later + DAY + GRACE_MS, candidate };
    // A fast server's hasher would say "now" is that day; the store goes by its own clock.
    expect(await store.getOrCreate({ dayKey: 'later@UTC', now: later + 60_000, ...request })).toBe('not-started');
    expect(await redis.exists(`${prefix}early:later@UTC`)).toBe(0);
  });
});

for (const [target, enabled] of [
  [pgServerTarget(), pgUp],
  [pgliteTarget(), true],
] as const) {
  describe.skipIf(!enabled)(`skewed clocks on PostgreSQL (${target.name})`, () => {
    afterAll(() => target.cleanup());

    async function freshStore(): Promise<PostgresSaltStore> {
      const store = createPostgresSaltStore({ client: await target.open(), schema: await target.createSchema() });
      await store.migrate();
      return store;
    }

    it('a fast server does not purge the current day’s salt, so the fleet keeps its ids', async () => {
      const store = await freshStore();
      const before = await createVisitorHasher({ store }).id(visitor);
      const now = Date.now();
      // Its clock says today's salt expired a minute ago.
      const fast = now - (now % DAY) + DAY + GRACE_MS - now + 60_000;
      const hasher = createVisitorHasher({ store, clock: skewed(fast) });
      expect(await hasher.purge()).toBe(0);
      expect(await hasher.id(visitor)).toBe(before);
      expect(await createVisitorHasher({ store }).id(visitor)).toBe(before);
    });

    it('servers whose clocks are on other days agree on the id', async () => {
      const store = await freshStore();
      const hashers = [0, ...skews()].map((skew) => createVisitorHasher({ store, clock: skewed(skew) }));
      const ids = await Promise.all(hashers.map((h) => h.id(visitor)));
      expect(new Set(ids).size).toBe(1);
    });

    it('a slow server’s read or write never extends a salt past its day end + grace', async () => {
      const store = await freshStore();
      for (const skew of skews()) await createVisitorHasher({ store, clock: skewed(skew) }).id(visitor);
      const client = await target.open();
      const rows = (
        await client.query(
          `SELECT day_key, (extract(epoch FROM expires_at) * 1000)::int8::text AS expires FROM ${store.table}`,
        )
      ).rows as { day_key: string; expires: string }[];
      expect(rows).toHaveLength(1);
      for (const row of rows) expect(Number(row.expires)).toBe(dayEnd(row.day_key) + GRACE_MS);
    });
  });
}

describe('stores without a clock of their own run on the hasher’s', () => {
  it('the memory store: one process, one clock', async () => {
    const store = createMemorySaltStore();
    const now = Date.UTC(2026, 10, 23, 23, 59);
    const a = createVisitorHasher({ store, clock: () => now });
    const b = createVisitorHasher({ store, clock: () => now + 120_000 }); // past midnight
    expect(await a.id(visitor)).not.toBe(await b.id(visitor));
  });
});
