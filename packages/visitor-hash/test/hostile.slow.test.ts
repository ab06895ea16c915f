/**
 * @module
 * The hostile-input suite of `@privkit/visitor-hash` (issue 16), against the real Redis and
 * PostgreSQL servers. Each property asserts the promise itself with a checker that does not
 * share the package's code:
 *
 * - skewed clocks: worker processes whose whole clock is shifted (by hours, or by more than a
 *   day of the four-second days used here) hash visitors continuously across several day
 *   boundaries while the test watches the store: every process gets the same id for a visitor
 *   and day, each salt's expiry is exactly its day's end plus the grace window, no salt is seen
 *   after it (Redis) or a second after it (PostgreSQL, deleted by the next call), and none
 *   disappears before it;
 * - planted and corrupted salts: keys and rows of every type, length, alphabet and expiry are
 *   refused with `STORE_FAILURE` (or `SALT_EXPIRED`) unless they are a real salt the promise
 *   allows, in which case the id is the one `node:crypto` computes from the specification; and
 *   refusing changes nothing;
 * - concurrent creators with random clocks agree on one salt;
 * - weak secrets of every generated shape are `WEAK_SECRET` with one of the fixed messages, and
 *   CSPRNG secrets are never refused;
 * - unknown keys anywhere are `UNKNOWN_KEY` naming the path; impossible instants are
 *   `INVALID_INSTANT`.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceId } from '../scripts/gen-vectors.js';
import {
  createMemorySaltStore,
  createStatelessSaltSource,
  createVisitorHasher,
  unsafeUnkeyedSha256,
  VisitorHashError,
  zonedDays,
} from '../src/index.js';
import { createPostgresSaltStore } from '../src/postgres.js';
import { createRedisSaltStore } from '../src/redis.js';
import { fleet } from './support/fleet.js';
import { PG_URL, pgServerAvailable, REDIS_URL, redisAvailable, uniqueName } from './support/servers.js';
import { shortDays } from './support/short-days.js';
import type { Sample, WorkerConfig } from './support/worker.js';

const redisUp = await redisAvailable();
const pgUp = await pgServerAvailable();
const HOUR = 3_600_000;
const DAY = 86_400_000;
const GRACE_MS = 30 * 60_000;
const visitor = { tenant: 'shop.example', ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' };
const today = () => `${new Date().toISOString().slice(0, 10)}@UTC`;
const promisedEnd = () => Date.parse(today().slice(0, 10)) + DAY + GRACE_MS;
const caught = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

/** What the test saw in the store at one moment: day key → expiry, between two real instants. */
interface Observation {
  from: number;
  to: number;
  salts: Map<string, number>;
}

// --- skewed clocks ------------------------------------------------------------------------

const DAY_MS = 4000;
const GRACE = 'PT1S';
const FLEET_GRACE_MS = 1000;
const days = shortDays(DAY_MS);
/** A sample counts for a day only when it was taken this far from the day's edges. */
const MARGIN = 100;

function checkAgreement(outputs: { samples: Sample[] }[]): void {
  const byDay = new Map<number, { ids: string[]; workers: Set<number> }>();
  outputs.forEach((output, worker) => {
    for (const sample of output.samples) {
      const day = days.window(sample.from - MARGIN);
      if (sample.to + MARGIN >= day.end) continue;
      const seen = byDay.get(day.start) ?? { ids: sample.ids, workers: new Set() };
      // Every process, whatever its clock, computed the same ids for this day.
      expect(sample.ids, `worker ${worker}, day ${day.key}`).toEqual(seen.ids);
      seen.workers.add(worker);
      byDay.set(day.start, seen);
    }
  });
  const all = [...byDay.values()];
  expect(all.length).toBeGreaterThanOrEqual(3);
  for (const day of all.slice(1, -1)) expect(day.workers.size).toBe(outputs.length);
  // Another day, another id for every visitor.
  for (let v = 0; v < (all[0]?.ids.length ?? 0); v++) expect(new Set(all.map((d) => d.ids[v])).size).toBe(all.length);
}

function checkLifetimes(observations: Observation[], deletedWithinMs: number): void {
  const firstSeen = new Map<string, number>();
  for (const o of observations) {
    for (const [key, expiry] of o.salts) {
      const day = days.window(Number(/-(\d+)@/.exec(key)?.[1]) * DAY_MS);
      // The promised deletion, to the millisecond, by the store's clock.
      expect(expiry, key).toBe(day.end + FLEET_GRACE_MS);
      // Never created more than five minutes before its day.
      if (!firstSeen.has(key)) firstSeen.set(key, o.to);
      expect(o.to, key).toBeGreaterThanOrEqual(day.start - 5 * 60_000);
      // Not kept past its deletion.
      expect(o.from, `${key} seen after its deletion`).toBeLessThan(expiry + deletedWithinMs);
    }
  }
  // Not deleted early: once seen, present in every look that ended before its expiry.
  for (const [key, seen] of firstSeen) {
    const expiry = days.window(Number(/-(\d+)@/.exec(key)?.[1]) * DAY_MS).end + FLEET_GRACE_MS;
    for (const o of observations) {
      if (o.from > seen && o.to < expiry - 5) expect(o.salts.has(key), `${key} gone early`).toBe(true);
    }
  }
  expect(firstSeen.size).toBeGreaterThanOrEqual(4);
}

/** Polls the store with `look` every 100 ms until `done` settles. */
async function watch(look: () => Promise<Map<string, number>>, done: Promise<unknown>): Promise<Observation[]> {
  const observations: Observation[] = [];
  let finished = false;
  done.finally(() => {
    finished = true;
  });
  while (!finished) {
    const from = Date.now();
    const salts = await look();
    observations.push({ from, to: Date.now(), salts });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return observations;
}

const skews = [
  0,
  7_000,
  -7_000,
  ...fc.sample(fc.noBias(fc.integer({ min: -6 * HOUR, max: 6 * HOUR })), { numRuns: 2, seed: 1610 }),
];

describe.skipIf(!redisUp)('slow: a fleet with skewed clocks on Redis', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `${uniqueName('privkit_test')}:`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it(`agree on every id and keep every deletion on time (skews ${skews.join(', ')} ms)`, async () => {
    const config: WorkerConfig = {
      mode: 'run',
      kind: 'redis',
      url: REDIS_URL,
      namespace: prefix,
      dayMs: DAY_MS,
      grace: GRACE,
      durationMs: 17_000,
      intervalMs: 150,
    };
    const run = fleet<{ samples: Sample[] }>(config, skews, { leadMs: 500, afterMs: 0 });
    const observations = await watch(async () => {
      const salts = new Map<string, number>();
      for (const key of await redis.keys(`${prefix}*`)) {
        const expiry = Number(await redis.call('PEXPIRETIME', key));
        if (expiry > 0) salts.set(key.slice(prefix.length), expiry);
      }
      return salts;
    }, run);
    checkAgreement((await run).outputs);
    // Redis deletes at the instant: KEYS never lists a key past its expiry.
    checkLifetimes(observations, 0);
  }, 300_000);
});

describe.skipIf(!pgUp)('slow: a fleet with skewed clocks on PostgreSQL', () => {
  const schema = uniqueName('vh_test');
  const client = new pg.Client({ connectionString: PG_URL });
  afterAll(async () => {
    if (!pgUp) return;
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it(`agree on every id; rows expire by the server's clock and go at the next call (skews ` +
    `${skews.join(', ')} ms)`, async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    const store = createPostgresSaltStore({ client, schema });
    await store.migrate();
    const config: WorkerConfig = {
      mode: 'run',
      kind: 'postgres',
      url: PG_URL,
      namespace: schema,
      dayMs: DAY_MS,
      grace: GRACE,
      durationMs: 17_000,
      intervalMs: 150,
    };
    const run = fleet<{ samples: Sample[] }>(config, skews, { leadMs: 500, afterMs: 0 });
    const observations = await watch(async () => {
      const { rows } = await client.query(
        `SELECT day_key, (extract(epoch FROM expires_at) * 1000)::int8::text AS expires FROM ${store.table}`,
      );
      return new Map((rows as { day_key: string; expires: string }[]).map((r) => [r.day_key, Number(r.expires)]));
    }, run);
    checkAgreement((await run).outputs);
    // Traffic every 150 ms per process: the row is deleted by the first call after its expiry.
    checkLifetimes(observations, 1500);
  }, 300_000);
});

// --- planted and corrupted salts ---------------------------------------------------------

/** Planted salt values: a real salt, a weak one, wrong lengths, the wrong alphabet, any text. */
const plantedValue = fc.oneof(
  fc.constant(null).map(() => ({ kind: 'real' as const, bytes: randomBytes(32) })),
  fc
    .array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })
    .chain((alphabet) => fc.array(fc.constantFrom(...alphabet), { minLength: 32, maxLength: 32 }))
    .map((b) => ({ kind: 'weak' as const, bytes: Buffer.from(b) })),
  fc.integer({ min: 0, max: 80 }).map((n) => ({ kind: 'length' as const, bytes: randomBytes(n) })),
  fc.string({ maxLength: 60 }).map((text) => ({ kind: 'text' as const, text })),
);
/** How the planted expiry relates to the promised deletion. */
const plantedExpiry = fc.oneof(
  fc.constant('none' as const),
  fc.constant('exact' as const),
  fc.integer({ min: 1, max: 12 * HOUR }).map((ms) => ({ earlier: ms })),
  fc.integer({ min: 1, max: 48 * HOUR }).map((ms) => ({ later: ms })),
);
type PlantedExpiry = 'none' | 'exact' | { earlier: number } | { later: number };

function expiryOf(e: PlantedExpiry): number | undefined {
  const promised = promisedEnd();
  if (e === 'none') return undefined;
  if (e === 'exact') return promised;
  // Never within a minute of now: the key must still be there when the hasher reads it.
  if ('earlier' in e) return Math.max(Date.now() + 60_000, promised - e.earlier);
  return promised + e.later;
}

/** The independent verdict on a planted salt: the id it gives, or the error code. */
function verdict(bytes: Buffer | undefined, expiry: number | undefined): string {
  if (bytes === undefined || bytes.length !== 32 || new Set(bytes).size < 16) return 'STORE_FAILURE';
  if (expiry === undefined || expiry > promisedEnd()) return 'STORE_FAILURE';
  return referenceId(bytes.toString('hex'), visitor.tenant, today(), visitor.ip, visitor.userAgent);
}

describe.skipIf(!redisUp)('slow: planted and corrupted Redis keys', () => {
  const redis = new Redis(REDIS_URL);
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  });

  it('are refused unless they are a salt the promise allows, and are left as they were', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('string', 'hash', 'list'),
        plantedValue,
        plantedExpiry,
        async (type, value, e) => {
          const prefix = `${uniqueName('privkit_test')}:`;
          prefixes.push(prefix);
          const key = `${prefix}${today()}`;
          const text = value.kind === 'text' ? value.text : value.bytes.toString('base64');
          const expiry = expiryOf(e);
          if (type === 'string') await redis.set(key, text);
          else if (type === 'hash') await redis.hset(key, 'salt', text);
          else await redis.rpush(key, text);
          if (expiry !== undefined) await redis.pexpireat(key, expiry);
          const before = [await redis.type(key), await redis.dump(key), await redis.call('PEXPIRETIME', key)];

          const store = createRedisSaltStore({ client: redis, keyPrefix: prefix });
          const outcome = await createVisitorHasher({ store })
            .id(visitor)
            .then(
              (id) => id,
              (error: unknown) => (error instanceof VisitorHashError ? error.code : `crash ${String(error)}`),
            );
          // Redis keeps its salts as canonical base64: anything else is not one of ours.
          const canonical = type === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(text);
          const bytes = canonical ? Buffer.from(text, 'base64') : undefined;
          expect(outcome).toBe(verdict(bytes, expiry));
          expect([await redis.type(key), await redis.dump(key), await redis.call('PEXPIRETIME', key)]).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  }, 600_000);
});

describe.skipIf(!pgUp)('slow: planted and corrupted PostgreSQL rows', () => {
  const schema = uniqueName('vh_test');
  const client = new pg.Client({ connectionString: PG_URL });
  afterAll(async () => {
    if (!pgUp) return;
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('are refused unless they are a salt the promise allows, and are left as they were', async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        plantedValue,
        fc.oneof(
          plantedExpiry,
          fc.integer({ min: 1, max: 48 * HOUR }).map((ms) => ({ past: ms })),
        ),
        async (value, e) => {
          const store = createPostgresSaltStore({ client, schema, table: `t${run++}` });
          await store.migrate();
          const bytes = value.kind === 'text' ? Buffer.from(value.text, 'utf8') : value.bytes;
          const past = typeof e === 'object' && 'past' in e;
          const expiry = past ? Date.now() - e.past : (expiryOf(e as PlantedExpiry) ?? promisedEnd() + 100 * DAY);
          await client.query(`INSERT INTO ${store.table} (day_key, salt, expires_at) VALUES ($1, $2, $3)`, [
            today(),
            bytes,
            new Date(expiry).toISOString(),
          ]);
          const row = async () => (await client.query(`SELECT salt, expires_at FROM ${store.table}`)).rows;
          const before = await row();
          const outcome = await createVisitorHasher({ store })
            .id(visitor)
            .then(
              (id) => id,
              (error: unknown) => (error instanceof VisitorHashError ? error.code : `crash ${String(error)}`),
            );
          // A row past its expiry by the server's clock is gone for good, whatever it holds.
          expect(outcome).toBe(past ? 'SALT_EXPIRED' : verdict(bytes, expiry));
          expect(await row()).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  }, 600_000);
});

// --- concurrent creators -------------------------------------------------------------------

const creators = fc.array(fc.integer({ min: -12 * HOUR, max: 12 * HOUR }), { minLength: 2, maxLength: 25 });

describe.skipIf(!redisUp)('slow: concurrent creators with random clocks on Redis', () => {
  const redis = new Redis(REDIS_URL);
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  });

  it('agree on one salt, deleted at its promised instant', async () => {
    await fc.assert(
      fc.asyncProperty(creators, async (offsets) => {
        const prefix = `${uniqueName('privkit_test')}:`;
        prefixes.push(prefix);
        const ids = await Promise.all(
          offsets.map((skew) =>
            createVisitorHasher({
              store: createRedisSaltStore({ client: redis, keyPrefix: prefix }),
              clock: () => Date.now() + skew,
            }).id(visitor),
          ),
        );
        expect(new Set(ids).size).toBe(1);
        expect(await redis.keys(`${prefix}*`)).toEqual([`${prefix}${today()}`]);
        expect(Number(await redis.call('PEXPIRETIME', `${prefix}${today()}`))).toBe(promisedEnd());
      }),
      { numRuns: 60 },
    );
  }, 600_000);
});

describe.skipIf(!pgUp)('slow: concurrent creators with random clocks on PostgreSQL', () => {
  const schema = uniqueName('vh_test');
  const admin = new pg.Client({ connectionString: PG_URL });
  const clients: pg.Client[] = [];
  afterAll(async () => {
    if (!pgUp) return;
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await Promise.all([admin, ...clients].map((c) => c.end()));
  });

  it('agree on one salt, expiring at its promised instant', async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    for (let i = 0; i < 8; i++) {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      clients.push(c);
    }
    let run = 0;
    await fc.assert(
      fc.asyncProperty(creators, async (offsets) => {
        const table = `t${run++}`;
        await createPostgresSaltStore({ client: admin, schema, table }).migrate();
        // Each hasher on one of eight connections: the inserts really race in the server.
        const ids = await Promise.all(
          offsets.map((skew, i) =>
            createVisitorHasher({
              store: createPostgresSaltStore({ client: clients[i % clients.length] as pg.Client, schema, table }),
              clock: () => Date.now() + skew,
            }).id(visitor),
          ),
        );
        expect(new Set(ids).size).toBe(1);
        const { rows } = await admin.query(
          `SELECT day_key, (extract(epoch FROM expires_at) * 1000)::int8::text AS expires FROM ${schema}.${table}`,
        );
        expect(rows).toEqual([{ day_key: today(), expires: String(promisedEnd()) }]);
      }),
      { numRuns: 60 },
    );
  }, 600_000);
});

// --- weak secrets ----------------------------------------------------------------------------

/** The only messages a refused secret may carry (written here, not imported). */
const WEAK_MESSAGES = [
  /^"options\.secret" carries fewer than 256 bits: /,
  /^"options\.secret" repeats a pattern, so it carries less key material than its length$/,
  /^"options\.secret" has too few distinct characters to be random$/,
  /^"options\.secret" is a sequence, not random$/,
  /^"options\.secret" looks like a placeholder value, not a random secret$/,
];

const printable = fc.integer({ min: 0x21, max: 0x7e });
const weakSecret: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  // Too short for its alphabet.
  fc.integer({ min: 1, max: 31 }).map((n) => randomBytes(n)),
  fc.integer({ min: 1, max: 31 }).map((n) => randomBytes(n).toString('hex')),
  fc.integer({ min: 1, max: 31 }).map((n) => randomBytes(n).toString('base64')),
  // A short pattern repeated; a block under 256 bits pasted twice, with a little more.
  fc.tuple(fc.array(printable, { minLength: 1, maxLength: 15 }), fc.integer({ min: 40, max: 200 })).map(([unit, n]) =>
    String.fromCharCode(...unit)
      .repeat(Math.ceil(n / unit.length))
      .slice(0, n),
  ),
  fc.tuple(fc.integer({ min: 8, max: 31 }), fc.integer({ min: 0, max: 4 })).map(([n, extra]) => {
    const block = randomBytes(n);
    return Buffer.concat([block, block, randomBytes(extra)]);
  }),
  fc.integer({ min: 8, max: 31 }).map((n) => {
    const block = randomBytes(n).toString('hex');
    return block + block;
  }),
  // A sequence of characters or bytes, and its hex or base64.
  fc
    .tuple(printable, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 44, max: 90 }))
    .map(([start, step, n]) =>
      String.fromCharCode(...Array.from({ length: n }, (_, i) => 0x21 + ((start - 0x21 + i * step) % 94))),
    ),
  fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 32, max: 96 }))
    .chain(([start, step, n]) => {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (start + i * step) & 0xff));
      return fc.constantFrom<string | Uint8Array>(bytes, bytes.toString('hex'), bytes.toString('base64'));
    }),
  // Few distinct characters.
  fc
    .tuple(fc.array(printable, { minLength: 2, maxLength: 5 }), fc.integer({ min: 64, max: 200 }))
    .chain(([alphabet, n]) => fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }))
    .map((codes) => String.fromCharCode(...codes)),
  // A placeholder word inside otherwise random text.
  fc
    .tuple(fc.constantFrom('changeme', 'replace-me', 'your-secret', 'example', 'password', 'default'), fc.nat(40))
    .map(([word, at]) => {
      const text = randomBytes(48).toString('base64url');
      return `${text.slice(0, at)}${word}${text.slice(at)}`;
    }),
);

describe('slow: weak and strong secrets', () => {
  it('every generated weak secret is WEAK_SECRET with one of the fixed messages', () => {
    fc.assert(
      fc.property(weakSecret, (secret) => {
        let error: unknown;
        try {
          createStatelessSaltSource({ secret });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(VisitorHashError);
        expect(error).toMatchObject({ code: 'WEAK_SECRET', path: 'options.secret' });
        expect(WEAK_MESSAGES.some((m) => m.test((error as Error).message))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('CSPRNG secrets of every accepted form are never refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 32, max: 128 }),
        fc.constantFrom('bytes', 'hex', 'base64', 'base64url'),
        (n, form) => {
          const bytes = randomBytes(n);
          createStatelessSaltSource({ secret: form === 'bytes' ? bytes : bytes.toString(form as BufferEncoding) });
        },
      ),
      { numRuns: 100_000 },
    );
  });
});

// --- unknown keys and impossible instants -----------------------------------------------------

const KNOWN = new Set([
  'store',
  'days',
  'grace',
  'outputBits',
  'encoding',
  'ipv6PrefixLength',
  'ipv4PrefixLength',
  'clock',
  'tenant',
  'ip',
  'userAgent',
  'extra',
  'at',
  'timeZone',
  'visitorTimeZone',
  'secret',
  'client',
  'keyPrefix',
  'table',
  'schema',
  'customerCode',
  'date',
  'separator',
]);
const unknownKey = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 80 }),
    fc.constantFrom('graceMs', 'userAgnet', 'timezone', 'time', '__proto__', 'constructor', 'prototype', 'Grace'),
  )
  .filter((key) => !KNOWN.has(key));

/** `object` with `key` as its own enumerable property (`__proto__` included, as JSON.parse makes it). */
const withKey = (object: object, key: string) =>
  Object.defineProperty({ ...object }, key, { value: 1, enumerable: true });

describe('slow: unknown keys and impossible instants', () => {
  const store = createMemorySaltStore();
  const hasher = createVisitorHasher({ store });
  const redis = { call: async () => null };
  const pgClient = { query: async () => ({ rows: [] }) };
  const calls: [string, (key: string) => unknown][] = [
    ['options', (key) => createVisitorHasher(withKey({ store }, key) as never)],
    ['options', (key) => zonedDays(withKey({ timeZone: 'Europe/Paris' }, key) as never)],
    ['options', (key) => createStatelessSaltSource(withKey({ secret: randomBytes(32) }, key) as never)],
    ['options', (key) => createRedisSaltStore(withKey({ client: redis }, key) as never)],
    ['options', (key) => createPostgresSaltStore(withKey({ client: pgClient }, key) as never)],
    ['input', (key) => hasher.idSync(withKey(visitor, key) as never)],
    [
      'input',
      (key) => unsafeUnkeyedSha256(withKey({ customerCode: 'C', userAgent: 'u', ip: 'i', date: 'd' }, key) as never),
    ],
  ];

  it('an unknown key anywhere is UNKNOWN_KEY naming its path, never silently ignored', () => {
    fc.assert(
      fc.property(unknownKey, fc.nat(calls.length - 1), (key, which) => {
        const [where, call] = calls[which] as [string, (key: string) => unknown];
        let error: unknown;
        try {
          call(key);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(VisitorHashError);
        expect((error as VisitorHashError).code).toBe('UNKNOWN_KEY');
        expect((error as VisitorHashError).path?.startsWith(where)).toBe(true);
        // A long key is shortened in the message: a key cannot carry a payload into a log.
        if (key.length > 40) expect((error as Error).message).not.toContain(key);
      }),
      { numRuns: 5000 },
    );
  });

  it('an impossible or malformed instant is INVALID_INSTANT and creates no salt', async () => {
    const counting = createMemorySaltStore();
    let created = 0;
    const spy = { ...counting, getOrCreate: (r: never) => (created++, counting.getOrCreate(r)) } as never;
    const strict = createVisitorHasher({ store: spy });
    const impossible = fc
      .tuple(
        fc.integer({ min: 1970, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 29, max: 31 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
      )
      .filter(([y, m, d, h, min]) => {
        const ok = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d && h < 24 && min < 60;
        return !ok;
      })
      .map(
        ([y, m, d, h, min]) =>
          `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:` +
          `${String(min).padStart(2, '0')}:00Z`,
      );
    const junk = fc.oneof(
      impossible,
      fc.string(),
      fc.double({ noInteger: true }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1, new Date(Number.NaN), '2026-11-23'),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (at) => {
        const error = await caught(strict.id({ ...visitor, at: at as never }));
        expect(error).toMatchObject({ name: 'VisitorHashError', code: 'INVALID_INSTANT', path: 'input.at' });
      }),
      { numRuns: 5000 },
    );
    expect(created).toBe(0);
  });
});
