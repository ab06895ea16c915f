/**
 * @module
 * `@privkit/retention`: retention policies per data category, due dates through the Temporal
 * API, legal holds, crash-safe deletion sweeps in bounded batches, and a hash-chained deletion
 * log with offline-verifiable proof bundles. The PostgreSQL store is in `./postgres`, cron
 * scheduling in `./schedule`.
 */

export type { InstantInput } from '@privkit/internal/instant';
export { RetentionError, type RetentionErrorCode } from './errors.js';
export {
  type HoldActivityOptions,
  isHoldActive,
  type LegalHold,
  type OccurredEvents,
  parseLegalHold,
} from './holds.js';
export {
  type ChainedEntries,
  chainEntries,
  createIdentifierHasher,
  type DeletionDraft,
  type DeletionLogEntry,
  findErasures,
  GENESIS_HASH,
  type IdentifierHasher,
  type LogHead,
  type LogProblem,
  type LogVerification,
  type VerifyLogOptions,
  verifyLog,
} from './log.js';
export {
  dueAt,
  explain,
  type LiftedHold,
  liftHold,
  type PlannedRecord,
  type PlanOptions,
  plan,
  type RetentionExplanation,
  type RetentionPlan,
  type RetentionRecord,
  type RetentionSchedule,
  scheduleRecord,
} from './planner.js';
export {
  definePolicy,
  type RetentionAnchor,
  RetentionPolicy,
  type RetentionPolicyInput,
  type RetentionRange,
  type RetentionRule,
  type RetentionTrigger,
} from './policy.js';
export {
  type ExportProofOptions,
  exportProofBundle,
  PROOF_FORMAT,
  type ProofBundle,
  type ProofManifest,
  type ProofVerification,
  verifyProofBundle,
} from './proof.js';
export {
  type BatchResult,
  createMemoryStore,
  type DeletedGroup,
  type DeletedRow,
  type DueCounts,
  type EntryBuilder,
  type HoldFilter,
  type MemoryStore,
  type MemoryStoreOptions,
  type RetentionStore,
  type ScannedRow,
  type SweepBatchRequest,
} from './store.js';
export {
  createSweeper,
  type ReplayReport,
  type Sweeper,
  type SweeperOptions,
  type SweepOptions,
  type SweepReport,
} from './sweeper.js';
