/**
 * @module
 * The date arithmetic of deadlines: where a run of periods ends from a start day (calendar months
 * clamped to the month's last day, Reg 1182/71 Art 3(2)(c); working days), the holiday calendars a
 * request's deadlines use (the one named, or every place the regime applies in), and the roll to
 * the next working day in them. `engine.ts` puts these together step by step.
 */

import { civilFromDays, daysFromCivil } from '@privkit/internal/instant';
import { Temporal } from 'temporal-polyfill';
import { addWorkingDays, type HolidayCalendar, isWorkingDayNumber, rollForward, rollForwardDay } from '../calendar.js';
import { DsarError } from '../errors.js';
import type { DsarState } from '../model.js';
import type { Period, RegimeRule } from '../regime.js';
import { type PeriodParts, periodParts } from '../regime-check.js';
import type { DeadlineContext } from './options.js';

/** @internal `n` and the word, plural unless `n` is 1: "1 day", "45 days". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** @internal A period in words for the explanation: "1 month", "45 days", "10 working days". */
export function periodText(p: Period): string {
  const parts = periodParts(p, 'period');
  if (parts.kind === 'working') return plural(parts.workingDays, 'working day');
  const words: string[] = [];
  if (parts.years > 0) words.push(plural(parts.years, 'year'));
  if (parts.months > 0) words.push(plural(parts.months, 'month'));
  if (parts.days > 0) words.push(plural(parts.days, 'day'));
  return words.join(' ');
}

/** @internal Whether a period has months or years (so its end may be clamped to a month's last day). */
export const hasMonths = (p: Period): boolean => {
  const parts = periodParts(p, 'period');
  return parts.kind === 'calendar' && parts.years + parts.months > 0;
};

/**
 * @internal The last day of `periods` run one after another from `start`. Calendar units are added
 * in one step from the start: 31 Jan + P3M = 30 Apr, where 28 Feb + P2M would give 28 Apr.
 */
export function endOf(
  start: Temporal.PlainDate,
  periods: readonly PeriodParts[],
  anchor: 'next-day' | 'receipt-day',
  calendar: HolidayCalendar,
): Temporal.PlainDate {
  let years = 0;
  let months = 0;
  let days = 0;
  let working = 0;
  for (const p of periods) {
    if (p.kind === 'working') working += p.workingDays;
    else {
      years += p.years;
      months += p.months;
      days += p.days;
    }
  }
  // `receipt-day`: the receipt day is day one, so a calendar period ends one day earlier.
  // Working days are always counted from the next working day.
  const calendarTime = years + months + days > 0;
  const base = anchor === 'receipt-day' && calendarTime ? start.subtract({ days: 1 }) : start;
  // Temporal's default overflow `constrain` is Art 3(2)(c): no such day → the month's last day.
  let day = base.add({ years, months, days });
  if (working > 0) day = addWorkingDays(calendar, day, working);
  return day;
}

const calendarById = (context: DeadlineContext, id: string): HolidayCalendar => {
  const calendar = Object.hasOwn(context.calendars, id) ? context.calendars[id] : undefined;
  if (calendar === undefined)
    throw new DsarError(
      'UNKNOWN_CALENDAR',
      'the holiday calendar named by the request or regime is not known; pass it in options.calendars',
      { path: 'calendar' },
    );
  return calendar;
};

/** @internal The calendar a request's deadlines use: one, or the places' calendars that must all agree. */
export type Calendars =
  | { readonly one: HolidayCalendar }
  | { readonly all: readonly HolidayCalendar[]; readonly any: HolidayCalendar };

// The places' calendars of a rule, and their union (a day off in any of them), per context: a
// day that is a working day in the union is the answer in every place, so most deadlines need
// one lookup, not one per Member State.
const families = new WeakMap<DeadlineContext, WeakMap<RegimeRule, Calendars>>();

/** @internal The calendar or the places' calendars a request's deadlines are rolled in. */
export function calendarsFor(state: DsarState, rule: RegimeRule, context: DeadlineContext): Calendars {
  const id = context.calendar ?? state.calendar ?? rule.calendar;
  if (id !== undefined) return { one: calendarById(context, id) };
  if (rule.calendars === undefined) return { one: calendarById(context, 'weekends') };
  let byRule = families.get(context);
  if (byRule === undefined) {
    byRule = new WeakMap();
    families.set(context, byRule);
  }
  let family = byRule.get(rule);
  if (family === undefined) {
    const all = rule.calendars.map((c) => calendarById(context, c));
    const from = all
      .map((c) => c.coverage.from)
      .sort()
      .at(-1) as string;
    const to = all.map((c) => c.coverage.to).sort()[0] as string;
    const any: HolidayCalendar = {
      id: all.map((c) => c.id).join('|'),
      name: 'a day off in any of the places',
      weekend: [...new Set(all.flatMap((c) => c.weekend))],
      holidays: [...new Set(all.flatMap((c) => c.holidays))],
      coverage: { from, to },
    };
    family = { all, any };
    byRule.set(rule, family);
  }
  return family;
}

/**
 * A day rolled in a request's calendars: the day it moves to (`undefined`: it stays) and, where the
 * places differ, the latest of their days.
 */
interface Rolled {
  readonly to: Temporal.PlainDate | undefined;
  readonly latest: Temporal.PlainDate | undefined;
}

// Rolled days per calendar (one) or per places' family, by day number. Requests received over a
// few years share their deadline days, and rolling one over every Member State's calendar was a
// fifth of dueDates' time on distinct GDPR requests. Calendars and families are immutable, and an
// error (a day outside coverage) is never kept. Memory is bounded: a map that reaches ROLLED_DAYS
// entries (eleven years of days) starts again empty.
const ROLLED_DAYS = 4096;
const rolledDays = new WeakMap<object, Map<number, Rolled>>();

/** Day number `d` as a PlainDate, or `undefined` when it is `first` (the day stays). */
const moved = (d: number, first: number): Temporal.PlainDate | undefined =>
  d === first ? undefined : Temporal.PlainDate.from(civilFromDays(d));

function roll(chosen: Calendars, first: number): Rolled {
  if ('one' in chosen) return { to: moved(rollForwardDay(chosen.one, first), first), latest: undefined };
  if (isWorkingDayNumber(chosen.any, first)) return { to: undefined, latest: undefined };
  // In day numbers: a PlainDate per place and day (some thirty for GDPR) was most of the roll's time.
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const c of chosen.all) {
    const rolled = rollForwardDay(c, first);
    if (rolled < earliest) earliest = rolled;
    if (rolled > latest) latest = rolled;
  }
  return { to: moved(earliest, first), latest: earliest === latest ? undefined : moved(latest, first) };
}

/**
 * @internal `day` rolled in each place's calendar. Where the places differ and the request names
 * none, the earliest of their days applies: it is never later than the deadline in any of them.
 */
export function rollAll(
  chosen: Calendars,
  day: Temporal.PlainDate,
  disagree: (latest: Temporal.PlainDate) => void,
): Temporal.PlainDate {
  const key = 'one' in chosen ? chosen.one : chosen;
  let days = rolledDays.get(key);
  if (days === undefined) {
    days = new Map();
    rolledDays.set(key, days);
  }
  const first = daysFromCivil(day.year, day.month, day.day);
  let rolled = days.get(first);
  if (rolled === undefined) {
    rolled = roll(chosen, first);
    if (days.size >= ROLLED_DAYS) days.clear();
    days.set(first, rolled);
  }
  if (rolled.latest !== undefined) disagree(rolled.latest);
  return rolled.to ?? day;
}
