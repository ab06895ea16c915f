/**
 * @module
 * Truncation: keep the network part of an address, zero the rest. This is the "IP
 * anonymisation" of analytics tools and log pipelines; the presets reproduce the settings people
 * cite, and IPv4 addresses carried inside IPv6 addresses are truncated under the IPv4 policy, so
 * no full IPv4 address can survive in an IPv6 result.
 *
 * Where an IPv6 address carries an IPv4 address (each zeroed beyond the IPv4 policy):
 * - IPv4-mapped `::ffff:0:0/96`: truncated and returned as the IPv4 address (RFC 4291 §2.5.5.2).
 * - first 64 bits zero (IPv4-compatible `::/96`, RFC 4291 §2.5.5.1; IPv4-translated
 *   `::ffff:0:0:0/96`, RFC 2765 §2.1): bits 96–127.
 * - NAT64 well-known prefix `64:ff9b::/96` (RFC 6052 §2.1): bits 96–127.
 * - NAT64 local-use prefix `64:ff9b:1::/48` (RFC 8215): the operator picks the prefix length
 *   (48 to 96, RFC 6052 §2.2), so everything after bit 48 beyond the IPv4 policy is zeroed.
 * - 6to4 `2002::/16` (RFC 3056 §2): bits 16–47.
 * - Teredo `2001::/32` (RFC 4380 §4): the server in bits 32–63; the client's port and address,
 *   stored inverted in bits 80–127, are dropped whole.
 * - ISATAP interface identifiers `::0:5efe:a.b.c.d` and `::200:5efe:a.b.c.d` (RFC 5214 §6.1,
 *   with either u/g bit) under any prefix: bits 96–127.
 *
 * RFC 6052 network-specific prefixes (an operator's own /32 to /96) cannot be recognised from
 * the address. Every preset therefore keeps at most `32 + ipv4` bits of IPv6: an IPv4 address
 * embedded after a /32 prefix (bits 32–63, the earliest RFC 6052 allows) keeps no more bits than
 * the IPv4 policy, and longer prefixes put it later still.
 */

import { integerInRange, own, strictObject } from '@privkit/internal/check';
import { createAddress, type IpAddress } from './address.js';
import { IpError, raise } from './errors.js';
import { formatBytes } from './internal/format.js';
import { addressBytes } from './internal/input.js';
import { isIpv4Mapped, zeroFrom } from './internal/prefix.js';

/**
 * Prefix lengths to keep, in bits: `ipv4` from 0 to 32, `ipv6` from 0 to 128.
 *
 * @example
 * ```ts
 * import { truncateIp, type TruncationPolicy } from '@privkit/ip';
 * const policy: TruncationPolicy = { ipv4: 24, ipv6: 56 };
 * truncateIp('192.0.2.77', policy); // "192.0.2.0"
 * ```
 */
export interface TruncationPolicy {
  /** Bits of an IPv4 address (and of an IPv4 address embedded in IPv6) to keep, 0–32. */
  readonly ipv4: number;
  /** Bits of an IPv6 address to keep, 0–128. */
  readonly ipv6: number;
}

function preset(ipv4: number, ipv6: number): TruncationPolicy {
  return Object.freeze({ ipv4, ipv6 });
}

/** The name of a preset in {@link TRUNCATION_PRESETS}. */
export type TruncationPreset = 'cnil' | 'ga' | 'matomo1' | 'matomo3' | 'anonip' | 'apache-debian';

/**
 * The truncation presets and where they come from. All keep the *first* bits given, and every
 * preset keeps at most `32 + ipv4` bits of IPv6, so no IPv4 address embedded in IPv6 by any
 * RFC 6052 prefix keeps more bits than the preset's IPv4 length (see the module notes).
 *
 * | preset | IPv4 | IPv6 | source |
 * | --- | --- | --- | --- |
 * | `cnil` (default) | /16 | /48 | CNIL's conditions for consent-exempt audience measurement; Matomo's "2 bytes" |
 * | `ga` | /24 | /48 | Google Analytics IP anonymisation: the last IPv4 octet and the last 80 IPv6 bits set to zero |
 * | `matomo1` | /24 | /56 | Matomo "1 byte" (IPv6: /56, see below) |
 * | `matomo3` | /8 | /24 | Matomo "3 bytes" (IPv6 masked to /24) |
 * | `anonip` | /20 | /44 | Debian `anonip` defaults, `--ipv4mask 12 --ipv6mask 84` bits masked |
 * | `apache-debian` | /24 | /56 | a common Apache `mod_log` anonymisation setting (last octet, /56 per site) |
 *
 * Matomo's "2 bytes" is its recommended anonymisation. Matomo "1 byte" itself keeps /64 of IPv6,
 * which would keep a whole IPv4 address embedded after an RFC 6052 /32 prefix, so `matomo1` keeps /56.
 *
 * @example
 * ```ts
 * import { TRUNCATION_PRESETS } from '@privkit/ip';
 * TRUNCATION_PRESETS.anonip; // { ipv4: 20, ipv6: 44 }
 * ```
 */
export const TRUNCATION_PRESETS: Readonly<Record<TruncationPreset, TruncationPolicy>> = Object.freeze({
  cnil: preset(16, 48),
  ga: preset(24, 48),
  matomo1: preset(24, 56),
  matomo3: preset(8, 24),
  anonip: preset(20, 44),
  'apache-debian': preset(24, 56),
});

/**
 * A truncated address as a network: the address with its host bits zeroed and the prefix
 * length that was kept.
 *
 * @example
 * ```ts
 * import { truncateIpToNetwork } from '@privkit/ip';
 * const net = truncateIpToNetwork('2001:db8:85a3:8d3::1');
 * net.cidr; // "2001:db8:85a3::/48"
 * ```
 */
export interface TruncatedNetwork {
  /** The network address (host bits zero); `toBytes()` gives its bytes. */
  readonly address: IpAddress;
  /** The number of leading bits kept. */
  readonly prefixLength: number;
  /** `address/prefixLength`, e.g. `"203.0.0.0/16"`. */
  readonly cidr: string;
}

/**
 * Frozen policy objects already checked, with what they were read as: the presets, and each
 * frozen object a caller passes. A frozen object cannot change, so it is checked on its first use
 * only: a caller that truncates every line of a log with one policy pays for the check once (it
 * was 3 % of the cli anonymiser's time). `get` of a value that is not an object is `undefined`.
 */
const CHECKED = new WeakMap<object, TruncationPolicy>(Object.values(TRUNCATION_PRESETS).map((p) => [p, p]));

/** The policy, checked: a preset name, a preset or other frozen object (checked once), or lengths. */
function resolvePolicy(policy: unknown): TruncationPolicy {
  if (typeof policy === 'string') {
    if (Object.hasOwn(TRUNCATION_PRESETS, policy)) return TRUNCATION_PRESETS[policy as TruncationPreset];
    throw new IpError('INVALID_OPTIONS', `"policy" must be one of: ${Object.keys(TRUNCATION_PRESETS).join(', ')}`, {
      path: 'policy',
    });
  }
  const known = CHECKED.get(policy as object);
  if (known !== undefined) return known;
  const object = strictObject(policy, ['ipv4', 'ipv6'], 'policy', raise, 'INVALID_OPTIONS');
  const checked = {
    ipv4: integerInRange(own(object, 'ipv4'), 0, 32, 'policy.ipv4', raise),
    ipv6: integerInRange(own(object, 'ipv6'), 0, 128, 'policy.ipv6', raise),
  };
  if (Object.isFrozen(object)) CHECKED.set(object, checked);
  return checked;
}

/** Truncates `bytes` (a private copy) under the policy; returns the bytes of the result. */
function truncateBytes(bytes: Uint8Array, policy: TruncationPolicy): Uint8Array {
  const v4 = policy.ipv4;
  if (bytes.length === 4) {
    zeroFrom(bytes, 0, v4, 32);
    return bytes;
  }
  // An IPv4-mapped address is an IPv4 client seen by a dual-stack socket: truncate it as the
  // IPv4 address it is and return IPv4, so one client gives one prefix.
  if (isIpv4Mapped(bytes)) return truncateBytes(bytes.slice(12), policy);
  zeroFrom(bytes, 0, policy.ipv6, 128);
  // Zeroing the IPv6 host bits first only removes bits, so the forms below are still recognised
  // wherever they still carry IPv4 bits.
  let zeros = 0;
  while (zeros < 16 && bytes[zeros] === 0) zeros++;
  if (zeros >= 8) {
    // `::` and `::1` are not IPv4 addresses (RFC 4291 §2.5.5.1).
    if (zeros < 15) zeroFrom(bytes, 96, v4, 32);
    return bytes;
  }
  const b = bytes;
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) {
    if (b[4] === 0 && b[5] === 1) zeroFrom(bytes, 48, v4, 80);
    else zeroFrom(bytes, 96, v4, 32);
    return bytes;
  }
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) {
    zeroFrom(bytes, 32, v4, 32);
    // The client's port and address are stored inverted: zeroing "beyond the prefix" would keep
    // inverted bits, so both go whole.
    zeroFrom(bytes, 80, 0, 48);
    return bytes;
  }
  if (b[0] === 0x20 && b[1] === 0x02) zeroFrom(bytes, 16, v4, 32);
  // ISATAP: 00-00-5E-FE after the u/g bits (RFC 5214 §6.1), whatever the prefix, 6to4 included.
  if (((b[8] as number) & 0xfc) === 0 && b[9] === 0 && b[10] === 0x5e && b[11] === 0xfe) {
    zeroFrom(bytes, 96, v4, 32);
  }
  return bytes;
}

/** The truncated bytes of `ip` (parsed when text) under a resolved policy; `ip` is not changed. */
function truncated(ip: unknown, policy: TruncationPolicy): Uint8Array {
  return truncateBytes(addressBytes(ip).slice(), policy);
}

/**
 * Truncates an address to the network part the policy keeps.
 *
 * IPv4 inside IPv6 is truncated under the IPv4 policy: an IPv4-mapped address
 * (`::ffff:203.0.113.77`) gives the IPv4 result (`203.0.0.0`); in NAT64 (`64:ff9b::/96`,
 * `64:ff9b:1::/48`), 6to4 (`2002::/16`), ISATAP and IPv4-compatible addresses the embedded IPv4
 * bits beyond the IPv4 prefix are zeroed too; in Teredo (`2001::/32`) the server address is
 * truncated and the obfuscated client address and port are dropped.
 *
 * @param ip - an address, or text that `parseIp` accepts.
 * @param policy - a preset name (default `cnil`: /16 and /48) or prefix lengths.
 * @returns the network address in canonical text, e.g. `"203.0.0.0"` or `"2001:db8:85a3::"`.
 * @throws {@link IpError} with the parse code (`IPV4_LEADING_ZERO`, …) when "ip" is text that
 *   is not an address.
 * @throws {@link IpError} `INVALID_ARGUMENT` when "ip" is neither text nor an `IpAddress`.
 * @throws {@link IpError} `INVALID_OPTIONS` when "policy" is an unknown preset, a prefix length
 *   out of range, or neither a preset name nor a plain object.
 * @throws {@link IpError} `UNKNOWN_KEY` when "policy" has a key other than `ipv4` and `ipv6`.
 * @example
 * ```ts
 * import { truncateIp } from '@privkit/ip';
 * truncateIp('203.0.113.77');                 // "203.0.0.0"
 * truncateIp('2001:db8:85a3:8d3::7348', 'ga'); // "2001:db8:85a3::"
 * truncateIp('::ffff:203.0.113.77', 'ga');     // "203.0.113.0"
 * truncateIp('198.51.100.23', { ipv4: 20, ipv6: 44 }); // "198.51.96.0"
 * ```
 */
export function truncateIp(ip: IpAddress | string, policy: TruncationPolicy | TruncationPreset = 'cnil'): string {
  return formatBytes(truncated(ip, resolvePolicy(policy)));
}

/**
 * Truncates an address like {@link truncateIp} and returns the network: address, prefix length
 * and CIDR text.
 *
 * @param ip - an address, or text that `parseIp` accepts.
 * @param policy - a preset name (default `cnil`) or prefix lengths.
 * @returns the truncated network; its `address.toBytes()` gives the bytes.
 * @throws {@link IpError} with the parse code when "ip" is text that is not an address.
 * @throws {@link IpError} `INVALID_ARGUMENT` when "ip" is neither text nor an `IpAddress`.
 * @throws {@link IpError} `INVALID_OPTIONS` when "policy" is not a valid policy, as {@link truncateIp}.
 * @throws {@link IpError} `UNKNOWN_KEY` when "policy" has a key other than `ipv4` and `ipv6`.
 * @example
 * ```ts
 * import { truncateIpToNetwork } from '@privkit/ip';
 * const net = truncateIpToNetwork('203.0.113.77', 'ga');
 * net.cidr;              // "203.0.113.0/24"
 * net.address.toBytes(); // Uint8Array [203, 0, 113, 0]
 * ```
 */
export function truncateIpToNetwork(
  ip: IpAddress | string,
  policy: TruncationPolicy | TruncationPreset = 'cnil',
): TruncatedNetwork {
  const p = resolvePolicy(policy);
  const bytes = truncated(ip, p);
  const network = createAddress(bytes);
  const prefixLength = bytes.length === 4 ? p.ipv4 : p.ipv6;
  return Object.freeze({ address: network, prefixLength, cidr: `${network}/${prefixLength}` });
}
