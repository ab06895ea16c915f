/**
 * @module
 * The one error class of `@privkit/cli`. Its message names the option, the line number or the
 * file, and what is wrong, never a log line, an address, a salt or a key: those are personal data
 * or secrets, and error messages end up in terminals, CI logs and error trackers.
 */

import { errorOptions, type PrivkitErrorOptions, type SharedErrorCode } from '@privkit/internal/errors';

/**
 * Stable machine-readable reasons for a {@link CliError}: the codes every privkit package shares
 * (`UNKNOWN_KEY`, `INVALID_ARGUMENT`, `INVALID_OPTIONS`, `INVALID_INSTANT`, `INVALID_DATE`,
 * `INVALID_DURATION`), and:
 *
 * - `UNPARSABLE_ADDRESS`: under `onUnparsable: 'fail'`, a line's address field is not an IP
 *   address (an octal or short IPv4 form, a host name, a list with a bad entry, garbage).
 * - `UNMATCHED_LINE`: under `onUnparsable: 'fail'`, the line is not in the format (a CLF line
 *   whose fields do not line up, a JSON line without the address field, a regular expression
 *   that does not match, a missing column).
 * - `LINE_TOO_LONG`: under `onUnparsable: 'fail'`, a line is longer than `maxLineLength`.
 * - `SALT_NOT_LOADED`: `lineSync()` needs a day's visitor-id salt that is not loaded yet (use
 *   `line()`, which loads it).
 * - `SALT_UNAVAILABLE`: the visitor-id salt of a line's day could not be loaded.
 * - `USAGE`: the command line is wrong (exit status 2).
 * - `UNTRUSTED_FILE`: a file the command relies on (a salt directory, a salt, a deletion log)
 *   has loose permissions, another owner, or content privkit did not write.
 * - `FAILED`: the command could not do its work (a file it cannot read, a failing server); the
 *   message says what, in one line.
 *
 * @example
 * ```ts
 * import type { CliErrorCode } from '@privkit/cli';
 * const code: CliErrorCode = 'UNPARSABLE_ADDRESS';
 * ```
 */
export type CliErrorCode =
  | SharedErrorCode
  | 'UNPARSABLE_ADDRESS'
  | 'UNMATCHED_LINE'
  | 'LINE_TOO_LONG'
  | 'SALT_NOT_LOADED'
  | 'SALT_UNAVAILABLE'
  | 'USAGE'
  | 'UNTRUSTED_FILE'
  | 'FAILED';

/**
 * Raised by `@privkit/cli` for bad options, for a line the anonymiser must not write under
 * `onUnparsable: 'fail'`, and by the command for what it refuses. `path` says where: an option
 * (`options.format`), or a line (`line 12`, counted from 1 across everything the anonymiser has
 * read).
 *
 * @example
 * ```ts
 * import { CliError, createLineAnonymizer } from '@privkit/cli';
 *
 * const anonymizer = createLineAnonymizer({ onUnparsable: 'fail' });
 * try {
 *   anonymizer.lineSync('0177.0.0.1 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5');
 * } catch (error) {
 *   if (error instanceof CliError) console.error(error.code, error.path); // UNPARSABLE_ADDRESS line 1
 * }
 * ```
 */
export class CliError extends Error {
  /** The stable reason; see {@link CliErrorCode}. */
  readonly code: CliErrorCode;
  /** Where: an option path (`options.format`) or a line (`line 12`); `undefined` when neither. */
  readonly path: string | undefined;

  /**
   * @param code - the stable reason.
   * @param message - what is wrong, naming the option or line, never a value from the input.
   * @param options - `path` (where) and `cause` (the underlying error).
   */
  constructor(code: CliErrorCode, message: string, options?: PrivkitErrorOptions) {
    super(message, errorOptions(options));
    this.name = 'CliError';
    this.code = code;
    this.path = options?.path;
  }
}

/** The {@link RaiseError} the shared checks use to build a {@link CliError}. */
export const raise = (code: SharedErrorCode, path: string, message: string): CliError =>
  new CliError(code, message, { path });
