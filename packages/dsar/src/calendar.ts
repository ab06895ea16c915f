/**
 * @module
 * Working-day calendars: which days a deadline may not end on. A calendar is plain data (the
 * weekend days and a list of public holidays), supplied or extended by the user; two ship as
 * examples: the weekend rule alone, and the bank holidays of England and Wales and the US federal
 * holidays for 2025–2027 (published by GOV.UK and OPM).
 */

import { array, nonEmptyString, strictObject } from '@privkit/internal/check';
import { requireDate } from '@privkit/internal/instant';
import { Temporal } from 'temporal-polyfill';
import { DsarError } from './errors.js';
import { deepFreeze, raise } from './internal/raise.js';

/**
 * A holiday calendar as plain JSON: store it, send it, extend it.
 *
 * @example
 * ```ts
 * import type { HolidayCalendar } from '@privkit/dsar/regimes';
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

/** @internal Saturday and Sunday, no holidays: the calendar used where a regime does not name another. */
export const WEEKENDS: HolidayCalendar = /* @__PURE__ */ Object.freeze({
  id: 'weekends',
  name: 'Saturdays and Sundays',
  weekend: /* @__PURE__ */ Object.freeze([6, 7]),
  holidays: /* @__PURE__ */ Object.freeze([]),
  source: 'ISO 8601 weekday numbering',
});

/** @internal Bank holidays in England and Wales, 2025–2027, substitute days included (GOV.UK). */
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

/** @internal US federal holidays, 2025–2027, with the observed Friday or Monday (5 U.S.C. § 6103). */
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
 * import { CALENDARS } from '@privkit/dsar/regimes';
 *
 * Object.keys(CALENDARS); // ["weekends", "gb-eaw", "us-federal"]
 * ```
 */
export const CALENDARS: Readonly<Record<string, HolidayCalendar>> = /* @__PURE__ */ Object.freeze({
  weekends: WEEKENDS,
  'gb-eaw': ENGLAND_AND_WALES,
  'us-federal': US_FEDERAL,
});

/** @internal A calendar date `YYYY-MM-DD` that exists, or `INVALID_DATE` naming `path`. */
export function plainDate(value: unknown, path: string): Temporal.PlainDate {
  return Temporal.PlainDate.from(requireDate(value, path, raise), { overflow: 'reject' });
}

/** @internal A holiday calendar checked strictly (keys, weekdays, dates) and frozen. */
export function checkCalendar(value: unknown, path: string): HolidayCalendar {
  const o = strictObject(value, ['id', 'name', 'weekend', 'holidays', 'source'], path, raise);
  const weekend = weekdays(o['weekend'], `${path}.weekend`);
  const holidays = array(o['holidays'], `${path}.holidays`, raise).map((day, i) => {
    plainDate(day, `${path}.holidays[${i}]`);
    return day as string;
  });
  return deepFreeze({
    id: nonEmptyString(o['id'], `${path}.id`, raise),
    name: nonEmptyString(o['name'], `${path}.name`, raise),
    weekend,
    holidays: [...new Set(holidays)].sort(),
    ...(o['source'] === undefined ? {} : { source: nonEmptyString(o['source'], `${path}.source`, raise) }),
  });
}

function weekdays(value: unknown, path: string): number[] {
  const days = array(value, path, raise);
  if (days.length >= 7 || !days.every((d) => Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 7))
    throw raise('INVALID_ARGUMENT', path, `"${path}" must list ISO weekdays 1 (Monday) to 7 (Sunday), not all seven`);
  return [...new Set(days as number[])];
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
 * @param calendar - the holiday calendar (one of {@link CALENDARS}, or your own).
 * @param date - a calendar date `YYYY-MM-DD`.
 * @returns `true` for a working day.
 * @throws {@link index!DsarError} `INVALID_DATE` for a malformed or impossible date.
 * @example
 * ```ts
 * import { CALENDARS, isWorkingDay } from '@privkit/dsar/regimes';
 *
 * isWorkingDay(CALENDARS['gb-eaw']!, '2025-04-18'); // false (Good Friday)
 * isWorkingDay(CALENDARS['gb-eaw']!, '2025-04-22'); // true
 * ```
 */
export function isWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  const checked = Object.values(CALENDARS).includes(calendar) ? calendar : checkCalendar(calendar, 'calendar');
  return workingDay(checked, plainDate(date, 'date'));
}

/** @internal The first working day on or after `date`. */
export function rollForward(calendar: HolidayCalendar, date: Temporal.PlainDate): Temporal.PlainDate {
  let day = date;
  // A run of holidays longer than a year means the calendar is malformed, not a long weekend.
  for (let i = 0; i < 366 && !workingDay(calendar, day); i++) day = day.add({ days: 1 });
  if (!workingDay(calendar, day))
    throw new DsarError('INVALID_ARGUMENT', `calendar "${calendar.id}" has no working day within a year`, {
      path: 'calendar',
    });
  return day;
}

/** @internal The `n`th working day after `date` (`date` itself not counted). */
export function addWorkingDays(calendar: HolidayCalendar, date: Temporal.PlainDate, n: number): Temporal.PlainDate {
  let day = date;
  for (let left = n, idle = 0; left > 0; ) {
    day = day.add({ days: 1 });
    if (workingDay(calendar, day)) {
      left--;
      idle = 0;
    } else if (++idle > 366) {
      throw new DsarError('INVALID_ARGUMENT', `calendar "${calendar.id}" has no working day within a year`, {
        path: 'calendar',
      });
    }
  }
  return day;
}

/**
 * A new calendar: `base` with more holidays (or another id, name, weekend or source), for later
 * years or a region.
 *
 * @param base - the calendar to extend.
 * @param extra - the holidays to add, and optionally a new id, name, weekend or source.
 * @returns a new frozen calendar; `base` is unchanged.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` for a key a calendar does not have.
 * @throws {@link index!DsarError} `INVALID_DATE` for a malformed or impossible holiday date.
 * @example
 * ```ts
 * import { CALENDARS, extendCalendar } from '@privkit/dsar/regimes';
 *
 * const with2028 = extendCalendar(CALENDARS['gb-eaw']!, { id: 'gb-eaw-2028', holidays: ['2028-01-03'] });
 * with2028.holidays.includes('2028-01-03'); // true
 * ```
 */
export function extendCalendar(
  base: HolidayCalendar,
  extra: {
    readonly holidays: readonly string[];
    readonly id?: string;
    readonly name?: string;
    readonly weekend?: readonly number[];
    readonly source?: string;
  },
): HolidayCalendar {
  const b = checkCalendar(base, 'base');
  const e = strictObject(extra, ['holidays', 'id', 'name', 'weekend', 'source'], 'extra', raise);
  const holidays = array(e['holidays'], 'extra.holidays', raise);
  const source = e['source'] ?? b.source;
  return checkCalendar(
    {
      id: e['id'] ?? b.id,
      name: e['name'] ?? b.name,
      weekend: e['weekend'] ?? b.weekend,
      holidays: [...b.holidays, ...holidays],
      ...(source === undefined ? {} : { source }),
    },
    'extra',
  );
}
