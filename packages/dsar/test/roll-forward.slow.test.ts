/**
 * `rollForward` steps over day numbers instead of Temporal's `add()`: on 1,000,000 random (calendar,
 * date) pairs, over every shipped calendar and dates up to a fortnight past its coverage (so the
 * OUTSIDE_CALENDAR refusal is reached), it returns the day a loop of `PlainDate.add({ days: 1 })`
 * returns, or the same error (code and message). One calendar made only of holidays checks the
 * "no working day within a year" refusal the same way.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { CALENDARS, extendCalendar, type HolidayCalendar, rollForward, workingDay } from '../src/calendar.js';
import { DsarError } from '../src/errors.js';

// The loop rollForward was before it stepped over day numbers.
function byTemporal(calendar: HolidayCalendar, date: Temporal.PlainDate): Temporal.PlainDate {
  let day = date;
  for (let i = 0; i < 366 && !workingDay(calendar, day); i++) day = day.add({ days: 1 });
  if (!workingDay(calendar, day))
    throw new DsarError('INVALID_ARGUMENT', `calendar "${calendar.id}" has no working day within a year`, {
      path: 'calendar',
    });
  return day;
}

const outcome = (run: () => Temporal.PlainDate) => {
  try {
    return { day: run().toString() };
  } catch (error) {
    if (!(error instanceof DsarError)) throw error;
    return { code: error.code, message: error.message, path: error.path };
  }
};

const calendars = Object.values(CALENDARS);

describe('rollForward (day numbers) against Temporal add()', () => {
  it('returns the same day or the same error on 1,000,000 random dates of every shipped calendar', () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.nat(calendars.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), (c, at) => {
        const calendar = calendars[c] as HolidayCalendar;
        const from = Temporal.PlainDate.from(calendar.coverage.from);
        const span = from.until(calendar.coverage.to).days + 14;
        const date = from.add({ days: Math.floor(at * span) });
        const ours = outcome(() => rollForward(calendar, date));
        expect(ours).toEqual(outcome(() => byTemporal(calendar, date)));
        if ('code' in ours) refused++;
      }),
      { numRuns: 1_000_000 },
    );
    // Both sides are reached: the dates past a calendar's coverage are refused.
    expect(refused).toBeGreaterThan(100);
  });

  it('refuses a calendar with no working day within a year the same way', () => {
    const base = CALENDARS['weekends'] as HolidayCalendar;
    const from = Temporal.PlainDate.from('2030-01-01');
    const holidays = Array.from({ length: 400 }, (_, i) => from.add({ days: i }).toString());
    const closed = extendCalendar(base, { id: 'closed', holidays });
    for (const start of ['2030-01-01', '2030-06-30', '2030-12-31']) {
      const date = Temporal.PlainDate.from(start);
      expect(outcome(() => rollForward(closed, date))).toEqual(outcome(() => byTemporal(closed, date)));
    }
  });
});
