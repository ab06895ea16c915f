/**
 * @module
 * The request state machine: a declarative transition table (plain data) interpreted by a pure
 * `transition(state, event)`. The table is the single source of truth: it drives `transition`,
 * renders to a Mermaid diagram for the docs, and the exhaustiveness test walks every status ×
 * event pair. Guards that depend on the law (one extension, notified within the first period;
 * only a processor forwards) raise typed errors; a rejected event changes nothing. Every state
 * returned is a new, deeply frozen object that shares nothing mutable with the one before.
 */

import { isPlainObject, joinPath, own } from '@privkit/internal/check';
import type { RaiseError, SharedErrorCode } from '@privkit/internal/errors';
import { parseInstant } from '@privkit/internal/instant';
import { computeDeadlines } from './deadlines/engine.js';
import { type DeadlineOptions, deadlineContext } from './deadlines/options.js';
import { DsarError, type DsarErrorCode, DsarTransitionError } from './errors.js';
import { raise } from './internal/raise.js';
import { isEventType, laterEvent, receiveEvent } from './internal/records.js';
import { checkState, nextState, type StateChanges, trust } from './internal/state.js';
import { localDate } from './internal/time.js';
import {
  CLOSED_STATUSES,
  type ClockPause,
  type DsarEvent,
  type DsarEventType,
  type DsarState,
  type ReceiveEvent,
  type SourceOutcome,
  STATUSES,
  type Status,
} from './model.js';
import { ruleOn } from './regime.js';

/**
 * The transition table: for each status, the events it accepts and the status each leads to.
 * Any pair not listed is rejected with `INVALID_TRANSITION`. Events leading back to the same
 * status (`extend`, `acknowledge`) record a fact without moving the request.
 *
 * @example
 * ```ts
 * import { TRANSITIONS } from '@privkit/dsar';
 *
 * TRANSITIONS.verifying['identity-verified']; // "in-progress"
 * TRANSITIONS.fulfilled;                      // {} (closed)
 * ```
 */
export const TRANSITIONS: Readonly<Record<Status, Readonly<Partial<Record<DsarEventType, Status>>>>> =
  /* @__PURE__ */ deepFreezeTable({
    received: {
      'start-verification': 'verifying',
      'identity-verified': 'in-progress',
      'request-information': 'awaiting-information',
      extend: 'received',
      acknowledge: 'received',
      refuse: 'refused',
      withdraw: 'withdrawn',
      forward: 'forwarded',
    },
    verifying: {
      'identity-verified': 'in-progress',
      'identity-failed': 'refused',
      'request-information': 'awaiting-information',
      extend: 'verifying',
      acknowledge: 'verifying',
      refuse: 'refused',
      withdraw: 'withdrawn',
      forward: 'forwarded',
    },
    'awaiting-information': {
      'information-received': 'verifying',
      'identity-failed': 'refused',
      extend: 'awaiting-information',
      acknowledge: 'awaiting-information',
      refuse: 'refused',
      withdraw: 'withdrawn',
    },
    'in-progress': {
      'request-clarification': 'paused',
      extend: 'in-progress',
      acknowledge: 'in-progress',
      fulfil: 'fulfilled',
      'fulfil-partially': 'partially-fulfilled',
      refuse: 'refused',
      withdraw: 'withdrawn',
    },
    paused: {
      'clarification-received': 'in-progress',
      extend: 'paused',
      acknowledge: 'paused',
      refuse: 'refused',
      withdraw: 'withdrawn',
    },
    forwarded: {
      'controller-acknowledged': 'handed-over',
      withdraw: 'withdrawn',
    },
    fulfilled: {},
    'partially-fulfilled': {},
    refused: {},
    withdrawn: {},
    'handed-over': {},
  });

function deepFreezeTable<T extends object>(table: T): T {
  for (const row of Object.values(table)) Object.freeze(row);
  return Object.freeze(table);
}

// Events only a processor may record, and events only a controller may record.
const PROCESSOR_ONLY: readonly DsarEventType[] = ['forward', 'controller-acknowledged'];
const CONTROLLER_ONLY: readonly DsarEventType[] = [
  'start-verification',
  'identity-verified',
  'identity-failed',
  'request-information',
  'request-clarification',
  'extend',
  'fulfil',
  'fulfil-partially',
  'refuse',
];

/**
 * Creates a request's first state from its `receive` event, checking every field strictly, the
 * regime, the right, the time zone and (for a processor) the DPA terms.
 *
 * @param event - the `receive` event.
 * @param options - your regime registry and holiday calendars, checked here so a bad id fails at receipt.
 * @returns the state, status `received`, version 1, deeply frozen.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` for a key a `receive` event does not have.
 * @throws {@link index!DsarError} `INVALID_INSTANT` when `at` is not an instant that exists (`2025-02-30T10:00:00Z`).
 * @throws {@link index!DsarError} `INVALID_ARGUMENT` for a malformed field (the path names it).
 * @throws {@link index!DsarError} `UNKNOWN_REGIME`, `NO_RULE_IN_FORCE`, `UNKNOWN_CALENDAR` when the
 *   rules cannot be found.
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
export function openRequest(event: ReceiveEvent, options?: DeadlineOptions): DsarState {
  const context = deadlineContext(options);
  const e = receiveEvent(event, 'event', raise);
  const regime = context.regimes.get(e.regime);
  if (!regime.rights.includes(e.right))
    throw new DsarError('INVALID_ARGUMENT', `"event.right" is not a right under regime "${regime.id}"`, {
      path: 'event.right',
    });
  const at = e.at as string;
  const state = trust({
    id: e.id,
    regime: regime.id,
    right: e.right,
    subject: e.subject,
    identifiers: e.identifiers ?? [],
    timeZone: e.timeZone,
    channel: e.channel,
    role: e.role ?? 'controller',
    ...(e.contract ? { contract: e.contract } : {}),
    linked: e.linked ?? [],
    ...(e.calendar ? { calendar: e.calendar } : {}),
    receivedAt: at,
    status: 'received',
    version: 1,
    updatedAt: at,
    clock: { pauses: [], extensions: [] },
  });
  // Validates the rule in force and the calendar now, not at the first reminder.
  computeDeadlines(state, context);
  return state;
}

const closePause = (pauses: readonly ClockPause[], reason: ClockPause['reason'], at: string): readonly ClockPause[] =>
  Object.freeze(
    pauses.map((p) =>
      p.reason === reason && p.to === undefined ? Object.freeze({ reason: p.reason, from: p.from, to: at }) : p,
    ),
  );
const openPause = (pauses: readonly ClockPause[], reason: ClockPause['reason'], at: string): readonly ClockPause[] =>
  Object.freeze([...pauses, Object.freeze({ reason, from: at })]);
const NO_OUTCOMES: readonly SourceOutcome[] = Object.freeze([]);
const IDENTITY_FAILED: NonNullable<DsarState['refusal']> = Object.freeze({
  code: 'cannot-verify',
  citation: 'GDPR Art 12(2), 12(6); 11 CCR § 7022',
});

/**
 * Applies one event to a request: looks the pair up in {@link TRANSITIONS}, checks the event
 * strictly and the guards, and returns the new state. Pure: the input state is never modified,
 * and a rejected event raises a {@link DsarTransitionError} with nothing changed.
 *
 * @param state - the current state (one this package returned, or a stored one, which is checked).
 * @param event - the event.
 * @param options - your regime registry and holiday calendars, used by the extension guard.
 * @returns the new state (version + 1), deeply frozen.
 * @throws {@link DsarTransitionError} `INVALID_TRANSITION` when the pair is not in the table.
 * @throws {@link DsarTransitionError} `UNKNOWN_KEY`, `INVALID_INSTANT`, `INVALID_DATE`,
 *   `INVALID_ARGUMENT` for a malformed event.
 * @throws {@link DsarTransitionError} `OUT_OF_ORDER` for an event dated before the last one.
 * @throws {@link DsarTransitionError} `ROLE_MISMATCH`, `EXTENSION_NOT_AVAILABLE`,
 *   `EXTENSION_EXHAUSTED`, `EXTENSION_TOO_LATE`, `EXTENSION_TOO_LONG`, `MISSING_CITATION` when a legal
 *   guard refuses it.
 * @throws {@link index!DsarError} `INVALID_ARGUMENT` when `state` is not a request state.
 * @example
 * ```ts
 * import { openRequest, transition } from '@privkit/dsar';
 *
 * let state = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'REQ-42', regime: 'gdpr', right: 'access',
 *   subject: 'cust_8812', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * state = transition(state, { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
 * state = transition(state, { type: 'extend', at: '2025-02-10T10:00:00Z', reason: 'complexity' });
 * state.status; // "in-progress"
 * ```
 */
export function transition(state: DsarState, event: DsarEvent, options?: DeadlineOptions): DsarState {
  const context = deadlineContext(options);
  const s = checkState(state, 'state');
  const rawType: unknown = isPlainObject(event) && Object.hasOwn(event, 'type') ? event.type : undefined;
  if (!isEventType(rawType))
    return refuse(s, rawType, 'INVALID_TRANSITION', '"event.type" is not a known event', 'event.type');
  const type = rawType;
  const to = TRANSITIONS[s.status][type];
  if (to === undefined)
    return refuse(s, rawType, 'INVALID_TRANSITION', `event "${type}" is not allowed in status "${s.status}"`);
  const e = readEvent(event as unknown as Record<string, unknown>, s.status, type);
  const atText = e.at as string;
  // Both are recorded instants (RFC 3339 UTC with milliseconds, years 0000–9999: one fixed width),
  // so their text order is their time order: no parsing on every event.
  if (atText < s.updatedAt)
    refuse(s, rawType, 'OUT_OF_ORDER', `event "${type}" is dated before the request's last event`, 'event.at');
  if (s.role === 'controller' && PROCESSOR_ONLY.includes(type))
    refuse(s, rawType, 'ROLE_MISMATCH', `only a processor records "${type}"`);
  if (s.role === 'processor' && CONTROLLER_ONLY.includes(type))
    refuse(s, rawType, 'ROLE_MISMATCH', `a processor forwards the request to its controller instead of "${type}"`);

  let pauses: readonly ClockPause[] = s.clock.pauses;
  let extensions = s.clock.extensions;
  let acknowledgedAt = s.clock.acknowledgedAt;
  const extra: StateChanges = {};
  switch (e.type) {
    case 'request-information':
      pauses = openPause(pauses, 'identity', atText);
      break;
    case 'information-received':
      pauses = closePause(pauses, 'identity', atText);
      break;
    case 'request-clarification':
      pauses = openPause(pauses, 'clarification', atText);
      break;
    case 'clarification-received':
      pauses = closePause(pauses, 'clarification', atText);
      break;
    case 'acknowledge':
      if (acknowledgedAt !== undefined) refuse(s, rawType, 'INVALID_TRANSITION', 'receipt was already acknowledged');
      acknowledgedAt = atText;
      break;
    case 'extend': {
      const at = parseInstant(atText) as number;
      const regime = context.regimes.get(s.regime);
      const rule = ruleOn(regime, localDate(parseInstant(s.receivedAt) as number, s.timeZone).toString());
      const ext = rule.rightPeriods?.[s.right] === undefined ? rule.extension : undefined;
      if (ext === undefined)
        return refuse(
          s,
          rawType,
          'EXTENSION_NOT_AVAILABLE',
          `regime "${s.regime}" allows no extension for this request`,
        );
      if (extensions.length >= ext.times)
        refuse(s, rawType, 'EXTENSION_EXHAUSTED', `regime "${s.regime}" allows ${ext.times} extension(s)`);
      if (ext.period === undefined && e.until === undefined)
        refuse(
          s,
          rawType,
          'INVALID_ARGUMENT',
          '"event.until" is required: this regime lets the controller name the new date',
          'event.until',
        );
      if (ext.period !== undefined && ext.upTo !== true && e.until !== undefined)
        refuse(
          s,
          rawType,
          'INVALID_ARGUMENT',
          '"event.until" is only for a regime whose extension is "up to" a maximum; ' +
            'this one extends by the whole period',
          'event.until',
        );
      // The notice is judged as of its own date: an open clock stop runs up to it (UK GDPR
      // Art 12A(5)–(6): stopped days count towards neither the period nor the notice period).
      const { dates } = computeDeadlines(s, context, at);
      if (ext.noticeWithinFirstPeriod && at >= (parseInstant(dates.firstPeriodEnds.endsAt) as number))
        refuse(
          s,
          rawType,
          'EXTENSION_TOO_LATE',
          'the subject must be told of an extension before the first period ends',
          'event.at',
        );
      if (e.until !== undefined) {
        if (e.until < dates.respondBy.date)
          refuse(
            s,
            rawType,
            'INVALID_ARGUMENT',
            '"event.until" must not be before the deadline it extends',
            'event.until',
          );
        if (ext.period !== undefined) {
          const longest = computeDeadlines(
            { ...s, clock: { ...s.clock, extensions: [...extensions, { at: atText, reason: e.reason }] } },
            context,
            at,
          ).dates.respondBy.date;
          if (e.until > longest)
            refuse(
              s,
              rawType,
              'EXTENSION_TOO_LONG',
              `"event.until" is later than the longest extension the regime allows`,
              'event.until',
            );
        }
      }
      extensions = Object.freeze([
        ...extensions,
        Object.freeze({ at: atText, reason: e.reason, ...(e.until ? { until: e.until } : {}) }),
      ]);
      break;
    }
    case 'fulfil':
    case 'fulfil-partially': {
      // The event's outcomes are deeply frozen already (laterEvent).
      const outcomes = e.outcomes ?? NO_OUTCOMES;
      for (const [i, o] of outcomes.entries()) {
        if (o.status === 'retained' && (o.citation === undefined || o.citation.trim() === ''))
          refuse(
            s,
            rawType,
            'MISSING_CITATION',
            `"event.outcomes[${i}]" is retained: cite the rule that obliges retention`,
            `event.outcomes[${i}].citation`,
          );
      }
      const complete = outcomes.every((o) => o.status === 'done' || o.status === 'not-found');
      if (e.type === 'fulfil' && !complete)
        refuse(
          s,
          rawType,
          'INVALID_ARGUMENT',
          'an outcome is retained or failed: use "fulfil-partially"',
          'event.outcomes',
        );
      if (e.type === 'fulfil-partially' && complete)
        refuse(
          s,
          rawType,
          'INVALID_ARGUMENT',
          '"fulfil-partially" needs at least one retained or failed outcome',
          'event.outcomes',
        );
      extra.outcomes = outcomes;
      break;
    }
    case 'refuse':
      if (e.citation.trim() === '')
        refuse(s, rawType, 'MISSING_CITATION', 'a refusal must cite the provision it relies on', 'event.citation');
      extra.refusal = Object.freeze({ code: e.code, citation: e.citation });
      break;
    case 'identity-failed':
      extra.refusal = IDENTITY_FAILED;
      break;
    case 'forward':
      extra.forwarding = Object.freeze({ at: atText });
      break;
    case 'controller-acknowledged':
      extra.forwarding = Object.freeze({ at: s.forwarding?.at ?? atText, acknowledgedAt: atText });
      break;
    default:
      break;
  }
  // Withdrawing or refusing while waiting for the subject closes the open pause.
  if (CLOSED_STATUSES.includes(to)) {
    pauses = Object.freeze(
      pauses.map((p) => (p.to === undefined ? Object.freeze({ reason: p.reason, from: p.from, to: atText }) : p)),
    );
    extra.closedAt = atText;
  }
  // Only what this call made is frozen, each piece as it is made above: the rest is the previous
  // state's or the event's, both deeply frozen already (walking them to freeze again was a tenth of
  // each transition, and deepFreeze's walk of the new pieces another tenth).
  const clock: DsarState['clock'] = Object.freeze(
    acknowledgedAt === undefined ? { pauses, extensions } : { pauses, extensions, acknowledgedAt },
  );
  return nextState(s, to, atText, clock, extra);
}

function refuse(s: DsarState, type: unknown, code: DsarErrorCode, message: string, path?: string): never {
  const event = typeof type === 'string' ? type.slice(0, 40) : typeof type;
  throw new DsarTransitionError(code, message, { path, status: s.status, event });
}

// The event's checks raise this through one raise function shared by every call (a closure made
// per call cost a tenth of each transition); readEvent throws it as a DsarTransitionError.
class EventProblem extends Error {
  readonly code: SharedErrorCode;
  readonly path: string;
  constructor(code: SharedErrorCode, path: string, message: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
const raiseProblem: RaiseError = (code, path, message) => new EventProblem(code, path, message);

function readEvent(event: Record<string, unknown>, status: Status, type: DsarEventType): DsarEvent {
  try {
    return laterEvent(event, 'event', raiseProblem);
  } catch (error) {
    if (!(error instanceof EventProblem)) throw error;
    throw new DsarTransitionError(error.code, error.message, { path: error.path, status, event: type });
  }
}

/**
 * Whether a request is still open (not fulfilled, refused, withdrawn or handed over).
 *
 * @param state - a request state.
 * @returns `true` while the request is open.
 * @throws {@link DsarError} `INVALID_ARGUMENT` when `state` has no known `status`.
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
  const status = isPlainObject(state) ? own(state, 'status') : undefined;
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status))
    throw raise('INVALID_ARGUMENT', 'state.status', '"state.status" must be one of the request statuses');
  return !CLOSED_STATUSES.includes(status as Status);
}

/**
 * Renders the transition table as a Mermaid state diagram, for the docs. Statuses with a hyphen
 * get an underscore id and their name as the label (Mermaid ids cannot hold a hyphen).
 *
 * @param table - the table; {@link TRANSITIONS} by default.
 * @returns Mermaid `stateDiagram-v2` source.
 * @throws {@link DsarError} `INVALID_ARGUMENT` when `table` is not an object of objects of status names.
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
  if (!isPlainObject(table)) throw raise('INVALID_ARGUMENT', 'table', '"table" must be a plain object');
  for (const [from, row] of Object.entries(table)) {
    const path = joinPath('table', from);
    if (!isPlainObject(row) || Object.values(row).some((to) => to !== undefined && typeof to !== 'string'))
      throw raise('INVALID_ARGUMENT', path, `"${path}" must map events to status names`);
  }
  const id = (status: string) => status.replaceAll('-', '_');
  const lines = ['stateDiagram-v2'];
  for (const status of Object.keys(table)) if (status.includes('-')) lines.push(`  state "${status}" as ${id(status)}`);
  lines.push('  [*] --> received: receive');
  for (const from of Object.keys(table)) {
    const edges = new Map<string, string[]>();
    for (const [event, to] of Object.entries(table[from] ?? {})) {
      if (to === undefined) continue;
      edges.set(to, [...(edges.get(to) ?? []), event]);
    }
    for (const [to, events] of edges) lines.push(`  ${id(from)} --> ${id(to)}: ${events.join(', ')}`);
    if (edges.size === 0) lines.push(`  ${id(from)} --> [*]`);
  }
  return lines.join('\n');
}
