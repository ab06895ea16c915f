/**
 * @module
 * The typed errors of `@privkit/dsar`. Messages name the argument or the rule that failed, never
 * a data subject's identifiers or the content of a request: error messages end up in logs and
 * error trackers, and a DSAR log is itself personal data.
 */

import { errorOptions, type SharedErrorCode } from '@privkit/internal/errors';

/**
 * Stable machine-readable reasons for a {@link index!DsarError}.
 *
 * - `UNKNOWN_KEY`: an object has a key the API does not know (the path and the allowed keys are
 *   in the message).
 * - `INVALID_ARGUMENT`: an argument or field is missing or malformed (the path names it).
 * - `INVALID_OPTIONS`: an option is missing, has the wrong type, or is out of range.
 * - `INVALID_INSTANT`: not an instant, or an impossible one (`2025-02-30T10:00:00Z`).
 * - `INVALID_DATE`: not a calendar date `YYYY-MM-DD`, or an impossible one.
 * - `INVALID_DURATION`: not an ISO 8601 duration the field allows.
 * - `UNKNOWN_REGIME`: no regime with that id is in the registry.
 * - `REGIME_EXISTS`: a registry already holds a regime with that id (regimes are never replaced).
 * - `NO_RULE_IN_FORCE`: the regime has no rule in force on the receipt date.
 * - `UNKNOWN_CALENDAR`: a holiday calendar id is not known.
 * - `CALENDAR_REQUIRED`: the regime's holidays depend on where the controller is (a Member State,
 *   a canton, a UK nation): the request must name one of the regime's calendars.
 * - `OUTSIDE_CALENDAR`: a deadline needs a day outside the span the calendar knows the holidays
 *   of; extend the calendar or pass another.
 * - `NO_STATUTORY_PERIOD`: the law sets no fixed period ("without delay", "reasonable period");
 *   give an internal target in `options.targets`.
 * - `INVALID_TRANSITION`: the event is not defined for the request's current status.
 * - `OUT_OF_ORDER`: the event is dated before the previous event of the request.
 * - `EXTENSION_NOT_AVAILABLE`: the regime has no extension for this request.
 * - `EXTENSION_EXHAUSTED`: the request was already extended as often as the regime allows.
 * - `EXTENSION_TOO_LATE`: the subject was told of the extension after the first period ended.
 * - `EXTENSION_TOO_LONG`: the last day named for an extension is later than the law allows.
 * - `ROLE_MISMATCH`: the event needs the other role (only a processor forwards; only a controller
 *   fulfils or refuses).
 * - `MISSING_CITATION`: a refusal or a retention outcome without the rule it relies on.
 * - `CONFLICT`: another writer appended to the request first (optimistic concurrency); reload and
 *   retry.
 * - `NOT_FOUND`: no request with that id.
 * - `TAMPERED`: the audit log's hash chain does not verify.
 * - `STORE_FAILURE`: the storage backend failed (the driver's error is the `cause`).
 */
export type DsarErrorCode =
  | SharedErrorCode
  | 'UNKNOWN_REGIME'
  | 'REGIME_EXISTS'
  | 'NO_RULE_IN_FORCE'
  | 'UNKNOWN_CALENDAR'
  | 'CALENDAR_REQUIRED'
  | 'OUTSIDE_CALENDAR'
  | 'NO_STATUTORY_PERIOD'
  | 'INVALID_TRANSITION'
  | 'OUT_OF_ORDER'
  | 'EXTENSION_NOT_AVAILABLE'
  | 'EXTENSION_EXHAUSTED'
  | 'EXTENSION_TOO_LATE'
  | 'EXTENSION_TOO_LONG'
  | 'ROLE_MISMATCH'
  | 'MISSING_CITATION'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'TAMPERED'
  | 'STORE_FAILURE';

/**
 * What a {@link index!DsarError} is built with after its code and message (the shape every privkit
 * error takes).
 *
 * @example
 * ```ts
 * import { DsarError, type DsarErrorOptions } from '@privkit/dsar';
 *
 * const options: DsarErrorOptions = { path: 'event.at' };
 * new DsarError('INVALID_INSTANT', '"event.at" must be an instant', options).path; // "event.at"
 * ```
 */
export interface DsarErrorOptions {
  /** Where in the input the problem is, as `event.outcomes[0].citation` or `options.store`. */
  readonly path?: string | undefined;
  /** The underlying error (a driver error), when there is one. */
  readonly cause?: unknown;
  /** For a {@link DsarTransitionError}: the request's status when the event was rejected. */
  readonly status?: string | undefined;
  /** For a {@link DsarTransitionError}: the rejected event's type. */
  readonly event?: string | undefined;
}

/**
 * Raised by every function of `@privkit/dsar` for input it refuses or a store that fails. Check
 * `code`, not the message.
 *
 * @example
 * ```ts
 * import { DsarError, openRequest } from '@privkit/dsar';
 *
 * try {
 *   openRequest({
 *     type: 'receive', at: '2025-02-30T10:00:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *     subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 *   });
 * } catch (error) {
 *   if (error instanceof DsarError) [error.code, error.path]; // ["INVALID_INSTANT", "event.at"]
 * }
 * ```
 */
export class DsarError extends Error {
  /** The stable reason; see {@link DsarErrorCode}. */
  readonly code: DsarErrorCode;
  /** Where in the input the problem is, when there is one. */
  readonly path: string | undefined;

  /**
   * @param code - the stable reason.
   * @param message - a sentence naming the argument or rule, never personal data.
   * @param options - the path in the input and the underlying error.
   */
  constructor(code: DsarErrorCode, message: string, options?: DsarErrorOptions) {
    super(message, errorOptions(options));
    this.name = 'DsarError';
    this.code = code;
    this.path = options?.path;
  }
}

/**
 * Raised by `transition` (and the service methods that run it) when an event is refused: the
 * request is left exactly as it was. Carries the status and the event type, never the event's
 * content. Catch it apart from other {@link index!DsarError}s to tell a refused event from a failing
 * store.
 *
 * @example
 * ```ts
 * import { DsarTransitionError, openRequest, transition } from '@privkit/dsar';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * const withdrawn = transition(request, { type: 'withdraw', at: '2025-02-01T10:00:00Z' });
 * try {
 *   transition(withdrawn, { type: 'withdraw', at: '2025-02-02T10:00:00Z' });
 * } catch (error) {
 *   if (error instanceof DsarTransitionError) [error.code, error.status, error.event];
 *   // ["INVALID_TRANSITION", "withdrawn", "withdraw"]
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
   * @param message - what is wrong, never personal data.
   * @param options - the path, the status and the event type.
   */
  constructor(code: DsarErrorCode, message: string, options?: DsarErrorOptions) {
    super(code, message, options);
    this.name = 'DsarTransitionError';
    this.status = options?.status ?? 'unknown';
    this.event = options?.event ?? 'unknown';
  }
}
