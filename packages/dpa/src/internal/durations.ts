/**
 * @module
 * Durations as the documents need them, on top of the one ISO 8601 parser of
 * `@privkit/internal/duration`. Calendar units are kept as written: `P1M` is not 30 days and `P1D`
 * is not `PT24H` (a day across a DST change lasts 23 or 25 hours), so two durations are the same
 * only component by component. Ordering is approximate (a month counts as 30.436875 days) and used
 * only where the law's own limits are in hours or days (the controller's 72 hours under Art.
 * 33(1)). Every duration here comes from a parsed model, so a malformed one is a bug, not input.
 * Never exported.
 */

import { type DurationParts, parseDuration } from '@privkit/internal/duration';
import { DpaError } from '../errors.js';

/** The parts of a duration the model's schema has already checked. */
export function partsOf(text: string): DurationParts {
  const parts = parseDuration(text);
  if (parts === undefined) throw new DpaError('INVALID_DURATION', '"duration" must be an ISO 8601 duration');
  return parts;
}

/** Whether two durations are the same component by component (`P1D` ≠ `PT24H`, `P2W` ≠ `P14D`). */
export function sameDuration(a: string, b: string): boolean {
  const x = partsOf(a);
  const y = partsOf(b);
  return (Object.keys(x) as (keyof DurationParts)[]).every((k) => x[k] === y[k]);
}

/** An approximate length in hours (a year is 365.2425 days, a month 30.436875 days). */
export function approximateHours(text: string): number {
  const d = partsOf(text);
  const days = d.years * 365.2425 + d.months * 30.436875 + d.weeks * 7 + d.days;
  return days * 24 + d.hours + d.minutes / 60 + d.seconds / 3600;
}

const UNITS: readonly [keyof DurationParts, string, string][] = [
  ['years', 'year', 'years'],
  ['months', 'month', 'months'],
  ['weeks', 'week', 'weeks'],
  ['days', 'day', 'days'],
  ['hours', 'hour', 'hours'],
  ['minutes', 'minute', 'minutes'],
  ['seconds', 'second', 'seconds'],
];

/** A duration in plain English for documents: `P1Y6M` is `1 year and 6 months`. */
export function describeDuration(text: string): string {
  const d = partsOf(text);
  const parts = UNITS.filter(([k]) => d[k] > 0).map(([k, one, many]) => `${d[k]} ${d[k] === 1 ? one : many}`);
  if (parts.length === 0) return '0 days';
  return parts.length === 1 ? (parts[0] as string) : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
