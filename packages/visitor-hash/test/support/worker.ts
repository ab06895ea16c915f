/**
 * @module
 * One instance of an ingestion fleet, for test/multiprocess.test.ts: connects to the shared
 * Redis or PostgreSQL salt store, waits for the common start instant so that every process races
 * to create the day's salt, computes ids and candidates for fixed visitors at a fixed instant
 * just after midnight, prints them as JSON and exits.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { createVisitorHasher, type SaltStore } from '../../src/index.js';
import { createPostgresSaltStore } from '../../src/postgres.js';
import { createRedisSaltStore } from '../../src/redis.js';

interface Config {
  kind: 'redis' | 'postgres';
  url: string;
  namespace: string;
  at: number;
  startAt: number;
}

const config = JSON.parse(process.argv[2] as string) as Config;
const VISITORS = [
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

let store: SaltStore;
let close: () => Promise<unknown>;
if (config.kind === 'redis') {
  const client = new Redis(config.url);
  store = createRedisSaltStore({ client, keyPrefix: config.namespace });
  close = () => client.quit();
} else {
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  store = createPostgresSaltStore({ client, schema: config.namespace });
  close = () => client.end();
}

const hasher = createVisitorHasher({ store, clock: () => config.at });
await new Promise((resolve) => setTimeout(resolve, Math.max(0, config.startAt - Date.now())));
const ids = [];
for (const visitor of VISITORS) ids.push(await hasher.candidates(visitor));
await close();
process.stdout.write(JSON.stringify({ pid: process.pid, ids }));
