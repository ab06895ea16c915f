/**
 * @module
 * The typed error of `@privkit/visitor-hash`. Its message names the argument and what is wrong,
 * never the value: the IP address and user agent are personal data, and the salts and keys are
 * secrets, and error messages end up in logs and error trackers.
 */

import {
  errorOptions,
  type PrivkitErrorOptions,
  type RaiseError,
  type SharedErrorCode,
} from '@privkit/internal/errors';

/**
 * Stable machine-readable reasons for a {@link VisitorHashError}: the codes every privkit
 * package shares, and these of its own:
 *
 * - `UNKNOWN_KEY`: an options object or a visitor input has a key the API does not know (a
 *   typo such as `userAgnet` is never ignored).
 * - `INVALID_ARGUMENT`: an argument or a field of the input has the wrong type.
 * - `INVALID_OPTIONS`: an option has the wrong type or is out of range.
 * - `INVALID_INSTANT`: `at` is not a `Date`, integer epoch milliseconds or RFC 3339 text with an
 *   offset, or is an impossible date such as `2025-02-30T10:00:00Z`.
 * - `INVALID_DURATION`: `grace` is not an ISO 8601 duration of hours, minutes and seconds.
 * - `MISSING_TENANT`: `tenant` is empty.
 * - `TENANT_TOO_LONG`: `tenant` is longer than 256 bytes of UTF-8.
 * - `INVALID_IP`: `ip` is not a strict IPv4 or IPv6 address (see `@privkit/ip`).
 * - `EMPTY_USER_AGENT`: `userAgent` is the empty string. (A long one is capped, not rejected.)
 * - `OUTSIDE_WINDOW`: `at` falls on a day whose salt has expired (the day is over and its grace
 *   window has passed), or more than five minutes after the fleet's clock. An id of a day whose
 *   salt is gone can never be computed again: that is the point.
 * - `WEAK_SECRET`: a stateless master secret that carries less than 256 bits, or looks made by
 *   hand (a placeholder, a repeated pattern, a sequence, too few distinct characters).
 * - `SALT_EXPIRED`: the store holds no live salt for the day and refuses to create one because
 *   its expiry has passed by the store's clock.
 * - `SALT_NOT_LOADED`: `idSync` was asked for a day whose salt this hasher has not loaded yet.
 * - `STORE_FAILURE`: the salt store failed, or answered with something that is not a salt of
 *   the day (a planted key without expiry, a salt outliving its promised deletion, a value that
 *   is not 32 random-looking bytes).
 */
export type VisitorHashErrorCode =
  | SharedErrorCode
  | 'MISSING_TENANT'
  | 'TENANT_TOO_LONG'
  | 'INVALID_IP'
  | 'EMPTY_USER_AGENT'
  | 'OUTSIDE_WINDOW'
  | 'WEAK_SECRET'
  | 'SALT_EXPIRED'
  | 'SALT_NOT_LOADED'
  | 'STORE_FAILURE';

/**
 * Everything `@privkit/visitor-hash` rejects: bad options, bad input, a failing store. Check
 * `code`, not the message; `path` names the option or field (`options.grace`, `input.ip`).
 *
 * @example
 * ```ts
 * import { createVisitorHasher, createMemorySaltStore, VisitorHashError } from '@privkit/visitor-hash';
 *
 * const hasher = createVisitorHasher({ store: createMemorySaltStore() });
 * try {
 *   await hasher.id({ tenant: 'shop', ip: '010.0.0.1', userAgent: 'Mozilla/5.0' });
 * } catch (error) {
 *   if (error instanceof VisitorHashError) console.log(error.code, error.path); // "INVALID_IP" "input.ip"
 * }
 * ```
 */
export class VisitorHashError extends Error {
  /** The stable reason; see {@link VisitorHashErrorCode}. */
  readonly code: VisitorHashErrorCode;
  /** Where in the input: `options.grace`, `input.at`; `undefined` when the failure has no place. */
  readonly path: string | undefined;

  /**
   * @param code - the stable reason.
   * @param message - a sentence naming the argument, never its value.
   * @param options - `path`, where in the input; `cause`, the underlying error.
   */
  constructor(code: VisitorHashErrorCode, message: string, options?: PrivkitErrorOptions) {
    super(message, errorOptions(options));
    this.name = 'VisitorHashError';
    this.code = code;
    this.path = options?.path;
  }
}

/** Builds this package's error for the shared checks of `@privkit/internal`. */
export const raise: RaiseError = (code, path, message) => new VisitorHashError(code, message, { path });
