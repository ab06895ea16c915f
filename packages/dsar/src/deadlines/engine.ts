/**
 * @module
 * The deadline engine. A request's deadlines are computed from its regime's rule in force on the
 * receipt date and the clock facts folded from its events: start anchor, calendar months clamped
 * to the month's last day (Reg 1182/71 Art 3(2)(c)), clock stops and restarts, an extension
 * counted from the original start (never chained onto the first deadline), roll-forward to the
 * next working day, acknowledgement. Every deadline ends at the end of the local day in the
 * controller's time zone. `explainDeadline` shows every step with its citation.
 */

import { strictObject, strictOptions } from '@privkit/internal/check';
import { type InstantInput, parseDate, parseInstant, requireInstant } from '@privkit/internal/instant';
import { Temporal } from 'temporal-polyfill';
import {
  addWorkingDays,
  CALENDARS,
  checkCalendar,
  type HolidayCalendar,
  rollForward,
  workingDay,
} from '../calendar.js';
import { DsarError } from '../errors.js';
import { raise } from '../internal/raise.js';
import { text, zone } from '../internal/records.js';
import { checkState } from '../internal/state.js';
import { dueOn, localDate } from '../internal/time.js';
import type { DsarState } from '../model.js';
import { type Period, type PeriodParts, periodParts, type RegimeRule, ruleOn } from '../regime.js';
import { type RegimeRegistry, registryOf } from '../registry.js';

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
 * Options of the deadline functions, `openRequest`, `transition` and the service.
 *
 * @example
 * ```ts
 * import type { DeadlineOptions } from '@privkit/dsar/deadlines';
 * import { CALENDARS, createRegimeRegistry } from '@privkit/dsar/regimes';
 *
 * const options: DeadlineOptions = {
 *   regimes: createRegimeRegistry(),
 *   calendars: { 'gb-2028': { ...CALENDARS['gb-eaw']!, id: 'gb-2028', holidays: ['2028-01-03'] } },
 * };
 * ```
 */
export interface DeadlineOptions {
  /** The regimes requests may name; the shipped regimes alone by default. */
  readonly regimes?: RegimeRegistry;
  /** Extra holiday calendars by id (added to the shipped ones; yours win). */
  readonly calendars?: Readonly<Record<string, HolidayCalendar>>;
  /** A calendar id that overrides the regime's and the request's. */
  readonly calendar?: string;
}

/**
 * The result of {@link explainDeadline} and {@link deadlinesFor}.
 *
 * @example
 * ```ts
 * import { deadlinesFor, type DeadlineExplanation } from '@privkit/dsar/deadlines';
 *
 * const { steps, dates }: DeadlineExplanation = deadlinesFor({ regime: 'gdpr', receivedAt: '2025-01-31', timeZone: 'UTC' });
 * ```
 */
export interface DeadlineExplanation {
  /** The steps, in order, each with its citation. */
  readonly steps: readonly DeadlineStep[];
  /** The deadlines. */
  readonly dates: DueDates;
}

/** @internal Checked deadline options. */
export interface DeadlineContext {
  readonly regimes: RegimeRegistry;
  readonly calendars: Readonly<Record<string, HolidayCalendar>>;
  readonly calendar: string | undefined;
}

/** @internal The keys of {@link DeadlineOptions}. */
export const DEADLINE_OPTION_KEYS = ['regimes', 'calendars', 'calendar'] as const;

const contexts = new WeakMap<object, DeadlineContext>();
let defaultContext: DeadlineContext | undefined;

/** @internal Checks deadline options once per options object (they are read on every call in loops). */
export function deadlineContext(options: unknown, extraKeys: readonly string[] = []): DeadlineContext {
  if (options === undefined) {
    defaultContext ??= { regimes: registryOf(undefined), calendars: CALENDARS, calendar: undefined };
    return defaultContext;
  }
  const hit = typeof options === 'object' && options !== null ? contexts.get(options) : undefined;
  if (hit !== undefined) return hit;
  const o = strictOptions(options, [...DEADLINE_OPTION_KEYS, ...extraKeys], raise);
  const calendars: Record<string, HolidayCalendar> = { ...CALENDARS };
  if (o['calendars'] !== undefined) {
    const given = strictObject(
      o['calendars'],
      Object.keys(o['calendars'] as object),
      'options.calendars',
      raise,
      'INVALID_OPTIONS',
    );
    for (const id of Object.keys(given)) {
      const calendar = checkCalendar(given[id], `options.calendars.${id}`);
      if (calendar.id !== id)
        throw raise('INVALID_OPTIONS', `options.calendars.${id}.id`, `"options.calendars.${id}.id" must be its key`);
      calendars[id] = calendar;
    }
  }
  const context: DeadlineContext = {
    regimes: registryOf(o['regimes']),
    calendars,
    calendar: o['calendar'] === undefined ? undefined : text(o['calendar'], 'options.calendar', raise, 63),
  };
  contexts.set(options as object, context);
  return context;
}

// A period in words for the explanation: "1 month", "45 days", "10 working days".
function periodText(p: Period): string {
  const parts = periodParts(p, 'period');
  if (parts.kind === 'working') return plural(parts.workingDays, 'working day');
  const words: string[] = [];
  if (parts.years > 0) words.push(plural(parts.years, 'year'));
  if (parts.months > 0) words.push(plural(parts.months, 'month'));
  if (parts.days > 0) words.push(plural(parts.days, 'day'));
  return words.join(' ');
}

const hasMonths = (p: Period): boolean => {
  const parts = periodParts(p, 'period');
  return parts.kind === 'calendar' && parts.years + parts.months > 0;
};

// The last day of `periods` run one after another from `start`. Calendar units are added in one
// step from the start: 31 Jan + P3M = 30 Apr, where 28 Feb + P2M would give 28 Apr.
function endOf(
  start: Temporal.PlainDate,
  periods: readonly PeriodParts[],
  anchor: 'next-day' | 'receipt-day',
  calendar: HolidayCalendar,
): Temporal.PlainDate {
  let years = 0;
  let months = 0;
  let days = 0;
  let working = 0;
  for (const p of periods) {
    if (p.kind === 'working') working += p.workingDays;
    else {
      years += p.years;
      months += p.months;
      days += p.days;
    }
  }
  // `receipt-day`: the receipt day is day one, so a calendar period ends one day earlier.
  // Working days are always counted from the next working day.
  const calendarTime = years + months + days > 0;
  const base = anchor === 'receipt-day' && calendarTime ? start.subtract({ days: 1 }) : start;
  // Temporal's default overflow `constrain` is Art 3(2)(c): no such day → the month's last day.
  let day = base.add({ years, months, days });
  if (working > 0) day = addWorkingDays(calendar, day, working);
  return day;
}

const calendarById = (context: DeadlineContext, id: string): HolidayCalendar => {
  const calendar = Object.hasOwn(context.calendars, id) ? context.calendars[id] : undefined;
  if (calendar === undefined)
    throw new DsarError(
      'UNKNOWN_CALENDAR',
      'the holiday calendar named by the request or regime is not known; pass it in options.calendars',
      { path: 'calendar' },
    );
  return calendar;
};

/** The calendar a request's deadlines use: one, or the places' calendars that must all agree. */
type Calendars =
  | { readonly one: HolidayCalendar }
  | { readonly all: readonly HolidayCalendar[]; readonly any: HolidayCalendar };

// The places' calendars of a rule, and their union (a day off in any of them), per context: a
// day that is a working day in the union is the answer in every place, so most deadlines need
// one lookup, not one per Member State.
const families = new WeakMap<DeadlineContext, WeakMap<RegimeRule, Calendars>>();

function calendarsFor(state: DsarState, rule: RegimeRule, context: DeadlineContext): Calendars {
  const id = context.calendar ?? state.calendar ?? rule.calendar;
  if (id !== undefined) return { one: calendarById(context, id) };
  if (rule.calendars === undefined) return { one: calendarById(context, 'weekends') };
  let byRule = families.get(context);
  if (byRule === undefined) {
    byRule = new WeakMap();
    families.set(context, byRule);
  }
  let family = byRule.get(rule);
  if (family === undefined) {
    const all = rule.calendars.map((c) => calendarById(context, c));
    const from = all
      .map((c) => c.coverage.from)
      .sort()
      .at(-1) as string;
    const to = all.map((c) => c.coverage.to).sort()[0] as string;
    const any: HolidayCalendar = {
      id: all.map((c) => c.id).join('|'),
      name: 'a day off in any of the places',
      weekend: [...new Set(all.flatMap((c) => c.weekend))],
      holidays: [...new Set(all.flatMap((c) => c.holidays))],
      coverage: { from, to },
    };
    family = { all, any };
    byRule.set(rule, family);
  }
  return family;
}

// Rolled in each place's calendar. Where the places differ and the request names none, the
// earliest of their days applies: it is never later than the deadline in any of them.
function rollAll(chosen: Calendars, day: Temporal.PlainDate, disagree: (latest: Temporal.PlainDate) => void) {
  if ('one' in chosen) return rollForward(chosen.one, day);
  if (workingDay(chosen.any, day)) return day;
  let earliest: Temporal.PlainDate | undefined;
  let latest: Temporal.PlainDate | undefined;
  for (const c of chosen.all) {
    const rolled = rollForward(c, day);
    if (earliest === undefined || Temporal.PlainDate.compare(rolled, earliest) < 0) earliest = rolled;
    if (latest === undefined || Temporal.PlainDate.compare(rolled, latest) > 0) latest = rolled;
  }
  if (!(earliest as Temporal.PlainDate).equals(latest as Temporal.PlainDate)) disagree(latest as Temporal.PlainDate);
  return earliest as Temporal.PlainDate;
}

const maxDate = (a: Temporal.PlainDate, b: Temporal.PlainDate) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b);
const at = (instant: string) => parseInstant(instant) as number;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A clock stop that counts: its first day and its length in days. */
interface Stop {
  readonly from: Temporal.PlainDate;
  readonly days: number;
}

/**
 * @internal Computes the deadlines of a checked state and the steps that lead to them. `asOf`
 * (epoch ms; the state's last event by default) is how far an open clock stop has run: the days
 * from asking to `asOf` do not count (UK GDPR Art 12A(5)–(6): a stopped day counts neither towards
 * the period nor towards the time to notify an extension).
 */
export function computeDeadlines(facts: DsarState, context: DeadlineContext, asOf?: number): DeadlineExplanation {
  const steps: DeadlineStep[] = [];
  const tz = facts.timeZone;
  const receivedOn = localDate(at(facts.receivedAt), tz);
  const asOfDate = localDate(asOf ?? at(facts.updatedAt), tz);
  const regime = context.regimes.get(facts.regime);
  const rule = ruleOn(regime, receivedOn.toString());
  const chosen = calendarsFor(facts, rule, context);
  const calendar = 'one' in chosen ? chosen.one : (chosen.all[0] as HolidayCalendar);
  const calendarLabel = 'one' in chosen ? calendar.id : chosen.all.map((c) => c.id).join('|');
  steps.push({ step: `received on ${receivedOn} (${tz})`, date: receivedOn.toString() });
  steps.push({
    step:
      'one' in chosen
        ? `holiday calendar "${calendar.id}": ${calendar.name}, known from ${calendar.coverage.from} to ${calendar.coverage.to}${calendar.scope ? ` (${calendar.scope})` : ''}`
        : `no holiday calendar named: each deadline is rolled in the calendar of every place the regime applies in (${calendarLabel}) and the earliest day is kept`,
    ...(calendar.source ? { citation: calendar.source } : {}),
  });
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

  // Clock stops: a restart moves the start to the day the answer arrived (an awaited answer: at
  // least `asOf`); a stop sets aside the days from asking to receiving, both included (an awaited
  // answer: through `asOf`).
  let start = receivedOn;
  let paused = false;
  const stops: Stop[] = [];
  for (const pause of facts.clock.pauses) {
    const p = pause.reason === 'identity' ? rule.identityPause : rule.clarificationPause;
    const effect = p?.effect ?? 'none';
    const from = localDate(at(pause.from), tz);
    const open = pause.to === undefined;
    const to = open ? maxDate(from, asOfDate) : localDate(at(pause.to as string), tz);
    if (open && effect !== 'none') paused = true;
    const cite = p ? { citation: p.citation } : {};
    if (effect === 'restart') {
      const before = start;
      start = maxDate(start, to);
      const what = open ? `requested on ${from}, awaited on ${to}` : `received on ${to}`;
      steps.push({
        step: `${pause.reason} information ${what}: the period runs from ${start}${before.equals(start) ? ' (unchanged)' : ''}`,
        date: start.toString(),
        ...cite,
      });
    } else if (effect === 'stop') {
      const days = to.since(from).days + 1;
      stops.push({ from, days });
      const until = open ? `${to} (still waiting)` : to.toString();
      steps.push({
        step: `clock stopped for ${pause.reason} from ${from} to ${until}: ${plural(days, 'day')} do not count if the period is still running`,
        ...cite,
      });
    } else {
      steps.push({ step: `${pause.reason} information requested on ${from}: the clock keeps running`, ...cite });
    }
  }
  const which = start.equals(receivedOn) ? 'receipt' : 'the restart';
  steps.push({
    step:
      rule.start === 'next-day'
        ? `the day of ${which} (${start}) is not counted`
        : `the day of ${which} (${start}) is day one`,
    citation: rule.startCitation,
  });

  // A stop counts only while the period it would lengthen is still running: one asked for after
  // the last day cannot revive a period that has ended. Days before the start are not in it.
  const applyStops = (end: Temporal.PlainDate, after?: Temporal.PlainDate) => {
    let day = end;
    let counted = 0;
    for (const stop of stops) {
      if (after !== undefined && Temporal.PlainDate.compare(stop.from, after) <= 0) continue;
      if (Temporal.PlainDate.compare(stop.from, day) > 0) continue;
      const clipped =
        Temporal.PlainDate.compare(stop.from, start) < 0 ? stop.days - stop.from.until(start).days : stop.days;
      if (clipped <= 0) continue;
      day = day.add({ days: clipped });
      counted += clipped;
    }
    return { day, counted };
  };

  let pausedDays = 0;
  const settle = (periods: readonly Period[], label: string): Temporal.PlainDate => {
    let day = endOf(
      start,
      periods.map((p) => periodParts(p, 'period')),
      rule.start,
      calendar,
    );
    const months = periods.some(hasMonths);
    const sum = `${start} + ${periods.map(periodText).join(' + ')}`;
    const how =
      rule.start === 'receipt-day' && !periods.every((p) => periodParts(p, 'period').kind === 'working')
        ? `${sum} − 1 day (the day of ${which} is day one)`
        : sum;
    steps.push({
      step: `${label}: ${how}${months ? ' (same date, else the last day of the month)' : ''} = ${day}`,
      date: day.toString(),
    });
    const stopped = applyStops(day);
    pausedDays = stopped.counted;
    if (stopped.counted > 0) {
      day = stopped.day;
      steps.push({ step: `${label}: + ${plural(stopped.counted, 'stopped day')} = ${day}`, date: day.toString() });
    }
    return roll(day, label);
  };
  let calendarNamed = 'one' in chosen;
  const roll = (day: Temporal.PlainDate, label: string): Temporal.PlainDate => {
    if (!rule.rollForward) return day;
    const rolled = rollAll(chosen, day, (latest) => {
      calendarNamed = false;
      steps.push({
        step: `${label}: ${day} rolls to different days in the places' calendars (as late as ${latest}); the earliest applies until the request names its calendar`,
      });
    });
    if (!rolled.equals(day)) {
      steps.push({
        step: `${label}: ${day} is not a working day (calendar "${calendar.id}"): moved to ${rolled}`,
        date: rolled.toString(),
        ...(rule.rollForwardCitation ? { citation: rule.rollForwardCitation } : {}),
      });
    }
    return rolled;
  };

  const first = settle([period], 'first period');
  const firstPausedDays = pausedDays;
  let respondBy = first;
  let latestExtended: Temporal.PlainDate | undefined;
  const extensions = facts.clock.extensions;
  const ext = override === undefined ? rule.extension : undefined;
  if (extensions.length > 0 && ext !== undefined) {
    const last = extensions[extensions.length - 1]!;
    const told = localDate(at(last.at), tz);
    if (last.until !== undefined) {
      // The controller named the date: under a regime that leaves the length to it (Swiss DPO
      // Art 18), or a shorter extension where the law allows "up to" a maximum. It is the date
      // told to the subject; a clock stop that begins after the notice still lengthens it.
      const stopped = applyStops(maxDate(first, Temporal.PlainDate.from(last.until)), told);
      respondBy = stopped.day;
      pausedDays = firstPausedDays + stopped.counted;
      steps.push({
        step: `extended on ${told} (${last.reason}) to ${last.until}, the date given to the subject${stopped.counted > 0 ? `, + ${plural(stopped.counted, 'stopped day')} = ${respondBy}` : ''}`,
        date: respondBy.toString(),
        citation: ext.citation,
      });
    } else if (ext.period !== undefined) {
      const extra = ext.period;
      const count = Math.min(extensions.length, ext.times);
      respondBy = settle([period, ...Array.from({ length: count }, () => extra)], 'extended');
      steps.push({
        step: `extended on ${told} (${last.reason}): counted from the original start, not from the first deadline`,
        date: respondBy.toString(),
        citation: ext.citation,
      });
    }
  } else if (ext?.period !== undefined) {
    const parts = [periodParts(period, 'period'), periodParts(ext.period, 'period')];
    latestExtended = applyStops(endOf(start, parts, rule.start, calendar)).day;
    if (rule.rollForward)
      latestExtended = rollAll(chosen, latestExtended, () => {
        calendarNamed = false;
      });
    steps.push({
      step: `an extension (if notified by ${first}) would move the deadline to ${ext.upTo ? 'at most ' : ''}${latestExtended}`,
      date: latestExtended.toString(),
      citation: ext.citation,
    });
  }

  let acknowledgeBy: Temporal.PlainDate | undefined;
  const ack = rule.acknowledgement;
  if (ack !== undefined && (ack.rights === undefined || ack.rights.includes(facts.right))) {
    acknowledgeBy = endOf(receivedOn, [periodParts(ack.period, 'period')], 'next-day', calendar);
    steps.push({
      step: `acknowledge receipt by ${acknowledgeBy}`,
      date: acknowledgeBy.toString(),
      citation: ack.citation,
    });
  }
  let forwardBy: Temporal.PlainDate | undefined;
  if (facts.role === 'processor' && facts.contract !== undefined) {
    const within = periodParts(facts.contract.forwardWithin, 'contract.forwardWithin');
    forwardBy = rollForward(calendar, endOf(receivedOn, [within], 'next-day', calendar));
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
    respondBy: dueOn(respondBy, tz).due,
    firstPeriodEnds: dueOn(first, tz).due,
    ...(latestExtended ? { latestExtended: dueOn(latestExtended, tz).due } : {}),
    ...(acknowledgeBy ? { acknowledgeBy: dueOn(acknowledgeBy, tz).due } : {}),
    ...(forwardBy ? { forwardBy: dueOn(forwardBy, tz).due } : {}),
    paused,
    pausedDays,
    calendar: calendarLabel,
    calendarNamed,
  };
  return { dates, steps };
}

/**
 * The deadlines of a request: respond-by (extended if it was), the end of the first period (the
 * last day to notify an extension), the acknowledgement and forwarding deadlines.
 *
 * @param request - a request state (from `openRequest`, `transition` or a store).
 * @param options - your regime registry, extra holiday calendars, or a calendar override.
 * @returns the deadlines, each a local date and the instant it ends.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` / `INVALID_ARGUMENT` for a state that is not one (a pause that ends before it starts, say).
 * @throws {@link index!DsarError} `UNKNOWN_REGIME`, `NO_RULE_IN_FORCE`, `UNKNOWN_CALENDAR` when the rules cannot be found.
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 * import { dueDates } from '@privkit/dsar/deadlines';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T17:00:00-08:00', id: 'R7', regime: 'ccpa', right: 'know',
 *   subject: 'c_19', timeZone: 'America/Los_Angeles', channel: 'web-form',
 * });
 * dueDates(request).respondBy.date;     // "2025-03-17"
 * dueDates(request).acknowledgeBy?.date; // "2025-02-14"
 * ```
 */
export function dueDates(request: DsarState, options?: DeadlineOptions): DueDates {
  return computeDeadlines(checkState(request), deadlineContext(options)).dates;
}

/**
 * How a request's deadline was computed: each step with the provision it relies on, then the
 * deadlines themselves. Show it to the reviewer, the DPO or the regulator.
 *
 * @param request - a request state.
 * @param options - as for {@link dueDates}.
 * @returns the steps and the deadlines.
 * @throws {@link index!DsarError} as {@link dueDates}.
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 * import { explainDeadline } from '@privkit/dsar/deadlines';
 *
 * const { steps } = explainDeadline(openRequest({
 *   type: 'receive', at: '2025-10-31T12:00:00Z', id: 'R9', regime: 'gdpr', right: 'erasure',
 *   subject: 's9', timeZone: 'Europe/Berlin', channel: 'email',
 * }));
 * steps.map((s) => s.step).join('\n');
 * // … "first period: 2025-11-30 is not a working day (calendar "weekends"): moved to 2025-12-01" …
 * ```
 */
export function explainDeadline(request: DsarState, options?: DeadlineOptions): DeadlineExplanation {
  return computeDeadlines(checkState(request), deadlineContext(options));
}

/**
 * What {@link deadlinesFor} needs: a receipt, without a request.
 *
 * @example
 * ```ts
 * import type { ReceiptInput } from '@privkit/dsar/deadlines';
 *
 * const input: ReceiptInput = { regime: 'ccpa', receivedAt: '2025-01-31T17:00:00-08:00', timeZone: 'America/Los_Angeles' };
 * ```
 */
export interface ReceiptInput {
  /** The regime id. */
  readonly regime: string;
  /** When the request was received: an instant, or a calendar date `YYYY-MM-DD` (taken as noon local time). */
  readonly receivedAt: InstantInput;
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
 * @throws {@link index!DsarError} `UNKNOWN_KEY` for a key a receipt does not have.
 * @throws {@link index!DsarError} `INVALID_INSTANT` for a receipt that is neither an instant nor a date that exists.
 * @throws {@link index!DsarError} `UNKNOWN_REGIME`, `NO_RULE_IN_FORCE`, `UNKNOWN_CALENDAR`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { deadlinesFor } from '@privkit/dsar/deadlines';
 *
 * deadlinesFor({ regime: 'gdpr', receivedAt: '2025-01-31', timeZone: 'Europe/Paris' }).dates.respondBy.date;
 * // "2025-02-28"
 * ```
 */
export function deadlinesFor(input: ReceiptInput, options?: DeadlineOptions): DeadlineExplanation {
  const o = strictObject(input, ['regime', 'receivedAt', 'timeZone', 'right', 'calendar'], 'input', raise);
  const context = deadlineContext(options);
  const regime = context.regimes.get(text(o['regime'], 'input.regime', raise, 63));
  const timeZone = zone(o['timeZone'], 'input.timeZone');
  let receivedMs: number;
  const date = parseDate(o['receivedAt']);
  if (date !== undefined) {
    receivedMs = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone, plainTime: '12:00' }).epochMilliseconds;
  } else {
    receivedMs = requireInstant(o['receivedAt'], 'input.receivedAt', raise);
  }
  const right = o['right'] === undefined ? (regime.rights[0] as string) : text(o['right'], 'input.right', raise, 63);
  if (!regime.rights.includes(right))
    throw new DsarError('INVALID_ARGUMENT', `"input.right" is not a right under regime "${regime.id}"`, {
      path: 'input.right',
    });
  const receivedAt = new Date(receivedMs).toISOString();
  const state = checkState({
    id: 'receipt',
    regime: regime.id,
    right,
    subject: 'receipt',
    identifiers: [],
    timeZone,
    channel: 'receipt',
    role: 'controller',
    linked: [],
    ...(o['calendar'] === undefined ? {} : { calendar: o['calendar'] }),
    receivedAt,
    status: 'received',
    version: 1,
    updatedAt: receivedAt,
    clock: { pauses: [], extensions: [] },
  });
  return computeDeadlines(state, context);
}
