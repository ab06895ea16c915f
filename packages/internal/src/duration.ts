/**
 * @module
 * The one spelling of a duration in privkit: ISO 8601 text of whole, non-negative units
 * (`P7D`, `P1M`, `P1Y6M`, `PT24H`, `PT5M`). Calendar units are kept as written: `P1M` is not 30
 * days and `P1D` is not `PT24H` (a day across a DST change lasts 23 or 25 hours); turning them
 * into instants is each package's calendar arithmetic, in a time zone. Fractions, negative
 * durations, an empty `P` or `PT`, and values past what the calendar arithmetic can hold are
 * refused.
 */

import type { RaiseError } from './errors.js';

/** The components of a duration; absent components are 0. */
export interface DurationParts {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** The units of a duration, largest first. */
export type DurationUnit = keyof DurationParts;

/** `P[nY][nM][nW][nD][T[nH][nM][nS]]`, at least one component, integer values. */
export const DURATION_PATTERN = new RegExp(
  String.raw`^P(?!$)(?:(\d{1,6})Y)?(?:(\d{1,6})M)?(?:(\d{1,7})W)?(?:(\d{1,8})D)?` +
    String.raw`(?:T(?=\d)(?:(\d{1,9})H)?(?:(\d{1,10})M)?(?:(\d{1,12})S)?)?$`,
);

/** The components of `text`, or `undefined` when it is not such a duration. */
export function parseDuration(text: unknown): DurationParts | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DURATION_PATTERN.exec(text);
  if (m === null) return undefined;
  return {
    years: n(m[1]),
    months: n(m[2]),
    weeks: n(m[3]),
    days: n(m[4]),
    hours: n(m[5]),
    minutes: n(m[6]),
    seconds: n(m[7]),
  };
}

const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));

/** Whether every component is zero (`P0D`, `PT0S`). */
export function isZeroDuration(parts: DurationParts): boolean {
  return parts.years + parts.months + parts.weeks + parts.days + parts.hours + parts.minutes + parts.seconds === 0;
}

/** Whether the duration has only clock units (hours, minutes, seconds): an exact length of time. */
export function isClockDuration(parts: DurationParts): boolean {
  return parts.years + parts.months + parts.weeks + parts.days === 0;
}

/** Milliseconds of a clock-only duration. */
export function clockMilliseconds(parts: DurationParts): number {
  return ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1000;
}

/**
 * The components of `text`, or `INVALID_DURATION` naming `path`. With `units`, a component of
 * another unit is refused too (a salt grace period in clock units only, say).
 *
 * @param value - the caller's input.
 * @param path - the argument or field name, as the message should name it.
 * @param raise - builds the calling package's error.
 * @param units - the units the field allows; all by default.
 */
export function requireDuration(
  value: unknown,
  path: string,
  raise: RaiseError,
  units?: readonly DurationUnit[],
): DurationParts {
  const parts = parseDuration(value);
  if (parts === undefined) {
    throw raise(
      'INVALID_DURATION',
      path,
      `"${path}" must be an ISO 8601 duration of whole units, such as P30D, P6M or PT1H`,
    );
  }
  if (units !== undefined) {
    for (const unit of Object.keys(parts) as DurationUnit[]) {
      if (parts[unit] !== 0 && !units.includes(unit)) {
        throw raise('INVALID_DURATION', path, `"${path}" may only use ${units.join(', ')}, not ${unit}`);
      }
    }
  }
  return parts;
}

/** ISO 8601 text of a duration's parts (the shortest spelling; `PT0S` for zero). */
export function formatDuration(parts: DurationParts): string {
  const date = `${part(parts.years, 'Y')}${part(parts.months, 'M')}${part(parts.weeks, 'W')}${part(parts.days, 'D')}`;
  const time = `${part(parts.hours, 'H')}${part(parts.minutes, 'M')}${part(parts.seconds, 'S')}`;
  if (date === '' && time === '') return 'PT0S';
  return `P${date}${time === '' ? '' : `T${time}`}`;
}

const part = (n: number, unit: string) => (n === 0 ? '' : `${n}${unit}`);
