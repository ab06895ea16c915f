/**
 * @module
 * Comparing retention periods for bounds: whether one period never ends after another, counted
 * from the same instant in a time zone, and the `OUT_OF_BOUNDS` check built on it.
 */

import type { DurationParts } from '@privkit/internal/duration';
import { addDurationUtc, parseRetentionRule, rangeInvertedFrom } from '@privkit/internal/retention-rule';
import { Temporal } from 'temporal-polyfill';
import { raise } from '../errors.js';
import type { RetentionBound } from '../tenants.js';
import { addPeriod, compilePeriod } from './time.js';

/** A bound with its periods parsed. */
export interface Bound {
  readonly bound: RetentionBound;
  readonly min: DurationParts | undefined;
  readonly max: DurationParts | undefined;
}

/**
 * The most a zone's UTC offset moves between two instants (a DST change is 1 hour, 2 in a few
 * zones, 30 minutes in others; changes of standard offset since 2000 are within this too, except
 * Samoa's move across the date line in December 2011).
 */
const OFFSET_SLACK = 3 * 3_600_000;

const hasCalendar = (d: DurationParts) => d.years + d.months + d.weeks + d.days > 0;
const hasClock = (d: DurationParts) => d.hours + d.minutes + d.seconds > 0;

/**
 * Whether `a` never ends after `b`, counted from the same instant in `timeZone`, compared from
 * every month end and leap day. Where one side has calendar units and either has exact hours
 * (`P1D` against `PT24H`), a local day is not 24 hours across a change of UTC offset, so outside
 * a zone whose offset changes, when the calendar parts differ, the calendar side is also held to
 * its UTC length moved by the largest offset change (equal calendar parts end at the same instant:
 * the hours decide). In a zone of one offset since 1970 (UTC, Asia/Tokyo) days are 24 hours.
 */
export function notLonger(a: DurationParts, b: DurationParts, timeZone: string): boolean {
  if (rangeInvertedFrom(a, b, zonedAdd(timeZone)) !== undefined) return false;
  const mixed = (hasClock(a) || hasClock(b)) && (hasCalendar(a) || hasCalendar(b));
  if (!mixed || !changesOffset(timeZone)) return true;
  // The same calendar part ends at the same instant for both: the clock parts decide, exactly.
  if (a.years === b.years && a.months === b.months && a.weeks === b.weeks && a.days === b.days) return true;
  // Copies, so that `add` tells the two sides apart even when they are one object.
  const first = { ...a };
  const second = { ...b };
  const slack = (d: DurationParts) =>
    d === first && hasCalendar(a) ? OFFSET_SLACK : d === second && hasCalendar(b) ? -OFFSET_SLACK : 0;
  return rangeInvertedFrom(first, second, (from, d) => addDurationUtc(from, d) + slack(d)) === undefined;
}

/** Whether the zone's UTC offset changes at all after 1970 (`UTC`, `Asia/Tokyo`: no; `Europe/Berlin`: yes). */
function changesOffset(timeZone: string): boolean {
  return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone).getTimeZoneTransition('next') !== null;
}

export function zonedAdd(timeZone: string) {
  return (from: number, parts: DurationParts) => addPeriod(from, compilePeriod('', parts), timeZone, 'none');
}

/** The periods of a rule with `period`, checked as the policy checks a rule's (range order in `timeZone`). */
export function periodsOf(rule: object, period: unknown, path: string, timeZone: string) {
  // The override is checked as the rule it becomes, so its errors name the override's path.
  return parseRetentionRule({ ...rule, period }, path, raise, zonedAdd(timeZone)).periods;
}

/** Raises `OUT_OF_BOUNDS` when `periods` cross `bound`. */
export function checkBound(
  periods: { min: DurationParts; max: DurationParts },
  bound: Bound | undefined,
  path: string,
  timeZone: string,
): void {
  if (bound === undefined) return;
  const { rule, source } = bound.bound;
  if (bound.min !== undefined && !notLonger(bound.min, periods.min, timeZone)) {
    throw raise(
      'OUT_OF_BOUNDS',
      path,
      `"${path}" is shorter than the minimum ${bound.bound.min} that bounds rule "${rule}" (${source})`,
    );
  }
  if (bound.max !== undefined && !notLonger(periods.max, bound.max, timeZone)) {
    throw raise(
      'OUT_OF_BOUNDS',
      path,
      `"${path}" is longer than the maximum ${bound.bound.max} that bounds rule "${rule}" (${source})`,
    );
  }
}
