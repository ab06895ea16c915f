/**
 * @module
 * What the deadline functions return: a deadline (`Due`, the last local day and the instant it
 * ends), the deadlines of one request (`DueDates`), and the steps of their computation, each with
 * the provision it relies on (`DeadlineStep`, `DeadlineExplanation`). Types only.
 */

/**
 * A deadline: the last local day and the instant it ends.
 *
 * @example
 * ```ts
 * import type { Due } from '@privkit/dsar/deadlines';
 *
 * const due: Due = { date: '2025-02-28', endsAt: '2025-02-28T23:00:00.000Z' };
 * ```
 */
export interface Due {
  /** The last day, `YYYY-MM-DD`, in the controller's time zone. */
  readonly date: string;
  /** The first instant after the deadline, RFC 3339 UTC: overdue from this instant on (local midnight after `date`). */
  readonly endsAt: string;
}

/**
 * The deadlines of one request.
 *
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 * import { dueDates } from '@privkit/dsar/deadlines';
 *
 * const dates = dueDates(openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * }));
 * dates.respondBy.date;          // "2025-02-28"
 * dates.latestExtended?.date;    // "2025-04-30"
 * ```
 */
export interface DueDates {
  /** The regime id. */
  readonly regime: string;
  /** The `effectiveFrom` of the rule applied. */
  readonly ruleEffectiveFrom: string;
  /** What a miss means under the rule. */
  readonly onMiss: 'breach' | 'deemed-refusal';
  /**
   * Where `respondBy` comes from: the law's period (`statute`), or, where the law sets no fixed
   * period, the internal target of `options.targets` (`internal-target`: not a legal deadline).
   */
  readonly basis: 'statute' | 'internal-target';
  /** The receipt date in the controller's zone. */
  readonly receivedOn: string;
  /** The day the period runs from (later than receipt after a clock restart). */
  readonly startsOn: string;
  /** The deadline in force now: extended if the request was extended. */
  readonly respondBy: Due;
  /** The end of the first period: also the last day to tell the subject of an extension. */
  readonly firstPeriodEnds: Due;
  /** When not extended yet: how far an extension could take the deadline (if it has a fixed length). */
  readonly latestExtended?: Due;
  /** The acknowledgement deadline, where the regime sets one. */
  readonly acknowledgeBy?: Due;
  /** For a processor: the DPA's deadline to forward the request to the controller. */
  readonly forwardBy?: Due;
  /** Whether the clock is stopped now (waiting for the subject). */
  readonly paused: boolean;
  /** Days that do not count (clock stops). */
  readonly pausedDays: number;
  /** The holiday calendar used (the places' calendars joined by `|` where the request named none). */
  readonly calendar: string;
  /**
   * `false` when the request named no calendar, the regime's holidays differ by place (GDPR Member
   * States, UK nations, Swiss cantons) and the places give different days: the earliest is shown,
   * which is never late anywhere; name the request's `calendar` for the exact one.
   */
  readonly calendarNamed: boolean;
}

/**
 * One step of {@link explainDeadline}.
 *
 * @example
 * ```ts
 * import type { DeadlineStep } from '@privkit/dsar/deadlines';
 *
 * const step: DeadlineStep = { step: 'received on 2025-01-31 (Europe/Paris)', date: '2025-01-31' };
 * ```
 */
export interface DeadlineStep {
  /** What was done, in words. */
  readonly step: string;
  /** The date after this step, where there is one. */
  readonly date?: string;
  /** The provision relied on. */
  readonly citation?: string;
}

/**
 * The result of {@link explainDeadline} and {@link deadlinesFor}.
 *
 * @example
 * ```ts
 * import { deadlinesFor, type DeadlineExplanation } from '@privkit/dsar/deadlines';
 *
 * const { steps, dates }: DeadlineExplanation = deadlinesFor({
 *   regime: 'gdpr',
 *   receivedAt: '2025-01-31',
 *   timeZone: 'UTC',
 * });
 * ```
 */
export interface DeadlineExplanation {
  /** The steps, in order, each with its citation. */
  readonly steps: readonly DeadlineStep[];
  /** The deadlines. */
  readonly dates: DueDates;
}
