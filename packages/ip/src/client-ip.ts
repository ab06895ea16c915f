/**
 * @module
 * The client address of a request that came through proxies. `X-Forwarded-For` and RFC 7239
 * `Forwarded` are lists to which every hop appends the address it received the request from;
 * the left-most entry is whatever the client wrote, so it is worth nothing unless every hop to
 * its right is trusted. The walk therefore starts at the socket and moves left only across
 * trusted hops, as Express's `trust proxy` (proxy-addr) does, reading each entry from the right
 * so that nothing a client prepends is ever read.
 *
 * Nothing a client sends makes `clientIp` throw unless asked to (`onMalformed: 'throw'`): a
 * request handler that calls it cannot be crashed by a header. Bad options are a programming
 * error and always throw.
 */

import { isPlainObject, joinPath, oneOf, own, strictObject } from '@privkit/internal/check';
import { headerText } from '@privkit/internal/headers';
import { type IpAddress, isIpAddress } from './address.js';
import { IpError, raise } from './errors.js';
import type { ClientIpTrace } from './explain.js';
import {
  type EntryProblem,
  forwardedElementStart,
  forwardedFor,
  forwardedNode,
  PAST_FLOOR,
  UNTERMINATED,
  xffEntryStart,
  xffNode,
} from './internal/forwarded.js';
import { parseIp, textError, tryParseIp } from './parse.js';
import { compileTrust, type TrustPredicate, type TrustProxy } from './trust.js';

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
export type HeadersLike =
  | {
      /**
       * The header's combined value, or `null` when absent (WHATWG `Headers.get`).
       * @param name - the header name, any case.
       */
      get(name: string): string | null;
    }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

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
  /**
   * The socket peer (`req.socket.remoteAddress`), or an address already parsed. `undefined`
   * (Node's value once the connection has closed) makes `clientIp` return `undefined`.
   */
  remoteAddress: string | IpAddress | undefined;
  /** The request headers; without them the socket address is the client. */
  headers?: HeadersLike | undefined;
  /**
   * Which proxies to trust; default `false`. A list is compiled on first use and again when
   * its content changes; {@link compileTrust} compiles it once, explicitly.
   */
  trustProxy?: TrustProxy | undefined;
  /**
   * The header your proxy writes: `x-forwarded-for` (default) or `forwarded` (RFC 7239). Only
   * one is read: a header your proxy passes through untouched is written by the client.
   */
  header?: 'x-forwarded-for' | 'forwarded' | undefined;
  /**
   * What to do when an entry the walk must read is not an address (malformed, `unknown`, an
   * obfuscated identifier, or beyond the {@link MAX_HEADER_READ} characters read):
   * - `use-last-trusted` (default): stop there and return the last address reached, the trusted
   *   hop that handed over the malformed entry (the socket peer when it is the right-most one).
   *   Never a half-parsed value, never an address no trusted hop vouched for.
   * - `throw`: raise {@link IpError}; its message names the header and entry, never the value.
   */
  onMalformed?: 'use-last-trusted' | 'throw' | undefined;
  /**
   * A CDN or platform that writes the client's address in a header of its own: a preset of
   * `@privkit/ip/cdn` (`cloudflare()`, `cloudfront()`, …). When the socket peer, or a hop
   * reached across your trusted proxies, is one of the CDN's servers (`edges`), that header's
   * value is the client; a peer outside the CDN's ranges never gets its header read.
   */
  cdn?: ClientIpCdn | undefined;
}

/**
 * A CDN's client-address header and the servers allowed to write it, as the presets of
 * `@privkit/ip/cdn` build it. Spread a preset into the options rather than writing one.
 *
 * @example
 * ```ts
 * import { compileTrust, type ClientIpCdn } from '@privkit/ip';
 * const cdn: ClientIpCdn = {
 *   name: 'my-edge',
 *   header: 'x-edge-client-ip',
 *   rewrite: undefined,
 *   edges: compileTrust(['192.0.2.0/24']),
 * };
 * ```
 */
export interface ClientIpCdn {
  /** The preset's name (`cloudflare`); the trace names it through the rule of `edges`. */
  readonly name: string;
  /** The header, in lower case, that the CDN sets to the client's address (`cf-connecting-ip`). */
  readonly header: string;
  /**
   * Turns the header's value into address text as `parseIp` reads it, where the CDN writes it
   * otherwise (`CloudFront-Viewer-Address` has IPv6 with a port but no brackets); `undefined`
   * when the value is read as it is.
   */
  readonly rewrite: ((value: string) => string) | undefined;
  /** Whether a hop is one of the CDN's servers, the only ones whose header is read. */
  readonly edges: TrustPredicate;
}

/**
 * How many characters of a proxy header `clientIp` reads, counted from the right end. Only the
 * part your trusted proxies wrote is read, so this bounds a chain of trusted hops (hundreds of
 * entries), not what a client may prepend: anything left of the first untrusted hop is never
 * read, whatever its length.
 *
 * @example
 * ```ts
 * import { MAX_HEADER_READ } from '@privkit/ip';
 * MAX_HEADER_READ; // 8192
 * ```
 */
export const MAX_HEADER_READ = 8192;

/** The header read; see {@link ClientIpOptions.header}. */
export type ClientIpHeader = NonNullable<ClientIpOptions['header']>;

const KEYS = ['remoteAddress', 'headers', 'trustProxy', 'header', 'onMalformed', 'cdn'];
const HEADERS = ['x-forwarded-for', 'forwarded'] as const;
const ON_MALFORMED = ['use-last-trusted', 'throw'] as const;

/**
 * The client address of a request: the socket address, or, when the socket peer is a trusted
 * proxy, the right-most address in the proxy header that is not itself a trusted proxy (the
 * left-most entry when every hop is trusted). A spoofed left-most entry never wins while an
 * untrusted hop stands to its right, and entries left of the first untrusted hop are never read
 * (garbage there cannot fail a request).
 *
 * @param options - the socket address, headers and trust rule; see {@link ClientIpOptions}.
 * @returns the client address (an IPv4-mapped socket address is returned as given; pass it to
 *   `truncateIp` or `classifyIp`, which treat it as IPv4), or `undefined` when `remoteAddress`
 *   is `undefined` (the connection has closed, so no address is known).
 * @throws {@link IpError} `INVALID_OPTIONS` when an option has the wrong type or value (a
 *   programming error, never caused by a request).
 * @throws {@link IpError} `UNKNOWN_KEY` when "options" has a key `clientIp` does not know.
 * @throws {@link IpError} with the parse code (`IPV4_LEADING_ZERO`, …) when
 *   "options.remoteAddress" is text that is not an address.
 * @throws {@link IpError} `NOT_AN_ADDRESS` when an entry the walk must read is `unknown` or
 *   obfuscated, only with `onMalformed: 'throw'`.
 * @throws {@link IpError} `FORWARDED_SYNTAX` when a `Forwarded` element the walk must read
 *   breaks RFC 7239, only with `onMalformed: 'throw'`.
 * @throws {@link IpError} `TOO_LONG` when the trusted part of the header is longer than
 *   {@link MAX_HEADER_READ}, only with `onMalformed: 'throw'`.
 * @throws {@link IpError} with the parse code when an entry the walk must read is not an
 *   address, only with `onMalformed: 'throw'`.
 * @example
 * ```ts
 * import { clientIp } from '@privkit/ip';
 *
 * clientIp({
 *   remoteAddress: '10.0.0.5',
 *   headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.23' }, // 6.6.6.6 is spoofed
 *   trustProxy: ['10.0.0.0/8'],
 * })?.toString(); // "198.51.100.23"
 * ```
 */
export function clientIp(options: ClientIpOptions & { remoteAddress: string | IpAddress }): IpAddress;
export function clientIp(options: ClientIpOptions): IpAddress | undefined;
export function clientIp(options: ClientIpOptions): IpAddress | undefined {
  const settings = readOptions(options);
  return settings.remote === undefined
    ? undefined
    : walk(settings as ClientIpSettings & { remote: IpAddress }, undefined);
}

/** The options of {@link clientIp}, checked. */
export interface ClientIpSettings {
  /** `undefined` when the connection has closed. */
  readonly remote: IpAddress | undefined;
  readonly trusted: TrustPredicate;
  readonly headers: HeadersLike | undefined;
  readonly header: ClientIpHeader;
  readonly throws: boolean;
  readonly cdn: ClientIpCdn | undefined;
}

/**
 * What `explainClientIp` learns from the walk. `clientIp` passes none, so its only cost on the
 * hot path is a test of `undefined` at each step.
 */
export interface WalkRecorder {
  /** The header was present and read. */
  read(): void;
  /**
   * Hop `hop` gave `found` (an address, or why not); `trusted` is `undefined` when not asked;
   * `cdn` is set for a CDN server and for the address read from the CDN's header.
   */
  hop(
    hop: number,
    found: IpAddress | EntryProblem | { code: 'TOO_LONG' },
    trusted: boolean | undefined,
    cdn?: boolean,
  ): void;
  /** The walk ended; `client` is what is returned. */
  end(decision: ClientIpTrace['decision'], client: IpAddress): void;
}

/**
 * Checks the options of {@link clientIp}. Throws for every programming error, so a recorder
 * never sees a half-checked request.
 */
export function readOptions(options: ClientIpOptions): ClientIpSettings {
  const o = strictObject(options, KEYS, 'options', raise, 'INVALID_OPTIONS');
  const header = oneOf(own(o, 'header') ?? HEADERS[0], HEADERS, 'options.header', raise, 'INVALID_OPTIONS');
  const onMalformed = oneOf(
    own(o, 'onMalformed') ?? ON_MALFORMED[0],
    ON_MALFORMED,
    'options.onMalformed',
    raise,
    'INVALID_OPTIONS',
  );
  const trusted = compileTrust((own(o, 'trustProxy') ?? false) as TrustProxy);
  const headers = own(o, 'headers');
  if (headers !== undefined && !isPlainObject(headers) && typeof (headers as { get?: unknown }).get !== 'function') {
    throw new IpError('INVALID_OPTIONS', '"options.headers" must be a headers record or a Headers object', {
      path: 'options.headers',
    });
  }
  const remoteAddress = own(o, 'remoteAddress');
  let remote: IpAddress | undefined;
  if (remoteAddress === undefined) remote = undefined;
  else if (typeof remoteAddress === 'string') remote = parseIp(remoteAddress, { path: 'options.remoteAddress' });
  else if (isIpAddress(remoteAddress)) remote = remoteAddress;
  else {
    throw new IpError('INVALID_OPTIONS', '"options.remoteAddress" must be an address string or an IpAddress', {
      path: 'options.remoteAddress',
    });
  }
  const cdn = own(o, 'cdn') as ClientIpCdn | undefined;
  if (
    cdn !== undefined &&
    (typeof cdn?.edges !== 'function' ||
      typeof cdn.header !== 'string' ||
      (cdn.rewrite !== undefined && typeof cdn.rewrite !== 'function'))
  ) {
    throw new IpError('INVALID_OPTIONS', '"options.cdn" must be a CDN preset', { path: 'options.cdn' });
  }
  return { remote, trusted, headers: headers as HeadersLike | undefined, header, throws: onMalformed === 'throw', cdn };
}

/** The walk from the socket peer leftwards across trusted hops; see {@link clientIp}. */
export function walk(settings: ClientIpSettings & { remote: IpAddress }, rec: WalkRecorder | undefined): IpAddress {
  const { remote, trusted, headers, header, cdn } = settings;
  if (cdn !== undefined && cdn.edges(remote, 0) === true) return fromCdn(settings, cdn, rec, remote, 0);
  const peerTrusted = trusted(remote, 0) === true;
  if (rec !== undefined) rec.hop(0, remote, peerTrusted);
  if (!peerTrusted) return done(rec, 'socket-untrusted', remote);
  const value = headers === undefined ? undefined : readHeader(headers, header);
  if (value === undefined) return done(rec, 'no-header', remote);
  if (rec !== undefined) rec.read();

  const forwarded = header === 'forwarded';
  const floor = Math.max(0, value.length - MAX_HEADER_READ);
  let client = remote;
  let end = value.length;
  for (let hop = 1; ; hop++) {
    let start = forwarded ? forwardedElementStart(value, end, floor) : xffEntryStart(value, end);
    let found: IpAddress | EntryProblem;
    if (start === PAST_FLOOR || (start >= 0 && start < floor)) {
      // The trusted part of the header is longer than what is read.
      if (rec !== undefined) rec.hop(hop, { code: 'TOO_LONG' }, undefined);
      if (settings.throws) throw entryError(header, hop, { code: 'TOO_LONG' });
      return done(rec, 'read-limit', client);
    }
    if (start === UNTERMINATED) {
      start = 0;
      found = { code: 'FORWARDED_SYNTAX' };
    } else {
      const entry = value.slice(start, end);
      if (forwarded) {
        const node = forwardedFor(entry);
        found = typeof node === 'string' ? forwardedNode(node) : node;
      } else {
        found = xffNode(entry);
      }
    }
    if (!isIpAddress(found)) {
      if (rec !== undefined) rec.hop(hop, found, undefined);
      if (settings.throws) throw entryError(header, hop, found);
      return done(rec, 'malformed-entry', client);
    }
    client = found;
    if (cdn !== undefined && cdn.edges(client, hop) === true) return fromCdn(settings, cdn, rec, client, hop);
    const hopTrusted = trusted(client, hop) === true;
    if (rec !== undefined) rec.hop(hop, client, hopTrusted);
    if (!hopTrusted) return done(rec, 'untrusted-hop', client);
    // The left-most entry: every hop was trusted, so it is the client.
    if (start === 0) return done(rec, 'left-most-entry', client);
    end = start - 1;
  }
}

/** The CDN server `edge`, reached at `hop`, vouches for the address in its header. */
function fromCdn(
  settings: ClientIpSettings,
  cdn: ClientIpCdn,
  rec: WalkRecorder | undefined,
  edge: IpAddress,
  hop: number,
): IpAddress {
  if (rec !== undefined) rec.hop(hop, edge, true, true);
  const value = settings.headers === undefined ? undefined : readHeader(settings.headers, cdn.header);
  if (value === undefined) return done(rec, 'no-header', edge);
  const found = xffNode(cdn.rewrite === undefined ? value : cdn.rewrite(value));
  if (rec !== undefined) rec.hop(hop + 1, found, undefined, true);
  if (!isIpAddress(found)) {
    if (settings.throws) throw entryError(cdn.header, 1, found);
    return done(rec, 'malformed-entry', edge);
  }
  return done(rec, 'cdn-header', found);
}

function done(rec: WalkRecorder | undefined, decision: ClientIpTrace['decision'], client: IpAddress): IpAddress {
  if (rec !== undefined) rec.end(decision, client);
  return client;
}

/** The error for the entry at `hop` (1 is the right-most); never holds the entry's text. */
export function entryError(header: string, hop: number, problem: EntryProblem | { code: 'TOO_LONG' }): IpError {
  const path = `${joinPath('options.headers', header)}[-${hop}]`;
  const label = `"${header}" entry ${hop} from the right`;
  if ('text' in problem) {
    tryParseIp(problem.text); // sets the reason that textError reports
    return textError(problem.text, path, label);
  }
  if (problem.code === 'TOO_LONG') {
    return new IpError('TOO_LONG', `${label} lies beyond the ${MAX_HEADER_READ} characters read`, { path });
  }
  if (problem.code === 'NOT_AN_ADDRESS') {
    return new IpError('NOT_AN_ADDRESS', `${label} names no address (RFC 7239 §6)`, { path });
  }
  return new IpError('FORWARDED_SYNTAX', `${label} is not a valid RFC 7239 element`, { path });
}

function readHeader(headers: HeadersLike, name: string): string | undefined {
  return headerText(headers, name, 'options.headers', raise, 'INVALID_OPTIONS');
}
