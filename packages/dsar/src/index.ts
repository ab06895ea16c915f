/**
 * @module
 * `@privkit/dsar`: data-subject request workflows. A declarative transition table interpreted by
 * a pure `transition`, deadlines per legal regime (GDPR, UK GDPR, CCPA/CPRA, LGPD, PIPEDA, Quebec
 * Law 25, Swiss revFADP, Virginia, Colorado, Connecticut, Texas) with their citations, a
 * hash-chained audit log whose fold is the request's state, legal holds for open requests,
 * fulfilment hooks and export bundles. PostgreSQL persistence is in `@privkit/dsar/postgres`.
 */

export { type AuditEntry, appendEntry, GENESIS_HASH, replayLog, type VerifyResult, verifyLog } from './audit.js';
export {
  CALENDARS,
  ENGLAND_AND_WALES,
  extendCalendar,
  type HolidayCalendar,
  isWorkingDay,
  US_FEDERAL,
  WEEKENDS,
} from './calendar.js';
export {
  type AlertableRequest,
  type DeadlineAlert,
  type DeadlineExplanation,
  type DeadlineFacts,
  type DeadlineOptions,
  type DeadlineStep,
  type Due,
  type DueDates,
  deadlinesFor,
  dueDates,
  dueWithin,
  explainDeadline,
  overdue,
  type ReceiptInput,
} from './deadlines.js';
export { DsarError, type DsarErrorCode, DsarTransitionError } from './errors.js';
export {
  type BundleFile,
  type BundleFileDigest,
  type BundleManifest,
  type BundleSource,
  buildExportBundle,
  type DataSource,
  digestIdentifier,
  type ErasureResult,
  type ExportBundle,
  eraseSubject,
  findSubject,
  isSuppressed,
  normaliseIdentifier,
  rectifySubject,
  type SubjectRef,
  type SuppressionRecord,
  suppressionRecord,
  toCsv,
} from './fulfilment.js';
export { isOpen, openRequest, TRANSITIONS, toMermaid, transition } from './machine.js';
export {
  CLOSED_STATUSES,
  type ClockPause,
  type DsarEvent,
  type DsarEventType,
  type DsarState,
  EVENT_TYPES,
  type EventBase,
  type Extension,
  type Forwarding,
  type IdentifierDigest,
  type ReceiveEvent,
  type Refusal,
  type RefusalCode,
  type SourceOutcome,
  STATUSES,
  type Status,
} from './model.js';
export {
  defineRegime,
  getRegime,
  type PauseEffect,
  type PauseRule,
  type Period,
  type PeriodRule,
  REGIME_IDS,
  type Regime,
  type RegimeRule,
  ruleInForce,
  type StartAnchor,
} from './regimes.js';
export {
  createDsarService,
  createMemoryDsarStore,
  type DsarClosed,
  type DsarService,
  type DsarServiceOptions,
  type DsarStore,
  type FulfilOptions,
  type FulfilResult,
  holdsFor,
  type LegalHold,
  nextDue,
  type StoredRequest,
} from './store.js';
