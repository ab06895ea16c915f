/**
 * @module
 * Regressions from the outside attack (issue 16 items 14 and 17) and the conventions every
 * package follows (issue 17): impossible instants are refused and never reach the audit log;
 * states are deeply frozen and share nothing mutable; a hand-built pause that ends before it
 * starts is refused; every object is checked strictly (`UNKNOWN_KEY` with its path); bad options
 * are `DsarError`, never a bare `TypeError`; a shipped regime cannot be replaced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueDates, dueWithin, overdue } from '../src/deadlines/index.js';
import { buildExportBundle, eraseSubject, suppressionRecord } from '../src/fulfilment/index.js';
import {
  createDsarService,
  createMemoryDsarStore,
  DsarError,
  type DsarState,
  holdsFor,
  openRequest,
  type ReceiveEvent,
  transition,
} from '../src/index.js';
import { createPostgresDsarStore } from '../src/postgres.js';
import { CALENDARS, createRegimeRegistry, defineRegime, extendCalendar } from '../src/regimes/index.js';
import { appendEntry, verifyLog } from '../src/verify/index.js';

const receive: ReceiveEvent = {
  type: 'receive',
  at: '2025-01-31T09:30:00Z',
  id: 'REQ-1',
  regime: 'uk-gdpr',
  right: 'access',
  subject: 'cust_1',
  timeZone: 'Europe/London',
  channel: 'email',
};

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DsarError);
    return { code: (error as DsarError).code, path: (error as DsarError).path };
  }
  throw new Error('expected a DsarError');
};

describe('impossible instants (issue 16 item 14)', () => {
  const impossible = [
    '2025-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2025-04-31T00:00:00+02:00',
    '2025-01-31T24:00:00Z',
    '2025-06-30T23:59:60Z',
    '2025-01-31T10:00:00', // no offset: a wall-clock time, not an instant
  ];

  it.each(impossible)('%s is refused at receipt, in an event and in the log', (at) => {
    expect(code(() => openRequest({ ...receive, at }))).toEqual({ code: 'INVALID_INSTANT', path: 'event.at' });
    const state = openRequest(receive);
    expect(code(() => transition(state, { type: 'withdraw', at }))).toEqual({
      code: 'INVALID_INSTANT',
      path: 'event.at',
    });
    const first = appendEntry(undefined, receive);
    expect(code(() => appendEntry(first, { type: 'withdraw', at }))).toMatchObject({ code: 'INVALID_INSTANT' });
    expect(code(() => overdue([state], at))).toEqual({ code: 'INVALID_INSTANT', path: 'now' });
  });

  it('the service never records one', async () => {
    const store = createMemoryDsarStore();
    const dsar = createDsarService({ store });
    await dsar.receive(receive);
    await expect(dsar.apply('REQ-1', { type: 'withdraw', at: '2025-02-30T10:00:00Z' })).rejects.toMatchObject({
      code: 'INVALID_INSTANT',
    });
    expect(await store.load('REQ-1')).toHaveLength(1);
  });

  it('instants are recorded as RFC 3339 UTC with milliseconds, whatever form they came in', () => {
    const state = openRequest({ ...receive, at: new Date('2025-01-31T10:30:00+01:00') });
    expect(state.receivedAt).toBe('2025-01-31T09:30:00.000Z');
    const next = transition(state, { type: 'withdraw', at: Date.parse('2025-02-01T00:00:00Z') });
    expect([next.updatedAt, next.closedAt]).toEqual(['2025-02-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z']);
    expect(appendEntry(undefined, { ...receive, at: '2025-01-31T10:30:00+01:00' }).event.at).toBe(
      '2025-01-31T09:30:00.000Z',
    );
  });

  it('an impossible effective date in a regime is refused (issue 18 item 6)', () => {
    const base = createRegimeRegistry().get('gdpr');
    expect(
      code(() => defineRegime({ ...base, id: 'x', rules: [{ ...base.rules[0]!, effectiveFrom: '2018-02-30' }] })),
    ).toEqual({
      code: 'INVALID_DATE',
      path: 'regime.rules[0].effectiveFrom',
    });
  });
});

describe('states (issue 16 item 17)', () => {
  const isDeepFrozen = (value: unknown): boolean =>
    typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

  it('every state is deeply frozen, and a new state shares nothing mutable with the old', () => {
    let state = openRequest(receive);
    const states: DsarState[] = [state];
    for (const event of [
      { type: 'start-verification', at: '2025-02-01T10:00:00Z' },
      { type: 'request-information', at: '2025-02-02T10:00:00Z' },
      { type: 'information-received', at: '2025-02-03T10:00:00Z' },
      { type: 'identity-verified', at: '2025-02-04T10:00:00Z' },
      { type: 'extend', at: '2025-02-05T10:00:00Z', reason: 'complexity' },
    ] as const) {
      state = transition(state, event);
      states.push(state);
    }
    for (const s of states) expect(isDeepFrozen(s)).toBe(true);
    const [before, after] = [states[1]!, states[2]!];
    expect(() => (after.clock.pauses as unknown[]).push({})).toThrow(TypeError);
    expect(before.clock.pauses).toHaveLength(0);
    expect(after.clock.pauses).toHaveLength(1);
  });

  it('a state the package made is recognised as its own; a copy of one is checked again', () => {
    const first = openRequest(receive);
    const second = transition(first, { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
    // Not checked again, so its checked arrays are carried over as they are.
    expect(second.linked).toBe(first.linked);
    expect(transition(second, { type: 'acknowledge', at: '2025-02-01T11:00:00Z' }).identifiers).toBe(first.identifiers);
    // A spread copy, JSON and structuredClone lose the mark: checked, and its arrays copied.
    for (const copy of [{ ...second }, JSON.parse(JSON.stringify(second)), structuredClone(second)]) {
      const next = transition(copy, { type: 'acknowledge', at: '2025-02-01T11:00:00Z' });
      expect(next.linked).not.toBe(copy.linked);
      expect(next.linked).toEqual(copy.linked);
    }
  });

  it('the events given are copied, so changing them later changes nothing', () => {
    const outcomes = [{ source: 'crm', status: 'done' as const }];
    const verified = transition(openRequest({ ...receive, regime: 'gdpr' }), {
      type: 'identity-verified',
      at: '2025-02-01T10:00:00Z',
    });
    const done = transition(verified, { type: 'fulfil', at: '2025-02-02T10:00:00Z', outcomes });
    (outcomes as { source: string }[])[0]!.source = 'changed';
    expect(done.outcomes?.[0]?.source).toBe('crm');
  });

  it('a hand-built pause that ends before it starts is refused, never negative paused days', () => {
    const state = openRequest({ ...receive, regime: 'uk-gdpr' });
    const bad = {
      ...state,
      status: 'in-progress',
      version: 3,
      updatedAt: '2025-02-10T00:00:00.000Z',
      clock: {
        pauses: [{ reason: 'clarification', from: '2025-02-09T00:00:00.000Z', to: '2025-02-05T00:00:00.000Z' }],
        extensions: [],
      },
    } as DsarState;
    expect(code(() => dueDates(bad))).toEqual({ code: 'INVALID_ARGUMENT', path: 'request.clock.pauses[0].to' });
    // The same pause the right way round: seven days that do not count.
    const good = {
      ...bad,
      clock: {
        pauses: [{ ...bad.clock.pauses[0]!, from: '2025-02-05T00:00:00.000Z', to: '2025-02-09T00:00:00.000Z' }],
        extensions: [],
      },
    } as DsarState;
    expect(dueDates(good).pausedDays).toBe(5);
  });

  it('a hand-built state that breaks an invariant is refused', () => {
    const state = openRequest(receive);
    const cases: [Partial<DsarState>, string][] = [
      [{ status: 'paused' }, 'request.clock.pauses'],
      [{ status: 'withdrawn' }, 'request.closedAt'],
      [{ updatedAt: '2025-01-01T00:00:00.000Z' }, 'request.updatedAt'],
      [{ receivedAt: '2025-02-30T10:00:00Z' }, 'request.receivedAt'],
    ];
    for (const [change, path] of cases)
      expect(code(() => dueDates({ ...state, ...change } as DsarState)).path).toBe(path);
  });
});

describe('strict objects (issue 16 item 1, issue 17)', () => {
  it('a misspelt key is UNKNOWN_KEY with its path, wherever it is', () => {
    const state = openRequest(receive);
    const gdpr = createRegimeRegistry().get('gdpr');
    const cases: [() => unknown, string][] = [
      [() => openRequest({ ...receive, timezone: 'UTC' } as never), 'event.timezone'],
      [
        () =>
          openRequest({
            ...receive,
            role: 'processor',
            contract: { controller: 'a', forwardWithin: 'P2D', citaton: 'x' },
          } as never),
        'event.contract.citaton',
      ],
      [() => transition(state, { type: 'withdraw', at: '2025-02-01T00:00:00Z', reason: 'x' } as never), 'event.reason'],
      [
        () =>
          transition(state, { type: 'extend', at: '2025-02-01T00:00:00Z', reason: 'x', untill: '2025-05-01' } as never),
        'event.untill',
      ],
      [() => dueDates({ ...state, extra: 1 } as never), 'request.extra'],
      [() => dueDates(state, { calender: 'x' } as never), 'options.calender'],
      [
        () => defineRegime({ ...gdpr, id: 'x', rules: [{ ...gdpr.rules[0]!, rollforward: true }] } as never),
        'regime.rules[0].rollforward',
      ],
      [
        () => defineRegime({ ...gdpr, id: 'x', rules: [{ ...gdpr.rules[0]!, period: { workdays: 5 } }] } as never),
        'regime.rules[0].period.workdays',
      ],
      [() => createRegimeRegistry({ regime: [] } as never), 'options.regime'],
      [() => createDsarService({ store: createMemoryDsarStore(), soruces: [] } as never), 'options.soruces'],
      [
        () => createPostgresDsarStore({ client: { query: async () => ({ rows: [] }) }, prefx: 'x' } as never),
        'options.prefx',
      ],
      [() => holdsFor([state], { subjet: 'x' } as never), 'options.subjet'],
      [() => extendCalendar(CALENDARS['weekends']!, { holiday: [] } as never), 'extra.holiday'],
      [
        () =>
          suppressionRecord(
            new Uint8Array(32).map((_, i) => i),
            'email',
            'a@b.example',
            'erasure',
            { created: 1 } as never,
          ),
        'options.created',
      ],
    ];
    for (const [run, path] of cases) expect(code(run), path).toEqual({ code: 'UNKNOWN_KEY', path });
  });

  it('an UNKNOWN_KEY message names the allowed keys and a close one, and no value', () => {
    try {
      openRequest({ ...receive, subjet: 'jane@example.com' } as never);
    } catch (error) {
      expect((error as Error).message).toContain('unknown key "subjet" at event');
      expect((error as Error).message).toContain('expected one of:');
      expect((error as Error).message).not.toContain('jane');
    }
  });

  it('__proto__ and polluted prototypes do not supply values', () => {
    const polluted = JSON.parse('{"__proto__": {"role": "processor"}}');
    expect(code(() => openRequest({ ...receive, ...polluted }))).toMatchObject({ code: 'UNKNOWN_KEY' });
  });

  it('sources and their answers are checked strictly too', async () => {
    const state = openRequest({ ...receive, regime: 'gdpr', right: 'erasure' });
    await expect(buildExportBundle(state, [{ name: 'crm', exprt: async () => [] } as never])).rejects.toMatchObject({
      code: 'UNKNOWN_KEY',
      path: 'sources[0].exprt',
    });
    await expect(
      eraseSubject(state, [
        { name: 'crm', erase: async () => ({ status: 'retained', reason: 'tax', citaton: 'AO' }) as never },
      ]),
    ).rejects.toMatchObject({ code: 'UNKNOWN_KEY', path: 'sources[0].erase().citaton' });
  });

  it('bad options are DsarError with a code, never a bare TypeError or RangeError', () => {
    const runs: (() => unknown)[] = [
      () => createDsarService(undefined as never),
      () => createDsarService({ store: {} as never }),
      () => createPostgresDsarStore({ client: {} as never }),
      () => createPostgresDsarStore({ client: { query: async () => ({ rows: [] }) }, schema: 'X; drop' }),
      () => dueWithin([], 'P1M'),
      () => dueDates(openRequest(receive), { regimes: {} as never }),
      () => createRegimeRegistry([] as never),
    ];
    for (const run of runs) {
      const e = code(run);
      expect(['INVALID_OPTIONS', 'INVALID_DURATION', 'INVALID_ARGUMENT']).toContain(e.code);
      expect(e.path).toBeDefined();
    }
  });

  it('generated junk in any field is a DsarError and changes nothing', () => {
    const state = openRequest(receive);
    fc.assert(
      fc.property(
        fc.constantFrom('at', 'type', 'reason', 'note', 'actor', 'until', 'outcomes', 'code'),
        fc.anything(),
        (key, value) => {
          try {
            transition(state, { type: 'extend', at: '2025-02-01T00:00:00Z', reason: 'x', [key]: value } as never);
          } catch (error) {
            expect(error).toBeInstanceOf(DsarError);
          }
          expect(state.version).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('regime registries (issue 17, issue 18 item 6)', () => {
  it('a shipped regime cannot be replaced; your regimes live in your registry only', () => {
    const registry = createRegimeRegistry();
    const gdpr = registry.get('gdpr');
    expect(code(() => registry.register({ ...gdpr, name: 'replaced' }))).toEqual({
      code: 'REGIME_EXISTS',
      path: 'regime.id',
    });
    expect(
      code(() => createRegimeRegistry({ regimes: [{ ...gdpr, rules: [{ ...gdpr.rules[0]!, period: 'P1Y' }] }] })),
    ).toMatchObject({
      code: 'REGIME_EXISTS',
    });
    registry.register({ ...gdpr, id: 'gdpr-de' });
    expect(code(() => registry.register({ ...gdpr, id: 'gdpr-de' }))).toMatchObject({ code: 'REGIME_EXISTS' });
    expect(createRegimeRegistry().has('gdpr-de')).toBe(false);
    const opened = openRequest({ ...receive, regime: 'gdpr-de', right: 'access' }, { regimes: registry });
    expect(opened.regime).toBe('gdpr-de');
    expect(code(() => openRequest({ ...receive, regime: 'gdpr-de' }))).toMatchObject({ code: 'UNKNOWN_REGIME' });
    expect(Object.isFrozen(registry.get('gdpr'))).toBe(true);
  });
});

describe('openHolds on the memory store (issue 22)', () => {
  it('lists the hold of every open request across subjects, and drops it when the request closes', async () => {
    const dsar = createDsarService({ store: createMemoryDsarStore() });
    await dsar.receive({ ...receive, id: 'B', subject: 's2' });
    await dsar.receive({ ...receive, id: 'A', subject: 's1' });
    expect((await dsar.openHolds()).map((h) => [h.id, h.scope])).toEqual([
      ['dsar:A', { subject: 's1' }],
      ['dsar:B', { subject: 's2' }],
    ]);
    await dsar.apply('A', { type: 'withdraw', at: '2025-02-01T00:00:00Z' });
    expect((await dsar.openHolds()).map((h) => h.id)).toEqual(['dsar:B']);
  });
});

describe('verifyLog shape (shared with @privkit/retention)', () => {
  it('an entry with a field outside the hash is MALFORMED', () => {
    const e1 = appendEntry(undefined, receive);
    expect(verifyLog([{ ...e1, note: 'x' } as never]).problems.map((p) => p.code)).toEqual(['MALFORMED']);
  });
});

describe('instants outside RFC 3339 (found by the hostile suite)', () => {
  it('an epoch millisecond before year 0000 or after 9999 is refused, never recorded as +010000-… text', () => {
    const state = openRequest(receive);
    // Before the fix this was accepted: its text could not be read back, so OUT_OF_ORDER let it through.
    expect(code(() => transition(state, { type: 'withdraw', at: -62_167_219_200_001 }))).toEqual({
      code: 'INVALID_INSTANT',
      path: 'event.at',
    });
    expect(code(() => openRequest({ ...receive, at: 253_402_300_800_000 }))).toMatchObject({ code: 'INVALID_INSTANT' });
  });
});
