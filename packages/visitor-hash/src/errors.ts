/**
 * @module
 * The typed error of `@privkit/visitor-hash`. Its message names the argument and what is wrong,
 * never the value: the IP address and user agent are personal data, and the salts and keys are
 * secrets, and error messages end up in logs and error trackers.
 */

/**
 * Stable machine-readable reasons for a {@link VisitorHashError}.
 *
 * - `MISSING_TENANT`: `tenant` is empty.
 * - `TENANT_TOO_LONG`: `tenant` is longer than 256 bytes of UTF-8.
 * - `INVALID_IP`: `ip` is not a strict IPv4 or IPv6 address (see `@privkit/ip`).
 * - `EMPTY_USER_AGENT`: `userAgent` is the empty string. (A long one is capped, not rejected.)
 * - `INVALID_TIME`: `at` is not a valid date or epoch-millisecond number.
 * - `OUTSIDE_WINDOW`: `at` falls on a day whose salt has expired (the day is over and its grace
 *   window has passed), or more than five minutes after the hasher's clock. An id of a day
 *   whose salt is gone can never be computed again: that is the point.
 * - `WEAK_SECRET`: a stateless master secret shorter than 32 bytes, or a known default value.
 * - `SALT_EXPIRED`: the store holds no live salt for the day and refuses to create one because
 *   its expiry has passed.
 * - `SALT_NOT_LOADED`: `idSync` was asked for a day whose salt this hasher has not loaded yet.
 * - `STORE_FAILURE`: the salt store failed, or answered with something that is not a salt.
 */
export type VisitorHashErrorCode =
  | 'MISSING_TENANT'
  | 'TENANT_TOO_LONG'
  | 'INVALID_IP'
  | 'EMPTY_USER_AGENT'
  | 'INVALID_TIME'
  | 'OUTSIDE_WINDOW'
  | 'WEAK_SECRET'
  | 'SALT_EXPIRED'
  | 'SALT_NOT_LOADED'
  | 'STORE_FAILURE';

/**
 * Raised for input a visitor id cannot be computed from. Check `code`, not the message.
 *
 * @example
 * ```ts
 * import { createVisitorHasher, createMemorySaltStore, VisitorHashError } from '@privkit/visitor-hash';
 *
 * const hasher = createVisitorHasher({ store: createMemorySaltStore() });
 * try {
 *   await hasher.id({ tenant: 'shop', ip: '010.0.0.1', userAgent: 'Mozilla/5.0' });
 * } catch (error) {
 *   if (error instanceof VisitorHashError) error.code; // "INVALID_IP"
 * }
 * ```
 */
export class VisitorHashError extends Error {
  /** The stable reason; see {@link VisitorHashErrorCode}. */
  readonly code: VisitorHashErrorCode;

  /**
   * @param code - the stable reason.
   * @param message - a description naming the argument, never its value.
   */
  constructor(code: VisitorHashErrorCode, message: string) {
    super(message);
    this.name = 'VisitorHashError';
    this.code = code;
  }
}
