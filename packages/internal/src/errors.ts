/**
 * @module
 * The one error shape every privkit package follows. Each package has its own error class
 * (`IpError`, `RetentionError`, …) so a user catches one package's failures with one
 * `instanceof`; every class has the same fields and constructor, built from this module:
 *
 * - `name`: the class name;
 * - `code`: a stable upper-snake reason for programs (`UNKNOWN_KEY`, `INVALID_INSTANT`, …);
 * - `path`: where in the input, as `rules[0].period` or `options.grace`, when there is one;
 * - `cause`: the underlying error, when there is one (a driver error, a parse error).
 *
 * The constructor is `(code, message, { path, cause })`. The message is a whole sentence that
 * names the argument or path in quotes and says what is wrong, never the value: values are
 * personal data (an IP address, an e-mail) or secrets (a key, a salt), and messages end up in
 * logs.
 */

/** The options every privkit error constructor takes after its code and message. */
export interface PrivkitErrorOptions {
  /** Where in the input the problem is, as `rules[0].period` or `options.grace`. */
  readonly path?: string | undefined;
  /** The underlying error. */
  readonly cause?: unknown;
}

/** The options to hand to `Error`'s constructor (only `cause`, and only when there is one). */
export function errorOptions(options: PrivkitErrorOptions | undefined): ErrorOptions | undefined {
  return options !== undefined && 'cause' in options && options.cause !== undefined
    ? { cause: options.cause }
    : undefined;
}

/**
 * How the shared checks raise a package's own error class: given a shared code, a path and a
 * message, return the error (the checks throw it). Each package writes this once, for example
 * `(code, path, message) => new RetentionError(code, message, { path })`.
 */
export type RaiseError = (code: SharedErrorCode, path: string, message: string) => Error;

/**
 * The codes every package uses for the same failure, so a program can handle them alike:
 *
 * - `UNKNOWN_KEY`: an object has a key the API does not know (a typo is never ignored).
 * - `INVALID_ARGUMENT`: an argument or field is missing or has the wrong type or value.
 * - `INVALID_OPTIONS`: an option is missing, has the wrong type, or is out of range.
 * - `INVALID_INSTANT`: not an instant (`Date`, epoch milliseconds, RFC 3339 text with an
 *   offset), or an impossible one (`2025-02-30T10:00:00Z`).
 * - `INVALID_DATE`: not a calendar date `YYYY-MM-DD`, or an impossible one.
 * - `INVALID_DURATION`: not an ISO 8601 duration of whole units, or one with a unit the
 *   field does not allow.
 */
export type SharedErrorCode =
  | 'UNKNOWN_KEY'
  | 'INVALID_ARGUMENT'
  | 'INVALID_OPTIONS'
  | 'INVALID_INSTANT'
  | 'INVALID_DATE'
  | 'INVALID_DURATION';
