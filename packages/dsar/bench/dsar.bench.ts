/**
 * @module
 * Benchmarks, printed as figures and ratios (never asserted):
 * 1. transitions per second through the pure `transition` (and `dueDates` per second);
 * 2. `overdue` over 1,000,000 stored requests in PostgreSQL: the store's query with its partial
 *    index on the next deadline of open requests, against the same query as a naive full scan of
 *    an identical table without the index, in the same run. Needs the server at 127.0.0.1:5432
 *    (or PRIVKIT_TEST_PG_URL); without it, that part is skipped with a message.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { dueDates } from '../src/deadlines/index.js';
import { type DsarEvent, type DsarState, openRequest, transition } from '../src/index.js';
import { createPostgresDsarStore } from '../src/postgres.js';

const PG_URL = process.env['PRIVKIT_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS = Number(process.env['DSAR_BENCH_ROWS'] ?? 1_000_000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// --- 1. transitions ------------------------------------------------------------------------
const receive = {
  type: 'receive',
  at: '2025-01-31T09:30:00Z',
  id: 'B1',
  regime: 'gdpr',
  right: 'access',
  subject: 's',
  timeZone: 'Europe/Paris',
  channel: 'email',
} as const;
const script: DsarEvent[] = [
  { type: 'start-verification', at: '2025-01-31T10:00:00Z' },
  { type: 'request-information', at: '2025-01-31T11:00:00Z' },
  { type: 'information-received', at: '2025-02-02T11:00:00Z' },
  { type: 'identity-verified', at: '2025-02-03T11:00:00Z' },
  { type: 'acknowledge', at: '2025-02-03T12:00:00Z' },
  { type: 'request-clarification', at: '2025-02-04T12:00:00Z' },
  { type: 'clarification-received', at: '2025-02-05T12:00:00Z' },
  { type: 'fulfil', at: '2025-02-10T12:00:00Z', outcomes: [{ source: 'crm', status: 'done', records: 3 }] },
];
const start = openRequest(receive);
let n = 0;
let t0 = performance.now();
while (performance.now() - t0 < 2000) {
  let s: DsarState = start;
  for (const e of script) s = transition(s, e);
  n += script.length;
}
const perSec = n / ((performance.now() - t0) / 1000);
console.log(
  `transition: ${Math.round(perSec).toLocaleString('en')} events/s (an 8-event GDPR lifecycle, guards included)`,
);
n = 0;
t0 = performance.now();
while (performance.now() - t0 < 1000) {
  dueDates(start);
  n++;
}
console.log(
  `dueDates: ${Math.round(n / ((performance.now() - t0) / 1000)).toLocaleString('en')} requests/s (Temporal polyfill)`,
);
// 10,000 distinct GDPR requests received over 2024-2026 in three zones (seeded): most deadlines
// are rolled in the calendar of every Member State. The first pass is a process's first look at
// those days; the later passes are a service recomputing deadlines for requests it holds.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 2 ** 32;
};
const zones = ['Europe/Paris', 'Europe/Berlin', 'UTC'];
const from = Date.parse('2024-01-01T00:00:00Z');
const span = Date.parse('2027-01-01T00:00:00Z') - from;
const distinct = Array.from({ length: 10_000 }, (_, i) =>
  openRequest({
    ...receive,
    id: `R${i}`,
    at: new Date(from + Math.floor(random() * span)).toISOString(),
    timeZone: zones[i % 3] as string,
  }),
);
t0 = performance.now();
for (const r of distinct) dueDates(r);
const firstPass = distinct.length / ((performance.now() - t0) / 1000);
n = 0;
t0 = performance.now();
while (performance.now() - t0 < 2000) {
  for (const r of distinct) dueDates(r);
  n += distinct.length;
}
console.log(
  `dueDates over 10,000 distinct requests: ${Math.round(firstPass).toLocaleString('en')} requests/s on the first ` +
    `pass, ${Math.round(n / ((performance.now() - t0) / 1000)).toLocaleString('en')} requests/s after`,
);

// --- 2. overdue over 1,000,000 requests in PostgreSQL --------------------------------------
const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
try {
  await client.connect();
} catch (error) {
  console.log(`overdue(): skipped, PostgreSQL at ${PG_URL} is not reachable (${(error as Error).message})`);
  process.exit(0);
}
const schema = `dsar_bench_${Math.random().toString(16).slice(2, 10)}`;
try {
  await client.query(`CREATE SCHEMA ${schema}`);
  const store = createPostgresDsarStore({ client, schema });
  await store.migrate();
  const state = JSON.stringify({ ...start, id: 'X' });
  const fill = performance.now();
  // 1% of requests open (the rest closed over the years, as in a real system), deadlines spread
  // over 2024-2026; about a tenth of the open ones are overdue at NOW.
  await client.query(
    `INSERT INTO ${store.requestsTable} (id, subject, status, is_open, version, next_due, state)
     SELECT 'R' || g, 's' || (g % 200000), CASE WHEN g % 100 = 0 THEN 'in-progress' ELSE 'fulfilled' END,
            g % 100 = 0, 3,
            CASE WHEN g % 100 = 0 THEN timestamptz '2024-01-01' + (g % 1000) * interval '1 day' ELSE NULL END,
            $1::jsonb
     FROM generate_series(1, $2::int) AS g`,
    [state, ROWS],
  );
  await client.query(`CREATE TABLE ${schema}.naive AS SELECT * FROM ${store.requestsTable}`);
  await client.query(`ANALYZE ${store.requestsTable}`);
  await client.query(`ANALYZE ${schema}.naive`);
  console.log(
    `overdue(): filled ${ROWS.toLocaleString('en')} requests twice ` +
      `in ${((performance.now() - fill) / 1000).toFixed(1)} s`,
  );

  const NOW = Date.parse('2024-03-11T00:00:00Z');
  const naiveQuery = `SELECT state, (extract(epoch FROM next_due) * 1000)::float8 AS next_due_ms FROM ${schema}.naive
    WHERE is_open AND next_due <= to_timestamp($1::float8 / 1000) ORDER BY next_due`;
  const indexed: number[] = [];
  const naive: number[] = [];
  let hits = 0;
  let naiveHits = 0;
  for (let i = 0; i < 7; i++) {
    let t = performance.now();
    hits = (await store.due(NOW)).length;
    indexed.push(performance.now() - t);
    t = performance.now();
    naiveHits = (await client.query(naiveQuery, [NOW])).rows.length;
    naive.push(performance.now() - t);
  }
  if (hits !== naiveHits) throw new Error(`the two queries disagree: ${hits} vs ${naiveHits}`);
  const plan = (
    await client.query(
      `EXPLAIN SELECT 1 FROM ${store.requestsTable} WHERE is_open AND next_due <= now() - interval '600 days'`,
    )
  ).rows
    .map((r) => Object.values(r)[0])
    .join(' | ');
  const a = median(indexed);
  const b = median(naive);
  console.log(
    `overdue(): ${hits.toLocaleString('en')} overdue of ${ROWS.toLocaleString('en')} stored ` +
      `(${(ROWS / 100).toLocaleString('en')} open)`,
  );
  console.log(
    `  indexed (partial index on next_due WHERE is_open): median ${a.toFixed(2)} ms   plan: ${plan.slice(0, 120)}`,
  );
  console.log(`  naive full scan (same query, no index):            median ${b.toFixed(2)} ms`);
  console.log(`  ratio ours/peer (indexed/naive time): ${(a / b).toFixed(4)}  (${(b / a).toFixed(0)}x faster)`);
} finally {
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
