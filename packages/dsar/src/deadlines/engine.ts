/**
 * @module
 * The deadline engine. A request's deadlines are computed from its regime's rule in force on the
 * receipt date and the clock facts folded from its events: start anchor, calendar months clamped
 * to the month's last day (Reg 1182/71 Art 3(2)(c)), clock stops and restarts, an extension
 * counted from the original start (never chained onto the first deadline), roll-forward to the
 * next working day, acknowledgement. Every deadline ends at the end of the local day in the
 * controller's time zone. Each step is recorded with its citation for `explainDeadline`.
 */

import { parseInstant } from '@privkit/internal/instant';
import { Temporal } from 'temporal-polyfill';
import { type HolidayCalendar, rollForward } from '../calendar.js';
import { DsarError } from '../errors.js';
import { dueOn, localDate } from '../internal/time.js';
import type { DsarState } from '../model.js';
import { isNoFixedPeriod, type Period, ruleOn } from '../regime.js';
import { periodParts } from '../regime-check.js';
import { calendarsFor, endOf, hasMonths, periodText, plural, rollAll } from './counting.js';
import type { DeadlineContext } from './options.js';
import type { DeadlineExplanation, DeadlineStep, DueDates } from './results.js';

const maxDate = (a: Temporal.PlainDate, b: Temporal.PlainDate) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b);
const at = (instant: string) => parseInstant(instant) as number;

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
        ? `holiday calendar "${calendar.id}": ${calendar.name}, ` +
          `known from ${calendar.coverage.from} to ${calendar.coverage.to}` +
          `${calendar.scope ? ` (${calendar.scope})` : ''}`
        : 'no holiday calendar named: each deadline is rolled in the calendar of every place the regime ' +
          `applies in (${calendarLabel}) and the earliest day is kept`,
    ...(calendar.source ? { citation: calendar.source } : {}),
  });
  steps.push({
    step: `${regime.name}: rule in force from ${rule.effectiveFrom} applies to a request received on ${receivedOn}`,
    citation: rule.citation,
  });

  const override = rule.rightPeriods?.[facts.right];
  const law = override?.period ?? rule.period;
  // Where the law sets no fixed period, the request is tracked against the user's internal target
  // for the regime, said to be one; no number is made up for the law.
  const noFixed = isNoFixedPeriod(law) ? law.noFixedPeriod : undefined;
  let period: Period;
  if (noFixed === undefined) {
    period = law as Period;
    steps.push({
      step: `period for "${facts.right}": ${periodText(period)}${override ? ' (right-specific)' : ''}`,
      citation: override?.citation ?? rule.citation,
    });
  } else {
    const target = Object.hasOwn(context.targets, regime.id) ? context.targets[regime.id] : undefined;
    if (target === undefined)
      throw new DsarError(
        'NO_STATUTORY_PERIOD',
        `regime "${regime.id}" sets no fixed period (respond ${noFixed}); give an internal target for it in ` +
          'options.targets',
        { path: 'options.targets' },
      );
    period = target;
    steps.push({
      step:
        `no statutory period for "${facts.right}": the law asks for a response ${noFixed}; ` +
        `tracked against your internal target of ${periodText(period)}, which is not a legal deadline`,
      citation: rule.citation,
    });
  }

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
        step:
          `${pause.reason} information ${what}: the period runs from ${start}` +
          `${before.equals(start) ? ' (unchanged)' : ''}`,
        date: start.toString(),
        ...cite,
      });
    } else if (effect === 'stop') {
      const days = to.since(from).days + 1;
      stops.push({ from, days });
      const until = open ? `${to} (still waiting)` : to.toString();
      steps.push({
        step:
          `clock stopped for ${pause.reason} from ${from} to ${until}: ` +
          `${plural(days, 'day')} do not count if the period is still running`,
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
        step:
          `${label}: ${day} rolls to different days in the places' calendars (as late as ${latest}); ` +
          'the earliest applies until the request names its calendar',
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
        step:
          `extended on ${told} (${last.reason}) to ${last.until}, the date given to the subject` +
          `${stopped.counted > 0 ? `, + ${plural(stopped.counted, 'stopped day')} = ${respondBy}` : ''}`,
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
      step:
        `an extension (if notified by ${first}) would move the deadline to ` +
        `${ext.upTo ? 'at most ' : ''}${latestExtended}`,
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
    step:
      noFixed === undefined
        ? `respond by the end of ${respondBy} in ${tz}; a miss is ` +
          `${rule.onMiss === 'deemed-refusal' ? 'a deemed refusal' : 'a breach of the duty'}`
        : `internal target: the end of ${respondBy} in ${tz}; the law sets no date and asks for a response ` +
          `${noFixed}, which may be earlier`,
    date: respondBy.toString(),
    citation: rule.onMissCitation,
  });

  const dates: DueDates = {
    regime: regime.id,
    ruleEffectiveFrom: rule.effectiveFrom,
    onMiss: rule.onMiss,
    basis: noFixed === undefined ? 'statute' : 'internal-target',
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
