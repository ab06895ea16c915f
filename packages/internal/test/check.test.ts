import { describe, expect, it } from 'vitest';
import { integerInRange, iterable, joinPath, oneOf, strictObject, strictOptions } from '../src/check.js';
import type { RaiseError } from '../src/errors.js';

class TestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
const raise: RaiseError = (code, path, message) => new TestError(code, message, path);
const RULE_KEYS = ['id', 'category', 'purpose', 'period', 'trigger', 'anchor', 'timeZone'];

function caught(fn: () => unknown): TestError {
  try {
    fn();
  } catch (error) {
    return error as TestError;
  }
  throw new Error('did not throw');
}

describe('strictObject', () => {
  it('names the unknown key, its path, the allowed keys and the likely intended key', () => {
    const error = caught(() => strictObject({ id: 'a', triger: 'x' }, RULE_KEYS, 'rules[0]', raise));
    expect(error.code).toBe('UNKNOWN_KEY');
    expect(error.path).toBe('rules[0].triger');
    expect(error.message).toBe(
      'unknown key "triger" at rules[0] (did you mean "trigger"?); expected one of: id, category, purpose, period, ' +
        'trigger, anchor, timeZone',
    );
    expect(caught(() => strictObject({ timezone: 'UTC' }, RULE_KEYS, 'rules[1]', raise)).message).toContain(
      'did you mean "timeZone"?',
    );
  });

  it('refuses __proto__ from JSON, non-enumerable keys, and objects that are not plain', () => {
    const parsed = JSON.parse('{"id":"a","__proto__":{"trigger":"x"}}') as unknown;
    expect(caught(() => strictObject(parsed, RULE_KEYS, 'rule', raise)).path).toBe('rule.__proto__');
    const hidden = Object.defineProperty({ id: 'a' }, 'anchr', { value: 'x', enumerable: false });
    expect(caught(() => strictObject(hidden, RULE_KEYS, 'rule', raise)).code).toBe('UNKNOWN_KEY');
    for (const value of [null, [], 'x', new Date(), new (class Rule {})()]) {
      expect(caught(() => strictObject(value, RULE_KEYS, 'rule', raise)).code).toBe('INVALID_ARGUMENT');
    }
    expect(strictObject(Object.create(null), RULE_KEYS, 'rule', raise)).toEqual({});
  });

  it('quotes a hostile key shortened and escaped', () => {
    const key = `a\nb${'x'.repeat(100)}`;
    const error = caught(() => strictObject({ [key]: 1 }, RULE_KEYS, '', raise));
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(200);
  });

  it('strictOptions treats undefined as {} and raises INVALID_OPTIONS for non-objects', () => {
    expect(strictOptions(undefined, ['a'], raise)).toEqual({});
    expect(caught(() => strictOptions(3, ['a'], raise)).code).toBe('INVALID_OPTIONS');
    expect(caught(() => strictOptions({ b: 1 }, ['a'], raise)).path).toBe('options.b');
  });
});

describe('scalar checks', () => {
  it('word their messages alike', () => {
    expect(caught(() => integerInRange(0, 1, 10, 'options.batchSize', raise)).message).toBe(
      '"options.batchSize" must be an integer from 1 to 10',
    );
    expect(caught(() => oneOf('nextDay', ['next-day', 'none'], 'rules[0].anchor', raise)).message).toBe(
      '"rules[0].anchor" must be one of: next-day, none',
    );
  });

  it('joinPath', () => {
    expect(joinPath('', 'a')).toBe('a');
    expect(joinPath('a', 2)).toBe('a[2]');
    expect(joinPath('a', 'b-c')).toBe('a["b-c"]');
  });
});

describe('iterable', () => {
  it('takes arrays, sets and generators, and refuses strings, numbers and plain objects', () => {
    const list = [1];
    expect(iterable(list, 'entries', raise)).toBe(list);
    expect([...iterable(new Set([1, 2]), 'entries', raise)]).toEqual([1, 2]);
    expect([
      ...iterable(
        (function* () {
          yield 3;
        })(),
        'entries',
        raise,
      ),
    ]).toEqual([3]);
    for (const bad of ['198.51.100.23', 42, { length: 1 }, null, undefined]) {
      const error = caught(() => iterable(bad, 'entries', raise));
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'entries' });
      expect(error.message).toBe('"entries" must be an array or another iterable');
    }
  });
});
