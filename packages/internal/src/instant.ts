/**
 * @module
 * The one strict parser for points in time and calendar dates, used by every package.
 *
 * An instant is given as a `Date`, as integer epoch milliseconds, or as RFC 3339 text with an
 * offset (`2025-03-01T10:00:00Z`, `2025-03-01T11:00:00.5+01:00`). Text without an offset is a
 * wall-clock time, not an instant, and is refused rather than guessed at. Every field is checked
 * against the calendar: `2025-02-30T10:00:00Z`, `2025-02-29T…` (not a leap year), `24:00`, a leap
 * second `:60` and an offset of `+24:00` are refused, where `Date.parse` would roll them over into
 * another day. The arithmetic is exact integer maths on the proleptic Gregorian calendar (the
 * RFC 3339 §5.7 rules), with no `Date` in between.
 *
 * A calendar date is `YYYY-MM-DD` text, checked the same way.
 */

import type { RaiseError } from './errors.js';

/** An instant as a caller may give it: a `Date`, integer epoch milliseconds, or RFC 3339 text with an offset. */
export type InstantInput = Date | string | number;

/**
 * The first and last epoch millisecond privkit accepts: 0000-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z, the years RFC 3339 can write. Outside them `toISOString()` writes
 * `+010000-…`, text no RFC 3339 reader (this one included) reads back, so such an instant
 * could be stored or hashed but never verified or replayed.
 */
export const MIN_EPOCH_MS = -62_167_219_200_000;
/** See {@link MIN_EPOCH_MS}. */
export const MAX_EPOCH_MS = 253_402_300_799_999;

const MS_PER_DAY = 86_400_000;

// RFC 3339 §5.6 date-time; "T" may be lower case or a space (§5.6 note), seconds may be left
// out (ISO 8601 extended format), and the offset may be written without its colon (ISO 8601
// basic). All of these are unambiguous; everything else is refused.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `year` is a leap year of the proleptic Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`),
 * exact for every year a `Date` can hold.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The proleptic Gregorian date of a day count since 1970-01-01 (`civil_from_days`). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Epoch milliseconds of an instant input, or `undefined` when it is not one: a `Date` that is
 * invalid, a number that is not an integer, text that is not RFC 3339 with an offset, any
 * impossible calendar field, or an instant outside the years 0000–9999 (see
 * {@link MIN_EPOCH_MS}). Digits past milliseconds are truncated.
 */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= MIN_EPOCH_MS && value <= MAX_EPOCH_MS ? value : undefined;
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    return ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS ? ms : undefined;
  }
  if (typeof value !== 'string' || value.length > 40) return undefined;
  return fastInstant(value) ?? slowInstant(value);
}

// The usual spellings (`T`, seconds, an optional fraction, `Z` or `±HH:MM`) read character by
// character: the regular expression and its capture strings cost about half of every event the
// DSAR state machine applies. Anything else, and everything refused, goes to slowInstant(), the
// one definition: this answers a number only where that would answer the same number (a slow test
// checks the two on generated text).
function fastInstant(s: string): number | undefined {
  const n = s.length;
  if (
    n < 20 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  ) {
    return undefined;
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return undefined;
  }
  if (second < 0 || second > 59 || day > daysInMonth(year, month)) return undefined;
  let i = 19;
  let millis = 0;
  if (s.charCodeAt(i) === 46) {
    const from = ++i;
    while (i < n && i - from < 10 && digits(s, i, 1) >= 0) i++;
    const count = i - from;
    if (count < 1 || count > 9) return undefined;
    millis = digits(s, from, Math.min(count, 3)) * (count === 1 ? 100 : count === 2 ? 10 : 1);
  }
  let offsetMinutes = 0;
  const sign = s.charCodeAt(i);
  if (sign === 90 && i + 1 === n) offsetMinutes = 0;
  else if ((sign === 43 || sign === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
    offsetMinutes = (oh * 60 + om) * (sign === 45 ? -1 : 1);
  } else return undefined;
  const ms =
    daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  return ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS ? ms : undefined;
}

// The number written by `count` ASCII digits at `from`, or -1 when one is not a digit.
function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

// RFC 3339 text as the regular expression reads it: every spelling parseInstant accepts.
function slowInstant(value: string): number | undefined {
  const m = DATE_TIME.exec(value);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // A leap second (:60) cannot be held by a Date or Temporal; refusing it beats rolling it over.
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (oh * 60 + om) * (m[9] === '-' ? -1 : 1);
  }
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const ms =
    daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  return ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS ? ms : undefined;
}

/**
 * Epoch milliseconds of an instant input, or `INVALID_INSTANT` naming `path`.
 *
 * @param value - the caller's input.
 * @param path - the argument or field name, as the message should name it.
 * @param raise - builds the calling package's error.
 */
export function requireInstant(value: unknown, path: string, raise: RaiseError): number {
  const ms = parseInstant(value);
  if (ms === undefined) {
    throw raise(
      'INVALID_INSTANT',
      path,
      `"${path}" must be a Date, integer epoch milliseconds, or an RFC 3339 date-time with an offset ` +
        '(such as 2025-03-01T10:00:00Z) that exists in the calendar',
    );
  }
  return ms;
}

/** The character code of the decimal digit of `n` at `place` (1, 10, 100, 1000). */
const digit = (n: number, place: number): number => 48 + (Math.floor(n / place) % 10);

/**
 * RFC 3339 UTC text of epoch milliseconds, always with milliseconds: `2025-03-01T10:00:00.000Z`,
 * as `Date.prototype.toISOString` writes it. For the years 0000–9999 the text is made from the
 * UTC fields in one `String.fromCharCode`: half the time of `toISOString` in V8, where the
 * retention planner writes one instant per record (and a flat string: text joined with `+` or a
 * template is a rope, which costs more to keep than `toISOString` does to make). The unit and
 * slow suites check the two agree; anything else (a fraction, another year, NaN) is left to
 * `toISOString`.
 */
export function formatInstant(ms: number): string {
  const d = new Date(ms);
  if (!(Number.isInteger(ms) && ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS)) return d.toISOString();
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  const second = d.getUTCSeconds();
  const milli = d.getUTCMilliseconds();
  // biome-ignore format: one field a line
  return String.fromCharCode(
    digit(year, 1000), digit(year, 100), digit(year, 10), digit(year, 1), 0x2d, // YYYY-
    digit(month, 10), digit(month, 1), 0x2d, // MM-
    digit(day, 10), digit(day, 1), 0x54, // DDT
    digit(hour, 10), digit(hour, 1), 0x3a, // hh:
    digit(minute, 10), digit(minute, 1), 0x3a, // mm:
    digit(second, 10), digit(second, 1), 0x2e, // ss.
    digit(milli, 100), digit(milli, 10), digit(milli, 1), 0x5a, // sssZ
  );
}

/**
 * {@link formatInstant} of {@link parseInstant}: the RFC 3339 UTC text with milliseconds of an
 * instant input, or `undefined` when it is not one. Text already in that form is returned as it
 * is, and `…:SSZ` text gains its `.000`, without a `Date` in between (recording an event's instant
 * is on the DSAR state machine's hot path).
 */
export function canonicalInstant(value: unknown): string | undefined {
  const ms = parseInstant(value);
  if (ms === undefined) return undefined;
  if (typeof value === 'string' && value.charCodeAt(10) === 84) {
    // Accepted text with `T` at 10 and `Z` at 19 or 23 is `YYYY-MM-DDTHH:MM:SSZ` or `…:SS.mmmZ`.
    if (value.length === 24 && value.charCodeAt(23) === 90 && value.charCodeAt(19) === 46) return value;
    if (value.length === 20 && value.charCodeAt(19) === 90) return `${value.slice(0, 19)}.000Z`;
  }
  return formatInstant(ms);
}

/** A calendar date's fields. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The fields of `YYYY-MM-DD` text that exists in the calendar, or `undefined`. */
export function parseDate(value: unknown): CivilDate | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE.exec(value);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/**
 * `value` when it is `YYYY-MM-DD` text that exists in the calendar, or `INVALID_DATE` naming `path`.
 *
 * @param value - the caller's input.
 * @param path - the argument or field name, as the message should name it.
 * @param raise - builds the calling package's error.
 */
export function requireDate(value: unknown, path: string, raise: RaiseError): string {
  if (parseDate(value) === undefined) {
    throw raise('INVALID_DATE', path, `"${path}" must be a calendar date YYYY-MM-DD that exists (such as 2025-02-28)`);
  }
  return value as string;
}

/** `YYYY-MM-DD` text of a date's fields (years 0–9999). */
export function formatDate(date: CivilDate): string {
  return (
    `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-` +
    `${String(date.day).padStart(2, '0')}`
  );
}
