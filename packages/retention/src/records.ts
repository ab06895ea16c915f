/**
 * @module
 * One record and its policy: the record's shape (read strictly, on the planner's hot path), the
 * rules that apply to it, and when it is due. `dueAt` and `scheduleRecord` are for writing a
 * row's due instant and rule beside it; the planner uses the same functions for many records.
 */

import { isPlainObject, knownKeys, own, plainObject } from '@privkit/internal/check';
import { formatInstant, type InstantInput, parseInstant, requireInstant } from '@privkit/internal/instant';
import { raise } from './errors.js';
import { addPeriod } from './internal/time.js';
import type { CompiledRule, RetentionPolicy } from './policy.js';

/**
 * A record as the planner sees it: its id, category and the instants its triggers read. Only the
 * fields its rule needs must be present.
 */
export interface RetentionRecord {
  /** The record's key in its store. Treated as personal data: never printed in errors or explanations. */
  readonly id: string;
  /** The data category, matched against the rules' `category`. */
  readonly category: string;
  /** The data subject the record is about, matched against holds by subject; `null` = none. */
  readonly subject?: string | null | undefined;
  /** The purpose the record is kept for; selects an exception rule (`security`); `null` = none. */
  readonly purpose?: string | null | undefined;
  /** Pins the record to one rule id (overrides `purpose`); `null` = none. */
  readonly rule?: string | null | undefined;
  /** When the data was collected (trigger `collected`, and `last-activity` without activity). */
  readonly collectedAt?: InstantInput | null | undefined;
  /** The subject's last activity (trigger `last-activity`). */
  readonly lastActivityAt?: InstantInput | null | undefined;
  /** Instants of events about this record, by event name (trigger `event`); absent or `null` = not yet. */
  readonly events?: Readonly<Record<string, InstantInput | null | undefined>> | undefined;
}

/** When a record is due under its policy, independent of holds and of `now`. */
export interface RetentionSchedule {
  /**
   * - `scheduled`: the trigger has fired; `dueAt` is set.
   * - `waiting`: the trigger has not fired (the contract has not ended): never due until it does.
   * - `unmatched`: no rule covers the record's category and purpose: it is never deleted, and
   *   `plan` reports it so the gap in the policy is seen.
   */
  status: 'scheduled' | 'waiting' | 'unmatched';
  /** The deciding rule id (for several purposes: the one whose period ends last). */
  rule: string | null;
  /** When the record must be deleted (RFC 3339, UTC), or null. */
  dueAt: string | null;
  /** The earliest it may be deleted (the range minimum), or null. */
  earliestAt: string | null;
}

/** @internal */
export interface EpochSchedule {
  status: 'scheduled' | 'waiting' | 'unmatched';
  compiled: CompiledRule | undefined;
  due: number;
  earliest: number;
  trigger?: number;
}

/** @internal The keys a record may have. */
export const RECORD_KEYS = [
  'id',
  'category',
  'subject',
  'purpose',
  'rule',
  'collectedAt',
  'lastActivityAt',
  'events',
] as const;
const RECORD_KEY_SET: ReadonlySet<string> = /* @__PURE__ */ new Set(RECORD_KEYS);

/** An optional text field of a record: a string, or absent (`undefined` or `null`). */
function optionalText(record: object, key: 'subject' | 'purpose' | 'rule', path: string): string | undefined {
  const value = own(record, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw raise('INVALID_ARGUMENT', `${path}.${key}`, `"${path}.${key}" must be a string`);
  return value;
}

/** @internal A record's fields, checked: a plain object with known keys, an id and a category. */
export interface CheckedRecord {
  readonly id: string;
  readonly category: string;
  readonly subject: string | undefined;
  readonly purpose: string | undefined;
  readonly rule: string | undefined;
  readonly source: object;
}

/**
 * @internal Checks a record strictly (on the planner's hot path: one pass over its own keys, the
 * shared check only to word the error).
 */
export function checkRecord(record: unknown, path: string): CheckedRecord {
  if (!isPlainObject(record)) plainObject(record, path, raise);
  const object = record as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(object)) {
    if (!RECORD_KEY_SET.has(key)) knownKeys(object, RECORD_KEYS, path, raise);
  }
  const id = own(object, 'id');
  if (typeof id !== 'string' || id === '')
    throw raise('INVALID_ARGUMENT', `${path}.id`, `"${path}.id" must be a non-empty string`);
  const category = own(object, 'category');
  if (typeof category !== 'string' || category === '')
    throw raise('INVALID_ARGUMENT', `${path}.category`, `"${path}.category" must be a non-empty string`);
  const events = own(object, 'events');
  if (events !== undefined && !isPlainObject(events)) plainObject(events, `${path}.events`, raise);
  return {
    id,
    category,
    subject: optionalText(object, 'subject', path),
    purpose: optionalText(object, 'purpose', path),
    rule: optionalText(object, 'rule', path),
    source: object,
  };
}

function triggerInstant(compiled: CompiledRule, record: CheckedRecord, path: string): number | undefined {
  const trigger = compiled.trigger;
  if (trigger.type === 'event') {
    const events = own(record.source, 'events') as object | undefined;
    const at = events === undefined ? undefined : own(events, trigger.event);
    if (at === undefined || at === null) return undefined;
    // The path is built only for the error: this runs once per record of a plan.
    return (
      parseInstant(at) ?? requireInstant(at, `${path}.events[${JSON.stringify(trigger.event.slice(0, 40))}]`, raise)
    );
  }
  if (trigger.type === 'last-activity') {
    const at = own(record.source, 'lastActivityAt');
    if (at !== undefined && at !== null) return parseInstant(at) ?? requireInstant(at, `${path}.lastActivityAt`, raise);
  }
  const at = own(record.source, 'collectedAt');
  if (at === undefined || at === null) {
    throw raise(
      'INVALID_ARGUMENT',
      `${path}.collectedAt`,
      `"${path}.collectedAt" is required by the rule that applies to the record`,
    );
  }
  // The path is built only for the error, as above.
  return parseInstant(at) ?? requireInstant(at, `${path}.collectedAt`, raise);
}

/** @internal The rules that apply to a record. */
export function applicableRules(policy: RetentionPolicy, record: CheckedRecord): readonly CompiledRule[] {
  if (record.rule !== undefined) {
    const c = policy.compiledRule(record.rule);
    return c !== undefined && c.rule.category === record.category ? [c] : [];
  }
  const rules = policy.categoryRules(record.category);
  if (rules === undefined) return [];
  if (record.purpose !== undefined) {
    const c = rules.byPurpose.get(record.purpose);
    return c === undefined ? [] : [c];
  }
  return rules.base;
}

/** @internal Due instants as epoch ms. */
export function scheduleEpoch(
  policy: RetentionPolicy,
  record: CheckedRecord,
  path = 'record',
  calculate: (from: number, period: CompiledRule['min'], anchor: CompiledRule['anchor']) => number = (
    from,
    period,
    anchor,
  ) => addPeriod(from, period, policy.timeZone, anchor),
): EpochSchedule {
  const rules = applicableRules(policy, record);
  if (rules.length === 0) return { status: 'unmatched', compiled: undefined, due: Number.NaN, earliest: Number.NaN };
  let best: EpochSchedule | undefined;
  for (const compiled of rules) {
    const from = triggerInstant(compiled, record, path);
    // Kept for several purposes, a record is needed until the last purpose lapses; one purpose
    // still waiting for its trigger keeps it indefinitely (Art. 5(1)(e) GDPR: "no longer than
    // is necessary for the purposes", all of them).
    if (from === undefined) return { status: 'waiting', compiled, due: Number.NaN, earliest: Number.NaN };
    let earliest: number;
    let latest: number;
    try {
      earliest = calculate(from, compiled.min, compiled.anchor);
      latest = compiled.max === compiled.min ? earliest : calculate(from, compiled.max, compiled.anchor);
    } catch {
      // Temporal's range ends in the year 275760: a trigger that close to it has no due instant.
      throw raise(
        'INVALID_INSTANT',
        `${path}`,
        `"${path}": the record's due instant is past the latest instant a date can hold`,
      );
    }
    // Never before the minimum, even where a DST fold makes the maximum land an hour earlier.
    const due = policy.deleteAt === 'earliest' ? earliest : Math.max(earliest, latest);
    if (best === undefined || due > best.due) {
      best = {
        status: 'scheduled',
        compiled,
        due,
        earliest: best === undefined ? earliest : Math.max(best.earliest, earliest),
        trigger: from,
      };
    } else {
      best.earliest = Math.max(best.earliest, earliest);
    }
  }
  return best as EpochSchedule;
}

const MAX_EPOCH_MS = 8.64e15;

/** @internal Due instants of a record, after checking it. */
export function scheduleOf(
  policy: RetentionPolicy,
  record: unknown,
  path: string,
  calculate?: Parameters<typeof scheduleEpoch>[3],
) {
  const checked = checkRecord(record, path);
  const s = scheduleEpoch(policy, checked, path, calculate);
  if (s.status === 'scheduled' && !(Math.abs(s.due) <= MAX_EPOCH_MS)) {
    throw raise(
      'INVALID_INSTANT',
      path,
      `"${path}": the record's due instant is past the latest instant a date can hold`,
    );
  }
  return { checked, s };
}

/**
 * When one record is due under a policy, ignoring holds: the instant its `dueAt` field holds in
 * {@link scheduleRecord}'s result.
 *
 * @param policy - the policy.
 * @param record - the record.
 * @returns the due instant as RFC 3339 UTC text, or null when it is never due (trigger not fired, or no rule).
 * @throws {@link RetentionError} `UNKNOWN_KEY` when the record has a key a record does not have.
 * @throws {@link RetentionError} `INVALID_ARGUMENT` when the record's id or category is missing, or a
 *   field its rule needs is.
 * @throws {@link RetentionError} `INVALID_INSTANT` when an instant its rule needs is not one, or does not exist.
 * @example
 * ```ts
 * import { definePolicy, dueAt } from '@privkit/retention';
 *
 * const policy = definePolicy({ rules: [{ id: 'billing', category: 'payment', purpose: 'tax', period: 'P7Y' }] });
 * dueAt(policy, { id: 'pay-1', category: 'payment', collectedAt: '2024-02-29T10:00:00Z' });
 * // "2031-02-28T10:00:00.000Z"
 * ```
 */
export function dueAt(policy: RetentionPolicy, record: RetentionRecord): string | null {
  const { s } = scheduleOf(policy, record, 'record');
  return s.status === 'scheduled' ? formatInstant(s.due) : null;
}

/**
 * The schedule of one record: status, deciding rule, due and earliest instants. Store `dueAt` and
 * `rule` beside the row when you write it (and again when an event fires): the PostgreSQL store
 * sweeps by them.
 *
 * @param policy - the policy.
 * @param record - the record.
 * @returns the schedule.
 * @throws {@link RetentionError} as {@link dueAt}.
 * @example
 * ```ts
 * import { definePolicy, scheduleRecord } from '@privkit/retention';
 *
 * const policy = definePolicy({
 *   rules: [
 *     {
 *       id: 'crm',
 *       category: 'customer',
 *       purpose: 'contract',
 *       period: 'P10Y',
 *       trigger: { type: 'event', event: 'relationship-ended' },
 *     },
 *   ],
 * });
 * scheduleRecord(policy, { id: 'c-1', category: 'customer', collectedAt: '2020-01-01T00:00:00Z' }).status; // "waiting"
 * ```
 */
export function scheduleRecord(policy: RetentionPolicy, record: RetentionRecord): RetentionSchedule {
  const { s } = scheduleOf(policy, record, 'record');
  return {
    status: s.status,
    rule: s.compiled?.rule.id ?? null,
    dueAt: s.status === 'scheduled' ? formatInstant(s.due) : null,
    earliestAt: s.status === 'scheduled' ? formatInstant(s.earliest) : null,
  };
}
