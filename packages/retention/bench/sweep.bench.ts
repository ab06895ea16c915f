/**
 * @module
 * Purge 1,000,000 expired rows out of 2,000,000 on the real PostgreSQL, three ways, in one run
 * (and a ceiling beside them):
 *
 * - peer 1, the issue's: one plain `DELETE FROM t WHERE due_at < now()`: one transaction
 *   holding row locks on every deleted row until it commits, no record of what it deleted;
 * - peer 2, the same job done by hand: the batched, logged `DELETE` a team writes when it must
 *   keep the deletion log this package keeps. Batches of the same size on one connection, each
 *   one transaction: `DELETE … WHERE id = ANY(ARRAY(SELECT id … WHERE id > last … ORDER BY id LIMIT n
 *   FOR UPDATE SKIP LOCKED)) RETURNING`, keyset over the primary key,
 *   every id HMAC'd with `node:crypto`, and one SHA-256-chained log row per batch, category and
 *   rule. No holds, no crash recovery: a floor for what the log itself costs;
 * - ours: the sweeper through the PostgreSQL store: bounded batches, holds checked, each batch
 *   a short transaction that stores its entries (HMAC'd ids), chained onto the log after commit.
 *
 * And a reference that is not a peer, the ceiling for any sweeper that logs what it deletes:
 * the due rows' ids read back and the rows deleted, page range by page range in REPEATABLE READ
 * transactions on 2 connections, with nothing hashed, logged or checked against holds.
 *
 * The four tables are filled identically with generate_series and indexed on due_at. Prints
 * rows/s, the ratio ours/peer for both peers, the longest transaction of each, the CPU time of
 * the server and of this process, and the worker's RSS (start, peak, end).
 * Run: `npm run bench -w @privkit/retention` (PRIVKIT_TEST_PG_URL to point elsewhere;
 * RETENTION_BENCH_ROWS, RETENTION_BENCH_BATCH, RETENTION_BENCH_CONCURRENCY and
 * RETENTION_BENCH_SCAN=auto|index|heap to vary).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { createSweeper } from '../src/index.js';
import { createPostgresStore } from '../src/postgres.js';
import { verifyLog } from '../src/verify.js';

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
const cpuText = (server: number, node: number) =>
  `CPU: server ${Number.isNaN(server) ? 'n/a' : `${server.toFixed(2)} s`}, this process ${node.toFixed(2)} s`;

/** Starts timing one run: the returned function reads its wall time and the CPU it used, server side and here. */
function stopwatch(): () => { ms: number; cpu: string } {
  const server0 = serverCpu();
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const ms = performance.now() - t0;
    const used = process.cpuUsage(node0);
    return { ms, cpu: cpuText(serverCpu() - server0, (used.user + used.system) / 1e6) };
  };
}

const admin = new pg.Client({ connectionString: URL });
try {
  await admin.connect();
} catch (error) {
  console.log(`PostgreSQL at ${URL} is not reachable (${(error as Error).message}): sweep bench skipped`);
  process.exit(0);
}

async function fill(table: string) {
  // Autovacuum off: otherwise it could vacuum the tables of the runs before while a later run is
  // being timed, which would penalise whichever side runs last.
  await admin.query(
    `CREATE TABLE ${schema}.${table} (id bigint PRIMARY KEY, category text NOT NULL, subject text, rule text, ` +
      `due_at timestamptz, payload text) WITH (autovacuum_enabled = false)`,
  );
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
  const t = performance.now();
  await fill('plain');
  await fill('logged');
  await fill('floor');
  await fill('swept');
  console.log(`filled 4 × ${ROWS.toLocaleString('en')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Both start from a checkpoint: the first change to each page after one writes the whole page
  // to the WAL, so a checkpoint landing in one run and not the other would decide the ratio.
  await admin.query('CHECKPOINT');
  // The peer: one DELETE, one transaction.
  let stop = stopwatch();
  const plain = await admin.query(`DELETE FROM ${schema}.plain WHERE due_at < now()`);
  const { ms: plainMs, cpu: plainCpu } = stop();
  const plainRows = plain.rowCount ?? 0;

  // Peer 2: the same rows deleted in batches by hand, with a log of what each batch deleted.
  await admin.query(
    `CREATE TABLE ${schema}.logged_log (seq bigint PRIMARY KEY, prev text NOT NULL, hash text NOT NULL, ` +
      `body text NOT NULL)`,
  );
  await admin.query('CHECKPOINT');
  const peerKey = randomBytes(32);
  let peerSeq = -1;
  let peerHead = '0'.repeat(64);
  let loggedRows = 0;
  let peerAfter = 0;
  let loggedLongest = 0;
  stop = stopwatch();
  for (;;) {
    const started = performance.now();
    await admin.query('BEGIN');
    const deleted = await admin.query({
      // Keyset over the primary key: each batch starts after the last id deleted, rather than
      // walking the dead index entries of every batch before it. `= ANY(ARRAY(…))`, not
      // `IN (…)`: with IN the planner hash-joins a scan of the whole table, every batch.
      text:
        `DELETE FROM ${schema}.logged WHERE id = ANY(ARRAY(SELECT id FROM ${schema}.logged WHERE id > $1 AND ` +
        `due_at < now() ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)) RETURNING id, category, rule`,
      values: [peerAfter],
      rowMode: 'array',
    });
    if (deleted.rows.length === 0) {
      await admin.query('COMMIT');
      break;
    }
    const groups = new Map<string, { category: string; rule: string; ids: string[] }>();
    for (const [rowId, category, rule] of deleted.rows as [string, string, string][]) {
      peerAfter = Math.max(peerAfter, Number(rowId)); // the bench's ids are far below 2^53
      const key = `${category}\u0000${rule}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { category, rule, ids: [] };
        groups.set(key, group);
      }
      group.ids.push(createHmac('sha256', peerKey).update(String(rowId)).digest().toString('hex', 0, 16));
    }
    const values: string[] = [];
    const params: unknown[] = [];
    for (const g of groups.values()) {
      const body = JSON.stringify({
        category: g.category,
        rule: g.rule,
        count: g.ids.length,
        ids: g.ids.sort(),
        at: new Date().toISOString(),
        worker: 'peer',
      });
      const prev = peerHead;
      peerSeq++;
      peerHead = createHash('sha256').update(`${peerSeq}\n${prev}\n${body}`).digest('hex');
      params.push(peerSeq, prev, peerHead, body);
      const n = params.length;
      values.push(`($${n - 3}, $${n - 2}, $${n - 1}, $${n})`);
    }
    await admin.query(`INSERT INTO ${schema}.logged_log (seq, prev, hash, body) VALUES ${values.join(', ')}`, params);
    await admin.query('COMMIT');
    loggedRows += deleted.rows.length;
    loggedLongest = Math.max(loggedLongest, performance.now() - started);
  }
  const { ms: loggedMs, cpu: loggedCpu } = stop();

  // The ceiling: the ids read back and the rows deleted, on 2 connections, and nothing else.
  const floorPool = new pg.Pool({ connectionString: URL, max: 2 });
  const floorPages = Number(
    (await admin.query(`SELECT pg_relation_size('${schema}.floor') / 8192 AS pages`)).rows[0]?.pages,
  );
  // Page ranges of about a batch of due rows each (the tables are filled alike).
  const step = Math.ceil(BATCH / (plainRows / floorPages));
  await admin.query('CHECKPOINT');
  stop = stopwatch();
  let floorRows = 0;
  let nextPage = 0;
  const floorLane = async () => {
    const conn = await floorPool.connect();
    try {
      while (nextPage < floorPages) {
        const from = nextPage;
        nextPage += step;
        const pagesWhere = `ctid >= '(${from},0)'::tid AND ctid < '(${from + step},0)'::tid AND due_at < now()`;
        await conn.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        const ids = (
          await conn.query(`SELECT string_agg(id::text, ',') AS ids FROM ${schema}.floor WHERE ${pagesWhere}`)
        ).rows[0]?.ids as string | null;
        await conn.query(`DELETE FROM ${schema}.floor WHERE ${pagesWhere}`);
        await conn.query('COMMIT');
        floorRows += ids === null ? 0 : ids.split(',').length;
      }
    } finally {
      conn.release();
    }
  };
  await Promise.all([floorLane(), floorLane()]);
  const { ms: floorMs, cpu: floorCpu } = stop();
  await floorPool.end();

  // Ours.
  const pool = new pg.Pool({ connectionString: URL, max: CONCURRENCY + 1 });
  const store = createPostgresStore({
    client: pool,
    schema,
    table: 'swept',
    columns: { category: 'category', subject: 'subject' },
    scan: SCAN,
  });
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
  const key =
    process.env['RETENTION_BENCH_HASH'] === 'none' ? { hash: (id: string) => id.padStart(32, '0') } : randomBytes(32);
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
  stop = stopwatch();
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
  const { ms: sweptMs, cpu: sweptCpu } = stop();
  clearInterval(sampler);
  const rssEnd = process.memoryUsage().rss;
  rssPeak = Math.max(rssPeak, rssEnd);

  const log = await store.readLog('bench');
  const check = verifyLog(log);
  if (
    !check.valid ||
    check.deleted !== report.deleted ||
    report.deleted !== plainRows ||
    loggedRows !== plainRows ||
    floorRows !== plainRows
  )
    throw new Error('the runs disagree on the rows deleted, or the log does not verify');

  const plainRate = plainRows / (plainMs / 1000);
  const sweptRate = report.deleted / (sweptMs / 1000);
  const loggedRate = loggedRows / (loggedMs / 1000);
  const floorRate = floorRows / (floorMs / 1000);
  console.log(
    `plain DELETE (peer): ${plainRows.toLocaleString('en')} rows in ${(plainMs / 1000).toFixed(2)} s = ` +
      `${Math.round(plainRate).toLocaleString('en')} rows/s; one transaction of ${(plainMs / 1000).toFixed(2)} s; ` +
      `${plainCpu}`,
  );
  console.log(
    `logged DELETE (peer 2): ${loggedRows.toLocaleString('en')} rows in ${(loggedMs / 1000).toFixed(2)} s = ` +
      `${Math.round(loggedRate).toLocaleString('en')} rows/s; ${peerSeq + 1} log rows, batches of ${BATCH} on one ` +
      `connection, longest transaction ${loggedLongest.toFixed(0)} ms; ${loggedCpu}`,
  );
  console.log(
    `ceiling, ids only:  ${floorRows.toLocaleString('en')} rows in ${(floorMs / 1000).toFixed(2)} s = ` +
      `${Math.round(floorRate).toLocaleString('en')} rows/s (${(floorRate / plainRate).toFixed(2)}× the plain ` +
      `DELETE) with nothing hashed, logged or held; ${floorCpu}`,
  );
  console.log(
    `sweeper (ours):      ${report.deleted.toLocaleString('en')} rows in ${(sweptMs / 1000).toFixed(2)} s = ` +
      `${Math.round(sweptRate).toLocaleString('en')} rows/s; ${report.batches} batches of ≤ ${BATCH} ` +
      `(${CONCURRENCY} in flight, scan ${SCAN}), ${smallest.toLocaleString('en')}–${largest.toLocaleString('en')} ` +
      `rows, longest transaction ${longest.toFixed(0)} ms; ${log.length} log entries, verified; ${sweptCpu}`,
  );
  console.log(
    `worker RSS: start ${mb(rssStart)}, peak ${mb(rssPeak)}, end ${mb(rssEnd)}; after every 10 batches: ` +
      `${checkpoints.join(', ')}`,
  );
  console.log(`ratio ours/plain DELETE (rows per second): ${(sweptRate / plainRate).toFixed(2)}×`);
  console.log(`ratio ours/logged DELETE (rows per second): ${(sweptRate / loggedRate).toFixed(2)}×`);
  await pool.end();
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
