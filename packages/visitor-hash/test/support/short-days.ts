/**
 * @module
 * Days of a few seconds, for tests that must see salts created, expire and be deleted by a real
 * store's own clock: Redis and PostgreSQL keep real time, so a test cannot move their clock to a
 * midnight, but it can make midnights come every few seconds. The boundary follows the same
 * contract as `utcDays()` (half-open windows, `previous` the window before), so the hasher treats
 * these days like any other.
 */
import type { DayBoundary, DayWindow } from '../../src/index.js';

/** Days of `lengthMs` milliseconds, starting at multiples of it since the epoch. */
export function shortDays(lengthMs: number): DayBoundary {
  const window = (at: number): DayWindow => {
    const n = Math.floor(at / lengthMs);
    return {
      key: `short${lengthMs}-${n}@UTC`,
      date: `short-${n}`,
      timeZone: 'UTC',
      start: n * lengthMs,
      end: (n + 1) * lengthMs,
    };
  };
  return { timeZone: 'UTC', visitorTimeZone: false, window, previous: (day) => window(day.start - 1) };
}

/** Resolves at the next multiple of `lengthMs` (a day boundary of {@link shortDays}) plus `after` ms. */
export function nextBoundary(lengthMs: number, after = 0, now = Date.now()): Promise<number> {
  let boundary = (Math.floor(now / lengthMs) + 1) * lengthMs;
  // Asked for a moment before the boundary that has already passed: take the next boundary, so the
  // caller really is that far ahead of it.
  if (boundary + after < now) boundary += lengthMs;
  return new Promise((resolve) => setTimeout(() => resolve(boundary), boundary + after - now));
}
