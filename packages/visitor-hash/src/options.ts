/**
 * @module
 * The options of a hasher, read strictly: an unknown key (`graceMs`, `userAgnet`) is an
 * `UNKNOWN_KEY` error naming it, every value is checked before anything is built, and values are
 * read as own properties only, so a polluted `Object.prototype` cannot lengthen the grace window.
 */

import { integerInRange, oneOf, own, strictOptions } from '@privkit/internal/check';
import { clockMilliseconds, requireDuration } from '@privkit/internal/duration';
import { type DayBoundary, utcDays } from './days.js';
import { raise, VisitorHashError } from './errors.js';
import type { SaltStore } from './store.js';

/** Options of {@link createVisitorHasher}. */
export interface VisitorHasherOptions {
  /**
   * Where daily salts live: {@link createMemorySaltStore} for one process,
   * `createRedisSaltStore` or `createPostgresSaltStore` for a fleet, or
   * {@link createStatelessSaltSource} where nothing can be stored (it cannot forget).
   */
  store: SaltStore;
  /** The day boundary: {@link utcDays} (default) or {@link zonedDays}. */
  days?: DayBoundary;
  /**
   * How long after a day ends its salt stays usable, as an ISO 8601 duration of hours, minutes
   * and seconds, so that sessions survive midnight: during this window
   * {@link VisitorHasher.candidates} returns the id under both days' salts. It is also the hard
   * bound: at day end + grace the salt is deleted and no id of that day can be computed again.
   * Default `PT30M`; `PT0S` to `PT6H`. Every instance of a fleet must use the same value.
   */
  grace?: string;
  /** Id length in bits: a multiple of 8 from 64 to 256. Default 128. */
  outputBits?: number;
  /** Id text: `hex` (default) or unpadded `base64url`. */
  encoding?: 'hex' | 'base64url';
  /**
   * IPv6 addresses are reduced to this prefix before hashing, because privacy extensions
   * (RFC 8981) rotate the low 64 bits inside one network several times a day. Default 64.
   */
  ipv6PrefixLength?: number;
  /** IPv4 addresses are reduced to this prefix. Default 32 (the whole address). */
  ipv4PrefixLength?: number;
  /**
   * This process's clock, epoch milliseconds. Default `Date.now`. With a store that keeps time
   * (Redis, PostgreSQL) the hasher runs on the store's clock and uses this one only to measure
   * the time between readings of it.
   */
  clock?: () => number;
}

/** Options as the hasher uses them. */
export interface Settings {
  readonly store: SaltStore;
  readonly days: DayBoundary;
  readonly graceMs: number;
  readonly outputBytes: number;
  readonly encoding: 'hex' | 'base64url';
  readonly ipv4Prefix: number;
  readonly ipv6Prefix: number;
  readonly clock: () => number;
}

const KEYS = ['store', 'days', 'grace', 'outputBits', 'encoding', 'ipv6PrefixLength', 'ipv4PrefixLength', 'clock'];
const DEFAULT_GRACE_MS = 30 * 60_000;
const MAX_GRACE_MS = 6 * 60 * 60_000;

function invalid(path: string, message: string): VisitorHashError {
  return new VisitorHashError('INVALID_OPTIONS', `"${path}" ${message}`, { path });
}

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

function checkStore(value: unknown): SaltStore {
  const store = value as Partial<SaltStore> | null;
  if (
    typeof store !== 'object' ||
    store === null ||
    typeof store.kind !== 'string' ||
    typeof store.forgets !== 'boolean' ||
    !isFunction(store.getOrCreate) ||
    !isFunction(store.delete) ||
    !isFunction(store.purgeExpired) ||
    !(store.now === undefined || isFunction(store.now))
  ) {
    throw invalid('options.store', 'must be a salt store (createMemorySaltStore, createRedisSaltStore, …)');
  }
  return store as SaltStore;
}

function checkDays(value: unknown): DayBoundary {
  const days = value as Partial<DayBoundary> | null;
  if (
    typeof days !== 'object' ||
    days === null ||
    typeof days.timeZone !== 'string' ||
    typeof days.visitorTimeZone !== 'boolean' ||
    !isFunction(days.window) ||
    !isFunction(days.previous)
  ) {
    throw invalid('options.days', 'must be a day boundary (utcDays() or zonedDays(…))');
  }
  return days as DayBoundary;
}

/** Checks `options` and fills in the defaults. */
export function settle(options: VisitorHasherOptions): Settings {
  const checked = strictOptions(options, KEYS, raise);
  const store = checkStore(own(checked, 'store'));
  const days = own(checked, 'days');
  const grace = own(checked, 'grace');
  let graceMs = DEFAULT_GRACE_MS;
  if (grace !== undefined) {
    graceMs = clockMilliseconds(requireDuration(grace, 'options.grace', raise, ['hours', 'minutes', 'seconds']));
    if (graceMs > MAX_GRACE_MS) throw invalid('options.grace', 'must be at most PT6H');
  }
  const bits = own(checked, 'outputBits');
  const outputBits = bits === undefined ? 128 : integerInRange(bits, 64, 256, 'options.outputBits', raise);
  if (outputBits % 8 !== 0) throw invalid('options.outputBits', 'must be a multiple of 8');
  const encoding = own(checked, 'encoding');
  const v4 = own(checked, 'ipv4PrefixLength');
  const v6 = own(checked, 'ipv6PrefixLength');
  const clock = own(checked, 'clock');
  if (clock !== undefined && !isFunction(clock)) throw invalid('options.clock', 'must be a function');
  return {
    store,
    days: days === undefined ? utcDays() : checkDays(days),
    graceMs,
    outputBytes: outputBits / 8,
    encoding:
      encoding === undefined
        ? 'hex'
        : oneOf(encoding, ['hex', 'base64url'] as const, 'options.encoding', raise, 'INVALID_OPTIONS'),
    ipv4Prefix: v4 === undefined ? 32 : integerInRange(v4, 0, 32, 'options.ipv4PrefixLength', raise),
    ipv6Prefix: v6 === undefined ? 64 : integerInRange(v6, 0, 128, 'options.ipv6PrefixLength', raise),
    clock: (clock as (() => number) | undefined) ?? Date.now,
  };
}
