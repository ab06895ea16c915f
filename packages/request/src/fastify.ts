/**
 * @module
 * `@privkit/request/fastify`: a Fastify 5 plugin that reads every request into
 * `request.privacy` in an `onRequest` hook. It reads the socket peer and the headers itself,
 * under your `trustProxy`, not Fastify's `trustProxy` or `request.ip`. The plugin is not
 * encapsulated (as `fastify-plugin` would mark it), so routes in every context see the field. A
 * failure goes to Fastify's error handling as the hook's error.
 */

import { checkReader } from './internal/reader.js';
import { type NodeRequestLike, readNodeRequest } from './node.js';
import type { PrivacyContext, RequestPrivacy } from './privacy.js';

/**
 * The parts of a Fastify instance the plugin uses, typed without Fastify so that this package
 * needs none of its types.
 *
 * @example
 * ```ts
 * import type { FastifyLike } from '@privkit/request/fastify';
 * import Fastify from 'fastify';
 * const app: FastifyLike = Fastify();
 * ```
 */
export interface FastifyLike {
  /**
   * Declares a request field.
   * @param name - `privacy`.
   * @param value - its initial value, `null`.
   */
  decorateRequest(name: string, value: null): unknown;
  /**
   * Adds a hook.
   * @param name - `onRequest`.
   * @param hook - the hook.
   */
  addHook(
    name: 'onRequest',
    hook: (request: { raw: NodeRequestLike }, reply: unknown, done: (error?: Error) => void) => void,
  ): unknown;
}

/**
 * The plugin {@link fastifyPrivacy} returns: register it with `app.register`.
 *
 * @example
 * ```ts
 * import { createRequestPrivacy } from '@privkit/request';
 * import { fastifyPrivacy, type FastifyPrivacyPlugin } from '@privkit/request/fastify';
 * const plugin: FastifyPrivacyPlugin = fastifyPrivacy(createRequestPrivacy());
 * ```
 */
export type FastifyPrivacyPlugin = (instance: FastifyLike, options: unknown, done: (error?: Error) => void) => void;

/**
 * A Fastify plugin that sets `request.privacy` (a {@link PrivacyContext}) before any route runs.
 * Type the field once with `declare module 'fastify' { interface FastifyRequest { privacy:
 * PrivacyContext } }`.
 *
 * @param privacy - the reader, from `createRequestPrivacy`.
 * @returns the plugin.
 * @throws `RequestError` (from `@privkit/request`) `INVALID_ARGUMENT` when `privacy` is not a reader.
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { createRequestPrivacy, type PrivacyContext } from '@privkit/request';
 * import { fastifyPrivacy } from '@privkit/request/fastify';
 *
 * const app = Fastify();
 * await app.register(fastifyPrivacy(createRequestPrivacy({ trustProxy: ['loopback'] })));
 * app.get('/', async (request) => {
 *   const context = (request as unknown as { privacy: PrivacyContext }).privacy;
 *   return { prefix: context.ipPrefix };
 * });
 * ```
 */
export function fastifyPrivacy<Location>(privacy: RequestPrivacy<Location>): FastifyPrivacyPlugin {
  checkReader(privacy);
  const plugin: FastifyPrivacyPlugin = (instance, _options, done) => {
    instance.decorateRequest('privacy', null);
    instance.addHook('onRequest', (request, _reply, next) => {
      readNodeRequest(privacy, request.raw).then(
        (context: PrivacyContext<Location>) => {
          (request as { privacy?: PrivacyContext<Location> }).privacy = context;
          next();
        },
        (error: Error) => next(error),
      );
    });
    done();
  };
  // What `fastify-plugin` sets: the hook applies outside the plugin's own context too.
  Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@privkit/request',
  });
  return plugin;
}
