/**
 * @module
 * One request in, what an app may keep out. The client address is found by `@privkit/ip`'s
 * `clientIp` (the walk from the socket peer leftwards across trusted proxies only), then used
 * once, in memory: truncated, classified, handed to your visitor hasher with the user agent and
 * to your locator. The context returned holds none of the address's or the user agent's text,
 * and neither does any error, so a handler may log the context or the error as they are.
 *
 * The options are the other packages' own: `@privkit/ip`'s `trustProxy`, `header`,
 * `onMalformed` and truncation policy, a hasher made by `@privkit/visitor-hash` with its tenant,
 * a locator made by `@privkit/geo`. The hasher and locator are taken as objects, not as their
 * packages, so an app that keeps no visitor ids or locations installs neither.
 */

import { own, strictObject, strictOptions } from '@privkit/internal/check';
import { headerText } from '@privkit/internal/headers';
import {
  type ClientIpCdn,
  type ClientIpOptions,
  classifyIp,
  clientIp,
  type HeadersLike,
  type IpAddress,
  type IpClass,
  IpError,
  type TruncationPolicy,
  type TruncationPreset,
  type TrustProxy,
  truncateIp,
} from '@privkit/ip';
import { RequestError, raise } from './errors.js';
import { optionError, readSources, readWalk } from './internal/options.js';

/**
 * What `read` needs from a visitor hasher: `createVisitorHasher` of `@privkit/visitor-hash`
 * returns one.
 *
 * @example
 * ```ts
 * import type { VisitorIdSource } from '@privkit/request';
 * import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
 * const hasher: VisitorIdSource = createVisitorHasher({ store: createMemorySaltStore() });
 * ```
 */
export interface VisitorIdSource {
  /**
   * The visitor's daily id.
   * @param input - the tenant, the full client address, the user agent and the instant.
   */
  id(input: { tenant: string; ip: IpAddress; userAgent: string; at?: Date | string | number }): Promise<string>;
}

/**
 * What `read` needs from a locator: `createLocator` of `@privkit/geo` returns one, whose
 * `locate` gives a `GeoBucket`.
 *
 * @example
 * ```ts
 * import type { LocationSource } from '@privkit/request';
 * import type { GeoBucket } from '@privkit/geo';
 * import { createDefaultLocatorSync } from '@privkit/geo/default';
 * const locator: LocationSource<GeoBucket> = createDefaultLocatorSync();
 * ```
 */
export interface LocationSource<Location> {
  /**
   * The coarse location of the full client address.
   * @param ip - the address.
   */
  locate(ip: IpAddress): Location;
}

/**
 * Options for {@link createRequestPrivacy}: those of `@privkit/ip`'s `clientIp` and `truncateIp`,
 * and the hasher and locator of `@privkit/visitor-hash` and `@privkit/geo`.
 *
 * @example
 * ```ts
 * import type { RequestPrivacyOptions } from '@privkit/request';
 * const options: RequestPrivacyOptions = { trustProxy: ['loopback', '10.0.0.0/8'], truncate: 'cnil' };
 * ```
 */
export interface RequestPrivacyOptions<Location = never> {
  /** Which proxies to trust, as `clientIp` takes it; default `false` (the socket peer is the client). */
  trustProxy?: TrustProxy | undefined;
  /** The header your proxy writes, as `clientIp` takes it: `x-forwarded-for` (default) or `forwarded`. */
  header?: ClientIpOptions['header'];
  /**
   * What to do when an entry the walk must read is not an address, as `clientIp` takes it:
   * `use-last-trusted` (default: the last trusted hop is the client; a request never fails
   * because of its headers) or `throw` (`read` rejects with `MALFORMED_HEADER`).
   */
  onMalformed?: ClientIpOptions['onMalformed'];
  /**
   * A CDN or platform that writes the client's address in a header of its own, as `clientIp`
   * takes it: spread a preset of `@privkit/ip/cdn` (`...cloudflare()`), which sets `trustProxy`,
   * `header` and `cdn` together.
   */
  cdn?: ClientIpCdn | undefined;
  /** The truncation of the kept address, as `truncateIp` takes it; default `"cnil"` (/16 and /48). */
  truncate?: TruncationPolicy | TruncationPreset | undefined;
  /** A visitor hasher (`createVisitorHasher`); without it `visitorId` is `undefined`. */
  hasher?: VisitorIdSource | undefined;
  /** The tenant the ids belong to (`VisitorInput.tenant`); required with `hasher`, refused without. */
  tenant?: string | undefined;
  /** A locator (`createLocator`, `createDefaultLocatorSync`); without it `location` is `undefined`. */
  locator?: LocationSource<Location> | undefined;
}

/**
 * One request as `read` takes it. The adapters (`@privkit/request/node`, `/fetch`, `/express`,
 * `/fastify`, `/hono`) build it from their framework's request.
 *
 * @example
 * ```ts
 * import type { RequestFacts } from '@privkit/request';
 * const request: RequestFacts = {
 *   remoteAddress: '203.0.113.9',
 *   headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0' },
 * };
 * ```
 */
export interface RequestFacts {
  /** The socket peer (`req.socket.remoteAddress`); `undefined` when the connection has closed. */
  remoteAddress: string | undefined;
  /** The request headers: Node's record or a WHATWG `Headers`. */
  headers: HeadersLike;
  /** When the request happened, for the visitor id's day; default now (the hasher's clock). */
  at?: Date | string | number | undefined;
}

/**
 * What an app may keep of one request. Holds no text of the client address nor of the user
 * agent: log it, store it, send it on.
 *
 * @example
 * ```ts
 * import { createRequestPrivacy, type PrivacyContext } from '@privkit/request';
 * const context: PrivacyContext = await createRequestPrivacy().read({
 *   remoteAddress: '203.0.113.9',
 *   headers: {},
 * });
 * context.ipPrefix; // "203.0.0.0"
 * ```
 */
export interface PrivacyContext<Location = never> {
  /** The client address truncated by the policy (`"203.0.0.0"`); `undefined` when the connection had closed. */
  readonly ipPrefix: string | undefined;
  /** The class of the full address (`public`, `private`, `loopback`, …); `undefined` with `ipPrefix`. */
  readonly ipClass: IpClass | undefined;
  /** The daily visitor id; `undefined` without a hasher, a user agent or an address. */
  readonly visitorId: string | undefined;
  /** The coarse location of the full address; `undefined` without a locator or an address. */
  readonly location: Location | undefined;
}

/**
 * Reads requests into {@link PrivacyContext}s, as made by {@link createRequestPrivacy}.
 *
 * @example
 * ```ts
 * import { createRequestPrivacy, type RequestPrivacy } from '@privkit/request';
 * const privacy: RequestPrivacy = createRequestPrivacy({ trustProxy: ['loopback'] });
 * ```
 */
export interface RequestPrivacy<Location = never> {
  /**
   * The context of one request.
   * @param request - the socket peer and the headers; see {@link RequestFacts}.
   * @returns what the app may keep; the address and user agent are not in it.
   * @throws {@link RequestError} `MALFORMED_HEADER` (only with `onMalformed: 'throw'`),
   *   `VISITOR_ID_FAILED`, `LOCATION_FAILED`, or `INVALID_ARGUMENT` for a request that is not one.
   */
  read(request: RequestFacts): Promise<PrivacyContext<Location>>;
}

const KEYS = ['trustProxy', 'header', 'onMalformed', 'cdn', 'truncate', 'hasher', 'tenant', 'locator'];
const REQUEST_KEYS = ['remoteAddress', 'headers', 'at'];

/**
 * Creates a reader that turns one request into what an app may keep: the truncated client
 * address, its class, the daily visitor id and the coarse location. Every option is checked
 * here, once, so a typo fails at start-up and never on a request.
 *
 * @param options - the trust rule, truncation, hasher and locator; see {@link RequestPrivacyOptions}.
 * @returns the reader.
 * @throws {@link RequestError} `UNKNOWN_KEY` for a key it does not know.
 * @throws {@link RequestError} `INVALID_OPTIONS` for a bad trust rule, header, truncation policy,
 *   hasher, tenant or locator.
 * @example
 * ```ts
 * import { createRequestPrivacy } from '@privkit/request';
 * import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
 *
 * const privacy = createRequestPrivacy({
 *   trustProxy: ['loopback'],
 *   hasher: createVisitorHasher({ store: createMemorySaltStore() }),
 *   tenant: 'shop.example',
 * });
 * const context = await privacy.read({
 *   remoteAddress: '127.0.0.1',
 *   headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.23', 'user-agent': 'Mozilla/5.0' },
 * });
 * context.ipPrefix; // "198.51.0.0" (6.6.6.6 was written by the client, and is never read)
 * context.ipClass; // "documentation" (198.51.100.0/24 is TEST-NET-2)
 * context.visitorId?.length; // 32
 * ```
 */
export function createRequestPrivacy<Location = never>(
  options?: RequestPrivacyOptions<Location>,
): RequestPrivacy<Location> {
  const o = strictOptions(options, KEYS, raise);
  const walk = readWalk(o, true);
  const truncate = (own(o, 'truncate') ?? 'cnil') as TruncationPolicy | TruncationPreset;
  try {
    truncateIp('0.0.0.0', truncate);
  } catch (error) {
    optionError(error, 'options.truncate');
  }
  const { hasher, tenant, locator } = readSources<VisitorIdSource, LocationSource<Location>>(o, 'id');

  async function read(request: RequestFacts): Promise<PrivacyContext<Location>> {
    const r = strictObject(request, REQUEST_KEYS, 'request', raise);
    const headers = own(r, 'headers') as HeadersLike;
    const remoteAddress = own(r, 'remoteAddress') as string | undefined;
    if (typeof headers !== 'object' || headers === null) {
      throw new RequestError('INVALID_ARGUMENT', '"request.headers" must be a headers record or a Headers object', {
        path: 'request.headers',
      });
    }
    let ip: IpAddress | undefined;
    try {
      ip = clientIp({ remoteAddress, headers, ...walk });
    } catch (error) {
      throw requestError(error);
    }
    if (ip === undefined) return context<Location>(undefined, undefined, undefined, undefined);
    const ipPrefix = truncateIp(ip, truncate);
    const ipClass = classifyIp(ip);
    let location: Location | undefined;
    if (locator !== undefined) {
      try {
        location = locator.locate(ip);
      } catch (error) {
        throw new RequestError('LOCATION_FAILED', 'the locator failed to locate the client address', { cause: error });
      }
    }
    let visitorId: string | undefined;
    if (hasher !== undefined) {
      const userAgent = headerText(headers, 'user-agent', 'request.headers', raise, 'INVALID_ARGUMENT');
      if (userAgent !== undefined && userAgent !== '') {
        const at = own(r, 'at') as RequestFacts['at'];
        try {
          visitorId = await hasher.id(at === undefined ? { tenant, ip, userAgent } : { tenant, ip, userAgent, at });
        } catch (error) {
          throw new RequestError('VISITOR_ID_FAILED', 'the visitor hasher failed to identify the request', {
            cause: error,
          });
        }
      }
    }
    return context(ipPrefix, ipClass, visitorId, location);
  }
  return Object.freeze({ read });
}

function context<Location>(
  ipPrefix: string | undefined,
  ipClass: IpClass | undefined,
  visitorId: string | undefined,
  location: Location | undefined,
): PrivacyContext<Location> {
  return Object.freeze({ ipPrefix, ipClass, visitorId, location });
}

/**
 * `clientIp`'s error on a request, as this package's: a header entry is `MALFORMED_HEADER`, the
 * rest (a socket address that is not one, a header that is neither text nor a list of text) is
 * a request that is not one. Paths are re-rooted at `request`; messages hold no value.
 */
function requestError(error: unknown): unknown {
  if (!(error instanceof IpError)) return error;
  const path = error.path?.replace(/^options\./, 'request.');
  const header = error.code !== 'INVALID_OPTIONS' && error.path?.startsWith('options.headers') === true;
  const message = error.message.replaceAll('"options.', '"request.');
  return new RequestError(header ? 'MALFORMED_HEADER' : 'INVALID_ARGUMENT', message, { path, cause: error });
}
