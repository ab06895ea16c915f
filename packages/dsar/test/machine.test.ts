/**
 * @module
 * The transition table: exhaustiveness (every status × event is a defined transition or the
 * typed rejection), the Mermaid rendering, the guards the law asks for (one extension, told
 * within the first period; reasons and citations on refusals and retention; roles), purity.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dueDates } from '../src/deadlines/index.js';
import {
  type DsarEvent,
  type DsarState,
  DsarTransitionError,
  EVENT_TYPES,
  openRequest,
  type ReceiveEvent,
  STATUSES,
  type Status,
  TRANSITIONS,
  toMermaid,
  transition,
} from '../src/index.js';
import { CLOSED_STATUSES } from '../src/model.js';

const receive: ReceiveEvent = {
  type: 'receive',
  at: '2025-01-31T09:30:00Z',
  id: 'REQ-1',
  regime: 'gdpr',
  right: 'access',
  subject: 'cust_1',
  timeZone: 'Europe/Paris',
  channel: 'email',
};
const at = '2025-02-03T10:00:00Z';
const payload = (type: string): DsarEvent => {
  switch (type) {
    case 'extend':
      return { type, at, reason: 'complexity' };
    case 'refuse':
      return { type, at, code: 'manifestly-unfounded', citation: 'GDPR Art 12(5)(b)' };
    case 'fulfil-partially':
      return {
        type,
        at,
        outcomes: [{ source: 'billing', status: 'retained', reason: 'invoices', citation: 'HGB § 257' }],
      };
    default:
      return { type, at } as DsarEvent;
  }
};
// A hand-built state in `status` that keeps the state machine's invariants (the open pause a
// waiting status has, `closedAt` on a closed one), so `transition` checks it and accepts it.
const inStatus = (status: Status, role: 'controller' | 'processor'): DsarState => {
  const base = openRequest(
    role === 'processor'
      ? { ...receive, role, contract: { controller: 'acme', forwardWithin: { workingDays: 2 }, citation: 'DPA 7.2' } }
      : receive,
  );
  const pause = status === 'awaiting-information' ? 'identity' : status === 'paused' ? 'clarification' : undefined;
  return {
    ...base,
    status,
    clock: { ...base.clock, pauses: pause ? [{ reason: pause, from: base.receivedAt }] : [] },
    ...(CLOSED_STATUSES.includes(status) ? { closedAt: base.receivedAt } : {}),
  };
};

describe('transition table', () => {
  it('every status and every target is a known status; closed statuses have no way out', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATUSES].sort());
    for (const [from, row] of Object.entries(TRANSITIONS)) {
      for (const [event, to] of Object.entries(row)) {
        expect(EVENT_TYPES).toContain(event);
        expect(STATUSES).toContain(to);
      }
      if (CLOSED_STATUSES.includes(from as Status)) expect(row).toEqual({});
      else expect(Object.keys(row).length).toBeGreaterThan(0);
    }
  });

  it('every status is reachable from received', () => {
    const seen = new Set<string>(['received']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const from of [...seen])
        for (const to of Object.values(TRANSITIONS[from as Status])) if (!seen.has(to)) grew = seen.add(to).size > 0;
    }
    expect([...seen].sort()).toEqual([...STATUSES].sort());
  });

  it('is exhaustive: each status × event pair is the table transition or a typed rejection', () => {
    let defined = 0;
    let rejected = 0;
    for (const status of STATUSES) {
      for (const type of EVENT_TYPES) {
        const target = TRANSITIONS[status][type];
        for (const role of ['controller', 'processor'] as const) {
          const state = inStatus(status, role);
          const before = structuredClone(state);
          try {
            const next = transition(state, payload(type));
            expect(target, `${status} × ${type}`).toBeDefined();
            expect(next.status).toBe(target);
            expect(next.version).toBe(state.version + 1);
            defined++;
          } catch (error) {
            expect(error, `${status} × ${type} (${role})`).toBeInstanceOf(DsarTransitionError);
            const e = error as DsarTransitionError;
            expect([e.status, e.event]).toEqual([status, type]);
            if (target === undefined) expect(e.code).toBe('INVALID_TRANSITION');
            else expect(e.code).toBe('ROLE_MISMATCH');
            rejected++;
          }
          expect(state).toEqual(before);
        }
      }
    }
    expect(defined + rejected).toBe(STATUSES.length * EVENT_TYPES.length * 2);
    expect(defined).toBeGreaterThan(30);
  });

  it('renders to Mermaid with every edge of the table', () => {
    const mermaid = toMermaid();
    const id = (status: string) => status.replaceAll('-', '_');
    expect(mermaid.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const [from, row] of Object.entries(TRANSITIONS)) {
      for (const to of new Set(Object.values(row)))
        expect(mermaid).toMatch(new RegExp(`^  ${id(from)} --> ${id(to)}: `, 'm'));
    }
    for (const closed of CLOSED_STATUSES) expect(mermaid).toContain(`${id(closed)} --> [*]`);
  });

  it('the README shows the diagram of this table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`mermaid\n${toMermaid()}\n\`\`\``);
  });
});

describe('guards', () => {
  const verified = transition(openRequest(receive), { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
  const reject = (state: DsarState, event: DsarEvent, code: string) => {
    const before = structuredClone(state);
    expect(() => transition(state, event)).toThrowError(expect.objectContaining({ code }));
    expect(state).toEqual(before);
  };

  it('one extension, notified before the first period ends', () => {
    const extended = transition(verified, { type: 'extend', at: '2025-02-28T22:59:59Z', reason: 'complexity' });
    expect(dueDates(extended).respondBy.date).toBe('2025-04-30');
    reject(extended, { type: 'extend', at: '2025-03-01T10:00:00Z', reason: 'again' }, 'EXTENSION_EXHAUSTED');
    reject(verified, { type: 'extend', at: '2025-02-28T23:00:00Z', reason: 'complexity' }, 'EXTENSION_TOO_LATE');
    const quebec = openRequest({ ...receive, regime: 'quebec', timeZone: 'America/Toronto' });
    reject(quebec, { type: 'extend', at, reason: 'complexity' }, 'EXTENSION_NOT_AVAILABLE');
    const swiss = openRequest({ ...receive, regime: 'ch-fadp', timeZone: 'Europe/Zurich' });
    reject(swiss, { type: 'extend', at, reason: 'volume' }, 'INVALID_ARGUMENT');
    expect(
      dueDates(transition(swiss, { type: 'extend', at, reason: 'volume', until: '2025-04-15' })).respondBy.date,
    ).toBe('2025-04-15');
  });

  it('refusals need a reason code and a citation; retention needs its rule', () => {
    reject(verified, { type: 'refuse', at, code: 'excessive', citation: ' ' }, 'MISSING_CITATION');
    reject(verified, { type: 'refuse', at, code: 'because' as 'excessive', citation: 'x' }, 'INVALID_ARGUMENT');
    const refused = transition(verified, {
      type: 'refuse',
      at,
      code: 'manifestly-unfounded',
      citation: 'GDPR Art 12(5)(b)',
    });
    expect(refused.refusal).toEqual({ code: 'manifestly-unfounded', citation: 'GDPR Art 12(5)(b)' });
    expect(refused.closedAt).toBe('2025-02-03T10:00:00.000Z');
    reject(
      verified,
      { type: 'fulfil-partially', at, outcomes: [{ source: 'b', status: 'retained', reason: 'tax' }] },
      'MISSING_CITATION',
    );
    reject(verified, { type: 'fulfil', at, outcomes: [{ source: 'b', status: 'failed' }] }, 'INVALID_ARGUMENT');
    reject(verified, { type: 'fulfil-partially', at, outcomes: [{ source: 'b', status: 'done' }] }, 'INVALID_ARGUMENT');
    const failed = transition(transition(openRequest(receive), { type: 'start-verification', at }), {
      type: 'identity-failed',
      at,
    });
    expect(failed.refusal?.code).toBe('cannot-verify');
  });

  it('events cannot go back in time; acknowledgement is recorded once', () => {
    reject(verified, { type: 'withdraw', at: '2025-01-31T10:00:00Z' }, 'OUT_OF_ORDER');
    reject(verified, { type: 'withdraw', at: '31/01/2025' }, 'INVALID_INSTANT');
    // An impossible date with a time part is refused, never rolled over into 2 March (issue 16 item 14).
    reject(verified, { type: 'withdraw', at: '2025-02-30T10:00:00Z' }, 'INVALID_INSTANT');
    const acked = transition(verified, { type: 'acknowledge', at });
    reject(acked, { type: 'acknowledge', at }, 'INVALID_TRANSITION');
  });

  it('a processor forwards to its controller and tracks the acknowledgement', () => {
    const p = openRequest({
      ...receive,
      role: 'processor',
      contract: { controller: 'acme', forwardWithin: { workingDays: 2 }, citation: 'DPA § 7.2' },
    });
    reject(p, { type: 'identity-verified', at }, 'ROLE_MISMATCH');
    const f = transition(p, { type: 'forward', at });
    expect(f.status).toBe('forwarded');
    const h = transition(f, { type: 'controller-acknowledged', at: '2025-02-04T09:00:00Z' });
    expect([h.status, h.forwarding]).toEqual([
      'handed-over',
      { at: '2025-02-03T10:00:00.000Z', acknowledgedAt: '2025-02-04T09:00:00.000Z' },
    ]);
    reject(openRequest(receive), { type: 'forward', at }, 'ROLE_MISMATCH');
    expect(() => openRequest({ ...receive, role: 'processor' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('unknown event types are typed rejections', () => {
    reject(verified, { type: 'teleport', at } as unknown as DsarEvent, 'INVALID_TRANSITION');
  });
});
