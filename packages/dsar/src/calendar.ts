/**
 * @module
 * Working-day calendars: which days a deadline may not end on. A calendar is plain data (the
 * weekend days and a list of public holidays), supplied or extended by the user; two ship as
 * examples: the weekend rule alone, and the bank holidays of England and Wales and the US federal
 * holidays for 2025–2027 (published by GOV.UK and OPM).
 */

import { Temporal } from 'temporal-polyfill';
import { DsarError } from './errors.js';

/**
 * A holiday calendar as plain JSON: store it, send it, extend it.
 *
 * @example
 * ```ts
 * import type { HolidayCalendar } from '@privkit/dsar';
 *
 * const ireland: HolidayCalendar = {
 *   id: 'ie',
 *   name: 'Ireland public holidays',
 *   weekend: [6, 7],
 *   holidays: ['2025-01-01', '2025-02-03', '2025-03-17'],
 *   source: 'https://www.citizensinformation.ie/',
 * };
 * ```
 */
export interface HolidayCalendar {
  /** A short id, used by regimes and in explanations (`weekends`, `gb-eaw`). */
  readonly id: string;
  /** A human name. */
  readonly name: string;
  /** ISO weekdays that are never working days: 1 = Monday … 7 = Sunday. */
  readonly weekend: readonly number[];
  /** Public holidays as ISO dates `YYYY-MM-DD` (substitute days included). */
  readonly holidays: readonly string[];
  /** Where the holiday list comes from. */
  readonly source?: string;
}

/**
 * Saturday and Sunday, no holidays: the calendar used where a regime does not name another.
 *
 * @example
 * ```ts
 * import { WEEKENDS, isWorkingDay } from '@privkit/dsar';
 *
 * isWorkingDay(WEEKENDS, '2025-11-30'); // false (a Sunday)
 * ```
 */
export const WEEKENDS: HolidayCalendar = /* @__PURE__ */ Object.freeze({
  id: 'weekends',
  name: 'Saturdays and Sundays',
  weekend: /* @__PURE__ */ Object.freeze([6, 7]),
  holidays: /* @__PURE__ */ Object.freeze([]),
  source: 'ISO 8601 weekday numbering',
});

/**
 * Bank holidays in England and Wales, 2025–2027, substitute days included: an example of a
 * national calendar (extend it with {@link extendCalendar} for later years).
 *
 * @example
 * ```ts
 * import { ENGLAND_AND_WALES, isWorkingDay } from '@privkit/dsar';
 *
 * isWorkingDay(ENGLAND_AND_WALES, '2025-12-26'); // false (Boxing Day)
 * ```
 */
export const ENGLAND_AND_WALES: HolidayCalendar = /* @__PURE__ */ Object.freeze({
  id: 'gb-eaw',
  name: 'England and Wales bank holidays',
  weekend: /* @__PURE__ */ Object.freeze([6, 7]),
  holidays: /* @__PURE__ */ Object.freeze([
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ]),
  source: 'https://www.gov.uk/bank-holidays (Banking and Financial Dealings Act 1971, Sch 1)',
});

/**
 * US federal holidays, 2025–2027, with the observed Friday or Monday where a holiday falls on a
 * weekend (5 U.S.C. § 6103): an example for the US state regimes' business days.
 *
 * @example
 * ```ts
 * import { US_FEDERAL, isWorkingDay } from '@privkit/dsar';
 *
 * isWorkingDay(US_FEDERAL, '2025-02-17'); // false (Washington's Birthday)
 * ```
 */
export const US_FEDERAL: HolidayCalendar = /* @__PURE__ */ Object.freeze({
  id: 'us-federal',
  name: 'US federal holidays',
  weekend: /* @__PURE__ */ Object.freeze([6, 7]),
  holidays: /* @__PURE__ */ Object.freeze([
    '2025-01-01',
    '2025-01-20',
    '2025-02-17',
    '2025-05-26',
    '2025-06-19',
    '2025-07-04',
    '2025-09-01',
    '2025-10-13',
    '2025-11-11',
    '2025-11-27',
    '2025-12-25',
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-10-12',
    '2026-11-11',
    '2026-11-26',
    '2026-12-25',
    '2027-01-01',
    '2027-01-18',
    '2027-02-15',
    '2027-05-31',
    '2027-06-18',
    '2027-07-05',
    '2027-09-06',
    '2027-10-11',
    '2027-11-11',
    '2027-11-25',
    '2027-12-24',
  ]),
  source: 'https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/ (5 U.S.C. § 6103)',
});

/**
 * The calendars that ship with the package, by id.
 *
 * @example
 * ```ts
 * import { CALENDARS } from '@privkit/dsar';
 *
 * Object.keys(CALENDARS); // ["weekends", "gb-eaw", "us-federal"]
 * ```
 */
export const CALENDARS: Readonly<Record<string, HolidayCalendar>> = /* @__PURE__ */ Object.freeze({
  weekends: WEEKENDS,
  'gb-eaw': ENGLAND_AND_WALES,
  'us-federal': US_FEDERAL,
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** @internal Parses an ISO date, raising the typed error (never echoing the value). */
export function plainDate(value: string, name: string): Temporal.PlainDate {
  if (typeof value !== 'string' || !DATE.test(value)) {
    throw new DsarError('INVALID_ARGUMENT', `"${name}" must be an ISO date YYYY-MM-DD`);
  }
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    throw new DsarError('INVALID_ARGUMENT', `"${name}" is not a valid calendar date`);
  }
}

// Calendars are looked up once per date; a Set per calendar object keeps that O(1).
const holidaySets = new WeakMap<HolidayCalendar, Set<string>>();
function holidaySet(calendar: HolidayCalendar): Set<string> {
  let set = holidaySets.get(calendar);
  if (set === undefined) {
    set = new Set(calendar.holidays);
    holidaySets.set(calendar, set);
  }
  return set;
}

/** @internal Whether `date` is a working day (Temporal form). */
export function workingDay(calendar: HolidayCalendar, date: Temporal.PlainDate): boolean {
  return !calendar.weekend.includes(date.dayOfWeek) && !holidaySet(calendar).has(date.toString());
}

/**
 * Whether a date is a working day in a calendar: not a weekend day and not a holiday.
 *
 * @param calendar - the holiday calendar.
 * @param date - an ISO date `YYYY-MM-DD`.
 * @returns `true` for a working day.
 * @throws DsarError `INVALID_ARGUMENT` for a malformed date.
 * @example
 * ```ts
 * import { ENGLAND_AND_WALES, isWorkingDay } from '@privkit/dsar';
 *
 * isWorkingDay(ENGLAND_AND_WALES, '2025-04-18'); // false (Good Friday)
 * isWorkingDay(ENGLAND_AND_WALES, '2025-04-22'); // true
 * ```
 */
export function isWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  return workingDay(calendar, plainDate(date, 'date'));
}

/** @internal The first working day on or after `date`. */
export function rollForward(calendar: HolidayCalendar, date: Temporal.PlainDate): Temporal.PlainDate {
  if (calendar.weekend.length >= 7)
    throw new DsarError('INVALID_ARGUMENT', `calendar "${calendar.id}" has no working days`);
  let day = date;
  // A run of holidays longer than a year means the calendar is malformed, not a long weekend.
  for (let i = 0; i < 366 && !workingDay(calendar, day); i++) day = day.add({ days: 1 });
  return day;
}

/** @internal The `n`th working day after `date` (`date` itself not counted). */
export function addWorkingDays(calendar: HolidayCalendar, date: Temporal.PlainDate, n: number): Temporal.PlainDate {
  if (calendar.weekend.length >= 7)
    throw new DsarError('INVALID_ARGUMENT', `calendar "${calendar.id}" has no working days`);
  let day = date;
  for (let left = n; left > 0; ) {
    day = day.add({ days: 1 });
    if (workingDay(calendar, day)) left--;
  }
  return day;
}

/**
 * A new calendar: `base` with more holidays (or another weekend), for later years or a region.
 *
 * @param base - the calendar to extend.
 * @param extra - the holidays to add, and optionally a new id, name, weekend or source.
 * @returns a new frozen calendar; `base` is unchanged.
 * @throws DsarError `INVALID_ARGUMENT` for a malformed holiday date.
 * @example
 * ```ts
 * import { ENGLAND_AND_WALES, extendCalendar } from '@privkit/dsar';
 *
 * const withJubilee = extendCalendar(ENGLAND_AND_WALES, { id: 'gb-eaw+2028', holidays: ['2028-01-03'] });
 * ```
 */
export function extendCalendar(
  base: HolidayCalendar,
  extra: { holidays: readonly string[]; id?: string; name?: string; weekend?: readonly number[]; source?: string },
): HolidayCalendar {
  for (const [i, day] of extra.holidays.entries()) plainDate(day, `holidays[${i}]`);
  const weekend = extra.weekend ?? base.weekend;
  if (!weekend.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
    throw new DsarError('INVALID_ARGUMENT', '"weekend" must list ISO weekdays 1 (Monday) to 7 (Sunday)');
  }
  const source = extra.source ?? base.source;
  return Object.freeze({
    id: extra.id ?? base.id,
    name: extra.name ?? base.name,
    weekend: /* @__PURE__ */ Object.freeze([...weekend]),
    holidays: /* @__PURE__ */ Object.freeze([...new Set([...base.holidays, ...extra.holidays])].sort()),
    ...(source === undefined ? {} : { source }),
  });
}
