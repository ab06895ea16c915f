/**
 * @module
 * `@privkit/request/node`: the privacy context of a plain `node:http` (or `node:https`, `http2`
 * compatibility) request. The socket peer is `request.socket.remoteAddress`, which Node sets from
 * the connection itself: nothing the client writes reaches it. Imports nothing from Node, so it
 * bundles for any runtime that hands out Node-shaped requests.
 */

import { RequestError } from './errors.js';
import type { PrivacyContext, RequestPrivacy } from './privacy.js';

/**
 * The parts of Node's `IncomingMessage` that are read.
 *
 * @example
 * ```ts
 * import type { NodeRequestLike } from '@privkit/request/node';
 * import type { IncomingMessage } from 'node:http';
 * declare const req: IncomingMessage;
 * const like: NodeRequestLike = req;
 * ```
 */
export interface NodeRequestLike {
  /** The connection; `remoteAddress` is `undefined` once it has closed. */
  readonly socket:
    | {
        /** The peer's address; `undefined` once the connection has closed. */
        readonly remoteAddress?: string | undefined;
      }
    | null
    | undefined;
  /** Node's header record (lower-case names). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * The privacy context of a `node:http` request.
 *
 * @param privacy - the reader, from `createRequestPrivacy`.
 * @param request - the `IncomingMessage`.
 * @returns what the app may keep of the request.
 * @throws `RequestError` (from `@privkit/request`) as `privacy.read` does; `INVALID_ARGUMENT` when `request` has no
 *   header record.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createRequestPrivacy } from '@privkit/request';
 * import { readNodeRequest } from '@privkit/request/node';
 *
 * const privacy = createRequestPrivacy({ trustProxy: ['loopback'] });
 * const server = createServer((req, res) => {
 *   readNodeRequest(privacy, req).then(
 *     (context) => res.end(JSON.stringify(context)),
 *     () => {
 *       res.statusCode = 500;
 *       res.end();
 *     },
 *   );
 * });
 * server.close();
 * ```
 */
export function readNodeRequest<Location>(
  privacy: RequestPrivacy<Location>,
  request: NodeRequestLike,
): Promise<PrivacyContext<Location>> {
  if (typeof request !== 'object' || request === null || typeof request.headers !== 'object') {
    return Promise.reject(
      new RequestError('INVALID_ARGUMENT', '"request" must be a node:http IncomingMessage', { path: 'request' }),
    );
  }
  return privacy.read({ remoteAddress: request.socket?.remoteAddress, headers: request.headers });
}
