/**
 * @module
 * The planner: pure functions over a policy. `plan` sorts many records into due, held, retained,
 * waiting and unmatched, each with the rule or hold that decided it; `explain` says why for one
 * record, in words; `liftHold` says what lifting a hold makes due. No clock is read: `now` is
 * always an argument.
 */

import { strictOptions } from '@privkit/internal/check';
import { formatInstant, type InstantInput, requireInstant } from '@privkit/internal/instant';
import { raise } from './errors.js';
import { createInstantFormatter, createPeriodCalculator, zoned } from './internal/time.js';
import { checkOccurred, holdFor, indexHolds, type LegalHold, type OccurredEvents } from './legal-holds.js';
import type { CompiledRule, RetentionPolicy } from './policy.js';
import { type CheckedRecord, checkRecord, type EpochSchedule, type RetentionRecord, scheduleOf } from './records.js';

/** Options of {@link plan}, {@link explain} and `liftHold`. */
export interface PlanOptions {
  /** The instant to plan at. */
  readonly now: InstantInput;
  /** Legal holds; inactive ones (ended by date or event) are ignored. */
  readonly holds?: readonly LegalHold[] | undefined;
  /** Events that ended holds, by name, with when they happened. */
  readonly occurred?: OccurredEvents | undefined;
}

/** One record's place in a plan. */
export interface PlannedRecord {
  /** The record id. */
  id: string;
  /** The record's category. */
  category: string;
  /** The deciding rule, or null when unmatched. */
  rule: string | null;
  /** When it is due (RFC 3339, UTC), or null when never. */
  dueAt: string | null;
  /** The deciding hold, when one covers the record. */
  hold?: string;
}

/** The result of {@link plan}. */
export interface RetentionPlan {
  /** The instant planned at (RFC 3339, UTC). */
  now: string;
  /** Due and not held: the sweeper deletes these. */
  due: PlannedRecord[];
  /** Due but covered by an active legal hold: kept, with the hold. */
  held: PlannedRecord[];
  /** Not due yet. */
  retained: PlannedRecord[];
  /** Their trigger has not fired: never due until it does. */
  waiting: PlannedRecord[];
  /** No rule covers them: never deleted; a gap in the policy. */
  unmatched: PlannedRecord[];
  /** The earliest `dueAt` among `retained`, or null. */
  nextDueAt: string | null;
  /** How many due records per rule id. */
  dueByRule: Record<string, number>;
}

const PLAN_KEYS = ['now', 'holds', 'occurred'] as const;

/** @internal `now`, the active holds and the occurred events of plan options, checked. */
export function planContext(policy: RetentionPolicy, options: unknown) {
  if (options === undefined) throw raise('INVALID_OPTIONS', 'options', '"options" must be an object with "now"');
  const o = strictOptions(options, PLAN_KEYS, raise);
  const now = requireInstant(o['now'], 'options.now', raise);
  const occurred = checkOccurred(o['occurred']);
  return { now, holds: indexHolds(o['holds'], now, policy.timeZone, occurred, 'options.holds'), raw: o };
}

/**
 * Sorts records into due, held, retained, waiting and unmatched at `now`, each with its deciding
 * rule or hold. Pure: the same input gives the same plan.
 *
 * @param policy - the policy.
 * @param records - the records (any iterable).
 * @param options - `now`, the legal holds and the events that ended holds.
 * @returns the plan.
 * @throws RetentionError `INVALID_RECORD`, `INVALID_HOLD` or `INVALID_TIME`.
 * @example
 * ```ts
 * import { definePolicy, plan } from '@privkit/retention';
 *
 * const policy = definePolicy({ rules: [{ id: 'logs', category: 'log', purpose: 'operations', period: 'P7D' }] });
 * const result = plan(policy, [
 *   { id: 'a', category: 'log', subject: 'u1', collectedAt: '2026-11-01T00:00:00Z' },
 *   { id: 'b', category: 'log', subject: 'u2', collectedAt: '2026-11-01T00:00:00Z' },
 *   { id: 'c', category: 'log', collectedAt: '2026-11-20T00:00:00Z' },
 * ], {
 *   now: '2026-11-23T12:00:00Z',
 *   holds: [
 *     { id: 'dsar:REQ-42', scope: { subject: 'u2' }, reason: 'open access request', placedAt: '2026-11-22T08:00:00Z' },
 *   ],
 * });
 * result.due.map((r) => r.id);   // ["a"]
 * result.held[0]?.hold;           // "dsar:REQ-42"
 * result.nextDueAt;               // "2026-11-27T00:00:00.000Z"
 * ```
 */
export function plan(policy: RetentionPolicy, records: Iterable<RetentionRecord>, options: PlanOptions): RetentionPlan {
  const { now, holds } = planContext(policy, options);
  const result = emptyPlan(now);
  let next = Number.POSITIVE_INFINITY;
  let i = 0;
  // Calendar steps by integer arithmetic where it vouches for them, else per-day windows, else
  // Temporal (same answers); due instants shared by many records are written once.
  const calculate = createPeriodCalculator(policy.timeZone);
  const format = createInstantFormatter();
  for (const record of records) {
    let scheduled: ReturnType<typeof scheduleOf>;
    try {
      scheduled = scheduleOf(policy, record, 'records', calculate);
    } catch {
      // The record's path is written only for an error: reading the record again throws the
      // same error with it (and a record whose getters answer differently now is read as now).
      scheduled = scheduleOf(policy, record, `records[${i}]`, calculate);
    }
    i++;
    const { checked, s } = scheduled;
    const due = placeRecord(
      result,
      { id: checked.id, category: checked.category, rule: null, dueAt: null },
      checked,
      s,
      now,
      holds,
      format,
    );
    if (due < next) next = due;
  }
  if (next !== Number.POSITIVE_INFINITY) result.nextDueAt = formatInstant(next);
  return result;
}

/** @internal An empty plan at `now`. */
export function emptyPlan(now: number): RetentionPlan {
  return {
    now: formatInstant(now),
    due: [],
    held: [],
    retained: [],
    waiting: [],
    unmatched: [],
    nextDueAt: null,
    dueByRule: {},
  };
}

/**
 * @internal Puts one scheduled record into its list of `result` (`entry` gets its rule, due
 * instant and hold); returns its due instant when it is retained (for `nextDueAt`), else +∞.
 */
export function placeRecord(
  result: RetentionPlan,
  entry: Pick<PlannedRecord, 'id' | 'category'> & Partial<PlannedRecord>,
  checked: CheckedRecord,
  s: EpochSchedule,
  now: number,
  holds: ReturnType<typeof indexHolds>,
  format: (ms: number) => string = formatInstant,
): number {
  const planned = entry as PlannedRecord;
  planned.rule = s.compiled?.rule.id ?? null;
  planned.dueAt = s.status === 'scheduled' ? format(s.due) : null;
  if (s.status !== 'scheduled') {
    result[s.status].push(planned);
    return Number.POSITIVE_INFINITY;
  }
  if (s.due > now) {
    result.retained.push(planned);
    return s.due;
  }
  const hold = holdFor(holds, checked);
  if (hold !== undefined) {
    planned.hold = hold.id;
    result.held.push(planned);
  } else {
    result.due.push(planned);
    const rule = planned.rule as string;
    result.dueByRule[rule] = (result.dueByRule[rule] ?? 0) + 1;
  }
  return Number.POSITIVE_INFINITY;
}

/** The result of {@link explain}. */
export interface RetentionExplanation extends PlannedRecord {
  /** The record's state at `now`. */
  status: 'due' | 'held' | 'retained' | 'waiting' | 'unmatched';
  /** The earliest it may be deleted, or null. */
  earliestAt: string | null;
  /** Why, step by step, in words (no record id or subject in them). */
  reasons: string[];
}

/**
 * Why a record is (or is not) due at `now`: the rule with its purpose, legal basis and citation,
 * the trigger and its instant, the period and anchor, the due instant in the policy's time zone,
 * and the hold that keeps it.
 *
 * @param policy - the policy.
 * @param record - the record.
 * @param options - `now`, holds, occurred events.
 * @returns the explanation.
 * @throws {@link RetentionError} as {@link plan}.
 * @example
 * ```ts
 * import { definePolicy, explain } from '@privkit/retention';
 *
 * const policy = definePolicy({
 *   timeZone: 'Europe/Berlin',
 *   rules: [
 *     {
 *       id: 'books',
 *       category: 'invoice',
 *       purpose: 'tax',
 *       legalBasis: 'Art. 6(1)(c) GDPR',
 *       citation: 'HGB §257(4)',
 *       period: 'P10Y',
 *       anchor: 'end-of-year',
 *     },
 *   ],
 * });
 * const invoice = { id: 'inv-7', category: 'invoice', collectedAt: '2026-05-10T09:00:00Z' };
 * const why = explain(policy, invoice, { now: '2026-11-23T00:00:00Z' });
 * why.status; // "retained"
 * why.dueAt;  // "2036-12-31T23:00:00.000Z" (1 January 2037, 00:00 in Berlin)
 * ```
 */
export function explain(policy: RetentionPolicy, record: RetentionRecord, options: PlanOptions): RetentionExplanation {
  const { now, holds } = planContext(policy, options);
  const { checked, s } = scheduleOf(policy, record, 'record');
  const reasons: string[] = [];
  const base = { id: checked.id, category: checked.category, rule: s.compiled?.rule.id ?? null };
  if (s.status === 'unmatched') {
    const why =
      checked.rule !== undefined
        ? `rule "${checked.rule}" of this category`
        : checked.purpose !== undefined
          ? `rule for category "${checked.category}" and purpose "${checked.purpose}"`
          : `rule for category "${checked.category}"`;
    reasons.push(`No ${why} in the policy: the record is never deleted by a sweep.`);
    return { ...base, status: 'unmatched', dueAt: null, earliestAt: null, reasons };
  }
  const c = s.compiled as CompiledRule;
  const r = c.rule;
  const period = typeof r.period === 'string' ? r.period : `${r.period.min} to ${r.period.max}`;
  reasons.push(
    `Rule "${r.id}": category "${r.category}", ` +
      `purpose "${r.purpose}"${r.legalBasis ? `, legal basis ${r.legalBasis}` : ''}` +
      `${r.citation ? ` (${r.citation})` : ''}; ` +
      `period ${period}${c.anchor !== 'none' ? `, anchor ${c.anchor}` : ''}` +
      `${r.exceptionTo ? `; an exception to rule "${r.exceptionTo}"` : ''}.`,
  );
  const trig =
    c.trigger.type === 'event'
      ? `event "${c.trigger.event}"`
      : c.trigger.type === 'last-activity'
        ? 'last activity'
        : 'collection';
  if (s.status === 'waiting') {
    reasons.push(`The trigger (${trig}) has not happened: the record is not due until it does.`);
    return { ...base, status: 'waiting', dueAt: null, earliestAt: null, reasons };
  }
  reasons.push(`Counted from ${trig} at ${zoned(s.trigger as number, policy.timeZone)}.`);
  if (s.earliest !== s.due)
    reasons.push(
      `May be deleted from ${zoned(s.earliest, policy.timeZone)}; must be deleted by ${zoned(s.due, policy.timeZone)}.`,
    );
  else reasons.push(`Due at ${zoned(s.due, policy.timeZone)}.`);
  const planned = { ...base, dueAt: formatInstant(s.due), earliestAt: formatInstant(s.earliest) };
  if (s.due > now) {
    reasons.push(`Not due at ${zoned(now, policy.timeZone)}.`);
    return { ...planned, status: 'retained', reasons };
  }
  const hold = holdFor(holds, checked);
  if (hold !== undefined) {
    const scope =
      'subject' in hold.scope ? "the record's subject" : 'category' in hold.scope ? 'its category' : 'this record';
    reasons.push(
      `Due, but legal hold "${hold.id}" on ${scope} keeps it: ` +
        `${hold.reason}${hold.citation ? ` (${hold.citation})` : ''}.`,
    );
    return { ...planned, status: 'held', hold: hold.id, reasons };
  }
  reasons.push('Due now: the next sweep deletes it.');
  return { ...planned, status: 'due', reasons };
}

/** The result of {@link liftHold}. */
export interface LiftedHold {
  /** Records that become due once the hold is gone. */
  due: PlannedRecord[];
  /** Records it covered that another active hold still keeps. */
  stillHeld: PlannedRecord[];
}

/**
 * What lifting one hold makes due: the records it was keeping that no other hold covers.
 *
 * @param policy - the policy.
 * @param records - the records.
 * @param holdId - the hold to lift.
 * @param options - `now`, the holds (including the one lifted), occurred events.
 * @returns the records that become due, and those still held by another hold.
 * @throws {@link RetentionError} as `plan`.
 * @example
 * ```ts
 * import { definePolicy } from '@privkit/retention';
 * import { liftHold } from '@privkit/retention/holds';
 *
 * const policy = definePolicy({ rules: [{ id: 'logs', category: 'log', purpose: 'operations', period: 'P7D' }] });
 * const holds = [
 *   { id: 'H-1', scope: { category: 'log' }, reason: 'incident review', placedAt: '2026-11-01T00:00:00Z' },
 * ];
 * const records = [{ id: 'a', category: 'log', collectedAt: '2026-11-01T00:00:00Z' }];
 * liftHold(policy, records, 'H-1', { now: '2026-11-23T00:00:00Z', holds }).due.length; // 1
 * ```
 */
export function liftHold(
  policy: RetentionPolicy,
  records: Iterable<RetentionRecord>,
  holdId: string,
  options: PlanOptions,
): LiftedHold {
  if (typeof holdId !== 'string' || holdId === '')
    throw raise('INVALID_ARGUMENT', 'holdId', '"holdId" must be a non-empty string');
  const list = [...records];
  const before = plan(policy, list, options);
  const { now, raw } = planContext(policy, options);
  const occurred = checkOccurred(raw['occurred']);
  const all = ((raw['holds'] ?? []) as readonly LegalHold[]).map((h, i) => [h, i] as const);
  const lifted = indexHolds(
    all.filter(([h]) => h.id === holdId).map(([h]) => h),
    now,
    policy.timeZone,
    occurred,
  );
  const rest = indexHolds(
    all.filter(([h]) => h.id !== holdId).map(([h]) => h),
    now,
    policy.timeZone,
    occurred,
  );
  const byId = new Map<string, CheckedRecord>();
  list.forEach((r, i) => {
    const checked = checkRecord(r, `records[${i}]`);
    byId.set(checked.id, checked);
  });
  const result: LiftedHold = { due: [], stillHeld: [] };
  if (lifted.size === 0) return result;
  for (const entry of before.held) {
    const record = byId.get(entry.id) as CheckedRecord;
    // Every due record the lifted hold covers, whichever hold the plan named as deciding.
    if (holdFor(lifted, record) === undefined) continue;
    const other = holdFor(rest, record);
    if (other === undefined)
      result.due.push({ id: entry.id, category: entry.category, rule: entry.rule, dueAt: entry.dueAt });
    else result.stillHeld.push({ ...entry, hold: other.id });
  }
  return result;
}
