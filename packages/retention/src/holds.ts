/**
 * @module
 * `@privkit/retention/holds`: for whoever manages legal holds (a litigation hold, an open tax
 * assessment, an open data-subject request from `@privkit/dsar`): check a hold's shape, ask
 * whether it is active, and see what lifting it makes due.
 */

export { RetentionError } from './errors.js';
export {
  type HoldActivityOptions,
  isHoldActive,
  type LegalHold,
  type OccurredEvents,
  parseLegalHold,
} from './legal-holds.js';
export { type LiftedHold, liftHold } from './planner.js';
