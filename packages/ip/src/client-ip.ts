/**
 * @module
 * The client address of a request that came through proxies. `X-Forwarded-For` and RFC 7239
 * `Forwarded` are lists to which every hop appends the address it received the request from;
 * the left-most entry is whatever the client wrote, so it is worth nothing unless every hop to
 * its right is trusted. The walk therefore starts at the socket and moves left only across
 * trusted hops, as Express's `trust proxy` (proxy-addr) does, and fails closed on anything
 * malformed it has to read.
 */

import type { IpAddress } from './address.js';
import { parseCidr } from './cidr.js';
import { classifyIp, type IpClass } from './classify.js';
import { parseIp, throwError, tryParseIp } from './parse.js';

/**
 * A compiled trust rule: whether the hop at `hop` (0 is the socket peer, 1 the entry nearest
 * to it in the header, and so on) is a proxy you trust.
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
 * - a list of CIDR blocks and named sets: `loopback` (`127.0.0.0/8`, `::1`), `linklocal`
 *   (`169.254.0.0/16`, `fe80::/10`), `uniquelocal` or `private` (RFC 1918 and `fc00::/7`); the
 *   names are proxy-addr's.
 * - a {@link TrustPredicate}.
 *
 * @example
 * ```ts
 * import type { TrustProxy } from '@privkit/ip';
 * const trust: TrustProxy = ['loopback', '10.0.0.0/8'];
 * ```
 */
export type TrustProxy = boolean | number | readonly string[] | TrustPredicate;

/**
 * Request headers, as Node's `IncomingHttpHeaders` record (lower-case names; a repeated header
 * as a joined string or an array) or a WHATWG `Headers` object.
 *
 * @example
 * ```ts
 * import type { HeadersLike } from '@privkit/ip';
 * const fromNode: HeadersLike = { 'x-forwarded-for': '203.0.113.7' };
 * const fromFetch: HeadersLike = new Headers({ 'X-Forwarded-For': '203.0.113.7' });
 * ```
 */
export type HeadersLike = HeadersGetter | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Anything with a WHATWG-style `get(name)`: `Headers` in fetch, undici, Deno, Bun and edge runtimes.
 *
 * @example
 * ```ts
 * import type { HeadersGetter } from '@privkit/ip';
 * const headers: HeadersGetter = new Headers({ forwarded: 'for=192.0.2.60' });
 * ```
 */
export interface HeadersGetter {
  /**
   * The header's combined value, or `null` when absent.
   * @param name - the header name, any case.
   */
  get(name: string): string | null;
}

/**
 * Options for {@link clientIp}.
 *
 * @example
 * ```ts
 * import type { ClientIpOptions } from '@privkit/ip';
 * const options: ClientIpOptions = {
 *   remoteAddress: '10.0.0.5',
 *   headers: { forwarded: 'for=203.0.113.7' },
 *   header: 'forwarded',
 *   trustProxy: ['10.0.0.0/8'],
 * };
 * ```
 */
export interface ClientIpOptions {
  /** The socket peer (`req.socket.remoteAddress`), or an address already parsed. */
  remoteAddress: string | IpAddress | undefined;
  /** The request headers; without them the socket address is the client. */
  headers?: HeadersLike;
  /** Which proxies to trust; default `false`. Compile it once with {@link compileTrust}. */
  trustProxy?: TrustProxy;
  /**
   * The header your proxy writes: `x-forwarded-for` (default) or `forwarded` (RFC 7239). Only
   * one is read: a header your proxy passes through untouched is written by the client.
   */
  header?: 'x-forwarded-for' | 'forwarded';
  /**
   * What to do when an entry that must be read is not an address: `throw` (default) raises
   * `IpParseError`; `remote` returns the socket address. Never a half-parsed value.
   */
  onMalformed?: 'throw' | 'remote';
}

/** Named sets, as classes of `classifyIp`. proxy-addr's `uniquelocal` is RFC 1918 plus ULA. */
const NAMED: Readonly<Record<string, readonly IpClass[]>> = {
  loopback: ['loopback'],
  linklocal: ['link-local'],
  uniquelocal: ['private', 'unique-local'],
  private: ['private', 'unique-local'],
};

/** Longest header value read, in characters; a longer one is malformed, whatever it holds. */
const MAX_HEADER = 8192;

/**
 * Compiles a {@link TrustProxy} rule into a predicate, validating every CIDR block, so a
 * configuration error fails at start-up and each request pays only the matching.
 *
 * @param trust - the rule.
 * @returns the predicate `clientIp` uses.
 * @throws {@link IpParseError} for a malformed CIDR block (code `CIDR` or the address's code);
 *   `TypeError` for a value of the wrong type; `RangeError` for a negative or fractional hop count.
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
  // A list passed straight to clientIp is compiled once and remembered, not on every request.
  const known = Array.isArray(trust) ? compiledLists.get(trust) : undefined;
  if (known !== undefined) return known;
  if (typeof trust === 'boolean') return () => trust;
  if (typeof trust === 'number') {
    if (!Number.isInteger(trust) || trust < 0)
      throw new RangeError('"trustProxy" hop count must be a whole number ≥ 0');
    return (_ip, hop) => hop < trust;
  }
  if (!Array.isArray(trust)) throw new TypeError('"trustProxy" must be a boolean, a hop count, a list or a function');
  const classes = new Set<IpClass>();
  const blocks = trust.flatMap((item: unknown) => {
    if (typeof item !== 'string') throw new TypeError('"trustProxy" entries must be strings');
    const named = Object.hasOwn(NAMED, item) ? NAMED[item] : undefined;
    if (named === undefined) return [parseCidr(item.includes('/') ? item : `${item}/${item.includes(':') ? 128 : 32}`)];
    for (const c of named) classes.add(c);
    return [];
  });
  const predicate: TrustPredicate = (ip) =>
    (classes.size > 0 && classes.has(classifyIp(ip))) || blocks.some((b) => b.contains(ip));
  compiledLists.set(trust, predicate);
  return predicate;
}

const compiledLists = new WeakMap<readonly string[], TrustPredicate>();

function readHeader(headers: HeadersLike, name: string): string | undefined {
  if (typeof headers.get === 'function') return (headers as HeadersGetter).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  let value = record[name];
  if (value === undefined) {
    // Plain records written by hand may not use lower case; Node's always do.
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    if (key !== undefined) value = record[key];
  }
  // Repeated header lines form one list, in order (RFC 9110 §5.3).
  return typeof value === 'string' || value === undefined ? value : value.join(',');
}

/**
 * Splits `text` at `sep` outside quoted strings (RFC 9110 §5.6.4), so a `,` or `;` inside a
 * quoted `Forwarded` value cannot shift the entries.
 */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === sep && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The `for=` value of one `Forwarded` element (RFC 7239 §4), unquoted; `undefined` if none. */
function forwardedFor(element: string): string | undefined {
  for (const pair of splitOutsideQuotes(element, ';')) {
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq).trim().toLowerCase() !== 'for') continue;
    const value = pair.slice(eq + 1).trim();
    return value.startsWith('"') && value.endsWith('"') && value.length > 1
      ? value.slice(1, -1).replace(/\\(.)/g, '$1')
      : value;
  }
  return undefined;
}

/**
 * The client address of a request: the socket address, or, when the socket peer is a trusted
 * proxy, the right-most address in the proxy header that is not itself a trusted proxy. A
 * spoofed left-most entry never wins while an untrusted hop stands to its right, and entries
 * left of the first untrusted hop are never read (garbage there cannot fail a request).
 *
 * @param options - the socket address, headers and trust rule; see {@link ClientIpOptions}.
 * @returns the client address (an IPv4-mapped socket address is returned as given; pass it to
 *   `truncateIp` or `classifyIp`, which treat it as IPv4).
 * @throws {@link IpParseError} when the socket address or a header entry that must be read is
 *   not an address (unless `onMalformed` is `remote`); its message names the header and entry,
 *   never the value. `TypeError` when `remoteAddress` is missing.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 *
 * clientIp({
 *   remoteAddress: '10.0.0.5',
 *   headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.23' }, // 6.6.6.6 is spoofed
 *   trustProxy: ['10.0.0.0/8'],
 * }).toString(); // "198.51.100.23"
 * ```
 */
export function clientIp(options: ClientIpOptions): IpAddress {
  const { remoteAddress, headers, header = 'x-forwarded-for', onMalformed = 'throw' } = options;
  if (remoteAddress === undefined) throw new TypeError('"remoteAddress" is required (the socket may be closed)');
  const remote =
    typeof remoteAddress === 'string' ? parseIp(remoteAddress, { argument: 'remoteAddress' }) : remoteAddress;
  const trusted = compileTrust(options.trustProxy ?? false);
  if (!trusted(remote, 0) || headers === undefined) return remote;
  const value = readHeader(headers, header);
  if (value === undefined) return remote;

  const malformed = (code: 'TOO_LONG' | 'NOT_AN_ADDRESS', entry: number): IpAddress => {
    if (onMalformed === 'remote') return remote;
    return throwError(code, 0, `${header} entry ${entry}`);
  };
  if (value.length > MAX_HEADER) return malformed('TOO_LONG', 0);
  const entries = header === 'forwarded' ? splitOutsideQuotes(value, ',') : value.split(',');

  let client = remote;
  for (let i = entries.length - 1, hop = 1; i >= 0; i--, hop++) {
    const entry = entries[i] as string;
    const text = header === 'forwarded' ? forwardedFor(entry) : entry.trim();
    // RFC 7239 §6: `unknown` and obfuscated `_identifiers` name no address; neither does an
    // element without `for=`. Such a hop cannot be trusted and gives no client to return.
    if (text === undefined || text.toLowerCase() === 'unknown' || text.startsWith('_')) {
      return malformed('NOT_AN_ADDRESS', i + 1);
    }
    if (onMalformed === 'remote') {
      const ip = tryParseIp(text);
      if (ip === undefined) return remote;
      client = ip;
    } else {
      client = parseIp(text, { argument: `${header} entry ${i + 1}` });
    }
    if (!trusted(client, hop)) return client;
  }
  return client;
}
