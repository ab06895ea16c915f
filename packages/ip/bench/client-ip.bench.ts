/**
 * @module
 * `clientIp` against `proxy-addr` (what Express's `trust proxy` calls) in the same process, on
 * requests as a load balancer in 10.0.0.0/8 hands them over: a socket peer in the trusted range
 * and an `X-Forwarded-For` of one to three entries (the client, sometimes a spoofed entry left of
 * it, sometimes a second trusted hop). Both get a precompiled trust list. Run:
 * `npm run bench -w @privkit/ip`.
 */

import { reportRatio } from '@privkit/internal/testing/bench';
import { seededRandom } from '@privkit/internal/testing/random';
import proxyaddr from 'proxy-addr';
import { Bench } from 'tinybench';
import { clientIp, compileTrust } from '../src/index.js';

const random = seededRandom(0x5eed);
const int = (n: number) => Math.floor(random() * n);
const v4 = () => `${1 + int(223)}.${int(256)}.${int(256)}.${int(256)}`;
const lb = () => `10.${int(256)}.${int(256)}.${1 + int(254)}`;

interface Request {
  readonly remoteAddress: string;
  readonly headers: Record<string, string>;
}
const requests: Request[] = [];
for (let i = 0; i < 2_000; i++) {
  const entries = [v4()];
  if (random() < 0.3) entries.unshift(v4()); // spoofed by the client
  if (random() < 0.3) entries.push(lb()); // a second proxy of yours
  requests.push({ remoteAddress: lb(), headers: { 'x-forwarded-for': entries.join(', ') } });
}

const list = ['loopback', '10.0.0.0/8'];
const ours = compileTrust(list);
const peer = proxyaddr.compile(list);
const peerAddress = (r: Request) =>
  proxyaddr({ connection: { remoteAddress: r.remoteAddress }, headers: r.headers } as never, peer);
const ourAddress = (r: Request) => clientIp({ remoteAddress: r.remoteAddress, headers: r.headers, trustProxy: ours });

let mismatches = 0;
for (const r of requests) if (ourAddress(r).toString() !== peerAddress(r)) mismatches++;
if (mismatches > 0) throw new Error(`clientIp and proxy-addr disagree on ${mismatches} requests`);

let sink = 0;
const bench = new Bench({ time: 1500, warmup: true, warmupTime: 300 });
bench
  .add('@privkit/ip clientIp', () => {
    for (const r of requests) sink += ourAddress(r).family;
  })
  .add('proxy-addr', () => {
    for (const r of requests) sink += peerAddress(r).length;
  });
await bench.run();

const perSecond = (i: number) =>
  ((bench.tasks[i]?.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN) *
  requests.length;
console.log(`requests: ${requests.length} (1–3 X-Forwarded-For entries), Node ${process.version}`);
console.table(
  bench.tasks.map((t, i) => ({ task: t.name, 'requests/s': Math.round(perSecond(i)).toLocaleString('en') })),
);
const ratio = reportRatio({
  package: '@privkit/ip',
  bench: 'client-ip',
  case: 'X-Forwarded-For behind a trusted 10.0.0.0/8 load balancer',
  ours: 'clientIp',
  peer: 'proxy-addr',
  unit: 'requests/s',
  oursValue: perSecond(0),
  peerValue: perSecond(1),
});
console.log(`clientIp / proxy-addr = ${ratio.toFixed(2)}×`);
if (sink === 0) console.log('');
