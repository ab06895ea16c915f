import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseJsonStrict } from '../src/json.js';

describe('parseJsonStrict', () => {
  it('refuses duplicate keys, also when one is escaped, and names the object', () => {
    expect(parseJsonStrict('{"a":1,"a":2}')).toEqual({ ok: false, problem: 'duplicate-key', path: '$' });
    expect(parseJsonStrict('{"x":[{"b":1},{"a":1,"\\u0061":2}]}')).toEqual({
      ok: false,
      problem: 'duplicate-key',
      path: '$.x[1]',
    });
    expect(parseJsonStrict('{"a":{"a":1},"b":{"a":1}}')).toEqual({ ok: true, value: { a: { a: 1 }, b: { a: 1 } } });
    expect(parseJsonStrict('{"a":"}\\"{","a":1}').ok).toBe(false);
    expect(parseJsonStrict('{"a":1,}')).toEqual({ ok: false, problem: 'syntax', path: '$' });
  });

  it('accepts whatever JSON.stringify writes, with the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseJsonStrict(text)).toEqual({ ok: true, value: JSON.parse(text) });
      }),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }] })).toBe('{"a":[null,{"c":"x"}],"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(RangeError);
  });
});
