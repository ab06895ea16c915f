/**
 * @module
 * Preloaded with `node --import` into a worker process, before any other module: shifts this
 * process's wall clock by `PRIVKIT_TEST_CLOCK_SKEW_MS` milliseconds, as a server whose clock is
 * off would be. `Date.now()` and `new Date()` both answer the shifted time, so the code under
 * test runs on it unchanged (the hasher's default clock is `Date.now`); the monotonic
 * `performance.now()` and the timers are untouched, like a real skewed clock's.
 */
const skew = Number(process.env['PRIVKIT_TEST_CLOCK_SKEW_MS'] ?? '0');

if (!Number.isInteger(skew)) throw new Error('PRIVKIT_TEST_CLOCK_SKEW_MS must be an integer');
if (skew !== 0) {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + skew);
      else super(...(args as [number]));
    }
    static override now(): number {
      return RealDate.now() + skew;
    }
  }
  globalThis.Date = SkewedDate as DateConstructor;
}
