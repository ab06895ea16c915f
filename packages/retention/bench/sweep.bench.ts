/**
 * @module
 * Purge 1,000,000 expired rows out of 2,000,000 on the real PostgreSQL, two ways, in one run:
 *
 * - the peer: one plain `DELETE FROM t WHERE due_at < now()`: one transaction holding row
 *   locks on every deleted row until it commits, no record of what it deleted;
 * - ours: the sweeper through the PostgreSQL store: bounded `FOR UPDATE SKIP LOCKED` batches,
 *   each one short transaction that also appends the hash-chained log with HMAC'd ids.
 *
 * Both tables are filled identically with generate_series and indexed on due_at. Prints rows/s,
 * the ratio ours/peer, the longest transaction of each, and the worker's RSS (start, peak, end).
 * Run: `npm run bench -w @privkit/retention` (PRIVKIT_TEST_PG_URL to point elsewhere;
 * RETENTION_BENCH_ROWS, RETENTION_BENCH_BATCH, RETENTION_BENCH_CONCURRENCY and
 * RETENTION_BENCH_SCAN=auto|index|heap to vary).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { createSweeper, verifyLog } from '../src/index.js';
import { createPostgresStore } from '../src/postgres.js';

const URL = process.env['PRIVKIT_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS = Number(process.env['RETENTION_BENCH_ROWS'] ?? 2_000_000);
const BATCH = Number(process.env['RETENTION_BENCH_BATCH'] ?? 20_000);
const SCAN = (process.env['RETENTION_BENCH_SCAN'] ?? 'auto') as 'auto' | 'index' | 'heap';
const CONCURRENCY = Number(process.env['RETENTION_BENCH_CONCURRENCY'] ?? 2);
const schema = `ret_bench_${randomBytes(4).toString('hex')}`;
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

/**
 * CPU seconds used so far by the machine's PostgreSQL processes (user + system, from /proc), or
 * NaN where there is no /proc (or the server runs elsewhere): where the time goes, server side.
 */
function serverCpu(): number {
  try {
    const tick = 100; // USER_HZ on Linux
    let total = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^[0-9]+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!name.startsWith('postgres') && !name.startsWith('postmaster')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    }
    return total;
  } catch {
    return Number.NaN;
  }
}
const cpuText = (server: number, node: number) => `CPU: server ${Number.isNaN(server) ? 'n/a' : `${server.toFixed(2)} s`}, this process ${node.toFixed(2)} s`;

const admin = new pg.Client({ connectionString: URL });
try {
  await admin.connect();
} catch (error) {
  console.log(`PostgreSQL at ${URL} is not reachable (${(error as Error).message}): sweep bench skipped`);
  process.exit(0);
}

async function fill(table: string) {
  await admin.query(`CREATE TABLE ${schema}.${table} (id bigint PRIMARY KEY, category text NOT NULL, subject text, rule text, due_at timestamptz, payload text)`);
  // Odd ids expired (due yesterday or earlier), even ids due in the future.
  await admin.query(`INSERT INTO ${schema}.${table}
    SELECT i, 'page-view', 'v-' || (i % 100000), 'page-views-90d',
      CASE WHEN i % 2 = 1 THEN now() - interval '1 day' - (i % 1000) * interval '1 minute'
           ELSE now() + interval '1 day' + (i % 1000) * interval '1 minute' END,
      md5(i::text)
    FROM generate_series(1, ${ROWS}) AS i`);
  await admin.query(`CREATE INDEX ON ${schema}.${table} (due_at) WHERE due_at IS NOT NULL`);
  await admin.query(`VACUUM ANALYZE ${schema}.${table}`);
}

try {
  await admin.query(`CREATE SCHEMA ${schema}`);
  let t = performance.now();
  await fill('plain');
  await fill('swept');
  console.log(`filled 2 × ${ROWS.toLocaleString('en')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Both start from a checkpoint: the first change to each page after one writes the whole page
  // to the WAL, so a checkpoint landing in one run and not the other would decide the ratio.
  await admin.query('CHECKPOINT');
  // The peer: one DELETE, one transaction.
  let server0 = serverCpu();
  let node0 = process.cpuUsage();
  t = performance.now();
  const plain = await admin.query(`DELETE FROM ${schema}.plain WHERE due_at < now()`);
  const plainMs = performance.now() - t;
  const plainCpu = cpuText(serverCpu() - server0, (process.cpuUsage(node0).user + process.cpuUsage(node0).system) / 1e6);
  const plainRows = plain.rowCount ?? 0;

  // Ours.
  const pool = new pg.Pool({ connectionString: URL, max: CONCURRENCY + 1 });
  const store = createPostgresStore({ client: pool, schema, table: 'swept', columns: { category: 'category', subject: 'subject' }, scan: SCAN });
  await store.migrate();
  await admin.query('CHECKPOINT');
  let longest = 0;
  const timed = {
    ...store,
    async sweepBatch(request: Parameters<typeof store.sweepBatch>[0]) {
      const start = performance.now();
      const result = await store.sweepBatch(request);
      longest = Math.max(longest, performance.now() - start); // checkout + BEGIN … COMMIT: an upper bound
      return result;
    },
  };
  // RETENTION_BENCH_HASH=none: a non-cryptographic stand-in, to split the cost of the keyed
  // hashes from the database's (never for real use: the log would hold raw ids).
  const key = process.env['RETENTION_BENCH_HASH'] === 'none' ? { hash: (id: string) => id.padStart(32, '0') } : randomBytes(32);
  const sweeper = createSweeper({
    store: timed,
    tenant: 'bench',
    key,
    worker: `bench-${process.pid}`,
    batchSize: BATCH,
    concurrency: CONCURRENCY,
  });
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  server0 = serverCpu();
  node0 = process.cpuUsage();
  t = performance.now();
  // RSS after batches 10, 20, 30, …: flat when memory does not grow with the rows deleted.
  const checkpoints: string[] = [];
  let batchNo = 0;
  let smallest = Number.POSITIVE_INFINITY;
  let largest = 0;
  const report = await sweeper.sweep({
    now: new Date(),
    onBatch: ({ deleted }) => {
      smallest = Math.min(smallest, deleted);
      largest = Math.max(largest, deleted);
      if (++batchNo % 10 === 0) checkpoints.push(mb(process.memoryUsage().rss));
    },
  });
  const sweptMs = performance.now() - t;
  const nodeUsed = process.cpuUsage(node0);
  const sweptCpu = cpuText(serverCpu() - server0, (nodeUsed.user + nodeUsed.system) / 1e6);
  clearInterval(sampler);
  const rssEnd = process.memoryUsage().rss;
  rssPeak = Math.max(rssPeak, rssEnd);

  const log = await store.readLog('bench');
  const check = verifyLog(log);
  if (!check.valid || check.deleted !== report.deleted || report.deleted !== plainRows) throw new Error('the sweep and the DELETE disagree, or the log does not verify');

  const plainRate = plainRows / (plainMs / 1000);
  const sweptRate = report.deleted / (sweptMs / 1000);
  console.log(`plain DELETE (peer): ${plainRows.toLocaleString('en')} rows in ${(plainMs / 1000).toFixed(2)} s = ${Math.round(plainRate).toLocaleString('en')} rows/s; one transaction of ${(plainMs / 1000).toFixed(2)} s; ${plainCpu}`);
  console.log(
    `sweeper (ours):      ${report.deleted.toLocaleString('en')} rows in ${(sweptMs / 1000).toFixed(2)} s = ${Math.round(sweptRate).toLocaleString('en')} rows/s; ${report.batches} batches of ≤ ${BATCH} (${CONCURRENCY} in flight, scan ${SCAN}), ${smallest.toLocaleString('en')}–${largest.toLocaleString('en')} rows, longest transaction ${longest.toFixed(0)} ms; ${log.length} log entries, verified; ${sweptCpu}`,
  );
  console.log(`worker RSS: start ${mb(rssStart)}, peak ${mb(rssPeak)}, end ${mb(rssEnd)}; after every 10 batches: ${checkpoints.join(', ')}`);
  console.log(`ratio ours/peer (rows per second): ${(sweptRate / plainRate).toFixed(2)}×`);
  await pool.end();
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
