/**
 * @module
 * The retention policy model: plain, serialisable rules per data category (the shape
 * `@privkit/dpa` emits inside DPA and notice models), validated once when the policy is built so
 * that a conflicting or impossible rule is an error at deploy time, not a surprise at sweep
 * time.
 */

import { RetentionPolicyError } from './errors.js';
import { type Anchor, addPeriod, type CompiledPeriod, canonicalTimeZone, parsePeriod } from './internal/time.js';

/**
 * What starts a retention period.
 *
 * - `collected`: the moment the data was collected (the record's `collectedAt`). The default.
 * - `event`: a named event about the record, such as `visit-ended`, `contract-ended`,
 *   `relationship-ended`, `consent-withdrawn` (the record's `events[event]`). Until the event
 *   has happened the record is **never** due.
 * - `lastActivity`: the record's `lastActivityAt`, or `collectedAt` when it has no later
 *   activity.
 */
export type RetentionTrigger =
  | {
      /** Collection. */
      type: 'collected';
    }
  | {
      /** A named event. */
      type: 'event';
      /** The event's name, as in the record's `events`. */
      event: string;
    }
  | {
      /** The last activity. */
      type: 'lastActivity';
    };

/**
 * A retention period as a range: the data may not be deleted before `min` and must be deleted
 * by `max` ("a grace period of 30 days to 6 months"). Both are ISO 8601 durations.
 */
export interface RetentionRange {
  /** The earliest the data may be deleted, counted from the trigger. */
  min: string;
  /** The latest the data may be kept, counted from the trigger. */
  max: string;
}

/**
 * One retention rule: how long data of one category is kept for one purpose. This is exactly
 * the shape `@privkit/dpa` emits, so a rule written in a DPA or privacy notice is accepted as it
 * is.
 */
export interface RetentionRule {
  /** A stable id, such as `raw-ip-security`. It appears in plans, logs and proof bundles. */
  id: string;
  /** The data category, such as `ip-address`. Records name their category. */
  category: string;
  /** The purpose the data is kept for, such as `security`. */
  purpose: string;
  /** The legal ground, such as `Art. 6(1)(f) GDPR`. */
  legalBasis?: string;
  /** The text the period comes from, such as `Privacy policy §4` or `HGB §257(4)`. */
  citation?: string;
  /**
   * ISO 8601 duration in whole calendar or clock units (`P7D`, `P1M`, `P7Y`, `PT24H`), or a
   * range. `P1D` is a calendar day (23 or 25 hours across DST); `PT24H` is exactly 24 hours.
   */
  period: string | RetentionRange;
  /** What starts the period; default `{ type: 'collected' }`. */
  trigger?: RetentionTrigger;
  /** Where the period starts or ends on the calendar; default `none`. See {@link RetentionAnchor}. */
  anchor?: RetentionAnchor;
  /**
   * The id of the rule this one departs from, for another purpose (the IP kept 7 days for
   * security while personal data is erased after 24 hours). An exception applies only to
   * records kept for its purpose.
   */
  exceptionTo?: string;
}

/**
 * Calendar anchoring of a period, in the policy's time zone.
 *
 * - `none`: due at trigger + period.
 * - `nextDay`: the trigger's day is not counted and the period ends with the expiry of its last
 *   day (Regulation 1182/71 Art. 3, BGB §§ 187–188): due at the start of the day after the day
 *   on which trigger + period falls.
 * - `endOfMonth`: the period begins at the end of the trigger's calendar month.
 * - `endOfYear`: the period begins at the end of the trigger's calendar year (HGB § 257(5),
 *   AO § 147(4)): invoices of 2026 kept ten years are due on 1 January 2037.
 */
export type RetentionAnchor = 'none' | 'nextDay' | 'endOfMonth' | 'endOfYear';

/** The input of {@link definePolicy}: plain JSON. */
export interface RetentionPolicyInput {
  /** The rules. */
  rules: readonly RetentionRule[];
  /** IANA time zone of every calendar step (day, month and year boundaries). Default `UTC`. */
  timeZone?: string | undefined;
  /**
   * For range periods: delete at the range's end (`latest`, the default: the promise "no longer
   * than 6 months" is kept while the grace period is honoured fully) or as soon as the minimum
   * has passed (`earliest`: data minimisation first).
   */
  deleteAt?: 'latest' | 'earliest' | undefined;
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

const ANCHORS: readonly string[] = ['none', 'nextDay', 'endOfMonth', 'endOfYear'];

/**
 * A validated retention policy. It serialises back to its input with `JSON.stringify`; build it
 * with {@link definePolicy}.
 *
 * @example
 * ```ts
 * import { definePolicy } from '@privkit/retention';
 *
 * const policy = definePolicy({ timeZone: 'Europe/Brussels', rules: [{ id: 'logs', category: 'log', purpose: 'operations', period: 'P30D' }] });
 * policy.rules.length; // 1
 * JSON.parse(JSON.stringify(policy)).timeZone; // "Europe/Brussels"
 * ```
 */
export class RetentionPolicy {
  /** The canonical IANA time zone of calendar arithmetic. */
  readonly timeZone: string;
  /** The rules, as given (frozen copies). */
  readonly rules: readonly RetentionRule[];
  /** When a range period is due; see {@link RetentionPolicyInput.deleteAt}. */
  readonly deleteAt: 'latest' | 'earliest';
  readonly #byId: Map<string, CompiledRule>;
  readonly #byCategory: Map<string, CategoryRules>;

  /** @internal Use {@link definePolicy}. */
  constructor(timeZone: string, deleteAt: 'latest' | 'earliest', compiled: CompiledRule[]) {
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

// Reference instants for comparing calendar durations: the first and last day of every month of
// a leap year and a common year, at noon. A range is valid only if min ≤ max from all of them
// (P30D vs P1M differ in sign between January and February).
const REFERENCES: number[] = [];
for (const year of [2024, 2025]) {
  for (let month = 0; month < 12; month++) {
    REFERENCES.push(Date.UTC(year, month, 1, 12), Date.UTC(year, month + 1, 0, 12));
  }
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function freezeRule(rule: RetentionRule): RetentionRule {
  const copy: RetentionRule = { ...rule };
  if (typeof rule.period === 'object' && rule.period !== null) copy.period = Object.freeze({ ...rule.period });
  if (rule.trigger !== undefined) copy.trigger = Object.freeze({ ...rule.trigger });
  return Object.freeze(copy);
}

function compileRule(rule: RetentionRule, path: string, timeZone: string): CompiledRule {
  if (rule === null || typeof rule !== 'object')
    throw new RetentionPolicyError('INVALID_RULE', path, 'a rule must be an object');
  for (const field of ['id', 'category', 'purpose'] as const) {
    if (!isText(rule[field]))
      throw new RetentionPolicyError('INVALID_RULE', `${path}.${field}`, `"${field}" must be a non-empty string`);
  }
  for (const field of ['legalBasis', 'citation', 'exceptionTo'] as const) {
    if (rule[field] !== undefined && !isText(rule[field])) {
      throw new RetentionPolicyError(
        'INVALID_RULE',
        `${path}.${field}`,
        `"${field}" must be a non-empty string when present`,
      );
    }
  }
  let min: CompiledPeriod;
  let max: CompiledPeriod;
  if (typeof rule.period === 'string') {
    const single = parsePeriod(rule.period);
    if (single === undefined) throw invalidPeriod(`${path}.period`);
    min = max = single;
  } else if (rule.period !== null && typeof rule.period === 'object') {
    const low = parsePeriod(rule.period.min);
    if (low === undefined) throw invalidPeriod(`${path}.period.min`);
    const high = parsePeriod(rule.period.max);
    if (high === undefined) throw invalidPeriod(`${path}.period.max`);
    min = low;
    max = high;
    for (const reference of REFERENCES) {
      if (addPeriod(reference, min, timeZone, 'none') > addPeriod(reference, max, timeZone, 'none')) {
        throw new RetentionPolicyError(
          'RANGE_INVERTED',
          `${path}.period`,
          `the minimum ${min.text} exceeds the maximum ${max.text} from ${new Date(reference).toISOString().slice(0, 10)}`,
        );
      }
    }
  } else {
    throw invalidPeriod(`${path}.period`);
  }
  const trigger = rule.trigger ?? { type: 'collected' };
  if (
    trigger === null ||
    typeof trigger !== 'object' ||
    !['collected', 'event', 'lastActivity'].includes(trigger.type)
  ) {
    throw new RetentionPolicyError(
      'INVALID_TRIGGER',
      `${path}.trigger`,
      'the trigger type must be "collected", "event" or "lastActivity"',
    );
  }
  if (trigger.type === 'event' && !isText(trigger.event)) {
    throw new RetentionPolicyError('INVALID_TRIGGER', `${path}.trigger.event`, 'an event trigger needs the event name');
  }
  const anchor = rule.anchor ?? 'none';
  if (!ANCHORS.includes(anchor)) {
    throw new RetentionPolicyError(
      'INVALID_ANCHOR',
      `${path}.anchor`,
      'the anchor must be "none", "nextDay", "endOfMonth" or "endOfYear"',
    );
  }
  return { rule: freezeRule(rule), min, max, trigger, anchor };
}

function invalidPeriod(path: string): RetentionPolicyError {
  return new RetentionPolicyError(
    'INVALID_PERIOD',
    path,
    'a period must be an ISO 8601 duration of whole units, such as P7D, P1M, P7Y or PT24H (no fractions, signs or milliseconds)',
  );
}

/**
 * Validates a policy and compiles it for the planner. Every rule is checked here: periods,
 * ranges (minimum never above maximum, from any month end or leap day), triggers, anchors,
 * exceptions and conflicts, so that a policy that builds can always be applied.
 *
 * @param input - the rules and the time zone, as plain JSON.
 * @returns the validated policy.
 * @throws RetentionPolicyError with a stable `code` and the `path` of the offending field.
 * @example
 * ```ts
 * import { definePolicy } from '@privkit/retention';
 *
 * // The processor policy of a form-analytics service: personal data 24 h, the IP 7 days for
 * // security only, anonymous data 90 days.
 * const policy = definePolicy({
 *   timeZone: 'Europe/Brussels',
 *   rules: [
 *     { id: 'personal-data', category: 'visitor-data', purpose: 'service', period: 'PT24H', trigger: { type: 'event', event: 'visit-ended' } },
 *     { id: 'ip-security', category: 'visitor-data', purpose: 'security', period: 'P7D', exceptionTo: 'personal-data' },
 *     { id: 'anonymous', category: 'anonymous-data', purpose: 'service', period: 'P90D' },
 *   ],
 * });
 * ```
 */
export function definePolicy(input: RetentionPolicyInput): RetentionPolicy {
  if (input === null || typeof input !== 'object' || !Array.isArray(input.rules)) {
    throw new RetentionPolicyError('INVALID_POLICY', 'policy', 'a policy must be an object with a "rules" array');
  }
  const timeZone = canonicalTimeZone(input.timeZone ?? 'UTC');
  if (timeZone === undefined)
    throw new RetentionPolicyError(
      'INVALID_TIME_ZONE',
      'timeZone',
      '"timeZone" must be an IANA time zone such as Europe/Berlin',
    );
  const deleteAt = input.deleteAt ?? 'latest';
  if (deleteAt !== 'latest' && deleteAt !== 'earliest') {
    throw new RetentionPolicyError('INVALID_POLICY', 'deleteAt', '"deleteAt" must be "latest" or "earliest"');
  }
  const compiled: CompiledRule[] = [];
  const ids = new Map<string, number>();
  const purposes = new Map<string, number>();
  input.rules.forEach((rule, index) => {
    const path = `rules[${index}]`;
    const c = compileRule(rule, path, timeZone);
    if (ids.has(rule.id))
      throw new RetentionPolicyError(
        'DUPLICATE_RULE_ID',
        `${path}.id`,
        `rule id "${rule.id}" is already used by rules[${ids.get(rule.id)}]`,
      );
    ids.set(rule.id, index);
    const key = `${rule.category}\u0000${rule.purpose}`;
    const other = purposes.get(key);
    if (other !== undefined) {
      throw new RetentionPolicyError(
        'CONFLICTING_RULES',
        path,
        `rules[${other}] already sets the retention of category "${rule.category}" for purpose "${rule.purpose}"; one period per category and purpose`,
      );
    }
    purposes.set(key, index);
    compiled.push(c);
  });
  compiled.forEach((c, index) => {
    const target = c.rule.exceptionTo;
    if (target === undefined) return;
    const path = `rules[${index}].exceptionTo`;
    const base = compiled[ids.get(target) ?? -1];
    if (base === undefined) throw new RetentionPolicyError('UNKNOWN_EXCEPTION', path, `no rule has the id "${target}"`);
    if (base === c)
      throw new RetentionPolicyError('INVALID_EXCEPTION', path, 'a rule cannot be an exception to itself');
    if (base.rule.category !== c.rule.category) {
      throw new RetentionPolicyError(
        'INVALID_EXCEPTION',
        path,
        `an exception must be for the same category as rule "${target}" ("${base.rule.category}")`,
      );
    }
    if (base.rule.exceptionTo !== undefined) {
      throw new RetentionPolicyError(
        'INVALID_EXCEPTION',
        path,
        `rule "${target}" is itself an exception; point to the rule it departs from`,
      );
    }
  });
  return new RetentionPolicy(timeZone, deleteAt, compiled);
}
