/**
 * @module
 * The planner: plans sort records by due/held/retained/waiting/unmatched with the deciding rule
 * or hold; exceptions apply only to their purpose; several purposes keep a record until the
 * last one lapses; holds end by date or event; lifting a hold reports what became due;
 * explanations give the rule, citation and instants but no record id or subject. Properties:
 * plan agrees with dueAt for any records and instant, and nothing is due before its time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHoldActive, liftHold } from '../src/holds.js';
import {
  definePolicy,
  dueAt,
  explain,
  type LegalHold,
  plan,
  RetentionError,
  type RetentionRecord,
  scheduleRecord,
} from '../src/index.js';
import { processorPolicy } from './fixtures/policies.js';

const policy = definePolicy(processorPolicy);
const NOW = Date.parse('2026-11-23T12:00:00Z');
const hour = 3_600_000;
const DAY_MS = 86_400_000;

describe('rule selection', () => {
  it('personal data: 24 h after the visit ends; the IP for security: 7 days; anonymous data: 90 days', () => {
    const visit = {
      id: 'v',
      category: 'visitor-personal-data',
      collectedAt: NOW - 30 * hour,
      events: { 'visit-ended': NOW - 25 * hour },
    };
    expect(dueAt(policy, visit)).toBe(new Date(NOW - hour).toISOString());
    expect(dueAt(policy, { ...visit, purpose: 'security' })).toBe('2026-11-29T06:00:00.000Z');
    expect(dueAt(policy, { id: 'a', category: 'anonymous-data', collectedAt: NOW })).toBe('2027-02-21T12:00:00.000Z');
    // The visit has not ended: personal data is not due, however old.
    expect(scheduleRecord(policy, { ...visit, events: {} }).status).toBe('waiting');
  });

  it('an exception never applies to records that do not name its purpose', () => {
    const p = definePolicy({
      rules: [
        { id: 'base', category: 'ip', purpose: 'analytics', period: 'P1D' },
        { id: 'sec', category: 'ip', purpose: 'security', period: 'P7D', exceptionTo: 'base' },
      ],
    });
    expect(scheduleRecord(p, { id: '1', category: 'ip', collectedAt: 0 }).rule).toBe('base');
    expect(scheduleRecord(p, { id: '1', category: 'ip', purpose: 'security', collectedAt: 0 }).rule).toBe('sec');
    expect(scheduleRecord(p, { id: '1', category: 'ip', rule: 'sec', collectedAt: 0 }).rule).toBe('sec');
    expect(scheduleRecord(p, { id: '1', category: 'ip', purpose: 'marketing', collectedAt: 0 }).status).toBe(
      'unmatched',
    );
    expect(scheduleRecord(p, { id: '1', category: 'other', rule: 'sec', collectedAt: 0 }).status).toBe('unmatched');
  });

  it('several purposes keep a record until the last lapses; one waiting purpose keeps it', () => {
    const p = definePolicy({
      rules: [
        { id: 'ops', category: 'order', purpose: 'operations', period: 'P30D' },
        { id: 'tax', category: 'order', purpose: 'tax', period: 'P10Y', anchor: 'end-of-year' },
        {
          id: 'contract',
          category: 'contract',
          purpose: 'contract',
          period: 'P3Y',
          trigger: { type: 'event', event: 'contract-ended' },
        },
        { id: 'crm', category: 'contract', purpose: 'crm', period: 'P1Y' },
      ],
    });
    const order = scheduleRecord(p, { id: 'o', category: 'order', collectedAt: '2026-03-01T00:00:00Z' });
    expect(order).toEqual({
      status: 'scheduled',
      rule: 'tax',
      dueAt: '2037-01-01T00:00:00.000Z',
      earliestAt: '2037-01-01T00:00:00.000Z',
    });
    expect(scheduleRecord(p, { id: 'c', category: 'contract', collectedAt: '2020-01-01T00:00:00Z' }).status).toBe(
      'waiting',
    );
    expect(
      scheduleRecord(p, {
        id: 'c',
        category: 'contract',
        collectedAt: '2020-01-01T00:00:00Z',
        events: { 'contract-ended': '2021-01-01T00:00:00Z' },
      }).rule,
    ).toBe('contract');
  });

  it('rejects records without an id or with a bad timestamp, naming the field but not the value', () => {
    expect(() => dueAt(policy, { category: 'anonymous-data' } as RetentionRecord)).toThrow(RetentionError);
    for (const collectedAt of ['2026-11-23', '2026-11-23T10:00:00', 'yesterday', Number.NaN, new Date('x')]) {
      let error: unknown;
      try {
        dueAt(policy, { id: 'alice@example.com', category: 'anonymous-data', collectedAt });
      } catch (e) {
        error = e;
      }
      expect((error as RetentionError).code).toBe('INVALID_INSTANT');
      expect((error as RetentionError).path).toBe('record.collectedAt');
      expect((error as Error).message).toContain('collectedAt');
      expect((error as Error).message).not.toContain('alice');
    }
    expect(() => dueAt(policy, { id: 'x', category: 'anonymous-data' })).toThrow(/collectedAt" is required/);
    // Impossible calendar fields are refused, never rolled over into another day.
    for (const collectedAt of [
      '2025-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2025-03-01T24:00:00Z',
      '2025-06-30T23:59:60Z',
    ]) {
      expect(() => dueAt(policy, { id: 'x', category: 'anonymous-data', collectedAt })).toThrow(
        expect.objectContaining({ code: 'INVALID_INSTANT', path: 'record.collectedAt' }),
      );
    }
  });
});

describe('plan, holds and explanations', () => {
  const records: RetentionRecord[] = [
    { id: 'r1', category: 'anonymous-data', subject: 'alice', collectedAt: NOW - 100 * 24 * hour },
    { id: 'r2', category: 'anonymous-data', subject: 'bob', collectedAt: NOW - 100 * 24 * hour },
    { id: 'r3', category: 'anonymous-data', subject: 'carol', collectedAt: NOW - 10 * 24 * hour },
    { id: 'r4', category: 'visitor-personal-data', subject: 'dave', collectedAt: NOW - 50 * hour },
    { id: 'r5', category: 'unknown-category', collectedAt: 0 },
    {
      id: 'r6',
      category: 'visitor-personal-data',
      purpose: 'security',
      subject: 'bob',
      collectedAt: NOW - 8 * 24 * hour,
    },
  ];
  const holds: LegalHold[] = [
    {
      id: 'dsar:REQ-42',
      scope: { subject: 'bob' },
      reason: 'open access request',
      source: 'dsar:REQ-42',
      placedAt: '2026-11-20T00:00:00Z',
    },
    {
      id: 'expired',
      scope: { subject: 'alice' },
      reason: 'audit',
      placedAt: '2026-01-01T00:00:00Z',
      until: { date: '2026-06-30' },
    },
  ];

  it('sorts every record with its deciding rule or hold', () => {
    const result = plan(policy, records, { now: NOW, holds });
    expect(result.due.map((r) => r.id)).toEqual(['r1']);
    expect(result.held.map((r) => [r.id, r.hold])).toEqual([
      ['r2', 'dsar:REQ-42'],
      ['r6', 'dsar:REQ-42'],
    ]);
    expect(result.retained.map((r) => r.id)).toEqual(['r3']);
    expect(result.waiting.map((r) => [r.id, r.rule])).toEqual([['r4', 'personal-data-24h']]);
    expect(result.unmatched.map((r) => [r.id, r.rule])).toEqual([['r5', null]]);
    expect(result.nextDueAt).toBe(dueAt(policy, records[2] as RetentionRecord));
    expect(result.dueByRule).toEqual({ 'anonymous-90d': 1 });
    expect(result.now).toBe('2026-11-23T12:00:00.000Z');
  });

  it('holds end by date (end of the day in the zone) and by event', () => {
    const byDate: LegalHold = {
      id: 'h',
      scope: { category: 'x' },
      reason: 'r',
      placedAt: '2026-01-01T00:00:00Z',
      until: { date: '2026-06-30' },
    };
    expect(isHoldActive(byDate, '2026-06-30T21:59:59Z', { timeZone: 'Europe/Brussels' })).toBe(true);
    expect(isHoldActive(byDate, '2026-06-30T22:00:00Z', { timeZone: 'Europe/Brussels' })).toBe(false);
    const byEvent: LegalHold = {
      id: 'h',
      scope: { category: 'x' },
      reason: 'tax assessment 2025 open',
      placedAt: '2026-01-01T00:00:00Z',
      until: { event: 'assessment-2025-final' },
    };
    expect(isHoldActive(byEvent, NOW)).toBe(true);
    expect(isHoldActive(byEvent, NOW, { occurred: { 'assessment-2025-final': NOW + 1 } })).toBe(true);
    expect(isHoldActive(byEvent, NOW, { occurred: { 'assessment-2025-final': NOW - 1 } })).toBe(false);
    const r = plan(policy, records, {
      now: NOW,
      holds: [{ ...byEvent, scope: { category: 'anonymous-data' } }],
      occurred: { 'assessment-2025-final': NOW },
    });
    expect(r.due.map((x) => x.id)).toEqual(['r1', 'r2', 'r6']);
  });

  it('rejects malformed holds', () => {
    const at = '2026-01-01T00:00:00Z';
    const bad: [unknown, string, string][] = [
      [{ id: '', scope: { subject: 'a' }, reason: 'r', placedAt: at }, 'INVALID_ARGUMENT', 'options.holds[0].id'],
      [
        { id: 'h', scope: { subject: 'a', category: 'b' }, reason: 'r', placedAt: at },
        'INVALID_ARGUMENT',
        'options.holds[0].scope',
      ],
      [{ id: 'h', scope: {}, reason: 'r', placedAt: at }, 'INVALID_ARGUMENT', 'options.holds[0].scope'],
      [{ id: 'h', scope: { subjct: 'a' }, reason: 'r', placedAt: at }, 'UNKNOWN_KEY', 'options.holds[0].scope.subjct'],
      [
        { id: 'h', scope: { subject: 'a' }, reason: 'r', placedAt: 'now' },
        'INVALID_INSTANT',
        'options.holds[0].placedAt',
      ],
      [
        { id: 'h', scope: { subject: 'a' }, reason: 'r', placedAt: '2026-02-30T10:00:00Z' },
        'INVALID_INSTANT',
        'options.holds[0].placedAt',
      ],
      [
        { id: 'h', scope: { subject: 'a' }, reason: 'r', placedAt: at, until: { date: 'soon' } },
        'INVALID_DATE',
        'options.holds[0].until.date',
      ],
      [
        { id: 'h', scope: { subject: 'a' }, reason: 'r', placedAt: at, until: { date: '2026-02-30' } },
        'INVALID_DATE',
        'options.holds[0].until.date',
      ],
      [
        { id: 'h', scope: { subject: 'a' }, reason: 'r', placedAt: at, until: {} },
        'INVALID_ARGUMENT',
        'options.holds[0].until',
      ],
      [
        { id: 'h', scope: { subject: 'a' }, reason: 'r', placedAt: at, untill: { date: '2026-12-31' } },
        'UNKNOWN_KEY',
        'options.holds[0].untill',
      ],
    ];
    for (const [h, code, path] of bad)
      expect(() => plan(policy, [], { now: NOW, holds: [h as LegalHold] })).toThrow(
        expect.objectContaining({ code, path }),
      );
  });

  it('lifting a hold reports what became due', () => {
    const lifted = liftHold(policy, records, 'dsar:REQ-42', { now: NOW, holds });
    expect(lifted.due.map((r) => r.id)).toEqual(['r2', 'r6']);
    const two = [
      ...holds,
      {
        id: 'litigation',
        scope: { record: 'r6' },
        reason: 'court order',
        placedAt: '2026-11-01T00:00:00Z',
      } as LegalHold,
    ];
    const partly = liftHold(policy, records, 'dsar:REQ-42', { now: NOW, holds: two });
    expect(partly.due.map((r) => r.id)).toEqual(['r2']);
    expect(partly.stillHeld.map((r) => [r.id, r.hold])).toEqual([['r6', 'litigation']]);
    expect(liftHold(policy, records, 'nope', { now: NOW, holds }).due).toEqual([]);
  });

  it('explains with rule, citation, instants in the zone and the hold, never the id or subject', () => {
    const held = explain(policy, records[1] as RetentionRecord, { now: NOW, holds });
    expect(held.status).toBe('held');
    expect(held.hold).toBe('dsar:REQ-42');
    const text = held.reasons.join(' ');
    expect(text).toContain('anonymous-90d');
    expect(text).toContain('Services Privacy Policy §1');
    expect(text).toContain('[Europe/Brussels]');
    expect(text).toContain('open access request');
    expect(text).not.toContain('bob');
    expect(text).not.toContain('r2');
    expect(explain(policy, records[3] as RetentionRecord, { now: NOW }).reasons.join(' ')).toContain(
      'has not happened',
    );
    expect(explain(policy, records[4] as RetentionRecord, { now: NOW }).status).toBe('unmatched');
    expect(explain(policy, records[2] as RetentionRecord, { now: NOW }).status).toBe('retained');
    expect(explain(policy, records[0] as RetentionRecord, { now: NOW }).status).toBe('due');
    const range = definePolicy({
      rules: [{ id: 'g', category: 'acct', purpose: 'grace', period: { min: 'P30D', max: 'P6M' } }],
    });
    expect(explain(range, { id: 'a', category: 'acct', collectedAt: NOW }, { now: NOW }).reasons.join(' ')).toMatch(
      /May be deleted from .* must be deleted by/,
    );
  });

  it('rejects a bad now', () => {
    expect(() => plan(policy, [], { now: 'today' })).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
    expect(() => plan(policy, [], { now: NOW, hold: [] } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'options.hold' }),
    );
  });
});

describe('planner properties', () => {
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
  const periods = ['PT24H', 'P1D', 'P7D', 'P1M', 'P3M', 'P1Y', 'P7Y', 'PT90M'];
  const anchors = ['none', 'next-day', 'end-of-month', 'end-of-year'] as const;
  const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });

  it('dueAt is never before the trigger, and never before the range minimum', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...periods),
        fc.constantFrom(...periods),
        fc.constantFrom(...anchors),
        instant,
        (tz, a, b, anchor, at) => {
          const p1 = definePolicy({
            timeZone: tz,
            rules: [{ id: 'r', category: 'c', purpose: 'p', period: a, anchor }],
          });
          const due = Date.parse(dueAt(p1, { id: 'x', category: 'c', collectedAt: at }) as string);
          expect(due).toBeGreaterThan(at);
          let range: ReturnType<typeof definePolicy> | undefined;
          try {
            range = definePolicy({
              timeZone: tz,
              rules: [{ id: 'r', category: 'c', purpose: 'p', period: { min: a, max: b }, anchor }],
            });
          } catch {
            return; // an inverted range is rejected at build time
          }
          const s = scheduleRecord(range, { id: 'x', category: 'c', collectedAt: at });
          expect(Date.parse(s.dueAt as string)).toBeGreaterThanOrEqual(Date.parse(s.earliestAt as string));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('dueAt is monotone in the trigger instant outside DST folds, in UTC', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...periods),
        fc.constantFrom(...anchors),
        instant,
        instant,
        (period, anchor, a, b) => {
          const p = definePolicy({ rules: [{ id: 'r', category: 'c', purpose: 'p', period, anchor }] });
          const [x, y] = a <= b ? [a, b] : [b, a];
          expect(Date.parse(dueAt(p, { id: '1', category: 'c', collectedAt: x }) as string)).toBeLessThanOrEqual(
            Date.parse(dueAt(p, { id: '2', category: 'c', collectedAt: y }) as string),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('plan puts a record in due exactly when dueAt <= now and no hold covers it', () => {
    const record = fc.record({
      id: fc.uuid(),
      category: fc.constantFrom('visitor-personal-data', 'anonymous-data', 'other'),
      subject: fc.constantFrom('s1', 's2', 's3'),
      purpose: fc.option(fc.constantFrom('security', 'form-analytics'), { nil: undefined }),
      collectedAt: instant,
      events: fc.option(fc.record({ 'visit-ended': instant }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 30 }),
        instant,
        fc.subarray(['s1', 's2', 's3']),
        (records, now, heldSubjects) => {
          const holds = heldSubjects.map((s, i) => ({
            id: `h${i}`,
            scope: { subject: s },
            reason: 'r',
            placedAt: '2000-01-01T00:00:00Z',
          }));
          const r = plan(policy, records as RetentionRecord[], { now, holds });
          expect(r.due.length + r.held.length + r.retained.length + r.waiting.length + r.unmatched.length).toBe(
            records.length,
          );
          const due = new Set(r.due.map((x) => x.id));
          for (const rec of records as RetentionRecord[]) {
            const d = dueAt(policy, rec);
            const expected = d !== null && Date.parse(d) <= now && !heldSubjects.includes(rec.subject as string);
            expect(due.has(rec.id)).toBe(expected);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("the planner's per-day calendar cache agrees with Temporal", () => {
  // Instants near offset changes: EU and US DST, Lord Howe's 30-minute DST, Brazil's midnight
  // gap (2018), Samoa's skipped day (2011-12-30), plus anywhere in 2000–2040.
  const near = [
    '2026-03-29T01:00:00Z',
    '2026-10-25T01:00:00Z',
    '2026-03-08T07:00:00Z',
    '2026-11-01T06:00:00Z',
    '2026-04-04T15:00:00Z',
    '2026-10-03T16:00:00Z',
    '2018-11-04T03:00:00Z',
    '2019-02-17T02:00:00Z',
    '2011-12-30T10:00:00Z',
    '2024-02-29T12:00:00Z',
    '2025-12-31T23:00:00Z',
    '2026-01-31T23:00:00Z',
  ].map(Date.parse);
  const zone = fc.constantFrom(
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'America/Sao_Paulo',
    'Pacific/Apia',
    'Asia/Kathmandu',
  );
  const period = fc.constantFrom('P1D', 'P7D', 'P30D', 'P1M', 'P3M', 'P1Y', 'P7Y', 'P1DT2H', 'P1MT30M', 'PT24H', 'P2W');
  const anchor = fc.constantFrom('none', 'next-day', 'end-of-month', 'end-of-year') as fc.Arbitrary<
    'none' | 'next-day' | 'end-of-month' | 'end-of-year'
  >;
  const instant = fc.oneof(
    fc.tuple(fc.constantFrom(...near), fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS })).map(([t, d]) => t + d),
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
  );
  it('for every zone, period, anchor and instant, plan() and dueAt() give the same instant', () => {
    fc.assert(
      fc.property(
        zone,
        period,
        anchor,
        fc.array(instant, { minLength: 1, maxLength: 20 }),
        (timeZone, p, a, instants) => {
          const pol = definePolicy({
            timeZone,
            rules: [{ id: 'r', category: 'c', purpose: 'p', period: p, anchor: a }],
          });
          const records = instants.map((t, i) => ({ id: `r${i}`, category: 'c', collectedAt: t }));
          const planned = plan(pol, records, { now: 0 });
          const byId = new Map(planned.retained.map((r) => [r.id, r.dueAt]));
          for (const r of records) expect(byId.get(r.id)).toBe(dueAt(pol, r));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('plan errors name the record', () => {
  const good = { id: 'a', category: 'anonymous-data', collectedAt: NOW };
  it.each([
    [{ ...good, colour: 'red' }, 'UNKNOWN_KEY', 'records[2].colour'],
    [{ ...good, id: '' }, 'INVALID_ARGUMENT', 'records[2].id'],
    [{ ...good, collectedAt: '2026-02-30T00:00:00Z' }, 'INVALID_INSTANT', 'records[2].collectedAt'],
    [{ id: 'b', category: 'anonymous-data' }, 'INVALID_ARGUMENT', 'records[2].collectedAt'],
  ])('the third record, %o: %s at %s', (bad, code, path) => {
    let error: unknown;
    try {
      plan(policy, [good, good, bad as RetentionRecord, good], { now: NOW });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RetentionError);
    expect(error).toMatchObject({ code, path });
  });
});
