/**
 * @module
 * Model-based properties under random event sequences (fast-check): the status is always one of
 * the table's; a rejected event raises the typed error and changes nothing; an accepted event
 * goes where the table says; replaying the audit log gives exactly the live state and the chain
 * verifies; the response deadline never moves earlier.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  appendEntry,
  DsarError,
  type DsarState,
  dueDates,
  openRequest,
  replayLog,
  STATUSES,
  TRANSITIONS,
  transition,
  verifyLog,
} from '../src/index.js';
import { eventOf, receiveArb, type Step, stepArb } from './support/events.js';

export function checkSequence(
  reached: Set<string>,
  receive: Parameters<typeof openRequest>[0], steps: Step[]) {
  let state: DsarState = openRequest(receive);
  let log: AuditEntry[] = [appendEntry(undefined, receive)];
  let due = dueDates(state).respondBy.epochMs;
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
    const nextDue = dueDates(next).respondBy.epochMs;
    expect(nextDue).toBeGreaterThanOrEqual(due);
    due = nextDue;
    state = next;
    reached.add(`${event.type}->${next.status}`);
    log = [...log, appendEntry(log[log.length - 1], event)];
  }
  expect(verifyLog(log).ok).toBe(true);
  expect(replayLog(log)).toEqual(state);
  return accepted;
}

describe('model-based properties', () => {
  it('random event sequences: defined states, rejections change nothing, replay = live, deadlines never earlier', () => {
    let accepted = 0;
    const reached = new Set<string>();
    fc.assert(
      fc.property(receiveArb(), fc.array(stepArb, { maxLength: 25 }), (receive, steps) => {
        accepted += checkSequence(reached, receive, steps);
      }),
      { numRuns: 500 },
    );
    // The generator must drive requests through the whole table, not only bounce off it.
    expect(accepted).toBeGreaterThan(300);
    const edges = new Set(Object.values(TRANSITIONS).flatMap((row) => Object.entries(row).map(([e, to]) => `${e}->${to}`)));
    for (const edge of edges) expect(reached, edge).toContain(edge);
  });

  it('tampering with any entry is detected', () => {
    fc.assert(
      fc.property(receiveArb(), fc.array(stepArb, { minLength: 3, maxLength: 12 }), fc.nat(), (receive, steps, pick) => {
        let state = openRequest(receive);
        const log: AuditEntry[] = [appendEntry(undefined, receive)];
        for (const step of steps) {
          const event = eventOf(step, state);
          try {
            state = transition(state, event);
            log.push(appendEntry(log[log.length - 1], event));
          } catch {}
        }
        const i = pick % log.length;
        const forged = log.map((e, j) => (j === i ? { ...e, event: { ...e.event, at: '2020-01-01T00:00:00Z' } } : e));
        expect(verifyLog(forged as AuditEntry[])).toMatchObject({ ok: false, seq: i + 1 });
        if (log.length > 1) {
          // Removing an inner entry breaks the chain; removing the last one is truncation,
          // which only an anchored head detects.
          if (i < log.length - 1) expect(verifyLog(log.filter((_, j) => j !== i)).ok).toBe(false);
          expect(verifyLog(log.slice(0, -1), log[log.length - 1]!.hash).ok).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });
});
