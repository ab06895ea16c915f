/**
 * @module
 * `compileDueAtSql` on 1,000,000 random records on the PostgreSQL server: 200,000 per zone
 * (Europe/London, America/Sao_Paulo, Australia/Lord_Howe, America/New_York, UTC), triggers
 * uniform over 1950–2080, within hours of offset changes, aimed so that trigger + period lands in
 * a fold or a gap, and on month ends and leap days; every anchor and trigger, both `deleteAt`
 * modes. Every row's `due_at` from the SQL must equal the planner's. The schema is dropped after.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { PgQueryable } from '../src/postgres.js';
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
const PER_ZONE = 200_000;
const CHUNK = 50_000;

describe.skipIf(!pgUp)('compileDueAtSql against the planner on 1,000,000 records', () => {
  const schema = uniqueName('dueatslow');
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('gives every row the planner’s due instant', async () => {
    const db: PgQueryable = pool;
    await db.query(`CREATE SCHEMA ${schema}`);
    let compared = 0;
    for (const [z, zone] of DIFF_ZONES.entries()) {
      const deleteAt = z % 2 === 0 ? 'latest' : 'earliest';
      const policy = diffPolicy(zone, deleteAt);
      for (let first = 1; first <= PER_ZONE; first += CHUNK) {
        // A fresh table per chunk: each statement of the re-plan scans it once.
        const table = `t${z}_${first}`;
        const qualified = `${schema}.${table}`;
        await db.query(diffTableSql(qualified));
        const rows = diffRows(zone, CHUNK, 9000 + z * 1000 + first, first);
        await insertRows(db, qualified, rows);
        await replanInSql(db, policy, schema, table);
        const result = await mismatches(db, qualified, plannerDue(policy, rows), rows, zone);
        expect(result.wrong).toEqual([]);
        compared += result.compared;
        await db.query(`DROP TABLE ${qualified}`);
      }
    }
    expect(compared).toBe(PER_ZONE * DIFF_ZONES.length);
  }, 3_600_000);
});
