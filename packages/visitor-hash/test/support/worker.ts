/**
 * @module
 * One instance of an ingestion fleet, for the multi-process tests: connects to the shared Redis
 * or PostgreSQL salt store with a hasher on days of a few seconds (see short-days.ts) and the
 * default clock, which test/support/skewed-clock.ts may have shifted by hours. Once connected it
 * prints `ready` and reads the real start instant from its standard input (so a slow start of
 * one process cannot make it miss the others), then, in one of two modes:
 *
 * - `race`: waits for the common start instant (just after a day boundary), so that every
 *   process races to create the new day's salt and the previous day's, computes the candidates of
 *   fixed visitors, prints them and exits;
 * - `run`: computes the ids of fixed visitors every `intervalMs` for `durationMs`, printing each
 *   sample with the real instants (the skew taken off) it was taken between.
 */
import { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import { createVisitorHasher, type SaltStore } from '../../src/index.js';
import { createPostgresSaltStore } from '../../src/postgres.js';
import { createRedisSaltStore } from '../../src/redis.js';
import { shortDays } from './short-days.js';

export interface WorkerConfig {
  mode: 'race' | 'run';
  kind: 'redis' | 'redis-cluster' | 'postgres';
  /** A Redis or PostgreSQL URL; for `redis-cluster`, `host:port` of the start-up nodes, comma-separated. */
  url: string;
  namespace: string;
  dayMs: number;
  grace: string;
  durationMs?: number;
  intervalMs?: number;
}

/** One `run` sample: ids of the visitors, computed between two real instants. */
export interface Sample {
  from: number;
  to: number;
  ids: string[];
}

export const VISITORS = [
  {
    tenant: 'shop.example',
    ip: '203.0.113.9',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0',
  },
  {
    tenant: 'shop.example',
    ip: '2001:db8:5:6::1',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X)',
  },
  {
    tenant: 'blog.example',
    ip: '203.0.113.9',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0',
  },
  { tenant: 'blog.example', ip: '::ffff:198.51.100.7', userAgent: 'curl/8.11.1' },
  {
    tenant: 'docs.example',
    ip: '2a02:1:2:3:4:5:6:7',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    extra: 'de-DE',
  },
];

const config = JSON.parse(process.argv[2] as string) as WorkerConfig;
const skew = Number(process.env['PRIVKIT_TEST_CLOCK_SKEW_MS'] ?? '0');
const realNow = () => Date.now() - skew;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

let store: SaltStore;
let close: () => Promise<unknown>;
if (config.kind === 'redis') {
  const client = new Redis(config.url);
  store = createRedisSaltStore({ client, keyPrefix: config.namespace });
  close = () => client.quit();
} else if (config.kind === 'redis-cluster') {
  const nodes = config.url.split(',').map((hostPort) => {
    const [host, port] = hostPort.split(':');
    return { host: host as string, port: Number(port) };
  });
  const client = new Cluster(nodes);
  store = createRedisSaltStore({ client, keyPrefix: config.namespace });
  close = () => client.quit();
} else {
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  store = createPostgresSaltStore({ client, schema: config.namespace });
  close = () => client.end();
}

const hasher = createVisitorHasher({ store, days: shortDays(config.dayMs), grace: config.grace });
process.stdout.write('ready\n');
const startAt = await new Promise<number>((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => {
    text += chunk;
    if (text.includes('\n')) resolve(Number(text.trim()));
  });
});
process.stdin.destroy();
await sleep(startAt - realNow());
let output: unknown;
if (config.mode === 'race') {
  const ids = [];
  for (const visitor of VISITORS) ids.push(await hasher.candidates(visitor));
  output = { pid: process.pid, ids };
} else {
  const samples: Sample[] = [];
  const end = startAt + (config.durationMs ?? 10_000);
  while (realNow() < end) {
    const from = realNow();
    const ids = [];
    for (const visitor of VISITORS) ids.push(await hasher.id(visitor));
    samples.push({ from, to: realNow(), ids });
    await sleep((config.intervalMs ?? 150) - (realNow() - from));
  }
  output = { pid: process.pid, samples };
}
await close();
process.stdout.write(JSON.stringify(output));
