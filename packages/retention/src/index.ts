/**
 * @module
 * `@privkit/retention`: retention policies per data category, due dates through the Temporal
 * API, legal holds, and crash-safe deletion sweeps in bounded batches that log every deletion in
 * a hash-chained log. For the people who write the policy and run the sweeps. The stores are in
 * `./memory` and `./postgres`, cron scheduling in `./schedule`, legal-hold helpers in `./holds`,
 * the deletion log and proof bundles in `./log`, what an auditor needs in `./verify`, and the
 * store contract in `./store`.
 */

export type { InstantInput } from '@privkit/internal/instant';
export { RetentionError, type RetentionErrorCode } from './errors.js';
export type { LegalHold, OccurredEvents } from './legal-holds.js';
export {
  explain,
  type PlannedRecord,
  type PlanOptions,
  plan,
  type RetentionExplanation,
  type RetentionPlan,
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
export { dueAt, type RetentionRecord, type RetentionSchedule, scheduleRecord } from './records.js';
export {
  createSweeper,
  type ReplayReport,
  type Sweeper,
  type SweeperOptions,
  type SweepOptions,
  type SweepReport,
} from './sweeper.js';
