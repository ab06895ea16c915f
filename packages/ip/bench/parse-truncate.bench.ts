/**
 * @module
 * Parse + truncate over a mixed corpus (70 % IPv4, 30 % IPv6 in the spellings logs contain),
 * `@privkit/ip` against `ipaddr.js` parse + mask in the same process, and parse alone against
 * parse alone. Prints ops/s and the ratio ours / peer. Run: `npm run bench -w @privkit/ip`.
 *
 * The ipaddr.js route is the fastest correct one its API offers: `ipaddr.parse`, then
 * `IPv4/IPv6.networkAddressFromCIDR`-equivalent masking on `toByteArray()` and
 * `fromByteArray().toString()`, skipping its CIDR string round trip.
 */

import { reportRatio } from '@privkit/internal/testing/bench';
import { seededRandom } from '@privkit/internal/testing/random';
import ipaddr from 'ipaddr.js';
import { Bench } from 'tinybench';
import { parseIp, truncateIp } from '../src/index.js';

// Deterministic corpus, seeded.
const random = seededRandom(0xc0ffee);
const int = (n: number) => Math.floor(random() * n);
const hex = () => int(0x10000).toString(16);

const corpus: string[] = [];
for (let i = 0; i < 10_000; i++) {
  if (random() < 0.7) {
    corpus.push(`${1 + int(223)}.${int(256)}.${int(256)}.${int(256)}`);
  } else {
    const r = random();
    if (r < 0.6) corpus.push(`2001:db8:${hex()}:${hex()}::${hex()}:${hex()}`);
    else if (r < 0.8) corpus.push(`2a02:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}`.toUpperCase());
    else corpus.push(`::ffff:${1 + int(223)}.${int(256)}.${int(256)}.${int(256)}`);
  }
}

function maskBytes(bytes: number[], keep: number): number[] {
  return bytes.map((b, i) => {
    const bits = keep - i * 8;
    return bits >= 8 ? b : bits <= 0 ? 0 : b & (0xff << (8 - bits));
  });
}

function peerTruncate(text: string): string {
  let ip = ipaddr.parse(text);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const keep = ip.kind() === 'ipv4' ? 16 : 48;
  return ipaddr.fromByteArray(maskBytes(ip.toByteArray(), keep)).toString();
}

// Same answers first: a benchmark of two functions that disagree measures nothing.
let mismatches = 0;
for (const text of corpus) if (truncateIp(text) !== peerTruncate(text)) mismatches++;
if (mismatches > 0) throw new Error(`ours and ipaddr.js disagree on ${mismatches} corpus entries`);

let sink = 0;
const bench = new Bench({ time: 1500, warmup: true, warmupTime: 300 });
bench
  .add('@privkit/ip truncateIp (parse + truncate + format)', () => {
    for (const text of corpus) sink += truncateIp(text).length;
  })
  .add('ipaddr.js parse + mask + toString', () => {
    for (const text of corpus) sink += peerTruncate(text).length;
  })
  .add('@privkit/ip parseIp', () => {
    for (const text of corpus) sink += parseIp(text).family;
  })
  .add('ipaddr.js parse', () => {
    for (const text of corpus) sink += ipaddr.parse(text).kind().length;
  });

await bench.run();

const hz = (i: number) =>
  (bench.tasks[i]?.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN;
const perSecond = (i: number) => hz(i) * corpus.length;
console.log(`corpus: ${corpus.length} addresses (70 % IPv4, 30 % IPv6), Node ${process.version}`);
console.table(
  bench.tasks.map((t, i) => ({ task: t.name, 'addresses/s': Math.round(perSecond(i)).toLocaleString('en') })),
);
const truncRatio = reportRatio({
  package: '@privkit/ip',
  bench: 'parse-truncate',
  case: 'parse + truncate (cnil), mixed corpus',
  ours: 'truncateIp',
  peer: 'ipaddr.js parse + mask + toString',
  unit: 'addresses/s',
  oursValue: perSecond(0),
  peerValue: perSecond(1),
  target: 3,
});
const parseRatio = reportRatio({
  package: '@privkit/ip',
  bench: 'parse-truncate',
  case: 'parse only, mixed corpus',
  ours: 'parseIp',
  peer: 'ipaddr.js parse',
  unit: 'addresses/s',
  oursValue: perSecond(2),
  peerValue: perSecond(3),
});
console.log(
  `parse + truncate: ours / ipaddr.js = ${truncRatio.toFixed(1)}× (target ≥ 3×: ` +
    `${truncRatio >= 3 ? 'met' : 'NOT met'})`,
);
console.log(`parse only:       ours / ipaddr.js = ${parseRatio.toFixed(1)}×`);
if (sink === 0) console.log('');
