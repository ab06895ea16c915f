/**
 * @module
 * Adding a duration to a calendar date, for objection deadlines. Plain dates carry no time zone,
 * so the arithmetic is exact integer maths on the proleptic Gregorian calendar (the day counts of
 * `@privkit/internal/instant`), the way `Temporal.PlainDate.prototype.add` does it with
 * `overflow: 'constrain'`: years and months first, clamped to the month's last day, then weeks
 * and days. Hours, minutes and seconds round up to whole days (a notice period is counted in
 * days). A test checks it against Temporal on random dates and periods. Never exported.
 */

import type { DurationParts } from '@privkit/internal/duration';
import { civilFromDays, daysFromCivil, daysInMonth, formatDate, parseDate } from '@privkit/internal/instant';
import { DpaError } from '../errors.js';

/** `date` (`YYYY-MM-DD`) plus `parts`, as `YYYY-MM-DD`. */
export function addToDate(date: string, parts: DurationParts): string {
  const d = parseDate(date);
  if (d === undefined) throw new DpaError('INVALID_DATE', '"date" must be a calendar date YYYY-MM-DD');
  const months = d.year * 12 + (d.month - 1) + parts.years * 12 + parts.months;
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  const day = Math.min(d.day, daysInMonth(year, month));
  const seconds = (parts.hours * 60 + parts.minutes) * 60 + parts.seconds;
  const days = parts.weeks * 7 + parts.days + Math.ceil(seconds / 86_400);
  return formatDate(civilFromDays(daysFromCivil(year, month, day) + days));
}
