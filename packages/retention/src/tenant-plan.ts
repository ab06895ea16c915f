/**
 * @module
 * Planning and explaining records of many tenants: each record follows its tenant's policy (the
 * global one with the tenant's overrides), and an explanation names the level that set the
 * period and the bound that limits it.
 */

import { isPlainObject, joinPath, knownKeys, own, plainObject } from '@privkit/internal/check';
import { formatInstant } from '@privkit/internal/instant';
import { raise } from './errors.js';
import { createPeriodCalculator } from './internal/time.js';
import {
  emptyPlan,
  explain,
  type PlannedRecord,
  type PlanOptions,
  placeRecord,
  planContext,
  type RetentionExplanation,
  type RetentionPlan,
} from './planner.js';
import type { RetentionPolicy } from './policy.js';
import { RECORD_KEYS, type RetentionRecord, scheduleOf } from './records.js';
import type { RetentionLevel, TenantPolicies } from './tenants.js';

/** A record of a multi-tenant table: a {@link RetentionRecord} with its tenant. */
export interface TenantRecord extends RetentionRecord {
  /** The tenant whose policy the record follows. */
  readonly tenant: string;
}

/** One record's place in a {@link TenantPlan}: a {@link PlannedRecord} with its tenant. */
export interface TenantPlannedRecord extends PlannedRecord {
  /** The tenant whose policy placed it. */
  tenant: string;
}

/** A {@link RetentionPlan} whose entries name their tenant. */
export interface TenantPlan extends RetentionPlan {
  /** Due and not held, each with its tenant. */
  due: TenantPlannedRecord[];
  /** Due but kept by a hold, each with its tenant. */
  held: TenantPlannedRecord[];
  /** Not due yet, each with its tenant. */
  retained: TenantPlannedRecord[];
  /** Trigger not fired, each with its tenant. */
  waiting: TenantPlannedRecord[];
  /** No rule of its tenant's policy covers it, each with its tenant. */
  unmatched: TenantPlannedRecord[];
}

/** A {@link RetentionExplanation} with the tenant and the level that set the period. */
export interface TenantExplanation extends RetentionExplanation {
  /** The tenant. */
  tenant: string;
  /** Which level set the deciding rule's period (absent when no rule matched). */
  level?: RetentionLevel;
}

/**
 * Sorts the records of many tenants into due, held, retained, waiting and unmatched at `now`, each
 * by its own tenant's policy. The same as `plan()` on each tenant's records, in one pass, with
 * the tenant on every entry; holds' `until.date` ends in the global policy's time zone.
 *
 * @param policies - the global policy with the tenants' overrides.
 * @param records - the records, each with its `tenant`.
 * @param options - `now`, the legal holds and the events that ended holds.
 * @returns the plan, each entry with its tenant.
 * @throws {@link RetentionError} as `plan()`, and `INVALID_ARGUMENT` for a record without a valid `tenant`.
 * @example
 * ```ts
 * import { defineTenantPolicies, planTenants } from '@privkit/retention/tenants';
 *
 * const policies = defineTenantPolicies({
 *   policy: { rules: [{ id: 'pageviews', category: 'pageview', purpose: 'analytics', period: 'P13M' }] },
 *   tenants: { 'site-42': { overrides: [{ rule: 'pageviews', period: 'P6M' }] } },
 * });
 * const result = planTenants(policies, [
 *   { tenant: 'site-42', id: 'a', category: 'pageview', collectedAt: '2026-01-10T00:00:00Z' },
 *   { tenant: 'site-7', id: 'b', category: 'pageview', collectedAt: '2026-01-10T00:00:00Z' },
 * ], { now: '2026-12-01T00:00:00Z' });
 * result.due.map((r) => r.tenant);      // ["site-42"]
 * result.retained.map((r) => r.tenant); // ["site-7"]
 * ```
 */
export function planTenants(
  policies: TenantPolicies,
  records: Iterable<TenantRecord>,
  options: PlanOptions,
): TenantPlan {
  const { now, holds } = planContext(policies.global, options);
  const result = emptyPlan(now) as TenantPlan;
  const calculators = new Map<RetentionPolicy, ReturnType<typeof createPeriodCalculator>>();
  let next = Number.POSITIVE_INFINITY;
  let i = 0;
  for (const value of records) {
    const path = `records[${i++}]`;
    const { tenant, record } = splitTenant(value, path);
    const policy = policies.policyFor(tenant);
    let calculate = calculators.get(policy);
    if (calculate === undefined) {
      calculate = createPeriodCalculator(policy.timeZone);
      calculators.set(policy, calculate);
    }
    const { checked, s } = scheduleOf(policy, record, path, calculate);
    const entry = { tenant, id: checked.id, category: checked.category, rule: null, dueAt: null };
    const due = placeRecord(result, entry, checked, s, now, holds);
    if (due < next) next = due;
  }
  if (next !== Number.POSITIVE_INFINITY) result.nextDueAt = formatInstant(next);
  return result;
}

/**
 * Why a tenant's record is (or is not) due at `now`: `explain()` under the tenant's policy,
 * with a step that names the level that set the period (the tenant's override and its reason, or
 * the global policy) and the bound on it with its source.
 *
 * @param policies - the global policy with the tenants' overrides.
 * @param record - the record, with its `tenant`.
 * @param options - `now`, holds, occurred events.
 * @returns the explanation, with the tenant and the level.
 * @throws {@link RetentionError} as `explain()`, and `INVALID_ARGUMENT` for a missing or invalid `tenant`.
 * @example
 * ```ts
 * import { defineTenantPolicies, explainTenant } from '@privkit/retention/tenants';
 *
 * const policies = defineTenantPolicies({
 *   policy: { rules: [{ id: 'pageviews', category: 'pageview', purpose: 'analytics', period: 'P13M' }] },
 *   bounds: [{ rule: 'pageviews', max: 'P25M', source: 'DPA clause 7.2' }],
 *   tenants: { 'site-42': { overrides: [{ rule: 'pageviews', period: 'P6M', reason: 'site setting' }] } },
 * });
 * const why = explainTenant(
 *   policies,
 *   { tenant: 'site-42', id: 'a', category: 'pageview', collectedAt: '2026-01-10T00:00:00Z' },
 *   { now: '2026-12-01T00:00:00Z' },
 * );
 * why.level?.level; // "tenant"
 * why.reasons[1];   // 'Period P6M set by tenant "site-42" (site setting); bound: at most P25M (DPA clause 7.2).'
 * ```
 */
export function explainTenant(policies: TenantPolicies, record: TenantRecord, options: PlanOptions): TenantExplanation {
  const { tenant, record: plain } = splitTenant(record, 'record');
  const explanation: TenantExplanation = { ...explain(policies.policyFor(tenant), plain, options), tenant };
  if (explanation.rule === null) return explanation;
  const level = policies.levelOf(tenant, explanation.rule);
  const period = typeof level.period === 'string' ? level.period : `${level.period.min} to ${level.period.max}`;
  const bound = level.bound;
  const limits = bound === undefined ? [] : [bound.min && `at least ${bound.min}`, bound.max && `at most ${bound.max}`];
  explanation.reasons.splice(
    1,
    0,
    `Period ${period} ${
      level.level === 'tenant'
        ? `set by tenant "${tenant}"${level.reason ? ` (${level.reason})` : ''}`
        : `from the global policy (tenant "${tenant}" does not override it)`
    }${bound === undefined ? '' : `; bound: ${limits.filter(Boolean).join(' and ')} (${bound.source})`}.`,
  );
  explanation.level = level;
  return explanation;
}

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TENANT_RECORD_KEYS: readonly string[] = [...RECORD_KEYS, 'tenant'];

/** @internal `value` as a tenant id, or `INVALID_ARGUMENT` naming `path`. */
export function tenantId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !TENANT_ID.test(value)) {
    throw raise(
      'INVALID_ARGUMENT',
      path,
      `"${path}" must be a tenant id of letters, digits, ".", "_", ":" and "-" ` +
        '(starting with a letter or digit, at most 128 characters)',
    );
  }
  return value;
}

/** A tenant record's tenant, and the record without it (unknown keys refused before the copy). */
function splitTenant(value: unknown, path: string): { tenant: string; record: RetentionRecord } {
  if (!isPlainObject(value)) plainObject(value, path, raise);
  const object = value as Record<string, unknown>;
  // The copy below keeps enumerable keys only: refuse a hidden unknown key first.
  for (const key of Object.getOwnPropertyNames(object)) {
    if (!TENANT_RECORD_KEYS.includes(key)) knownKeys(object, TENANT_RECORD_KEYS, path, raise);
    if (!Object.getOwnPropertyDescriptor(object, key)?.enumerable) {
      throw raise('INVALID_ARGUMENT', joinPath(path, key), `"${joinPath(path, key)}" must be an enumerable field`);
    }
  }
  const tenant = tenantId(own(object, 'tenant'), `${path}.tenant`);
  const { tenant: _, ...record } = object;
  return { tenant, record: record as unknown as RetentionRecord };
}
