/**
 * @module
 * `@privkit/visitor-hash`: cookieless daily visitor identifiers that really forget.
 * HMAC-SHA-256 over a length-prefixed, versioned tuple (tenant, day, IP /64, user agent), keyed
 * per tenant with HKDF from a random daily salt that the store deletes at day end plus a grace
 * window, by the store's own clock. Redis and PostgreSQL stores live in the `./redis` and
 * `./postgres` subpaths.
 */

export { MAX_EXTRA_BYTES, MAX_USER_AGENT_BYTES, VISITOR_HASH_VERSION } from './construction.js';
export { type DayBoundary, type DayWindow, utcDays, type ZonedDaysOptions, zonedDays } from './days.js';
export { describeVisitorHash, type IpPrefixLengths, type VisitorHashDescription } from './describe.js';
export { VisitorHashError, type VisitorHashErrorCode } from './errors.js';
export { createVisitorHasher, type VisitorHasher } from './hasher.js';
export type { VisitorInput } from './input.js';
export { type LegacySha256Input, unsafeUnkeyedSha256 } from './legacy.js';
export type { VisitorHasherOptions } from './options.js';
export { Secret } from './secret.js';
export { createStatelessSaltSource, type StatelessSaltSourceOptions } from './stateless.js';
export {
  createMemorySaltStore,
  type LiveSalt,
  type SaltAnswer,
  type SaltRequest,
  type SaltStore,
} from './store.js';
