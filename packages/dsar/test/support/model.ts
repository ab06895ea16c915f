/**
 * @module
 * The model-based check shared by the fast and slow property suites.
 */
import { expect } from 'vitest';
import { type DeadlineOptions, dueDates } from '../../src/deadlines/index.js';
import {
  type AuditEntry,
  DsarError,
  type DsarState,
  openRequest,
  STATUSES,
  TRANSITIONS,
  transition,
} from '../../src/index.js';
import { appendEntry, replayLog, verifyLog } from '../../src/verify/index.js';
import { eventOf, type Step } from './events.js';

/**
 * Internal targets for the regimes whose law sets no fixed period (APPI "without delay", APP 12
 * "a reasonable period"), so random requests under them are tracked too.
 */
export const MODEL_OPTIONS: DeadlineOptions = { targets: { 'jp-appi': 'P14D', 'au-app': { workingDays: 20 } } };

/** Every `event->status` edge of the transition table. */
export const TABLE_EDGES = new Set(
  Object.values(TRANSITIONS).flatMap((row) => Object.entries(row).map(([e, to]) => `${e}->${to}`)),
);

/** The order of a state's fields, as stored and serialised (the optional ones only when set). */
const FIELD_ORDER = [
  'id',
  'regime',
  'right',
  'subject',
  'identifiers',
  'timeZone',
  'channel',
  'role',
  'contract',
  'linked',
  'calendar',
  'receivedAt',
  'status',
  'version',
  'updatedAt',
  'clock',
  'outcomes',
  'refusal',
  'forwarding',
  'closedAt',
];

const isDeepFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

/**
 * Runs one random sequence, checking after each step: a rejected event raises the typed error
 * and changes nothing; an accepted one goes where the table says, never moves the response
 * deadline earlier, and gives a deeply frozen state with its fields in the stored order; at the
 * end the log verifies and its replay equals the live state. Returns the number of accepted events
 * and adds the edges taken to `reached`.
 */
export function checkSequence(reached: Set<string>, receive: Parameters<typeof openRequest>[0], steps: Step[]) {
  let state: DsarState = openRequest(receive, MODEL_OPTIONS);
  let log: AuditEntry[] = [appendEntry(undefined, receive)];
  let due = Date.parse(dueDates(state, MODEL_OPTIONS).respondBy.endsAt);
  let accepted = 0;
  for (const step of steps) {
    const event = eventOf(step, state);
    const before = structuredClone(state);
    let next: DsarState;
    try {
      next = transition(state, event, MODEL_OPTIONS);
    } catch (error) {
      // Rejected: the typed error, and nothing changed.
      expect(error).toBeInstanceOf(DsarError);
      expect(state).toEqual(before);
      continue;
    }
    accepted++;
    expect(state).toEqual(before);
    expect(STATUSES).toContain(next.status);
    expect(next.status).toBe(TRANSITIONS[state.status][event.type]);
    expect(next.version).toBe(state.version + 1);
    expect(isDeepFrozen(next)).toBe(true);
    expect(Object.keys(next)).toEqual(FIELD_ORDER.filter((key) => Object.hasOwn(next, key)));
    expect(Object.values(next)).not.toContain(undefined);
    const nextDue = Date.parse(dueDates(next, MODEL_OPTIONS).respondBy.endsAt);
    expect(nextDue).toBeGreaterThanOrEqual(due);
    due = nextDue;
    state = next;
    reached.add(`${event.type}->${next.status}`);
    log = [...log, appendEntry(log[log.length - 1], event)];
  }
  expect(verifyLog(log).valid).toBe(true);
  expect(replayLog(log, MODEL_OPTIONS)).toEqual(state);
  return accepted;
}
