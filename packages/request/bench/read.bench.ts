/**
 * @module
 * The cost of one request's privacy context against the path people write by hand: `request-ip`
 * (which returns the left-most `X-Forwarded-For` entry, a client's to choose) and a truncation by
 * string splitting. Both run in the same process on the same requests, as a load balancer in
 * 10.0.0.0/8 hands them over: one to three entries, sometimes one spoofed. A second case adds the
 * daily visitor id (memory salt store) and the country (the DB-IP Lite database), which the hand
 * path does not do at all: what they cost on top. Run: `npm run bench -w @privkit/request`.
 */

import { createDefaultLocatorSync } from '@privkit/geo/default';
import { reportRatio } from '@privkit/internal/testing/bench';
import { seededRandom } from '@privkit/internal/testing/random';
import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
import requestIp from 'request-ip';
import { Bench } from 'tinybench';
import { createRequestPrivacy } from '../src/index.js';
import { readNodeRequest } from '../src/node.js';

const random = seededRandom(0x5eed);
const int = (n: number) => Math.floor(random() * n);
const v4 = () => `${1 + int(223)}.${int(256)}.${int(256)}.${int(256)}`;
const lb = () => `10.${int(256)}.${int(256)}.${1 + int(254)}`;

interface NodeLikeRequest {
  readonly socket: { readonly remoteAddress: string };
  readonly connection: { readonly remoteAddress: string };
  readonly headers: Record<string, string>;
}
const requests: NodeLikeRequest[] = [];
for (let i = 0; i < 2_000; i++) {
  const entries = [v4()];
  if (random() < 0.3) entries.unshift(v4());
  if (random() < 0.3) entries.push(lb());
  const socket = { remoteAddress: lb() };
  requests.push({
    socket,
    connection: socket,
    headers: { 'x-forwarded-for': entries.join(', '), 'user-agent': `Mozilla/5.0 (X11; Linux x86_64) #${int(50)}` },
  });
}

/** What a hand-written handler does: request-ip, then cut the text. */
function naive(r: NodeLikeRequest): string {
  const ip = requestIp.getClientIp(r as never) ?? '';
  return ip.includes(':') ? `${ip.split(':').slice(0, 3).join(':')}::` : `${ip.split('.').slice(0, 2).join('.')}.0.0`;
}

const trustProxy = ['loopback', '10.0.0.0/8'];
const plain = createRequestPrivacy({ trustProxy });
const full = createRequestPrivacy({
  trustProxy,
  hasher: createVisitorHasher({ store: createMemorySaltStore() }),
  tenant: 'shop.example',
  locator: createDefaultLocatorSync({ onStale: () => {} }),
});
await readNodeRequest(full, requests[0] as NodeLikeRequest); // loads the day's salt

let spoofedWins = 0;
for (const r of requests) {
  const ours = (await readNodeRequest(plain, r)).ipPrefix;
  if (ours !== naive(r)) spoofedWins++;
}

let sink = 0;
const bench = new Bench({ time: 1500, warmup: true, warmupTime: 300 });
bench
  .add('@privkit/request read (prefix, class)', async () => {
    for (const r of requests) sink += (await readNodeRequest(plain, r)).ipPrefix?.length ?? 0;
  })
  .add('@privkit/request read (prefix, class, visitor id, country)', async () => {
    for (const r of requests) sink += (await readNodeRequest(full, r)).visitorId?.length ?? 0;
  })
  .add('request-ip + string truncation', () => {
    for (const r of requests) sink += naive(r).length;
  });
await bench.run();

const perSecond = (i: number) =>
  ((bench.tasks[i]?.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN) *
  requests.length;
console.log(
  `requests: ${requests.length} (1–3 X-Forwarded-For entries); the hand path answered a different ` +
    `prefix (the spoofed or the load balancer's entry) for ${spoofedWins}; Node ${process.version}`,
);
console.table(
  bench.tasks.map((t, i) => ({ task: t.name, 'requests/s': Math.round(perSecond(i)).toLocaleString('en') })),
);
const common = {
  package: '@privkit/request',
  bench: 'read',
  peer: 'request-ip + string truncation',
  unit: 'requests/s',
  peerValue: perSecond(2),
};
const prefix = reportRatio({
  ...common,
  case: 'truncated client address behind a trusted 10.0.0.0/8 load balancer',
  ours: 'readNodeRequest (prefix, class)',
  oursValue: perSecond(0),
});
const all = reportRatio({
  ...common,
  case: 'with the daily visitor id and the country as well',
  ours: 'readNodeRequest (prefix, class, visitor id, country)',
  oursValue: perSecond(1),
});
console.log(`read / hand path = ${prefix.toFixed(2)}×; with visitor id and country = ${all.toFixed(2)}×`);
if (sink === 0) console.log('');
