/**
 * @module
 * `compileDueAtSql`: the SQL re-plan against the JavaScript planner on 20,000 random records (five
 * zones, DST folds and gaps, month ends, leap days, every anchor and trigger) on the PostgreSQL
 * server when it answers (skipped with a printed reason when not), and on 5,000 on PGlite (its zone
 * data included) always; and the refusals, each naming the rule.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { definePolicy, RetentionError } from '../src/index.js';
import { compileDueAtSql, type PgQueryable } from '../src/postgres.js';
import {
  DIFF_ZONES,
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

describe('compileDueAtSql', () => {
  describe.skipIf(!pgUp)('on the PostgreSQL server', () => {
    const schema = uniqueName('dueatsql');
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    afterAll(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    });
    it('gives the planner’s due instant for 20,000 random records in five zones', async () => {
      await differential(pool, schema, 'latest', 2101, 4000);
    }, 120_000);
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
