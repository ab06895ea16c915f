/**
 * @module
 * The retention policy model: plain, serialisable rules per data category (the shape
 * `@privkit/dpa` emits inside DPA and notice models), validated once when the policy is built so
 * that a conflicting or impossible rule is an error at deploy time, not a surprise at sweep
 * time.
 */

import { array, knownKeys, oneOf, own, plainObject } from '@privkit/internal/check';
import {
  parseRetentionRule,
  type RetentionAnchor,
  type RetentionRange,
  type RetentionRule,
  type RetentionTrigger,
} from '@privkit/internal/retention-rule';
import { raise } from './errors.js';
import { type Anchor, addPeriod, type CompiledPeriod, canonicalTimeZone, compilePeriod } from './internal/time.js';
import { requireTimeZone } from './internal/time-zone.js';

export type { RetentionAnchor, RetentionRange, RetentionRule, RetentionTrigger };

/** The input of {@link definePolicy}: plain JSON. */
export interface RetentionPolicyInput {
  /** The rules. */
  readonly rules: readonly RetentionRule[];
  /** IANA time zone of every calendar step (day, month and year boundaries). Default `UTC`. */
  readonly timeZone?: string | undefined;
  /**
   * For range periods: delete at the range's end (`latest`, the default: the promise "no longer
   * than 6 months" is kept while the grace period is honoured fully) or as soon as the minimum
   * has passed (`earliest`: data minimisation first).
   */
  readonly deleteAt?: 'latest' | 'earliest' | undefined;
}

/** @internal A rule with its periods parsed. */
export interface CompiledRule {
  readonly rule: RetentionRule;
  readonly min: CompiledPeriod;
  readonly max: CompiledPeriod;
  readonly trigger: RetentionTrigger;
  readonly anchor: Anchor;
}

/** @internal Rules of one category. */
export interface CategoryRules {
  /** Rules that are not exceptions: all of them apply to a record that names no purpose. */
  readonly base: readonly CompiledRule[];
  readonly byPurpose: ReadonlyMap<string, CompiledRule>;
}

const POLICY_KEYS = ['rules', 'timeZone', 'deleteAt'] as const;
const COLLECTED: RetentionTrigger = Object.freeze({ type: 'collected' });

/** Only {@link definePolicy} builds policies: a policy is always one that was checked. */
const BUILD = Symbol('definePolicy');

/**
 * A validated retention policy. It serialises back to its input with `JSON.stringify`; build it
 * with {@link definePolicy}.
 *
 * @example
 * ```ts
 * import { definePolicy } from '@privkit/retention';
 *
 * const policy = definePolicy({
 *   timeZone: 'Europe/Brussels',
 *   rules: [{ id: 'logs', category: 'log', purpose: 'operations', period: 'P30D' }],
 * });
 * policy.rules.length; // 1
 * JSON.parse(JSON.stringify(policy)).timeZone; // "Europe/Brussels"
 * ```
 */
export class RetentionPolicy {
  /** The canonical IANA time zone of calendar arithmetic. */
  readonly timeZone: string;
  /** The rules, as given (frozen copies without unknown or `undefined` fields). */
  readonly rules: readonly RetentionRule[];
  /** When a range period is due; see {@link RetentionPolicyInput.deleteAt}. */
  readonly deleteAt: 'latest' | 'earliest';
  readonly #byId: Map<string, CompiledRule>;
  readonly #byCategory: Map<string, CategoryRules>;

  /** @internal Use {@link definePolicy}. */
  constructor(token: symbol, timeZone: string, deleteAt: 'latest' | 'earliest', compiled: CompiledRule[]) {
    if (token !== BUILD) throw raise('INVALID_ARGUMENT', 'policy', 'build a policy with definePolicy()');
    this.timeZone = timeZone;
    this.deleteAt = deleteAt;
    this.rules = Object.freeze(compiled.map((c) => c.rule));
    this.#byId = new Map(compiled.map((c) => [c.rule.id, c]));
    this.#byCategory = new Map();
    for (const c of compiled) {
      let entry = this.#byCategory.get(c.rule.category) as
        | { base: CompiledRule[]; byPurpose: Map<string, CompiledRule> }
        | undefined;
      if (entry === undefined) {
        entry = { base: [], byPurpose: new Map() };
        this.#byCategory.set(c.rule.category, entry);
      }
      if (c.rule.exceptionTo === undefined) entry.base.push(c);
      entry.byPurpose.set(c.rule.purpose, c);
    }
    Object.freeze(this);
  }

  /**
   * The rule with this id, or undefined.
   * @param id - a rule id.
   * @returns the rule as given.
   */
  rule(id: string): RetentionRule | undefined {
    return this.#byId.get(id)?.rule;
  }

  /** @internal */
  compiledRule(id: string): CompiledRule | undefined {
    return this.#byId.get(id);
  }

  /** @internal */
  categoryRules(category: string): CategoryRules | undefined {
    return this.#byCategory.get(category);
  }

  /** The policy as plain JSON (the input shape). */
  toJSON(): RetentionPolicyInput {
    return { timeZone: this.timeZone, deleteAt: this.deleteAt, rules: this.rules };
  }
}

function compileRule(value: unknown, path: string, timeZone: string): CompiledRule {
  // The range check counts in the policy's zone, where a day can last 23 or 25 hours.
  const zonedAdd =
    timeZone === 'UTC'
      ? undefined
      : (from: number, parts: Parameters<typeof compilePeriod>[1]) =>
          addPeriod(from, compilePeriod('', parts), timeZone, 'none');
  const { rule, periods } = parseRetentionRule(value, path, raise, zonedAdd);
  const min = compilePeriod(typeof rule.period === 'string' ? rule.period : rule.period.min, periods.min);
  const max =
    periods.max === periods.min
      ? min
      : compilePeriod(typeof rule.period === 'string' ? rule.period : rule.period.max, periods.max);
  return { rule, min, max, trigger: rule.trigger ?? COLLECTED, anchor: rule.anchor ?? 'none' };
}

/**
 * Validates a policy and compiles it for the planner. Every object is read strictly: an unknown
 * key anywhere (`triger`, `timezone`, `anchr`, `__proto__`) is an error naming its path and the
 * allowed keys, so a typo never changes what is deleted. Every rule is checked here too: periods,
 * ranges (minimum never above maximum, from any month end or leap day, in the policy's zone),
 * triggers, anchors, exceptions and conflicts, so that a policy that builds can always be applied.
 *
 * @param input - the rules and the time zone, as plain JSON.
 * @returns the validated policy.
 * @throws {@link RetentionError} `UNKNOWN_KEY` when an object has a key the policy format does not know.
 * @throws {@link RetentionError} `INVALID_ARGUMENT` when a field is missing or has the wrong type or value.
 * @throws {@link RetentionError} `INVALID_DURATION` when a period is not an ISO 8601 duration of whole units.
 * @throws {@link RetentionError} `RANGE_INVERTED` when a range's minimum can exceed its maximum.
 * @throws {@link RetentionError} `DUPLICATE_RULE_ID` when two rules share an id.
 * @throws {@link RetentionError} `CONFLICTING_RULES` when two rules cover one category and purpose.
 * @throws {@link RetentionError} `UNKNOWN_EXCEPTION` when `exceptionTo` names no rule.
 * @throws {@link RetentionError} `INVALID_EXCEPTION` when an exception is to itself, another category or an exception.
 * @throws {@link RetentionError} `INVALID_TIME_ZONE` when `timeZone` is not an IANA time zone.
 * @example
 * ```ts
 * import { definePolicy } from '@privkit/retention';
 *
 * // The processor policy of a form-analytics service: personal data 24 h, the IP 7 days for
 * // security only, anonymous data 90 days.
 * const policy = definePolicy({
 *   timeZone: 'Europe/Brussels',
 *   rules: [
 *     {
 *       id: 'personal-data',
 *       category: 'visitor-data',
 *       purpose: 'service',
 *       period: 'PT24H',
 *       trigger: { type: 'event', event: 'visit-ended' },
 *     },
 *     {
 *       id: 'ip-security',
 *       category: 'visitor-data',
 *       purpose: 'security',
 *       period: 'P7D',
 *       exceptionTo: 'personal-data',
 *     },
 *     { id: 'anonymous', category: 'anonymous-data', purpose: 'service', period: 'P90D' },
 *   ],
 * });
 * ```
 */
export function definePolicy(input: RetentionPolicyInput): RetentionPolicy {
  const object = plainObject(input, 'policy', raise);
  knownKeys(object, POLICY_KEYS, '', raise);
  const zoneInput = own(object, 'timeZone') ?? 'UTC';
  const timeZone = requireTimeZone(canonicalTimeZone(zoneInput), 'timeZone');
  const deleteAtInput = own(object, 'deleteAt');
  const deleteAt =
    deleteAtInput === undefined ? 'latest' : oneOf(deleteAtInput, ['latest', 'earliest'], 'deleteAt', raise);
  const rules = array(own(object, 'rules'), 'rules', raise);
  const compiled: CompiledRule[] = [];
  const ids = new Map<string, number>();
  const purposes = new Map<string, number>();
  for (let index = 0; index < rules.length; index++) {
    const path = `rules[${index}]`;
    const c = compileRule(rules[index], path, timeZone);
    const { id, category, purpose } = c.rule;
    const earlier = ids.get(id);
    if (earlier !== undefined)
      throw raise('DUPLICATE_RULE_ID', `${path}.id`, `"${path}.id" is already the id of rules[${earlier}]`);
    ids.set(id, index);
    const key = `${category}\u0000${purpose}`;
    const other = purposes.get(key);
    if (other !== undefined) {
      throw raise(
        'CONFLICTING_RULES',
        path,
        `"${path}" and rules[${other}] both set the retention of one category for one purpose; ` +
          `one period per category and purpose`,
      );
    }
    purposes.set(key, index);
    compiled.push(c);
  }
  compiled.forEach((c, index) => {
    const target = c.rule.exceptionTo;
    if (target === undefined) return;
    const path = `rules[${index}].exceptionTo`;
    const base = compiled[ids.get(target) ?? -1];
    if (base === undefined) throw raise('UNKNOWN_EXCEPTION', path, `"${path}" names no rule of the policy`);
    if (base === c) throw raise('INVALID_EXCEPTION', path, `"${path}": a rule cannot be an exception to itself`);
    if (base.rule.category !== c.rule.category) {
      throw raise(
        'INVALID_EXCEPTION',
        path,
        `"${path}": an exception must be for the same category as the rule it departs from (rules[${ids.get(target)}])`,
      );
    }
    if (base.rule.exceptionTo !== undefined) {
      throw raise(
        'INVALID_EXCEPTION',
        path,
        `"${path}" names an exception (rules[${ids.get(target)}]); point to the rule it departs from`,
      );
    }
  });
  return new RetentionPolicy(BUILD, timeZone, deleteAt, compiled);
}
