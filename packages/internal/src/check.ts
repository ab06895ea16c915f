/**
 * @module
 * Argument checks shared by every package: one wording, one set of codes, raised as the calling
 * package's own error class through a {@link RaiseError}. Every object a user hands privkit
 * (policies, rules, holds, regimes, options, config files) goes through {@link strictObject}, so a
 * misspelt key (`triger`, `timezone`, `__proto__`) is an `UNKNOWN_KEY` error naming the path and
 * the allowed keys, never a silently different behaviour.
 *
 * Messages name the path, never the value. A key is quoted in an `UNKNOWN_KEY` message (the user
 * needs to see the typo), shortened and JSON-escaped so that it cannot carry a whole payload or a
 * line break into a log.
 */

import type { RaiseError, SharedErrorCode } from './errors.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `path.key`, `path[3]`, or `path["odd key"]`; a bare key when `path` is empty. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${quoteKey(key)}]`;
}

/** A key as a message may show it: JSON-quoted, at most 40 characters. */
export function quoteKey(key: string): string {
  const short = key.length > 40 ? `${key.slice(0, 37)}…` : key;
  return JSON.stringify(short);
}

/** True for `{}` literals, `Object.create(null)` and JSON-parsed objects (from any realm). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The own value of `key`, never one inherited (a polluted `Object.prototype` cannot supply it). */
export function own(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/**
 * `value` as a plain object, or the error `code` (default `INVALID_ARGUMENT`) saying that `path`
 * must be an object.
 */
export function plainObject(
  value: unknown,
  path: string,
  raise: RaiseError,
  code: SharedErrorCode = 'INVALID_ARGUMENT',
): Record<string, unknown> {
  if (!isPlainObject(value)) throw raise(code, path, `"${path}" must be a plain object`);
  return value;
}

/**
 * Raises `UNKNOWN_KEY` for the first own key of `object` (enumerable or not) that is not in
 * `allowed`, naming the path, the allowed keys and, where one is close, the likely intended key.
 */
export function knownKeys(object: object, allowed: readonly string[], path: string, raise: RaiseError): void {
  for (const key of Object.getOwnPropertyNames(object)) {
    if (allowed.includes(key)) continue;
    const near = closest(key, allowed);
    const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
    const where = path === '' ? '' : ` at ${path}`;
    throw raise(
      'UNKNOWN_KEY',
      joinPath(path, key),
      `unknown key ${quoteKey(key)}${where}${hint}; expected one of: ${allowed.join(', ')}`,
    );
  }
}

/** {@link plainObject} then {@link knownKeys}: the check for every object a user hands privkit. */
export function strictObject(
  value: unknown,
  allowed: readonly string[],
  path: string,
  raise: RaiseError,
  code: SharedErrorCode = 'INVALID_ARGUMENT',
): Record<string, unknown> {
  const object = plainObject(value, path, raise, code);
  knownKeys(object, allowed, path, raise);
  return object;
}

/** Options objects: `undefined` is `{}`; anything else must be a plain object with known keys. */
export function strictOptions(
  value: unknown,
  allowed: readonly string[],
  raise: RaiseError,
  path = 'options',
): Record<string, unknown> {
  if (value === undefined) return {};
  return strictObject(value, allowed, path, raise, 'INVALID_OPTIONS');
}

/** A non-empty string (at most `maxLength` characters when given), or the error `code`. */
export function nonEmptyString(
  value: unknown,
  path: string,
  raise: RaiseError,
  code: SharedErrorCode = 'INVALID_ARGUMENT',
  maxLength = Number.POSITIVE_INFINITY,
): string {
  if (typeof value !== 'string' || value === '') throw raise(code, path, `"${path}" must be a non-empty string`);
  if (value.length > maxLength) throw raise(code, path, `"${path}" must be at most ${maxLength} characters`);
  return value;
}

/** An integer from `min` to `max` inclusive, or the error `code`. */
export function integerInRange(
  value: unknown,
  min: number,
  max: number,
  path: string,
  raise: RaiseError,
  code: SharedErrorCode = 'INVALID_OPTIONS',
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw raise(code, path, `"${path}" must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A boolean, or the error `code`. */
export function boolean(
  value: unknown,
  path: string,
  raise: RaiseError,
  code: SharedErrorCode = 'INVALID_OPTIONS',
): boolean {
  if (typeof value !== 'boolean') throw raise(code, path, `"${path}" must be true or false`);
  return value;
}

/** One of `allowed` (string enum values), or the error `code` listing them. */
export function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
  raise: RaiseError,
  code: SharedErrorCode = 'INVALID_ARGUMENT',
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw raise(code, path, `"${path}" must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/** An array, or the error `code`. */
export function array(
  value: unknown,
  path: string,
  raise: RaiseError,
  code: SharedErrorCode = 'INVALID_ARGUMENT',
): readonly unknown[] {
  if (!Array.isArray(value)) throw raise(code, path, `"${path}" must be an array`);
  return value;
}

/**
 * An iterable of items (an array, a `Set`, a generator), or the error `code`. A string is refused:
 * it iterates its characters, so a string where a list belongs is a caller's mistake.
 */
export function iterable(
  value: unknown,
  path: string,
  raise: RaiseError,
  code: SharedErrorCode = 'INVALID_ARGUMENT',
): Iterable<unknown> {
  const ok =
    typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
  if (!ok) throw raise(code, path, `"${path}" must be an array or another iterable`);
  return value as Iterable<unknown>;
}

// The allowed key within edit distance 2 (and less than half the key's length), if exactly one
// is that close: a hint for typos such as `triger` or `timezone`, never a guess among many.
function closest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = 2;
  let ties = 0;
  for (const candidate of allowed) {
    const d = distance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance || (d === bestDistance && best === undefined)) {
      best = candidate;
      bestDistance = d;
      ties = 0;
    } else if (d === bestDistance) {
      ties++;
    }
  }
  return best !== undefined && ties === 0 && bestDistance * 2 < key.length ? best : undefined;
}

// Levenshtein distance when it is at most `limit`, otherwise `limit + 1`.
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const cell = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      row.push(cell);
      if (cell < rowMin) rowMin = cell;
    }
    if (rowMin > limit) return limit + 1;
    previous = row;
  }
  return Math.min(previous[b.length] as number, limit + 1);
}
