/**
 * @module
 * The typed error of `@privkit/cli`'s log anonymiser. Its message names the line number and
 * what is wrong, never the line or the address: both are personal data, and error messages end
 * up in terminals, CI logs and error trackers.
 */

/**
 * Stable machine-readable reasons for a {@link LogAnonymizerError}.
 *
 * - `UNPARSABLE_ADDRESS`: with `onUnparsable: 'fail'`, a line's address field is not an IP
 *   address (an octal or short IPv4 form, a host name, a list with a bad entry, garbage).
 * - `UNMATCHED_LINE`: with `onUnparsable: 'fail'`, the format could not find the address field
 *   at all (the regular expression did not match, the column is missing, the JSON is invalid).
 * - `SALT_UNAVAILABLE`: the visitor-id salt of a line's day could not be loaded (the store
 *   failed or the day is outside the salt's window).
 */
export type LogAnonymizerErrorCode = 'UNPARSABLE_ADDRESS' | 'UNMATCHED_LINE' | 'SALT_UNAVAILABLE';

/**
 * Raised by the log anonymiser when it must stop rather than write a line it cannot mask.
 *
 * @example
 * ```ts
 * import { createLineAnonymizer, LogAnonymizerError } from '@privkit/cli';
 *
 * const anonymize = createLineAnonymizer({ onUnparsable: 'fail' });
 * try {
 *   anonymize.line('0177.0.0.1 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5');
 * } catch (error) {
 *   if (error instanceof LogAnonymizerError) error.code; // "UNPARSABLE_ADDRESS"
 * }
 * ```
 */
export class LogAnonymizerError extends Error {
  /** The stable reason; see {@link LogAnonymizerErrorCode}. */
  readonly code: LogAnonymizerErrorCode;
  /** The 1-based number of the line (across everything this anonymiser has seen). */
  readonly lineNumber: number;

  /**
   * @param code - the stable reason.
   * @param lineNumber - the 1-based line number.
   * @param message - what is wrong, without the line's content.
   */
  constructor(code: LogAnonymizerErrorCode, lineNumber: number, message: string) {
    super(`line ${lineNumber}: ${message}`);
    this.name = 'LogAnonymizerError';
    this.code = code;
    this.lineNumber = lineNumber;
  }
}
