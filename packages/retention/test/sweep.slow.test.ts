/**
 * @module
 * The slow suite: the sweeper properties over many more random cases, the planner against
 * dueAt for 100,000 records across zones, and a 300,000-row sweep on the real PostgreSQL (PGlite
 * when the server is absent) with four sweepers in flight whose log must account for every row
 * exactly once.
 */

import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createSweeper, definePolicy, dueAt, type LegalHold, plan, type RetentionRecord } from '../src/index.js';
import { createIdentifierHasher } from '../src/log.js';
import { createMemoryStore } from '../src/memory.js';
import { createPostgresStore, type PgQueryable } from '../src/postgres.js';
import { verifyLog } from '../src/verify.js';
import { processorPolicy } from './fixtures/policies.js';
import { createTableSql, fillSql, isDue, PG_URL, pgServerAvailable, uniqueName } from './support/servers.js';

const KEY = new Uint8Array(32).fill(4);
const policy = definePolicy(processorPolicy);
const T0 = Date.parse('2026-10-01T00:00:00Z');
const DAY = 86_400_000;

describe('sweeper properties, many cases', () => {
  it('due and unheld records are deleted, nothing else, and the log accounts for each once', async () => {
    const record = fc.record({
      category: fc.constantFrom('visitor-personal-data', 'anonymous-data', 'unlisted'),
      subject: fc.constantFrom('s1', 's2', 's3'),
      purpose: fc.option(fc.constantFrom('security', 'form-analytics'), { nil: undefined }),
      collectedAt: fc.integer({ min: T0, max: T0 + 120 * DAY }),
      ended: fc.option(fc.integer({ min: 0, max: 2 * DAY }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 80 }),
        fc.subarray(['s1', 's2', 's3']),
        fc.integer({ min: T0, max: T0 + 250 * DAY }),
        fc.integer({ min: 1, max: 30 }),
        async (raw, held, now, batchSize) => {
          const recs: RetentionRecord[] = raw.map((r, i) => ({
            id: `r${i}`,
            category: r.category,
            subject: r.subject,
            ...(r.purpose ? { purpose: r.purpose } : {}),
            collectedAt: r.collectedAt,
            ...(r.ended !== undefined ? { events: { 'visit-ended': r.collectedAt + r.ended } } : {}),
          }));
          const holds: LegalHold[] = held.map((s, i) => ({
            id: `h${i}`,
            scope: { subject: s },
            reason: 'r',
            placedAt: '2026-01-01T00:00:00Z',
          }));
          const store = createMemoryStore({ policy });
          store.put(recs);
          await createSweeper({
            store,
            tenant: 't',
            key: KEY,
            batchSize,
            holds,
            concurrency: 1 + (batchSize % 3),
          }).sweep({ now });
          const left = new Set(store.records().map((r) => r.id));
          const expected = plan(policy, recs, { now, holds });
          for (const r of expected.due) expect(left.has(r.id)).toBe(false);
          expect(left.size).toBe(recs.length - expected.due.length);
          const check = verifyLog(await store.readLog('t'));
          expect(check.valid).toBe(true);
          expect(check.deleted).toBe(expected.due.length);
        },
      ),
      { numRuns: 4000 },
    );
  });
});

describe('planner at scale', () => {
  it('plan agrees with dueAt for 100,000 records across zones', () => {
    for (const timeZone of ['UTC', 'Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe']) {
      const p = definePolicy({
        timeZone,
        rules: [
          { id: 'm', category: 'c', purpose: 'p', period: 'P1M', anchor: 'next-day' },
          { id: 'd', category: 'd', purpose: 'p', period: 'P7D' },
        ],
      });
      const records: RetentionRecord[] = Array.from({ length: 25_000 }, (_, i) => ({
        id: `r${i}`,
        category: i % 2 ? 'c' : 'd',
        collectedAt: T0 + i * 1_234_567,
      }));
      const now = T0 + 200 * DAY;
      const result = plan(p, records, { now });
      const due = new Set(result.due.map((r) => r.id));
      for (const r of records) expect(due.has(r.id)).toBe(Date.parse(dueAt(p, r) as string) <= now);
    }
  });
});

describe('a large sweep on PostgreSQL', () => {
  it('300,000 rows, four batches in flight, every due row deleted and logged once', async () => {
    const server = await pgServerAvailable();
    let client: PgQueryable;
    let close: () => Promise<void>;
    if (server) {
      const pool = new pg.Pool({ connectionString: PG_URL, max: 5 });
      client = pool;
      close = () => pool.end();
    } else {
      const db = await PGlite.create();
      client = db as unknown as PgQueryable;
      close = () => db.close();
    }
    const schema = uniqueName('ret_slow');
    const rows = 300_000;
    const now = '2026-11-23T12:00:00.000Z';
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(createTableSql(`${schema}.events`));
      await client.query(fillSql(`${schema}.events`, rows, now));
      const store = createPostgresStore({ client, schema, table: 'events' });
      await store.migrate({ index: true });
      const report = await createSweeper({ store, tenant: 'big', key: KEY, batchSize: 5000, concurrency: 4 }).sweep({
        now,
      });
      const expected = Array.from({ length: rows }, (_, i) => i + 1).filter(isDue);
      expect(report.deleted).toBe(expected.length);
      const log = await store.readLog('big');
      const check = verifyLog(log);
      expect(check.valid).toBe(true);
      expect(check.deleted).toBe(expected.length);
      const hasher = createIdentifierHasher(KEY);
      const logged = new Set(log.flatMap((e) => e.ids));
      expect(logged.size).toBe(expected.length);
      for (const i of expected) expect(logged.has(hasher.hash(String(i)))).toBe(true);
      const left = Number(
        ((await client.query(`SELECT count(*)::int AS n FROM ${schema}.events`)).rows[0] as { n: number }).n,
      );
      expect(left).toBe(rows - expected.length);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await close();
    }
  });
});
