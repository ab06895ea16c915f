/**
 * @module
 * Legal holds for `@privkit/retention`: while a request is open, its subject's data must not be
 * swept away by a retention schedule (erasing what an access request must disclose would defeat
 * it; GDPR Art 12(3), Art 15). The hold is plain data in the shape retention's `LegalHold` has;
 * `tests/` at the repository root checks both shapes against each other.
 */

import { strictOptions } from '@privkit/internal/check';
import { parseInstant } from '@privkit/internal/instant';
import type { LegalHold } from '@privkit/internal/legal-hold';
import { type DeadlineContext, deadlineContext } from './deadlines/options.js';
import { raise } from './internal/raise.js';
import { text } from './internal/records.js';
import { checkState } from './internal/state.js';
import { localDate } from './internal/time.js';
import { CLOSED_STATUSES, type DsarState } from './model.js';
import { ruleOn } from './regime.js';
import type { RegimeRegistry } from './registry.js';

// One shape for both packages, defined once in @privkit/internal: a dsar hold is a retention hold
// by construction, and tests/types/legal-hold.ts checks it against the published declarations.
export type { LegalHold };

/** @internal The hold an open request places, or `undefined` for a closed one. */
export function holdOf(state: DsarState, context: DeadlineContext): LegalHold | undefined {
  if (CLOSED_STATUSES.includes(state.status)) return undefined;
  const receivedOn = localDate(parseInstant(state.receivedAt) as number, state.timeZone).toString();
  const rule = ruleOn(context.regimes.get(state.regime), receivedOn);
  return {
    id: `dsar:${state.id}`,
    scope: { subject: state.subject },
    reason: 'open data-subject request',
    citation: rule.citation,
    source: `dsar:${state.id}`,
    placedAt: state.receivedAt,
    until: { event: `dsar:${state.id}:closed` },
  };
}

/**
 * The legal holds that open requests place on their subject's data, in `@privkit/retention`'s
 * shape: one per open request, lifted by the event `dsar:<id>:closed`. For every open request in
 * a store, use the store's or the service's `openHolds()`.
 *
 * @param requests - request states (closed ones are skipped).
 * @param options - `subject`: only this subject's holds; `regimes`: your regime registry.
 * @returns the holds (new objects: yours to keep or change).
 * @throws {@link index!DsarError} `UNKNOWN_KEY` / `INVALID_OPTIONS` for malformed options;
 *   `INVALID_ARGUMENT` for a malformed state.
 * @example
 * ```ts
 * import { holdsFor, openRequest } from '@privkit/dsar';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'REQ-42', regime: 'gdpr', right: 'access',
 *   subject: 'cust_8812', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * holdsFor([request], { subject: 'cust_8812' })[0]?.until; // { event: "dsar:REQ-42:closed" }
 * ```
 */
export function holdsFor(
  requests: Iterable<DsarState>,
  options?: { readonly subject?: string; readonly regimes?: RegimeRegistry },
): LegalHold[] {
  const o = strictOptions(options, ['subject', 'regimes'], raise);
  const subject = o['subject'] === undefined ? undefined : text(o['subject'], 'options.subject', raise);
  const context = deadlineContext(o['regimes'] === undefined ? undefined : { regimes: o['regimes'] });
  const holds: LegalHold[] = [];
  let i = 0;
  for (const r of requests) {
    const state = checkState(r, `requests[${i++}]`);
    if (subject !== undefined && state.subject !== subject) continue;
    const hold = holdOf(state, context);
    if (hold !== undefined) holds.push(hold);
  }
  return holds;
}
