/**
 * @module
 * A legal hold placed while a sweep runs protects its rows from the next batch on (issue 16,
 * item 7: 249–300 of 300 held rows were deleted on PostgreSQL because the sweep read its holds
 * once). On every store: memory, the PostgreSQL server through a pg Pool and a pg Client (in index
 * and heap order), and PGlite. The holds live where an application keeps them (a table for
 * PostgreSQL) and are committed by another connection after the sweep's first batch; the rows
 * they cover that were still there when the hold committed must all survive.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweeper, definePolicy, type LegalHold } from '../src/index.js';
import { createMemoryStore } from '../src/memory.js';
import { createPostgresStore, type PgQueryable } from '../src/postgres.js';
import { verifyLog } from '../src/verify.js';
import { createTableSql, fillSql, isDue, PG_URL, pgServerAvailable, uniqueName } from './support/servers.js';

const pgUp = await pgServerAvailable();
const NOW = '2026-11-23T12:00:00.000Z';
const KEY = new Uint8Array(32).fill(3);
const ROWS = 1500;
/** The subjects the hold placed mid-sweep covers (about 180 rows, 126 of them due). */
const HELD = ['s-1', 's-2', 's-3', 's-4', 's-5', 's-6'];

const holdsOf = (rows: { id: string; subject: string }[]): LegalHold[] =>
  rows.map((r) => ({ id: r.id, scope: { subject: r.subject }, reason: 'litigation', placedAt: NOW }));

describe('a hold placed mid-sweep, in memory', () => {
  it('protects every row it covers from the next batch on', async () => {
    const policy = definePolicy({ rules: [{ id: 'r', category: 'c', purpose: 'p', period: 'P1D' }] });
    const store = createMemoryStore({ policy });
    store.put(
      Array.from({ length: ROWS }, (_, i) => ({
        id: String(i + 1),
        category: 'c',
        subject: `s-${(i + 1) % 50}`,
        collectedAt: '2026-11-01T00:00:00Z',
      })),
    );
    let holds: LegalHold[] = [];
    let protectedIds: string[] = [];
    const sweeper = createSweeper({ store, tenant: 't', key: KEY, batchSize: 100, holds: () => holds });
    let batches = 0;
    const report = await sweeper.sweep({
      now: NOW,
      onBatch: () => {
        if (++batches !== 1) return;
        holds = holdsOf(HELD.map((subject) => ({ id: `H-${subject}`, subject })));
        protectedIds = store
          .records()
          .filter((r) => HELD.includes(r.subject as string))
          .map((r) => r.id);
      },
    });
    expect(protectedIds.length).toBeGreaterThan(150);
    const left = new Set(store.records().map((r) => r.id));
    for (const id of protectedIds) expect(left.has(id)).toBe(true);
    expect(report.deleted).toBe(ROWS - left.size);
  });
});

interface Backend {
  readonly name: string;
  readonly enabled: boolean;
  /** The store's client. */
  client(): Promise<PgQueryable>;
  /** Another connection: the application placing holds. */
  app(): Promise<PgQueryable>;
  cleanup(): Promise<void>;
}

function server(kind: 'Pool' | 'Client'): Backend {
  const opened: { end(): Promise<void> }[] = [];
  let store: PgQueryable | undefined;
  let app: pg.Client | undefined;
  return {
    name: `PostgreSQL server (pg ${kind})`,
    enabled: pgUp,
    async client() {
      if (store === undefined) {
        if (kind === 'Pool') {
          const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
          opened.push(pool);
          store = pool;
        } else {
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          opened.push(client);
          store = client;
        }
      }
      return store;
    },
    async app() {
      if (app === undefined) {
        app = new pg.Client({ connectionString: PG_URL });
        await app.connect();
        opened.push(app);
      }
      return app;
    },
    async cleanup() {
      await Promise.all(opened.map((c) => c.end().catch(() => {})));
    },
  };
}

function pglite(): Backend {
  let db: PGlite | undefined;
  const get = async () => {
    db ??= await PGlite.create();
    return db as unknown as PgQueryable;
  };
  return { name: 'PGlite (embedded)', enabled: true, client: get, app: get, cleanup: async () => db?.close() };
}

for (const backend of [server('Pool'), server('Client'), pglite()]) {
  describe.skipIf(!backend.enabled)(`a hold placed mid-sweep, on ${backend.name}`, () => {
    const schemas: string[] = [];
    afterAll(async () => {
      const app = await backend.app();
      for (const s of schemas) await app.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await backend.cleanup();
    });

    for (const scan of ['index', 'heap'] as const) {
      it(`${scan} order: the rows a hold covers when it commits all survive the rest of the sweep`, async () => {
        const client = await backend.client();
        const app = await backend.app();
        const schema = uniqueName('ret_hold');
        schemas.push(schema);
        await app.query(`CREATE SCHEMA ${schema}`);
        await app.query(createTableSql(`${schema}.events`));
        await app.query(fillSql(`${schema}.events`, ROWS, NOW));
        await app.query(`CREATE TABLE ${schema}.holds (id text PRIMARY KEY, subject text NOT NULL)`);
        const store = createPostgresStore({ client, schema, table: 'events', scan });
        await store.migrate({ index: true });
        // The application's hold, committed on its own connection while the sweep runs; the rows
        // it covers are read in the same transaction, so they are exactly those present at commit.
        let placing: Promise<number[]> | undefined;
        const place = async (): Promise<number[]> => {
          await app.query('BEGIN');
          for (const subject of HELD)
            await app.query(`INSERT INTO ${schema}.holds VALUES ($1, $2)`, [`H-${subject}`, subject]);
          const present = (
            await app.query(`SELECT id::int AS id FROM ${schema}.events WHERE subject = ANY($1::text[])`, [HELD])
          ).rows as { id: number }[];
          await app.query('COMMIT');
          return present.map((r) => r.id);
        };
        let batches = 0;
        const sweeper = createSweeper({
          store,
          tenant: 'acme',
          key: KEY,
          batchSize: 100,
          // As an application reads its holds: from the table, after whatever commit is in flight.
          holds: async () => {
            await placing;
            const rows = (await app.query(`SELECT id, subject FROM ${schema}.holds ORDER BY id`)).rows as {
              id: string;
              subject: string;
            }[];
            return holdsOf(rows);
          },
        });
        const report = await sweeper.sweep({
          now: NOW,
          onBatch: () => {
            if (++batches === 1) placing = place();
          },
        });
        const protectedIds = (await placing) as number[];
        expect(protectedIds.filter(isDue).length).toBeGreaterThan(60);
        const left = new Set(
          ((await app.query(`SELECT id::int AS id FROM ${schema}.events`)).rows as { id: number }[]).map((r) => r.id),
        );
        for (const id of protectedIds) expect(left.has(id)).toBe(true);
        // Everything else that was due is gone, and logged once.
        for (let i = 1; i <= ROWS; i++) {
          if (!isDue(i) || protectedIds.includes(i)) continue;
          const subject = `s-${i % 50}`;
          // A held subject's row deleted in the first batch, before the hold, is legitimately gone.
          if (!HELD.includes(subject)) expect(left.has(i)).toBe(false);
        }
        const log = await store.readLog('acme');
        expect(verifyLog(log).valid).toBe(true);
        expect(verifyLog(log).deleted).toBe(report.deleted);
        expect(report.deleted).toBe(ROWS - left.size);
      });
    }
  });
}
