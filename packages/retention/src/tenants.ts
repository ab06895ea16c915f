/**
 * @module
 * `@privkit/retention/tenants`: one global policy, per-tenant (per-site, per-customer) overrides
 * of its rules' periods, and bounds that no override may cross where a law or a contract fixes a
 * minimum or a maximum. Each tenant's policy is an ordinary {@link RetentionPolicy} built from the
 * global one, so `plan`, `explain`, `scheduleRecord` and every store work on it unchanged; rule
 * ids are the global ones, so a row's `rule` column means the same for every tenant.
 *
 * A tenant without overrides uses the global policy. An override that breaks a bound is refused
 * with `OUT_OF_BOUNDS` when it is set, never clamped: a tenant who asked for 5 years of invoices
 * where the law requires 10 learns it at once instead of finding a silently different period.
 */

import { array, joinPath, knownKeys, own, plainObject, quoteKey } from '@privkit/internal/check';
import { ruleText } from '@privkit/internal/retention-rule';
import { raise } from './errors.js';
import { type Bound, checkBound, notLonger, periodsOf } from './internal/bounds.js';
import { canonicalTimeZone } from './internal/time.js';
import { requireTimeZone } from './internal/time-zone.js';
import { definePolicy, type RetentionPolicy, type RetentionPolicyInput, type RetentionRange } from './policy.js';
import { tenantId } from './tenant-plan.js';

export { RetentionError } from './errors.js';
export {
  explainTenant,
  planTenants,
  type TenantExplanation,
  type TenantPlan,
  type TenantPlannedRecord,
  type TenantRecord,
} from './tenant-plan.js';

/** A minimum or maximum that no tenant's period for a rule may cross, with where it comes from. */
export interface RetentionBound {
  /** The global rule it bounds. */
  readonly rule: string;
  /** No tenant keeps the data for less than this (a statutory retention duty), ISO 8601. */
  readonly min?: string | undefined;
  /** No tenant keeps the data for longer than this (a contract or a regulator's ceiling), ISO 8601. */
  readonly max?: string | undefined;
  /** The statute, contract clause or guidance that fixes the bound; printed by `explainTenant`. */
  readonly source: string;
}

/** One tenant's period for one rule of the global policy. */
export interface TenantOverride {
  /** The id of the global rule whose period this replaces. */
  readonly rule: string;
  /** The tenant's period: an ISO 8601 duration or a `{ min, max }` range. */
  readonly period: string | RetentionRange;
  /** Why, in words (the customer's setting, the contract); printed by `explainTenant`. */
  readonly reason?: string | undefined;
}

/** What one tenant changes: rule periods, and optionally the time zone of its calendar steps. */
export interface TenantSettings {
  /** The overridden rules; rules not named keep the global period. */
  readonly overrides: readonly TenantOverride[];
  /** The tenant's IANA time zone (a site's own); default the global policy's. */
  readonly timeZone?: string | undefined;
}

/** The input of {@link defineTenantPolicies}: plain JSON. */
export interface TenantPoliciesInput {
  /** The global policy: every tenant starts from it. */
  readonly policy: RetentionPolicyInput;
  /** Minimums and maximums per rule, each with its source. */
  readonly bounds?: readonly RetentionBound[] | undefined;
  /** Settings per tenant id (letters, digits, `.`, `_`, `:`, `-`; at most 128 characters). */
  readonly tenants?: Readonly<Record<string, TenantSettings>> | undefined;
}

/** Which level of {@link TenantPolicies} set a tenant's period for one rule. */
export interface RetentionLevel {
  /** `tenant`: the tenant's override; `global`: the global policy's rule. */
  readonly level: 'global' | 'tenant';
  /** The period in force. */
  readonly period: string | RetentionRange;
  /** The override's reason, when the tenant gave one. */
  readonly reason?: string;
  /** The bound on this rule, when there is one. */
  readonly bound?: RetentionBound;
}

const INPUT_KEYS = ['policy', 'bounds', 'tenants'] as const;
const BOUND_KEYS = ['rule', 'min', 'max', 'source'] as const;
const SETTINGS_KEYS = ['overrides', 'timeZone'] as const;
const OVERRIDE_KEYS = ['rule', 'period', 'reason'] as const;

interface Tenant {
  readonly settings: TenantSettings;
  readonly policy: RetentionPolicy;
  readonly byRule: ReadonlyMap<string, TenantOverride>;
}

/** Only this module builds the class: its tenants are always checked against its bounds. */
const BUILD = Symbol('defineTenantPolicies');

/** A text field as a rule's: not only white space, no control characters (they would reach a terminal). */
const text = (value: unknown, path: string): string => ruleText(value, path, raise);

/**
 * A global policy with its bounds and per-tenant overrides, each tenant's checked policy ready.
 * Build it with {@link defineTenantPolicies}; it is immutable: {@link TenantPolicies.withTenant}
 * returns a new one.
 *
 * @example
 * ```ts
 * import { defineTenantPolicies } from '@privkit/retention/tenants';
 *
 * const policies = defineTenantPolicies({
 *   policy: { rules: [{ id: 'pageviews', category: 'pageview', purpose: 'analytics', period: 'P13M' }] },
 *   bounds: [{ rule: 'pageviews', max: 'P25M', source: 'DPA clause 7.2' }],
 *   tenants: { 'site-42': { overrides: [{ rule: 'pageviews', period: 'P6M', reason: 'site setting' }] } },
 * });
 * policies.levelOf('site-42', 'pageviews').level; // "tenant"
 * policies.levelOf('site-7', 'pageviews').level;  // "global"
 * ```
 */
export class TenantPolicies {
  /** The global policy: the policy of every tenant without overrides. */
  readonly global: RetentionPolicy;
  /** The bounds, as given. */
  readonly bounds: readonly RetentionBound[];
  readonly #input: RetentionPolicyInput;
  readonly #bounds: ReadonlyMap<string, Bound>;
  readonly #tenants: ReadonlyMap<string, Tenant>;

  /** @internal Use {@link defineTenantPolicies}. */
  constructor(
    token: symbol,
    input: RetentionPolicyInput,
    global: RetentionPolicy,
    bounds: ReadonlyMap<string, Bound>,
    tenants: ReadonlyMap<string, Tenant>,
  ) {
    if (token !== BUILD)
      throw raise('INVALID_ARGUMENT', 'policies', 'build tenant policies with defineTenantPolicies()');
    this.#input = input;
    this.global = global;
    this.#bounds = bounds;
    this.bounds = Object.freeze([...bounds.values()].map((b) => b.bound));
    this.#tenants = tenants;
    Object.freeze(this);
  }

  /**
   * The policy a tenant's records follow: the global policy with the tenant's overrides.
   * @param tenant - the tenant id.
   * @returns the tenant's policy (the global one when it has no settings).
   * @throws {@link RetentionError} `INVALID_ARGUMENT` when `tenant` is not a tenant id.
   */
  policyFor(tenant: string): RetentionPolicy {
    return this.#tenants.get(tenantId(tenant, 'tenant'))?.policy ?? this.global;
  }

  /**
   * Which level set a tenant's period for one rule, with the bound on it.
   * @param tenant - the tenant id.
   * @param rule - a rule id of the global policy.
   * @returns the level, the period in force, the override's reason and the bound.
   * @throws {@link RetentionError} `UNKNOWN_RULE` when the global policy has no such rule.
   */
  levelOf(tenant: string, rule: string): RetentionLevel {
    const global = this.global.rule(rule);
    if (global === undefined) throw raise('UNKNOWN_RULE', 'rule', '"rule" names no rule of the global policy');
    const bound = this.#bounds.get(rule)?.bound;
    const override = this.#tenants.get(tenantId(tenant, 'tenant'))?.byRule.get(rule);
    const level: RetentionLevel =
      override === undefined
        ? { level: 'global', period: global.period }
        : {
            level: 'tenant',
            period: override.period,
            ...(override.reason === undefined ? {} : { reason: override.reason }),
          };
    return bound === undefined ? level : { ...level, bound };
  }

  /** The ids of the tenants with settings, sorted. */
  tenants(): string[] {
    return [...this.#tenants.keys()].sort();
  }

  /**
   * A tenant's settings as given, or undefined when it has none.
   * @param tenant - the tenant id.
   */
  settingsOf(tenant: string): TenantSettings | undefined {
    return this.#tenants.get(tenantId(tenant, 'tenant'))?.settings;
  }

  /**
   * These policies with one tenant's settings set (replacing any it had), checked against the
   * bounds. Nothing changes when they break one.
   * @param tenant - the tenant id.
   * @param settings - the tenant's overrides and time zone.
   * @returns the new policies.
   * @throws {@link RetentionError} `OUT_OF_BOUNDS` when an override crosses a bound.
   * @throws {@link RetentionError} `UNKNOWN_RULE`, `UNKNOWN_KEY`, `INVALID_ARGUMENT`, `INVALID_DURATION`,
   *   `RANGE_INVERTED`, `CONFLICTING_RULES` or `INVALID_TIME_ZONE` as {@link defineTenantPolicies}.
   */
  withTenant(tenant: string, settings: TenantSettings): TenantPolicies {
    const id = tenantId(tenant, 'tenant');
    const built = buildTenant(this.#input, this.global, this.#bounds, settings, `tenants[${quoteKey(id)}]`);
    const tenants = new Map(this.#tenants);
    tenants.set(id, built);
    return new TenantPolicies(BUILD, this.#input, this.global, this.#bounds, tenants);
  }

  /**
   * These policies without one tenant's settings: its records follow the global policy.
   * @param tenant - the tenant id.
   * @returns the new policies.
   */
  withoutTenant(tenant: string): TenantPolicies {
    const tenants = new Map(this.#tenants);
    tenants.delete(tenantId(tenant, 'tenant'));
    return new TenantPolicies(BUILD, this.#input, this.global, this.#bounds, tenants);
  }

  /** The policies as plain JSON (the input shape). */
  toJSON(): TenantPoliciesInput {
    const tenants: Record<string, TenantSettings> = {};
    for (const id of this.tenants()) tenants[id] = (this.#tenants.get(id) as Tenant).settings;
    return { policy: this.global.toJSON(), bounds: this.bounds, tenants };
  }
}

function buildTenant(
  input: RetentionPolicyInput,
  global: RetentionPolicy,
  bounds: ReadonlyMap<string, Bound>,
  value: unknown,
  path: string,
): Tenant {
  const object = plainObject(value, path, raise);
  knownKeys(object, SETTINGS_KEYS, path, raise);
  const zoneInput = own(object, 'timeZone');
  const timeZone =
    zoneInput === undefined
      ? global.timeZone
      : requireTimeZone(canonicalTimeZone(zoneInput), joinPath(path, 'timeZone'));
  const list = array(own(object, 'overrides'), joinPath(path, 'overrides'), raise);
  const byRule = new Map<string, TenantOverride>();
  list.forEach((entry, index) => {
    const at = `${joinPath(path, 'overrides')}[${index}]`;
    const o = plainObject(entry, at, raise);
    knownKeys(o, OVERRIDE_KEYS, at, raise);
    const rule = own(o, 'rule');
    const globalRule = typeof rule === 'string' ? global.rule(rule) : undefined;
    if (globalRule === undefined) {
      throw raise('UNKNOWN_RULE', joinPath(at, 'rule'), `"${joinPath(at, 'rule')}" names no rule of the global policy`);
    }
    if (byRule.has(globalRule.id)) {
      throw raise('CONFLICTING_RULES', at, `"${at}" overrides rule "${globalRule.id}" a second time`);
    }
    const periods = periodsOf(globalRule, own(o, 'period'), at, timeZone);
    checkBound(periods, bounds.get(globalRule.id), joinPath(at, 'period'), timeZone);
    const reason = own(o, 'reason');
    const period = own(o, 'period') as string | RetentionRange;
    byRule.set(
      globalRule.id,
      Object.freeze({
        rule: globalRule.id,
        period: typeof period === 'string' ? period : Object.freeze({ min: period.min, max: period.max }),
        ...(reason === undefined ? {} : { reason: text(reason, joinPath(at, 'reason')) }),
      }),
    );
  });
  // The global rules must hold in the tenant's zone too (a range, a bound counted across DST).
  if (timeZone !== global.timeZone) {
    global.rules.forEach((rule, index) => {
      if (byRule.has(rule.id)) return;
      const at = joinPath(path, 'timeZone');
      const periods = periodsOf(rule, rule.period, `policy.rules[${index}]`, timeZone);
      checkBound(periods, bounds.get(rule.id), at, timeZone);
    });
  }
  const policy = definePolicy({
    ...input,
    timeZone,
    rules: global.rules.map((rule) => {
      const override = byRule.get(rule.id);
      return override === undefined ? rule : { ...rule, period: override.period };
    }),
  });
  const settings: TenantSettings = Object.freeze({
    overrides: Object.freeze([...byRule.values()]),
    ...(zoneInput === undefined ? {} : { timeZone }),
  });
  return { settings, policy, byRule };
}

/**
 * Validates a global policy, its bounds and every tenant's overrides, and builds each tenant's
 * policy. Read strictly like {@link definePolicy}: an unknown key anywhere is an error naming its
 * path. A bound on an unknown rule, a bound the global rule itself breaks, and an override that
 * crosses a bound (compared from every month end and leap day, in the tenant's time zone) are
 * errors here, so that policies that build can always be applied.
 *
 * @param input - the global policy, bounds and tenant settings, as plain JSON.
 * @returns the policies.
 * @throws {@link RetentionError} `OUT_OF_BOUNDS` when the global policy or an override crosses a bound.
 * @throws {@link RetentionError} `UNKNOWN_RULE` when a bound or an override names no global rule.
 * @throws {@link RetentionError} `CONFLICTING_RULES` when a rule has two bounds, or a tenant two overrides for it.
 * @throws {@link RetentionError} `RANGE_INVERTED` when a bound's minimum can exceed its maximum, or an
 *   override's range is inverted.
 * @throws {@link RetentionError} `UNKNOWN_KEY`, `INVALID_ARGUMENT`, `INVALID_DURATION` or `INVALID_TIME_ZONE`
 *   as {@link definePolicy}, for the policy and for the bounds and settings.
 * @example
 * ```ts
 * import { defineTenantPolicies } from '@privkit/retention/tenants';
 *
 * // Invoices: at least 10 years (HGB §257(4)); analytics: a site may choose, at most 25 months.
 * const policies = defineTenantPolicies({
 *   policy: {
 *     timeZone: 'Europe/Berlin',
 *     rules: [
 *       { id: 'invoices', category: 'invoice', purpose: 'tax', period: 'P10Y', anchor: 'end-of-year' },
 *       { id: 'pageviews', category: 'pageview', purpose: 'analytics', period: 'P13M' },
 *     ],
 *   },
 *   bounds: [
 *     { rule: 'invoices', min: 'P10Y', source: 'HGB §257(4)' },
 *     { rule: 'pageviews', max: 'P25M', source: 'DPA clause 7.2' },
 *   ],
 *   tenants: { 'site-42': { overrides: [{ rule: 'pageviews', period: 'P6M', reason: 'site setting' }] } },
 * });
 * policies.policyFor('site-42').rule('pageviews')?.period; // "P6M"
 * ```
 */
export function defineTenantPolicies(input: TenantPoliciesInput): TenantPolicies {
  const object = plainObject(input, 'input', raise);
  knownKeys(object, INPUT_KEYS, '', raise);
  const policyInput = own(object, 'policy') as RetentionPolicyInput;
  const global = definePolicy(policyInput);
  const boundsInput = own(object, 'bounds');
  const bounds = new Map<string, Bound>();
  const list = boundsInput === undefined ? [] : array(boundsInput, 'bounds', raise);
  list.forEach((entry, index) => {
    const at = `bounds[${index}]`;
    const b = plainObject(entry, at, raise);
    knownKeys(b, BOUND_KEYS, at, raise);
    const ruleId = own(b, 'rule');
    const index2 = typeof ruleId === 'string' ? global.rules.findIndex((r) => r.id === ruleId) : -1;
    const rule = global.rules[index2];
    if (rule === undefined)
      throw raise('UNKNOWN_RULE', `${at}.rule`, `"${at}.rule" names no rule of the global policy`);
    if (bounds.has(rule.id)) throw raise('CONFLICTING_RULES', at, `"${at}" is a second bound for rule "${rule.id}"`);
    const minText = own(b, 'min');
    const maxText = own(b, 'max');
    if (minText === undefined && maxText === undefined) {
      throw raise('INVALID_ARGUMENT', at, `"${at}" must have "min", "max" or both`);
    }
    const parse = (value: unknown, key: string) => {
      if (value === undefined) return undefined;
      if (typeof value !== 'string') {
        throw raise('INVALID_DURATION', `${at}.${key}`, `"${at}.${key}" must be an ISO 8601 duration such as P10Y`);
      }
      return periodsOf(rule, value, `${at}.${key}`, global.timeZone).min;
    };
    const min = parse(minText, 'min');
    const max = parse(maxText, 'max');
    if (min !== undefined && max !== undefined && !notLonger(min, max, global.timeZone)) {
      throw raise('RANGE_INVERTED', at, `"${at}": the minimum can exceed the maximum`);
    }
    const bound: RetentionBound = Object.freeze({
      rule: rule.id,
      ...(minText === undefined ? {} : { min: minText as string }),
      ...(maxText === undefined ? {} : { max: maxText as string }),
      source: text(own(b, 'source'), `${at}.source`),
    });
    const checked: Bound = { bound, min, max };
    checkBound(
      periodsOf(rule, rule.period, `policy.rules[${index2}]`, global.timeZone),
      checked,
      `policy.rules[${index2}].period`,
      global.timeZone,
    );
    bounds.set(rule.id, checked);
  });
  const tenantsInput = own(object, 'tenants');
  const tenants = new Map<string, Tenant>();
  if (tenantsInput !== undefined) {
    const map = plainObject(tenantsInput, 'tenants', raise);
    for (const key of Object.getOwnPropertyNames(map)) {
      const path = `tenants[${quoteKey(key)}]`;
      tenants.set(tenantId(key, path), buildTenant(global.toJSON(), global, bounds, own(map, key), path));
    }
  }
  return new TenantPolicies(BUILD, global.toJSON(), global, bounds, tenants);
}
