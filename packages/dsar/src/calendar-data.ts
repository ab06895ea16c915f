/**
 * @module
 * The compact form of the generated holiday calendars (`src/calendars/`): the gaps between
 * consecutive holidays, two base-36 digits each, decoded on first use. A calendar of a hundred
 * years is about 2 kB of text this way, against 12 kB as ISO dates.
 */

import type { HolidayCalendar } from './calendar.js';

/** @internal The fields of a generated calendar other than its holidays. */
export type CalendarHead = Omit<HolidayCalendar, 'holidays'>;

const DAY = 86_400_000;

/** @internal The holidays of a packed calendar as `YYYY-MM-DD` text. */
export function unpack(packed: string, from: string): string[] {
  let day = Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, Number(from.slice(8, 10))) / DAY - 1;
  const out: string[] = [];
  for (let i = 0; i < packed.length; i += 2) {
    day += Number.parseInt(packed.slice(i, i + 2), 36);
    out.push(new Date(day * DAY).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * @internal A generated calendar: plain data whose `holidays` are decoded the first time they are
 * read (most processes use one or two of the shipped calendars).
 */
export function packedCalendar(head: CalendarHead, packed: string): HolidayCalendar {
  let holidays: readonly string[] | undefined;
  const calendar = { ...head } as HolidayCalendar;
  Object.defineProperty(calendar, 'holidays', {
    enumerable: true,
    get: () => {
      holidays ??= Object.freeze(unpack(packed, head.coverage.from));
      return holidays;
    },
  });
  return Object.freeze(calendar);
}
