/**
 * @module
 * Proofs that truncation leaves an address as it is, from its bytes as `parseIpInto`
 * (`@privkit/ip/bytes`) reads them straight from the scanned text, with no allocation. Nearly
 * every address the whole-line scan meets is one: the client field the format has just
 * truncated, and version numbers such as `Chrome/124.0.0.0`. Parsing each into an `IpAddress` and
 * truncating it to compare made the scan five times slower than the rest of the anonymiser (issue
 * 17); these checks answer for the common cases and leave every other one, and every address that
 * truncation does change, to that full path.
 *
 * They may only err one way: `true` must mean truncation keeps the value (the full path would skip
 * the address too); `false` means "not proven" and costs only time. The unit suite holds them to
 * `@privkit/ip` on generated addresses of every special-purpose form.
 */

import type { TruncationPolicy } from '@privkit/ip';

/** Whether any bit from `from` (inclusive) to 128 of the 16 bytes is set. */
function anyBitFrom(bytes: Uint8Array, from: number): boolean {
  let i = from >> 3;
  if (i >= 16) return false;
  const partial = from & 7;
  if (partial !== 0) {
    if (((bytes[i] as number) & (0xff >> partial)) !== 0) return true;
    i++;
  }
  for (; i < 16; i++) if (bytes[i] !== 0) return true;
  return false;
}

/**
 * Whether truncating the IPv6 address `bytes` under `policy` certainly leaves it unchanged: no
 * bit set past the IPv6 prefix, and none of the forms that carry an IPv4 address (which
 * `@privkit/ip` also truncates under the IPv4 prefix): IPv4-compatible and -mapped (`::/64`),
 * NAT64 (`64:ff9b::/32`), Teredo (`2001::/32`), 6to4 (`2002::/16`), ISATAP interface ids.
 * Those are left to the full path.
 */
export function ipv6Unchanged(bytes: Uint8Array, policy: TruncationPolicy): boolean {
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  if (b0 === 0 && (b1 === 0 || b1 === 0x64)) return false;
  if (b0 === 0x20 && (b1 === 0x02 || (b1 === 0x01 && bytes[2] === 0 && bytes[3] === 0))) return false;
  if (((bytes[8] as number) & 0xfc) === 0 && bytes[9] === 0 && bytes[10] === 0x5e && bytes[11] === 0xfe) return false;
  return !anyBitFrom(bytes, policy.ipv6);
}

/** Whether truncating the IPv4 address `a.b.c.d` under `policy` leaves it unchanged. */
export function ipv4Unchanged(a: number, b: number, c: number, d: number, policy: TruncationPolicy): boolean {
  const host = policy.ipv4 >= 32 ? 0 : 0xffffffff >>> policy.ipv4;
  return ((((a << 24) | (b << 16) | (c << 8) | d) & host) | 0) === 0;
}
