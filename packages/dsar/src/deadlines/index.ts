/**
 * @module
 * `@privkit/dsar/deadlines`: when each request is due and why. The deadlines of a request
 * (`dueDates`), every step of their computation with its citation (`explainDeadline`), the
 * deadlines of a receipt alone (`deadlinesFor`, for a form, a command line or a DPA renderer),
 * and reminders over many requests (`overdue`, `dueWithin`).
 */

export { type DeadlineAlert, dueWithin, overdue } from './alerts.js';
export { deadlinesFor, dueDates, explainDeadline, type ReceiptInput } from './due-dates.js';
export type { DeadlineOptions } from './options.js';
export type { DeadlineExplanation, DeadlineStep, Due, DueDates } from './results.js';
