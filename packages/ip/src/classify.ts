/**
 * @module
 * Special-purpose address classes from the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and the RFCs that updated them) and the IPv6 Address Space registry.
 * A privacy pipeline uses the class to decide what an address is before it stores, locates or
 * counts it: a loopback or private address is not a visitor, and an allow list that calls
 * `::ffff:127.0.0.1` public is the CVE-2024-29415 bypass.
 */

import { bytesOf, type IpAddress } from './address.js';
import { addressBytes } from './internal/input.js';
import { hasPrefix, isIpv4Mapped, isNat64WellKnown } from './internal/prefix.js';
import { parseIp } from './parse.js';

/**
 * The special-purpose class of an address, or `public`. Classes follow the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (both last updated 2025-10-09), the IANA IPv6 Address Space
 * registry and the multicast registries; an address is `public` when the registries mark its
 * block "Globally Reachable", or it lies in no special-purpose block at all.
 *
 * - `unspecified`: `0.0.0.0`, `::`. `this-network`: `0.0.0.0/8` (RFC 791 §3.2).
 * - `loopback`: `127.0.0.0/8`, `::1`.
 * - `private`: RFC 1918 (`10/8`, `172.16/12`, `192.168/16`). `unique-local`: `fc00::/7` (RFC 4193).
 * - `cgnat`: `100.64.0.0/10`, the shared address space of carrier-grade NAT (RFC 6598).
 * - `link-local`: `169.254.0.0/16` (RFC 3927), `fe80::/10`. `site-local`: `fec0::/10`, deprecated
 *   (RFC 3879).
 * - `documentation`: `192.0.2.0/24`, `198.51.100.0/24`, `203.0.113.0/24` (RFC 5737), `2001:db8::/32`
 *   (RFC 3849), `3fff::/20` (RFC 9637).
 * - `benchmarking`: `198.18.0.0/15` (RFC 2544), `2001:2::/48` (RFC 5180).
 * - `dummy`: `192.0.0.8` (RFC 7600), `100:0:0:1::/64` (RFC 9780).
 * - `ietf-protocol`: the rest of `192.0.0.0/24` (RFC 6890 §2.1: the service continuity prefix
 *   `192.0.0.0/29` of RFC 7335, NAT64 discovery `192.0.0.170/31` of RFC 8880), the 6a44 relay
 *   `192.88.99.2` (RFC 6751), and the rest of `2001::/23` (RFC 2928, including the deprecated
 *   ORCHID block `2001:10::/28`).
 * - `multicast`: `224.0.0.0/4`, `ff00::/8`. `broadcast`: `255.255.255.255`.
 * - `reserved`: `240.0.0.0/4` (RFC 1112), the rest of `192.88.99.0/24` (the terminated 6to4 relay
 *   anycast, RFC 7526), and IPv6 outside `2000::/3` that no other class covers (IANA IPv6 Address
 *   Space), the deprecated IPv4-compatible `::/96` included.
 * - `discard-only`: `100::/64` (RFC 6666). `segment-routing`: `5f00::/16`, SRv6 SIDs (RFC 9602).
 * - `nat64`: `64:ff9b:1::/48`, the local-use translation prefix (RFC 8215).
 * - `6to4`: `2002::/16` (RFC 3056). `teredo`: `2001::/32` (RFC 4380). The registries leave their
 *   reachability to the protocols ("N/A"); they stand for another address, so they are not
 *   called public.
 * - `public`: globally reachable unicast, including the special-purpose blocks the registries
 *   mark "Globally Reachable": PCP and TURN anycast (`192.0.0.9`, `192.0.0.10`, `2001:1::1`,
 *   `2001:1::2`), DNS-SD SRP anycast (`2001:1::3`), AS112 (`192.31.196.0/24`, `192.175.48.0/24`,
 *   `2001:4:112::/48`, `2620:4f:8000::/48`), AMT (`192.52.193.0/24`, `2001:3::/32`), ORCHIDv2
 *   (`2001:20::/28`) and DRIP entity tags (`2001:30::/28`).
 *
 * An IPv4-mapped address (`::ffff:0:0/96`) and an address in the NAT64 well-known prefix
 * (`64:ff9b::/96`, RFC 6052) take the class of the IPv4 address inside them: `64:ff9b::8.8.8.8`
 * is `public` (the registry marks the prefix globally reachable), `64:ff9b::10.0.0.1` is
 * `private` (RFC 6052 §3.1 forbids the well-known prefix for non-global IPv4).
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
  | 'dummy'
  | 'ietf-protocol'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'discard-only'
  | 'segment-routing'
  | 'nat64'
  | '6to4'
  | 'teredo';

// First match wins, so a more specific block stands before the block that contains it
// (2001:1::1/128 before 2001::/32 before 2001::/23). Kept as text: it reads like the registries,
// and is compiled once, on first use, so a bundle that never classifies pays nothing. Blocks
// the registries mark globally reachable are listed only where a larger non-public block holds
// them; elsewhere they fall through to `public`. test/vectors/classify.json has every entry of
// both registries with its source.
const TABLE =
  '0.0.0.0/32 unspecified,0.0.0.0/8 this-network,10.0.0.0/8 private,100.64.0.0/10 cgnat,' +
  '127.0.0.0/8 loopback,169.254.0.0/16 link-local,172.16.0.0/12 private,' +
  '192.0.0.8/32 dummy,192.0.0.9/32 public,192.0.0.10/32 public,192.0.0.0/24 ietf-protocol,' +
  '192.0.2.0/24 documentation,192.88.99.2/32 ietf-protocol,192.88.99.0/24 reserved,' +
  '192.168.0.0/16 private,198.18.0.0/15 benchmarking,198.51.100.0/24 documentation,' +
  '203.0.113.0/24 documentation,224.0.0.0/4 multicast,255.255.255.255/32 broadcast,' +
  '240.0.0.0/4 reserved,' +
  '::/128 unspecified,::1/128 loopback,64:ff9b:1::/48 nat64,100:0:0:1::/64 dummy,' +
  '100::/64 discard-only,2001::/32 teredo,2001:1::1/128 public,2001:1::2/128 public,' +
  '2001:1::3/128 public,2001:2::/48 benchmarking,2001:3::/32 public,2001:4:112::/48 public,' +
  '2001:20::/28 public,2001:30::/28 public,2001::/23 ietf-protocol,2001:db8::/32 documentation,' +
  '2002::/16 6to4,3fff::/20 documentation,5f00::/16 segment-routing,fc00::/7 unique-local,' +
  'fe80::/10 link-local,fec0::/10 site-local,ff00::/8 multicast,2000::/3 public,::/0 reserved';

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
 * The IANA special-purpose class of an address, or `'public'` for globally reachable unicast.
 * An IPv4-mapped address, or one in the NAT64 well-known prefix, is classified by the IPv4
 * address inside it.
 *
 * @param ip - an address, or text that `parseIp` accepts.
 * @returns the class; see {@link IpClass} for the blocks behind each one.
 * @throws {@link IpError} with the parse code (`IPV4_LEADING_ZERO`, …) when "ip" is text that
 *   is not an address.
 * @throws {@link IpError} `INVALID_ARGUMENT` when "ip" is neither text nor an `IpAddress`.
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
  let bytes = addressBytes(ip);
  if (isIpv4Mapped(bytes) || isNat64WellKnown(bytes)) bytes = bytes.subarray(12);
  for (const [prefix, length, cls] of table()) {
    if (prefix.length === bytes.length && hasPrefix(bytes, prefix, length)) return cls;
  }
  return 'public';
}

/**
 * Whether an address is globally reachable unicast: `classifyIp(ip) === 'public'`.
 *
 * @param ip - an address, or text that `parseIp` accepts.
 * @returns `true` for a public address.
 * @throws {@link IpError} with the parse code when "ip" is text that is not an address.
 * @throws {@link IpError} `INVALID_ARGUMENT` when "ip" is neither text nor an `IpAddress`.
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
