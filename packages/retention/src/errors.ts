/**
 * @module
 * The one error class of `@privkit/retention`. A policy that cannot be applied is refused when it
 * is built, so a conflicting or impossible rule never reaches a sweep; a bad record, hold or
 * option is refused before anything is deleted; a store failure or a broken log stops the sweep.
 * Messages name the argument or path and what is wrong, never a record id, a subject or a key:
 * those are personal data or secrets, and error messages end up in logs.
 */

import {
  errorOptions,
  type PrivkitErrorOptions,
  type RaiseError,
  type SharedErrorCode,
} from '@privkit/internal/errors';

/**
 * Stable reasons for a {@link RetentionError}. The codes every privkit package shares:
 *
 * - `UNKNOWN_KEY`: an object has a key the API does not know (a misspelt `triger`, `timezone`).
 * - `INVALID_ARGUMENT`: a field or argument is missing or has the wrong type or value (a rule's
 *   `id`, a record's `category`, a hold's `scope`, an anchor that is not one of the anchors).
 * - `INVALID_OPTIONS`: an option is missing, has the wrong type, or is out of range (including a
 *   key shorter than 32 bytes).
 * - `INVALID_INSTANT`: not an instant, or an impossible one (`2025-02-30T10:00:00Z`).
 * - `INVALID_DATE`: not a calendar date `YYYY-MM-DD` that exists (a hold's `until.date`).
 * - `INVALID_DURATION`: a period that is not an ISO 8601 duration of whole units, or longer than
 *   10,000 years.
 *
 * And those of this package:
 *
 * - `RANGE_INVERTED`: a `{ min, max }` period whose minimum can exceed its maximum (checked from
 *   month ends and leap days, so `P30D` to `P1M` is refused: February).
 * - `DUPLICATE_RULE_ID`: two rules share an `id`.
 * - `CONFLICTING_RULES`: two rules for one category and purpose.
 * - `UNKNOWN_EXCEPTION`: `exceptionTo` names no rule of the policy.
 * - `INVALID_EXCEPTION`: an exception to itself, to a rule of another category, or to another
 *   exception.
 * - `INVALID_TIME_ZONE`: not an IANA time zone the runtime knows.
 * - `STORE_FAILURE`: the store failed (the SQLSTATE is kept, the statement's parameters are not).
 * - `LOG_BROKEN`: a deletion log, intent or checkpoint does not verify, so nothing is appended.
 * - `UNKNOWN_RULE`: a tenant's override or a bound names no rule of the global policy.
 * - `OUT_OF_BOUNDS`: a tenant's period (or the global one) crosses a bound a law or contract fixes.
 * - `NOT_COMPILABLE`: a rule cannot be compiled into SQL that gives exactly the planner's due
 *   instants (`compileDueAtSql` in `@privkit/retention/postgres`); the message names the rule.
 */
export type RetentionErrorCode =
  | SharedErrorCode
  | 'RANGE_INVERTED'
  | 'DUPLICATE_RULE_ID'
  | 'CONFLICTING_RULES'
  | 'UNKNOWN_EXCEPTION'
  | 'INVALID_EXCEPTION'
  | 'INVALID_TIME_ZONE'
  | 'STORE_FAILURE'
  | 'LOG_BROKEN'
  | 'UNKNOWN_RULE'
  | 'OUT_OF_BOUNDS'
  | 'NOT_COMPILABLE';

/**
 * Everything `@privkit/retention` rejects or fails with. Check `code` (see
 * {@link RetentionErrorCode}) and `path` (where in the input, as `rules[0].period`).
 *
 * @example
 * ```ts
 * import { definePolicy, RetentionError } from '@privkit/retention';
 *
 * try {
 *   const rule = { id: 'crm', category: 'customer', purpose: 'contract', period: 'P10Y' };
 *   definePolicy({ rules: [{ ...rule, triger: { type: 'event', event: 'contract-ended' } } as never] });
 * } catch (error) {
 *   if (error instanceof RetentionError) {
 *     error.code; // "UNKNOWN_KEY"
 *     error.path; // "rules[0].triger"
 *   }
 * }
 * ```
 */
export class RetentionError extends Error {
  /** The stable reason; see {@link RetentionErrorCode}. */
  readonly code: RetentionErrorCode;
  /** Where in the input, as `rules[2].period.max` or `options.batchSize`, when there is a place. */
  readonly path: string | undefined;

  /**
   * @param code - the stable reason.
   * @param message - what is wrong, naming the argument or path, never its value.
   * @param options - `path`: where in the input; `cause`: the underlying error.
   */
  constructor(code: RetentionErrorCode, message: string, options?: PrivkitErrorOptions) {
    super(message, errorOptions(options));
    this.name = 'RetentionError';
    this.code = code;
    this.path = options?.path;
  }
}

/** @internal How the shared checks raise a {@link RetentionError}. */
export const raise = (code: RetentionErrorCode, path: string, message: string): RetentionError =>
  new RetentionError(code, message, { path });

/** @internal {@link raise}, typed for the checks that raise shared codes only. */
export const raiseShared: RaiseError = raise;
