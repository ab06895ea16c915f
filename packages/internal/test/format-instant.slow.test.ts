/**
 * @module
 * The slow suite of `@privkit/internal/instant`: `formatInstant`'s text, field by field, against
 * `Date.prototype.toISOString` on millions of generated instants over the whole accepted range
 * and around every kind of day, month and year boundary (leap days, century years, years before
 * 1000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, MAX_EPOCH_MS, MIN_EPOCH_MS } from '../src/instant.js';

describe('formatInstant against toISOString (slow)', () => {
  it('agrees on a million instants of the accepted range', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_EPOCH_MS, max: MAX_EPOCH_MS }), (ms) => {
        expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 1_000_000 },
    );
  });

  it('agrees on every first and last millisecond of a day from 0000 to 9999', () => {
    const DAY = 86_400_000;
    const bad: number[] = [];
    for (let ms = MIN_EPOCH_MS; ms <= MAX_EPOCH_MS; ms += DAY) {
      for (const t of [ms, ms + DAY - 1, ms + 43_199_999]) {
        if (formatInstant(t) !== new Date(t).toISOString()) bad.push(t);
      }
    }
    expect(bad).toEqual([]);
  });
});
