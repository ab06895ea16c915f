/**
 * @module
 * ISO 8601 durations in calendar units (`P7D`, `P1M`, `P7Y`, `PT24H`, `P1Y6M`), the way
 * retention periods, breach deadlines and notice periods are written in the model. Calendar
 * units are kept as written: `P1M` is not 30 days and `P1D` is not `PT24H` (a day across a DST
 * change lasts 23 or 25 hours), so two durations are *equal* only component by component.
 * Ordering is approximate (a month counts as 30.44 days) and used only where the law's own
 * limits are in hours or days (the controller's 72 h under Art. 33(1)).
 */

import { DpaError } from './errors.js';

/** The components of a duration; absent components are 0. */
export interface DurationParts {
  /** Years. */
  readonly years: number;
  /** Months. */
  readonly months: number;
  /** Weeks. */
  readonly weeks: number;
  /** Days. */
  readonly days: number;
  /** Hours. */
  readonly hours: number;
  /** Minutes. */
  readonly minutes: number;
  /** Seconds. */
  readonly seconds: number;
}

/**
 * `P[nY][nM][nW][nD][T[nH][nM][nS]]` with at least one component and integer values: the
 * durations the model and `@privkit/retention` accept.
 *
 * @example
 * ```ts
 * import { DURATION_PATTERN } from '@privkit/dpa';
 *
 * DURATION_PATTERN.test('P1Y6M'); // true
 * ```
 */
export const DURATION_PATTERN = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/**
 * Whether `text` is an ISO 8601 duration in calendar units, integer components only.
 *
 * @param text - the candidate, e.g. `"P30D"`.
 * @returns `true` for `P7D`, `PT24H`, `P1Y6M`; `false` for `7 days`, `P`, `PT`, `P1.5D`.
 *
 * @example
 * ```ts
 * import { isDuration } from '@privkit/dpa';
 *
 * isDuration('P30D'); // true
 * isDuration('30 days'); // false
 * ```
 */
export function isDuration(text: string): boolean {
  return DURATION_PATTERN.test(text);
}

/**
 * Splits an ISO 8601 duration into its components.
 *
 * @param text - the duration, e.g. `"P1Y6M"`.
 * @returns its components.
 * @throws {@link DpaError} `INVALID_DURATION` when `text` is not a duration.
 *
 * @example
 * ```ts
 * import { parseDuration } from '@privkit/dpa';
 *
 * parseDuration('PT72H').hours; // 72
 * ```
 */
export function parseDuration(text: string): DurationParts {
  const m = DURATION_PATTERN.exec(text);
  if (!m) throw new DpaError('INVALID_DURATION', '"duration" is not an ISO 8601 duration such as P30D or PT72H');
  const n = (s: string | undefined) => (s ? Number.parseInt(s, 10) : 0);
  return {
    years: n(m[1]),
    months: n(m[2]),
    weeks: n(m[3]),
    days: n(m[4]),
    hours: n(m[6]),
    minutes: n(m[7]),
    seconds: n(m[8]),
  };
}

/**
 * Whether two durations are the same component by component (`P1D` ≠ `PT24H`, `P2W` ≠ `P14D`:
 * they differ across DST changes and in how a retention engine anchors them).
 *
 * @param a - a duration.
 * @param b - another duration.
 * @returns `true` when every component is equal.
 * @throws {@link DpaError} `INVALID_DURATION` when either is not a duration.
 *
 * @example
 * ```ts
 * import { sameDuration } from '@privkit/dpa';
 *
 * sameDuration('P7D', 'P7D'); // true
 * sameDuration('P1D', 'PT24H'); // false
 * ```
 */
export function sameDuration(a: string, b: string): boolean {
  const x = parseDuration(a);
  const y = parseDuration(b);
  return (Object.keys(x) as (keyof DurationParts)[]).every((k) => x[k] === y[k]);
}

/**
 * An approximate length in hours (a year is 365.2425 days, a month 30.436875 days), for
 * comparisons against limits the law states in hours or days.
 *
 * @param text - a duration.
 * @returns its approximate length in hours.
 * @throws {@link DpaError} `INVALID_DURATION` when `text` is not a duration.
 *
 * @example
 * ```ts
 * import { approximateHours } from '@privkit/dpa';
 *
 * approximateHours('P3D'); // 72
 * ```
 */
export function approximateHours(text: string): number {
  const d = parseDuration(text);
  const days = d.years * 365.2425 + d.months * 30.436875 + d.weeks * 7 + d.days;
  return days * 24 + d.hours + d.minutes / 60 + d.seconds / 3600;
}

const UNITS: readonly [keyof DurationParts, string, string][] = [
  ['years', 'year', 'years'],
  ['months', 'month', 'months'],
  ['weeks', 'week', 'weeks'],
  ['days', 'day', 'days'],
  ['hours', 'hour', 'hours'],
  ['minutes', 'minute', 'minutes'],
  ['seconds', 'second', 'seconds'],
];

/**
 * Writes a duration in plain English for documents: `P1Y6M` → `1 year and 6 months`.
 *
 * @param text - a duration.
 * @returns the English phrase.
 * @throws {@link DpaError} `INVALID_DURATION` when `text` is not a duration.
 *
 * @example
 * ```ts
 * import { describeDuration } from '@privkit/dpa';
 *
 * describeDuration('PT24H'); // "24 hours"
 * ```
 */
export function describeDuration(text: string): string {
  const d = parseDuration(text);
  const parts = UNITS.filter(([k]) => d[k] > 0).map(([k, one, many]) => `${d[k]} ${d[k] === 1 ? one : many}`);
  if (parts.length === 0) return '0 days';
  return parts.length === 1 ? (parts[0] as string) : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
