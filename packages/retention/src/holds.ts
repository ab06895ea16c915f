/**
 * @module
 * Legal holds: a plain shape any source can produce (a litigation hold, an open tax assessment,
 * an open data-subject request from `@privkit/dsar`'s `holdsFor(subject)`). A hold covers a
 * subject, a category or one record; while it is active, nothing it covers is deleted, whatever
 * the retention rules say.
 */

import { RetentionError } from './errors.js';
import { endOfDate, toEpoch } from './internal/time.js';

/**
 * A legal hold. `@privkit/dsar` emits exactly this shape for open requests.
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
export interface LegalHold {
  /** A stable id, reported as the deciding hold. */
  id: string;
  /** What it covers: every record of a subject, a whole category, or one record. */
  scope:
    | {
        /** Every record of this data subject. */
        subject: string;
      }
    | {
        /** Every record of this data category. */
        category: string;
      }
    | {
        /** This one record id. */
        record: string;
      };
  /** Why, in words an auditor understands ("open access request", "tax audit 2025"). */
  reason: string;
  /** The legal text behind it, such as `Art. 17(3)(e) GDPR` or `AO §147`. */
  citation?: string;
  /** Who placed it, such as `dsar:REQ-42`. */
  source?: string;
  /** When it was placed (RFC 3339 instant). */
  placedAt: string;
  /** When it ends on its own; absent = until lifted explicitly. */
  until?:
    | {
        /** `YYYY-MM-DD` (through the end of that day in the policy's zone) or an RFC 3339 instant. */
        date: string;
      }
    | {
        /** The name of the event that ends the hold. */
        event: string;
      };
}

/** Events that have happened, by name, with the instant each happened (for event triggers of holds). */
export type OccurredEvents = Readonly<Record<string, string | number | Date>>;

/** @internal Active holds indexed for matching. */
export interface HoldIndex {
  readonly subjects: ReadonlyMap<string, LegalHold>;
  readonly categories: ReadonlyMap<string, LegalHold>;
  readonly records: ReadonlyMap<string, LegalHold>;
  readonly size: number;
}

/**
 * Checks that `hold` has the {@link LegalHold} shape.
 *
 * @param hold - a value to check.
 * @param path - where it came from, for the message.
 * @returns the hold, typed.
 * @throws RetentionError `INVALID_HOLD` naming the field, never a subject.
 * @example
 * ```ts
 * import { assertLegalHold } from '@privkit/retention';
 *
 * assertLegalHold({ id: 'H-1', scope: { category: 'invoice' }, reason: 'tax audit 2025', placedAt: '2026-11-23T09:00:00Z' });
 * ```
 */
export function assertLegalHold(hold: unknown, path = 'hold'): LegalHold {
  const h = hold as LegalHold;
  const fail = (field: string, what: string) => new RetentionError('INVALID_HOLD', `${path}.${field} ${what}`);
  if (h === null || typeof h !== 'object') throw new RetentionError('INVALID_HOLD', `${path} must be an object`);
  if (typeof h.id !== 'string' || h.id === '') throw fail('id', 'must be a non-empty string');
  if (typeof h.reason !== 'string' || h.reason === '') throw fail('reason', 'must be a non-empty string');
  if (Number.isNaN(toEpoch(h.placedAt)) || typeof h.placedAt !== 'string')
    throw fail('placedAt', 'must be an RFC 3339 instant');
  const scope = h.scope as Record<string, unknown> | null;
  const keys =
    scope !== null && typeof scope === 'object' ? Object.keys(scope).filter((k) => scope[k] !== undefined) : [];
  if (
    keys.length !== 1 ||
    !['subject', 'category', 'record'].includes(keys[0] as string) ||
    typeof scope?.[keys[0] as string] !== 'string' ||
    scope?.[keys[0] as string] === ''
  ) {
    throw fail('scope', 'must be exactly one of { subject }, { category } or { record }, a non-empty string');
  }
  if (h.until !== undefined) {
    const until = h.until as { date?: unknown; event?: unknown };
    const okDate =
      typeof until?.date === 'string' && (/^\d{4}-\d{2}-\d{2}$/.test(until.date) || !Number.isNaN(toEpoch(until.date)));
    const okEvent = typeof until?.event === 'string' && until.event !== '';
    if (okDate === okEvent) throw fail('until', 'must be { date: "YYYY-MM-DD" or an instant } or { event: name }');
  }
  return h;
}

/**
 * Whether a hold is active at `now`.
 *
 * @param hold - the hold.
 * @param now - epoch milliseconds.
 * @param timeZone - where a `until.date` ends.
 * @param occurred - events that happened, by name.
 * @returns true while it holds.
 * @example
 * ```ts
 * import { isHoldActive } from '@privkit/retention';
 *
 * const hold = { id: 'H-1', scope: { category: 'invoice' }, reason: 'tax audit', placedAt: '2026-01-05T09:00:00Z', until: { date: '2026-12-31' } };
 * isHoldActive(hold, Date.parse('2026-12-31T23:00:00Z'), 'UTC'); // true
 * isHoldActive(hold, Date.parse('2027-01-01T00:00:00Z'), 'UTC'); // false
 * ```
 */
export function isHoldActive(hold: LegalHold, now: number, timeZone: string, occurred?: OccurredEvents): boolean {
  const until = hold.until;
  if (until === undefined) return true;
  if ('event' in until) {
    const at = occurred?.[until.event];
    return at === undefined || !(toEpoch(at) <= now);
  }
  const end = /^\d{4}-\d{2}-\d{2}$/.test(until.date) ? endOfDate(until.date, timeZone) : toEpoch(until.date);
  return !(end <= now);
}

/** @internal Validates and indexes the holds active at `now`. The first hold given wins ties. */
export function indexHolds(
  holds: readonly LegalHold[] | undefined,
  now: number,
  timeZone: string,
  occurred?: OccurredEvents,
): HoldIndex {
  const subjects = new Map<string, LegalHold>();
  const categories = new Map<string, LegalHold>();
  const records = new Map<string, LegalHold>();
  let size = 0;
  (holds ?? []).forEach((hold, i) => {
    assertLegalHold(hold, `holds[${i}]`);
    if (!isHoldActive(hold, now, timeZone, occurred)) return;
    size++;
    const scope = hold.scope as { subject?: string; category?: string; record?: string };
    if (scope.subject !== undefined && !subjects.has(scope.subject)) subjects.set(scope.subject, hold);
    if (scope.category !== undefined && !categories.has(scope.category)) categories.set(scope.category, hold);
    if (scope.record !== undefined && !records.has(scope.record)) records.set(scope.record, hold);
  });
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
