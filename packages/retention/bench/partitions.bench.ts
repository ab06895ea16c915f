/**
 * @module
 * A table partitioned by day on `due_at` (as pg_partman makes it), 2,000,000 rows in 40 daily
 * partitions of 50,000, swept at the middle of day 21: 20 partitions are due whole (1,000,000
 * rows) and day 21 straddles the instant (25,000 more rows due). Three identical tables, in one
 * run on the real PostgreSQL:
 *
 * - peer, the issue's: one plain `DELETE FROM t WHERE due_at <= $now`: one transaction, no record
 *   of what it deleted;
 * - ours: the sweeper through the PostgreSQL store with `partitions: 'drop'`: each whole
 *   partition locked, its ids read in bulk and keyed-hashed into the log, detached and dropped in
 *   one transaction; the straddling day deleted row by row in batches; every id logged;
 * - a ceiling that is not a peer: `DETACH PARTITION` and `DROP TABLE` of the same 20 partitions,
 *   one transaction each, logging nothing (rows/s over the rows of those partitions only).
 *
 * Prints rows/s, the ratio ours/peer and ours/ceiling, and the longest time the parent table was
 * locked by one drop of ours (`ACCESS EXCLUSIVE`, from its DETACH to its COMMIT), and checks that
 * the log verifies and holds exactly the rows deleted.
 * Run: `npx tsx bench/partitions.bench.ts` (RETENTION_BENCH_ROWS to scale: 40 partitions of
 * ROWS / 40; RETENTION_BENCH_BATCH for the sweeper's batch size, RETENTION_BENCH_CONCURRENCY for its
 * batches in flight, default 2: one partition's ids are hashed while the next one is read).
 */
import { randomBytes } from 'node:crypto';
import { reportRatio } from '@privkit/internal/testing/bench';
import pg from 'pg';
import { createSweeper } from '../src/index.js';
import { createPostgresStore } from '../src/postgres.js';
import { verifyLog } from '../src/verify.js';

const URL = process.env['PRIVKIT_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS = Number(process.env['RETENTION_BENCH_ROWS'] ?? 2_000_000);
const BATCH = Number(process.env['RETENTION_BENCH_BATCH'] ?? 20_000);
const CONCURRENCY = Number(process.env['RETENTION_BENCH_CONCURRENCY'] ?? 2);
const DAYS = 40;
const PER_DAY = Math.floor(ROWS / DAYS);
const START = Date.parse('2026-10-01T00:00:00Z');
const DAY = 86_400_000;
const NOW = new Date(START + 20.5 * DAY).toISOString();
const schema = `ret_pbench_${randomBytes(4).toString('hex')}`;

const admin = new pg.Client({ connectionString: URL });
try {
  await admin.connect();
} catch (error) {
  console.log(`PostgreSQL at ${URL} is not reachable (${(error as Error).message}): partitions bench skipped`);
  process.exit(0);
}

const dayName = (table: string, d: number) =>
  `${table}_p${new Date(START + d * DAY).toISOString().slice(0, 10).replaceAll('-', '')}`;

async function fill(table: string) {
  await admin.query(
    `CREATE TABLE ${schema}.${table} (id bigint NOT NULL, category text NOT NULL, subject text, rule text, ` +
      'due_at timestamptz, payload text) PARTITION BY RANGE (due_at)',
  );
  for (let d = 0; d < DAYS; d++) {
    // Autovacuum off: it could otherwise vacuum one table while another is being timed.
    await admin.query(
      `CREATE TABLE ${schema}.${dayName(table, d)} PARTITION OF ${schema}.${table} FOR VALUES ` +
        `FROM ('${new Date(START + d * DAY).toISOString()}') TO ('${new Date(START + (d + 1) * DAY).toISOString()}') ` +
        'WITH (autovacuum_enabled = false)',
    );
  }
  await admin.query(`INSERT INTO ${schema}.${table}
    SELECT i, 'page-view', 'v-' || (i % 100000), 'page-views-90d',
      '${new Date(START).toISOString()}'::timestamptz + (i - 1) * interval '${DAY / PER_DAY / 1000} seconds',
      md5(i::text)
    FROM generate_series(1, ${PER_DAY * DAYS}) AS i`);
  await admin.query(`CREATE INDEX ON ${schema}.${table} (due_at) WHERE due_at IS NOT NULL`);
  await admin.query(`VACUUM ANALYZE ${schema}.${table}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (rows: number, ms: number) => (rows / ms) * 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

try {
  await admin.query(`CREATE SCHEMA ${schema}`);
  let t = performance.now();
  for (const table of ['plain', 'dropped', 'swept']) await fill(table);
  console.log(
    `filled 3 × ${(PER_DAY * DAYS).toLocaleString('en')} rows (${DAYS} daily partitions of ` +
      `${PER_DAY.toLocaleString('en')}) in ${seconds(performance.now() - t)}; sweep at ${NOW}`,
  );

  // The peer: one DELETE, one transaction.
  await admin.query('CHECKPOINT');
  t = performance.now();
  const plain = await admin.query(`DELETE FROM ${schema}.plain WHERE due_at <= $1::timestamptz`, [NOW]);
  const plainMs = performance.now() - t;
  const plainRows = plain.rowCount ?? 0;

  // The ceiling: the whole partitions detached and dropped, nothing read, nothing logged.
  await admin.query('CHECKPOINT');
  t = performance.now();
  for (let d = 0; d < 20; d++) {
    await admin.query('BEGIN');
    await admin.query(`ALTER TABLE ${schema}.dropped DETACH PARTITION ${schema}.${dayName('dropped', d)}`);
    await admin.query(`DROP TABLE ${schema}.${dayName('dropped', d)}`);
    await admin.query('COMMIT');
  }
  const dropMs = performance.now() - t;
  const dropRows = 20 * PER_DAY;

  // Ours, timing how long each drop holds the parent's ACCESS EXCLUSIVE lock (its DETACH to its
  // COMMIT), on each connection a transaction checks out of the pool.
  let longestLock = 0;
  const pool = new pg.Pool({ connectionString: URL, max: CONCURRENCY + 1 });
  const client = {
    totalCount: 0,
    query: (text: string, params?: unknown[]) => pool.query(text, params),
    async connect() {
      const c = await pool.connect();
      let detachAt = 0;
      return {
        async query(text: string, params?: unknown[]) {
          if (/DETACH PARTITION/.test(text)) detachAt = performance.now();
          const result = await c.query(text, params);
          if (text === 'COMMIT' && detachAt > 0) {
            longestLock = Math.max(longestLock, performance.now() - detachAt);
            detachAt = 0;
          }
          return result;
        },
        release: (e?: Error | boolean) => c.release(e),
      };
    },
  };
  const store = createPostgresStore({ client, schema, table: 'swept', partitions: 'drop' });
  await store.migrate();
  const sweeper = createSweeper({
    store,
    tenant: 'bench',
    key: randomBytes(32),
    batchSize: BATCH,
    concurrency: CONCURRENCY,
  });
  await admin.query('CHECKPOINT');
  t = performance.now();
  const report = await sweeper.sweep({ now: NOW });
  const oursMs = performance.now() - t;
  const log = await store.readLog('bench');
  const check = verifyLog(log);
  const logged = new Set(log.flatMap((e) => e.ids)).size;
  await pool.end();
  if (!check.valid || logged !== report.deleted || report.deleted !== plainRows)
    throw new Error(
      `the sweep's log does not account for its rows: valid ${check.valid}, logged ${logged}, ` +
        `deleted ${report.deleted}, plain DELETE ${plainRows}`,
    );

  const oursRate = rate(report.deleted, oursMs);
  const plainRate = rate(plainRows, plainMs);
  const dropRate = rate(dropRows, dropMs);
  console.log('| run | rows | time | rows/s |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| plain DELETE, one transaction, no log | ${fmt(plainRows)} | ${seconds(plainMs)} | ${fmt(plainRate)} |`,
  );
  console.log(
    `| sweeper, partitions: 'drop', every id logged | ${fmt(report.deleted)} | ${seconds(oursMs)} | ${fmt(oursRate)} |`,
  );
  console.log(
    `| DETACH + DROP of the 20 whole partitions, no log | ${fmt(dropRows)} | ${seconds(dropMs)} | ${fmt(dropRate)} |`,
  );
  console.log(
    `ours/plain DELETE ${(oursRate / plainRate).toFixed(2)}×, ours/DROP ${(oursRate / dropRate).toFixed(2)}×; ` +
      `${log.length} log entries, ${report.batches} batches; ` +
      `parent locked at most ${longestLock.toFixed(0)} ms per drop`,
  );
  reportRatio({
    package: '@privkit/retention',
    bench: 'partitions',
    case: `${fmt(report.deleted)} of ${fmt(PER_DAY * DAYS)} rows in daily partitions, every id logged`,
    ours: "sweeper, partitions: 'drop'",
    peer: 'plain DELETE',
    unit: 'rows/s',
    oursValue: oursRate,
    peerValue: plainRate,
    target: 2,
  });
  reportRatio({
    package: '@privkit/retention',
    bench: 'partitions',
    case: `${fmt(report.deleted)} of ${fmt(PER_DAY * DAYS)} rows in daily partitions, every id logged`,
    ours: "sweeper, partitions: 'drop'",
    peer: 'DETACH + DROP of the whole partitions, no log',
    unit: 'rows/s',
    oursValue: oursRate,
    peerValue: dropRate,
  });
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
