/**
 * @module
 * Per-tenant settings in PostgreSQL (the server through a `pg` Pool, and PGlite): saved only when
 * they keep the bounds, read back through the same checks (a row written by hand that breaks a
 * bound is refused, not applied), and a sweep of one multi-tenant table deletes exactly the rows
 * each tenant's own policy makes due.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweeper, RetentionError, scheduleRecord } from '../src/index.js';
import { createPostgresStore, createTenantSettingsStore, type PgQueryable } from '../src/postgres.js';
import { defineTenantPolicies, planTenants, type TenantRecord } from '../src/tenants.js';
import { PG_URL, pgServerAvailable, uniqueName } from './support/servers.js';

const pgUp = await pgServerAvailable();
const NOW = '2026-12-01T00:00:00.000Z';

const base = defineTenantPolicies({
  policy: {
    timeZone: 'Europe/Paris',
    rules: [
      { id: 'pageviews', category: 'pageview', purpose: 'analytics', period: 'P13M' },
      { id: 'invoices', category: 'invoice', purpose: 'tax', period: 'P10Y' },
    ],
  },
  bounds: [
    { rule: 'pageviews', max: 'P25M', source: 'DPA clause 7.2' },
    { rule: 'invoices', min: 'P10Y', source: 'Code de commerce art. L123-22' },
  ],
});

interface Backend {
  name: string;
  enabled: boolean;
  open(): Promise<{ client: PgQueryable; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'PostgreSQL server (pg Pool)',
    enabled: pgUp,
    async open() {
      const pool = new pg.Pool({ connectionString: PG_URL, max: 3 });
      return { client: pool, close: () => pool.end() };
    },
  },
  {
    name: 'PGlite (embedded)',
    enabled: true,
    async open() {
      const db = await PGlite.create();
      return { client: db as unknown as PgQueryable, close: () => db.close() };
    },
  },
];

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`tenant settings on ${backend.name}`, () => {
    const schemas: string[] = [];
    let opened: Awaited<ReturnType<Backend['open']>> | undefined;
    const connect = async () => {
      opened ??= await backend.open();
      const schema = uniqueName('ret_tenants');
      schemas.push(schema);
      await opened.client.query(`CREATE SCHEMA ${schema}`);
      return { client: opened.client, schema };
    };
    afterAll(async () => {
      if (opened === undefined) return;
      for (const s of schemas) await opened.client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await opened.close();
    });

    it('saves settings that keep the bounds and loads them back', async () => {
      const { client, schema } = await connect();
      const settings = createTenantSettingsStore({ client, schema });
      await settings.migrate();
      await settings.migrate();
      const saved = await settings.save(base, 'site-42', {
        overrides: [{ rule: 'pageviews', period: 'P6M', reason: 'site setting' }],
        timeZone: 'America/Toronto',
      });
      expect(saved.policyFor('site-42').rule('pageviews')?.period).toBe('P6M');
      const loaded = await settings.load(base);
      expect(loaded.toJSON()).toEqual(saved.toJSON());
      expect(loaded.policyFor('site-42').timeZone).toBe('America/Toronto');
      const removed = await settings.remove(loaded, 'site-42');
      expect(removed.tenants()).toEqual([]);
      expect((await settings.load(base)).tenants()).toEqual([]);
    });

    it('writes nothing when settings break a bound, and refuses a stored row that does', async () => {
      const { client, schema } = await connect();
      const settings = createTenantSettingsStore({ client, schema, table: 'tenant_retention' });
      await settings.migrate();
      let error: unknown;
      try {
        await settings.save(base, 'shop-1', { overrides: [{ rule: 'invoices', period: 'P5Y' }] });
      } catch (e) {
        error = e;
      }
      expect((error as RetentionError).code).toBe('OUT_OF_BOUNDS');
      const count = await client.query(`SELECT count(*)::int AS n FROM ${schema}.tenant_retention`);
      expect((count.rows[0] as { n: number }).n).toBe(0);
      // A row written around the checks (by hand, or before the bound existed).
      await client.query(`INSERT INTO ${schema}.tenant_retention (tenant, settings) VALUES ('shop-1', $1::jsonb)`, [
        JSON.stringify({ overrides: [{ rule: 'invoices', period: 'P5Y' }] }),
      ]);
      await expect(settings.load(base)).rejects.toMatchObject({
        code: 'OUT_OF_BOUNDS',
        path: 'tenants["shop-1"].overrides[0].period',
      });
    });

    it('refuses misspelt options and bad names before touching the database', () => {
      expect(() => createTenantSettingsStore({ client: {} as PgQueryable })).toThrow(RetentionError);
      expect(() => createTenantSettingsStore({ client: base as never })).toThrow(/query/);
      expect(() =>
        createTenantSettingsStore({ client: { query: async () => ({ rows: [] }) }, table: 'Bad; DROP' }),
      ).toThrow(RetentionError);
      expect(() =>
        createTenantSettingsStore({ client: { query: async () => ({ rows: [] }) }, tabel: 'x' } as never),
      ).toThrow(/tabel/);
    });

    it("sweeps a multi-tenant table by each row's tenant policy", async () => {
      const { client, schema } = await connect();
      const settings = createTenantSettingsStore({ client, schema });
      await settings.migrate();
      let policies = await settings.save(base, 'site-42', { overrides: [{ rule: 'pageviews', period: 'P6M' }] });
      policies = await settings.save(policies, 'site-9', { overrides: [{ rule: 'pageviews', period: 'P24M' }] });
      await client.query(`CREATE TABLE ${schema}.views (
        id text PRIMARY KEY, tenant text NOT NULL, category text NOT NULL, subject text, rule text,
        due_at timestamptz, collected_at timestamptz NOT NULL)`);
      const records: TenantRecord[] = [];
      for (let i = 0; i < 600; i++) {
        const tenant = ['site-42', 'site-9', 'site-7'][i % 3] as string;
        const collectedAt = new Date(Date.parse('2024-06-01T00:00:00Z') + i * 37 * 3_600_000).toISOString();
        records.push({ tenant, id: `v${i}`, category: i % 10 === 0 ? 'invoice' : 'pageview', collectedAt });
      }
      for (const { tenant, ...record } of records) {
        const s = scheduleRecord(policies.policyFor(tenant), record);
        await client.query(
          `INSERT INTO ${schema}.views (id, tenant, category, rule, due_at, collected_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [record.id, tenant, record.category, s.rule, s.dueAt, record.collectedAt],
        );
      }
      const expected = planTenants(policies, records, { now: NOW });
      const store = createPostgresStore({ client, schema, table: 'views' });
      await store.migrate({ index: true });
      const sweeper = createSweeper({ store, tenant: 'fleet', key: new Uint8Array(32).fill(3), batchSize: 50 });
      const report = await sweeper.sweep({ now: NOW });
      expect(report.deleted).toBe(expected.due.length);
      const left = (await client.query(`SELECT id FROM ${schema}.views ORDER BY id`)).rows as { id: string }[];
      const kept = new Set(left.map((r) => r.id));
      for (const r of expected.due) expect(kept.has(r.id)).toBe(false);
      for (const r of expected.retained) expect(kept.has(r.id)).toBe(true);
      // Each tenant's own period decided: site-42's 6 months deleted rows the others keep.
      const dueByTenant = (t: string) => expected.due.filter((r) => r.tenant === t).length;
      expect(dueByTenant('site-42')).toBeGreaterThan(dueByTenant('site-7'));
      expect(dueByTenant('site-7')).toBeGreaterThan(dueByTenant('site-9'));
    });
  });
}
