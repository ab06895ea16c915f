/**
 * @module
 * The request state machine: a declarative transition table (plain data) interpreted by a pure
 * `transition(state, event)`. The table is the single source of truth: it drives `transition`,
 * renders to a Mermaid diagram for the docs, and the exhaustiveness test walks every status ×
 * event pair. Guards that depend on the law (one extension, notified within the first period;
 * only a processor forwards) raise typed errors; a rejected event changes nothing.
 */

import { computeDeadlines, type DeadlineOptions, INSTANT, localDate } from './deadlines.js';
import { DsarError, DsarTransitionError } from './errors.js';
import {
  CLOSED_STATUSES,
  type ClockPause,
  type DsarEvent,
  type DsarEventType,
  type DsarState,
  EVENT_TYPES,
  type ReceiveEvent,
  type RefusalCode,
  STATUSES,
  type Status,
} from './model.js';
import { checkPeriod, getRegime, ruleInForce } from './regimes.js';

/**
 * The transition table: for each status, the events it accepts and the status each leads to.
 * Any pair not listed is rejected with `INVALID_TRANSITION`. Events leading back to the same
 * status (`extend`, `acknowledge`) record a fact without moving the request.
 *
 * @example
 * ```ts
 * import { TRANSITIONS } from '@privkit/dsar';
 *
 * TRANSITIONS.verifying.identity_verified; // "in_progress"
 * TRANSITIONS.fulfilled;                   // {} (closed)
 * ```
 */
export const TRANSITIONS: Readonly<Record<Status, Readonly<Partial<Record<DsarEventType, Status>>>>> = {
  received: {
    start_verification: 'verifying',
    identity_verified: 'in_progress',
    request_information: 'awaiting_information',
    extend: 'received',
    acknowledge: 'received',
    refuse: 'refused',
    withdraw: 'withdrawn',
    forward: 'forwarded',
  },
  verifying: {
    identity_verified: 'in_progress',
    identity_failed: 'refused',
    request_information: 'awaiting_information',
    extend: 'verifying',
    acknowledge: 'verifying',
    refuse: 'refused',
    withdraw: 'withdrawn',
    forward: 'forwarded',
  },
  awaiting_information: {
    information_received: 'verifying',
    identity_failed: 'refused',
    extend: 'awaiting_information',
    acknowledge: 'awaiting_information',
    refuse: 'refused',
    withdraw: 'withdrawn',
  },
  in_progress: {
    request_clarification: 'paused',
    extend: 'in_progress',
    acknowledge: 'in_progress',
    fulfil: 'fulfilled',
    fulfil_partially: 'partially_fulfilled',
    refuse: 'refused',
    withdraw: 'withdrawn',
  },
  paused: {
    clarification_received: 'in_progress',
    extend: 'paused',
    acknowledge: 'paused',
    refuse: 'refused',
    withdraw: 'withdrawn',
  },
  forwarded: {
    controller_acknowledged: 'handed_over',
    withdraw: 'withdrawn',
  },
  fulfilled: {},
  partially_fulfilled: {},
  refused: {},
  withdrawn: {},
  handed_over: {},
};

// Events only a processor may record, and events only a controller may record.
const PROCESSOR_ONLY: readonly DsarEventType[] = ['forward', 'controller_acknowledged'];
const CONTROLLER_ONLY: readonly DsarEventType[] = [
  'start_verification',
  'identity_verified',
  'identity_failed',
  'request_information',
  'request_clarification',
  'extend',
  'fulfil',
  'fulfil_partially',
  'refuse',
];
const REFUSAL_CODES: readonly RefusalCode[] = [
  'manifestly_unfounded',
  'excessive',
  'cannot_verify',
  'exemption',
  'not_applicable',
  'no_data',
];

const instant = (value: unknown, name: string): number => {
  const ms = typeof value === 'string' && INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new DsarError('INVALID_ARGUMENT', `"${name}" must be an ISO 8601 instant with an offset or Z`);
  return ms;
};
const text = (value: unknown, name: string, max = 200): string => {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new DsarError('INVALID_ARGUMENT', `"${name}" must be a non-empty string of at most ${max} characters`);
  }
  return value;
};

/**
 * Creates a request's first state from its `receive` event, checking the regime, the right,
 * the time zone and (for a processor) the DPA terms.
 *
 * @param event - the `receive` event.
 * @param options - holiday calendars, checked here so a bad id fails at receipt.
 * @returns the state, status `received`, version 1.
 * @throws DsarError `INVALID_ARGUMENT`, `UNKNOWN_REGIME`, `NO_RULE_IN_FORCE`, `UNKNOWN_CALENDAR`.
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 *
 * const state = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'REQ-42', regime: 'gdpr', right: 'erasure',
 *   subject: 'cust_8812', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * [state.status, state.version]; // ["received", 1]
 * ```
 */
export function openRequest(event: ReceiveEvent, options: DeadlineOptions = {}): DsarState {
  if (event?.type !== 'receive') throw new DsarError('INVALID_ARGUMENT', '"event.type" must be "receive"');
  text(event.id, 'id');
  text(event.subject, 'subject');
  text(event.channel, 'channel', 60);
  instant(event.at, 'at');
  const regime = getRegime(event.regime);
  if (!regime.rights.includes(event.right))
    throw new DsarError('INVALID_ARGUMENT', `"right" is not a right under regime "${regime.id}"`);
  const role = event.role ?? 'controller';
  if (role !== 'controller' && role !== 'processor')
    throw new DsarError('INVALID_ARGUMENT', '"role" must be "controller" or "processor"');
  if (role === 'processor') {
    if (event.contract === undefined) throw new DsarError('INVALID_ARGUMENT', '"contract" is required for a processor');
    text(event.contract.controller, 'contract.controller');
    text(event.contract.citation, 'contract.citation');
    checkPeriod(event.contract.forwardWithin, 'contract.forwardWithin');
  }
  for (const [i, id] of (event.identifiers ?? []).entries()) {
    text(id?.type, `identifiers[${i}].type`, 40);
    if (typeof id.digest !== 'string' || !/^[0-9a-f]{64}$/.test(id.digest)) {
      throw new DsarError(
        'INVALID_ARGUMENT',
        `"identifiers[${i}].digest" must be a 64-digit hex digest (use digestIdentifier)`,
      );
    }
  }
  const state: DsarState = {
    id: event.id,
    regime: regime.id,
    right: event.right,
    subject: event.subject,
    identifiers: event.identifiers ?? [],
    timeZone: event.timeZone,
    channel: event.channel,
    role,
    ...(event.contract ? { contract: event.contract } : {}),
    linked: event.linked ?? [],
    ...(event.calendar ? { calendar: event.calendar } : {}),
    receivedAt: event.at,
    status: 'received',
    version: 1,
    updatedAt: event.at,
    clock: { pauses: [], extensions: [] },
  };
  // Validates the time zone, the rule in force and the calendar now, not at the first reminder.
  computeDeadlines(state, options);
  return state;
}

function reject(
  state: DsarState,
  event: DsarEvent,
  code: ConstructorParameters<typeof DsarError>[0],
  message: string,
): never {
  throw new DsarTransitionError(code, state.status, event.type, message);
}

const closePause = (pauses: readonly ClockPause[], reason: ClockPause['reason'], at: string): ClockPause[] =>
  pauses.map((p) => (p.reason === reason && p.to === undefined ? { ...p, to: at } : p));

/**
 * Applies one event to a request: looks the pair up in {@link TRANSITIONS}, checks the guards
 * and returns the new state. Pure: the input state is never modified, and a rejected event
 * raises a {@link DsarTransitionError} with nothing changed.
 *
 * @param state - the current state.
 * @param event - the event.
 * @param options - holiday calendars, used by the extension guard.
 * @returns the new state (version + 1).
 * @throws DsarTransitionError `INVALID_TRANSITION` (pair not in the table), `OUT_OF_ORDER`,
 *   `ROLE_MISMATCH`, `EXTENSION_NOT_AVAILABLE`, `EXTENSION_EXHAUSTED`, `EXTENSION_TOO_LATE`,
 *   `MISSING_CITATION`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { openRequest, transition } from '@privkit/dsar';
 *
 * let state = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'REQ-42', regime: 'gdpr', right: 'access',
 *   subject: 'cust_8812', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * state = transition(state, { type: 'identity_verified', at: '2025-02-01T10:00:00Z' });
 * state = transition(state, { type: 'extend', at: '2025-02-10T10:00:00Z', reason: 'complexity' });
 * state.status; // "in_progress"
 * ```
 */
export function transition(state: DsarState, event: DsarEvent, options: DeadlineOptions = {}): DsarState {
  const type = event?.type;
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    throw new DsarTransitionError(
      'INVALID_TRANSITION',
      state.status,
      String(type).slice(0, 40),
      '"event.type" is not a known event',
    );
  }
  const to = TRANSITIONS[state.status][type];
  if (to === undefined)
    reject(state, event, 'INVALID_TRANSITION', `event "${type}" is not allowed in status "${state.status}"`);
  const at = instant(event.at, 'event.at');
  if (at < Date.parse(state.updatedAt))
    reject(state, event, 'OUT_OF_ORDER', `event "${type}" is dated before the request's last event`);
  if (state.role === 'controller' && PROCESSOR_ONLY.includes(type))
    reject(state, event, 'ROLE_MISMATCH', `only a processor records "${type}"`);
  if (state.role === 'processor' && CONTROLLER_ONLY.includes(type))
    reject(state, event, 'ROLE_MISMATCH', `a processor forwards the request to its controller instead of "${type}"`);
  if (event.note !== undefined) text(event.note, 'note', 1000);
  if (event.actor !== undefined) text(event.actor, 'actor', 200);

  let clock = state.clock;
  const extra: { -readonly [K in keyof DsarState]?: DsarState[K] } = {};
  switch (event.type) {
    case 'request_information':
      clock = { ...clock, pauses: [...clock.pauses, { reason: 'identity', from: event.at }] };
      break;
    case 'information_received':
      clock = { ...clock, pauses: closePause(clock.pauses, 'identity', event.at) };
      break;
    case 'request_clarification':
      clock = { ...clock, pauses: [...clock.pauses, { reason: 'clarification', from: event.at }] };
      break;
    case 'clarification_received':
      clock = { ...clock, pauses: closePause(clock.pauses, 'clarification', event.at) };
      break;
    case 'acknowledge':
      if (clock.acknowledgedAt !== undefined)
        reject(state, event, 'INVALID_TRANSITION', 'receipt was already acknowledged');
      clock = { ...clock, acknowledgedAt: event.at };
      break;
    case 'extend': {
      text(event.reason, 'reason');
      const receivedOn = localDate(state.receivedAt, state.timeZone).toString();
      const rule = ruleInForce(state.regime, receivedOn);
      const ext = rule.rightPeriods?.[state.right] === undefined ? rule.extension : undefined;
      if (ext === undefined)
        reject(
          state,
          event,
          'EXTENSION_NOT_AVAILABLE',
          `regime "${state.regime}" allows no extension for this request`,
        );
      if (clock.extensions.length >= ext.times)
        reject(state, event, 'EXTENSION_EXHAUSTED', `regime "${state.regime}" allows ${ext.times} extension(s)`);
      if (ext.period === undefined && event.until === undefined)
        reject(
          state,
          event,
          'INVALID_ARGUMENT',
          '"until" is required: this regime lets the controller name the new date',
        );
      if (event.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(event.until))
        reject(state, event, 'INVALID_ARGUMENT', '"until" must be an ISO date');
      if (ext.noticeWithinFirstPeriod) {
        const { dates } = computeDeadlines(state, options);
        if (at >= dates.firstPeriodEnds.epochMs)
          reject(
            state,
            event,
            'EXTENSION_TOO_LATE',
            'the subject must be told of an extension before the first period ends',
          );
      }
      clock = {
        ...clock,
        extensions: [
          ...clock.extensions,
          { at: event.at, reason: event.reason, ...(event.until ? { until: event.until } : {}) },
        ],
      };
      break;
    }
    case 'fulfil':
    case 'fulfil_partially': {
      const outcomes = event.outcomes ?? [];
      if (!Array.isArray(outcomes)) reject(state, event, 'INVALID_ARGUMENT', '"outcomes" must be an array');
      for (const [i, o] of outcomes.entries()) {
        text(o?.source, `outcomes[${i}].source`);
        if (!['done', 'not_found', 'retained', 'failed'].includes(o.status))
          reject(state, event, 'INVALID_ARGUMENT', `"outcomes[${i}].status" is not a known outcome`);
        if (o.status === 'retained' && !o.citation)
          reject(
            state,
            event,
            'MISSING_CITATION',
            `"outcomes[${i}]" is retained: cite the rule that obliges retention`,
          );
      }
      const complete = outcomes.every((o) => o.status === 'done' || o.status === 'not_found');
      if (event.type === 'fulfil' && !complete)
        reject(state, event, 'INVALID_ARGUMENT', 'an outcome is retained or failed: use "fulfil_partially"');
      if (event.type === 'fulfil_partially' && complete)
        reject(state, event, 'INVALID_ARGUMENT', '"fulfil_partially" needs at least one retained or failed outcome');
      extra.outcomes = outcomes;
      break;
    }
    case 'refuse':
      if (!REFUSAL_CODES.includes(event.code))
        reject(state, event, 'INVALID_ARGUMENT', '"code" is not a known refusal reason');
      if (typeof event.citation !== 'string' || event.citation.trim() === '')
        reject(state, event, 'MISSING_CITATION', 'a refusal must cite the provision it relies on');
      extra.refusal = { code: event.code, citation: event.citation };
      break;
    case 'identity_failed':
      extra.refusal = { code: 'cannot_verify', citation: 'GDPR Art 12(2), 12(6); 11 CCR § 7022' };
      break;
    case 'forward':
      extra.forwarding = { at: event.at };
      break;
    case 'controller_acknowledged':
      extra.forwarding = { ...(state.forwarding ?? { at: event.at }), acknowledgedAt: event.at };
      break;
    default:
      break;
  }
  // Asking for more information, or withdrawing or refusing while waiting, closes open pauses.
  if (CLOSED_STATUSES.includes(to)) {
    clock = { ...clock, pauses: clock.pauses.map((p) => (p.to === undefined ? { ...p, to: event.at } : p)) };
    extra.closedAt = event.at;
  }
  return { ...state, ...extra, status: to, version: state.version + 1, updatedAt: event.at, clock };
}

/**
 * Whether a request is still open (not fulfilled, refused, withdrawn or handed over).
 *
 * @param state - a request state.
 * @returns `true` while the request is open.
 * @example
 * ```ts
 * import { isOpen, openRequest } from '@privkit/dsar';
 *
 * isOpen(openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'UTC', channel: 'email',
 * })); // true
 * ```
 */
export function isOpen(state: Pick<DsarState, 'status'>): boolean {
  return !CLOSED_STATUSES.includes(state.status);
}

/**
 * Renders the transition table as a Mermaid state diagram, for the docs.
 *
 * @param table - the table; {@link TRANSITIONS} by default.
 * @returns Mermaid `stateDiagram-v2` source.
 * @example
 * ```ts
 * import { toMermaid } from '@privkit/dsar';
 *
 * toMermaid().split('\n')[0]; // "stateDiagram-v2"
 * ```
 */
export function toMermaid(
  table: Readonly<Record<string, Readonly<Partial<Record<string, string>>>>> = TRANSITIONS,
): string {
  const lines = ['stateDiagram-v2', '  [*] --> received: receive'];
  for (const from of Object.keys(table)) {
    const edges = new Map<string, string[]>();
    for (const [event, to] of Object.entries(table[from] ?? {})) {
      if (to === undefined) continue;
      edges.set(to, [...(edges.get(to) ?? []), event]);
    }
    for (const [to, events] of edges) lines.push(`  ${from} --> ${to}: ${events.join(', ')}`);
    if (edges.size === 0) lines.push(`  ${from} --> [*]`);
  }
  return lines.join('\n');
}

/** @internal Every status, for the exhaustiveness test. */
export const ALL_STATUSES: readonly Status[] = STATUSES;
