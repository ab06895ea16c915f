/**
 * @module
 * The unkeyed construction many "cookieless" tools ship, kept only so a migration can recompute
 * old ids: SHA-256 over customer code, user agent, IP and date joined into one string.
 *
 * It has no secret. Whoever knows the customer code (it sits in every page's tag) and guesses a
 * user agent can hash all 2^32 IPv4 addresses for one day and find the visitor's address: see the
 * package README for the measured cost (minutes on one core).
 */

import { own, strictObject } from '@privkit/internal/check';
import { raise, VisitorHashError } from './errors.js';
import { toHex, utf8 } from './internal/encode.js';
import { sha256 } from './internal/sha256.js';

const KEYS = ['customerCode', 'userAgent', 'ip', 'date', 'separator'];

/** The inputs of {@link unsafeUnkeyedSha256}, joined in this order. */
export interface LegacySha256Input {
  /** The customer (site) code. */
  customerCode: string;
  /** The `User-Agent` header, as the old system stored it. */
  userAgent: string;
  /** The IP address text, as the old system received it. */
  ip: string;
  /** The date text, as the old system formatted it (`2026-11-23`, say). */
  date: string;
  /** What the old system put between the parts. Default `''` (none). */
  separator?: string;
}

/**
 * **Unsafe**: reproduces SHA-256(customer code ‖ user agent ‖ IP ‖ date) as lower-case hex, for
 * migrating from a system that used it. Do not compute new ids with it: without a secret the
 * "anonymous" id is reversible to the IP by brute force. Use {@link createVisitorHasher}.
 *
 * @param input - the parts, exactly as the old system joined them.
 * @returns the 64-character hex digest.
 * @throws {@link VisitorHashError} `INVALID_ARGUMENT` when a part is not a string, `UNKNOWN_KEY`
 *   for a key not listed in {@link LegacySha256Input}.
 * @example
 * ```ts
 * import { unsafeUnkeyedSha256 } from '@privkit/visitor-hash';
 *
 * unsafeUnkeyedSha256({
 *   customerCode: 'C-1234',
 *   userAgent: 'Mozilla/5.0',
 *   ip: '203.0.113.9',
 *   date: '2026-11-23',
 * }); // 64 hex characters
 * ```
 */
export function unsafeUnkeyedSha256(input: LegacySha256Input): string {
  const checked = strictObject(input, KEYS, 'input', raise);
  const parts = KEYS.map((key) => {
    const value = own(checked, key) ?? (key === 'separator' ? '' : undefined);
    if (typeof value !== 'string') {
      throw new VisitorHashError('INVALID_ARGUMENT', `"input.${key}" must be a string`, { path: `input.${key}` });
    }
    return value;
  });
  const separator = parts.pop() as string;
  const digest = sha256(utf8(parts.join(separator)));
  return toHex(digest, digest.length);
}
