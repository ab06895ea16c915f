/**
 * @module
 * The one INVALID_TIME_ZONE check the time-zone options share. Temporal-free, so the schedule
 * entry (which resolves zones through Intl) can use it without pulling in the polyfill.
 */

import { raise } from '../errors.js';

/**
 * `zone` (the canonical id a resolver returned for the input at `path`), or INVALID_TIME_ZONE
 * when the resolver did not know the input (undefined).
 */
export function requireTimeZone(zone: string | undefined, path: string): string {
  if (zone === undefined)
    throw raise('INVALID_TIME_ZONE', path, `"${path}" must be an IANA time zone such as Europe/Berlin`);
  return zone;
}
