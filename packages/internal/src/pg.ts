/**
 * @module
 * The PostgreSQL client shape every privkit store accepts, and the identifier check for the
 * schema, table and column names a user configures. Stores take the user's own client (`pg`'s
 * Client or Pool, a checked-out pool client, PGlite) through this structural interface, so no
 * driver is a dependency.
 */

import type { RaiseError } from './errors.js';

/** The part of a query result the stores read. */
export interface PgResult {
  /** The result rows, as objects keyed by column name. */
  rows: unknown[];
}

/** Anything with `pg`'s `query(text, params)`: a `pg` Client or Pool, a pool client, PGlite. */
export interface PgQueryable {
  /** Runs one parameterised statement. */
  query(text: string, params?: unknown[]): Promise<PgResult>;
}

// Unquoted PostgreSQL identifiers in lower case (they are folded to lower case anyway), at most
// 63 bytes (NAMEDATALEN - 1). Names are interpolated into SQL, so nothing else is accepted.
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Whether `value` is an unquoted lower-case PostgreSQL identifier of at most `maxLength` characters. */
export function isIdentifier(value: unknown, maxLength = 63): value is string {
  return typeof value === 'string' && value.length <= maxLength && IDENTIFIER.test(value);
}

/**
 * `value` when it is a safe identifier, or `INVALID_OPTIONS` naming `path`.
 *
 * @param value - the configured name.
 * @param path - the option's path, such as `options.schema`.
 * @param raise - builds the calling package's error.
 * @param maxLength - the longest name allowed (shorter when the store appends suffixes).
 */
export function requireIdentifier(value: unknown, path: string, raise: RaiseError, maxLength = 63): string {
  if (!isIdentifier(value, maxLength)) {
    throw raise(
      'INVALID_OPTIONS',
      path,
      `"${path}" must be a lower-case PostgreSQL identifier (a-z, 0-9, _; not starting with a digit) ` +
        `of at most ${maxLength} characters`,
    );
  }
  return value;
}
