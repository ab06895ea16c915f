/**
 * @module
 * The PostgreSQL store on the real server (through a `pg` Pool and a `pg` Client) and on PGlite:
 * a sweep deletes exactly the due, unheld rows in batches and logs each exactly once; holds by
 * subject, category and record; dry run; a second sweep is a no-op; erasure replay after a
 * "restore" deletes the returned rows again and nothing else; failures carry the SQLSTATE and
 * never the parameters.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweeper, type LegalHold, RetentionError } from '../src/index.js';
import { createIdentifierHasher } from '../src/log.js';
import { createPostgresStore, type PgQueryable } from '../src/postgres.js';
import { verifyLog } from '../src/verify.js';
import { createTableSql, fillSql, isDue, PG_URL, pgServerAvailable, uniqueName } from './support/servers.js';

const pgUp = await pgServerAvailable();
const NOW = '2026-11-23T12:00:00.000Z';
const KEY = new Uint8Array(32).fill(9);
const ROWS = 1500;

interface Backend {
  name: string;
  enabled: boolean;
  client(): Promise<PgQueryable>;
  cleanup(): Promise<void>;
}

function serverBackend(kind: 'pool' | 'client'): Backend {
  let pool: pg.Pool | undefined;
  let client: pg.Client | undefined;
  const schemas: string[] = [];
  return {
    name: `PostgreSQL server (pg ${kind === 'pool' ? 'Pool' : 'Client'})`,
    enabled: pgUp,
    async client() {
      if (kind === 'pool') {
        pool ??= new pg.Pool({ connectionString: PG_URL, max: 3 });
        return pool;
      }
      if (client === undefined) {
        client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
      }
      return client;
    },
    async cleanup() {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await admin.end();
      await pool?.end();
      await client?.end();
    },
    // biome-ignore lint/suspicious/noExplicitAny: test bookkeeping
    ...({ schemas } as any),
  };
}

function pgliteBackend(): Backend {
  let db: PGlite | undefined;
  return {
    name: 'PGlite (embedded)',
    enabled: true,
    async client() {
      db ??= await PGlite.create();
      return db as unknown as PgQueryable;
    },
    async cleanup() {
      await db?.close();
    },
  };
}

const backends = [serverBackend('pool'), serverBackend('client'), pgliteBackend()];

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`PostgreSQL store on ${backend.name}`, () => {
    afterAll(() => backend.cleanup());

    /** An empty schema of the test's own, dropped with the suite's. */
    async function ownSchema() {
      const client = await backend.client();
      const schema = uniqueName('ret_test');
      (backend as unknown as { schemas?: string[] }).schemas?.push(schema);
      await client.query(`CREATE SCHEMA ${schema}`);
      return { client, schema };
    }

    async function setup(holds: LegalHold[] = []) {
      const { client, schema } = await ownSchema();
      await client.query(createTableSql(`${schema}.events`));
      await client.query(fillSql(`${schema}.events`, ROWS, NOW));
      const store = createPostgresStore({ client, schema, table: 'events' });
      await store.migrate({ index: true });
      // Through a pool, two batches in flight at once (hashing overlaps the next batch's SQL).
      const concurrency = backend.name.includes('Pool') ? 2 : 1;
      const sweeper = createSweeper({
        store,
        tenant: 'acme',
        key: KEY,
        worker: 'w1',
        batchSize: 250,
        holds,
        concurrency,
      });
      const ids = async () =>
        new Set(
          ((await client.query(`SELECT id::int AS id FROM ${schema}.events`)).rows as { id: number }[]).map(
            (r) => r.id,
          ),
        );
      return { client, schema, store, sweeper, ids };
    }

    it('deletes exactly the due rows in bounded batches, logging each once', async () => {
      const { store, sweeper, ids } = await setup();
      const dry = await sweeper.sweep({ now: NOW, dryRun: true });
      const expected = Array.from({ length: ROWS }, (_, i) => i + 1).filter(isDue);
      expect(dry.deleted).toBe(expected.length);
      expect(dry.held).toBe(0);
      expect((await ids()).size).toBe(ROWS);

      const report = await sweeper.sweep({ now: NOW });
      expect(report.deleted).toBe(expected.length);
      expect(report.batches).toBeGreaterThanOrEqual(Math.ceil(expected.length / 250));
      expect(report.batches).toBeLessThanOrEqual(Math.ceil(expected.length / 250) + 1);
      const left = await ids();
      for (let i = 1; i <= ROWS; i++) expect(left.has(i)).toBe(!isDue(i));

      const log = await store.readLog('acme');
      const check = verifyLog(log);
      expect(check.valid).toBe(true);
      expect(check.deleted).toBe(expected.length);
      expect(check.byRule).toEqual(report.byRule);
      for (const e of log) expect(e.count).toBeLessThanOrEqual(250);
      const hasher = createIdentifierHasher(KEY);
      const logged = log.flatMap((e) => e.ids);
      expect(new Set(logged).size).toBe(logged.length);
      expect(new Set(logged)).toEqual(new Set(expected.map((i) => hasher.hash(String(i)))));

      const again = await sweeper.sweep({ now: NOW });
      expect(again.deleted).toBe(0);
      expect((await store.readLog('acme')).length).toBe(log.length);
    });

    for (const scan of ['index', 'heap'] as const) {
      it(`${scan} scan: deletes exactly the due, unheld rows, each logged once, batches ≤ batchSize`, async () => {
        const { client, schema, ids } = await setup();
        const store = createPostgresStore({ client, schema, table: 'events', scan });
        const hold: LegalHold = {
          id: 'dsar:REQ-9',
          scope: { subject: 's-7' },
          reason: 'open access request',
          placedAt: NOW,
        };
        const heldRows = new Set(
          (
            (await client.query(`SELECT id::int AS id FROM ${schema}.events WHERE subject = 's-7'`)).rows as {
              id: number;
            }[]
          ).map((r) => r.id),
        );
        const sweeper = createSweeper({
          store,
          tenant: 'acme',
          key: KEY,
          worker: 'w1',
          batchSize: 97,
          holds: [hold],
          concurrency: backend.name.includes('Pool') ? 3 : 1,
        });
        const report = await sweeper.sweep({ now: NOW });
        const expected = Array.from({ length: ROWS }, (_, i) => i + 1).filter((i) => isDue(i) && !heldRows.has(i));
        expect(report.deleted).toBe(expected.length);
        expect(report.stopped).toBe(false);
        const left = await ids();
        for (let i = 1; i <= ROWS; i++) expect(left.has(i)).toBe(!expected.includes(i));
        const log = await store.readLog('acme');
        expect(verifyLog(log).problems).toEqual([]);
        for (const e of log) expect(e.count).toBeLessThanOrEqual(97);
        const hasher = createIdentifierHasher(KEY);
        const logged = log.flatMap((e) => e.ids);
        expect(logged.length).toBe(expected.length);
        expect(new Set(logged)).toEqual(new Set(expected.map((i) => hasher.hash(String(i)))));
        expect((await sweeper.sweep({ now: NOW })).deleted).toBe(0);
      });
    }

    it('sweeps a table without category or subject columns (a fixed category) in both scan modes', async () => {
      const { client, schema } = await ownSchema();
      await client.query(`CREATE TABLE ${schema}.logs (id bigint PRIMARY KEY, rule text, due_at timestamptz)`);
      await client.query(
        `INSERT INTO ${schema}.logs SELECT i, 'logs-30d', CASE WHEN i % 3 = 0 THEN NULL ELSE $1::timestamptz ` +
          `+ (i % 5 - 2) * interval '1 day' END FROM generate_series(1, 600) AS i`,
        [NOW],
      );
      const expected = Array.from({ length: 600 }, (_, i) => i + 1).filter((i) => i % 3 !== 0 && (i % 5) - 2 <= 0);
      let total = 0;
      for (const scan of ['heap', 'index'] as const) {
        const store = createPostgresStore({
          client,
          schema,
          table: 'logs',
          columns: { category: null, subject: null },
          category: 'server-logs',
          logTable: `log_${scan}`,
          scan,
        });
        await store.migrate();
        const held = await createSweeper({
          store,
          tenant: 'acme',
          key: KEY,
          holds: [{ id: 'H', scope: { category: 'server-logs' }, reason: 'audit', placedAt: NOW }],
        }).sweep({ now: NOW });
        expect(held.deleted).toBe(0);
        const report = await createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 41 }).sweep({ now: NOW });
        total += report.deleted;
        const log = await store.readLog('acme');
        expect(verifyLog(log).problems).toEqual([]);
        for (const e of log) expect(e.category).toBe('server-logs');
        expect(log.reduce((n, e) => n + e.count, 0)).toBe(report.deleted);
      }
      expect(total).toBe(expected.length);
      const left = ((await client.query(`SELECT id::int AS id FROM ${schema}.logs`)).rows as { id: number }[]).map(
        (r) => r.id,
      );
      expect(left.length).toBe(600 - expected.length);
      for (const i of expected) expect(left.includes(i)).toBe(false);
    });

    it('a table of one category is swept while another category is held, and kept whole when its own is', async () => {
      const { client, schema } = await ownSchema();
      await client.query(`CREATE TABLE ${schema}.logs (id bigint PRIMARY KEY, rule text, due_at timestamptz)`);
      await client.query(
        `INSERT INTO ${schema}.logs SELECT i, 'logs-30d', $1::timestamptz - interval '1 day' FROM ` +
          `generate_series(1, 300) AS i`,
        [NOW],
      );
      for (const scan of ['heap', 'index'] as const) {
        const store = createPostgresStore({
          client,
          schema,
          table: 'logs',
          columns: { category: null, subject: null },
          category: 'server-logs',
          logTable: `log_${scan}`,
          scan,
        });
        await store.migrate();
        const own = await createSweeper({
          store,
          tenant: 'acme',
          key: KEY,
          holds: [{ id: 'H1', scope: { category: 'server-logs' }, reason: 'audit', placedAt: NOW }],
        }).sweep({ now: NOW });
        expect(own.deleted).toBe(0);
        const other = await createSweeper({
          store,
          tenant: 'acme',
          key: KEY,
          batchSize: 70,
          holds: [{ id: 'H2', scope: { category: 'payments' }, reason: 'tax audit', placedAt: NOW }],
        }).sweep({ now: NOW });
        expect(other.deleted).toBe(scan === 'heap' ? 300 : 0);
        expect(verifyLog(await store.readLog('acme')).deleted).toBe(other.deleted);
      }
      expect((await client.query(`SELECT count(*)::int AS n FROM ${schema}.logs`)).rows).toEqual([{ n: 0 }]);
    });

    it('heap scan: text ids with commas, quotes and non-ASCII letters are deleted and logged exactly', async () => {
      const { client, schema } = await ownSchema();
      await client.query(
        `CREATE TABLE ${schema}.notes (id text PRIMARY KEY, category text NOT NULL, rule text, due_at timestamptz)`,
      );
      const ids = Array.from(
        { length: 400 },
        (_, i) => [`n-${i}`, `a,b-${i}`, `"q"-${i}`, `ü\\-${i}`, `x\ty-${i}`][i % 5] as string,
      );
      await client.query(
        `INSERT INTO ${schema}.notes SELECT id, 'note', 'notes-1y', CASE WHEN n % 2 = 0 THEN $2::timestamptz ` +
          `- interval '1 day' ELSE $2::timestamptz + interval '1 day' END
         FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n)`,
        [ids, NOW],
      );
      const store = createPostgresStore({ client, schema, table: 'notes', columns: { subject: null }, scan: 'heap' });
      await store.migrate();
      const report = await createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 33 }).sweep({ now: NOW });
      const due = ids.filter((_, i) => (i + 1) % 2 === 0);
      expect(report.deleted).toBe(due.length);
      const hasher = createIdentifierHasher(KEY);
      const logged = (await store.readLog('acme')).flatMap((e) => e.ids);
      expect(logged.sort()).toEqual(due.map((id) => hasher.hash(id)).sort());
      const left = ((await client.query(`SELECT id FROM ${schema}.notes`)).rows as { id: string }[])
        .map((r) => r.id)
        .sort();
      expect(left).toEqual(ids.filter((_, i) => (i + 1) % 2 === 1).sort());
    });

    it('heap scan: long runs of one category and rule, then a mixed stretch, log each id under its rule', async () => {
      const { client, schema } = await ownSchema();
      await client.query(createTableSql(`${schema}.runs`));
      // Rows 1-3000 one category and rule, 3001-3600 alternating with another, 3601-6000 the
      // first again: reads of one group, reads that find a second, and back.
      await client.query(
        `INSERT INTO ${schema}.runs (id, category, subject, rule, due_at, payload)
         SELECT i, CASE WHEN i BETWEEN 3001 AND 3600 AND i % 2 = 0 THEN 'ip-address' ELSE 'visitor-data' END, ` +
          `'s-' || (i % 50),
           CASE WHEN i BETWEEN 3001 AND 3600 AND i % 2 = 0 THEN 'ip-security-7d' WHEN i = 4500 THEN ` +
          `'personal-data-30d' ELSE 'personal-data-24h' END,
           $1::timestamptz - interval '1 hour', md5(i::text)
         FROM generate_series(1, 6000) AS i`,
        [NOW],
      );
      const store = createPostgresStore({ client, schema, table: 'runs', scan: 'heap' });
      await store.migrate();
      const report = await createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 150 }).sweep({ now: NOW });
      expect(report.deleted).toBe(6000);
      expect(report.byRule).toEqual({ 'personal-data-24h': 5699, 'ip-security-7d': 300, 'personal-data-30d': 1 });
      const hasher = createIdentifierHasher(KEY);
      const log = await store.readLog('acme');
      expect(verifyLog(log).problems).toEqual([]);
      const ruleOf = (i: number) =>
        i >= 3001 && i <= 3600 && i % 2 === 0
          ? 'ip-security-7d'
          : i === 4500
            ? 'personal-data-30d'
            : 'personal-data-24h';
      const byHash = new Map(Array.from({ length: 6000 }, (_, k) => [hasher.hash(String(k + 1)), ruleOf(k + 1)]));
      for (const e of log) for (const h of e.ids) expect(byHash.get(h)).toBe(e.rule);
      expect(log.reduce((n, e) => n + e.count, 0)).toBe(6000);
    });

    it(
      'heap scan: a batch committed and not yet chained (its worker died in between) ' +
        'is chained by the next readLog, and the next sweep goes on',
      async () => {
        const { client, schema, ids } = await setup();
        // One connection of our own (a pool would run BEGIN and COMMIT on different ones), whose
        // log-head lock fails as a dropped connection would: after the batch's commit, before the chaining.
        const pool = client as unknown as {
          connect?: () => Promise<PgQueryable & { release(): void }>;
          totalCount?: number;
        };
        const conn =
          typeof pool.connect === 'function' && typeof pool.totalCount === 'number' ? await pool.connect() : undefined;
        const base: PgQueryable = conn ?? client;
        const dying: PgQueryable = {
          query: (text, params) =>
            text.includes('ON CONFLICT (tenant)')
              ? Promise.reject(Object.assign(new Error('terminating connection'), { code: '57P01' }))
              : base.query(text, params),
        };
        try {
          const store = createPostgresStore({ client: dying, schema, table: 'events', scan: 'heap' });
          const sweeper = createSweeper({ store, tenant: 'acme', key: KEY, worker: 'w1', batchSize: 97 });
          await expect(sweeper.sweep({ now: NOW })).rejects.toMatchObject({ code: 'STORE_FAILURE' });
        } finally {
          conn?.release();
        }
        const left = await ids();
        const deleted = Array.from({ length: ROWS }, (_, i) => i + 1).filter((i) => !left.has(i));
        expect(deleted.length).toBeGreaterThan(0);
        expect(deleted.length).toBeLessThanOrEqual(97);
        // Another worker's store (nothing of the first in its memory) reads the log: the batch is in it.
        const store = createPostgresStore({ client, schema, table: 'events', scan: 'heap' });
        const log = await store.readLog('acme');
        expect(verifyLog(log).problems).toEqual([]);
        const hasher = createIdentifierHasher(KEY);
        expect(log.flatMap((e) => e.ids).sort()).toEqual(deleted.map((i) => hasher.hash(String(i))).sort());
        // The next sweep deletes the rest, each row once.
        const report = await createSweeper({ store, tenant: 'acme', key: KEY, worker: 'w2', batchSize: 97 }).sweep({
          now: NOW,
        });
        const expected = Array.from({ length: ROWS }, (_, i) => i + 1).filter(isDue);
        expect(report.deleted + deleted.length).toBe(expected.length);
        const full = await store.readLog('acme');
        expect(verifyLog(full).problems).toEqual([]);
        expect(new Set(full.flatMap((e) => e.ids))).toEqual(new Set(expected.map((i) => hasher.hash(String(i)))));
        expect(full.reduce((n, e) => n + e.count, 0)).toBe(expected.length);
      },
    );

    it('never deletes held rows (by subject, category, record) and reports them in a dry run', async () => {
      const holds: LegalHold[] = [
        { id: 'dsar:REQ-42', scope: { subject: 's-7' }, reason: 'open access request', placedAt: NOW },
        { id: 'H-rec', scope: { record: '10' }, reason: 'litigation', placedAt: NOW },
        {
          id: 'H-ip',
          scope: { category: 'ip-address' },
          reason: 'incident review',
          placedAt: NOW,
          until: { date: '2026-12-31' },
        },
      ];
      const { sweeper, ids } = await setup(holds);
      const isHeld = (i: number) => i % 50 === 7 || i === 10 || i % 3 === 0;
      const dry = await sweeper.sweep({ now: NOW, dryRun: true });
      const expected = Array.from({ length: ROWS }, (_, i) => i + 1).filter((i) => isDue(i) && !isHeld(i));
      expect(dry.deleted).toBe(expected.length);
      expect(dry.held).toBe(Array.from({ length: ROWS }, (_, i) => i + 1).filter((i) => isDue(i) && isHeld(i)).length);
      await sweeper.sweep({ now: NOW });
      const left = await ids();
      for (let i = 1; i <= ROWS; i++) expect(left.has(i)).toBe(!(isDue(i) && !isHeld(i)));
    });

    it('replays erasures after a restore brings deleted rows back', async () => {
      const { client, schema, store, sweeper, ids } = await setup();
      await client.query(`CREATE TABLE ${schema}.backup AS SELECT * FROM ${schema}.events`);
      await sweeper.sweep({ now: NOW });
      const log = await store.readLog('acme');
      const afterSweep = await ids();
      // The restore: every row of the backup comes back.
      await client.query(`INSERT INTO ${schema}.events SELECT * FROM ${schema}.backup ON CONFLICT DO NOTHING`);
      expect((await ids()).size).toBe(ROWS);
      const replay = await sweeper.replayErasures(log, '2026-01-01T00:00:00Z');
      expect(replay.deleted).toBe(ROWS - afterSweep.size);
      expect(replay.scanned).toBe(ROWS);
      expect(await ids()).toEqual(afterSweep);
      const full = await store.readLog('acme');
      expect(verifyLog(full).problems).toEqual([]);
      expect(full.filter((e) => e.kind === 'replay').reduce((n, e) => n + e.count, 0)).toBe(replay.deleted);
      // Erasures before `since` are not replayed.
      expect((await sweeper.replayErasures(log, '2099-01-01T00:00:00Z')).deleted).toBe(0);
    });

    it('a failing statement raises STORE_FAILURE without the parameters', async () => {
      const client = await backend.client();
      const store = createPostgresStore({ client, schema: uniqueName('missing'), table: 'events' });
      const sweeper = createSweeper({
        store,
        tenant: 'acme',
        key: KEY,
        holds: [{ id: 'H', scope: { subject: 'alice@example.com' }, reason: 'r', placedAt: NOW }],
      });
      const error = await sweeper.sweep({ now: NOW }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetentionError);
      expect((error as RetentionError).code).toBe('STORE_FAILURE');
      expect((error as Error).message).toMatch(/42P01|42703|3F000/);
      expect((error as Error).message).not.toContain('alice');
    });
  });
}

describe('createPostgresStore options', () => {
  it('rejects unsafe identifiers and a missing category', () => {
    const client = { query: async () => ({ rows: [] }) };
    expect(() => createPostgresStore({ client, table: 'events; drop table x' })).toThrow(RetentionError);
    expect(() => createPostgresStore({ client, table: 'events', schema: 'Public' })).toThrow(/schema/);
    expect(() => createPostgresStore({ client, table: 'events', columns: { category: null } })).toThrow(/category/);
  });

  it('rejects misspelt options and column keys, naming the path', () => {
    const client = { query: async () => ({ rows: [] }) };
    expect(() => createPostgresStore({ client, table: 'events', colums: {} } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'options.colums' }),
    );
    expect(() => createPostgresStore({ client, table: 'events', columns: { due_at: 'due' } } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'options.columns.due_at' }),
    );
    expect(() => createPostgresStore({ client, table: 'events', scan: 'heap-order' } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'options.scan' }),
    );
    const store = createPostgresStore({ client, table: 'events' });
    return expect(store.migrate({ indexes: true } as never)).rejects.toMatchObject({ code: 'UNKNOWN_KEY' });
  });
});
