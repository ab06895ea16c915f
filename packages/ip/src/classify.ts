/**
 * @module
 * Special-purpose address classes from the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and the RFCs that updated them) and the IPv6 Address Space registry.
 * A privacy pipeline uses the class to decide what an address is before it stores, locates or
 * counts it: a loopback or private address is not a visitor, and an allow list that calls
 * `::ffff:127.0.0.1` public is the CVE-2024-29415 bypass.
 */

import { bytesOf, type IpAddress } from './address.js';
import { hasPrefix, isIpv4Mapped } from './internal/prefix.js';
import { parseIp } from './parse.js';

/**
 * The special-purpose class of an address, or `public`.
 *
 * - `unspecified`: `0.0.0.0`, `::`. `this-network`: `0.0.0.0/8` (RFC 791).
 * - `loopback`: `127.0.0.0/8`, `::1`.
 * - `private`: RFC 1918 (`10/8`, `172.16/12`, `192.168/16`). `unique-local`: `fc00::/7` (RFC 4193).
 * - `cgnat`: `100.64.0.0/10`, the shared address space of carrier-grade NAT (RFC 6598).
 * - `link-local`: `169.254.0.0/16` (RFC 3927), `fe80::/10`. `site-local`: `fec0::/10`, deprecated (RFC 3879).
 * - `documentation`: `192.0.2.0/24`, `198.51.100.0/24`, `203.0.113.0/24` (RFC 5737), `2001:db8::/32`
 *   (RFC 3849), `3fff::/20` (RFC 9637).
 * - `benchmarking`: `198.18.0.0/15` (RFC 2544), `2001:2::/48` (RFC 5180).
 * - `ietf-protocol`: `192.0.0.0/24` (RFC 6890), `2001::/23` (RFC 2928) outside its listed parts.
 * - `multicast`: `224.0.0.0/4`, `ff00::/8`. `broadcast`: `255.255.255.255`.
 * - `reserved`: `240.0.0.0/4` (RFC 1112), `192.88.99.0/24` (the former 6to4 relay anycast,
 *   RFC 7526), and IPv6 outside `2000::/3` that no other class covers (IANA IPv6 Address Space).
 * - `discard-only`: `100::/64` (RFC 6666). `orchid`: `2001:10::/28`, `2001:20::/28` (RFC 7343).
 * - `nat64`: `64:ff9b::/96` (RFC 6052), `64:ff9b:1::/48` (RFC 8215).
 * - `6to4`: `2002::/16` (RFC 3056). `teredo`: `2001::/32` (RFC 4380).
 * - `public`: everything else (globally routable unicast).
 *
 * An IPv4-mapped address (`::ffff:0:0/96`) takes the class of the IPv4 address inside it.
 *
 * @example
 * ```ts
 * import { classifyIp, type IpClass } from '@privkit/ip';
 * const kind: IpClass = classifyIp('100.64.1.2'); // "cgnat"
 * ```
 */
export type IpClass =
  | 'public'
  | 'unspecified'
  | 'this-network'
  | 'loopback'
  | 'private'
  | 'unique-local'
  | 'cgnat'
  | 'link-local'
  | 'site-local'
  | 'documentation'
  | 'benchmarking'
  | 'ietf-protocol'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'discard-only'
  | 'orchid'
  | 'nat64'
  | '6to4'
  | 'teredo';

// First match wins, so a more specific block stands before the block that contains it
// (2001:2::/48 before 2001::/32 before 2001::/23). Kept as text: it reads like the registry,
// and is compiled once, on first use, so a bundle that never classifies pays nothing.
const TABLE =
  '0.0.0.0/32 unspecified,0.0.0.0/8 this-network,10.0.0.0/8 private,100.64.0.0/10 cgnat,' +
  '127.0.0.0/8 loopback,169.254.0.0/16 link-local,172.16.0.0/12 private,' +
  '192.0.0.0/24 ietf-protocol,192.0.2.0/24 documentation,192.88.99.0/24 reserved,' +
  '192.168.0.0/16 private,198.18.0.0/15 benchmarking,198.51.100.0/24 documentation,' +
  '203.0.113.0/24 documentation,224.0.0.0/4 multicast,255.255.255.255/32 broadcast,' +
  '240.0.0.0/4 reserved,' +
  '::/128 unspecified,::1/128 loopback,64:ff9b::/96 nat64,64:ff9b:1::/48 nat64,' +
  '100::/64 discard-only,2001:2::/48 benchmarking,2001:10::/28 orchid,2001:20::/28 orchid,' +
  '2001::/32 teredo,2001:db8::/32 documentation,2001::/23 ietf-protocol,2002::/16 6to4,' +
  '3fff::/20 documentation,fc00::/7 unique-local,fe80::/10 link-local,fec0::/10 site-local,' +
  'ff00::/8 multicast,2000::/3 public,::/0 reserved';

type Entry = readonly [prefix: Uint8Array, length: number, cls: IpClass];
let compiled: Entry[] | undefined;

function table(): Entry[] {
  compiled ??= TABLE.split(',').map((item) => {
    const [cidr = '', cls] = item.split(' ');
    const [address = '', length] = cidr.split('/');
    return [bytesOf(parseIp(address)), Number(length), cls as IpClass] as const;
  });
  return compiled;
}

/**
 * The IANA special-purpose class of an address, or `'public'` for globally routable unicast.
 * An IPv4-mapped IPv6 address is classified by the IPv4 address inside it.
 *
 * @param ip - an address, or text that `parseIp` accepts.
 * @returns the class; see {@link IpClass} for the blocks behind each one.
 * @throws {@link IpParseError} when `ip` is text that is not an address.
 * @example
 * ```ts
 * import { classifyIp } from '@privkit/ip';
 * classifyIp('192.168.1.20');     // "private"
 * classifyIp('::ffff:127.0.0.1'); // "loopback" (not "public": CVE-2024-29415)
 * classifyIp('2001:db8::1');      // "documentation"
 * classifyIp('8.8.8.8');          // "public"
 * ```
 */
export function classifyIp(ip: IpAddress | string): IpClass {
  let bytes = bytesOf(typeof ip === 'string' ? parseIp(ip) : ip);
  if (isIpv4Mapped(bytes)) bytes = bytes.subarray(12);
  for (const [prefix, length, cls] of table()) {
    if (prefix.length === bytes.length && hasPrefix(bytes, prefix, length)) return cls;
  }
  return 'public';
}

/**
 * Whether an address is globally routable unicast: `classifyIp(ip) === 'public'`.
 *
 * @param ip - an address, or text that `parseIp` accepts.
 * @returns `true` for a public address.
 * @throws {@link IpParseError} when `ip` is text that is not an address.
 * @example
 * ```ts
 * import { isPublicIp } from '@privkit/ip';
 * isPublicIp('203.0.113.9'); // false (documentation range)
 * isPublicIp('9.9.9.9');     // true
 * ```
 */
export function isPublicIp(ip: IpAddress | string): boolean {
  return classifyIp(ip) === 'public';
}
