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

/**
 * Which part of a trust rule decided a hop, as `explainClientIp` reports it. Every field is
 * configuration, never request data, so it is safe to log.
 *
 * @example
 * ```ts
 * import type { TrustRule } from '@privkit/ip';
 * const rule: TrustRule = { kind: 'list', entry: '10.0.0.0/8', preset: undefined };
 * ```
 */
export interface TrustRule {
  /**
   * How the rule was given: `all` (`true`), `none` (`false`), `hop-count` (a number), `list`
   * (CIDR blocks and named sets), `function` (a predicate of yours) or `preset` (from
   * `@privkit/ip/cdn`).
   */
  readonly kind: 'all' | 'none' | 'hop-count' | 'list' | 'function' | 'preset';
  /**
   * For `list` and `preset`, the entry that matched (`10.0.0.0/8`, `loopback`), `undefined`
   * when none did; for `hop-count`, the count (`2`); otherwise `undefined`.
   */
  readonly entry: string | undefined;
  /** For `preset`, the preset's name (`cloudflare`); otherwise `undefined`. */
  readonly preset: string | undefined;
}

/**
 * Where a compiled predicate keeps how to name the part of its rule that decided a hop. A
 * registered symbol, so a predicate built by another copy of this package (another entry's
 * bundle) is understood too.
 */
export const RULE: unique symbol = Symbol.for('@privkit/ip.trust-rule') as never;

/** Names the part of a rule that decided `ip` at `hop`. */
export type RuleOf = (ip: IpAddress, hop: number) => TrustRule;

/** `predicate` with its {@link RuleOf} attached (not enumerable, so it never shows in logs). */
export function withRule(predicate: TrustPredicate, rule: RuleOf): TrustPredicate {
  Object.defineProperty(predicate, RULE, { value: rule });
  return predicate;
}

const rule = (kind: TrustRule['kind'], entry?: string): TrustRule => ({ kind, entry, preset: undefined });

/** The part of the rule behind `predicate` that decided `ip` at `hop`. */
export function ruleOf(predicate: TrustPredicate, ip: IpAddress, hop: number): TrustRule {
  const of = (predicate as { [RULE]?: unknown })[RULE];
  return typeof of === 'function' ? (of as RuleOf)(ip, hop) : rule('function');
}

const ALL: TrustPredicate = /* @__PURE__ */ withRule(
  () => true,
  () => rule('all'),
);
const NONE: TrustPredicate = /* @__PURE__ */ withRule(
  () => false,
  () => rule('none'),
);

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
    return withRule(
      (_ip, hop) => hop < hops,
      () => rule('hop-count', String(hops)),
    );
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
  const entries: string[] = [];
  items.forEach((item, i) => {
    const path = `trustProxy[${i}]`;
    if (typeof item !== 'string') throw new IpError('INVALID_OPTIONS', `"${path}" must be a string`, { path });
    const named = Object.hasOwn(NAMED, item) ? NAMED[item] : undefined;
    if (named !== undefined) {
      for (const cidr of named) {
        blocks.push(parseCidr(cidr));
        entries.push(item);
      }
    } else {
      const cidr = item.includes('/') ? item : `${item}/${item.includes(':') ? 128 : 32}`;
      blocks.push(parseCidr(cidr, { path }));
      entries.push(item);
    }
  });
  const predicate = withRule(
    (ip) => blocks.some((block) => block.contains(ip)),
    (ip) => rule('list', entries[blocks.findIndex((block) => block.contains(ip))]),
  );
  compiled.set(list, { items, predicate });
  return predicate;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
