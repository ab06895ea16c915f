/**
 * @module
 * `@privkit/visitor-hash`: cookieless daily visitor identifiers that really forget.
 * HMAC-SHA-256 over a length-prefixed, versioned tuple (tenant, day, IP /64, user agent), keyed
 * per tenant with HKDF from a random daily salt that the store deletes at day end plus a grace
 * window. Redis and PostgreSQL stores live in the `./redis` and `./postgres` subpaths.
 */

export { type DayBoundary, type DayWindow, utcDays, type ZonedDaysOptions, zonedDays } from './days.js';
export { VisitorHashError, type VisitorHashErrorCode } from './errors.js';
export {
  createVisitorHasher,
  describeVisitorHash,
  type IpPrefixLengths,
  MAX_EXTRA_BYTES,
  MAX_USER_AGENT_BYTES,
  VISITOR_HASH_VERSION,
  type VisitorHashDescription,
  type VisitorHasher,
  type VisitorHasherOptions,
  type VisitorInput,
} from './hasher.js';
export { type LegacySha256Input, unsafeUnkeyedSha256 } from './legacy.js';
export { Secret } from './secret.js';
export { createStatelessSaltSource, type StatelessSaltSourceOptions } from './stateless.js';
export { createMemorySaltStore, type SaltRequest, type SaltStore } from './store.js';
