/**
 * @module
 * How the shared checks of `@privkit/internal` raise this package's error, and the deep freeze
 * every value dsar hands back goes through (a state, an event, a regime): callers may keep and
 * share them, so nothing reachable from one may change after it is made.
 */

import type { RaiseError } from '@privkit/internal/errors';
import { DsarError } from '../errors.js';

/** Builds a {@link index!DsarError} for the shared checks. */
export const raise: RaiseError = (code, path, message) => new DsarError(code, message, { path });

/** Freezes `value` and everything reachable from it (plain objects and arrays); returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
