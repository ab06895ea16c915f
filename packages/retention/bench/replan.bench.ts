/**
 * @module
 * Re-planning a table after a policy change, on the PostgreSQL server: the compiled SQL
 * (`compileDueAtSql`, one `UPDATE` per rule, run in one transaction) against the JavaScript
 * planner's round trip (read the rows in pages of 50,000, `plan()` them, write `due_at` back with
 * one `UPDATE … FROM unnest(…)` per page), same table, same run. Both answers are compared row by
 * row at the end. Run: `npx tsx bench/replan.bench.ts` (REPLAN_ROWS to change N; PRIVKIT_TEST_PG_URL
 * to point elsewhere).
 */
import { loadavg } from 'node:os';
import { reportRatio } from '@privkit/internal/testing/bench';
import pg from 'pg';
import { definePolicy, plan, type RetentionRecord } from '../src/index.js';
import { compileDueAtSql } from '../src/postgres.js';

const URL = process.env['PRIVKIT_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = Number(process.env['REPLAN_ROWS'] ?? 1_000_000);
const PAGE = 50_000;
const SCHEMA = `privkit_replan_bench_${process.pid}`;
const TABLE = `${SCHEMA}.records`;

// The policy after the change: logs from 30 days to one month, invoices to the end of the tenth
// year after the year of issue, both in London's time (BST and GMT, folds and gaps).
const policy = definePolicy({
  timeZone: 'Europe/London',
  rules: [
    { id: 'logs', category: 'log', purpose: 'operations', period: 'P1M' },
    { id: 'invoices', category: 'invoice', purpose: 'tax', period: 'P10Y', anchor: 'end-of-year' },
  ],
});

const client = new pg.Client({ connectionString: URL });
await client.connect();
const seconds = async (run: () => Promise<unknown>) => {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
};

try {
  await client.query(`CREATE SCHEMA ${SCHEMA}`);
  await client.query(`CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, category text NOT NULL, rule text NOT NULL,
    collected_at timestamptz NOT NULL, due_at timestamptz, due_js timestamptz, due_plain timestamptz)`);
  // Collected over two years up to 23 November 2026, at any millisecond; one row in four an invoice.
  await client.query(
    `INSERT INTO ${TABLE} (id, category, rule, collected_at)
     SELECT i, CASE WHEN i % 4 = 0 THEN 'invoice' ELSE 'log' END, CASE WHEN i % 4 = 0 THEN 'invoices' ELSE 'logs' END,
       timestamptz '2026-11-23T00:00:00Z' - (hashint8(i) & 63072000000)::bigint * interval '1 millisecond'
     FROM generate_series(1, $1::int) AS i`,
    [N],
  );
  await client.query(`VACUUM ANALYZE ${TABLE}`);

  // The JavaScript planner: read, plan, write back.
  const js = await seconds(async () => {
    let after = 0;
    for (;;) {
      const { rows } = await client.query(
        `SELECT id, category, rule, collected_at FROM ${TABLE} WHERE id > $1 ORDER BY id LIMIT ${PAGE}`,
        [after],
      );
      if (rows.length === 0) break;
      const records: RetentionRecord[] = rows.map((r) => ({
        id: r.id,
        category: r.category,
        rule: r.rule,
        collectedAt: r.collected_at,
      }));
      const result = plan(policy, records, { now: '2000-01-01T00:00:00Z' });
      await client.query(
        `UPDATE ${TABLE} AS t SET due_js = u.due FROM unnest($1::bigint[], $2::timestamptz[]) AS u(id, due)
         WHERE t.id = u.id`,
        [result.retained.map((p) => p.id), result.retained.map((p) => p.dueAt)],
      );
      after = Number(rows.at(-1).id);
    }
  });

  // The compiled policy: one UPDATE per rule, in one transaction.
  const statements = compileDueAtSql(policy, { schema: SCHEMA, table: 'records' });
  const sqlTime = await seconds(async () => {
    await client.query('BEGIN');
    for (const s of statements) await client.query(s.text, s.params);
    await client.query('COMMIT');
  });

  // The ceiling: a plain UPDATE of the same rows, one column, no calendar at all.
  const plain = await seconds(() => client.query(`UPDATE ${TABLE} SET due_plain = collected_at + interval '30 days'`));

  const { rows } = await client.query(
    `SELECT count(*) FILTER (WHERE due_at IS DISTINCT FROM due_js)::int AS differ, count(*)::int AS n FROM ${TABLE}`,
  );
  const jsRate = N / js;
  const sqlRate = N / sqlTime;
  console.log(`re-plan of ${N.toLocaleString('en')} rows (Europe/London, P1M and P10Y to end of year)`);
  console.log(`  JavaScript planner (read, plan, write back): ${Math.round(jsRate).toLocaleString('en')} rows/s`);
  console.log(`  compiled SQL (one UPDATE per rule):          ${Math.round(sqlRate).toLocaleString('en')} rows/s`);
  console.log(`  ratio SQL / JavaScript: ${(sqlRate / jsRate).toFixed(1)}× (target ≥ 10×)`);
  console.log(`  ceiling, a plain UPDATE of the same rows:    ${Math.round(N / plain).toLocaleString('en')} rows/s`);
  console.log(`  rows whose due_at differ: ${rows[0].differ} of ${rows[0].n}`);
  console.log(
    `  load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (rows[0].differ !== 0) process.exitCode = 1;
  else {
    const what = `re-plan of ${N.toLocaleString('en')} rows in London, P1M and P10Y to the end of the year`;
    const ours = 'compiled SQL (compileDueAtSql, one UPDATE per rule)';
    reportRatio({
      package: '@privkit/retention',
      bench: 'replan',
      case: what,
      ours,
      peer: 'JavaScript round trip (read, plan(), write back)',
      unit: 'rows/s',
      oursValue: sqlRate,
      peerValue: jsRate,
      target: 10,
    });
    reportRatio({
      package: '@privkit/retention',
      bench: 'replan',
      case: `${what}: against the write alone`,
      ours,
      peer: 'plain UPDATE of the same rows, no calendar',
      unit: 'rows/s',
      oursValue: sqlRate,
      peerValue: N / plain,
    });
  }
} finally {
  if (!process.env['KEEP']) await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await client.end();
}
