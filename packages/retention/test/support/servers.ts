/**
 * @module
 * The store suites' table and data on real PostgreSQL: the server at 127.0.0.1:5432 (or
 * PRIVKIT_TEST_PG_URL) through the shared test servers of `@privkit/internal`, and PGlite (a real
 * PostgreSQL engine, embedded) always.
 */
import { PG_URL, pgServerAvailable as serverAvailable, uniqueName } from '@privkit/internal/testing/servers';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresStore, type PgQueryable } from '../../src/postgres.js';

export { PG_URL, uniqueName } from '@privkit/internal/testing/servers';

/**
 * Whether the PostgreSQL server answers (skipped with a printed reason, or failing under
 * PRIVKIT_REQUIRE_SERVERS=1).
 */
export const pgServerAvailable = () => serverAvailable('retention');

/**
 * A connection to the server for the enclosing `describe`, opened before its tests; `afterAll`
 * drops every schema pushed onto `schemas` and closes it.
 */
export function adminConnection(): { readonly admin: pg.Client; readonly schemas: string[] } {
  const admin = new pg.Client({ connectionString: PG_URL });
  const schemas: string[] = [];
  beforeAll(() => admin.connect());
  afterAll(async () => {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  });
  return { admin, schemas };
}

/** The data table every store suite uses, in `schema`. */
export function createTableSql(qualified: string): string {
  return `CREATE TABLE ${qualified} (
    id bigint PRIMARY KEY,
    category text NOT NULL,
    subject text,
    rule text,
    due_at timestamptz,
    payload text)`;
}

/** A deterministic data set: due, not yet due, waiting (no due_at), some under held subjects. */
export function fillSql(qualified: string, rows: number, nowIso: string): string {
  // i % 10: 0-5 due (in the past), 6-7 not due (future), 8 waiting (NULL due), 9 due.
  // Subjects cycle over 50; subject s-7 is the one tests hold.
  return `INSERT INTO ${qualified} (id, category, subject, rule, due_at, payload)
    SELECT i,
      CASE WHEN i % 3 = 0 THEN 'ip-address' ELSE 'visitor-data' END,
      's-' || (i % 50),
      CASE WHEN i % 10 = 8 THEN 'waiting-rule' WHEN i % 3 = 0 THEN 'ip-security-7d' ELSE 'personal-data-24h' END,
      CASE WHEN i % 10 IN (6, 7) THEN '${nowIso}'::timestamptz + (i % 97 + 1) * interval '1 hour'
           WHEN i % 10 = 8 THEN NULL
           ELSE '${nowIso}'::timestamptz - (i % 89 + 1) * interval '1 hour' END,
      md5(i::text)
    FROM generate_series(1, ${rows}) AS i`;
}

/** Rows of the fill that a sweep at `now` without holds must delete. */
export const isDue = (i: number) => [0, 1, 2, 3, 4, 5, 9].includes(i % 10);

/**
 * A schema of the test's own (recorded in `schemas` for the suite's `afterAll` to drop) holding
 * an `events` table of `rows` rows and a migrated store over it, with the ids a complete sweep
 * must delete (`deletable`, by default every due row).
 */
export async function sweepTable(
  admin: PgQueryable,
  schemas: string[],
  prefix: string,
  rows: number,
  nowIso: string,
  deletable: (i: number) => boolean = isDue,
) {
  const schema = uniqueName(prefix);
  schemas.push(schema);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(createTableSql(`${schema}.events`));
  await admin.query(fillSql(`${schema}.events`, rows, nowIso));
  const store = createPostgresStore({ client: admin, schema, table: 'events' });
  await store.migrate({ index: true });
  const expected = new Set<number>();
  for (let i = 1; i <= rows; i++) if (deletable(i)) expected.add(i);
  return { schema, store, expected };
}
