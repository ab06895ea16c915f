/**
 * @module
 * The planner's fast path for calendar periods: the same answers as `addPeriod` (Temporal in the
 * policy's time zone) from integer civil-date arithmetic and the zone's UTC offsets, which are
 * read from Temporal once per transition interval and cached. It vouches for an answer only where
 * at most one offset change lies within a day of each wall time it resolves (the case Temporal's
 * `compatible` disambiguation and start-of-day rules are written for); anywhere else, and near the
 * ends of Temporal's range, it answers NaN and the caller asks Temporal. A slow test compares the
 * two on millions of random triggers, periods, anchors and zones.
 */

import { civilFromDays, daysFromCivil, daysInMonth } from '@privkit/internal/instant';
import type { RetentionAnchor } from '@privkit/internal/retention-rule';
import { Temporal } from 'temporal-polyfill';

const DAY_MS = 86_400_000;
/** Wall times and instants beyond this are left to Temporal (its range ends at ±8.64e15 ms). */
const LIMIT = 8.64e15 - 4 * DAY_MS;

/** A stretch of time with one UTC offset: [start, end). */
interface Interval {
  readonly start: number;
  readonly end: number;
  /** Offset in milliseconds (local = instant + offset). */
  readonly offset: number;
}

/** The calendar part of a period, in integers. */
export interface CivilPeriod {
  /** Years × 12 + months. */
  readonly months: number;
  /** Weeks × 7 + days. */
  readonly days: number;
  /** Hours, minutes and seconds as exact milliseconds. */
  readonly clockMs: number;
}

/** The UTC offsets of one zone, one Temporal query per transition interval. */
class ZoneOffsets {
  readonly #zone: string;
  /** Sorted by start, disjoint. */
  readonly #intervals: Interval[] = [];
  #last: Interval | undefined;

  constructor(zone: string) {
    this.#zone = zone;
  }

  /** The interval holding instant `t`, or undefined when Temporal cannot say. */
  at(t: number): Interval | undefined {
    const last = this.#last;
    if (last !== undefined && t >= last.start && t < last.end) return last;
    const list = this.#intervals;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as Interval).end <= t) lo = mid + 1;
      else hi = mid;
    }
    const found = list[lo];
    if (found !== undefined && t >= found.start) {
      this.#last = found;
      return found;
    }
    const fresh = this.#query(t);
    if (fresh !== undefined) {
      list.splice(lo, 0, fresh);
      this.#last = fresh;
    }
    return fresh;
  }

  #query(t: number): Interval | undefined {
    if (!(Math.abs(t) <= LIMIT)) return undefined;
    try {
      const zoned = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(this.#zone);
      const offsetNs = zoned.offsetNanoseconds;
      if (offsetNs % 1_000_000 !== 0) return undefined;
      const next = zoned.getTimeZoneTransition('next');
      // The latest transition at or before t: `previous` is strictly before its receiver.
      const previous = Temporal.Instant.fromEpochMilliseconds(t + 1)
        .toZonedDateTimeISO(this.#zone)
        .getTimeZoneTransition('previous');
      const start = previous === null ? Number.NEGATIVE_INFINITY : previous.epochMilliseconds;
      const end = next === null ? Number.POSITIVE_INFINITY : next.epochMilliseconds;
      if (!(start <= t && t < end)) return undefined;
      return { start, end, offset: offsetNs / 1_000_000 };
    } catch {
      return undefined;
    }
  }

  /** Wall-clock milliseconds (as if UTC) of instant `t`, or NaN. */
  local(t: number): number {
    const i = this.at(t);
    return i === undefined ? Number.NaN : t + i.offset;
  }

  /**
   * The instant of wall time `wall` as Temporal resolves it: `compatible` (a fold takes the
   * earlier instant, a gap moves forward by its length), or with `startOfDay` the first instant
   * of that day (a midnight in a gap starts the day at the transition). NaN when more than one
   * offset change lies within a day of `wall`.
   */
  instant(wall: number, startOfDay: boolean): number {
    if (!(Math.abs(wall) <= LIMIT)) return Number.NaN;
    const before = this.at(wall - DAY_MS);
    if (before === undefined) return Number.NaN;
    // No change within a day either side: offsets are under a day, so one reading only.
    if (before.end > wall + DAY_MS) return wall - before.offset;
    const after = this.at(before.end);
    if (after === undefined || after.end <= wall + DAY_MS) return Number.NaN;
    const transition = before.end;
    const early = wall - before.offset;
    if (early < transition) return early;
    const late = wall - after.offset;
    if (late >= transition) return late;
    // A gap: the wall time does not exist.
    return startOfDay ? transition : early;
  }
}

/**
 * `addPeriod(from, period, zone, anchor)` for periods with a calendar part, or NaN where this
 * path does not vouch for the answer (then ask Temporal).
 */
export function createCivilCalculator(
  timeZone: string,
): (from: number, period: CivilPeriod, anchor: RetentionAnchor) => number {
  const zone = new ZoneOffsets(timeZone);

  // ZonedDateTime.add: the date part on the wall-clock date (months first, the day clamped to the
  // month's end, then days), the wall time kept and resolved `compatible`, then the clock part as
  // exact time.
  const add = (from: number, p: CivilPeriod): number => {
    if (p.months === 0 && p.days === 0) return from + p.clockMs;
    const wall = zone.local(from);
    if (Number.isNaN(wall)) return Number.NaN;
    const dayNumber = Math.floor(wall / DAY_MS);
    const timeOfDay = wall - dayNumber * DAY_MS;
    let target = dayNumber;
    if (p.months !== 0) {
      const c = civilFromDays(dayNumber);
      const total = c.year * 12 + (c.month - 1) + p.months;
      const year = Math.floor(total / 12);
      const month = total - year * 12 + 1;
      const limit = daysInMonth(year, month);
      target = daysFromCivil(year, month, c.day < limit ? c.day : limit);
    }
    target += p.days;
    const at = zone.instant(target * DAY_MS + timeOfDay, false);
    return at + p.clockMs;
  };

  return (from, period, anchor) => {
    let start = from;
    if (anchor === 'end-of-month' || anchor === 'end-of-year') {
      const wall = zone.local(from);
      if (Number.isNaN(wall)) return Number.NaN;
      const c = civilFromDays(Math.floor(wall / DAY_MS));
      const first =
        anchor === 'end-of-year'
          ? daysFromCivil(c.year + 1, 1, 1)
          : c.month === 12
            ? daysFromCivil(c.year + 1, 1, 1)
            : daysFromCivil(c.year, c.month + 1, 1);
      start = zone.instant(first * DAY_MS, true);
      if (Number.isNaN(start)) return Number.NaN;
    }
    const end = add(start, period);
    if (!(Math.abs(end) <= LIMIT)) return Number.NaN;
    if (anchor !== 'next-day') return end;
    const wall = zone.local(end);
    if (Number.isNaN(wall)) return Number.NaN;
    return zone.instant((Math.floor(wall / DAY_MS) + 1) * DAY_MS, true);
  };
}
