/**
 * @module
 * `@privkit/request/hono`: Hono 4 middleware that reads every request into `c.get('privacy')`,
 * on any runtime. Where the socket peer's address comes from depends on the runtime: by default
 * it is read as Hono's own connection-info helpers read it, from `@hono/node-server`'s socket
 * (`c.env.incoming`), Bun's `server.requestIP` (`c.env`) and Deno's `info.remoteAddr`
 * (`c.env`); elsewhere (Cloudflare Workers), pass a function that returns it.
 */

import { RequestError } from './errors.js';
import { type FetchRequestLike, readFetchRequest } from './fetch.js';
import { checkReader } from './internal/reader.js';
import type { PrivacyContext, RequestPrivacy } from './privacy.js';

/**
 * The parts of Hono's `Context` the middleware uses, typed without Hono so that this package
 * needs none of its types.
 *
 * @example
 * ```ts
 * import type { HonoContextLike } from '@privkit/request/hono';
 * import type { Context } from 'hono';
 * declare const c: Context;
 * const like: HonoContextLike = c;
 * ```
 */
export interface HonoContextLike {
  /** The request; `raw` is the Fetch API `Request`. */
  readonly req: {
    /** The Fetch API `Request`. */
    readonly raw: FetchRequestLike;
  };
  /** The runtime's bindings: Node's `{ incoming }`, Bun's server, Deno's connection info. */
  readonly env: unknown;
  /**
   * Sets a context variable.
   * @param key - `privacy`.
   * @param value - the context.
   */
  set(key: 'privacy', value: never): void;
}

/**
 * The middleware {@link honoPrivacy} returns.
 *
 * @example
 * ```ts
 * import { createRequestPrivacy } from '@privkit/request';
 * import { honoPrivacy, type HonoPrivacyMiddleware } from '@privkit/request/hono';
 * const middleware: HonoPrivacyMiddleware = honoPrivacy(createRequestPrivacy());
 * ```
 */
export type HonoPrivacyMiddleware = (c: HonoContextLike, next: () => Promise<void>) => Promise<void>;

/**
 * Hono middleware that sets the variable `privacy` (a {@link PrivacyContext}) before the
 * handlers run. Type it with `new Hono<{ Variables: { privacy: PrivacyContext } }>()`. A failure
 * rejects, which Hono hands to `app.onError`.
 *
 * @param privacy - the reader, from `createRequestPrivacy`.
 * @param remoteAddress - returns the socket peer's address from the context; default: the Node,
 *   Bun and Deno bindings' (see the module). `undefined` means unknown: every field is then
 *   `undefined`.
 * @returns the middleware.
 * @throws `RequestError` (from `@privkit/request`) `INVALID_ARGUMENT` when `privacy` is not a reader or
 *   `remoteAddress` is not a function.
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { createRequestPrivacy, type PrivacyContext } from '@privkit/request';
 * import { honoPrivacy } from '@privkit/request/hono';
 *
 * const app = new Hono<{ Variables: { privacy: PrivacyContext } }>();
 * app.use(honoPrivacy(createRequestPrivacy({ trustProxy: ['loopback'] })));
 * app.get('/', (c) => c.json({ prefix: c.get('privacy').ipPrefix }));
 * ```
 */
export function honoPrivacy<Location>(
  privacy: RequestPrivacy<Location>,
  remoteAddress: (c: HonoContextLike) => string | undefined = runtimeAddress,
): HonoPrivacyMiddleware {
  checkReader(privacy);
  if (typeof remoteAddress !== 'function') {
    throw new RequestError('INVALID_ARGUMENT', '"remoteAddress" must be a function', { path: 'remoteAddress' });
  }
  return async (c, next) => {
    const context: PrivacyContext<Location> = await readFetchRequest(privacy, c.req.raw, remoteAddress(c));
    c.set('privacy', context as never);
    await next();
  };
}

/** The socket peer as `@hono/node-server`, Bun and Deno hand it to Hono. */
function runtimeAddress(c: HonoContextLike): string | undefined {
  const env = c.env as Record<string, unknown> | undefined;
  if (typeof env !== 'object' || env === null) return undefined;
  const incoming = env['incoming'] as { socket?: { remoteAddress?: unknown } } | undefined;
  if (typeof incoming === 'object' && incoming !== null) return text(incoming.socket?.remoteAddress);
  const requestIP = env['requestIP'];
  if (typeof requestIP === 'function') {
    return text((requestIP.call(env, c.req.raw) as { address?: unknown } | null)?.address);
  }
  const remoteAddr = env['remoteAddr'] as { hostname?: unknown } | undefined;
  if (typeof remoteAddr === 'object' && remoteAddr !== null) return text(remoteAddr.hostname);
  return undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
