/**
 * @module
 * How the presets of `@privkit/ip/cdn` are built: their types, the ranges of a snapshot (with
 * the staleness warning), and the predicates that name the preset and block that decided a hop.
 */

import { own } from '@privkit/internal/check';
import { formatDuration, requireDuration } from '@privkit/internal/duration';
import type { RaiseError } from '@privkit/internal/errors';
import type { IpAddress } from '../address.js';
import { type IpCidr, parseCidr } from '../cidr.js';
import type { ClientIpCdn } from '../client-ip.js';
import { IpError, raise } from '../errors.js';
import { compileTrust, ruleOf, type TrustPredicate, type TrustProxy, type TrustRule, withRule } from '../trust.js';
import { RANGES } from './cdn-ranges.js';
import type { RangeSnapshot } from './cdn-snapshot.js';

/**
 * The options a preset spreads into `clientIp`: the trust rule for the `X-Forwarded-For` walk,
 * the header walked, and the CDN's own header with the servers allowed to write it.
 *
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 * import { type CdnPreset, cloudflare } from '@privkit/ip/cdn';
 * const preset: CdnPreset = cloudflare();
 * clientIp({ remoteAddress: '203.0.113.9', headers: {}, ...preset }).toString(); // "203.0.113.9"
 * ```
 */
export interface CdnPreset {
  /** Your own proxies (and, for walked presets, the CDN's servers). */
  readonly trustProxy: TrustProxy;
  /** The header walked across trusted proxies: always `x-forwarded-for`. */
  readonly header: 'x-forwarded-for';
  /** The CDN's client header and servers; `undefined` for presets that walk `X-Forwarded-For`. */
  readonly cdn: ClientIpCdn | undefined;
}

/**
 * Handed to `onStale` when a preset's shipped ranges are older than `staleAfter`.
 *
 * @example
 * ```ts
 * import type { StaleRangesWarning } from '@privkit/ip/cdn';
 * const log = (w: StaleRangesWarning) => console.warn(w.message, w.retrieved, w.source);
 * ```
 */
export interface StaleRangesWarning {
  /** A sentence for a log: provider, day of the snapshot, age and limit. */
  readonly message: string;
  /** The provider (`cloudflare`, `fastly`, `cloudfront`, `google`). */
  readonly provider: string;
  /** The day the snapshot was taken (`YYYY-MM-DD`). */
  readonly retrieved: string;
  /** Whole days since then, as an ISO 8601 duration (`P200D`). */
  readonly age: string;
  /** The configured limit (`P180D`). */
  readonly staleAfter: string;
  /** Where the provider publishes its ranges: fetch them there. */
  readonly source: readonly string[];
}

/**
 * Options of the presets that ship ranges (`cloudflare`, `fastly`, `cloudfront`, `googleCloud`).
 *
 * @example
 * ```ts
 * import type { CdnPresetOptions } from '@privkit/ip/cdn';
 * const options: CdnPresetOptions = { proxies: ['10.0.0.0/8'], staleAfter: 'P90D' };
 * ```
 */
export interface CdnPresetOptions {
  /**
   * Your own proxies between the CDN and the app (a load balancer, nginx), as `trustProxy`
   * takes a list: the walk crosses them by `X-Forwarded-For` to reach the CDN's server. Default
   * none: the socket peer must be the CDN's server.
   */
  proxies?: readonly string[] | undefined;
  /** The CDN's ranges (CIDR blocks), fetched by you, instead of the shipped snapshot. */
  ranges?: readonly string[] | undefined;
  /** How old the shipped snapshot may be before `onStale` is called: days or weeks; default `P180D`. */
  staleAfter?: string | undefined;
  /** Called once, when the preset is made, if the snapshot is stale; default `console.warn`. */
  onStale?: ((warning: StaleRangesWarning) => void) | undefined;
  /** The clock the age is counted by, in epoch milliseconds; default `Date.now`. */
  clock?: (() => number) | undefined;
}

/**
 * The ranges each preset ships, as snapshots of the providers' published lists: where the
 * provider publishes them (`source`), the day taken (`retrieved`) and where the snapshot came from
 * (`snapshot`). Show them in a status page, or compare them with your own fetch.
 *
 * @example
 * ```ts
 * import { CDN_RANGES } from '@privkit/ip/cdn';
 * CDN_RANGES.cloudflare.source[0]; // "https://www.cloudflare.com/ips-v4/"
 * CDN_RANGES.cloudflare.ipv4.includes('173.245.48.0/20'); // true
 * ```
 */
export const CDN_RANGES: Readonly<Record<'cloudflare' | 'fastly' | 'cloudfront' | 'google', RangeSnapshot>> = RANGES;

const DAY_MS = 86_400_000;
export const RANGE_KEYS = ['proxies', 'ranges', 'staleAfter', 'onStale', 'clock'];
/** The shared checks' `INVALID_DURATION` is an option error here, as `IpError` has no such code. */
const raiseOption: RaiseError = (code, path, message) =>
  raise(code === 'INVALID_DURATION' ? 'INVALID_OPTIONS' : code, path, message);

const days = (n: number) =>
  formatDuration({ years: 0, months: 0, weeks: 0, days: n, hours: 0, minutes: 0, seconds: 0 }).replace('PT0S', 'P0D');

function fn<T>(value: unknown, path: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new IpError('INVALID_OPTIONS', `"${path}" must be a function`, { path });
  }
  return value as T | undefined;
}

export function cidrList(value: unknown, path: string, required: boolean): readonly string[] | undefined {
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string')) {
    throw new IpError('INVALID_OPTIONS', `"${path}" must be a non-empty list of CIDR blocks`, { path });
  }
  return value;
}

/** A predicate over CIDR blocks whose rule names the preset and the block that matched. */
export function edgesOf(preset: string, list: readonly string[], path: string): TrustPredicate {
  const blocks: IpCidr[] = list.map((cidr, i) =>
    parseCidr(cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}`, { path: `${path}[${i}]` }),
  );
  const match = (ip: IpAddress) => blocks.findIndex((block) => block.contains(ip));
  return withRule(
    (ip) => match(ip) >= 0,
    (ip) => ({ kind: 'preset', entry: list[match(ip)], preset }),
  );
}

/** The snapshot's ranges, warning once if stale, or the caller's own. */
export function rangesFor(provider: keyof typeof RANGES, o: Record<string, unknown>): readonly string[] {
  const own_ = cidrList(own(o, 'ranges'), 'options.ranges', false);
  if (own_ !== undefined) return own_;
  const snapshot = RANGES[provider];
  const staleAfter = own(o, 'staleAfter');
  let limit = 180;
  if (staleAfter !== undefined) {
    const parts = requireDuration(staleAfter, 'options.staleAfter', raiseOption, ['weeks', 'days']);
    limit = parts.weeks * 7 + parts.days;
  }
  const onStale =
    fn<(w: StaleRangesWarning) => void>(own(o, 'onStale'), 'options.onStale') ??
    ((w: StaleRangesWarning) => console.warn(`[@privkit/ip/cdn] ${w.message}`));
  const clock = fn<() => number>(own(o, 'clock'), 'options.clock') ?? Date.now;
  const age = Math.max(0, Math.floor((clock() - Date.parse(`${snapshot.retrieved}T00:00:00Z`)) / DAY_MS));
  if (age > limit) {
    onStale(
      Object.freeze({
        message:
          `${provider} ranges retrieved ${snapshot.retrieved} are ${age} days old (limit ${limit}): refresh them ` +
          `from ${snapshot.source.join(' and ')} and pass them as "ranges", or update @privkit/ip`,
        provider,
        retrieved: snapshot.retrieved,
        age: days(age),
        staleAfter: days(limit),
        source: snapshot.source,
      }),
    );
  }
  return [...snapshot.ipv4, ...snapshot.ipv6];
}

export function proxiesOf(o: Record<string, unknown>, required: boolean): TrustPredicate | false {
  const proxies = cidrList(own(o, 'proxies'), 'options.proxies', required);
  return proxies === undefined ? false : compileTrust(proxies);
}

export function headerPreset(
  name: string,
  header: string,
  rewrite: ((value: string) => string) | undefined,
  edges: TrustPredicate,
  trustProxy: TrustProxy,
): CdnPreset {
  const cdn: ClientIpCdn = Object.freeze({ name, header, rewrite, edges });
  return Object.freeze({ trustProxy, header: 'x-forwarded-for', cdn });
}

/** Trusts `edges` or your `proxies` in the `X-Forwarded-For` walk, naming which decided. */
export function walkPreset(edges: TrustPredicate, proxies: TrustPredicate | false): CdnPreset {
  const trusted =
    proxies === false
      ? edges
      : withRule(
          (ip, hop) => edges(ip, hop) || proxies(ip, hop),
          (ip, hop): TrustRule => (edges(ip, hop) ? ruleOf(edges, ip, hop) : ruleOf(proxies, ip, hop)),
        );
  return Object.freeze({ trustProxy: trusted, header: 'x-forwarded-for', cdn: undefined });
}

/** Any peer: the platform's proxy is the only way to reach the app. */
export function platform(name: string, header: string): CdnPreset {
  const rule: TrustRule = { kind: 'preset', entry: 'any peer (platform)', preset: name };
  return headerPreset(
    name,
    header,
    undefined,
    withRule(
      () => true,
      () => rule,
    ),
    false,
  );
}
