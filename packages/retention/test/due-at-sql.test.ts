/**
 * @module
 * `compileDueAtSql`: the SQL re-plan against the JavaScript planner on 20,000 random records (five
 * zones, DST folds and gaps, month ends, leap days, every anchor and trigger) on the PostgreSQL
 * server when it answers (skipped with a printed reason when not), and on 5,000 on PGlite (its zone
 * data included) always; the zones whose 1916–1945 gaps end at midnight (Berlin, Paris) and
 * Toronto's 1919 gap across a midnight, on both; rows with no trigger instant losing an old
 * `due_at`; and the refusals, each naming the rule.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { definePolicy, RetentionError } from '../src/index.js';
import { compileDueAtSql, type PgQueryable } from '../src/postgres.js';
import {
  DIFF_ZONES,
  type DiffRange,
  diffPolicy,
  diffRows,
  diffTableSql,
  insertRows,
  mismatches,
  plannerDue,
  replanInSql,
} from './support/due-at-diff.js';
import { PG_URL, pgServerAvailable, uniqueName } from './support/servers.js';

const pgUp = await pgServerAvailable();

async function differential(
  db: PgQueryable,
  schema: string,
  deleteAt: 'latest' | 'earliest',
  seed: number,
  perZone: number,
) {
  await db.query(`CREATE SCHEMA ${schema}`);
  let compared = 0;
  for (const [z, zone] of DIFF_ZONES.entries()) {
    const table = `t${z}`;
    const qualified = `${schema}.${table}`;
    await db.query(diffTableSql(qualified));
    const rows = diffRows(zone, perZone, seed + z, 1);
    await insertRows(db, qualified, rows);
    const policy = diffPolicy(zone, deleteAt);
    await replanInSql(db, policy, schema, table);
    const result = await mismatches(db, qualified, plannerDue(policy, rows), rows, zone);
    expect(result.wrong).toEqual([]);
    compared += result.compared;
  }
  expect(compared).toBe(perZone * DIFF_ZONES.length);
}

const HISTORY: DiffRange = { start: Date.UTC(1910, 0, 1), end: Date.UTC(1950, 0, 1) };
const MODERN: DiffRange = { start: Date.UTC(1990, 0, 1), end: Date.UTC(2040, 0, 1) };
/**
 * Zones with gaps that end at a midnight (Berlin 1916-04-30 23:00 → 05-01 00:00, Paris in the 1940s)
 * or cross one (Toronto 1919).
 */
const GAP_CASES: { zone: string; range: DiffRange; only?: string[] }[] = [
  { zone: 'Europe/Berlin', range: HISTORY },
  { zone: 'Europe/Berlin', range: MODERN },
  { zone: 'Europe/Paris', range: HISTORY },
  { zone: 'Europe/Paris', range: MODERN },
  // Toronto's gap 1919-03-30 23:30 → 03-31 00:30 crosses a midnight: next-day is refused, the rest compiled.
  {
    zone: 'America/Toronto',
    range: { start: Date.UTC(1915, 0, 1), end: Date.UTC(1925, 0, 1) },
    only: ['none', 'end-of-month', 'end-of-year'],
  },
];

async function gapDifferential(db: PgQueryable, schema: string, seed: number, perCase: number) {
  await db.query(`CREATE SCHEMA ${schema}`);
  let compared = 0;
  for (const [i, { zone, range, only }] of GAP_CASES.entries()) {
    const table = `g${i}`;
    const qualified = `${schema}.${table}`;
    await db.query(diffTableSql(qualified));
    const rows = diffRows(zone, perCase, seed + i, 1, range);
    await insertRows(db, qualified, rows);
    const policy = diffPolicy(zone, i % 2 === 0 ? 'latest' : 'earliest', only);
    await replanInSql(db, policy, schema, table);
    const result = await mismatches(db, qualified, plannerDue(policy, rows), rows, zone);
    expect(result.wrong).toEqual([]);
    compared += result.compared;
  }
  expect(compared).toBe(perCase * GAP_CASES.length);
}

/** An old `due_at` on rows with no trigger instant: the re-plan must clear it (NULL is never due). */
async function staleDueAt(db: PgQueryable, schema: string) {
  await db.query(`CREATE SCHEMA ${schema}`);
  const table = `${schema}.stale`;
  await db.query(
    `CREATE TABLE ${table} (id int PRIMARY KEY, category text, rule text, collected_at timestamptz,
      last_activity_at timestamptz, ended_at timestamptz, due_at timestamptz)`,
  );
  const old = '2020-01-01T00:00:00Z';
  await db.query(
    `INSERT INTO ${table} VALUES
      (1, 'customer', 'crm', '2019-01-01Z', NULL, NULL, $1),
      (2, 'log', 'logs', NULL, NULL, NULL, $1),
      (3, 'account', 'inactive', NULL, NULL, NULL, $1),
      (4, 'customer', 'crm', '2019-01-01Z', NULL, '2019-06-15T10:00:00Z', $1),
      (5, 'log', 'logs', '2019-06-15T10:00:00Z', NULL, NULL, $1),
      (6, 'account', 'inactive', '2019-01-01Z', '2019-06-15T10:00:00Z', NULL, $1)`,
    [old],
  );
  const policy = definePolicy({
    timeZone: 'Europe/Berlin',
    rules: [
      {
        id: 'crm',
        category: 'customer',
        purpose: 'contract',
        period: 'P6Y',
        anchor: 'end-of-year',
        trigger: { type: 'event', event: 'contract-ended' },
      },
      { id: 'logs', category: 'log', purpose: 'operations', period: 'P1M' },
      { id: 'inactive', category: 'account', purpose: 'service', period: 'P2Y', trigger: { type: 'last-activity' } },
    ],
  });
  const statements = compileDueAtSql(policy, {
    schema,
    table: 'stale',
    columns: { lastActivityAt: 'last_activity_at', events: { 'contract-ended': 'ended_at' } },
  });
  for (const s of statements) await db.query(s.text, s.params);
  const { rows } = await db.query(
    `SELECT id, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS due FROM ${table} ORDER BY id`,
  );
  expect(rows).toEqual([
    { id: 1, due: null },
    { id: 2, due: null },
    { id: 3, due: null },
    { id: 4, due: '2025-12-31T23:00:00Z' },
    { id: 5, due: '2019-07-15T10:00:00Z' },
    { id: 6, due: '2021-06-15T10:00:00Z' },
  ]);
}

describe('compileDueAtSql', () => {
  describe.skipIf(!pgUp)('on the PostgreSQL server', () => {
    const schema = uniqueName('dueatsql');
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    afterAll(async () => {
      for (const name of [schema, `${schema}_gaps`, `${schema}_stale`])
        await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await pool.end();
    });
    it('gives the planner’s due instant for 20,000 random records in five zones', async () => {
      await differential(pool, schema, 'latest', 2101, 4000);
    }, 120_000);
    it('gives the planner’s due instant around midnight gaps (Berlin, Paris 1916–1945, today; Toronto)', async () => {
      await gapDifferential(pool, `${schema}_gaps`, 3101, 2000);
    }, 120_000);
    it('clears an old due_at where the trigger instant is NULL', async () => {
      await staleDueAt(pool, `${schema}_stale`);
    });
  });

  describe('on PGlite', () => {
    let db: PGlite | undefined;
    afterAll(async () => {
      await db?.close();
    });
    it('gives the planner’s due instant for 5,000 records with deleteAt earliest', async () => {
      db = await PGlite.create();
      await differential(db, 'dueatsql', 'earliest', 2201, 1000);
    }, 120_000);
    it('gives the planner’s due instant around Berlin’s, Paris’s and Toronto’s midnight gaps', async () => {
      db ??= await PGlite.create();
      await gapDifferential(db, 'dueatgaps', 3201, 600);
    }, 120_000);
    it('clears an old due_at where the trigger instant is NULL', async () => {
      db ??= await PGlite.create();
      await staleDueAt(db, 'dueatstale');
    });
  });

  const rule = { id: 'crm', category: 'customer', purpose: 'contract', period: 'P10Y' };
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(RetentionError);
      return { code: (error as RetentionError).code, message: (error as RetentionError).message };
    }
    throw new Error('expected a RetentionError');
  };

  it('refuses an event trigger without a column, naming the rule', () => {
    const policy = definePolicy({ rules: [{ ...rule, trigger: { type: 'event', event: 'contract-ended' } }] });
    const e = code(() => compileDueAtSql(policy, { table: 'records' }));
    expect(e.code).toBe('NOT_COMPILABLE');
    expect(e.message).toContain('"crm"');
    expect(
      compileDueAtSql(policy, { table: 'records', columns: { events: { 'contract-ended': 'ended_at' } } }),
    ).toHaveLength(2);
  });

  it('compiles every anchor in zones whose gaps end at midnight, and refuses next-day only across one', () => {
    const anchored = (timeZone: string) =>
      definePolicy({
        timeZone,
        rules: [
          { id: 'eoy', category: 'invoice', purpose: 'tax', period: 'P10Y', anchor: 'end-of-year' },
          { id: 'eom', category: 'log', purpose: 'operations', period: 'P6M', anchor: 'end-of-month' },
          { id: 'nd', category: 'customer', purpose: 'contract', period: 'P3Y', anchor: 'next-day' },
        ],
      });
    for (const zone of ['Europe/Berlin', 'Europe/Paris', 'Europe/Moscow', 'America/Santiago', 'Asia/Tehran'])
      expect(compileDueAtSql(anchored(zone), { table: 'records' })).toHaveLength(4);
    const e = code(() => compileDueAtSql(anchored('America/Toronto'), { table: 'records' }));
    expect(e.code).toBe('NOT_COMPILABLE');
    expect(e.message).toContain('"nd"');
    expect(e.message).toContain('1919-03-31');
    const noNextDay = definePolicy({
      timeZone: 'America/Toronto',
      rules: [
        { id: 'eoy', category: 'invoice', purpose: 'tax', period: 'P10Y', anchor: 'end-of-year' },
        { id: 'eom', category: 'log', purpose: 'operations', period: 'P6M', anchor: 'end-of-month' },
      ],
    });
    expect(compileDueAtSql(noNextDay, { table: 'records' })).toHaveLength(3);
  });

  it('reads a Berlin wall time inside the 1916 gap past midnight for next-day, as Temporal', async () => {
    // 1916-04-29 23:30 + P1D is 04-30 23:30, skipped (23:00 → 24:00): the end is 05-01 00:30, so due 05-02 00:00.
    const policy = definePolicy({
      timeZone: 'Europe/Berlin',
      rules: [{ id: 'nd', category: 'log', purpose: 'operations', period: 'P1D', anchor: 'next-day' }],
    });
    const record = { id: '1', category: 'log', rule: 'nd', collectedAt: '1916-04-29T22:30:00Z' };
    const planned = plannerDue(policy, [
      { record, collectedAt: Date.parse(record.collectedAt), lastActivityAt: null, endedAt: null },
    ]);
    expect(planned.get('1')).toBe(Date.parse('1916-05-01T22:00:00Z'));
    const db = await PGlite.create();
    try {
      await db.query(diffTableSql('public.b'));
      await db.query(`INSERT INTO b (id, category, rule, collected_at) VALUES (1, 'log', 'nd', $1)`, [
        record.collectedAt,
      ]);
      for (const s of compileDueAtSql(policy, { table: 'b' })) await db.query(s.text, s.params);
      const { rows } = await db.query<{ due: string }>(
        `SELECT (extract(epoch FROM due_at) * 1000)::text AS due FROM b`,
      );
      expect(Number(rows[0]?.due)).toBe(planned.get('1'));
    } finally {
      await db.close();
    }
  });

  it('refuses last-activity without a column', () => {
    const policy = definePolicy({ rules: [{ ...rule, trigger: { type: 'last-activity' } }] });
    expect(code(() => compileDueAtSql(policy, { table: 'records' })).code).toBe('NOT_COMPILABLE');
  });

  it('refuses a category with several rules that apply together', () => {
    const policy = definePolicy({ rules: [rule, { ...rule, id: 'crm-2', purpose: 'marketing', period: 'P2Y' }] });
    const e = code(() => compileDueAtSql(policy, { table: 'records' }));
    expect(e.code).toBe('NOT_COMPILABLE');
    expect(e.message).toContain('"crm"');
  });

  it('reads options strictly and never writes a value into the SQL text', () => {
    const policy = definePolicy({ timeZone: 'Europe/Paris', rules: [rule] });
    expect(code(() => compileDueAtSql(policy, { table: 'Records' })).code).toBe('INVALID_OPTIONS');
    expect(code(() => compileDueAtSql(policy, { table: 'r', colums: {} } as never)).code).toBe('UNKNOWN_KEY');
    expect(code(() => compileDueAtSql(policy, { table: 'r', columns: { dueat: 'x' } } as never)).code).toBe(
      'UNKNOWN_KEY',
    );
    const [first] = compileDueAtSql(policy, { table: 'r' });
    expect(first?.text).not.toContain('Europe/Paris');
    expect(first?.text).not.toContain('customer');
    expect(first?.params).toContain('Europe/Paris');
  });
});
