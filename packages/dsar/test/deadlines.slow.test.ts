/**
 * @module
 * Large runs, kept out of `npm test`:
 * - every receipt date from 25 May 2018 (GDPR) to 2040 against an independent implementation of Reg 1182/71
 *   Art 3 (months by UTC date arithmetic; Art 3(4) roll-forward past Saturdays, Sundays and the
 *   public holidays of the Member State concerned: with no Member State named, the earliest day
 *   that is a working day in some EEA State) for GDPR's one and three months;
 * - every 2025–2027 receipt date for the CCPA's 45 days after receipt against the same day count
 *   done by hand (Civ. Code § 10 and CCP §§ 12, 12a: weekends and California judicial holidays
 *   skipped);
 * - every receipt date from each US state law's effective date to 2030 against the same day count
 *   done by hand from a table written from the statutes (period and extension in days, and whether
 *   the state's computation statute moves a last day off a weekend or holiday, with its calendar);
 * - every receipt date from 1 December 2020 to 2040 for New Zealand's 20 working days, counted
 *   day by day over the Privacy Act 2020 s 7 working-day calendar (its list of days, not the engine);
 * - every receipt date 2022-2029 for Korea's 10 days (Civil Act Arts 157, 161: rolled past Saturdays,
 *   Sundays and the public holidays on the calendar's list);
 * - every receipt date to 2040 for Hong Kong's 40 days and Thailand's 30 (calendar days, not rolled);
 * - 5,000 random event sequences through the model-based checks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueDates } from '../src/deadlines/index.js';
import { openRequest } from '../src/index.js';
import { EEA_CALENDARS } from '../src/regimes/common.js';
import { CALENDARS } from '../src/regimes/index.js';
import { receiveArb, stepArb } from './support/events.js';
import { checkSequence, TABLE_EDGES } from './support/model.js';

const CA_JUDICIAL = CALENDARS['us-ca-judicial']!;
// The holiday lists are data (generated from date-holidays and the statutes); the arithmetic below
// uses only Date.UTC and these lists, never the engine.
const EEA = EEA_CALENDARS.map((id) => {
  const calendar = CALENDARS[id]!;
  return { weekend: new Set(calendar.weekend), holidays: new Set(calendar.holidays) };
});

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekend = (ms: number) => [0, 6].includes(new Date(ms).getUTCDay());

// Reg 1182/71 Art 3(2)(c): the same date n months later, else the month's last day; Art 3(4):
// a Saturday or Sunday moves to the Monday. Written with Date.UTC only, independent of Temporal.
function oracleMonths(ms: number, n: number): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  let due = Date.UTC(y, m, Math.min(d.getUTCDate(), last));
  const isoWeekday = (ms: number) => new Date(ms).getUTCDay() || 7;
  const workingSomewhere = (ms: number) => EEA.some((c) => !c.weekend.has(isoWeekday(ms)) && !c.holidays.has(iso(ms)));
  while (!workingSomewhere(due)) due += DAY;
  return iso(due);
}

/** A request received at `at` in `timeZone` under `regime`, by e-mail. */
const received = (regime: string, right: string, at: string, timeZone: string) =>
  openRequest({ type: 'receive', at, id: 'O', regime, right, subject: 's', timeZone, channel: 'email' });

describe('deadline oracles', () => {
  it('GDPR: every receipt date from 25 May 2018 to 2040, one month and one + two months', () => {
    let checked = 0;
    for (let ms = Date.UTC(2018, 4, 25); ms <= Date.UTC(2040, 11, 31); ms += DAY) {
      const r = received('gdpr', 'access', `${iso(ms)}T12:00:00Z`, 'UTC');
      const d = dueDates(r);
      expect(d.respondBy.date, iso(ms)).toBe(oracleMonths(ms, 1));
      expect(d.latestExtended?.date, iso(ms)).toBe(oracleMonths(ms, 3));
      checked++;
    }
    expect(checked).toBe(8257);
  });

  it(
    'CCPA: every receipt date 2025-2027, 45 days after receipt, rolled past weekends and California ' +
      'judicial holidays',
    () => {
      const holidays = new Set(CA_JUDICIAL.holidays);
      for (let ms = Date.UTC(2025, 0, 1); ms <= Date.UTC(2027, 9, 31); ms += DAY) {
        let due = ms + 45 * DAY;
        while (weekend(due) || holidays.has(iso(due))) due += DAY;
        const r = received('ccpa', 'know', `${iso(ms)}T12:00:00-08:00`, 'America/Los_Angeles');
        expect(dueDates(r).respondBy.date, iso(ms)).toBe(iso(due));
      }
    },
  );
});

// The US state laws, written from the statutes (each regime file cites them), not read from the
// regimes: first period and extension in days from the day after receipt, the first receipt date,
// the local time zone, and the calendar a last day is rolled over (null: the last day stays).
const US_STATES: readonly (readonly [id: string, from: string, tz: string, days: number, roll: string | null])[] = [
  ['virginia', '2023-01-01', 'America/New_York', 45, null],
  ['colorado', '2023-07-01', 'America/Denver', 45, 'us-co'],
  ['connecticut', '2023-07-01', 'America/New_York', 45, null],
  ['texas', '2024-07-01', 'America/Chicago', 45, 'us-tx'],
  ['utah', '2023-12-31', 'America/Denver', 45, 'us-ut'],
  ['oregon', '2024-07-01', 'America/Los_Angeles', 45, null],
  ['montana', '2024-10-01', 'America/Denver', 45, 'us-mt'],
  ['iowa', '2025-01-01', 'America/Chicago', 90, null],
  ['delaware', '2025-01-01', 'America/New_York', 45, null],
  ['nebraska', '2025-01-01', 'America/Chicago', 45, null],
  ['new-jersey', '2025-01-15', 'America/New_York', 45, null],
  ['tennessee', '2025-07-01', 'America/Chicago', 45, null],
  ['minnesota', '2025-07-31', 'America/Chicago', 45, 'us-mn'],
  ['indiana', '2026-01-01', 'America/Indiana/Indianapolis', 45, null],
  ['new-hampshire', '2025-01-01', 'America/New_York', 45, null],
  ['rhode-island', '2026-01-01', 'America/New_York', 45, null],
];

describe('US state laws: every receipt date to 2030', () => {
  for (const [id, from, tz, days, roll] of US_STATES) {
    const rolled = roll ? `, rolled over ${roll}` : ', not rolled';
    it(`${id}: ${days} days after receipt, once extendable by 45${rolled}`, () => {
      const calendar = roll === null ? undefined : CALENDARS[roll]!;
      const holidays = new Set(calendar?.holidays);
      const closed = (ms: number) =>
        calendar !== undefined && (calendar.weekend.includes(new Date(ms).getUTCDay() || 7) || holidays.has(iso(ms)));
      const due = (ms: number, n: number) => {
        let d = ms + n * DAY;
        while (closed(d)) d += DAY;
        return iso(d);
      };
      let checked = 0;
      for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.UTC(2030, 11, 31); ms += DAY) {
        // 18:00 UTC is daytime in every US zone: the local receipt date is the UTC date counted here.
        const r = received(id, 'access', `${iso(ms)}T18:00:00Z`, tz);
        const d = dueDates(r);
        expect(d.respondBy.date, iso(ms)).toBe(due(ms, days));
        expect(d.latestExtended?.date, iso(ms)).toBe(due(ms, days + 45));
        checked++;
      }
      expect(checked).toBeGreaterThan(365 * 4);
    });
  }
});

describe('New Zealand: every receipt date from 1 December 2020 to 2040', () => {
  it('20 working days after the day of receipt (Privacy Act 2020 s 44, s 7)', () => {
    const calendar = CALENDARS['nz-working-day']!;
    const closed = new Set(calendar.holidays);
    const working = (ms: number) => !calendar.weekend.includes(new Date(ms).getUTCDay() || 7) && !closed.has(iso(ms));
    let checked = 0;
    for (let ms = Date.UTC(2020, 11, 1); ms <= Date.UTC(2040, 11, 31); ms += DAY) {
      let due = ms;
      for (let n = 0; n < 20; ) {
        due += DAY;
        if (working(due)) n++;
      }
      // 00:00 UTC is midday in Auckland: the local receipt date is the UTC date counted here.
      const r = received('nz-privacy-act', 'access', `${iso(ms)}T00:00:00Z`, 'Pacific/Auckland');
      expect(dueDates(r).respondBy.date, iso(ms)).toBe(iso(due));
      checked++;
    }
    expect(checked).toBe(7336);
  });
});

describe('Korea: every receipt date 2022-2029', () => {
  it('10 days after the day of receipt, rolled past Saturdays, Sundays and public holidays', () => {
    const calendar = CALENDARS['kr']!;
    const closed = new Set(calendar.holidays);
    const off = (ms: number) => calendar.weekend.includes(new Date(ms).getUTCDay() || 7) || closed.has(iso(ms));
    let checked = 0;
    for (let ms = Date.UTC(2022, 0, 1); ms <= Date.UTC(2029, 11, 15); ms += DAY) {
      let due = ms + 10 * DAY;
      while (off(due)) due += DAY;
      // 03:00 UTC is midday in Seoul: the local receipt date is the UTC date counted here.
      const r = received('kr-pipa', 'access', `${iso(ms)}T03:00:00Z`, 'Asia/Seoul');
      expect(dueDates(r).respondBy.date, iso(ms)).toBe(iso(due));
      checked++;
    }
    expect(checked).toBeGreaterThan(2900);
  });
});

describe('Hong Kong and Thailand: every receipt date to 2040', () => {
  const laws = [
    ['hk-pdpo', Date.UTC(1996, 11, 20), 'Asia/Hong_Kong', 40],
    ['th-pdpa', Date.UTC(2022, 5, 1), 'Asia/Bangkok', 30],
  ] as const;
  for (const [id, from, tz, days] of laws) {
    it(`${id}: ${days} calendar days after the day of receipt, a weekend last day kept`, () => {
      for (let ms = from; ms <= Date.UTC(2040, 11, 31); ms += DAY) {
        // 04:00 UTC is midday in Hong Kong and Bangkok: the local receipt date is the UTC date.
        const r = received(id, 'access', `${iso(ms)}T04:00:00Z`, tz);
        expect(dueDates(r).respondBy.date, iso(ms)).toBe(iso(ms + days * DAY));
      }
    });
  }
});

describe('model-based properties, large run', () => {
  it('5,000 random sequences', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(
        receiveArb(),
        fc.array(stepArb, { maxLength: 40 }),
        (receive, steps) => void checkSequence(reached, receive, steps),
      ),
      { numRuns: 5000 },
    );
    for (const edge of TABLE_EDGES) expect(reached, edge).toContain(edge);
  });
});
