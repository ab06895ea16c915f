/**
 * @module
 * Reminders: the deadlines already missed and those coming up, over any number of requests.
 */

import { requireDuration } from '@privkit/internal/duration';
import { type InstantInput, parseInstant, requireInstant } from '@privkit/internal/instant';
import { raise } from '../internal/raise.js';
import { checkState } from '../internal/state.js';
import { CLOSED_STATUSES, type DsarState } from '../model.js';
import { computeDeadlines } from './engine.js';
import { type DeadlineContext, type DeadlineOptions, deadlineContext } from './options.js';
import type { Due } from './results.js';

/**
 * A missed or coming deadline, from {@link overdue} and {@link dueWithin}.
 *
 * @example
 * ```ts
 * import type { DeadlineAlert } from '@privkit/dsar/deadlines';
 *
 * const alert: DeadlineAlert = {
 *   id: 'R1', kind: 'response',
 *   due: { date: '2025-02-28', endsAt: '2025-02-28T23:00:00.000Z' },
 *   onMiss: 'breach', basis: 'statute',
 * };
 * ```
 */
export interface DeadlineAlert {
  /** The request id. */
  readonly id: string;
  /** Which deadline: the response, the acknowledgement, or a processor's forwarding. */
  readonly kind: 'response' | 'acknowledgement' | 'forward';
  /** The deadline. */
  readonly due: Due;
  /** What a missed response means under the rule. */
  readonly onMiss: 'breach' | 'deemed-refusal';
  /** Whether the deadline is the law's or your internal target where the law sets no fixed period. */
  readonly basis: 'statute' | 'internal-target';
}

interface TimedAlert {
  readonly alert: DeadlineAlert;
  readonly ms: number;
}

function alerts(request: DsarState, context: DeadlineContext): TimedAlert[] {
  if (CLOSED_STATUSES.includes(request.status)) return [];
  const d = computeDeadlines(request, context).dates;
  const out: TimedAlert[] = [];
  const push = (kind: DeadlineAlert['kind'], due: Due) => {
    const ms = parseInstant(due.endsAt) as number;
    // Only the response has the law's or the target's basis; acknowledgement and forwarding are fixed.
    const basis = kind === 'response' ? d.basis : 'statute';
    out.push({ alert: Object.freeze({ id: request.id, kind, due, onMiss: d.onMiss, basis }), ms });
  };
  if (request.role === 'processor') {
    if (d.forwardBy && request.forwarding === undefined) push('forward', d.forwardBy);
    return out;
  }
  if (d.acknowledgeBy && request.clock.acknowledgedAt === undefined) push('acknowledgement', d.acknowledgeBy);
  // A stopped clock has no running deadline to remind about.
  if (!d.paused) push('response', d.respondBy);
  return out;
}

/** @internal Every outstanding deadline of checked states, soonest first. */
export function outstanding(requests: Iterable<unknown>, context: DeadlineContext, path = 'requests'): TimedAlert[] {
  const out: TimedAlert[] = [];
  let i = 0;
  for (const r of requests) out.push(...alerts(checkState(r, `${path}[${i++}]`), context));
  return out.sort((a, b) => a.ms - b.ms);
}

/** @internal The earliest outstanding deadline of a request (RFC 3339), or `null`. */
export function nextDueAt(state: DsarState, context: DeadlineContext): string | null {
  return outstanding([state], context)[0]?.alert.due.endsAt ?? null;
}

/**
 * The deadlines already missed at `now`, among open requests (closed ones and stopped clocks
 * are skipped), most overdue first.
 *
 * @param requests - request states.
 * @param now - the current instant: a `Date`, epoch milliseconds or RFC 3339 text.
 * @param options - as for `dueDates`.
 * @returns one alert per missed deadline.
 * @throws {@link index!DsarError} `INVALID_INSTANT` when `now` is not an instant; otherwise as `dueDates`.
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 * import { overdue } from '@privkit/dsar/deadlines';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * overdue([request], '2025-02-28T22:59:59Z').length; // 0 (23:59:59 in Paris)
 * overdue([request], '2025-02-28T23:00:00Z').length; // 1
 * ```
 */
export function overdue(requests: Iterable<DsarState>, now: InstantInput, options?: DeadlineOptions): DeadlineAlert[] {
  const at = requireInstant(now, 'now', raise);
  return outstanding(requests, deadlineContext(options))
    .filter((a) => a.ms <= at)
    .map((a) => a.alert);
}

/**
 * The deadlines that end within `period` from `now` (not yet missed), soonest first: for
 * reminders.
 *
 * @param requests - request states.
 * @param period - an ISO 8601 duration of weeks, days or clock units, such as `P7D` or `PT48H` (a day
 *   is 24 hours here).
 * @param now - the current instant; default now.
 * @param options - as for `dueDates`.
 * @returns one alert per coming deadline.
 * @throws {@link index!DsarError} `INVALID_DURATION` for a malformed duration or one in months or years.
 * @throws {@link index!DsarError} `INVALID_INSTANT` when `now` is not an instant.
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 * import { dueWithin } from '@privkit/dsar/deadlines';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * dueWithin([request], 'P7D', '2025-02-22T12:00:00Z').map((a) => a.kind); // ["response"]
 * ```
 */
export function dueWithin(
  requests: Iterable<DsarState>,
  period: string,
  now: InstantInput = Date.now(),
  options?: DeadlineOptions,
): DeadlineAlert[] {
  const at = requireInstant(now, 'now', raise);
  const p = requireDuration(period, 'period', raise, ['weeks', 'days', 'hours', 'minutes', 'seconds']);
  const span = ((((p.weeks * 7 + p.days) * 24 + p.hours) * 60 + p.minutes) * 60 + p.seconds) * 1000;
  return outstanding(requests, deadlineContext(options))
    .filter((a) => a.ms > at && a.ms <= at + span)
    .map((a) => a.alert);
}
