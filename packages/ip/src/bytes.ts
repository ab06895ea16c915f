/**
 * @module
 * `@privkit/ip/bytes`: parsing for hot loops that read addresses out of longer text (log
 * scanners, parsers of their own formats), with no allocation. The grammar is `parseIp`'s for a
 * bare address, read by the same code: it accepts exactly what `tryParseIp` accepts for the same
 * characters, less brackets, a zone and a port.
 */

import { IpError } from './errors.js';
import { scanInto } from './parse.js';

export { IpError } from './errors.js';

/**
 * Parses the bare address `text.slice(start, end)` (IPv4, or IPv6 in any RFC 4291 §2.2 form)
 * into `out` without allocating anything, strictly, as `parseIp` would: the same code reads
 * it, so it accepts what `tryParseIp(text.slice(start, end))` accepts, less brackets, a zone and a
 * port. Characters outside the range are never read.
 *
 * @param text - the text that holds the address.
 * @param start - where the address starts in `text` (an index from 0).
 * @param end - where it ends (exclusive), from `start` to `text.length`.
 * @param out - where the bytes go: 16 bytes or more, reused from call to call. An IPv6 address
 *   fills `out[0..15]`, an IPv4 address `out[0..3]`; on 0 its contents are unspecified.
 * @returns `6` or `4`: the family of the address read; `0` when the range is not exactly one
 *   address.
 * @throws {@link IpError} `INVALID_ARGUMENT` when "text" is not a string, "out" is not a
 *   `Uint8Array` of at least 16 bytes, or "start" and "end" are not integers with
 *   0 ≤ start ≤ end ≤ text.length. Text that is not an address is 0, never an error.
 * @example
 * ```ts
 * import { parseIpInto } from '@privkit/ip/bytes';
 *
 * const line = 'client=2001:db8::1 ua=curl/8.5.0';
 * const out = new Uint8Array(16);
 * parseIpInto(line, 7, 18, out); // 6, with out = 20 01 0d b8 00 … 00 01
 * parseIpInto(line, 27, 32, out); // 0: "8.5.0" is no address
 * parseIpInto('192.0.2.1', 0, 9, out); // 4, with out[0..3] = 192 0 2 1
 * ```
 */
export function parseIpInto(text: string, start: number, end: number, out: Uint8Array): 0 | 4 | 6 {
  if (typeof text !== 'string') throw new IpError('INVALID_ARGUMENT', '"text" must be a string', { path: 'text' });
  if (!(out instanceof Uint8Array) || out.length < 16) {
    throw new IpError('INVALID_ARGUMENT', '"out" must be a Uint8Array of at least 16 bytes', { path: 'out' });
  }
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length)) {
    throw new IpError('INVALID_ARGUMENT', '"start" and "end" must be integers with 0 <= start <= end <= text.length', {
      path: 'start',
    });
  }
  return scanInto(text, start, end, out);
}
