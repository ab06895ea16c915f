/**
 * `rollForward` steps over day numbers instead of Temporal's `add()`: on 1,000,000 random (calendar,
 * date) pairs, over every shipped calendar and dates up to a fortnight past its coverage (so the
 * OUTSIDE_CALENDAR refusal is reached), it returns the day a loop of `PlainDate.add({ days: 1 })`
 * returns, or the same error (code and message). One calendar made only of holidays checks the
 * "no working day within a year" refusal the same way. `rollAll`, which rolls a deadline in the
 * calendar of every place a regime applies in, in day numbers and keeping what it rolled per
 * calendar and day, is held the same way to each place rolled with `add()`, asked once and again.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { CALENDARS, extendCalendar, type HolidayCalendar, rollForward, workingDay } from '../src/calendar.js';
import { type Calendars, calendarsFor, rollAll } from '../src/deadlines/counting.js';
import { deadlineContext } from '../src/deadlines/options.js';
import { DsarError } from '../src/errors.js';
import { openRequest } from '../src/index.js';
import { ruleOn } from '../src/regime.js';

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

// The roll of a deadline in every Member State's calendar (rollAll: day numbers, and the rolled
// days kept per family and day), against rolling each place's calendar with the add() loop.
describe('rollAll (day numbers, kept per calendar and day) against each place rolled by add()', () => {
  const context = deadlineContext(undefined);
  const gdpr = context.regimes.get('gdpr');
  const request = openRequest({
    type: 'receive',
    at: '2025-01-31T09:30:00Z',
    id: 'R',
    regime: 'gdpr',
    right: 'access',
    subject: 's',
    timeZone: 'Europe/Paris',
    channel: 'email',
  });
  const family = calendarsFor(request, ruleOn(gdpr, '2025-01-31'), context);
  const reference = (chosen: Calendars, day: Temporal.PlainDate) => {
    if ('one' in chosen) return { day: byTemporal(chosen.one, day).toString(), latest: undefined };
    if (workingDay(chosen.any, day)) return { day: day.toString(), latest: undefined };
    const rolled = chosen.all.map((c) => byTemporal(c, day)).sort(Temporal.PlainDate.compare);
    const [earliest, latest] = [rolled[0] as Temporal.PlainDate, rolled.at(-1) as Temporal.PlainDate];
    return { day: earliest.toString(), latest: earliest.equals(latest) ? undefined : latest.toString() };
  };
  const ours = (chosen: Calendars, day: Temporal.PlainDate) => {
    let latest: string | undefined;
    const rolled = rollAll(chosen, day, (l) => {
      latest = l.toString();
    });
    return { day: rolled.toString(), latest };
  };
  const outcomeOf = (run: () => unknown) => {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof DsarError)) throw error;
      return { code: error.code, message: error.message, path: error.path };
    }
  };

  it('the same day, the same latest day where the places differ, or the same error, asked once or again', () => {
    expect('all' in family).toBe(true);
    const one = { one: CALENDARS['de'] as HolidayCalendar };
    let disagreements = 0;
    fc.assert(
      fc.property(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), (many, at) => {
        const chosen: Calendars = many ? family : one;
        const coverage = 'one' in chosen ? chosen.one.coverage : chosen.any.coverage;
        const from = Temporal.PlainDate.from(coverage.from);
        const day = from.add({ days: Math.floor(at * (from.until(coverage.to).days + 14)) });
        const expected = outcomeOf(() => reference(chosen, day));
        // Asked twice: the second answer comes from what the first kept.
        expect(outcomeOf(() => ours(chosen, day))).toEqual(expected);
        expect(outcomeOf(() => ours(chosen, day))).toEqual(expected);
        if ((expected as { latest?: string }).latest !== undefined) disagreements++;
      }),
      { numRuns: 200_000 },
    );
    // The places do disagree on some days, so that branch is checked too.
    expect(disagreements).toBeGreaterThan(100);
  });
});
