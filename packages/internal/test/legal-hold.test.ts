import { describe, expect, it } from 'vitest';
import type { RaiseError } from '../src/errors.js';
import { parseLegalHold } from '../src/legal-hold.js';

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
const hold = { id: 'H', scope: { subject: 's-1' }, reason: 'open request', placedAt: '2026-01-01T00:00:00Z' };

function caught(value: unknown): TestError {
  try {
    parseLegalHold(value, 'holds[0]', raise);
  } catch (error) {
    return error as TestError;
  }
  throw new Error('accepted');
}

describe('parseLegalHold', () => {
  it('returns a frozen copy without undefined fields', () => {
    const parsed = parseLegalHold({ ...hold, citation: undefined, until: { date: '2026-12-31' } }, 'hold', raise);
    expect(parsed).toEqual({ ...hold, until: { date: '2026-12-31' } });
    expect(Object.isFrozen(parsed) && Object.isFrozen(parsed.scope) && Object.isFrozen(parsed.until)).toBe(true);
  });

  it('refuses unknown keys at every depth, scopes with more than one key, and impossible dates', () => {
    expect(caught({ ...hold, untill: { event: 'x' } })).toMatchObject({ code: 'UNKNOWN_KEY', path: 'holds[0].untill' });
    expect(caught({ ...hold, scope: { subjects: 's' } })).toMatchObject({
      code: 'UNKNOWN_KEY',
      path: 'holds[0].scope.subjects',
    });
    expect(caught({ ...hold, scope: { subject: 's', record: 'r' } }).path).toBe('holds[0].scope');
    expect(caught({ ...hold, until: { date: '2026-12-31', event: 'x' } }).path).toBe('holds[0].until');
    expect(caught({ ...hold, placedAt: '2025-02-29T10:00:00Z' })).toMatchObject({ code: 'INVALID_INSTANT' });
    expect(caught({ ...hold, placedAt: Date.UTC(2026, 0, 1) }).code).toBe('INVALID_INSTANT');
    expect(caught({ ...hold, until: { date: '2025-02-30' } })).toMatchObject({
      code: 'INVALID_DATE',
      path: 'holds[0].until.date',
    });
    expect(caught({ ...hold, until: { date: '2025-02-30T10:00:00Z' } }).code).toBe('INVALID_DATE');
    expect(caught({ ...hold, reason: '' }).path).toBe('holds[0].reason');
  });
});
