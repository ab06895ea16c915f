/**
 * @module
 * The typed error of `@privkit/request`. Its message names the argument or header and what is
 * wrong, never a value: what a request carries (the address, the user agent, a forged header) is
 * personal data or attacker-written text, and error messages end up in logs and error trackers.
 */

import {
  errorOptions,
  type PrivkitErrorOptions,
  type RaiseError,
  type SharedErrorCode,
} from '@privkit/internal/errors';

/**
 * Stable machine-readable reasons for a {@link RequestError}: the codes every privkit package
 * shares, and these of its own:
 *
 * - `UNKNOWN_KEY`: an options object has a key the package does not know (`trustProxies`).
 * - `INVALID_OPTIONS`: an option has the wrong type or value (a trust list with a bad block, a
 *   truncation policy out of range, a hasher without `id`).
 * - `INVALID_ARGUMENT`: the request handed to `read` is not one (no headers, a header that is
 *   neither text nor a list of text, a socket address that is not an address).
 * - `MALFORMED_HEADER`: the proxy header holds an entry the walk had to read that is not an
 *   address, or is longer than `@privkit/ip` reads; only with `onMalformed: 'throw'`. The `cause`
 *   is the `IpError`, whose message names the entry's position, never its text.
 * - `VISITOR_ID_FAILED`: the visitor hasher refused or failed (its salt store is down, the day's
 *   salt is gone). The `cause` is the `VisitorHashError`.
 * - `LOCATION_FAILED`: the locator failed (an unreadable database record). The `cause` is the
 *   `GeoError`.
 */
export type RequestErrorCode = SharedErrorCode | 'MALFORMED_HEADER' | 'VISITOR_ID_FAILED' | 'LOCATION_FAILED';

/**
 * Everything `@privkit/request` rejects. Check `code`, not the message; `path` names the option
 * or the part of the request.
 *
 * @example
 * ```ts
 * import { createRequestPrivacy, RequestError } from '@privkit/request';
 *
 * const privacy = createRequestPrivacy({ trustProxy: ['loopback'], onMalformed: 'throw' });
 * try {
 *   await privacy.read({ remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': 'not an address' } });
 * } catch (error) {
 *   if (error instanceof RequestError) console.log(error.code); // "MALFORMED_HEADER"
 * }
 * ```
 */
export class RequestError extends Error {
  /** The stable reason; see {@link RequestErrorCode}. */
  readonly code: RequestErrorCode;
  /** Where: `options.trustProxy`, `request.headers["x-forwarded-for"][-2]`; `undefined` when nowhere. */
  readonly path: string | undefined;

  /**
   * @param code - the stable reason.
   * @param message - a sentence naming the argument, never its value.
   * @param options - `path`, where in the input; `cause`, the underlying error.
   */
  constructor(code: RequestErrorCode, message: string, options?: PrivkitErrorOptions) {
    super(message, errorOptions(options));
    this.name = 'RequestError';
    this.code = code;
    this.path = options?.path;
  }
}

/** Builds this package's error for the shared checks of `@privkit/internal`. */
export const raise: RaiseError = (code, path, message) => new RequestError(code, message, { path });
