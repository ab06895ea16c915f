/**
 * @module
 * Local dates in the controller's time zone and the instants where a local day ends. Every
 * deadline ends at the end of a local day, so these two conversions are on every hot path.
 */

import { formatInstant } from '@privkit/internal/instant';
import { Temporal } from 'temporal-polyfill';
import type { Due } from '../deadlines/results.js';
import { DsarError } from '../errors.js';

// One Intl formatter per zone: the polyfill's Instant → ZonedDateTime builds zone data on every
// call (about 4,500 a second here); a cached formatter answers the local date ~50 times faster
// from the same IANA data, which matters when `overdue` walks thousands of requests.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** @internal The cached formatter of a zone; `INVALID_ARGUMENT` naming `path` for an unknown zone. */
export function formatter(timeZone: unknown, path = 'timeZone'): Intl.DateTimeFormat {
  let f = typeof timeZone === 'string' ? formatters.get(timeZone) : undefined;
  if (f === undefined) {
    // Intl accepts offsets such as "+01:00" too; a deadline needs a zone's DST rules, so only
    // IANA names (and UTC) are accepted.
    if (typeof timeZone !== 'string' || !/^(?:UTC|[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*)$/.test(timeZone))
      throw new DsarError('INVALID_ARGUMENT', `"${path}" must be an IANA time zone id`, { path });
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        era: 'short',
      });
    } catch (cause) {
      throw new DsarError('INVALID_ARGUMENT', `"${path}" must be an IANA time zone id`, { path, cause });
    }
    if (formatters.size >= 512) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** @internal The local date of an instant (epoch ms) in a zone. */
export function localDate(ms: number, timeZone: string): Temporal.PlainDate {
  const key = `${ms}|${timeZone}`;
  const hit = localDates.get(key);
  if (hit !== undefined) return hit;
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  const year = parts['era'] === 'BC' || parts['era'] === 'B' ? 1 - Number(parts['year']) : Number(parts['year']);
  const date = Temporal.PlainDate.from({ year, month: Number(parts['month']), day: Number(parts['day']) });
  if (localDates.size >= 4096) localDates.clear();
  localDates.set(key, date);
  return date;
}

// A request's deadlines are computed again and again from the same instants (every dueDates,
// overdue and reminder pass reads its receipt and pauses): remember recent (instant, zone) pairs.
// A PlainDate is immutable, so one can be shared.
const localDates = new Map<string, Temporal.PlainDate>();

/** @internal A deadline with its end in epoch ms, for sorting and comparing without parsing. */
export interface DueMs {
  readonly due: Due;
  readonly ms: number;
}

// Many requests share a due date: remember the instants of recent (date, zone) pairs.
const dues = new Map<string, DueMs>();

/** @internal The {@link Due} for a local date in a zone. */
export function dueOn(date: Temporal.PlainDate, timeZone: string): DueMs {
  const key = `${date}|${timeZone}`;
  const hit = dues.get(key);
  if (hit !== undefined) return hit;
  // The next local day's first instant (Temporal resolves a skipped midnight to the first valid
  // instant): the deadline is everything before it.
  const ms = date.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
  const due: DueMs = Object.freeze({ due: Object.freeze({ date: date.toString(), endsAt: formatInstant(ms) }), ms });
  if (dues.size >= 4096) dues.clear();
  dues.set(key, due);
  return due;
}
