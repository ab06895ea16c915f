/**
 * @module
 * Which proxies `clientIp` may walk across. A trust rule is compiled once into a predicate, so a
 * typo in a CIDR block fails at start-up, not on a request. A list handed straight to `clientIp`
 * is compiled on first use and compiled again whenever its content changes: a proxy removed from
 * the list in place must stop being trusted at once, or a spoofed entry behind it would win.
 */

import { integerInRange } from '@privkit/internal/check';
import type { IpAddress } from './address.js';
import { type IpCidr, parseCidr } from './cidr.js';
import { IpError, raise } from './errors.js';

/**
 * A compiled trust rule: whether the hop at `hop` (0 is the socket peer, 1 the entry nearest
 * to it in the header, and so on) is a proxy you trust. Only `true` trusts a hop.
 *
 * @example
 * ```ts
 * import { compileTrust, parseIp, type TrustPredicate } from '@privkit/ip';
 * const trusted: TrustPredicate = compileTrust(['loopback']);
 * trusted(parseIp('127.0.0.1'), 0); // true
 * ```
 */
export type TrustPredicate = (ip: IpAddress, hop: number) => boolean;

/**
 * Which proxies to trust:
 * - `false` (the default): none; the socket address is the client and headers are ignored.
 * - `true`: every hop; the left-most header entry is the client. Only when a proxy you control
 *   always overwrites the header.
 * - a number `n`: the `n` nearest hops, the socket peer counting as the first.
 * - a list of CIDR blocks, single addresses and named sets: `loopback` (`127.0.0.0/8`, `::1`),
 *   `linklocal` (`169.254.0.0/16`, `fe80::/10`), `uniquelocal` or `private` (RFC 1918 and
 *   `fc00::/7`); the names are proxy-addr's. IPv4 blocks also match IPv4-mapped addresses.
 * - a {@link TrustPredicate}.
 *
 * @example
 * ```ts
 * import type { TrustProxy } from '@privkit/ip';
 * const trust: TrustProxy = ['loopback', '10.0.0.0/8'];
 * ```
 */
export type TrustProxy = boolean | number | readonly string[] | TrustPredicate;

/** proxy-addr's named sets, as CIDR blocks. */
const NAMED: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

const ALL: TrustPredicate = () => true;
const NONE: TrustPredicate = () => false;

/** Each list compiled so far, with the content it was compiled from. */
const compiled = new WeakMap<readonly unknown[], { items: readonly unknown[]; predicate: TrustPredicate }>();

/**
 * Compiles a {@link TrustProxy} rule into a predicate, validating every CIDR block, so a
 * configuration error fails at start-up and each request pays only the matching. The predicate
 * of a list is a snapshot: edit the list and compile it again (passing the list itself to
 * `clientIp` does that for you, as it notices the change).
 *
 * @param trust - the rule.
 * @returns the predicate `clientIp` uses.
 * @throws {@link IpError} `CIDR` when a list entry has a bad prefix length, a zone or a port;
 *   the path names the entry (`trustProxy[1]`).
 * @throws {@link IpError} with the parse code (`IPV4_LEADING_ZERO`, …) when a list entry's
 *   address is not an address.
 * @throws {@link IpError} `INVALID_OPTIONS` when "trustProxy" is of the wrong type, a list entry
 *   is not a string, or a hop count is not a whole number ≥ 0.
 * @example
 * ```ts
 * import { compileTrust, parseIp } from '@privkit/ip';
 * const trusted = compileTrust(['loopback', '10.0.0.0/8', 'fd00::/8']);
 * trusted(parseIp('::ffff:10.1.2.3'), 0); // true: an IPv4-mapped peer matches IPv4 blocks
 * trusted(parseIp('198.51.100.7'), 1);    // false
 * ```
 */
export function compileTrust(trust: TrustProxy): TrustPredicate {
  if (typeof trust === 'function') return trust;
  if (trust === true) return ALL;
  if (trust === false) return NONE;
  if (typeof trust === 'number') {
    const hops = integerInRange(trust, 0, Number.MAX_SAFE_INTEGER, 'trustProxy', raise);
    return (_ip, hop) => hop < hops;
  }
  if (!Array.isArray(trust)) {
    throw new IpError('INVALID_OPTIONS', '"trustProxy" must be a boolean, a hop count, a list or a function', {
      path: 'trustProxy',
    });
  }
  const list: readonly unknown[] = trust;
  const known = compiled.get(list);
  if (known !== undefined && sameItems(known.items, list)) return known.predicate;
  const items = list.slice();
  const blocks: IpCidr[] = [];
  items.forEach((item, i) => {
    const path = `trustProxy[${i}]`;
    if (typeof item !== 'string') throw new IpError('INVALID_OPTIONS', `"${path}" must be a string`, { path });
    const named = Object.hasOwn(NAMED, item) ? NAMED[item] : undefined;
    if (named !== undefined) {
      for (const cidr of named) blocks.push(parseCidr(cidr));
    } else {
      const cidr = item.includes('/') ? item : `${item}/${item.includes(':') ? 128 : 32}`;
      blocks.push(parseCidr(cidr, { path }));
    }
  });
  const predicate: TrustPredicate = (ip) => blocks.some((block) => block.contains(ip));
  compiled.set(list, { items, predicate });
  return predicate;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
