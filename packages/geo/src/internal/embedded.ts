/**
 * @module
 * IPv4 carried in IPv6: where in the address each transition mechanism puts the client's IPv4,
 * so a locator can locate the client rather than the relay or the mechanism's own block.
 */

import type { IpClass } from '@privkit/ip';

/** The IPv4 address an IPv6 address of class `cls` carries, or `undefined`. */
export function embeddedIpv4(bytes: Uint8Array, cls: IpClass): Uint8Array | undefined {
  // 64:ff9b::/96, the NAT64 well-known prefix (RFC 6052 §2.1): IPv4 in the last 32 bits
  // (`classifyIp` gives such an address the class of that IPv4 address). The local-use
  // 64:ff9b:1::/48 (RFC 8215) puts it where the operator chose, so it stays unknown.
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) {
    for (let i = 4; i < 12; i++) if (bytes[i] !== 0) return undefined;
    return bytes.subarray(12);
  }
  // 2002::/16, 6to4 (RFC 3056 §2): the site's IPv4 in bits 16–47.
  if (cls === '6to4') return bytes.subarray(2, 6);
  // 2001::/32, Teredo (RFC 4380 §4): the client's public IPv4 (its NAT's outside address), bit
  // by bit inverted, in the last 32 bits. (Bits 32–63 hold the Teredo server, which says where
  // the relay is, not the client: MaxMind's writer aliases those, libmaxminddb follows.)
  if (cls === 'teredo') return bytes.slice(12).map((b) => b ^ 0xff);
  return undefined;
}

/** Whether `bytes` is IPv4-mapped IPv6 (`::ffff:0:0/96`, RFC 4291 §2.5.5.2). */
export function isMapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16 || bytes[10] !== 0xff || bytes[11] !== 0xff) return false;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return true;
}
