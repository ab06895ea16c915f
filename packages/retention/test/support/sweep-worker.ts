/**
 * @module
 * One sweeper process, for the crash and concurrency tests: connects to the real PostgreSQL,
 * sweeps the given table in small batches and prints its report as JSON. With `commitDelayMs`
 * each batch waits before its COMMIT, so a test that kills the process lands inside an open
 * transaction most of the time. With `pauseAt` (a regular expression) the worker prints `paused` and
 * waits to be killed when a statement matching it is about to run (`pauseAfter`: once it ran), so a
 * test can kill it at one exact point of a partition drop.
 */
import pg from 'pg';
import { createSweeper } from '../../src/index.js';
import { createPostgresStore, type PgQueryable } from '../../src/postgres.js';

interface Config {
  url: string;
  schema: string;
  table: string;
  tenant: string;
  worker: string;
  batchSize: number;
  now: string;
  commitDelayMs: number;
  holdSubject?: string;
  key: string;
  scan?: 'auto' | 'index' | 'heap';
  partitions?: 'rows' | 'drop';
  pauseAt?: string;
  pauseAfter?: boolean;
  /** Pause only once a statement matching this ran (a seal after a drop, say). */
  pauseOnceSeen?: string;
}

const config = JSON.parse(process.argv[2] as string) as Config;
const client = new pg.Client({ connectionString: config.url });
await client.connect();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// The real client, with a pause before each COMMIT (the window a crash test aims at).
const pauseAt = config.pauseAt === undefined ? undefined : new RegExp(config.pauseAt);
let seen = config.pauseOnceSeen === undefined;
const pause = async (): Promise<never> => {
  process.stdout.write('paused\n');
  for (;;) await sleep(60_000);
};
const slow: PgQueryable = {
  async query(text, params) {
    if (text === 'COMMIT' && config.commitDelayMs > 0) await sleep(config.commitDelayMs);
    const here = seen && pauseAt?.test(text) === true;
    if (here && config.pauseAfter !== true) await pause();
    const result = await client.query(text, params);
    if (here) await pause();
    if (!seen && new RegExp(config.pauseOnceSeen as string).test(text)) seen = true;
    return result;
  },
};
const store = createPostgresStore({
  client: slow,
  schema: config.schema,
  table: config.table,
  scan: config.scan,
  partitions: config.partitions,
});
const sweeper = createSweeper({
  store,
  tenant: config.tenant,
  key: Buffer.from(config.key, 'hex'),
  worker: config.worker,
  batchSize: config.batchSize,
  holds: config.holdSubject
    ? [{ id: 'H-1', scope: { subject: config.holdSubject }, reason: 'open access request', placedAt: config.now }]
    : [],
});
process.stdout.write('ready\n');
const report = await sweeper.sweep({ now: config.now });
await client.end();
process.stdout.write(`${JSON.stringify({ pid: process.pid, ...report })}\n`);
