/**
 * @module
 * `@privkit/request/fetch`: the privacy context of a Fetch API `Request`: Next.js middleware and
 * route handlers, Deno, Bun, Cloudflare Workers, Hono on any runtime. A `Request` carries no
 * socket, so the peer's address is passed beside it, from wherever the runtime gives it: Deno's
 * `info.remoteAddr.hostname`, Bun's `server.requestIP(request)?.address`, Node adapters' socket.
 */

import { RequestError } from './errors.js';
import type { PrivacyContext, RequestPrivacy } from './privacy.js';

/**
 * The parts of a Fetch API `Request` that are read.
 *
 * @example
 * ```ts
 * import type { FetchRequestLike } from '@privkit/request/fetch';
 * const like: FetchRequestLike = new Request('https://shop.example/');
 * ```
 */
export interface FetchRequestLike {
  /** The WHATWG `Headers`. */
  readonly headers: {
    /**
     * A header's value, or `null`.
     * @param name - the header name.
     */
    get(name: string): string | null;
  };
}

/**
 * The privacy context of a Fetch API `Request`.
 *
 * @param privacy - the reader, from `createRequestPrivacy`.
 * @param request - the `Request`.
 * @param remoteAddress - the socket peer's address as the runtime reports it, or `undefined`
 *   when it reports none (then every field of the context is `undefined`).
 * @returns what the app may keep of the request.
 * @throws `RequestError` (from `@privkit/request`) as `privacy.read` does; `INVALID_ARGUMENT` when `request` has no
 *   `Headers`.
 * @example
 * ```ts
 * import { createRequestPrivacy } from '@privkit/request';
 * import { readFetchRequest } from '@privkit/request/fetch';
 *
 * const privacy = createRequestPrivacy({ trustProxy: ['10.0.0.0/8'] });
 * const request = new Request('https://shop.example/', { headers: { 'x-forwarded-for': '198.51.100.23' } });
 * const context = await readFetchRequest(privacy, request, '10.0.0.5');
 * context.ipPrefix; // "198.51.0.0"
 * ```
 */
export function readFetchRequest<Location>(
  privacy: RequestPrivacy<Location>,
  request: FetchRequestLike,
  remoteAddress: string | undefined,
): Promise<PrivacyContext<Location>> {
  const headers = typeof request === 'object' && request !== null ? request.headers : undefined;
  if (typeof headers !== 'object' || headers === null || typeof headers.get !== 'function') {
    return Promise.reject(
      new RequestError('INVALID_ARGUMENT', '"request" must be a Fetch API Request', { path: 'request' }),
    );
  }
  return privacy.read({ remoteAddress, headers });
}
