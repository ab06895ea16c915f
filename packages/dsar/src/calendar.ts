/**
 * @module
 * Working-day calendars: which days a deadline may not end on. A calendar is plain data (the
 * weekend days, the public holidays and the span they are known for), shipped (generated into
 * `src/calendars/` by `scripts/holidays.mjs`) or supplied and extended by the user. A day outside a
 * calendar's coverage is refused (`OUTSIDE_CALENDAR`): an unknown year is never a year without
 * holidays. Lookups are O(1) per day (a set of epoch days per calendar, built once).
 */

import { array, nonEmptyString, strictObject } from '@privkit/internal/check';
import { civilFromDays, daysFromCivil, formatDate, requireDate } from '@privkit/internal/instant';
import { Temporal } from 'temporal-polyfill';
import { GENERATED_CALENDARS } from './calendars/index.js';
import { DsarError } from './errors.js';
import { deepFreeze, raise } from './internal/raise.js';

/**
 * A holiday calendar as plain JSON: store it, send it, extend it. `coverage` is the span of days
 * its holidays are known for: a deadline that needs a day outside it is refused
 * (`OUTSIDE_CALENDAR`), never treated as a working day.
 *
 * @example
 * ```ts
 * import type { HolidayCalendar } from '@privkit/dsar/regimes';
 *
 * const ireland: HolidayCalendar = {
 *   id: 'ie-2025',
 *   name: 'Ireland public holidays 2025',
 *   weekend: [6, 7],
 *   holidays: ['2025-01-01', '2025-02-03', '2025-03-17'],
 *   coverage: { from: '2025-01-01', to: '2025-03-31' },
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
  /** Holidays as ISO dates `YYYY-MM-DD` (substitute days included). */
  readonly holidays: readonly string[];
  /** The first and last day (`YYYY-MM-DD`) the holidays are known for. */
  readonly coverage: {
    /** The first day covered, `YYYY-MM-DD`. */
    readonly from: string;
    /** The last day covered, `YYYY-MM-DD`. */
    readonly to: string;
  };
  /** What the calendar holds and leaves out (regional days, proclaimed days, …). */
  readonly scope?: string;
  /** Where the holiday list comes from. */
  readonly source?: string;
  /** The licence of the holiday data (SPDX id): `CC-BY-SA-3.0` where it derives from date-holidays. */
  readonly license?: string;
}

const ALWAYS = /* @__PURE__ */ Object.freeze({ from: '0000-01-01', to: '9999-12-31' });

/** @internal Saturday and Sunday, no holidays. */
export const WEEKENDS: HolidayCalendar = /* @__PURE__ */ Object.freeze({
  id: 'weekends',
  name: 'Saturdays and Sundays',
  weekend: /* @__PURE__ */ Object.freeze([6, 7]),
  holidays: /* @__PURE__ */ Object.freeze([]),
  coverage: ALWAYS,
  scope: 'Saturdays and Sundays only: no public holiday is included',
  source: 'ISO 8601 weekday numbering',
});

/** @internal Sundays alone: for a computation rule that moves only a Sunday (Iowa Code § 4.1(34)). */
export const SUNDAYS: HolidayCalendar = /* @__PURE__ */ Object.freeze({
  id: 'sundays',
  name: 'Sundays',
  weekend: /* @__PURE__ */ Object.freeze([7]),
  holidays: /* @__PURE__ */ Object.freeze([]),
  coverage: ALWAYS,
  scope: 'Sundays only: no public holiday is included',
  source: 'ISO 8601 weekday numbering',
});

/**
 * The calendars that ship with the package, by id: `weekends`, `sundays`, and the holiday
 * calendars generated from date-holidays and from statutes (`gb-eaw`, `us-federal`, `ca-qc`,
 * `de`, …), each with its `coverage`, `scope` and `source`.
 *
 * @example
 * ```ts
 * import { CALENDARS } from '@privkit/dsar/regimes';
 *
 * CALENDARS['gb-eaw']?.coverage; // { from: "2000-01-01", to: "2100-12-31" }
 * ```
 */
export const CALENDARS: Readonly<Record<string, HolidayCalendar>> = /* @__PURE__ */ Object.freeze({
  weekends: WEEKENDS,
  sundays: SUNDAYS,
  ...GENERATED_CALENDARS,
});

const shipped = /* @__PURE__ */ new Set<HolidayCalendar>(/* @__PURE__ */ Object.values(CALENDARS));

/** @internal A calendar date `YYYY-MM-DD` that exists, or `INVALID_DATE` naming `path`. */
export function plainDate(value: unknown, path: string): Temporal.PlainDate {
  return Temporal.PlainDate.from(requireDate(value, path, raise), { overflow: 'reject' });
}

/** @internal A holiday calendar checked strictly (keys, weekdays, dates, coverage) and frozen. */
export function checkCalendar(value: unknown, path: string): HolidayCalendar {
  if (typeof value === 'object' && value !== null && shipped.has(value as HolidayCalendar))
    return value as HolidayCalendar;
  const o = strictObject(
    value,
    ['id', 'name', 'weekend', 'holidays', 'coverage', 'scope', 'source', 'license'],
    path,
    raise,
  );
  const weekend = weekdays(o['weekend'], `${path}.weekend`);
  const c = strictObject(o['coverage'], ['from', 'to'], `${path}.coverage`, raise);
  const from = requireDate(c['from'], `${path}.coverage.from`, raise);
  const to = requireDate(c['to'], `${path}.coverage.to`, raise);
  if (to < from) throw raise('INVALID_ARGUMENT', `${path}.coverage.to`, `"${path}.coverage.to" is before its "from"`);
  const holidays = array(o['holidays'], `${path}.holidays`, raise).map((day, i) => {
    plainDate(day, `${path}.holidays[${i}]`);
    return day as string;
  });
  const optional = (key: string) =>
    o[key] === undefined ? {} : { [key]: nonEmptyString(o[key], `${path}.${key}`, raise, 'INVALID_ARGUMENT', 2000) };
  return deepFreeze({
    id: nonEmptyString(o['id'], `${path}.id`, raise),
    name: nonEmptyString(o['name'], `${path}.name`, raise),
    weekend,
    holidays: [...new Set(holidays)].sort(),
    coverage: { from, to },
    ...optional('scope'),
    ...optional('source'),
    ...optional('license'),
  });
}

function weekdays(value: unknown, path: string): number[] {
  const days = array(value, path, raise);
  if (days.length >= 7 || !days.every((d) => Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 7))
    throw raise('INVALID_ARGUMENT', path, `"${path}" must list ISO weekdays 1 (Monday) to 7 (Sunday), not all seven`);
  return [...new Set(days as number[])];
}

/** What a deadline needs of a calendar, built once per calendar object. */
interface Table {
  readonly lo: number;
  readonly hi: number;
  readonly weekend: readonly boolean[];
  readonly holidays: ReadonlySet<number>;
}

// Days since 1970-01-01 (daysFromCivil) are the O(1) key of the holiday set, without building a
// string or a Temporal object per day.
const dayOf = (iso: string) =>
  daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

const tables = new WeakMap<HolidayCalendar, Table>();
function table(calendar: HolidayCalendar): Table {
  let t = tables.get(calendar);
  if (t === undefined) {
    const weekend = Array.from({ length: 8 }, (_, d) => calendar.weekend.includes(d));
    t = {
      lo: dayOf(calendar.coverage.from),
      hi: dayOf(calendar.coverage.to),
      weekend,
      holidays: new Set(calendar.holidays.map(dayOf)),
    };
    tables.set(calendar, t);
  }
  return t;
}

/** @internal Whether `date` is a working day (Temporal form); `OUTSIDE_CALENDAR` outside the calendar's coverage. */
export function workingDay(calendar: HolidayCalendar, date: Temporal.PlainDate): boolean {
  return workingDayNumber(calendar, daysFromCivil(date.year, date.month, date.day));
}

// The same for a day number (days since 1970-01-01).
function workingDayNumber(calendar: HolidayCalendar, d: number): boolean {
  const t = table(calendar);
  if (d < t.lo || d > t.hi)
    throw new DsarError(
      'OUTSIDE_CALENDAR',
      `the deadline needs ${formatDate(civilFromDays(d))}, outside the days calendar "${calendar.id}" knows ` +
        `the holidays of (${calendar.coverage.from} to ${calendar.coverage.to}); extend it (extendCalendar) ` +
        'or pass another',
      { path: 'calendar' },
    );
  // 1970-01-01 was a Thursday (ISO weekday 4).
  if (t.weekend[((((d + 3) % 7) + 7) % 7) + 1]) return false;
  return !t.holidays.has(d);
}

/**
 * Whether a date is a working day in a calendar: not a weekend day and not a holiday.
 *
 * @param calendar - the holiday calendar (one of {@link CALENDARS}, or your own).
 * @param date - a calendar date `YYYY-MM-DD`.
 * @returns `true` for a working day.
 * @throws {@link index!DsarError} `INVALID_DATE` for a malformed or impossible date.
 * @throws {@link index!DsarError} `OUTSIDE_CALENDAR` for a date outside the calendar's coverage.
 * @example
 * ```ts
 * import { CALENDARS, isWorkingDay } from '@privkit/dsar/regimes';
 *
 * isWorkingDay(CALENDARS['gb-eaw']!, '2025-04-18'); // false (Good Friday)
 * isWorkingDay(CALENDARS['gb-eaw']!, '2025-04-22'); // true
 * ```
 */
export function isWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  const checked = checkCalendar(calendar, 'calendar');
  return workingDay(checked, plainDate(date, 'date'));
}

/** @internal Whether day number `d` (days since 1970-01-01) is a working day; `OUTSIDE_CALENDAR` outside coverage. */
export const isWorkingDayNumber = workingDayNumber;

/** @internal The first working day on or after day number `first` (days since 1970-01-01). */
export function rollForwardDay(calendar: HolidayCalendar, first: number): number {
  // Day numbers, not Temporal's add() per skipped day: a deadline rolled in the calendar of every
  // place a regime applies in walks each calendar, and add() was a third of dueDates' time. Adding
  // one day to a day number is exact; a slow test checks the result against add() day by day.
  let d = first;
  // A run of holidays longer than a year means the calendar is malformed, not a long weekend.
  for (let i = 0; i < 366 && !workingDayNumber(calendar, d); i++) d++;
  if (!workingDayNumber(calendar, d))
    throw new DsarError('INVALID_ARGUMENT', `calendar "${calendar.id}" has no working day within a year`, {
      path: 'calendar',
    });
  return d;
}

/** @internal The first working day on or after `date`. */
export function rollForward(calendar: HolidayCalendar, date: Temporal.PlainDate): Temporal.PlainDate {
  const first = daysFromCivil(date.year, date.month, date.day);
  const d = rollForwardDay(calendar, first);
  return d === first ? date : Temporal.PlainDate.from(civilFromDays(d));
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
 * A new calendar: `base` with more holidays (or another id, name, weekend, coverage, scope or
 * source), for later years, a region or a day proclaimed after this release.
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
 * const sg = extendCalendar(CALENDARS['sg']!, {
 *   id: 'sg-2027',
 *   holidays: ['2027-03-10'],
 *   coverage: { from: '2000-01-01', to: '2027-12-31' },
 * });
 * sg.coverage.to; // "2027-12-31"
 * ```
 */
export function extendCalendar(
  base: HolidayCalendar,
  extra: {
    readonly holidays: readonly string[];
    readonly id?: string;
    readonly name?: string;
    readonly weekend?: readonly number[];
    readonly coverage?: { readonly from: string; readonly to: string };
    readonly scope?: string;
    readonly source?: string;
    readonly license?: string;
  },
): HolidayCalendar {
  const b = checkCalendar(base, 'base');
  const e = strictObject(
    extra,
    ['holidays', 'id', 'name', 'weekend', 'coverage', 'scope', 'source', 'license'],
    'extra',
    raise,
  );
  const holidays = array(e['holidays'], 'extra.holidays', raise);
  const keep = (key: 'scope' | 'source' | 'license') => {
    const v = e[key] ?? b[key];
    return v === undefined ? {} : { [key]: v };
  };
  return checkCalendar(
    {
      id: e['id'] ?? b.id,
      name: e['name'] ?? b.name,
      weekend: e['weekend'] ?? b.weekend,
      holidays: [...b.holidays, ...holidays],
      coverage: e['coverage'] ?? b.coverage,
      ...keep('scope'),
      ...keep('source'),
      ...keep('license'),
    },
    'extra',
  );
}
