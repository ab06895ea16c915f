/**
 * @module
 * The hostile-input suite (issue 16): what an attacker or a careless caller would send, generated
 * with fast-check, against the promise itself, checked by code written here and not shared with
 * `src/`:
 *
 * 1. random event sequences mixing valid events with impossible dates, misspelt keys, junk values
 *    and events dated before the last one: every refusal is a `DsarError` that changes nothing,
 *    and every accepted state keeps the state machine's invariants (checked independently);
 * 2. tampered audit logs (an edited, removed, duplicated, swapped, foreign or extended entry, a
 *    forged sequence number or link, a truncated tail): every tampering is detected;
 * 3. concurrent writers on the real PostgreSQL server: many services appending random events to
 *    the same requests at once, after which every log verifies, replays to its projection, and
 *    the holds listed are exactly those of the open requests.
 */

import { pgServerAvailable, pgServerTarget } from '@privkit/internal/testing/servers';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dueDates } from '../src/deadlines/index.js';
import {
  type AuditEntry,
  createDsarService,
  DsarError,
  type DsarEvent,
  type DsarState,
  openRequest,
  type ReceiveEvent,
  TRANSITIONS,
  transition,
} from '../src/index.js';
import { createPostgresDsarStore } from '../src/postgres.js';
import { appendEntry, replayLog, verifyLog } from '../src/verify/index.js';

const DAY = 86_400_000;
const CLOSED = new Set(['fulfilled', 'partially-fulfilled', 'refused', 'withdrawn', 'handed-over']);

// --- an independent reading of instants: calendar rules written out here, not imported ------

const daysIn = (y: number, m: number) =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** Epoch ms of `YYYY-MM-DDTHH:MM:SS(.fff)Z` text whose fields exist, else undefined. */
function realUtc(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?Z$/.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s, Number(m[7] ?? 0));
}

/** An instant text that cannot exist, built from a real one. */
const impossibleArb = fc.oneof(
  fc.constantFrom(
    '2025-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2100-02-29T00:00:00Z',
    '2025-04-31T12:00:00+02:00',
    '2025-06-31T23:00:00-05:00',
    '2025-01-31T24:00:00Z',
    '2025-01-31T23:60:00Z',
    '2025-06-30T23:59:60Z',
    '2025-13-01T00:00:00Z',
    '2025-00-10T00:00:00Z',
    '2025-01-31T10:00:00+24:00',
    '2025-01-31T10:00:00',
    '2025-01-31',
    '31/01/2025 10:00',
    '',
  ),
  fc
    .record({
      y: fc.integer({ min: 2019, max: 2030 }),
      m: fc.integer({ min: 1, max: 12 }),
      extra: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ y, m, extra }) => {
      const d = daysIn(y, m) + extra;
      return d > 31
        ? `${y}-${String(m).padStart(2, '0')}-32T00:00:00Z`
        : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T08:00:00Z`;
    }),
);

// --- the invariants, checked without the package's own checker ------------------------------

const isDeepFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

function checkInvariants(before: DsarState, after: DsarState, event: DsarEvent): void {
  expect(isDeepFrozen(after)).toBe(true);
  expect(after.version).toBe(before.version + 1);
  expect(after.receivedAt).toBe(before.receivedAt);
  expect(after.id).toBe(before.id);
  // The recorded instant is real, in UTC with milliseconds, and never before the last event.
  const at = realUtc(after.updatedAt);
  expect(at).toBeDefined();
  expect(at!).toBeGreaterThanOrEqual(realUtc(before.updatedAt)!);
  expect(new Date(at!).toISOString()).toBe(after.updatedAt);
  // The status moves along the table, and only there.
  expect(TRANSITIONS[before.status][event.type]).toBe(after.status);
  // Exactly one pause is open while waiting for the subject, none otherwise; no pause ends before
  // it starts, and pauses begin in order.
  const open = after.clock.pauses.filter((p) => p.to === undefined).map((p) => p.reason);
  const expected =
    after.status === 'awaiting-information' ? ['identity'] : after.status === 'paused' ? ['clarification'] : [];
  expect(open).toEqual(expected);
  let previous = realUtc(after.receivedAt)!;
  for (const p of after.clock.pauses) {
    const from = realUtc(p.from)!;
    expect(from).toBeGreaterThanOrEqual(previous);
    if (p.to !== undefined) expect(realUtc(p.to)!).toBeGreaterThanOrEqual(from);
    previous = from;
  }
  expect(CLOSED.has(after.status)).toBe(after.closedAt !== undefined);
  const d = deadlinesOf(after);
  if (d === undefined) {
    // Only an event near the end of the calendars' coverage (2100) gets no deadline, and it says
    // so with OUTSIDE_CALENDAR: a junk epoch-milliseconds `at` (valid, if absurd) moves it there.
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.UTC(2099, 0, 1));
    return;
  }
  expect(d.pausedDays).toBeGreaterThanOrEqual(0);
  const b = deadlinesOf(before);
  if (b !== undefined) expect(Date.parse(d.respondBy.endsAt)).toBeGreaterThanOrEqual(Date.parse(b.respondBy.endsAt));
}

/** The deadlines, or undefined where they fall past the holiday calendar (a typed refusal). */
function deadlinesOf(state: DsarState): ReturnType<typeof dueDates> | undefined {
  try {
    return dueDates(state);
  } catch (error) {
    if (error instanceof DsarError && error.code === 'OUTSIDE_CALENDAR') return undefined;
    throw error;
  }
}

// --- 1. random sequences with hostile events ------------------------------------------------

const receive = (id: string, at: number, extra: Partial<ReceiveEvent> = {}): ReceiveEvent => ({
  type: 'receive',
  at: new Date(at).toISOString(),
  id,
  regime: 'uk-gdpr',
  right: 'access',
  subject: `subject-${id}`,
  timeZone: 'Europe/London',
  channel: 'email',
  ...extra,
});

type Hostile = { kind: 'valid' | 'impossible' | 'unknown-key' | 'junk' | 'earlier'; pick: number; gap: number };
const stepArb: fc.Arbitrary<Hostile & { bad: string; key: string; junk: unknown }> = fc.record({
  kind: fc.constantFrom('valid', 'valid', 'valid', 'impossible', 'unknown-key', 'junk', 'earlier'),
  pick: fc.nat(),
  gap: fc.integer({ min: 0, max: 6 * DAY }),
  bad: impossibleArb,
  key: fc.oneof(
    fc.constantFrom('tpye', 'At', 'reasn', 'untill', '__proto__', 'constructor', 'outcome', 'citaton', 'note '),
    fc.string({ minLength: 1, maxLength: 12 }),
  ),
  junk: fc.anything(),
});

function validEvent(state: DsarState, pick: number, at: string): DsarEvent {
  const types = Object.keys(TRANSITIONS[state.status]) as DsarEvent['type'][];
  const type = types[pick % Math.max(types.length, 1)] ?? 'withdraw';
  switch (type) {
    case 'extend':
      return { type, at, reason: 'complexity' };
    case 'fulfil':
      return { type, at, outcomes: [{ source: 'crm', status: 'done', records: 1 }] };
    case 'fulfil-partially':
      return { type, at, outcomes: [{ source: 'crm', status: 'retained', reason: 'tax', citation: 'AO § 147' }] };
    case 'refuse':
      return { type, at, code: 'excessive', citation: 'UK GDPR Art 12(5)(b)' };
    default:
      return { type, at } as DsarEvent;
  }
}

const KNOWN = new Set(['type', 'at', 'actor', 'note', 'reason', 'until', 'outcomes', 'code', 'citation']);

describe('hostile event sequences', () => {
  it('every refusal is a DsarError that changes nothing; every accepted state keeps the invariants', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.array(stepArb, { minLength: 1, maxLength: 25 }),
        (start, steps) => {
          let state = openRequest(receive('H', start));
          let log: AuditEntry[] = [appendEntry(undefined, receive('H', start))];
          for (const step of steps) {
            const last = Date.parse(state.updatedAt);
            const at = new Date(step.kind === 'earlier' ? last - 1 - step.gap : last + step.gap).toISOString();
            let event: DsarEvent = validEvent(state, step.pick, at);
            if (step.kind === 'impossible') event = { ...event, at: step.bad };
            if (step.kind === 'unknown-key' && !KNOWN.has(step.key))
              event = JSON.parse(JSON.stringify({ ...event, [step.key]: 'x' }));
            if (step.kind === 'junk')
              event = { ...event, [['at', 'type', 'note', 'actor'][step.pick % 4]!]: step.junk } as DsarEvent;
            const snapshot = JSON.stringify(state);
            let next: DsarState;
            try {
              next = transition(state, event);
            } catch (error) {
              refused++;
              expect(error).toBeInstanceOf(DsarError);
              expect(JSON.stringify(state)).toBe(snapshot);
              if (step.kind === 'unknown-key' && !KNOWN.has(step.key) && (error as DsarError).code === 'UNKNOWN_KEY')
                expect((error as DsarError).path).toContain('event');
              // A refused event is never written: the log cannot take what transition refused.
              continue;
            }
            // Hostile input is never accepted.
            expect(step.kind === 'impossible' || step.kind === 'earlier').toBe(false);
            if (step.kind === 'unknown-key') expect(KNOWN.has(step.key) || step.key === '__proto__').toBe(true);
            checkInvariants(state, next, event);
            log = [...log, appendEntry(log[log.length - 1], event)];
            state = next;
            accepted++;
          }
          expect(verifyLog(log).valid).toBe(true);
          expect(replayLog(log)).toEqual(state);
          for (const entry of log) expect(realUtc(entry.event.at as string)).toBeDefined();
        },
      ),
      { numRuns: 2_000 },
    );
    expect(accepted).toBeGreaterThan(1_000);
    expect(refused).toBeGreaterThan(1_000);
  });

  it('impossible instants never open a request, whatever the zone or regime', () => {
    fc.assert(
      fc.property(impossibleArb, fc.constantFrom('gdpr', 'ccpa', 'uk-gdpr', 'lgpd'), (at, regime) => {
        const right = regime === 'ccpa' ? 'know' : 'access';
        expect(() => openRequest({ ...receive('I', 0), at, regime, right })).toThrowError(
          expect.objectContaining({ code: 'INVALID_INSTANT', path: 'event.at' }),
        );
      }),
      { numRuns: 2_000 },
    );
  });
});

// --- 2. tampered logs -------------------------------------------------------------------------

function validLog(start: number, picks: readonly number[]): AuditEntry[] {
  let state = openRequest(receive('T', start));
  const log = [appendEntry(undefined, receive('T', start))];
  for (const [i, pick] of picks.entries()) {
    const event = validEvent(state, pick, new Date(start + (i + 1) * DAY).toISOString());
    try {
      state = transition(state, event);
    } catch {
      continue;
    }
    log.push(appendEntry(log[log.length - 1], event));
  }
  return log;
}

type Tamper = (log: AuditEntry[], i: number, j: number) => AuditEntry[] | undefined;
const TAMPERINGS: Record<string, Tamper> = {
  'edit the instant': (log, i) =>
    log.map((e, k) => (k === i ? { ...e, event: { ...e.event, at: '2020-01-01T00:00:00.000Z' } } : e)),
  'add a note': (log, i) => log.map((e, k) => (k === i ? { ...e, event: { ...e.event, note: 'edited' } } : e)),
  'change the type': (log, i) =>
    i === 0
      ? undefined
      : log.map((e, k) =>
          k === i
            ? {
                ...e,
                event: { ...e.event, type: e.event.type === 'withdraw' ? 'acknowledge' : 'withdraw' } as DsarEvent,
              }
            : e,
        ),
  'remove an entry': (log, i) => (i === log.length - 1 ? undefined : log.filter((_, k) => k !== i)),
  'duplicate an entry': (log, i) => [...log.slice(0, i + 1), log[i]!, ...log.slice(i + 1)],
  'swap two entries': (log, i, j) => {
    if (i === j) return undefined;
    const copy = [...log];
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    return copy;
  },
  'forge the sequence number': (log, i) => log.map((e, k) => (k === i ? { ...e, seq: e.seq + 1 } : e)),
  'forge the link': (log, i) => log.map((e, k) => (k === i ? { ...e, prev: 'f'.repeat(64) } : e)),
  'recompute one hash': (log, i) => log.map((e, k) => (k === i ? { ...e, hash: 'a'.repeat(64) } : e)),
  'move to another request': (log, i) => log.map((e, k) => (k === i ? { ...e, requestId: 'other' } : e)),
  'add a field outside the hash': (log, i) =>
    log.map((e, k) => (k === i ? ({ ...e, signedBy: 'x' } as AuditEntry) : e)),
  'insert a foreign entry': (log, i) => {
    const foreign = validLog(Date.UTC(2025, 0, 6), [0])[0]!;
    return [...log.slice(0, i), foreign, ...log.slice(i)];
  },
};

describe('tampered audit logs', () => {
  it('every tampering of every entry is detected; a JSON round trip with reordered keys is not tampering', () => {
    const counts: Record<string, number> = {};
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...Object.keys(TAMPERINGS)),
        fc.nat(),
        fc.nat(),
        (start, picks, name, a, b) => {
          const log = validLog(start, picks);
          const head = log[log.length - 1]!.hash;
          // Stored as jsonb reorders keys: still the same log.
          const roundTrip = JSON.parse(
            JSON.stringify(log, (_k, v) =>
              v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
            ),
          );
          expect(verifyLog(roundTrip, { head }).valid).toBe(true);
          const tampered = TAMPERINGS[name]!(log, a % log.length, b % log.length);
          if (tampered === undefined) return;
          counts[name] = (counts[name] ?? 0) + 1;
          expect(verifyLog(tampered, { head }).valid, name).toBe(false);
          expect(() => replayLog(tampered)).toThrowError(DsarError);
        },
      ),
      { numRuns: 3_000 },
    );
    for (const name of Object.keys(TAMPERINGS)) expect(counts[name], name).toBeGreaterThan(20);
  });

  it('a truncated tail is detected against the anchored head, and only against it', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 2, maxLength: 12 }), fc.nat(), (picks, cut) => {
        const log = validLog(Date.UTC(2025, 0, 6), picks);
        if (log.length < 2) return;
        const kept = log.slice(0, 1 + (cut % (log.length - 1)));
        expect(verifyLog(kept).valid).toBe(true);
        expect(verifyLog(kept, { head: log[log.length - 1]!.hash }).problems.map((p) => p.code)).toEqual(['HEAD']);
      }),
      { numRuns: 500 },
    );
  });
});

// --- 3. concurrent writers on PostgreSQL ------------------------------------------------------

const pgUp = await pgServerAvailable('dsar');
const target = pgServerTarget('dsar_hostile');
afterAll(() => target.cleanup());

describe.skipIf(!pgUp)('concurrent writers on the PostgreSQL server', () => {
  it('eight services race on twelve requests: each log verifies, replays to its projection, holds follow', async () => {
    const schema = await target.createSchema();
    const first = createPostgresDsarStore({ client: await target.open(), schema });
    await first.migrate();
    const services = await Promise.all(
      Array.from({ length: 8 }, async () =>
        createDsarService({ store: createPostgresDsarStore({ client: await target.open(), schema }) }),
      ),
    );
    const ids = Array.from({ length: 12 }, (_, i) => `C-${i}`);
    const start = Date.UTC(2025, 2, 3, 9);
    for (const id of ids) await services[0]!.receive(receive(id, start, { subject: `s-${Number(id.slice(2)) % 5}` }));
    let conflicts = 0;
    let applied = 0;
    await Promise.all(
      services.map(async (dsar, w) => {
        for (let round = 0; round < 25; round++) {
          const id = ids[(w * 7 + round * 5) % ids.length]!;
          let state: DsarState;
          try {
            state = await dsar.get(id);
          } catch (error) {
            expect(error).toBeInstanceOf(DsarError);
            continue;
          }
          const at = new Date(Date.parse(state.updatedAt) + ((w + round) % 3) * 3_600_000).toISOString();
          const event = validEvent(state, w + round, at);
          try {
            await dsar.apply(id, event, state.version);
            applied++;
          } catch (error) {
            expect(error).toBeInstanceOf(DsarError);
            const code = (error as DsarError).code;
            expect([
              'CONFLICT',
              'INVALID_TRANSITION',
              'EXTENSION_TOO_LATE',
              'EXTENSION_EXHAUSTED',
              'ROLE_MISMATCH',
            ]).toContain(code);
            if (code === 'CONFLICT') conflicts++;
          }
        }
      }),
    );
    expect(applied).toBeGreaterThan(20);
    expect(conflicts).toBeGreaterThan(0);
    const rows = await first.list();
    expect(rows.map((r) => r.state.id).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      const log = await first.load(row.state.id);
      expect(verifyLog(log).valid).toBe(true);
      expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
      expect(replayLog(log)).toEqual(row.state);
      expect(row.state.version).toBe(log.length);
    }
    const expectedHolds = rows
      .filter((r) => !CLOSED.has(r.state.status))
      .map((r) => `dsar:${r.state.id}`)
      .sort();
    expect((await first.openHolds()).map((h) => h.id)).toEqual(expectedHolds);
  });
});
