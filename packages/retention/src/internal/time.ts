/**
 * @module
 * Calendar periods in a time zone. `addPeriod` is the definition: every calendar step (months,
 * years, days across DST, month ends, leap days) goes through the Temporal API in the policy's
 * time zone; only periods made purely of hours, minutes and seconds with no anchor take the
 * exact-millisecond path, because Temporal itself treats those as exact time (a `PT24H` is
 * 86,400 s even on a DST day). The planner's calculator gives the same answers faster: integer
 * civil-date arithmetic (./civil.ts) where that vouches for them, per-day windows, then Temporal.
 */

import type { DurationParts } from '@privkit/internal/duration';
import { civilFromDays, formatInstant, MAX_EPOCH_MS, MIN_EPOCH_MS, parseDate } from '@privkit/internal/instant';
import type { RetentionAnchor } from '@privkit/internal/retention-rule';
import { Temporal } from 'temporal-polyfill';
import { type CivilPeriod, createCivilCalculator } from './civil.js';

/** A period compiled once at policy build time. */
export interface CompiledPeriod {
  readonly text: string;
  readonly duration: Temporal.Duration;
  /** Milliseconds when the period has only exact (clock) units, else undefined. */
  readonly exactMs: number | undefined;
  /** The period in integers, for the fast path. */
  readonly civil: CivilPeriod;
}

/** A period checked by the rule parser, compiled for the calendar arithmetic. */
export function compilePeriod(text: string, parts: DurationParts): CompiledPeriod {
  const duration = Temporal.Duration.from(parts);
  const calendar = parts.years !== 0 || parts.months !== 0 || parts.weeks !== 0 || parts.days !== 0;
  const clockMs = ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000;
  const exactMs = calendar ? undefined : clockMs;
  const civil = { months: parts.years * 12 + parts.months, days: parts.weeks * 7 + parts.days, clockMs };
  return { text, duration, exactMs, civil };
}

/** Anchors: where the period starts, or where the due instant is rounded to. */
export type Anchor = RetentionAnchor;

/**
 * The instant a period ends, counted from the trigger instant `from` in `timeZone`.
 *
 * - `none`: trigger + period (month ends clamp: 31 Jan + P1M = 28/29 Feb, same wall time).
 * - `next-day`: Regulation (EEC, Euratom) No 1182/71 Art. 3 and BGB §§ 187(1), 188: the day of
 *   the trigger is not counted and the period ends with the expiry of the last day, so the due
 *   instant is the start of the day after the day on which trigger + period falls.
 * - `end-of-month` / `end-of-year`: HGB § 257(5), AO § 147(4) ("the period begins at the end of the
 *   calendar year"): the period starts at the end of the trigger's month or year (the first
 *   instant of the next month or year in the zone) and the period is added to that.
 */
export function addPeriod(from: number, period: CompiledPeriod, timeZone: string, anchor: Anchor): number {
  if (anchor === 'none' && period.exactMs !== undefined) return from + period.exactMs;
  const zoned = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(timeZone);
  let start = zoned;
  if (anchor === 'end-of-month') {
    start = zoned.toPlainDate().with({ day: 1 }).add({ months: 1 }).toZonedDateTime(timeZone);
  } else if (anchor === 'end-of-year') {
    start = Temporal.PlainDate.from({ year: zoned.year + 1, month: 1, day: 1 }).toZonedDateTime(timeZone);
  }
  const end = start.add(period.duration);
  if (anchor === 'next-day') return end.toPlainDate().add({ days: 1 }).toZonedDateTime(timeZone).epochMilliseconds;
  return end.epochMilliseconds;
}

/** The canonical id of an IANA time zone, or undefined when the runtime does not know it. */
export function canonicalTimeZone(timeZone: unknown): string | undefined {
  if (typeof timeZone !== 'string' || timeZone === '') return undefined;
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone).timeZoneId;
  } catch {
    return undefined;
  }
}

/** The start of the day after `date` (`YYYY-MM-DD`) in `timeZone`, as epoch ms; NaN if not a date. */
export function endOfDate(date: string, timeZone: string): number {
  const civil = parseDate(date);
  if (civil === undefined) return Number.NaN;
  return Temporal.PlainDate.from(civil, { overflow: 'reject' }).add({ days: 1 }).toZonedDateTime(timeZone)
    .epochMilliseconds;
}

/** The instant as an ISO string with offset and zone, for explanations. */
export function zoned(ms: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toString({ smallestUnit: 'second' });
}

const DAY_MS = 86_400_000;

/** A stretch of trigger instants over which the due instant is known without Temporal. */
interface Window {
  start: number;
  end: number;
  /** The due instant of a trigger at `start`. */
  due: number;
  /** `shift`: due(T) = due + (T − start); `constant`: due(T) = due; `direct`: ask Temporal. */
  mode: 'shift' | 'constant' | 'direct';
}

/**
 * `addPeriod` for many triggers, with the same answers and far fewer Temporal calls. First the
 * integer civil-date path (./civil.ts; test/civil.slow.test.ts compares it with `addPeriod` on
 * 10,000,000 random cases); where it does not vouch (two offset changes within a day of a wall
 * time it resolves, the ends of Temporal's range), per-day windows: the trigger instants of one
 * UTC day are split at local midnights into windows. Within a window the
 * trigger's local date is fixed, so with a month or year anchor (or `next-day` without clock
 * units) every trigger gets the same due instant; without an anchor the due instant moves with
 * the trigger as long as no UTC offset change falls in the window or near its due instants
 * (checked with `getTimeZoneTransition`). Anything else is computed directly. The planner's
 * differential tests compare the two on every zone and anchor.
 */
export function createPeriodCalculator(
  timeZone: string,
): (from: number, period: CompiledPeriod, anchor: Anchor) => number {
  const caches = new Map<CompiledPeriod, Map<Anchor, Map<number, Window[]>>>();
  const transitionWithin = (from: number, to: number): boolean => {
    const next = Temporal.Instant.fromEpochMilliseconds(from)
      .toZonedDateTimeISO(timeZone)
      .getTimeZoneTransition('next');
    return next !== null && next.epochMilliseconds <= to;
  };
  const windowsOf = (day: number, period: CompiledPeriod, anchor: Anchor): Window[] => {
    const start = day * DAY_MS;
    const end = start + DAY_MS;
    const bounds = [start];
    let date = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone).toPlainDate();
    for (;;) {
      date = date.add({ days: 1 });
      const midnight = date.toZonedDateTime(timeZone).epochMilliseconds;
      if (midnight >= end) break;
      if (midnight > (bounds.at(-1) as number)) bounds.push(midnight);
    }
    bounds.push(end);
    const windows: Window[] = [];
    const dateOnly =
      period.exactMs === undefined &&
      period.duration.hours === 0 &&
      period.duration.minutes === 0 &&
      period.duration.seconds === 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i] as number;
      const b = bounds[i + 1] as number;
      const due = addPeriod(a, period, timeZone, anchor);
      const last = addPeriod(b - 1, period, timeZone, anchor);
      let mode: Window['mode'] = 'direct';
      if (anchor === 'end-of-month' || anchor === 'end-of-year' || (anchor === 'next-day' && dateOnly)) {
        // Depends on the trigger's local date only, which is fixed between two local midnights.
        if (last === due) mode = 'constant';
      } else if (
        anchor === 'none' &&
        last - due === b - 1 - a &&
        !transitionWithin(a, b) &&
        !transitionWithin(due - DAY_MS, last)
      ) {
        mode = 'shift';
      }
      windows.push({ start: a, end: b, due, mode });
    }
    return windows;
  };
  const fast = createCivilCalculator(timeZone);
  return (from, period, anchor) => {
    if (anchor === 'none' && period.exactMs !== undefined) return from + period.exactMs;
    // Integer civil arithmetic where it vouches for the answer; else the windows, else Temporal.
    const quick = fast(from, period.civil, anchor);
    if (!Number.isNaN(quick)) return quick;
    let byAnchor = caches.get(period);
    if (byAnchor === undefined) {
      byAnchor = new Map();
      caches.set(period, byAnchor);
    }
    let cache = byAnchor.get(anchor);
    if (cache === undefined) {
      cache = new Map();
      byAnchor.set(anchor, cache);
    }
    const day = Math.floor(from / DAY_MS);
    let windows = cache.get(day);
    if (windows === undefined) {
      windows = windowsOf(day, period, anchor);
      cache.set(day, windows);
    }
    for (const w of windows) {
      if (from < w.start || from >= w.end) continue;
      if (w.mode === 'shift') return w.due + (from - w.start);
      if (w.mode === 'constant') return w.due;
      break;
    }
    return addPeriod(from, period, timeZone, anchor);
  };
}

const SLOTS = 4093;

/**
 * `formatInstant` for many instants: the same text, from integers (the date's digits are kept
 * from the previous call, as due instants come in runs of one day), without a `Date` per call,
 * and a text already written handed out again while its slot holds it.
 * The slow suite compares it with `toISOString`.
 */
export function createInstantFormatter(): (ms: number) => string {
  let lastDay = Number.NaN;
  let y3 = 0;
  let y2 = 0;
  let y1 = 0;
  let y0 = 0;
  let m1 = 0;
  let m0 = 0;
  let d1 = 0;
  let d0 = 0;
  // Due instants repeat (records collected the same second, anchors that round to a day, month
  // or year): the last texts, direct-mapped by instant, are handed out again.
  const keys = new Float64Array(SLOTS).fill(Number.NaN);
  const texts: string[] = new Array<string>(SLOTS).fill('');
  return (ms) => {
    if (!(Number.isInteger(ms) && ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS)) return formatInstant(ms);
    let slot = ms % SLOTS;
    if (slot < 0) slot += SLOTS;
    if (keys[slot] === ms) return texts[slot] as string;
    const day = Math.floor(ms / DAY_MS);
    if (day !== lastDay) {
      const c = civilFromDays(day);
      lastDay = day;
      y3 = 48 + Math.floor(c.year / 1000);
      y2 = 48 + (Math.floor(c.year / 100) % 10);
      y1 = 48 + (Math.floor(c.year / 10) % 10);
      y0 = 48 + (c.year % 10);
      m1 = 48 + Math.floor(c.month / 10);
      m0 = 48 + (c.month % 10);
      d1 = 48 + Math.floor(c.day / 10);
      d0 = 48 + (c.day % 10);
    }
    let rest = ms - day * DAY_MS;
    const hour = Math.floor(rest / 3_600_000);
    rest -= hour * 3_600_000;
    const minute = Math.floor(rest / 60_000);
    rest -= minute * 60_000;
    const second = Math.floor(rest / 1000);
    const milli = rest - second * 1000;
    // biome-ignore format: one field a line
    const text = String.fromCharCode(
      y3, y2, y1, y0, 0x2d, m1, m0, 0x2d, d1, d0, 0x54,
      48 + Math.floor(hour / 10), 48 + (hour % 10), 0x3a,
      48 + Math.floor(minute / 10), 48 + (minute % 10), 0x3a,
      48 + Math.floor(second / 10), 48 + (second % 10), 0x2e,
      48 + Math.floor(milli / 100), 48 + (Math.floor(milli / 10) % 10), 48 + (milli % 10), 0x5a,
    );
    keys[slot] = ms;
    texts[slot] = text;
    return text;
  };
}
