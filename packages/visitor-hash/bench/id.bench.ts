/**
 * @module
 * Visitor ids per second on realistic ~150-byte inputs (real user agents, 70 % IPv4 / 30 %
 * IPv6), in one process, against two references:
 *
 * (a) the same construction written naively with `node:crypto`: a `createHmac` per id over a
 *     `Buffer.concat` of the length-prefixed fields (native SHA-256; the tenant key cached);
 * (b) the raw `@noble/hashes` cost of the compressions the construction needs: clone a keyed
 *     HMAC state, absorb the same message bytes, finish: the pure-JS floor, with no parsing,
 *     encoding or promise.
 *
 * Then the throughput through each store with the day's salt cached (memory, Redis, PostgreSQL
 * when reachable). Run: `npm run bench -w @privkit/visitor-hash`.
 */

import { createHmac, hkdfSync } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { seededRandom } from '@privkit/internal/testing/random';
import { parseIp } from '@privkit/ip';
import { Bench } from 'tinybench';
import { createMemorySaltStore, createVisitorHasher, type SaltStore, Secret, type VisitorInput } from '../src/index.js';
import { createPostgresSaltStore } from '../src/postgres.js';
import { createRedisSaltStore } from '../src/redis.js';

const random = seededRandom(0xbadc0de);
const int = (n: number) => Math.floor(random() * n);
const hex = () => int(0x10000).toString(16);

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    'Version/18.6 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    'Version/18.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/142.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0',
];
const TENANTS = ['shop.example', 'blog.example', 'docs.example.org'];

const inputs: VisitorInput[] = [];
for (let i = 0; i < 2_000; i++) {
  const ip =
    random() < 0.7
      ? `${1 + int(223)}.${int(256)}.${int(256)}.${int(256)}`
      : `2a02:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}`;
  inputs.push({
    tenant: TENANTS[int(TENANTS.length)] as string,
    ip: ip,
    userAgent: AGENTS[int(AGENTS.length)] as string,
  });
}
const NOW = Date.UTC(2026, 10, 23, 12);
const DAY_KEY = '2026-11-23@UTC';
const avgBytes =
  inputs.reduce((n, v) => n + (v.ip as string).length + v.userAgent.length + v.tenant.length, 0) / inputs.length;

// A store that answers with one fixed salt, so (a) and (b) can use the same keys as ours.
const SALT = crypto.getRandomValues(new Uint8Array(32));
const fixed: SaltStore = {
  kind: 'fixed',
  forgets: true,
  getOrCreate: async ({ expiresAt }) => ({ salt: Secret.from(SALT), expiresAt }),
  delete: async () => true,
  purgeExpired: async () => 0,
};
const ours = createVisitorHasher({ store: fixed, clock: () => NOW });

// --- (a) naive node:crypto -------------------------------------------------------------------
const tenantKeys = new Map(
  TENANTS.map((t) => [t, Buffer.from(hkdfSync('sha256', SALT, 'privkit/visitor-hash/v1/tenant', Buffer.from(t), 32))]),
);
const lp = (b: Buffer) => {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return [len, b];
};
function ipField(text: string): Buffer {
  let bytes = parseIp(text).toBytes();
  if (bytes.length === 16 && bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    bytes = bytes.subarray(12);
  }
  const out = Buffer.from(bytes);
  if (out.length === 16) out.fill(0, 8);
  return out;
}
function naive(v: VisitorInput): string {
  const message = Buffer.concat([
    Buffer.from([1]),
    ...lp(Buffer.from(v.tenant)),
    ...lp(Buffer.from(DAY_KEY)),
    ...lp(ipField(v.ip as string)),
    ...lp(Buffer.from(v.userAgent).subarray(0, 512)),
    ...lp(Buffer.alloc(0)),
  ]);
  return createHmac('sha256', tenantKeys.get(v.tenant) as Buffer)
    .update(message)
    .digest()
    .subarray(0, 16)
    .toString('hex');
}

// --- (b) raw noble compressions --------------------------------------------------------------
const messages = inputs.map((v) => {
  const full = Buffer.concat([
    Buffer.from([1]),
    ...lp(Buffer.from(v.tenant)),
    ...lp(Buffer.from(DAY_KEY)),
    ...lp(ipField(v.ip as string)),
    ...lp(Buffer.from(v.userAgent)),
    ...lp(Buffer.alloc(0)),
  ]);
  const prefix = 1 + 2 + Buffer.byteLength(v.tenant) + 2 + DAY_KEY.length;
  return {
    tenant: v.tenant,
    rest: Uint8Array.from(full.subarray(prefix)),
    prefix: Uint8Array.from(full.subarray(0, prefix)),
  };
});
const keyed = new Map(
  TENANTS.map((t) => {
    const m = messages.find((x) => x.tenant === t);
    return [t, hmac.create(sha256, tenantKeys.get(t) as Buffer).update(m?.prefix ?? new Uint8Array())];
  }),
);
const out = new Uint8Array(32);
// biome-ignore lint/suspicious/noExplicitAny: noble's HMAC instance type
let work: any;
function raw(i: number): number {
  const m = messages[i] as (typeof messages)[number];
  work = keyed.get(m.tenant)?._cloneInto(work);
  work.update(m.rest).digestInto(out);
  return out[0] as number;
}

// Same answers first: a benchmark of functions that disagree measures nothing.
for (const v of inputs.slice(0, 200)) {
  const a = await ours.id(v);
  if (a !== naive(v)) throw new Error('ours and the node:crypto construction disagree');
}

let sink = 0;
const bench = new Bench({ time: 2000, warmup: true, warmupTime: 500 });
bench
  .add('@privkit/visitor-hash id()', async () => {
    for (const v of inputs) sink += (await ours.id(v)).length;
  })
  .add('@privkit/visitor-hash idSync()', () => {
    for (const v of inputs) sink += ours.idSync(v).length;
  })
  .add('(a) naive node:crypto createHmac', () => {
    for (const v of inputs) sink += naive(v).length;
  })
  .add('(b) raw @noble/hashes compressions', () => {
    for (let i = 0; i < inputs.length; i++) sink += raw(i);
  });
await bench.run();

const hz = (b: Bench, i: number) =>
  ((b.tasks[i]?.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN) *
  inputs.length;
console.log(
  `inputs: ${inputs.length} visitors, ~${Math.round(avgBytes)} bytes of tenant + IP + UA each; Node ${process.version}`,
);
console.table(bench.tasks.map((t, i) => ({ task: t.name, 'ids/s': Math.round(hz(bench, i)).toLocaleString('en') })));
const ratios = (label: string, i: number) => {
  const ra = hz(bench, i) / hz(bench, 2);
  const rb = hz(bench, i) / hz(bench, 3);
  console.log(
    `${label} / (a) node:crypto naive = ${ra.toFixed(2)}× (target ≥ 0.8×, stretch 1.0×: ` +
      `${ra >= 1 ? 'stretch met' : ra >= 0.8 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `${label} / (b) raw noble floor   = ${rb.toFixed(2)}× (target ≥ 0.85×, within 15 %: ` +
      `${rb >= 0.85 ? 'met' : 'NOT met'})`,
  );
};
ratios('id()    ', 0);
ratios('idSync()', 1);

// --- stores, salt cached ---------------------------------------------------------------------
async function reachable(name: string, connect: () => Promise<unknown>): Promise<boolean> {
  try {
    await Promise.race([connect(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1500))]);
    return true;
  } catch {
    console.log(`${name}: not reachable, skipped`);
    return false;
  }
}

const stores: { name: string; store: SaltStore; close: () => Promise<void> }[] = [
  { name: 'memory', store: createMemorySaltStore(), close: async () => {} },
];
const prefix = `privkit:bench:${process.pid}:`;
const { Redis } = await import('ioredis');
const redis = new Redis(process.env['PRIVKIT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379', {
  lazyConnect: true,
  maxRetriesPerRequest: 0,
});
if (await reachable('Redis', () => redis.connect())) {
  stores.push({
    name: 'redis (ioredis)',
    store: createRedisSaltStore({ client: redis, keyPrefix: prefix }),
    close: async () => {
      await redis.del(`${prefix}${DAY_KEY}`);
      await redis.quit();
    },
  });
} else redis.disconnect();
const pg = await import('pg');
const pool = new pg.default.Pool({
  connectionString: process.env['PRIVKIT_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  max: 2,
});
const schema = `vh_bench_${process.pid}`;
if (await reachable('PostgreSQL', () => pool.query('select 1'))) {
  await pool.query(`CREATE SCHEMA ${schema}`);
  const store = createPostgresSaltStore({ client: pool, schema });
  await store.migrate();
  stores.push({
    name: 'postgres (pg)',
    store,
    close: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  });
} else await pool.end();

const storeBench = new Bench({ time: 1000, warmup: true, warmupTime: 200 });
for (const { name, store } of stores) {
  const hasher = createVisitorHasher({ store, clock: () => NOW });
  await hasher.id(inputs[0] as VisitorInput); // the salt is fetched once per day, then cached
  storeBench.add(name, async () => {
    for (const v of inputs) sink += (await hasher.id(v)).length;
  });
}
await storeBench.run();
console.table(
  storeBench.tasks.map((t, i) => ({
    store: t.name,
    'ids/s (salt cached)': Math.round(hz(storeBench, i)).toLocaleString('en'),
  })),
);
for (const { close } of stores) await close();
if (sink === 0) console.log('');
