/**
 * @module
 * The generated holiday calendars: committed output equals what scripts/holidays.mjs generates
 * now (so the data cannot drift from its source and overrides), the shipped calendars match the
 * official lists in test/vectors/holidays/official.json day for day, and a day outside a
 * calendar's coverage is refused, never taken for a working day.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without declarations.
import { generate } from '../scripts/holidays.mjs';
import { deadlinesFor } from '../src/deadlines/index.js';
import { CALENDARS, extendCalendar, isWorkingDay } from '../src/regimes/index.js';

interface OfficialList {
  readonly calendar: string;
  readonly from: string;
  readonly to: string;
  readonly days: readonly string[];
}

const official = JSON.parse(readFileSync(new URL('./vectors/holidays/official.json', import.meta.url), 'utf8')) as {
  lists: OfficialList[];
};

describe('generated holiday calendars', () => {
  it('the committed files are what the generator makes from the pinned date-holidays and calendars.json', () => {
    const files = generate() as Map<string, string>;
    for (const [name, text] of files)
      expect(readFileSync(new URL(`../src/calendars/${name}`, import.meta.url), 'utf8'), name).toBe(text);
    expect(Object.keys(CALENDARS).length).toBe(files.size - 1 + 2);
  });

  for (const list of official.lists) {
    it(`${list.calendar} holds exactly the official weekday holidays from ${list.from} to ${list.to}`, () => {
      const calendar = CALENDARS[list.calendar]!;
      const inSpan = calendar.holidays.filter((d) => d >= list.from && d <= list.to);
      expect(inSpan).toEqual([...list.days].sort());
    });
  }

  it('every shipped calendar covers its span with no holiday outside it, and says where its data comes from', () => {
    for (const calendar of Object.values(CALENDARS)) {
      expect(calendar.coverage.from <= calendar.coverage.to, calendar.id).toBe(true);
      expect(calendar.source?.length ?? 0, calendar.id).toBeGreaterThan(10);
      for (const day of calendar.holidays) {
        expect(day >= calendar.coverage.from && day <= calendar.coverage.to, `${calendar.id} ${day}`).toBe(true);
      }
    }
    for (const id of ['gb-eaw', 'gb-sct', 'gb-nir', 'us-federal', 'de', 'fr', 'ca', 'ca-qc', 'br'])
      expect(CALENDARS[id]?.coverage, id).toEqual({ from: '2000-01-01', to: '2100-12-31' });
    expect(CALENDARS['de']?.license).toBe('CC-BY-SA-3.0');
    expect(CALENDARS['us-federal']?.license).toBe('MIT');
  });

  it('a day outside the coverage is refused, not a working day (Singapore: gazetted to 2026)', () => {
    expect(() => isWorkingDay(CALENDARS['sg']!, '2027-03-10')).toThrowError(
      expect.objectContaining({ code: 'OUTSIDE_CALENDAR' }),
    );
    expect(isWorkingDay(CALENDARS['sg']!, '2026-03-20')).toBe(true);
    const later = extendCalendar(CALENDARS['sg']!, {
      id: 'sg-x',
      holidays: ['2027-03-10'],
      coverage: { from: '2000-01-01', to: '2027-12-31' },
    });
    expect(isWorkingDay(later, '2027-03-10')).toBe(false);
    expect(() =>
      deadlinesFor({ regime: 'uk-gdpr', receivedAt: '2100-12-15', timeZone: 'Europe/London', calendar: 'gb-eaw' }),
    ).toThrowError(expect.objectContaining({ code: 'OUTSIDE_CALENDAR' }));
  });

  it('explains which calendar was used and what it covers', () => {
    const { steps } = deadlinesFor({ regime: 'quebec', receivedAt: '2025-04-24', timeZone: 'America/Toronto' });
    const text = steps.map((s) => s.step).join('\n');
    expect(text).toContain('holiday calendar "ca-qc"');
    expect(text).toContain('2000-01-01 to 2100-12-31');
    expect(steps.some((s) => s.citation?.includes('I-16'))).toBe(true);
  });
});
