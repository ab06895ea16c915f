/**
 * @module
 * Retention rules: exactly the plain shape `@privkit/retention` accepts, so the rule written in
 * a DPA, a privacy notice or a record of processing is the object the deletion job runs. The two
 * packages share the shape, not code; {@link checkRetentionAgainst} compares the rules a model
 * states with the rules a running policy enforces.
 */

/** How a due date is rounded: not at all, to the next day, or to the end of the month or year. */
export type RetentionAnchor = 'none' | 'next-day' | 'end-of-month' | 'end-of-year';

/** When a retention period starts. */
export type RetentionTrigger =
  | {
      /** From when the data was collected. */
      readonly type: 'collected';
    }
  | {
      /** From a named event (`contract-ended`, `account-closed`, …). */
      readonly type: 'event';
      /** The event's name, as the retention engine records it. */
      readonly event: string;
    }
  | {
      /** From the data subject's last activity. */
      readonly type: 'last-activity';
    };

/**
 * A retention rule: how long data of one category kept for one purpose lives. `period` is an ISO
 * 8601 duration in calendar units, or a range (`{ min: 'P30D', max: 'P6M' }`, "30 days to 6
 * months") when the law or the policy allows a window.
 */
export interface RetentionRule {
  /** Stable id, unique in the model. */
  readonly id: string;
  /** The data category the rule applies to (a category id of the model). */
  readonly category: string;
  /** Why the data is kept this long. */
  readonly purpose: string;
  /** The legal basis, e.g. `"Art. 6(1)(f) GDPR"` or `"§ 147 AO"`. */
  readonly legalBasis?: string;
  /** A citation for the period (a statute, a guideline). */
  readonly citation?: string;
  /** The period, or a range of periods. */
  readonly period:
    | string
    | {
        /** The shortest period. */
        readonly min: string;
        /** The longest period. */
        readonly max: string;
      };
  /** When the period starts; from collection when absent. */
  readonly trigger?: RetentionTrigger;
  /** Rounding of the due date: none, to the next day, or to the end of the month or year. */
  readonly anchor?: RetentionAnchor;
  /** The id of the rule this one is an exception to (kept longer or shorter for a reason). */
  readonly exceptionTo?: string;
}
