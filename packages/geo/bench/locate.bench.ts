/**
 * @module
 * Lookups per second from IP strings on a mixed corpus, `@privkit/geo` `locate` against raw
 * `mmdb-lib` `Reader.get` (which validates nothing and decodes the record again on every call)
 * in the same process, over the same database file (DB-IP Lite Country). Also `mmdb-lib` with
 * its optional decode cache, the fairest peer, and `locateAndTruncate`. Then the memory a
 * loaded country database holds. Run: `npm run bench -w @privkit/geo`.
 *
 * Corpus: 60 % IPv4 (drawn from the database's networks and uniformly), 25 % IPv6 from the
 * database's networks, 15 % IPv4-mapped IPv6 as a dual-stack socket reports it; special-purpose
 * addresses left out, since ours answers those without a lookup.
 */

import { Reader } from 'mmdb-lib';
import { Bench } from 'tinybench';
import { loadDefaultDatabaseSync } from '../src/default.js';
import { createLocator } from '../src/index.js';
import { random, treeCorpus } from '../test/support/oracle.js';

const database = loadDefaultDatabaseSync();
const geo = createLocator({ database, onStale: () => {} });
const rand = random(0xc0ffee);
const tree = treeCorpus(database, 4000, 99, 0.35);
const v6 = tree.filter((ip) => ip.includes(':'));
const v4 = [
  ...tree.filter((ip) => !ip.includes(':')),
  ...Array.from({ length: 4000 }, () => [0, 0, 0, 0].map(() => Math.floor(rand() * 256)).join('.')),
];
const corpus: string[] = [];
const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)] as T;
while (corpus.length < 10_000) {
  const r = rand();
  const ip = r < 0.6 ? pick(v4) : r < 0.85 ? pick(v6) : `::ffff:${pick(v4)}`;
  if (geo.locate(ip).status !== 'special') corpus.push(ip);
}

// mmdb-lib finds nothing for IPv4-mapped text in this file (the tree has no ::ffff:0:0/96
// alias), so the peer gets those entries as plain IPv4: its best case, and equal answers.
const peerCorpus = corpus.map((ip) => (ip.startsWith('::ffff:') ? ip.slice(7) : ip));
const raw = new Reader(database as Buffer);
const decoded = new Map<number, unknown>();
const cached = new Reader(database as Buffer, {
  cache: { get: (k: number) => decoded.get(k) as never, set: (k: number, v: unknown) => void decoded.set(k, v) },
});

// Same answers first: a benchmark of two readers that disagree measures nothing.
let mismatches = 0;
for (const [i, ip] of corpus.entries()) {
  const theirs = (raw.get(peerCorpus[i] as string) as { country_code?: string } | null)?.country_code ?? null;
  const ours = geo.locate(ip).country;
  if (ours !== (theirs === 'ZZ' ? null : theirs)) mismatches++;
}
if (mismatches > 0) throw new Error(`ours and mmdb-lib disagree on ${mismatches} corpus entries`);

let sink = 0;
const bench = new Bench({ time: 1500, warmup: true, warmupTime: 300 });
bench
  .add('@privkit/geo locate (strict parse + classify + lookup)', () => {
    for (const ip of corpus) sink += geo.locate(ip).inEU ? 1 : 0;
  })
  .add('mmdb-lib Reader.get (no validation, decodes every time)', () => {
    for (const ip of peerCorpus) sink += raw.get(ip) === null ? 0 : 1;
  })
  .add('mmdb-lib Reader.get with its decode cache', () => {
    for (const ip of peerCorpus) sink += cached.get(ip) === null ? 0 : 1;
  })
  .add('@privkit/geo locateAndTruncate (cnil)', () => {
    for (const ip of corpus) sink += geo.locateAndTruncate(ip).prefix.length;
  });

await bench.run();

const hz = (i: number) =>
  (bench.tasks[i]?.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN;
console.log(`corpus: ${corpus.length} addresses (60 % IPv4, 25 % IPv6, 15 % IPv4-mapped), Node ${process.version}`);
console.table(
  bench.tasks.map((t, i) => ({ task: t.name, 'lookups/s': Math.round(hz(i) * corpus.length).toLocaleString('en') })),
);
const ratio = hz(0) / hz(1);
console.log(
  `locate / mmdb-lib Reader.get = ${ratio.toFixed(2)}× (target ≥ 1.0×: ${ratio >= 1 ? 'met' : 'NOT met'}; ` +
    `stretch 2×: ${ratio >= 2 ? 'met' : 'not met'})`,
);
console.log(`locate / mmdb-lib Reader.get with cache = ${(hz(0) / hz(2)).toFixed(2)}×`);

// Memory held by a loaded country database: the file's bytes plus the locator (its bucket
// cache fills with one entry per distinct record, ~250 for a country database).
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  gc();
  const before = process.memoryUsage();
  const bytes = loadDefaultDatabaseSync();
  const held = createLocator({ database: bytes, onStale: () => {} });
  for (const ip of corpus) held.locate(ip);
  gc();
  const after = process.memoryUsage();
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  console.log(
    `memory held by a loaded country database: ${mb(after.arrayBuffers - before.arrayBuffers)} of file bytes ` +
      `(file ${mb(bytes.length)}) + ${mb(after.heapUsed - before.heapUsed)} of JavaScript heap`,
  );
  sink += held.locate('8.8.8.8').country?.length ?? 0;
} else {
  console.log('memory: run with node --expose-gc to measure');
}
if (sink === 0) console.log('');
