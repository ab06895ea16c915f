/**
 * @module
 * The retention rule: one plain shape that `@privkit/retention` runs and `@privkit/dpa` writes
 * in its models (a DPA's return-or-delete clause, a privacy notice's storage periods, a record of
 * processing). Both packages read a rule through {@link parseRetentionRule}, so a rule object is
 * accepted by one exactly when the other accepts it: a misspelt `triger` or `anchr` is an
 * `UNKNOWN_KEY` error in both, never a rule that silently counts from collection and deletes data
 * early.
 *
 * A range `{ min, max }` is refused when its minimum can exceed its maximum from any reference
 * instant (the first and last day of every month of a leap year and a common year, at noon):
 * `P30D` to `P1M` is refused because of February. The calendar arithmetic is UTC's here; the
 * retention engine repeats the check in a policy's own time zone, where a day can last 23 or 25
 * hours.
 */

import { joinPath, knownKeys, own, plainObject } from './check.js';
import { type DurationParts, requireDuration } from './duration.js';
import type { SharedErrorCode } from './errors.js';
import { civilFromDays, daysFromCivil, daysInMonth } from './instant.js';

/**
 * What starts a retention period:
 *
 * - `collected`: when the data was collected (the default);
 * - `event`: a named event about the record (`contract-ended`, `consent-withdrawn`); until it has
 *   happened the record is never due;
 * - `last-activity`: the data subject's last activity.
 */
export type RetentionTrigger =
  | {
      /** From collection. */
      readonly type: 'collected';
      /** The start in a document's words ("sending the message"); documents only, never matched. */
      readonly label?: string;
    }
  | {
      /** From a named event. */
      readonly type: 'event';
      /** The event's name: the key records' `events` are matched on (`contract-ended`). */
      readonly event: string;
      /** The event in a document's words ("the end of the contract"); documents only, never matched. */
      readonly label?: string;
    }
  | {
      /** From the last activity. */
      readonly type: 'last-activity';
      /** The start in a document's words ("your last login"); documents only, never matched. */
      readonly label?: string;
    };

/**
 * A period as a range ("30 days to 6 months"): the data may not be deleted before `min` and must
 * be deleted by `max`. Both are ISO 8601 durations of whole units.
 */
export interface RetentionRange {
  /** The earliest the data may be deleted, counted from the trigger. */
  readonly min: string;
  /** The latest the data may be kept, counted from the trigger. */
  readonly max: string;
}

/**
 * Where a period starts or ends on the calendar:
 *
 * - `none`: at trigger + period;
 * - `next-day`: the trigger's day is not counted and the period ends with the expiry of its last
 *   day (Regulation (EEC, Euratom) No 1182/71 Art. 3; BGB §§ 187(1), 188);
 * - `end-of-month`, `end-of-year`: the period begins at the end of the trigger's month or year
 *   (HGB § 257(5), AO § 147(4)).
 */
export type RetentionAnchor = 'none' | 'next-day' | 'end-of-month' | 'end-of-year';

/** One retention rule: how long data of one category is kept for one purpose. */
export interface RetentionRule {
  /** A stable id (letters, digits, `.`, `_`, `:`, `-`; at most 128 characters). */
  readonly id: string;
  /** The data category, such as `ip-address`. */
  readonly category: string;
  /** The purpose the data is kept for, such as `security`. */
  readonly purpose: string;
  /** The legal ground, such as `Art. 6(1)(f) GDPR`. */
  readonly legalBasis?: string;
  /** The text the period comes from, such as `HGB §257(4)` or `Privacy policy §4`. */
  readonly citation?: string;
  /** An ISO 8601 duration of whole units (`P7D`, `P1M`, `P10Y`, `PT24H`), or a range. */
  readonly period: string | RetentionRange;
  /** What starts the period; `{ type: 'collected' }` when absent. */
  readonly trigger?: RetentionTrigger;
  /** Calendar anchoring; `none` when absent. */
  readonly anchor?: RetentionAnchor;
  /** The id of the rule this one departs from, for another purpose of the same category. */
  readonly exceptionTo?: string;
  /**
   * The categories of personal data the rule's records hold, as ids of a document's data
   * categories (one sentence of a privacy notice often covers several). Documents only: records
   * are matched on `category`.
   */
  readonly dataCategories?: readonly string[];
  /**
   * The purpose in a document's words ("to defend legal claims"); `purpose` stays the key records
   * are matched on (`legal-claims`). Documents only.
   */
  readonly purposeLabel?: string;
  /**
   * The case this rule covers where a document's period depends on one ("dedicated servers",
   * "accounts with invoices"): one rule per case, each matched by its own category or purpose.
   * Documents only.
   */
  readonly variant?: string;
}

/** The keys of a rule, in the order a parsed rule keeps them. */
export const RETENTION_RULE_KEYS = [
  'id',
  'category',
  'purpose',
  'legalBasis',
  'citation',
  'period',
  'trigger',
  'anchor',
  'exceptionTo',
  'dataCategories',
  'purposeLabel',
  'variant',
] as const;

/** The anchors, `none` first. */
export const RETENTION_ANCHORS: readonly RetentionAnchor[] = ['none', 'next-day', 'end-of-month', 'end-of-year'];

/** The trigger types. */
export const RETENTION_TRIGGER_TYPES: readonly RetentionTrigger['type'][] = ['collected', 'event', 'last-activity'];

/** The codes a rule check raises: the shared ones, and `RANGE_INVERTED`. */
export type RetentionRuleErrorCode = SharedErrorCode | 'RANGE_INVERTED';

/** Builds the calling package's error for a rule problem. */
export type RaiseRuleError = (code: RetentionRuleErrorCode, path: string, message: string) => Error;

/** Adds a duration to epoch milliseconds: a package's calendar arithmetic. */
export type AddDuration = (from: number, duration: DurationParts) => number;

/** A rule id: what `@privkit/dpa` allows as an id, so ids stay safe in logs, SQL and documents. */
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The longest period a rule may have, in days (10,000 years): past it the calendar cannot follow. */
const MAX_PERIOD_DAYS = 3_652_425;

const MS_PER_DAY = 86_400_000;

/**
 * `from` plus `duration` in UTC, as `Temporal.ZonedDateTime#add` computes it: years and months
 * first (the day clamped to the month's length: 31 January + P1M = 28 or 29 February), then weeks
 * and days, then the clock units as exact time.
 */
export const addDurationUtc: AddDuration = (from, d) => {
  const days = Math.floor(from / MS_PER_DAY);
  const timeOfDay = from - days * MS_PER_DAY;
  const date = civilFromDays(days);
  const months = date.month - 1 + d.months + 12 * (date.year + d.years);
  const year = Math.floor(months / 12);
  const month = months - 12 * year + 1;
  const day = Math.min(date.day, daysInMonth(year, month));
  const shifted = daysFromCivil(year, month, day) + 7 * d.weeks + d.days;
  return shifted * MS_PER_DAY + timeOfDay + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
};

// Reference instants for comparing calendar durations: the first and last day of every month of a
// leap year and a common year, at noon UTC. `P30D` and `P1M` compare differently from 31 January
// and from 1 March, so a range is in order only if it is from all of them.
const REFERENCES: readonly number[] = (() => {
  const out: number[] = [];
  for (const year of [2024, 2025]) {
    for (let month = 1; month <= 12; month++) {
      out.push(daysFromCivil(year, month, 1) * MS_PER_DAY + 43_200_000);
      out.push(daysFromCivil(year, month, daysInMonth(year, month)) * MS_PER_DAY + 43_200_000);
    }
  }
  return out;
})();

/**
 * The first reference instant (epoch milliseconds) from which `min` ends after `max`, or
 * `undefined` when the range is in order from every one of them.
 *
 * @param min - the range's minimum.
 * @param max - the range's maximum.
 * @param add - the calendar arithmetic; UTC by default.
 */
export function rangeInvertedFrom(
  min: DurationParts,
  max: DurationParts,
  add: AddDuration = addDurationUtc,
): number | undefined {
  for (const reference of REFERENCES) if (add(reference, min) > add(reference, max)) return reference;
  return undefined;
}

/** The longest text a rule's field may hold: more than any clause quotes, far less than a memory bomb. */
export const MAX_RULE_TEXT = 100_000;

// Tab and line breaks are allowed (documents turn them into spaces), other control characters
// never: an ESC sequence in a category would reach a terminal through a plan or an explanation.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it refuses
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/;

/**
 * A text field: at most {@link MAX_RULE_TEXT} characters, at least one that is not white space,
 * and no control characters but tab and line breaks. Also for text printed beside a rule (a
 * tenant's reason, a bound's source).
 */
export function ruleText(value: unknown, path: string, raise: RaiseRuleError): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_RULE_TEXT || CONTROL.test(value)) {
    throw raise(
      'INVALID_ARGUMENT',
      path,
      `"${path}" must be text of 1 to ${MAX_RULE_TEXT} characters, not only white space, without control characters`,
    );
  }
  return value;
}

function ruleId(value: unknown, path: string, raise: RaiseRuleError): string {
  if (typeof value !== 'string' || !RULE_ID.test(value)) {
    throw raise(
      'INVALID_ARGUMENT',
      path,
      `"${path}" must be an id of letters, digits, ".", "_", ":" and "-" (starting with a letter or digit, ` +
        `at most 128 characters)`,
    );
  }
  return value;
}

function duration(value: unknown, path: string, raise: RaiseRuleError): DurationParts {
  const parts = requireDuration(value, path, raise);
  const days =
    parts.years * 366 + parts.months * 31 + parts.weeks * 7 + parts.days + (parts.hours + parts.minutes / 60) / 24;
  if (days + parts.seconds / 86_400 > MAX_PERIOD_DAYS) {
    throw raise('INVALID_DURATION', path, `"${path}" must be at most 10000 years`);
  }
  return parts;
}

/** A rule's periods, parsed: `min` and `max` are the same object for a single period. */
export interface ParsedPeriods {
  readonly min: DurationParts;
  readonly max: DurationParts;
}

/** The result of {@link parseRetentionRule}: the rule (a frozen copy) and its parsed periods. */
export interface ParsedRetentionRule {
  /** The rule, as given, without absent or `undefined` fields, frozen with its nested objects. */
  readonly rule: RetentionRule;
  /** The period, or the range's ends. */
  readonly periods: ParsedPeriods;
}

/**
 * Checks one retention rule strictly and returns a frozen copy with its parsed periods. Unknown
 * keys (at any depth, own enumerable or not) are `UNKNOWN_KEY`; a field of the wrong type or
 * value is `INVALID_ARGUMENT`; a period that is not an ISO 8601 duration of whole units (or is
 * longer than 10,000 years) is `INVALID_DURATION`; a range whose minimum can exceed its maximum
 * is `RANGE_INVERTED`. An optional field given as `undefined` counts as absent. Nothing of the
 * input is kept or changed.
 *
 * @param value - the rule, as the user gave it.
 * @param path - where it is, as `rules[0]` or `retention[2]`.
 * @param raise - builds the calling package's error.
 * @param add - the calendar arithmetic of the range check; UTC by default.
 */
export function parseRetentionRule(
  value: unknown,
  path: string,
  raise: RaiseRuleError,
  add: AddDuration = addDurationUtc,
): ParsedRetentionRule {
  const object = plainObject(value, path, raise);
  knownKeys(object, RETENTION_RULE_KEYS, path, raise);
  const at = (key: string) => joinPath(path, key);
  const rule: Record<string, unknown> = {
    id: ruleId(own(object, 'id'), at('id'), raise),
    category: ruleText(own(object, 'category'), at('category'), raise),
    purpose: ruleText(own(object, 'purpose'), at('purpose'), raise),
  };
  for (const key of ['legalBasis', 'citation'] as const) {
    const field = own(object, key);
    if (field !== undefined) rule[key] = ruleText(field, at(key), raise);
  }
  const period = own(object, 'period');
  let periods: ParsedPeriods;
  if (typeof period === 'string') {
    const single = duration(period, at('period'), raise);
    periods = { min: single, max: single };
    rule['period'] = period;
  } else if (typeof period === 'object' && period !== null && !Array.isArray(period)) {
    const range = plainObject(period, at('period'), raise);
    knownKeys(range, ['min', 'max'], at('period'), raise);
    const minText = own(range, 'min');
    const maxText = own(range, 'max');
    periods = {
      min: duration(minText, joinPath(at('period'), 'min'), raise),
      max: duration(maxText, joinPath(at('period'), 'max'), raise),
    };
    const from = rangeInvertedFrom(periods.min, periods.max, add);
    if (from !== undefined) {
      throw raise(
        'RANGE_INVERTED',
        at('period'),
        `"${at('period')}": the minimum exceeds the maximum when counted from ` +
          `${new Date(from).toISOString().slice(0, 10)}`,
      );
    }
    rule['period'] = Object.freeze({ min: minText, max: maxText });
  } else {
    throw raise(
      'INVALID_DURATION',
      at('period'),
      `"${at('period')}" must be an ISO 8601 duration of whole units (such as P30D, P6M or PT24H) or { min, max }`,
    );
  }
  const trigger = own(object, 'trigger');
  if (trigger !== undefined) {
    const t = plainObject(trigger, at('trigger'), raise);
    const typePath = joinPath(at('trigger'), 'type');
    const type = own(t, 'type');
    if (typeof type !== 'string' || !(RETENTION_TRIGGER_TYPES as readonly string[]).includes(type)) {
      // An unknown key is the likelier mistake (`{ tpye: 'event' }`): name it first.
      knownKeys(t, ['type', 'event', 'label'], at('trigger'), raise);
      throw raise('INVALID_ARGUMENT', typePath, `"${typePath}" must be one of: ${RETENTION_TRIGGER_TYPES.join(', ')}`);
    }
    knownKeys(t, type === 'event' ? ['type', 'event', 'label'] : ['type', 'label'], at('trigger'), raise);
    const parsed: Record<string, string> =
      type === 'event' ? { type, event: ruleText(own(t, 'event'), joinPath(at('trigger'), 'event'), raise) } : { type };
    const label = own(t, 'label');
    if (label !== undefined) parsed['label'] = ruleText(label, joinPath(at('trigger'), 'label'), raise);
    rule['trigger'] = Object.freeze(parsed);
  }
  const anchor = own(object, 'anchor');
  if (anchor !== undefined) {
    if (typeof anchor !== 'string' || !(RETENTION_ANCHORS as readonly string[]).includes(anchor)) {
      throw raise(
        'INVALID_ARGUMENT',
        at('anchor'),
        `"${at('anchor')}" must be one of: ${RETENTION_ANCHORS.join(', ')}`,
      );
    }
    rule['anchor'] = anchor;
  }
  const exceptionTo = own(object, 'exceptionTo');
  if (exceptionTo !== undefined) rule['exceptionTo'] = ruleId(exceptionTo, at('exceptionTo'), raise);
  const dataCategories = own(object, 'dataCategories');
  if (dataCategories !== undefined) {
    if (!Array.isArray(dataCategories) || dataCategories.length === 0) {
      throw raise(
        'INVALID_ARGUMENT',
        at('dataCategories'),
        `"${at('dataCategories')}" must be a non-empty array of ids`,
      );
    }
    rule['dataCategories'] = Object.freeze(
      dataCategories.map((c, i) =>
        ruleId(Object.hasOwn(dataCategories, i) ? c : undefined, joinPath(at('dataCategories'), i), raise),
      ),
    );
  }
  for (const key of ['purposeLabel', 'variant'] as const) {
    const field = own(object, key);
    if (field !== undefined) rule[key] = ruleText(field, at(key), raise);
  }
  return { rule: Object.freeze(rule) as unknown as RetentionRule, periods };
}
