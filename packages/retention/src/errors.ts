/**
 * @module
 * The typed errors of `@privkit/retention`. A {@link RetentionPolicyError} is raised when a
 * policy is built, so a conflicting or impossible rule never reaches a sweep; a
 * {@link RetentionError} is raised at run time (a malformed record or hold, a store failure, a
 * broken log). Messages name the argument and what is wrong, never a record id, a subject or a
 * key: those are personal data or secrets, and error messages end up in logs.
 */

/**
 * Stable reasons for a {@link RetentionPolicyError}.
 *
 * - `INVALID_POLICY`: the policy is not an object with a `rules` array.
 * - `INVALID_RULE`: a rule field is missing or has the wrong type (`id`, `category`, `purpose`…).
 * - `DUPLICATE_RULE_ID`: two rules share an `id`.
 * - `INVALID_PERIOD`: a period is not an ISO 8601 duration of whole calendar or clock units
 *   (negative, fractional or sub-second durations are rejected).
 * - `RANGE_INVERTED`: a `{ min, max }` range whose minimum can exceed its maximum (checked
 *   against month ends and leap days, so `P30D` to `P1M` is rejected: February).
 * - `INVALID_TRIGGER`: an unknown trigger type, or an event trigger without an event name.
 * - `INVALID_ANCHOR`: an anchor other than `none`, `nextDay`, `endOfMonth`, `endOfYear`.
 * - `UNKNOWN_EXCEPTION`: `exceptionTo` names no rule of the policy.
 * - `INVALID_EXCEPTION`: an exception to itself, to a rule of another category, or to another
 *   exception. (One for the same purpose as its rule is a `CONFLICTING_RULES`.)
 * - `CONFLICTING_RULES`: two rules for the same category and purpose: the data cannot be kept
 *   for two periods at once.
 * - `INVALID_TIME_ZONE`: `timeZone` is not an IANA time zone the runtime knows.
 */
export type RetentionPolicyErrorCode =
  | 'INVALID_POLICY'
  | 'INVALID_RULE'
  | 'DUPLICATE_RULE_ID'
  | 'INVALID_PERIOD'
  | 'RANGE_INVERTED'
  | 'INVALID_TRIGGER'
  | 'INVALID_ANCHOR'
  | 'UNKNOWN_EXCEPTION'
  | 'INVALID_EXCEPTION'
  | 'CONFLICTING_RULES'
  | 'INVALID_TIME_ZONE';

/**
 * Raised by {@link definePolicy} for a policy that cannot be applied. Check `code` and `path`.
 *
 * @example
 * ```ts
 * import { definePolicy, RetentionPolicyError } from '@privkit/retention';
 *
 * try {
 *   definePolicy({ rules: [{ id: 'grace', category: 'account', purpose: 'reactivation', period: { min: 'P6M', max: 'P30D' } }] });
 * } catch (error) {
 *   if (error instanceof RetentionPolicyError) error.code; // "RANGE_INVERTED"
 * }
 * ```
 */
export class RetentionPolicyError extends Error {
  /** The stable reason; see {@link RetentionPolicyErrorCode}. */
  readonly code: RetentionPolicyErrorCode;
  /** Where in the policy, as `rules[2].period.max`. */
  readonly path: string;

  /**
   * @param code - the stable reason.
   * @param path - where in the policy.
   * @param message - what is wrong.
   */
  constructor(code: RetentionPolicyErrorCode, path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'RetentionPolicyError';
    this.code = code;
    this.path = path;
  }
}

/**
 * Stable reasons for a {@link RetentionError}.
 *
 * - `INVALID_RECORD`: a record without an `id` or `category`, or with a timestamp that is not
 *   an instant.
 * - `INVALID_HOLD`: a legal hold that does not have the {@link LegalHold} shape.
 * - `INVALID_TIME`: `now` or a `since` is not a valid instant.
 * - `INVALID_KEY`: the per-tenant identifier key is shorter than 32 bytes.
 * - `INVALID_OPTIONS`: a sweeper or store option out of range.
 * - `STORE_FAILURE`: the store failed (the SQLSTATE is kept, the parameters are not).
 * - `LOG_BROKEN`: the deletion log does not verify, so nothing is appended to it.
 */
export type RetentionErrorCode =
  | 'INVALID_RECORD'
  | 'INVALID_HOLD'
  | 'INVALID_TIME'
  | 'INVALID_KEY'
  | 'INVALID_OPTIONS'
  | 'STORE_FAILURE'
  | 'LOG_BROKEN';

/**
 * Raised at run time by the planner, the sweeper, the log and the stores. Check `code`.
 *
 * @example
 * ```ts
 * import { definePolicy, dueAt, RetentionError } from '@privkit/retention';
 *
 * const policy = definePolicy({ rules: [{ id: 'logs', category: 'log', purpose: 'operations', period: 'P7D' }] });
 * try {
 *   dueAt(policy, { id: 'r1', category: 'log', collectedAt: 'yesterday' });
 * } catch (error) {
 *   if (error instanceof RetentionError) error.code; // "INVALID_RECORD"
 * }
 * ```
 */
export class RetentionError extends Error {
  /** The stable reason; see {@link RetentionErrorCode}. */
  readonly code: RetentionErrorCode;

  /**
   * @param code - the stable reason.
   * @param message - what is wrong, naming the argument, never its value.
   */
  constructor(code: RetentionErrorCode, message: string) {
    super(message);
    this.name = 'RetentionError';
    this.code = code;
  }
}
