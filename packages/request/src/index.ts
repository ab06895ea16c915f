/**
 * @module
 * `@privkit/request`: one request in, what an app may keep out: the truncated client address,
 * its class, the daily visitor id and the coarse location, while the raw address and user agent
 * never leave it. Composes `@privkit/ip` (the client address behind trusted proxies), a
 * `@privkit/visitor-hash` hasher and a `@privkit/geo` locator. Framework adapters live in
 * `./node`, `./fetch`, `./express`, `./fastify` and `./hono`; telemetry in `./otel` (OpenTelemetry
 * span and log record processors) and `./pino` (a `req` serializer).
 */

export { RequestError, type RequestErrorCode } from './errors.js';
export {
  createRequestPrivacy,
  type LocationSource,
  type PrivacyContext,
  type RequestFacts,
  type RequestPrivacy,
  type RequestPrivacyOptions,
  type VisitorIdSource,
} from './privacy.js';
