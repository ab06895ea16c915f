/**
 * Objection deadlines are calendar arithmetic on plain dates: checked against Temporal
 * (`temporal-polyfill`, the proposal's reference behaviour) on random dates and periods, and the
 * durations the documents print, known answers first.
 */
import { formatDuration } from '@privkit/internal/duration';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { addToDate } from '../src/internal/dates.js';
import { approximateHours, describeDuration, sameDuration } from '../src/internal/durations.js';

/** Random dates from year 1 to 9998 and periods in calendar units, as a notice period is written. */
export const datesAndPeriods = fc.record({
  day: fc.integer({ min: -719_162, max: 2_932_530 }),
  years: fc.nat(20),
  months: fc.nat(40),
  weeks: fc.nat(10),
  days: fc.nat(400),
  hours: fc.nat(100),
});

/** The deadline as Temporal computes it: add the calendar units, constrain, round hours up to days. */
export function temporalDeadline(
  date: string,
  p: { years: number; months: number; weeks: number; days: number; hours: number },
) {
  const plain = Temporal.PlainDate.from(date).add(
    { years: p.years, months: p.months, weeks: p.weeks, days: p.days },
    { overflow: 'constrain' },
  );
  return plain.add({ days: Math.ceil(p.hours / 24) }).toString();
}

const parts = (p: { years: number; months: number; weeks: number; days: number; hours: number }) => ({
  ...p,
  minutes: 0,
  seconds: 0,
});

describe('addToDate', () => {
  it('clamps months to the month end, rounds hours up to days (known answers)', () => {
    const zero = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
    expect(addToDate('2027-01-31', { ...zero, months: 1 })).toBe('2027-02-28');
    expect(addToDate('2028-01-31', { ...zero, months: 1 })).toBe('2028-02-29');
    expect(addToDate('2028-02-29', { ...zero, years: 1 })).toBe('2029-02-28');
    expect(addToDate('2026-12-20', { ...zero, hours: 36 })).toBe('2026-12-22');
    expect(addToDate('2026-12-31', { ...zero, weeks: 1 })).toBe('2027-01-07');
  });

  it('agrees with Temporal.PlainDate.add on random dates and periods', () => {
    fc.assert(
      fc.property(datesAndPeriods, ({ day, ...p }) => {
        const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
        const want = temporalDeadline(date, p);
        if (Number(want.slice(0, 4)) > 9999 || want.startsWith('+')) return;
        expect(addToDate(date, parts(p)), `${date} + ${formatDuration(parts(p))}`).toBe(want);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('durations in documents', () => {
  it('keeps calendar units apart and words them', () => {
    expect(sameDuration('P1D', 'PT24H')).toBe(false);
    expect(sameDuration('P30D', 'P30D')).toBe(true);
    expect(approximateHours('PT72H')).toBe(72);
    expect(approximateHours('P3D')).toBe(72);
    expect(describeDuration('P1Y6M')).toBe('1 year and 6 months');
    expect(describeDuration('P1M2W3D')).toBe('1 month, 2 weeks and 3 days');
    expect(describeDuration('PT0S')).toBe('0 days');
  });
});
