/**
 * @module
 * The typed errors of `@privkit/dsar`. Messages name the argument or the rule that failed, never
 * a data subject's identifiers or the content of a request: error messages end up in logs and
 * error trackers, and a DSAR log is itself personal data.
 */

/**
 * Stable machine-readable reasons for a {@link DsarError}.
 *
 * - `INVALID_ARGUMENT`: an argument is missing or malformed (the message names it).
 * - `UNKNOWN_REGIME`: no regime with that id is registered.
 * - `NO_RULE_IN_FORCE`: the regime has no rule in force on the receipt date.
 * - `UNKNOWN_CALENDAR`: a holiday calendar id is not registered.
 * - `INVALID_TRANSITION`: the event is not defined for the request's current status.
 * - `OUT_OF_ORDER`: the event is dated before the previous event of the request.
 * - `EXTENSION_NOT_AVAILABLE`: the regime has no extension for this request.
 * - `EXTENSION_EXHAUSTED`: the request was already extended as often as the regime allows.
 * - `EXTENSION_TOO_LATE`: the subject was told of the extension after the first period ended.
 * - `ROLE_MISMATCH`: the event needs the other role (only a processor forwards; only a controller
 *   fulfils or refuses).
 * - `MISSING_CITATION`: a refusal or a retention outcome without the rule it relies on.
 * - `CONFLICT`: another writer appended to the request first (optimistic concurrency); reload and
 *   retry.
 * - `NOT_FOUND`: no request with that id.
 * - `TAMPERED`: the audit log's hash chain does not verify.
 * - `STORE_FAILURE`: the storage backend failed.
 */
export type DsarErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_REGIME'
  | 'NO_RULE_IN_FORCE'
  | 'UNKNOWN_CALENDAR'
  | 'INVALID_TRANSITION'
  | 'OUT_OF_ORDER'
  | 'EXTENSION_NOT_AVAILABLE'
  | 'EXTENSION_EXHAUSTED'
  | 'EXTENSION_TOO_LATE'
  | 'ROLE_MISMATCH'
  | 'MISSING_CITATION'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'TAMPERED'
  | 'STORE_FAILURE';

/**
 * Raised by every function of `@privkit/dsar`. Check `code`, not the message.
 *
 * @example
 * ```ts
 * import { DsarError, getRegime } from '@privkit/dsar';
 *
 * try {
 *   getRegime('atlantis');
 * } catch (error) {
 *   if (error instanceof DsarError) error.code; // "UNKNOWN_REGIME"
 * }
 * ```
 */
export class DsarError extends Error {
  /** The stable reason; see {@link DsarErrorCode}. */
  readonly code: DsarErrorCode;

  /**
   * @param code - the stable reason.
   * @param message - a description naming the argument or rule, never personal data.
   */
  constructor(code: DsarErrorCode, message: string) {
    super(message);
    this.name = 'DsarError';
    this.code = code;
  }
}

/**
 * Raised by `transition` when an event is not allowed: the request is left exactly as it was.
 * Carries the status and event type (never the event's content).
 *
 * @example
 * ```ts
 * import { DsarTransitionError, transition } from '@privkit/dsar';
 *
 * declare const fulfilled: Parameters<typeof transition>[0];
 * try {
 *   transition(fulfilled, { type: 'withdraw', at: '2025-02-01T10:00:00Z' });
 * } catch (error) {
 *   if (error instanceof DsarTransitionError) [error.code, error.status, error.event];
 *   // ["INVALID_TRANSITION", "fulfilled", "withdraw"]
 * }
 * ```
 */
export class DsarTransitionError extends DsarError {
  /** The status the request was in (and still is). */
  readonly status: string;
  /** The type of the rejected event. */
  readonly event: string;

  /**
   * @param code - the stable reason.
   * @param status - the current status.
   * @param event - the rejected event's type.
   * @param message - what is wrong, never personal data.
   */
  constructor(code: DsarErrorCode, status: string, event: string, message: string) {
    super(code, message);
    this.name = 'DsarTransitionError';
    this.status = status;
    this.event = event;
  }
}
