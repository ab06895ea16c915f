/**
 * @module
 * Policy validation: every impossible or conflicting rule is rejected when the policy is built,
 * with its stable code and path; valid policies (the seeds, the shape @privkit/dpa emits)
 * build, freeze and serialise back to their input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definePolicy, RetentionError, type RetentionErrorCode, type RetentionRule } from '../src/index.js';
import { dpaReturnOrDelete, processorPolicy } from './fixtures/policies.js';

const base: RetentionRule = { id: 'r', category: 'c', purpose: 'p', period: 'P1D' };

function expectCode(rules: unknown[], code: RetentionErrorCode, path?: string, extra: Record<string, unknown> = {}) {
  let error: unknown;
  try {
    definePolicy({ rules: rules as RetentionRule[], ...extra });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RetentionError);
  expect((error as RetentionError).code).toBe(code);
  if (path !== undefined) expect((error as RetentionError).path).toBe(path);
}

describe('definePolicy', () => {
  it('builds the seed policies', () => {
    const processor = definePolicy(processorPolicy);
    expect(processor.timeZone).toBe('Europe/Brussels');
    expect(processor.rules.map((r) => r.id)).toEqual(['personal-data-24h', 'ip-security-7d', 'anonymous-90d']);
    expect(definePolicy(dpaReturnOrDelete).rule('dpa-return-or-delete-30d')?.citation).toMatch(/30 calendar days/);
  });

  it('accepts the exact shape @privkit/dpa emits, as parsed JSON, and serialises back to it', () => {
    const json = JSON.stringify(processorPolicy);
    const policy = definePolicy(JSON.parse(json));
    const round = JSON.parse(JSON.stringify(policy));
    expect(round.rules).toEqual(processorPolicy.rules);
    expect(definePolicy(round).rules).toEqual(policy.rules);
    expect(Object.isFrozen(policy.rules[0])).toBe(true);
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it('accepts deeply readonly rules (as @privkit/dpa types them) and readonly arrays', () => {
    const rules = [
      {
        id: 'grace',
        category: 'account',
        purpose: 'reactivation',
        period: { min: 'P30D', max: 'P6M' },
        trigger: { type: 'event', event: 'terminated' },
        anchor: 'next-day',
      },
      {
        id: 'books',
        category: 'invoice',
        purpose: 'tax',
        legalBasis: '§ 147 AO',
        period: 'P10Y',
        trigger: { type: 'collected' },
        anchor: 'end-of-year',
      },
    ] as const;
    expect(definePolicy({ rules }).rules).toHaveLength(2);
  });

  it("does not keep a reference to the caller's objects", () => {
    const rules: RetentionRule[] = [{ ...base, period: { min: 'P1D', max: 'P2D' } }];
    const policy = definePolicy({ rules });
    (rules[0] as { period: { max: string } }).period.max = 'P1Y';
    expect(policy.rules[0]?.period).toEqual({ min: 'P1D', max: 'P2D' });
  });

  it('rejects malformed policies and rules', () => {
    expect(() => definePolicy(null as never)).toThrow(RetentionError);
    expectCode([null], 'INVALID_ARGUMENT', 'rules[0]');
    expectCode([{ ...base, id: '' }], 'INVALID_ARGUMENT', 'rules[0].id');
    expectCode([{ ...base, category: 3 }], 'INVALID_ARGUMENT', 'rules[0].category');
    expectCode([{ ...base, purpose: ' ' }], 'INVALID_ARGUMENT', 'rules[0].purpose');
    expectCode([{ ...base, citation: '' }], 'INVALID_ARGUMENT', 'rules[0].citation');
    expectCode([base], 'INVALID_TIME_ZONE', 'timeZone', { timeZone: 'Mars/Olympus' });
    expectCode([base], 'INVALID_ARGUMENT', 'deleteAt', { deleteAt: 'never' });
  });

  it('rejects periods that are not whole calendar or clock units', () => {
    for (const period of [
      '',
      'P',
      'PT',
      '7d',
      'P7',
      '-P7D',
      'P1.5D',
      'PT0.5S',
      'PT1.5H',
      'P1DT',
      'p7d',
      'P7D ',
      7,
      null,
    ]) {
      expectCode([{ ...base, period }], 'INVALID_DURATION');
    }
    expectCode([{ ...base, period: { min: 'P1D' } }], 'INVALID_DURATION', 'rules[0].period.max');
    expectCode([{ ...base, period: { min: 'x', max: 'P1D' } }], 'INVALID_DURATION', 'rules[0].period.min');
    for (const period of ['P0D', 'PT24H', 'P1Y2M3W4DT5H6M7S', 'P10Y', 'P2W'])
      expect(() => definePolicy({ rules: [{ ...base, period }] })).not.toThrow();
  });

  it('rejects ranges whose minimum can exceed the maximum, from any month end', () => {
    expectCode([{ ...base, period: { min: 'P6M', max: 'P30D' } }], 'RANGE_INVERTED', 'rules[0].period');
    // 30 days exceed a month from 31 January (and from every day of February).
    expectCode([{ ...base, period: { min: 'P30D', max: 'P1M' } }], 'RANGE_INVERTED');
    expectCode([{ ...base, period: { min: 'P366D', max: 'P1Y' } }], 'RANGE_INVERTED'); // common years
    expect(() => definePolicy({ rules: [{ ...base, period: { min: 'P365D', max: 'P1Y' } }] })).not.toThrow();
    expectCode([{ ...base, period: { min: 'PT25H', max: 'P1D' } }], 'RANGE_INVERTED');
    expect(() => definePolicy({ rules: [{ ...base, period: { min: 'P30D', max: 'P6M' } }] })).not.toThrow();
    expect(() => definePolicy({ rules: [{ ...base, period: { min: 'P28D', max: 'P1M' } }] })).not.toThrow();
    expect(() => definePolicy({ rules: [{ ...base, period: { min: 'P1M', max: 'P1M' } }] })).not.toThrow();
  });

  it('rejects bad triggers and anchors', () => {
    expectCode([{ ...base, trigger: { type: 'deleted' } }], 'INVALID_ARGUMENT', 'rules[0].trigger.type');
    expectCode([{ ...base, trigger: { type: 'event' } }], 'INVALID_ARGUMENT', 'rules[0].trigger.event');
    expectCode([{ ...base, trigger: { type: 'event', event: '' } }], 'INVALID_ARGUMENT');
    expectCode([{ ...base, anchor: 'endOfWeek' }], 'INVALID_ARGUMENT', 'rules[0].anchor');
    // The camel-case spellings of earlier drafts are not anchors or triggers.
    expectCode([{ ...base, anchor: 'endOfYear' }], 'INVALID_ARGUMENT', 'rules[0].anchor');
    expectCode([{ ...base, trigger: { type: 'lastActivity' } }], 'INVALID_ARGUMENT', 'rules[0].trigger.type');
  });

  it('rejects duplicate ids and two periods for one category and purpose', () => {
    expectCode([base, { ...base, category: 'other' }], 'DUPLICATE_RULE_ID', 'rules[1].id');
    expectCode([base, { ...base, id: 'r2', period: 'P2D' }], 'CONFLICTING_RULES', 'rules[1]');
    // Even a "same" period: one rule per category and purpose keeps plans explainable.
    expectCode([base, { ...base, id: 'r2' }], 'CONFLICTING_RULES');
    // An exception for the same purpose as its rule is the same conflict.
    expectCode([base, { ...base, id: 'r2', period: 'P7D', exceptionTo: 'r' }], 'CONFLICTING_RULES');
  });

  it('rejects exceptions that point nowhere, across categories, to themselves or to exceptions', () => {
    expectCode([{ ...base, exceptionTo: 'nope' }], 'UNKNOWN_EXCEPTION', 'rules[0].exceptionTo');
    expectCode([{ ...base, exceptionTo: 'r' }], 'INVALID_EXCEPTION');
    expectCode([base, { ...base, id: 'x', category: 'other', exceptionTo: 'r' }], 'INVALID_EXCEPTION');
    expectCode(
      [
        base,
        { ...base, id: 'x', purpose: 'security', exceptionTo: 'r' },
        { ...base, id: 'y', purpose: 'fraud', exceptionTo: 'x' },
      ],
      'INVALID_EXCEPTION',
      'rules[2].exceptionTo',
    );
  });

  it('rejects unknown keys anywhere in the policy, naming the path, the allowed keys and the likely key', () => {
    // A misspelt trigger would otherwise count from collection and delete a running customer early.
    expectCode([{ ...base, triger: { type: 'event', event: 'contract-ended' } }], 'UNKNOWN_KEY', 'rules[0].triger');
    expectCode([{ ...base, anchr: 'end-of-year' }], 'UNKNOWN_KEY', 'rules[0].anchr');
    expectCode([{ ...base, exceptionto: 'r' }], 'UNKNOWN_KEY', 'rules[0].exceptionto');
    expectCode([{ ...base, period: { min: 'P1D', maxx: 'P2D' } }], 'UNKNOWN_KEY', 'rules[0].period.maxx');
    expectCode([{ ...base, trigger: { type: 'event', evnt: 'x' } }], 'UNKNOWN_KEY', 'rules[0].trigger.evnt');
    expectCode([base], 'UNKNOWN_KEY', 'timezone', { timezone: 'Europe/Berlin' });
    expectCode(
      [JSON.parse('{"id":"r","category":"c","purpose":"p","period":"P1D","__proto__":{"trigger":{}}}')],
      'UNKNOWN_KEY',
    );
    let error: RetentionError | undefined;
    try {
      definePolicy({ rules: [{ ...base, triger: {} } as RetentionRule] });
    } catch (e) {
      error = e as RetentionError;
    }
    expect(error?.message).toBe(
      'unknown key "triger" at rules[0] (did you mean "trigger"?); expected one of: id, category, purpose, ' +
        'legalBasis, citation, period, trigger, anchor, exceptionTo, dataCategories, purposeLabel, variant',
    );
  });

  it('error messages carry no rule content beyond ids and categories', () => {
    try {
      definePolicy({ rules: [{ ...base, legalBasis: 'secret basis', period: 'P1.5D' }] });
    } catch (e) {
      expect((e as Error).message).not.toContain('secret');
      expect((e as Error).message).not.toContain('1.5');
    }
  });

  it('property: any valid single-period rule builds, any rule with a valid range in order builds', () => {
    const unit = fc.constantFrom('Y', 'M', 'W', 'D');
    const period = fc.tuple(fc.integer({ min: 0, max: 120 }), unit).map(([n, u]) => `P${n}${u}`);
    fc.assert(
      fc.property(period, fc.constantFrom('none', 'next-day', 'end-of-month', 'end-of-year'), (p, anchor) => {
        const policy = definePolicy({
          rules: [{ ...base, period: p, anchor: anchor as NonNullable<RetentionRule['anchor']> }],
        });
        expect(policy.rules).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        expect(() =>
          definePolicy({ rules: [{ ...base, period: { min: `P${min}M`, max: `P${max}M` } }] }),
        ).not.toThrow();
        if (min !== max)
          expect(() => definePolicy({ rules: [{ ...base, period: { min: `P${max}M`, max: `P${min}M` } }] })).toThrow(
            RetentionError,
          );
      }),
      { numRuns: 100 },
    );
  });
});
