import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../src/duration.js';
import { addDurationUtc, parseRetentionRule, type RaiseRuleError, rangeInvertedFrom } from '../src/retention-rule.js';

class TestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
const raise: RaiseRuleError = (code, path, message) => new TestError(code, message, path);
const base = { id: 'r', category: 'c', purpose: 'p', period: 'P1D' };

function caught(value: unknown): TestError {
  try {
    parseRetentionRule(value, 'rules[0]', raise);
  } catch (error) {
    return error as TestError;
  }
  throw new Error('accepted');
}

describe('parseRetentionRule', () => {
  it('returns a frozen copy in key order, without undefined fields, with the parsed periods', () => {
    const input = {
      exceptionTo: undefined,
      anchor: 'end-of-year',
      period: { max: 'P6M', min: 'P30D' },
      trigger: { type: 'event', event: 'contract-ended' },
      purpose: 'tax',
      category: 'invoice',
      id: 'books',
    };
    const { rule, periods } = parseRetentionRule(input, 'rules[0]', raise);
    expect(Object.keys(rule)).toEqual(['id', 'category', 'purpose', 'period', 'trigger', 'anchor']);
    expect(rule.period).toEqual({ min: 'P30D', max: 'P6M' });
    expect(Object.isFrozen(rule) && Object.isFrozen(rule.period) && Object.isFrozen(rule.trigger)).toBe(true);
    expect(periods.min.days).toBe(30);
    expect(periods.max.months).toBe(6);
    expect(rule.trigger).not.toBe(input.trigger);
  });

  it('names typos at every depth with the allowed keys and a hint', () => {
    expect(caught({ ...base, triger: { type: 'event', event: 'x' } })).toMatchObject({
      code: 'UNKNOWN_KEY',
      path: 'rules[0].triger',
      message: expect.stringContaining('(did you mean "trigger"?); expected one of: id, category, purpose'),
    });
    expect(caught({ ...base, anchr: 'next-day' }).path).toBe('rules[0].anchr');
    expect(caught({ ...base, exceptionto: 'x' }).message).toContain('did you mean "exceptionTo"');
    expect(caught({ ...base, period: { min: 'P1D', mx: 'P2D' } }).path).toBe('rules[0].period.mx');
    expect(caught({ ...base, trigger: { tpye: 'event' } }).path).toBe('rules[0].trigger.tpye');
    expect(caught({ ...base, trigger: { type: 'collected', event: 'x' } })).toMatchObject({
      code: 'UNKNOWN_KEY',
      path: 'rules[0].trigger.event',
    });
    expect(caught(JSON.parse('{"id":"r","category":"c","purpose":"p","period":"P1D","__proto__":{}}')).code).toBe(
      'UNKNOWN_KEY',
    );
  });

  it('refuses wrong types and values with their path', () => {
    expect(caught({ ...base, id: 'a b' })).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'rules[0].id' });
    expect(caught({ ...base, purpose: ' ' }).path).toBe('rules[0].purpose');
    expect(caught({ ...base, anchor: 'nextDay' })).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'rules[0].anchor' });
    expect(caught({ ...base, trigger: { type: 'lastActivity' } }).path).toBe('rules[0].trigger.type');
    expect(caught({ ...base, trigger: { type: 'event' } }).path).toBe('rules[0].trigger.event');
    expect(caught({ ...base, period: 'P1.5D' })).toMatchObject({ code: 'INVALID_DURATION', path: 'rules[0].period' });
    expect(caught({ ...base, period: 'P10001Y' }).code).toBe('INVALID_DURATION');
    expect(caught({ ...base, period: ['P1D'] }).code).toBe('INVALID_DURATION');
    expect(caught({ ...base, period: { min: 'P6M', max: 'P30D' } })).toMatchObject({
      code: 'RANGE_INVERTED',
      path: 'rules[0].period',
    });
    expect(caught(new (class Rule {})()).code).toBe('INVALID_ARGUMENT');
  });

  it('keeps the words documents print apart from the keys records are matched on', () => {
    const { rule } = parseRetentionRule(
      {
        ...base,
        trigger: { type: 'event', event: 'contract-ended', label: 'the end of the contract' },
        dataCategories: ['contact', 'invoices'],
        purposeLabel: 'to defend legal claims',
        variant: 'customers with invoices',
      },
      'rules[0]',
      raise,
    );
    expect(rule.trigger).toEqual({ type: 'event', event: 'contract-ended', label: 'the end of the contract' });
    expect(rule.dataCategories).toEqual(['contact', 'invoices']);
    expect(Object.isFrozen(rule.dataCategories)).toBe(true);
    expect(rule.purposeLabel).toBe('to defend legal claims');
    expect(rule.variant).toBe('customers with invoices');
    expect(
      parseRetentionRule({ ...base, trigger: { type: 'collected', label: 'sending' } }, 'r', raise).rule.trigger,
    ).toEqual({ type: 'collected', label: 'sending' });
    expect(caught({ ...base, trigger: { type: 'event', event: 'x', lable: 'y' } }).message).toContain(
      'did you mean "label"',
    );
    expect(caught({ ...base, trigger: { type: 'last-activity', label: ' ' } }).path).toBe('rules[0].trigger.label');
    expect(caught({ ...base, dataCategories: [] })).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'rules[0].dataCategories',
    });
    expect(caught({ ...base, dataCategories: 'contact' }).path).toBe('rules[0].dataCategories');
    expect(caught({ ...base, dataCategories: ['ok', 'not an id'] }).path).toBe('rules[0].dataCategories[1]');
    expect(caught({ ...base, purposeLabel: '' }).path).toBe('rules[0].purposeLabel');
    expect(caught({ ...base, variant: 3 }).path).toBe('rules[0].variant');
    expect(caught({ ...base, purposelabel: 'x' }).message).toContain('did you mean "purposeLabel"');
  });

  it('orders ranges from every month end: P30D to P1M is refused (February), P28D to P1M is not', () => {
    const d = (text: string) => parseDuration(text)!;
    expect(rangeInvertedFrom(d('P30D'), d('P1M'))).toBeDefined();
    expect(rangeInvertedFrom(d('P366D'), d('P1Y'))).toBeDefined();
    expect(rangeInvertedFrom(d('PT25H'), d('P1D'))).toBeDefined();
    expect(rangeInvertedFrom(d('P28D'), d('P1M'))).toBeUndefined();
    expect(rangeInvertedFrom(d('P365D'), d('P1Y'))).toBeUndefined();
  });

  it('adds durations in UTC exactly as Temporal does', () => {
    const unit = (max: number) => fc.integer({ min: 0, max });
    fc.assert(
      fc.property(
        fc.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }),
        fc.record({
          years: unit(120),
          months: unit(400),
          weeks: unit(60),
          days: unit(800),
          hours: unit(100),
          minutes: unit(200),
          seconds: unit(5000),
        }),
        (from, d) => {
          const expected = Temporal.Instant.fromEpochMilliseconds(from)
            .toZonedDateTimeISO('UTC')
            .add(d).epochMilliseconds;
          expect(addDurationUtc(from, d)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
