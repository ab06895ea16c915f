/**
 * @module
 * The model-based check shared by the fast and slow property suites.
 */
import { expect } from 'vitest';
import { dueDates } from '../../src/deadlines/index.js';
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

/** Every `event->status` edge of the transition table. */
export const TABLE_EDGES = new Set(
  Object.values(TRANSITIONS).flatMap((row) => Object.entries(row).map(([e, to]) => `${e}->${to}`)),
);

/**
 * Runs one random sequence, checking after each step: a rejected event raises the typed error
 * and changes nothing; an accepted one goes where the table says and never moves the response
 * deadline earlier; at the end the log verifies and its replay equals the live state. Returns
 * the number of accepted events and adds the edges taken to `reached`.
 */
export function checkSequence(reached: Set<string>, receive: Parameters<typeof openRequest>[0], steps: Step[]) {
  let state: DsarState = openRequest(receive);
  let log: AuditEntry[] = [appendEntry(undefined, receive)];
  let due = Date.parse(dueDates(state).respondBy.endsAt);
  let accepted = 0;
  for (const step of steps) {
    const event = eventOf(step, state);
    const before = structuredClone(state);
    let next: DsarState;
    try {
      next = transition(state, event);
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
    const nextDue = Date.parse(dueDates(next).respondBy.endsAt);
    expect(nextDue).toBeGreaterThanOrEqual(due);
    due = nextDue;
    state = next;
    reached.add(`${event.type}->${next.status}`);
    log = [...log, appendEntry(log[log.length - 1], event)];
  }
  expect(verifyLog(log).valid).toBe(true);
  expect(replayLog(log)).toEqual(state);
  return accepted;
}
