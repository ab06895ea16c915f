/**
 * @module
 * `@privkit/request/express`: Express 5 middleware that puts the privacy context in
 * `res.locals.privacy`. It reads the socket peer and the headers itself, under your
 * `trustProxy`, and not Express's `trust proxy` setting or `req.ip`, so one rule decides
 * everywhere privkit reads an address. A failure (a salt store that is down; a malformed header
 * under `onMalformed: 'throw'`) goes to `next(error)`, Express's error handling.
 */

import { checkReader } from './internal/reader.js';
import { type NodeRequestLike, readNodeRequest } from './node.js';
import type { PrivacyContext, RequestPrivacy } from './privacy.js';

/**
 * The middleware {@link expressPrivacy} returns, typed without Express so that this package
 * needs none of its types.
 *
 * @example
 * ```ts
 * import { createRequestPrivacy } from '@privkit/request';
 * import { expressPrivacy, type ExpressPrivacyMiddleware } from '@privkit/request/express';
 * const middleware: ExpressPrivacyMiddleware = expressPrivacy(createRequestPrivacy());
 * ```
 */
export type ExpressPrivacyMiddleware = (
  req: NodeRequestLike,
  res: { locals: Record<string, unknown> },
  next: (error?: unknown) => void,
) => void;

/**
 * Express middleware that reads each request into `res.locals.privacy` (a
 * {@link PrivacyContext}) and calls `next()`, or `next(error)` with a `RequestError`.
 *
 * @param privacy - the reader, from `createRequestPrivacy`.
 * @returns the middleware.
 * @throws `RequestError` (from `@privkit/request`) `INVALID_ARGUMENT` when `privacy` is not a reader.
 * @example
 * ```ts
 * import express from 'express';
 * import { createRequestPrivacy, type PrivacyContext } from '@privkit/request';
 * import { expressPrivacy } from '@privkit/request/express';
 *
 * const app = express();
 * app.use(expressPrivacy(createRequestPrivacy({ trustProxy: ['loopback'] })));
 * app.get('/', (_req, res) => {
 *   const context = res.locals['privacy'] as PrivacyContext;
 *   res.json({ prefix: context.ipPrefix });
 * });
 * ```
 */
export function expressPrivacy<Location>(privacy: RequestPrivacy<Location>): ExpressPrivacyMiddleware {
  checkReader(privacy);
  return (req, res, next) => {
    readNodeRequest(privacy, req).then(
      (context: PrivacyContext<Location>) => {
        res.locals['privacy'] = context;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
