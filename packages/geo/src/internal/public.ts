/**
 * @module
 * A fast test for "certainly public" address bytes, so the common case of a lookup skips the
 * registry walk of `@privkit/ip`'s `classifyIp` (about 190 ns of a 460 ns lookup, measured).
 * It answers `true` only outside every block of the IANA special-purpose registries that
 * `classifyIp` knows; everything else goes to `classifyIp`, so the two always agree (the test
 * suite checks this over random and boundary addresses).
 */

/** Whether `bytes` (4 bytes, or 16 that are not IPv4-mapped) are surely a public address. */
export function isSurelyPublic(bytes: Uint8Array): boolean {
  const a = bytes[0] as number;
  if (bytes.length === 4) {
    // First octets holding a special-purpose block: 0/8, 10/8, 100.64/10, 127/8, 169.254/16,
    // 172.16/12, 192.0.0/24, 192.0.2/24, 192.88.99/24, 192.168/16, 198.18/15, 198.51.100/24,
    // 203.0.113/24, and 224/3 (multicast, reserved, broadcast).
    return (
      a < 224 &&
      a !== 0 &&
      a !== 10 &&
      a !== 100 &&
      a !== 127 &&
      a !== 169 &&
      a !== 172 &&
      a !== 192 &&
      a !== 198 &&
      a !== 203
    );
  }
  // 2000::/3 is global unicast except 2001::/23 (IETF protocol assignments, Teredo,
  // documentation, …), 2002::/16 (6to4) and 3fff::/20 (documentation).
  const b = bytes[1] as number;
  return a >= 0x20 && a <= 0x3f && !(a === 0x20 && (b === 0x01 || b === 0x02)) && !(a === 0x3f && b === 0xff);
}
