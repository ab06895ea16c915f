/**
 * @module
 * Proofs that truncation leaves an address as it is, read straight from the scanned text with no
 * allocation. Nearly every address the whole-line scan meets is one: the client field the format
 * has just truncated, and version numbers such as `Chrome/124.0.0.0`. Parsing each with
 * `@privkit/ip` and truncating it to compare made the scan five times slower than the rest of
 * the anonymiser (issue 17); these checks answer for the common cases and leave every other one,
 * and every address that truncation does change, to that full path.
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

/** The value of hex digit `c`, or -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * Reads `text[s, e)` as an RFC 4291 §2.2 address into `out` (16 bytes); a dotted-quad tail may
 * have leading zeros, as the scanner's definition allows. Returns whether it is one.
 */
export function ipv6Bytes(text: string, s: number, e: number, out: Uint8Array): boolean {
  let words = 0;
  let gap = -1;
  let i = s;
  if (text.charCodeAt(i) === 58) {
    if (text.charCodeAt(i + 1) !== 58) return false;
    gap = 0;
    i += 2;
    if (i === e) {
      out.fill(0);
      return true;
    }
  }
  for (;;) {
    const from = i;
    let value = 0;
    let digit = i < e ? hexDigit(text.charCodeAt(i)) : -1;
    while (digit >= 0 && i - from < 4) {
      value = value * 16 + digit;
      i++;
      digit = i < e ? hexDigit(text.charCodeAt(i)) : -1;
    }
    if (i === from) return false;
    const c = i < e ? text.charCodeAt(i) : -1;
    if (c === 46) {
      // A dotted quad ends the address and takes two words.
      if (words > 6) return false;
      if (!quadInto(text, from, e, out, words * 2)) return false;
      words += 2;
      break;
    }
    if (words === 8) return false;
    out[words * 2] = value >> 8;
    out[words * 2 + 1] = value & 0xff;
    words++;
    if (i === e) break;
    if (c !== 58) return false;
    i++;
    if (i < e && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = words;
      i++;
      if (i === e) break;
    } else if (i === e) return false;
  }
  if (gap < 0) return words === 8;
  if (words > 7) return false;
  // Move the words after the gap to the end and zero the gap.
  const tail = (words - gap) * 2;
  out.copyWithin(16 - tail, gap * 2, words * 2);
  out.fill(0, gap * 2, 16 - tail);
  return true;
}

/** Reads `text[s, e)` as exactly a dotted quad (1–3 digits each, at most 255) into `out` at `at`. */
function quadInto(text: string, s: number, e: number, out: Uint8Array, at: number): boolean {
  let i = s;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= e || text.charCodeAt(i) !== 46) return false;
      i++;
    }
    const from = i;
    let value = 0;
    while (i < e && i - from < 4) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + c - 48;
      i++;
    }
    if (i === from || i - from > 3 || value > 255) return false;
    out[at + part] = value;
  }
  return i === e;
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
