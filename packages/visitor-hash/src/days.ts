/**
 * @module
 * Where one visitor-id day ends and the next begins. A day is a calendar date in a time zone;
 * its salt exists from the first id of that day until the day ends plus the grace window.
 *
 * The UTC boundary needs no time-zone data and pulls in nothing. Other zones go through the
 * Temporal API (the `temporal-polyfill` implementation, so it works on every runtime today),
 * which resolves DST days of 23 or 25 hours and zones whose midnight does not exist.
 */

import { boolean, strictOptions } from '@privkit/internal/check';
import { Temporal } from 'temporal-polyfill';
import { raise, VisitorHashError } from './errors.js';

/**
 * One calendar day in one time zone, as half-open epoch-millisecond bounds.
 */
export interface DayWindow {
  /** The store key of the day's salt: the ISO date and the zone, as `2026-11-23@Europe/Paris`. */
  readonly key: string;
  /** The ISO 8601 calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** The canonical IANA time zone id the date is in (`UTC` for the default). */
  readonly timeZone: string;
  /** The first millisecond of the day, epoch milliseconds. */
  readonly start: number;
  /** The first millisecond of the next day (exclusive end), epoch milliseconds. */
  readonly end: number;
}

/**
 * How a hasher splits time into days. Build one with {@link utcDays} or {@link zonedDays}.
 *
 * @example
 * ```ts
 * import { utcDays } from '@privkit/visitor-hash';
 *
 * const day = utcDays().window(Date.UTC(2026, 10, 23, 15));
 * day.key;   // "2026-11-23@UTC"
 * ```
 */
export interface DayBoundary {
  /** The default time zone, canonical IANA id. */
  readonly timeZone: string;
  /** Whether a visitor's own `timeZone` is honoured (see {@link zonedDays}). */
  readonly visitorTimeZone: boolean;
  /**
   * The day containing instant `at`.
   * @param at - epoch milliseconds.
   * @param visitorTimeZone - the visitor's zone; used only when the boundary allows it and the
   *   zone is valid, otherwise the default zone.
   */
  window(at: number, visitorTimeZone?: string): DayWindow;
  /**
   * The day before `day`, in the same zone.
   * @param day - a window returned by {@link DayBoundary.window}.
   */
  previous(day: DayWindow): DayWindow;
}

const DAY_MS = 86_400_000;

/**
 * Days in UTC: the default. Every instance of every service agrees on the boundary without
 * configuration, and the previous salt is deleted at 00:00 UTC plus the grace window.
 *
 * @returns the UTC day boundary.
 * @example
 * ```ts
 * import { createVisitorHasher, createMemorySaltStore, utcDays } from '@privkit/visitor-hash';
 *
 * const hasher = createVisitorHasher({ store: createMemorySaltStore(), days: utcDays() });
 * ```
 */
export function utcDays(): DayBoundary {
  // UTC has no offsets to resolve and POSIX time has no leap seconds: every UTC day is exactly
  // 86,400,000 ms, starting at a multiple of it.
  let last: DayWindow | undefined;
  const compute = (at: number): DayWindow => {
    const start = at - (((at % DAY_MS) + DAY_MS) % DAY_MS);
    // ISO 8601 date part, extended years (`+010000-…`) included.
    const date = new Date(start).toISOString().split('T')[0] as string;
    return { key: `${date}@UTC`, date, timeZone: 'UTC', start, end: start + DAY_MS };
  };
  // Nearly every call falls in the same day as the one before: answer it from the last window.
  const window = (at: number): DayWindow => {
    if (last !== undefined && at >= last.start && at < last.end) return last;
    last = compute(at);
    return last;
  };
  return {
    timeZone: 'UTC',
    visitorTimeZone: false,
    window,
    previous: (day) => compute(day.start - 1),
  };
}

/** Options of {@link zonedDays}. */
export interface ZonedDaysOptions {
  /** The tenant's (or the service's) IANA time zone, such as `Europe/Paris`. */
  timeZone: string;
  /**
   * Honour a `timeZone` passed with each visitor (from the browser's
   * `Intl.DateTimeFormat().resolvedOptions().timeZone`, say). A missing or invalid one falls back
   * to {@link ZonedDaysOptions.timeZone}. Default `false`.
   */
  visitorTimeZone?: boolean;
}

const ZONED_DAYS_KEYS = ['timeZone', 'visitorTimeZone'];

// Visitor-supplied zone names are untrusted input: remember at most this many, so a client
// sending random names cannot grow the cache without bound.
const MAX_CACHED_ZONES = 1024;

/**
 * Days in an IANA time zone, through the Temporal API: a day starts at the zone's first instant
 * of the date (`startOfDay`), so DST days last 23 or 25 hours and a midnight skipped by a
 * transition starts the day at 01:00.
 *
 * Each zone gets its own salt per date (the key includes the zone), so a salt lives for its own
 * day plus the grace window, not for the 50 hours from the first to the last zone on Earth.
 *
 * @param options - the zone and whether visitors' own zones are honoured.
 * @returns the day boundary.
 * @throws {@link VisitorHashError} `INVALID_OPTIONS` when `options.timeZone` is not an IANA time
 *   zone or `options.visitorTimeZone` is not a boolean.
 * @throws {@link VisitorHashError} `UNKNOWN_KEY` for a key `zonedDays` does not know.
 * @example
 * ```ts
 * import { createVisitorHasher, createMemorySaltStore, zonedDays } from '@privkit/visitor-hash';
 *
 * const hasher = createVisitorHasher({
 *   store: createMemorySaltStore(),
 *   days: zonedDays({ timeZone: 'Europe/Paris', visitorTimeZone: true }),
 * });
 * await hasher.id({ tenant: 'shop', ip: '203.0.113.9', userAgent: 'Mozilla/5.0', timeZone: 'America/New_York' });
 * ```
 */
export function zonedDays(options: ZonedDaysOptions): DayBoundary {
  const checked = strictOptions(options, ZONED_DAYS_KEYS, raise);
  const zone = canonicalZone(checked['timeZone']);
  if (zone === undefined) {
    throw new VisitorHashError('INVALID_OPTIONS', '"options.timeZone" must be an IANA time zone such as Europe/Paris', {
      path: 'options.timeZone',
    });
  }
  const visitorTimeZone = checked['visitorTimeZone'];
  const honorVisitor =
    visitorTimeZone === undefined ? false : boolean(visitorTimeZone, 'options.visitorTimeZone', raise);
  const zones = new Map<string, string>();
  const last = new Map<string, DayWindow>();

  const resolve = (visitorZone: string | undefined): string => {
    if (!honorVisitor || visitorZone === undefined || visitorZone === '') return zone;
    let found = zones.get(visitorZone);
    if (found === undefined) {
      found = canonicalZone(visitorZone) ?? zone;
      if (zones.size >= MAX_CACHED_ZONES) zones.clear();
      zones.set(visitorZone, found);
    }
    return found;
  };

  const compute = (at: number, tz: string): DayWindow => {
    const zdt = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(tz);
    const date = zdt.toPlainDate();
    const start = zdt.startOfDay().epochMilliseconds;
    const end = date.add({ days: 1 }).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
    const iso = date.toString();
    return { key: `${iso}@${tz}`, date: iso, timeZone: tz, start, end };
  };

  const window = (at: number, visitorZone?: string): DayWindow => {
    const tz = resolve(visitorZone);
    const cached = last.get(tz);
    if (cached !== undefined && at >= cached.start && at < cached.end) return cached;
    const day = compute(at, tz);
    if (last.size >= MAX_CACHED_ZONES) last.clear();
    last.set(tz, day);
    return day;
  };

  return {
    timeZone: zone,
    visitorTimeZone: honorVisitor,
    window,
    previous: (day) => compute(day.start - 1, day.timeZone),
  };
}

/** The canonical IANA id of `name` (`europe/paris` → `Europe/Paris`), or `undefined`. */
function canonicalZone(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return undefined;
  try {
    return Temporal.Now.zonedDateTimeISO(name).timeZoneId;
  } catch {
    return undefined;
  }
}
