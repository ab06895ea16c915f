/**
 * @module
 * `@privkit/dsar`: data-subject request workflows. A declarative transition table interpreted by
 * a pure `transition`, a hash-chained audit log whose fold is the request's state, legal holds
 * for open requests, and a service over a store (in memory here; PostgreSQL and PGlite in
 * `@privkit/dsar/postgres`). Deadlines are in `@privkit/dsar/deadlines`, the regimes and
 * holiday calendars in `@privkit/dsar/regimes`, fulfilment in `@privkit/dsar/fulfilment`, and
 * log and bundle verification in `@privkit/dsar/verify`.
 */

export type { AuditEntry } from './audit.js';
export { DsarError, type DsarErrorCode, type DsarErrorOptions, DsarTransitionError } from './errors.js';
export { holdsFor, type LegalHold } from './holds.js';
export { isOpen, openRequest, TRANSITIONS, toMermaid, transition } from './machine.js';
export {
  type ClockPause,
  type DsarEvent,
  type DsarEventType,
  type DsarState,
  EVENT_TYPES,
  type EventBase,
  type IdentifierDigest,
  type ReceiveEvent,
  type RefusalCode,
  type SourceOutcome,
  STATUSES,
  type Status,
} from './model.js';
export { createDsarService, type DsarService, type DsarServiceOptions } from './service.js';
export { createMemoryDsarStore, type DsarStore, type StoredRequest } from './store.js';
