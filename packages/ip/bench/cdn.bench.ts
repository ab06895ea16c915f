/**
 * @module
 * What a CDN preset costs per request, in the same process: `clientIp` with `cloudflare()` on
 * requests from Cloudflare's servers (the header read), and on forged requests from elsewhere
 * (the peer matched against the 22 blocks and refused), against `clientIp` walking
 * `X-Forwarded-For` with the same 22 blocks as a trust list, and against the socket address
 * alone. Run: `npm run bench -w @privkit/ip`.
 */

import { seededRandom } from '@privkit/internal/testing/random';
import { Bench } from 'tinybench';
import { CDN_RANGES, cloudflare } from '../src/cdn.js';
import { clientIp, compileTrust, parseCidr } from '../src/index.js';

const random = seededRandom(0x5eed);
const int = (n: number) => Math.floor(random() * n);
const v4 = () => `${1 + int(223)}.${int(256)}.${int(256)}.${int(256)}`;
const blocks = CDN_RANGES.cloudflare.ipv4.map((c) => parseCidr(c));
/** A Cloudflare server: an address in one of its IPv4 blocks. */
function edge(): string {
  for (;;) {
    const a = v4();
    if (blocks.some((b) => b.contains(a))) return a;
    const block = blocks[int(blocks.length)];
    if (block === undefined) continue;
    const base = block.address.toBytes();
    const host = (1 << (32 - block.prefixLength)) - 2;
    const n = ((base[0] ?? 0) << 24) | ((base[1] ?? 0) << 16) | ((base[2] ?? 0) << 8) | (base[3] ?? 0);
    const x = (n + 1 + int(host)) >>> 0;
    return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
  }
}
const outside = () => {
  for (;;) {
    const a = v4();
    if (!blocks.some((b) => b.contains(a))) return a;
  }
};

interface Request {
  readonly remoteAddress: string;
  readonly headers: Record<string, string>;
}
const viaCdn: Request[] = [];
const forged: Request[] = [];
const viaXff: Request[] = [];
for (let i = 0; i < 2_000; i++) {
  const client = v4();
  viaCdn.push({ remoteAddress: edge(), headers: { 'cf-connecting-ip': client } });
  forged.push({ remoteAddress: outside(), headers: { 'cf-connecting-ip': client } });
  viaXff.push({ remoteAddress: edge(), headers: { 'x-forwarded-for': client } });
}

const preset = cloudflare({ onStale: () => {} });
const asList = compileTrust([...CDN_RANGES.cloudflare.ipv4, ...CDN_RANGES.cloudflare.ipv6]);
for (const r of viaCdn) {
  if (clientIp({ ...r, ...preset }).toString() !== r.headers['cf-connecting-ip']) throw new Error('preset missed');
}
for (const r of forged) if (clientIp({ ...r, ...preset }).toString() !== r.remoteAddress) throw new Error('forged');

let sink = 0;
const bench = new Bench({ time: 1500, warmup: true, warmupTime: 300 });
bench
  .add('cloudflare() preset, from a Cloudflare server', () => {
    for (const r of viaCdn) sink += clientIp({ remoteAddress: r.remoteAddress, headers: r.headers, ...preset }).family;
  })
  .add('cloudflare() preset, forged from elsewhere', () => {
    for (const r of forged) sink += clientIp({ remoteAddress: r.remoteAddress, headers: r.headers, ...preset }).family;
  })
  .add('X-Forwarded-For walk, the same blocks as a list', () => {
    for (const r of viaXff)
      sink += clientIp({ remoteAddress: r.remoteAddress, headers: r.headers, trustProxy: asList }).family;
  })
  .add('socket address only', () => {
    for (const r of viaCdn) sink += clientIp({ remoteAddress: r.remoteAddress }).family;
  });
await bench.run();

const perSecond = (i: number) =>
  ((bench.tasks[i]?.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN) *
  viaCdn.length;
console.log(`requests: ${viaCdn.length} per task, Node ${process.version}`);
console.table(
  bench.tasks.map((t, i) => ({ task: t.name, 'requests/s': Math.round(perSecond(i)).toLocaleString('en') })),
);
console.log(`preset / X-Forwarded-For list = ${(perSecond(0) / perSecond(2)).toFixed(2)}×`);
if (sink === 0) console.log('');
