/**
 * @module
 * The fleet's clock, as a hasher sees it. A store shared by a fleet keeps time itself (Redis
 * `TIME`, PostgreSQL `clock_timestamp()`), and that clock, not each server's, decides which day
 * an event without a time falls on and whether a day is over: a server whose clock is hours off
 * still computes the same ids as the rest of the fleet. The offset from the local clock is
 * measured on one round trip (the midpoint of the request, so the error is at most half the
 * round-trip time) and measured again once it is a minute old, so a clock that is stepped or
 * drifts is followed within a minute. Stores without a clock (memory, stateless) leave the local
 * clock as it is.
 */

import { VisitorHashError } from '../errors.js';
import type { SaltStore } from '../store.js';
import { storeFailure } from './store-failure.js';

/** How old a measured offset may get before the next asynchronous call measures it again. */
const RESYNC_MS = 60_000;

/** The clock a hasher runs on. */
export interface FleetClock {
  /** Now, epoch milliseconds: the local clock plus the last measured offset to the store's. */
  now(): number;
  /** Whether the offset should be measured before the next answer (never, without a store clock). */
  stale(): boolean;
  /** Measures the offset; concurrent callers share one measurement. */
  sync(): Promise<void>;
}

/** The clock of a hasher using `store`, whose own clock is `local`. */
export function fleetClock(local: () => number, store: SaltStore): FleetClock {
  if (typeof store.now !== 'function') return { now: local, stale: () => false, sync: async () => {} };
  let offset = 0;
  let measuredAt = Number.NaN;
  let pending: Promise<void> | undefined;

  async function measure(): Promise<void> {
    const before = local();
    let remote: unknown;
    try {
      remote = await (store.now as () => Promise<number>).call(store);
    } catch (error) {
      throw storeFailure(store, error);
    }
    const after = local();
    if (typeof remote !== 'number' || !Number.isFinite(remote)) {
      throw new VisitorHashError('STORE_FAILURE', `salt store "${store.kind}" answered with a time that is not one`);
    }
    offset = Math.round(remote - (before + after) / 2);
    measuredAt = after;
  }

  return {
    now: () => local() + offset,
    // The absolute value: a local clock stepped backwards makes the measurement stale too.
    stale: () => !(Math.abs(local() - measuredAt) < RESYNC_MS),
    sync() {
      pending ??= measure().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
