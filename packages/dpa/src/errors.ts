/**
 * @module
 * The typed error of `@privkit/dpa`, in the shape every privkit package shares: a stable `code`,
 * the `path` of the problem in the input, and `cause`. Messages name the path and what is wrong,
 * never the value found there: a model holds names, addresses and e-mail addresses of contacts,
 * and error messages end up in logs.
 */

import type { RaiseError, SharedErrorCode } from '@privkit/internal/errors';

/**
 * Stable machine-readable reasons for a {@link DpaError}.
 *
 * - `UNKNOWN_KEY`: an object (a model, a rule, options) has a key the API does not know; the
 *   message names the path, the likely intended key and the allowed keys.
 * - `INVALID_ARGUMENT`: an argument is missing or has the wrong type or value (a document kind, a
 *   retention rule's field: the codes of `@privkit/retention` for the same rule).
 * - `INVALID_OPTIONS`: an option is missing, has the wrong type, or is out of range.
 * - `INVALID_DATE`: a date is not `YYYY-MM-DD` text that exists in the calendar (`2025-02-30`).
 * - `INVALID_DURATION`: a duration is not ISO 8601 text of whole units (`P30D`, `PT72H`).
 * - `INVALID_MODEL`: any other problem with a model's shape (a wrong type, a missing field, a
 *   malformed id, an unknown enum value).
 * - `RANGE_INVERTED`: a retention rule's range can end before it starts (`P30D` to `P1M`, from
 *   February).
 * - `UNKNOWN_DOCUMENT`: the model has no view of the document asked for (no `documents.dpa`, …).
 *
 * `INVALID_INSTANT` is shared by every package but never raised here: dpa reads calendar dates.
 */
export type DpaErrorCode = SharedErrorCode | 'INVALID_MODEL' | 'RANGE_INVERTED' | 'UNKNOWN_DOCUMENT';

/** One problem found while reading an input: its reason, where, and what is wrong (never the value). */
export interface DpaIssue {
  /** The reason, as {@link DpaError.code}. */
  readonly code: DpaErrorCode;
  /** Path to the offending value, as `subProcessors[3].country`. */
  readonly path: string;
  /** What is wrong there. */
  readonly message: string;
}

/** The options of the {@link DpaError} constructor. */
export interface DpaErrorOptions {
  /** Where in the input the problem is, as `retention[0].period` or `options.date`. */
  readonly path?: string | undefined;
  /** The underlying error. */
  readonly cause?: unknown;
  /** Every problem found, when there is more than one (the first is the error's own). */
  readonly issues?: readonly DpaIssue[];
}

/**
 * Raised for input dpa refuses: a model, a retention rule, options or arguments. Check `code`,
 * not the message; `path` says where the (first) problem is and `issues` lists every problem of
 * a model or rule with its path.
 *
 * @example
 * ```ts
 * import { DpaError, parseModel } from '@privkit/dpa';
 *
 * try {
 *   parseModel({ id: 'acme', parties: [], activities: [], retention: [{ id: 'r', triger: 'x' }] });
 * } catch (error) {
 *   if (error instanceof DpaError) console.log(error.code, error.path); // UNKNOWN_KEY retention[0].triger
 * }
 * ```
 */
export class DpaError extends Error {
  /** The stable reason; see {@link DpaErrorCode}. */
  readonly code: DpaErrorCode;
  /** Where in the input the (first) problem is, when the error is about one place. */
  readonly path: string | undefined;
  /** Every problem found in a model or a rule, each with its path; empty for an argument or option. */
  readonly issues: readonly DpaIssue[];

  /**
   * @param code - the stable reason.
   * @param message - a sentence naming the path, never the value.
   * @param options - the path, the cause, and every problem found.
   */
  constructor(code: DpaErrorCode, message: string, options?: DpaErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DpaError';
    this.code = code;
    this.path = options?.path;
    this.issues = options?.issues ?? [];
  }
}

/** @internal The shared checks' way of raising a {@link DpaError}. */
export const raise: RaiseError = (code, path, message) => new DpaError(code, message, { path });
