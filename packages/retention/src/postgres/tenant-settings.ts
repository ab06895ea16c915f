/**
 * @module
 * Per-tenant retention settings kept where the records are: one row per tenant (its overrides and
 * time zone as JSON), written only after {@link TenantPolicies.withTenant} has checked them
 * against the bounds, and read back through the same checks, so a row that breaks a bound (one
 * written before a bound was added, or by hand) is an error, never a policy.
 */

import { quoteKey, strictObject } from '@privkit/internal/check';
import { requireIdentifier } from '@privkit/internal/pg';
import { raise, raiseShared } from '../errors.js';
import type { TenantPolicies, TenantSettings } from '../tenants.js';
import { database, type PostgresClient } from './client.js';
import { raw, sql } from './sql.js';

/** Options of {@link createTenantSettingsStore}. */
export interface TenantSettingsStoreOptions {
  /** A `pg` Pool (recommended), a `pg` Client, or PGlite. */
  client: PostgresClient;
  /** The settings table (lower-case identifier); default `privkit_retention_tenants`. */
  table?: string | undefined;
  /** Its schema; default the connection's `search_path`. */
  schema?: string | undefined;
}

/** Tenant settings in PostgreSQL; see {@link createTenantSettingsStore}. */
export interface TenantSettingsStore {
  /** Creates the table if it is missing. */
  migrate(): Promise<void>;
  /**
   * Checks one tenant's settings against `policies` (bounds included) and, only if they pass,
   * stores them (replacing the tenant's row).
   * @returns `policies` with the tenant's new settings.
   */
  save(policies: TenantPolicies, tenant: string, settings: TenantSettings): Promise<TenantPolicies>;
  /**
   * Deletes one tenant's row: its records follow the global policy again.
   * @returns `policies` without the tenant's settings.
   */
  remove(policies: TenantPolicies, tenant: string): Promise<TenantPolicies>;
  /**
   * `policies` with every stored tenant's settings, each checked as `save` checks it.
   * @returns the policies; a stored row that breaks a bound is `OUT_OF_BOUNDS` naming its tenant.
   */
  load(policies: TenantPolicies): Promise<TenantPolicies>;
}

/**
 * A store of per-tenant retention settings in your PostgreSQL, beside the records they govern.
 * After a tenant's settings change, re-write the `due_at` of its rows (with
 * `scheduleRecord(policies.policyFor(tenant), record)`, or `planTenants`): a row keeps the due
 * instant it was written with until then.
 *
 * @param options - the client, the table and its schema.
 * @returns the store; call `migrate()` once.
 * @throws {@link RetentionError} `UNKNOWN_KEY` when an option is misspelt.
 * @throws {@link RetentionError} `INVALID_OPTIONS` for a missing client, or a table or schema name that
 *   is not a lower-case identifier.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createTenantSettingsStore } from '@privkit/retention/postgres';
 * import { defineTenantPolicies } from '@privkit/retention/tenants';
 *
 * const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'] });
 * const base = defineTenantPolicies({
 *   policy: { rules: [{ id: 'pageviews', category: 'pageview', purpose: 'analytics', period: 'P13M' }] },
 *   bounds: [{ rule: 'pageviews', max: 'P25M', source: 'DPA clause 7.2' }],
 * });
 * const settings = createTenantSettingsStore({ client: pool });
 * await settings.migrate();
 * await settings.save(base, 'site-42', { overrides: [{ rule: 'pageviews', period: 'P6M' }] });
 * const policies = await settings.load(base);
 * policies.policyFor('site-42').rule('pageviews')?.period; // "P6M"
 * ```
 */
export function createTenantSettingsStore(options: TenantSettingsStoreOptions): TenantSettingsStore {
  const o = strictObject(options, ['client', 'table', 'schema'], 'options', raise, 'INVALID_OPTIONS');
  const client = o['client'] as PostgresClient;
  if (typeof client !== 'object' || client === null || typeof client.query !== 'function')
    throw raise('INVALID_OPTIONS', 'options.client', '"options.client" must have a query(text, params) method');
  const schema = o['schema'] === undefined ? undefined : requireIdentifier(o['schema'], 'options.schema', raiseShared);
  const name =
    o['table'] === undefined
      ? 'privkit_retention_tenants'
      : requireIdentifier(o['table'], 'options.table', raiseShared);
  const table = raw(schema === undefined ? `"${name}"` : `"${schema}"."${name}"`);
  const db = database(client);
  return {
    async migrate() {
      await db.rows(
        'migration',
        sql`CREATE TABLE IF NOT EXISTS ${table} (
          tenant text PRIMARY KEY,
          settings jsonb NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`,
      );
    },
    async save(policies, tenant, settings) {
      const next = policies.withTenant(tenant, settings);
      const stored = JSON.stringify(next.settingsOf(tenant));
      await db.rows(
        'saving tenant settings',
        sql`INSERT INTO ${table} (tenant, settings) VALUES (${tenant}, ${stored}::jsonb)
          ON CONFLICT (tenant) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
      );
      return next;
    },
    async remove(policies, tenant) {
      const next = policies.withoutTenant(tenant);
      await db.rows('removing tenant settings', sql`DELETE FROM ${table} WHERE tenant = ${tenant}`);
      return next;
    },
    async load(policies) {
      const rows = await db.rows<{ tenant: string; settings: unknown }>(
        'loading tenant settings',
        sql`SELECT tenant, settings FROM ${table} ORDER BY tenant`,
      );
      let result = policies;
      for (const row of rows) {
        // pg parses jsonb; PGlite too; a driver set to return text gives a string.
        let settings = row.settings;
        if (typeof settings === 'string') {
          try {
            settings = JSON.parse(settings);
          } catch {
            const path = `tenants[${quoteKey(String(row.tenant))}]`;
            throw raise('INVALID_ARGUMENT', path, `"${path}" is stored as text that is not JSON`);
          }
        }
        result = result.withTenant(row.tenant, settings as TenantSettings);
      }
      return result;
    },
  };
}
