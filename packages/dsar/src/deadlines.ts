/**
 * @module
 * The deadline engine. A request's deadlines are computed from its regime's rule in force on the
 * receipt date and the clock facts folded from its events: start anchor, calendar months clamped
 * to the month's last day (Reg 1182/71 Art 3(2)(c)), clock stops and restarts, an extension
 * counted from the original start (never chained onto the first deadline), roll-forward to the
 * next working day, acknowledgement. Every deadline ends at the end of the local day in the
 * controller's time zone. `explainDeadline` shows every step with its citation.
 */

import { Temporal } from 'temporal-polyfill';
import { addWorkingDays, CALENDARS, type HolidayCalendar, rollForward } from './calendar.js';
import { DsarError } from './errors.js';
import { CLOSED_STATUSES, type DsarState } from './model.js';
import { getRegime, type Period, type RegimeRule, ruleInForce } from './regimes.js';

/**
 * A deadline: a local date and the instants where it ends.
 *
 * @example
 * ```ts
 * import type { Due } from '@privkit/dsar';
 *
 * const due: Due = { date: '2025-02-28', endsAt: '2025-02-28T23:59:59.999+01:00', epochMs: 1740783600000 };
 * ```
 */
export interface Due {
  /** The last day, ISO `YYYY-MM-DD`, in the controller's time zone. */
  readonly date: string;
  /** The last millisecond of that day, ISO 8601 with the zone's offset. */
  readonly endsAt: string;
  /** The first millisecond after the deadline (epoch ms): overdue when `now >= epochMs`. */
  readonly epochMs: number;
}

/**
 * The deadlines of one request.
 *
 * @example
 * ```ts
 * import { dueDates, openRequest } from '@privkit/dsar';
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
  /** Days that do not count (closed clock stops). */
  readonly pausedDays: number;
  /** The holiday calendar used. */
  readonly calendar: string;
}

/** One step of {@link explainDeadline}. */
export interface DeadlineStep {
  /** What was done, in words. */
  readonly step: string;
  /** The date after this step, where there is one. */
  readonly date?: string;
  /** The provision relied on. */
  readonly citation?: string;
}

/**
 * Options of the deadline functions.
 *
 * @example
 * ```ts
 * import { ENGLAND_AND_WALES, type DeadlineOptions } from '@privkit/dsar';
 *
 * const options: DeadlineOptions = { calendars: { [ENGLAND_AND_WALES.id]: ENGLAND_AND_WALES } };
 * ```
 */
export interface DeadlineOptions {
  /** Extra holiday calendars by id (added to the shipped ones; yours win). */
  readonly calendars?: Readonly<Record<string, HolidayCalendar>>;
  /** A calendar id that overrides the regime's and the request's. */
  readonly calendar?: string;
}

/** What the deadline functions read from a request: any {@link DsarState} will do. */
export type DeadlineFacts = Pick<
  DsarState,
  'regime' | 'right' | 'receivedAt' | 'timeZone' | 'clock' | 'role' | 'contract' | 'calendar'
>;

/** What the reminder functions read from a request: any {@link DsarState} will do. */
export type AlertableRequest = DeadlineFacts & Pick<DsarState, 'id' | 'status' | 'forwarding'>;

/** The result of {@link explainDeadline}. */
export interface DeadlineExplanation {
  /** The steps, in order, each with its citation. */
  readonly steps: DeadlineStep[];
  /** The deadlines. */
  readonly dates: DueDates;
}

/** @internal ISO 8601 instants with an offset or Z, as every event's `at` must be. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})$/;

// One Intl formatter per zone: the polyfill's Instant → ZonedDateTime builds zone data on every
// call (about 4,500 a second here); a cached formatter answers the local date ~50 times faster
// from the same IANA data, which matters when `overdue` walks thousands of requests.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        era: 'short',
      });
    } catch {
      throw new DsarError('INVALID_ARGUMENT', '"timeZone" must be an IANA time zone id');
    }
    if (formatters.size >= 512) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** @internal The local date of an instant. */
export function localDate(instant: string, timeZone: string, name = 'at'): Temporal.PlainDate {
  const ms = typeof instant === 'string' && INSTANT.test(instant) ? Date.parse(instant) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new DsarError('INVALID_ARGUMENT', `"${name}" must be an ISO 8601 instant with an offset or Z`);
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  const year = parts['era'] === 'BC' || parts['era'] === 'B' ? 1 - Number(parts['year']) : Number(parts['year']);
  return Temporal.PlainDate.from({ year, month: Number(parts['month']), day: Number(parts['day']) });
}

// Many requests share a due date: remember the instants of recent (date, zone) pairs.
const dues = new Map<string, Due>();

/** @internal The {@link Due} for a local date in a zone. */
export function dueOn(date: Temporal.PlainDate, timeZone: string): Due {
  const key = `${date}|${timeZone}`;
  const hit = dues.get(key);
  if (hit !== undefined) return hit;
  // The next local day's first instant (Temporal resolves a skipped midnight to the first valid
  // instant): the deadline is everything before it.
  const end = date.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
  const last = Temporal.Instant.fromEpochMilliseconds(end - 1).toZonedDateTimeISO(timeZone);
  const due: Due = Object.freeze({
    date: date.toString(),
    endsAt: last.toString({ timeZoneName: 'never', smallestUnit: 'millisecond' }),
    epochMs: end,
  });
  if (dues.size >= 4096) dues.clear();
  dues.set(key, due);
  return due;
}

function periodText(p: Period): string {
  if ('months' in p) return `${p.months} month${p.months === 1 ? '' : 's'}`;
  if ('days' in p) return `${p.days} day${p.days === 1 ? '' : 's'}`;
  return `${p.businessDays} working day${p.businessDays === 1 ? '' : 's'}`;
}

// The last day of `periods` run one after another from `start`. Months are added in one step
// from the start: 31 Jan + 3 months = 30 Apr, where 28 Feb + 2 months would give 28 Apr.
function endOf(
  start: Temporal.PlainDate,
  periods: readonly Period[],
  anchor: 'next-day' | 'receipt-day',
  calendar: HolidayCalendar,
): Temporal.PlainDate {
  let months = 0;
  let days = 0;
  let business = 0;
  for (const p of periods) {
    if ('months' in p) months += p.months;
    else if ('days' in p) days += p.days;
    else business += p.businessDays;
  }
  // `receipt-day`: the receipt day is day one, so a period of months or days ends one day
  // earlier. Working days are always counted from the next working day.
  const base = anchor === 'receipt-day' && (months > 0 || days > 0) ? start.subtract({ days: 1 }) : start;
  // Temporal's default overflow `constrain` is Art 3(2)(c): no such day → the month's last day.
  let day = base.add({ months, days });
  if (business > 0) day = addWorkingDays(calendar, day, business);
  return day;
}

function calendarFor(facts: DeadlineFacts, rule: RegimeRule, options: DeadlineOptions): HolidayCalendar {
  const id = options.calendar ?? facts.calendar ?? rule.calendar ?? 'weekends';
  const calendar = options.calendars?.[id] ?? CALENDARS[id];
  if (calendar === undefined)
    throw new DsarError(
      'UNKNOWN_CALENDAR',
      'the holiday calendar named by the request or regime is not known; pass it in options.calendars',
    );
  return calendar;
}

const maxDate = (a: Temporal.PlainDate, b: Temporal.PlainDate) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b);

/** @internal Computes the deadlines and the steps that lead to them. */
export function computeDeadlines(facts: DeadlineFacts, options: DeadlineOptions = {}): DeadlineExplanation {
  const steps: DeadlineStep[] = [];
  const tz = facts.timeZone;
  const receivedOn = localDate(facts.receivedAt, tz, 'receivedAt');
  const regime = getRegime(facts.regime);
  const rule = ruleInForce(regime, receivedOn.toString());
  const calendar = calendarFor(facts, rule, options);
  steps.push({ step: `received on ${receivedOn} (${tz})`, date: receivedOn.toString() });
  steps.push({
    step: `${regime.name}: rule in force from ${rule.effectiveFrom} applies to a request received on ${receivedOn}`,
    citation: rule.citation,
  });

  const override = rule.rightPeriods?.[facts.right];
  const period = override?.period ?? rule.period;
  steps.push({
    step: `period for "${facts.right}": ${periodText(period)}${override ? ' (right-specific)' : ''}`,
    citation: override?.citation ?? rule.citation,
  });

  // Clock stops: a restart moves the start to the day the answer arrived; a stop adds the days
  // from asking to receiving, both included. An open pause counts up to its first day so far.
  let start = receivedOn;
  let pausedDays = 0;
  let paused = false;
  for (const pause of facts.clock.pauses) {
    const p = pause.reason === 'identity' ? rule.identityPause : rule.clarificationPause;
    const effect = p?.effect ?? 'none';
    const from = localDate(pause.from, tz, 'pause.from');
    const to = pause.to === undefined ? from : localDate(pause.to, tz, 'pause.to');
    if (pause.to === undefined && effect !== 'none') paused = true;
    if (effect === 'restart') {
      const before = start;
      start = maxDate(start, to);
      steps.push({
        step: `${pause.reason} information ${pause.to === undefined ? `requested on ${from} (awaited)` : `received on ${to}`}: the period runs from ${start}${before.equals(start) ? ' (unchanged)' : ''}`,
        date: start.toString(),
        ...(p ? { citation: p.citation } : {}),
      });
    } else if (effect === 'stop') {
      const days = to.since(from).days + 1;
      pausedDays += days;
      steps.push({
        step: `clock stopped for ${pause.reason} from ${from} to ${pause.to === undefined ? `${from} (still waiting)` : to}: ${days} day${days === 1 ? '' : 's'} do not count`,
        ...(p ? { citation: p.citation } : {}),
      });
    } else {
      steps.push({
        step: `${pause.reason} information requested on ${from}: the clock keeps running`,
        ...(p ? { citation: p.citation } : {}),
      });
    }
  }
  steps.push({
    step:
      rule.start === 'next-day'
        ? `the day of ${start.equals(receivedOn) ? 'receipt' : 'the restart'} (${start}) is not counted`
        : `the day of ${start.equals(receivedOn) ? 'receipt' : 'the restart'} (${start}) is day one`,
    citation: rule.startCitation,
  });

  const settle = (periods: readonly Period[], label: string): Temporal.PlainDate => {
    let day = endOf(start, periods, rule.start, calendar);
    steps.push({
      step: `${label}: ${start} + ${periods.map(periodText).join(' + ')}${'months' in (periods[0] ?? {}) ? ' (same date, else the last day of the month)' : ''} = ${day}`,
      date: day.toString(),
    });
    if (pausedDays > 0) {
      day = day.add({ days: pausedDays });
      steps.push({
        step: `${label}: + ${pausedDays} paused day${pausedDays === 1 ? '' : 's'} = ${day}`,
        date: day.toString(),
      });
    }
    if (rule.rollForward) {
      const rolled = rollForward(calendar, day);
      if (!rolled.equals(day)) {
        steps.push({
          step: `${label}: ${day} is not a working day (calendar "${calendar.id}"): moved to ${rolled}`,
          date: rolled.toString(),
          ...(rule.rollForwardCitation ? { citation: rule.rollForwardCitation } : {}),
        });
      }
      day = rolled;
    }
    return day;
  };

  const first = settle([period], 'first period');
  let respondBy = first;
  let latestExtended: Temporal.PlainDate | undefined;
  const extensions = facts.clock.extensions;
  const ext = override === undefined ? rule.extension : undefined;
  if (extensions.length > 0 && ext !== undefined) {
    const last = extensions[extensions.length - 1]!;
    if (ext.period !== undefined) {
      respondBy = settle(
        Array.from({ length: 1 + Math.min(extensions.length, ext.times) }, (_, i) => (i === 0 ? period : ext.period!)),
        'extended',
      );
      steps.push({
        step: `extended on ${localDate(last.at, tz)} (${last.reason}): counted from the original start, not from the first deadline`,
        date: respondBy.toString(),
        citation: ext.citation,
      });
    } else if (last.until !== undefined) {
      // The regime lets the controller name the date (Swiss DPO Art 18); it can never be earlier.
      const until = Temporal.PlainDate.from(last.until);
      respondBy = maxDate(first, until);
      steps.push({
        step: `extended on ${localDate(last.at, tz)} (${last.reason}) to ${respondBy}, the date given to the subject`,
        date: respondBy.toString(),
        citation: ext.citation,
      });
    }
  } else if (ext?.period !== undefined) {
    latestExtended = endOf(start, [period, ext.period], rule.start, calendar).add({ days: pausedDays });
    if (rule.rollForward) latestExtended = rollForward(calendar, latestExtended);
    steps.push({
      step: `an extension (if notified by ${first}) would move the deadline to ${latestExtended}`,
      date: latestExtended.toString(),
      citation: ext.citation,
    });
  }

  let acknowledgeBy: Temporal.PlainDate | undefined;
  if (rule.acknowledgement !== undefined) {
    acknowledgeBy = endOf(receivedOn, [rule.acknowledgement.period], 'next-day', calendar);
    steps.push({
      step: `acknowledge receipt by ${acknowledgeBy}`,
      date: acknowledgeBy.toString(),
      citation: rule.acknowledgement.citation,
    });
  }
  let forwardBy: Temporal.PlainDate | undefined;
  if (facts.role === 'processor' && facts.contract !== undefined) {
    forwardBy = rollForward(calendar, endOf(receivedOn, [facts.contract.forwardWithin], 'next-day', calendar));
    steps.push({
      step: `as processor, forward to the controller by ${forwardBy}`,
      date: forwardBy.toString(),
      citation: facts.contract.citation,
    });
  }
  steps.push({
    step: `respond by the end of ${respondBy} in ${tz}; a miss is ${rule.onMiss === 'deemed-refusal' ? 'a deemed refusal' : 'a breach of the duty'}`,
    date: respondBy.toString(),
    citation: rule.onMissCitation,
  });

  const dates: DueDates = {
    regime: regime.id,
    ruleEffectiveFrom: rule.effectiveFrom,
    onMiss: rule.onMiss,
    receivedOn: receivedOn.toString(),
    startsOn: start.toString(),
    respondBy: dueOn(respondBy, tz),
    firstPeriodEnds: dueOn(first, tz),
    ...(latestExtended ? { latestExtended: dueOn(latestExtended, tz) } : {}),
    ...(acknowledgeBy ? { acknowledgeBy: dueOn(acknowledgeBy, tz) } : {}),
    ...(forwardBy ? { forwardBy: dueOn(forwardBy, tz) } : {}),
    paused,
    pausedDays,
    calendar: calendar.id,
  };
  return { dates, steps };
}

/**
 * The deadlines of a request: respond-by (extended if it was), the end of the first period (the
 * last day to notify an extension), the acknowledgement and forwarding deadlines.
 *
 * @param request - a request state (from `openRequest`, `transition` or a store).
 * @param options - extra holiday calendars, or a calendar override.
 * @returns the deadlines, each a local date and the instant it ends.
 * @throws DsarError `UNKNOWN_REGIME`, `NO_RULE_IN_FORCE`, `UNKNOWN_CALENDAR`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { dueDates, openRequest } from '@privkit/dsar';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T17:00:00-08:00', id: 'R7', regime: 'ccpa', right: 'know',
 *   subject: 'c_19', timeZone: 'America/Los_Angeles', channel: 'web-form',
 * });
 * dueDates(request).respondBy.date;     // "2025-03-17"
 * dueDates(request).acknowledgeBy?.date; // "2025-02-14"
 * ```
 */
export function dueDates(request: DeadlineFacts, options: DeadlineOptions = {}): DueDates {
  return computeDeadlines(request, options).dates;
}

/**
 * How a request's deadline was computed: each step with the provision it relies on, then the
 * deadlines themselves. Show it to the reviewer, the DPO or the regulator.
 *
 * @param request - a request state.
 * @param options - as for {@link dueDates}.
 * @returns the steps and the deadlines.
 * @throws DsarError as {@link dueDates}.
 * @example
 * ```ts
 * import { explainDeadline, openRequest } from '@privkit/dsar';
 *
 * const { steps } = explainDeadline(openRequest({
 *   type: 'receive', at: '2025-10-31T12:00:00Z', id: 'R9', regime: 'gdpr', right: 'erasure',
 *   subject: 's9', timeZone: 'Europe/Berlin', channel: 'email',
 * }));
 * steps.map((s) => s.step).join('\n');
 * // … "first period: 2025-11-30 is not a working day (calendar "weekends"): moved to 2025-12-01" …
 * ```
 */
export function explainDeadline(request: DeadlineFacts, options: DeadlineOptions = {}): DeadlineExplanation {
  return computeDeadlines(request, options);
}

/**
 * What {@link deadlinesFor} needs: a receipt, without a request.
 *
 * @example
 * ```ts
 * import type { ReceiptInput } from '@privkit/dsar';
 *
 * const input: ReceiptInput = { regime: 'ccpa', receivedAt: '2025-01-31T17:00:00-08:00', timeZone: 'America/Los_Angeles' };
 * ```
 */
export interface ReceiptInput {
  /** The regime id. */
  readonly regime: string;
  /** When the request was received: an ISO 8601 instant, or an ISO date (taken as noon local time). */
  readonly receivedAt: string;
  /** The controller's IANA time zone. */
  readonly timeZone: string;
  /** The right exercised; default the regime's first right (access or its equivalent). */
  readonly right?: string;
  /** A holiday calendar id overriding the regime's. */
  readonly calendar?: string;
}

/**
 * The deadlines and their explanation for a receipt alone, without opening a request: for a
 * command line (`privkit dsar due`), a form that shows the due date, or a DPA renderer.
 *
 * @param input - regime, receipt and zone.
 * @param options - as for {@link dueDates}.
 * @returns the steps and the deadlines.
 * @throws DsarError `UNKNOWN_REGIME`, `NO_RULE_IN_FORCE`, `UNKNOWN_CALENDAR`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { deadlinesFor } from '@privkit/dsar';
 *
 * deadlinesFor({ regime: 'gdpr', receivedAt: '2025-01-31', timeZone: 'Europe/Paris' }).dates.respondBy.date;
 * // "2025-02-28"
 * ```
 */
export function deadlinesFor(input: ReceiptInput, options: DeadlineOptions = {}): DeadlineExplanation {
  const regime = getRegime(input?.regime);
  let receivedAt = input.receivedAt;
  if (typeof receivedAt === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(receivedAt)) {
    let date: Temporal.PlainDate;
    try {
      date = Temporal.PlainDate.from(receivedAt, { overflow: 'reject' });
    } catch {
      throw new DsarError('INVALID_ARGUMENT', '"receivedAt" is not a valid calendar date');
    }
    formatter(input.timeZone);
    receivedAt = date.toZonedDateTime({ timeZone: input.timeZone, plainTime: '12:00' }).toInstant().toString();
  }
  const right = input.right ?? regime.rights[0] ?? 'access';
  if (!regime.rights.includes(right))
    throw new DsarError('INVALID_ARGUMENT', `"right" is not a right under regime "${regime.id}"`);
  return computeDeadlines(
    {
      regime: regime.id,
      right,
      receivedAt,
      timeZone: input.timeZone,
      role: 'controller',
      clock: { pauses: [], extensions: [] },
      ...(input.calendar === undefined ? {} : { calendar: input.calendar }),
    },
    options,
  );
}

/**
 * A missed or coming deadline, from {@link overdue} and {@link dueWithin}.
 *
 * @example
 * ```ts
 * import type { DeadlineAlert } from '@privkit/dsar';
 *
 * const alert: DeadlineAlert = {
 *   id: 'R1', kind: 'response',
 *   due: { date: '2025-02-28', endsAt: '2025-02-28T23:59:59.999+01:00', epochMs: 1740783600000 },
 *   onMiss: 'breach',
 * };
 * ```
 */
export interface DeadlineAlert {
  /** The request id. */
  readonly id: string;
  /** Which deadline: the response, the acknowledgement, or a processor's forwarding. */
  readonly kind: 'response' | 'acknowledgement' | 'forward';
  /** The deadline. */
  readonly due: Due;
  /** What a missed response means under the rule. */
  readonly onMiss: 'breach' | 'deemed-refusal';
}

type Alertable = AlertableRequest;

function alerts(request: Alertable, options: DeadlineOptions): DeadlineAlert[] {
  if (CLOSED_STATUSES.includes(request.status)) return [];
  const d = dueDates(request, options);
  const out: DeadlineAlert[] = [];
  const base = { id: request.id, onMiss: d.onMiss };
  if (request.role === 'processor') {
    if (d.forwardBy && request.forwarding === undefined) out.push({ ...base, kind: 'forward', due: d.forwardBy });
    return out;
  }
  if (d.acknowledgeBy && request.clock.acknowledgedAt === undefined)
    out.push({ ...base, kind: 'acknowledgement', due: d.acknowledgeBy });
  // A stopped clock has no running deadline to remind about.
  if (!d.paused) out.push({ ...base, kind: 'response', due: d.respondBy });
  return out;
}

function toEpoch(now: Date | number | string): number {
  const ms = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (!Number.isFinite(ms))
    throw new DsarError('INVALID_ARGUMENT', '"now" must be a Date, epoch milliseconds or an ISO instant');
  return ms;
}

/**
 * The deadlines already missed at `now`, among open requests (closed ones and stopped clocks
 * are skipped), most overdue first.
 *
 * @param requests - request states.
 * @param now - the current instant (Date, epoch ms, or ISO string).
 * @param options - as for {@link dueDates}.
 * @returns one alert per missed deadline.
 * @throws DsarError as {@link dueDates}.
 * @example
 * ```ts
 * import { openRequest, overdue } from '@privkit/dsar';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * overdue([request], '2025-02-28T22:59:59Z').length; // 0 (23:59:59 in Paris)
 * overdue([request], '2025-02-28T23:00:00Z').length; // 1
 * ```
 */
export function overdue(
  requests: Iterable<Alertable>,
  now: Date | number | string,
  options: DeadlineOptions = {},
): DeadlineAlert[] {
  const at = toEpoch(now);
  const out: DeadlineAlert[] = [];
  for (const r of requests) for (const a of alerts(r, options)) if (a.due.epochMs <= at) out.push(a);
  return out.sort((a, b) => a.due.epochMs - b.due.epochMs);
}

/**
 * The deadlines that end within `period` from `now` (not yet missed), soonest first: for
 * reminders.
 *
 * @param requests - request states.
 * @param period - an ISO 8601 duration such as `P7D` or `PT48H` (days are 24 hours here).
 * @param now - the current instant; defaults to `Date.now()`.
 * @param options - as for {@link dueDates}.
 * @returns one alert per coming deadline.
 * @throws DsarError `INVALID_ARGUMENT` for a malformed or calendar-relative duration.
 * @example
 * ```ts
 * import { dueWithin, openRequest } from '@privkit/dsar';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * dueWithin([request], 'P7D', '2025-02-22T12:00:00Z').map((a) => a.kind); // ["response"]
 * ```
 */
export function dueWithin(
  requests: Iterable<Alertable>,
  period: string,
  now: Date | number | string = Date.now(),
  options: DeadlineOptions = {},
): DeadlineAlert[] {
  const at = toEpoch(now);
  let span: number;
  try {
    span = Temporal.Duration.from(period).total({ unit: 'milliseconds' });
  } catch {
    throw new DsarError(
      'INVALID_ARGUMENT',
      '"period" must be an ISO 8601 duration of days or hours, such as P7D or PT48H',
    );
  }
  const out: DeadlineAlert[] = [];
  for (const r of requests)
    for (const a of alerts(r, options)) if (a.due.epochMs > at && a.due.epochMs <= at + span) out.push(a);
  return out.sort((a, b) => a.due.epochMs - b.due.epochMs);
}
