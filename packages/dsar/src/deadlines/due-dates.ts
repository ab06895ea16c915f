/**
 * @module
 * The public deadline functions: the deadlines of a request (`dueDates`), how they were computed
 * (`explainDeadline`), and the deadlines of a receipt alone, without opening a request
 * (`deadlinesFor`).
 */

import { strictObject } from '@privkit/internal/check';
import { type InstantInput, parseDate, requireInstant } from '@privkit/internal/instant';
import { Temporal } from 'temporal-polyfill';
import { DsarError } from '../errors.js';
import { raise } from '../internal/raise.js';
import { text, zone } from '../internal/records.js';
import { checkState } from '../internal/state.js';
import type { DsarState } from '../model.js';
import { computeDeadlines } from './engine.js';
import { type DeadlineOptions, deadlineContext } from './options.js';
import type { DeadlineExplanation, DueDates } from './results.js';

/**
 * The deadlines of a request: respond-by (extended if it was), the end of the first period (the
 * last day to notify an extension), the acknowledgement and forwarding deadlines.
 *
 * @param request - a request state (from `openRequest`, `transition` or a store).
 * @param options - your regime registry, extra holiday calendars, or a calendar override.
 * @returns the deadlines, each a local date and the instant it ends.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` / `INVALID_ARGUMENT` for a state that is not one (a
 *   pause that ends before it starts, say).
 * @throws {@link index!DsarError} `UNKNOWN_REGIME`, `NO_RULE_IN_FORCE`, `UNKNOWN_CALENDAR` when the
 *   rules cannot be found.
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 * import { dueDates } from '@privkit/dsar/deadlines';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T17:00:00-08:00', id: 'R7', regime: 'ccpa', right: 'know',
 *   subject: 'c_19', timeZone: 'America/Los_Angeles', channel: 'web-form',
 * });
 * dueDates(request).respondBy.date;     // "2025-03-17"
 * dueDates(request).acknowledgeBy?.date; // "2025-02-14"
 * ```
 */
export function dueDates(request: DsarState, options?: DeadlineOptions): DueDates {
  return computeDeadlines(checkState(request), deadlineContext(options)).dates;
}

/**
 * How a request's deadline was computed: each step with the provision it relies on, then the
 * deadlines themselves. Show it to the reviewer, the DPO or the regulator.
 *
 * @param request - a request state.
 * @param options - as for {@link dueDates}.
 * @returns the steps and the deadlines.
 * @throws {@link index!DsarError} as {@link dueDates}.
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 * import { explainDeadline } from '@privkit/dsar/deadlines';
 *
 * const { steps } = explainDeadline(openRequest({
 *   type: 'receive', at: '2025-10-31T12:00:00Z', id: 'R9', regime: 'gdpr', right: 'erasure',
 *   subject: 's9', timeZone: 'Europe/Berlin', channel: 'email',
 * }));
 * steps.map((s) => s.step).join('\n');
 * // … "first period: 2025-11-30 is not a working day (calendar "weekends"): moved to 2025-12-01" …
 * ```
 */
export function explainDeadline(request: DsarState, options?: DeadlineOptions): DeadlineExplanation {
  return computeDeadlines(checkState(request), deadlineContext(options));
}

/**
 * What {@link deadlinesFor} needs: a receipt, without a request.
 *
 * @example
 * ```ts
 * import type { ReceiptInput } from '@privkit/dsar/deadlines';
 *
 * const input: ReceiptInput = {
 *   regime: 'ccpa',
 *   receivedAt: '2025-01-31T17:00:00-08:00',
 *   timeZone: 'America/Los_Angeles',
 * };
 * ```
 */
export interface ReceiptInput {
  /** The regime id. */
  readonly regime: string;
  /** When the request was received: an instant, or a calendar date `YYYY-MM-DD` (taken as noon local time). */
  readonly receivedAt: InstantInput;
  /** The controller's IANA time zone. */
  readonly timeZone: string;
  /** The right exercised; default the regime's first right (access or its equivalent). */
  readonly right?: string;
  /** A holiday calendar id overriding the regime's. */
  readonly calendar?: string;
}

/**
 * The deadlines and their explanation for a receipt alone, without opening a request: for a
 * command line (`privkit dsar due`), a form that shows the due date, or a DPA renderer.
 *
 * @param input - regime, receipt and zone.
 * @param options - as for {@link dueDates}.
 * @returns the steps and the deadlines.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` for a key a receipt does not have.
 * @throws {@link index!DsarError} `INVALID_INSTANT` for a receipt that is neither an instant nor a date that exists.
 * @throws {@link index!DsarError} `UNKNOWN_REGIME`, `NO_RULE_IN_FORCE`, `UNKNOWN_CALENDAR`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { deadlinesFor } from '@privkit/dsar/deadlines';
 *
 * deadlinesFor({ regime: 'gdpr', receivedAt: '2025-01-31', timeZone: 'Europe/Paris' }).dates.respondBy.date;
 * // "2025-02-28"
 * ```
 */
export function deadlinesFor(input: ReceiptInput, options?: DeadlineOptions): DeadlineExplanation {
  const o = strictObject(input, ['regime', 'receivedAt', 'timeZone', 'right', 'calendar'], 'input', raise);
  const context = deadlineContext(options);
  const regime = context.regimes.get(text(o['regime'], 'input.regime', raise, 63));
  const timeZone = zone(o['timeZone'], 'input.timeZone');
  let receivedMs: number;
  const date = parseDate(o['receivedAt']);
  if (date !== undefined) {
    receivedMs = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone, plainTime: '12:00' }).epochMilliseconds;
  } else {
    receivedMs = requireInstant(o['receivedAt'], 'input.receivedAt', raise);
  }
  const right = o['right'] === undefined ? (regime.rights[0] as string) : text(o['right'], 'input.right', raise, 63);
  if (!regime.rights.includes(right))
    throw new DsarError('INVALID_ARGUMENT', `"input.right" is not a right under regime "${regime.id}"`, {
      path: 'input.right',
    });
  const receivedAt = new Date(receivedMs).toISOString();
  const state = checkState({
    id: 'receipt',
    regime: regime.id,
    right,
    subject: 'receipt',
    identifiers: [],
    timeZone,
    channel: 'receipt',
    role: 'controller',
    linked: [],
    ...(o['calendar'] === undefined ? {} : { calendar: o['calendar'] }),
    receivedAt,
    status: 'received',
    version: 1,
    updatedAt: receivedAt,
    clock: { pauses: [], extensions: [] },
  });
  return computeDeadlines(state, context);
}
