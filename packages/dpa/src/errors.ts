/**
 * @module
 * The typed error of `@privkit/dpa`. Messages name the path in the model and what is wrong,
 * never the value found there: a model can hold names, addresses and e-mail addresses of
 * contacts, and error messages end up in logs.
 */

/**
 * Stable machine-readable reasons for a {@link DpaError}.
 *
 * - `INVALID_MODEL`: the input is not a draft model (wrong types, unknown keys, malformed ids,
 *   durations or dates). `issues` lists each problem's path.
 * - `INVALID_RETENTION_RULE`: a retention rule is not the shape `@privkit/retention` accepts.
 * - `INVALID_DURATION`: a string is not an ISO 8601 duration in calendar units (`P7D`, `PT24H`).
 * - `UNKNOWN_DOCUMENT`: the model has no view of the document asked for (no `documents.dpa`, …).
 * - `INVALID_ARGUMENT`: an option is out of range (an unparseable date, …).
 */
export type DpaErrorCode =
  | 'INVALID_MODEL'
  | 'INVALID_RETENTION_RULE'
  | 'INVALID_DURATION'
  | 'UNKNOWN_DOCUMENT'
  | 'INVALID_ARGUMENT';

/** One problem found while parsing: where, and what is wrong (never the value). */
export interface DpaIssue {
  /** JSON path to the offending value, e.g. `subProcessors[3].country`. */
  readonly path: string;
  /** What is wrong there. */
  readonly message: string;
}

/**
 * Raised for input that is not a model, a retention rule or a duration. Check `code`, not the
 * message; `issues` holds every problem with its path.
 *
 * @example
 * ```ts
 * import { parseModel, DpaError } from '@privkit/dpa';
 *
 * try {
 *   parseModel({ id: 'acme', parties: 'nobody' });
 * } catch (error) {
 *   if (error instanceof DpaError) error.issues[0]?.path; // "parties"
 * }
 * ```
 */
export class DpaError extends Error {
  /** The stable reason; see {@link DpaErrorCode}. */
  readonly code: DpaErrorCode;
  /** Each problem with its path (empty when the error is about an argument, not a model). */
  readonly issues: readonly DpaIssue[];

  /**
   * @param code - the stable reason.
   * @param message - a description naming the path, never the value.
   * @param issues - the individual problems.
   */
  constructor(code: DpaErrorCode, message: string, issues: readonly DpaIssue[] = []) {
    super(message);
    this.name = 'DpaError';
    this.code = code;
    this.issues = issues;
  }
}
