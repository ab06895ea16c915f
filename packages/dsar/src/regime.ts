/**
 * @module
 * The regime DSL: each legal regime is plain data — its rights and a list of rules, each in force
 * from an effective date, with the period, how it is counted, roll-forward, extension,
 * acknowledgement, clock stops and what a miss means, every element with its citation. The rule
 * in force on the receipt date applies to the request. {@link defineRegime} checks a regime
 * strictly (unknown keys, impossible dates, malformed periods, missing citations) and freezes it;
 * a registry (`createRegimeRegistry`) makes it usable by requests.
 */

import { array, integerInRange, nonEmptyString, oneOf, strictObject } from '@privkit/internal/check';
import { isZeroDuration, requireDuration } from '@privkit/internal/duration';
import { requireDate } from '@privkit/internal/instant';
import { DsarError } from './errors.js';
import { deepFreeze, raise } from './internal/raise.js';

/**
 * A length of time: an ISO 8601 duration of calendar units (`P1M`, `P45D`, `P2W`, `P1Y`), or a
 * number of working days of the holiday calendar (`{ workingDays: 10 }`), which ISO 8601 cannot
 * spell.
 *
 * @example
 * ```ts
 * import type { Period } from '@privkit/dsar/regimes';
 *
 * const oneMonth: Period = 'P1M';
 * const tenBusinessDays: Period = { workingDays: 10 };
 * ```
 */
export type Period =
  | string
  | {
      /** Working days of the holiday calendar, counted from the day after the start. */
      readonly workingDays: number;
    };

/**
 * A period with the provision that sets it.
 *
 * @example
 * ```ts
 * import type { PeriodRule } from '@privkit/dsar/regimes';
 *
 * const ack: PeriodRule = { period: { workingDays: 10 }, citation: '11 CCR § 7021(a)' };
 * ```
 */
export interface PeriodRule {
  /** The period. */
  readonly period: Period;
  /** The provision setting it. */
  readonly citation: string;
}

/**
 * A deadline to acknowledge receipt, for the rights it applies to.
 *
 * @example
 * ```ts
 * import type { AcknowledgementRule } from '@privkit/dsar/regimes';
 *
 * const ack: AcknowledgementRule = {
 *   period: { workingDays: 10 },
 *   rights: ['know', 'delete', 'correct'],
 *   citation: '11 CCR § 7021(a)',
 * };
 * ```
 */
export interface AcknowledgementRule extends PeriodRule {
  /** The rights whose requests must be acknowledged; every right of the regime when absent. */
  readonly rights?: readonly string[];
}

/**
 * How the first day of a period is counted.
 * - `next-day`: the day of the event is not counted; the period runs from the next day (Reg
 *   1182/71 Art 3(1), and most civil codes). One month from 31 January ends on 28 February.
 * - `receipt-day`: the day of receipt is day one. Forty-five days from 31 January end on 16 March.
 */
export type StartAnchor = 'next-day' | 'receipt-day';

/**
 * What a request that asks the data subject for something does to the clock.
 * - `none`: the clock keeps running.
 * - `restart`: the period starts again from the day the answer arrives (the "relevant time").
 * - `stop`: the days from the request for information to its receipt, both included, do not
 *   count; the deadline moves by that many days.
 */
export type PauseEffect = 'none' | 'restart' | 'stop';

/**
 * A clock rule with its legal source.
 *
 * @example
 * ```ts
 * import type { PauseRule } from '@privkit/dsar/regimes';
 *
 * const stop: PauseRule = { effect: 'stop', citation: 'UK GDPR Art 12A(5)–(6)' };
 * ```
 */
export interface PauseRule {
  /** What the request for information does to the clock. */
  readonly effect: PauseEffect;
  /** The provision (or guidance) relied on. */
  readonly citation: string;
}

/**
 * The extension a rule allows.
 *
 * @example
 * ```ts
 * import type { ExtensionRule } from '@privkit/dsar/regimes';
 *
 * const gdpr: ExtensionRule = { period: 'P2M', times: 1, noticeWithinFirstPeriod: true, citation: 'GDPR Art 12(3)' };
 * ```
 */
export interface ExtensionRule {
  /** The extra time, counted from the original start; absent where the controller names the date (Swiss DPO Art 18). */
  readonly period?: Period;
  /** How many times the request may be extended. */
  readonly times: number;
  /**
   * The law allows an extension of "up to" the period (GDPR Art 12(3) "by two further months",
   * read by the EDPB as a maximum; 11 CCR § 7021(b) "up to an additional 45 calendar days"): the
   * controller may name an earlier last day (`extend` with `until`). Without it the extension is
   * the whole period.
   */
  readonly upTo?: boolean;
  /** The subject must be told before the first period ends. */
  readonly noticeWithinFirstPeriod: boolean;
  /** The provision allowing it. */
  readonly citation: string;
}

/**
 * One version of a regime's deadline rules, in force from `effectiveFrom`.
 *
 * @example
 * ```ts
 * import type { RegimeRule } from '@privkit/dsar/regimes';
 *
 * const rule: RegimeRule = {
 *   effectiveFrom: '2018-05-25',
 *   period: 'P1M',
 *   citation: 'GDPR Art 12(3)',
 *   start: 'next-day',
 *   startCitation: 'Reg (EEC, Euratom) 1182/71 Art 3(1)',
 *   rollForward: true,
 *   rollForwardCitation: 'Reg 1182/71 Art 3(4)',
 *   onMiss: 'breach',
 *   onMissCitation: 'GDPR Arts 12(3), 83(5)(b)',
 * };
 * ```
 */
export interface RegimeRule {
  /** The first receipt date (`YYYY-MM-DD`, in the controller's zone) this rule applies to. */
  readonly effectiveFrom: string;
  /** The response period. */
  readonly period: Period;
  /** The provision setting the period. */
  readonly citation: string;
  /** How the first day is counted. */
  readonly start: StartAnchor;
  /** The provision on counting. */
  readonly startCitation: string;
  /** Whether a deadline on a non-working day moves to the next working day. */
  readonly rollForward: boolean;
  /** The provision on roll-forward (or why there is none). */
  readonly rollForwardCitation?: string;
  /** The holiday calendar id used when the request names none. */
  readonly calendar?: string;
  /**
   * The calendars of the places the regime applies in, where holidays differ by place (the EEA
   * Member States for the GDPR, the UK's three bank-holiday calendars, the Swiss cantons). A
   * request names one; where it names none and the rule has no `calendar`, a deadline is computed
   * only when every one of them gives the same day (`CALENDAR_REQUIRED` otherwise).
   */
  readonly calendars?: readonly string[];
  /** Per-right periods that differ from `period` (such as CCPA opt-out of sale: 15 business days). */
  readonly rightPeriods?: Readonly<Record<string, PeriodRule>>;
  /** The extension available, if any. */
  readonly extension?: ExtensionRule;
  /** A deadline to acknowledge receipt, if any. */
  readonly acknowledgement?: AcknowledgementRule;
  /** What asking for identity information does to the clock. */
  readonly identityPause?: PauseRule;
  /** What asking the subject to clarify the request does to the clock. */
  readonly clarificationPause?: PauseRule;
  /** What a miss means: a breach of the duty, or the request deemed refused (PIPEDA, Québec). */
  readonly onMiss: 'breach' | 'deemed-refusal';
  /** The provision on the consequence of a miss. */
  readonly onMissCitation: string;
}

/**
 * A legal regime: its rights and its rules over time.
 *
 * @example
 * ```ts
 * import { createRegimeRegistry } from '@privkit/dsar/regimes';
 *
 * const gdpr = createRegimeRegistry().get('gdpr');
 * gdpr.rights.includes('erasure'); // true
 * ```
 */
export interface Regime {
  /** A short kebab-case id: `gdpr`, `uk-gdpr`, `ccpa`, … */
  readonly id: string;
  /** The law's name. */
  readonly name: string;
  /** Where it applies. */
  readonly jurisdiction: string;
  /** The rights a request may exercise under this regime (kebab-case ids). */
  readonly rights: readonly string[];
  /** The rules, oldest first; the last one whose `effectiveFrom` is on or before receipt applies. */
  readonly rules: readonly RegimeRule[];
}

/** @internal A period as the deadline engine reads it. */
export type PeriodParts =
  | { readonly kind: 'calendar'; readonly years: number; readonly months: number; readonly days: number }
  | { readonly kind: 'working'; readonly workingDays: number };

/** @internal A checked period's parts, or the typed error naming `path`. */
export function periodParts(value: unknown, path: string): PeriodParts {
  if (typeof value === 'string') {
    const parts = requireDuration(value, path, raise, ['years', 'months', 'weeks', 'days']);
    if (isZeroDuration(parts)) throw raise('INVALID_DURATION', path, `"${path}" must be longer than zero`);
    return { kind: 'calendar', years: parts.years, months: parts.months, days: parts.weeks * 7 + parts.days };
  }
  const object = strictObject(value, ['workingDays'], path, raise, 'INVALID_DURATION');
  return {
    kind: 'working',
    workingDays: integerInRange(object['workingDays'], 1, 3660, `${path}.workingDays`, raise, 'INVALID_DURATION'),
  };
}

const RULE_KEYS = [
  'effectiveFrom',
  'period',
  'citation',
  'start',
  'startCitation',
  'rollForward',
  'rollForwardCitation',
  'calendar',
  'calendars',
  'rightPeriods',
  'extension',
  'acknowledgement',
  'identityPause',
  'clarificationPause',
  'onMiss',
  'onMissCitation',
];
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

const citation = (value: unknown, path: string) => nonEmptyString(value, path, raise, 'INVALID_ARGUMENT', 2000);

function periodRule(value: unknown, path: string): PeriodRule {
  const o = strictObject(value, ['period', 'citation'], path, raise);
  return {
    period: checkedPeriod(o['period'], `${path}.period`),
    citation: citation(o['citation'], `${path}.citation`),
  };
}

function acknowledgementRule(value: unknown, path: string, rights: readonly string[]): AcknowledgementRule {
  const o = strictObject(value, ['period', 'citation', 'rights'], path, raise);
  const out: { period: Period; citation: string; rights?: string[] } = {
    period: checkedPeriod(o['period'], `${path}.period`),
    citation: citation(o['citation'], `${path}.citation`),
  };
  if (o['rights'] !== undefined) {
    const list = array(o['rights'], `${path}.rights`, raise).map((right, i) => {
      if (typeof right !== 'string' || !rights.includes(right))
        throw raise(
          'INVALID_ARGUMENT',
          `${path}.rights[${i}]`,
          `"${path}.rights[${i}]" must be one of the regime's rights`,
        );
      return right;
    });
    if (list.length === 0)
      throw raise('INVALID_ARGUMENT', `${path}.rights`, `"${path}.rights" must list at least one right`);
    out.rights = [...new Set(list)];
  }
  return out;
}

const copyPeriod = (p: Period): Period => (typeof p === 'string' ? p : { workingDays: p.workingDays });

// A checked copy of a period.
function checkedPeriod(value: unknown, path: string): Period {
  periodParts(value, path);
  return copyPeriod(value as Period);
}

function pauseRule(value: unknown, path: string): PauseRule {
  const o = strictObject(value, ['effect', 'citation'], path, raise);
  return {
    effect: oneOf(o['effect'], ['none', 'restart', 'stop'] as const, `${path}.effect`, raise),
    citation: citation(o['citation'], `${path}.citation`),
  };
}

function rule(value: unknown, path: string, rights: readonly string[]): RegimeRule {
  const o = strictObject(value, RULE_KEYS, path, raise);
  const out: Record<string, unknown> = {
    effectiveFrom: requireDate(o['effectiveFrom'], `${path}.effectiveFrom`, raise),
    period: checkedPeriod(o['period'], `${path}.period`),
    citation: citation(o['citation'], `${path}.citation`),
    start: oneOf(o['start'], ['next-day', 'receipt-day'] as const, `${path}.start`, raise),
    startCitation: citation(o['startCitation'], `${path}.startCitation`),
  };
  if (typeof o['rollForward'] !== 'boolean')
    throw raise('INVALID_ARGUMENT', `${path}.rollForward`, `"${path}.rollForward" must be true or false`);
  out['rollForward'] = o['rollForward'];
  if (o['rollForwardCitation'] !== undefined)
    out['rollForwardCitation'] = citation(o['rollForwardCitation'], `${path}.rollForwardCitation`);
  if (o['calendar'] !== undefined) out['calendar'] = nonEmptyString(o['calendar'], `${path}.calendar`, raise);
  if (o['calendars'] !== undefined) {
    const list = array(o['calendars'], `${path}.calendars`, raise).map((id, i) =>
      nonEmptyString(id, `${path}.calendars[${i}]`, raise),
    );
    if (list.length === 0)
      throw raise('INVALID_ARGUMENT', `${path}.calendars`, `"${path}.calendars" must list at least one calendar`);
    out['calendars'] = [...new Set(list)];
  }
  if (o['rightPeriods'] !== undefined) {
    const periods = strictObject(o['rightPeriods'], rights, `${path}.rightPeriods`, raise);
    const copy: Record<string, PeriodRule> = {};
    for (const right of Object.keys(periods)) copy[right] = periodRule(periods[right], `${path}.rightPeriods.${right}`);
    out['rightPeriods'] = copy;
  }
  if (o['extension'] !== undefined) {
    const p = `${path}.extension`;
    const e = strictObject(
      o['extension'],
      ['period', 'times', 'noticeWithinFirstPeriod', 'upTo', 'citation'],
      p,
      raise,
    );
    if (e['upTo'] !== undefined && typeof e['upTo'] !== 'boolean')
      throw raise('INVALID_ARGUMENT', `${p}.upTo`, `"${p}.upTo" must be true or false`);
    if (e['upTo'] === true && e['period'] === undefined)
      throw raise('INVALID_ARGUMENT', `${p}.upTo`, `"${p}.upTo" needs the maximum "period"`);
    if (typeof e['noticeWithinFirstPeriod'] !== 'boolean')
      throw raise(
        'INVALID_ARGUMENT',
        `${p}.noticeWithinFirstPeriod`,
        `"${p}.noticeWithinFirstPeriod" must be true or false`,
      );
    out['extension'] = {
      ...(e['period'] === undefined ? {} : { period: checkedPeriod(e['period'], `${p}.period`) }),
      times: integerInRange(e['times'], 1, 10, `${p}.times`, raise, 'INVALID_ARGUMENT'),
      noticeWithinFirstPeriod: e['noticeWithinFirstPeriod'],
      ...(e['upTo'] === true ? { upTo: true } : {}),
      citation: citation(e['citation'], `${p}.citation`),
    };
  }
  if (o['acknowledgement'] !== undefined)
    out['acknowledgement'] = acknowledgementRule(o['acknowledgement'], `${path}.acknowledgement`, rights);
  if (o['identityPause'] !== undefined) out['identityPause'] = pauseRule(o['identityPause'], `${path}.identityPause`);
  if (o['clarificationPause'] !== undefined)
    out['clarificationPause'] = pauseRule(o['clarificationPause'], `${path}.clarificationPause`);
  out['onMiss'] = oneOf(o['onMiss'], ['breach', 'deemed-refusal'] as const, `${path}.onMiss`, raise);
  out['onMissCitation'] = citation(o['onMissCitation'], `${path}.onMissCitation`);
  return out as unknown as RegimeRule;
}

/**
 * Checks a regime strictly and returns a deeply frozen copy: every key known, every effective
 * date a real calendar date after the previous rule's, every period an ISO 8601 duration of
 * calendar units or a count of working days, every element cited. Register it on your own
 * registry (`createRegimeRegistry`) to open requests under it.
 *
 * @param regime - the regime, as plain data.
 * @returns the checked, frozen copy.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` for a key the DSL does not know (the path and allowed keys are named).
 * @throws {@link index!DsarError} `INVALID_DATE` for an effective date that does not exist (`2018-02-30`).
 * @throws {@link index!DsarError} `INVALID_DURATION` for a period that is not a positive ISO 8601 duration of calendar units or `{ workingDays }`.
 * @throws {@link index!DsarError} `INVALID_ARGUMENT` for a missing citation, no rules, or unsorted effective dates.
 * @example
 * ```ts
 * import { createRegimeRegistry, defineRegime } from '@privkit/dsar/regimes';
 *
 * const gdpr = createRegimeRegistry().get('gdpr');
 * const bavaria = defineRegime({
 *   ...gdpr,
 *   id: 'gdpr-de-by',
 *   rules: gdpr.rules.map((rule) => ({ ...rule, calendar: 'de-by' })),
 * });
 * bavaria.rules[0]?.calendar; // "de-by"
 * ```
 */
export function defineRegime(regime: Regime): Regime {
  const o = strictObject(regime, ['id', 'name', 'jurisdiction', 'rights', 'rules'], 'regime', raise);
  const id = o['id'];
  if (typeof id !== 'string' || !ID.test(id))
    throw raise('INVALID_ARGUMENT', 'regime.id', '"regime.id" must be a kebab-case id (a-z, 0-9, -)');
  const rights = array(o['rights'], 'regime.rights', raise).map((right, i) => {
    if (typeof right !== 'string' || !ID.test(right))
      throw raise('INVALID_ARGUMENT', `regime.rights[${i}]`, `"regime.rights[${i}]" must be a kebab-case id`);
    return right;
  });
  if (rights.length === 0 || new Set(rights).size !== rights.length)
    throw raise('INVALID_ARGUMENT', 'regime.rights', '"regime.rights" must list at least one right, each once');
  const rulesIn = array(o['rules'], 'regime.rules', raise);
  if (rulesIn.length === 0)
    throw raise('INVALID_ARGUMENT', 'regime.rules', '"regime.rules" must list at least one rule');
  let previous = '';
  const rules = rulesIn.map((r, i) => {
    const checked = rule(r, `regime.rules[${i}]`, rights);
    if (checked.effectiveFrom <= previous) {
      throw new DsarError('INVALID_ARGUMENT', `"regime.rules[${i}].effectiveFrom" must be after the previous rule's`, {
        path: `regime.rules[${i}].effectiveFrom`,
      });
    }
    previous = checked.effectiveFrom;
    return checked;
  });
  return deepFreeze({
    id,
    name: nonEmptyString(o['name'], 'regime.name', raise, 'INVALID_ARGUMENT', 300),
    jurisdiction: nonEmptyString(o['jurisdiction'], 'regime.jurisdiction', raise, 'INVALID_ARGUMENT', 300),
    rights,
    rules,
  });
}

/** @internal The rule of `regime` in force on `date` (`YYYY-MM-DD`). */
export function ruleOn(regime: Regime, date: string): RegimeRule {
  let found: RegimeRule | undefined;
  for (const r of regime.rules) if (r.effectiveFrom <= date) found = r;
  if (found === undefined)
    throw new DsarError('NO_RULE_IN_FORCE', `regime "${regime.id}" has no rule in force on the receipt date`, {
      path: 'receivedAt',
    });
  return found;
}
