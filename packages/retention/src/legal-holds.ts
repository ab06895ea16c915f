/**
 * @module
 * Legal holds: a plain shape any source can produce (a litigation hold, an open tax assessment,
 * an open data-subject request from `@privkit/dsar`'s `holdsFor(subject)`). A hold covers a
 * subject, a category or one record; while it is active, nothing it covers is deleted, whatever
 * the retention rules say.
 */

import { array, own, plainObject, strictOptions } from '@privkit/internal/check';
import { type InstantInput, parseDate, parseInstant, requireInstant } from '@privkit/internal/instant';
import { type LegalHold, parseLegalHold as parseSharedHold } from '@privkit/internal/legal-hold';
import { raise } from './errors.js';
import { canonicalTimeZone, endOfDate } from './internal/time.js';
import { requireTimeZone } from './internal/time-zone.js';

/**
 * A legal hold: the plain shape `@privkit/dsar` emits for open requests (`holdsFor(subject)`).
 *
 * Semantics chosen here:
 * - A hold is active from the moment it exists (`placedAt` is recorded, not waited for: a hold
 *   placed "in the future" by a skewed clock still holds).
 * - `until: { date }`: a calendar date `YYYY-MM-DD` holds through the end of that day in the
 *   policy's time zone; an RFC 3339 instant holds until that instant.
 * - `until: { event }`: active until the event is reported in the `occurred` map passed to the
 *   planner or sweeper (the tax assessment is final, the court case is closed).
 * - No `until`: active until the hold is removed from the list you pass.
 */
export type { LegalHold };

/** Events that have happened, by name, with the instant each happened (they end holds `until: { event }`). */
export type OccurredEvents = Readonly<Record<string, InstantInput>>;

/** @internal Active holds indexed for matching. */
export interface HoldIndex {
  readonly subjects: ReadonlyMap<string, LegalHold>;
  readonly categories: ReadonlyMap<string, LegalHold>;
  readonly records: ReadonlyMap<string, LegalHold>;
  readonly size: number;
}

/**
 * Checks a legal hold strictly and returns a frozen copy of it.
 *
 * @param hold - a value to check, such as one element of `@privkit/dsar`'s `holdsFor()`.
 * @param path - where it came from, for the message; default `hold`.
 * @returns the hold, checked and frozen (absent and `undefined` fields left out).
 * @throws {@link RetentionError} `UNKNOWN_KEY` when the hold, its scope or its `until` has a key the
 *   shape does not know.
 * @throws {@link RetentionError} `INVALID_ARGUMENT` when a field is missing, empty or of the wrong type.
 * @throws {@link RetentionError} `INVALID_INSTANT` when `placedAt` is not an RFC 3339 instant that exists.
 * @throws {@link RetentionError} `INVALID_DATE` when `until.date` is neither a date nor an instant that exists.
 * @example
 * ```ts
 * import { parseLegalHold } from '@privkit/retention/holds';
 *
 * const hold = parseLegalHold({
 *   id: 'H-1',
 *   scope: { category: 'invoice' },
 *   reason: 'tax audit 2025',
 *   placedAt: '2026-11-23T09:00:00Z',
 * });
 * Object.isFrozen(hold); // true
 * ```
 */
export function parseLegalHold(hold: unknown, path = 'hold'): LegalHold {
  return parseSharedHold(hold, path, raise);
}

/** Epoch milliseconds of the event, from `occurred`'s own key only; undefined when it has not happened. */
function occurredAt(occurred: OccurredEvents | undefined, event: string): number | undefined {
  if (occurred === undefined) return undefined;
  const at = own(occurred, event);
  return at === undefined ? undefined : requireInstant(at, `occurred[${JSON.stringify(event.slice(0, 40))}]`, raise);
}

/** @internal `occurred` checked: a plain object whose values are instants. */
export function checkOccurred(occurred: unknown): OccurredEvents | undefined {
  if (occurred === undefined) return undefined;
  const events = plainObject(occurred, 'occurred', raise);
  for (const name of Object.keys(events)) occurredAt(events as OccurredEvents, name);
  return events as OccurredEvents;
}

/** @internal Whether a checked hold is active at `now` (epoch ms). */
export function holdActiveAt(hold: LegalHold, now: number, timeZone: string, occurred?: OccurredEvents): boolean {
  const until = hold.until;
  if (until === undefined) return true;
  if ('event' in until) {
    const at = occurredAt(occurred, until.event);
    return at === undefined || at > now;
  }
  const end = parseDate(until.date) !== undefined ? endOfDate(until.date, timeZone) : parseInstant(until.date);
  return end === undefined || end > now;
}

/** Options of {@link isHoldActive}. */
export interface HoldActivityOptions {
  /** Where a `until.date` ends (the end of that day there); default `UTC`. Use the policy's zone. */
  readonly timeZone?: string | undefined;
  /** Events that happened, by name: a hold `until: { event }` ends when its event has happened. */
  readonly occurred?: OccurredEvents | undefined;
}

/**
 * Whether a hold is active at `now`.
 *
 * @param hold - the hold.
 * @param now - the instant to ask about.
 * @param options - the time zone where a `until.date` ends, and the events that happened.
 * @returns true while it holds.
 * @throws {@link RetentionError} as {@link parseLegalHold} for a hold that does not have the shape.
 * @throws {@link RetentionError} `INVALID_INSTANT` when `now` or an occurred event's instant is not an instant.
 * @throws {@link RetentionError} `INVALID_TIME_ZONE` when `options.timeZone` is not an IANA time zone.
 * @example
 * ```ts
 * import { isHoldActive } from '@privkit/retention/holds';
 *
 * const hold = {
 *   id: 'H-1',
 *   scope: { category: 'invoice' },
 *   reason: 'tax audit',
 *   placedAt: '2026-01-05T09:00:00Z',
 *   until: { date: '2026-12-31' },
 * };
 * isHoldActive(hold, '2026-12-31T23:00:00Z'); // true
 * isHoldActive(hold, '2027-01-01T00:00:00Z'); // false
 * ```
 */
export function isHoldActive(hold: LegalHold, now: InstantInput, options?: HoldActivityOptions): boolean {
  const checked = parseLegalHold(hold);
  const at = requireInstant(now, 'now', raise);
  const o = strictOptions(options, ['timeZone', 'occurred'], raise);
  const timeZone = requireTimeZone(canonicalTimeZone(o['timeZone'] ?? 'UTC'), 'options.timeZone');
  return holdActiveAt(checked, at, timeZone, checkOccurred(o['occurred']));
}

/** @internal Checks and indexes the holds active at `now`. The first hold given wins ties. */
export function indexHolds(
  holds: unknown,
  now: number,
  timeZone: string,
  occurred?: OccurredEvents,
  path = 'holds',
): HoldIndex {
  const subjects = new Map<string, LegalHold>();
  const categories = new Map<string, LegalHold>();
  const records = new Map<string, LegalHold>();
  let size = 0;
  if (holds === undefined) return { subjects, categories, records, size };
  const list = array(holds, path, raise);
  for (let i = 0; i < list.length; i++) {
    const hold = parseLegalHold(list[i], `${path}[${i}]`);
    if (!holdActiveAt(hold, now, timeZone, occurred)) continue;
    size++;
    const scope = hold.scope as { subject?: string; category?: string; record?: string };
    if (scope.subject !== undefined && !subjects.has(scope.subject)) subjects.set(scope.subject, hold);
    if (scope.category !== undefined && !categories.has(scope.category)) categories.set(scope.category, hold);
    if (scope.record !== undefined && !records.has(scope.record)) records.set(scope.record, hold);
  }
  return { subjects, categories, records, size };
}

/** @internal The active hold covering a record, if any: record, then subject, then category. */
export function holdFor(
  index: HoldIndex,
  record: { id: string; category: string; subject?: string | undefined },
): LegalHold | undefined {
  if (index.size === 0) return undefined;
  return (
    index.records.get(record.id) ??
    (record.subject !== undefined ? index.subjects.get(record.subject) : undefined) ??
    index.categories.get(record.category)
  );
}
