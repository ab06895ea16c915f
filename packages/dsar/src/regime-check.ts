/**
 * @module
 * Checking a regime: {@link defineRegime} reads a regime strictly (unknown keys, impossible dates,
 * malformed periods, missing citations, unsorted rules) and freezes it, so a registry
 * (`createRegimeRegistry`) can make it usable by requests; `periodParts` reads one period the way
 * the deadline engine counts it.
 */

import { array, integerInRange, nonEmptyString, oneOf, strictObject } from '@privkit/internal/check';
import { isZeroDuration, requireDuration } from '@privkit/internal/duration';
import { requireDate } from '@privkit/internal/instant';
import { DsarError } from './errors.js';
import { deepFreeze, raise } from './internal/raise.js';
import type {
  AcknowledgementRule,
  NoFixedPeriod,
  PauseRule,
  Period,
  PeriodRule,
  Regime,
  RegimeRule,
} from './regime.js';

/** @internal A period as the deadline engine reads it. */
export type PeriodParts =
  | { readonly kind: 'calendar'; readonly years: number; readonly months: number; readonly days: number }
  | { readonly kind: 'working'; readonly workingDays: number };

// The deadline engine reads the same few period strings (P1M, P45D) several times per request:
// the parts of each accepted one are kept (only accepted text is cached, so every refusal still
// names its own path).
const calendarPeriods = new Map<string, PeriodParts>();

/** @internal A checked period's parts, or the typed error naming `path`. */
export function periodParts(value: unknown, path: string): PeriodParts {
  if (typeof value === 'string') {
    const hit = calendarPeriods.get(value);
    if (hit !== undefined) return hit;
    const parts = requireDuration(value, path, raise, ['years', 'months', 'weeks', 'days']);
    if (isZeroDuration(parts)) throw raise('INVALID_DURATION', path, `"${path}" must be longer than zero`);
    const out: PeriodParts = Object.freeze({
      kind: 'calendar',
      years: parts.years,
      months: parts.months,
      days: parts.weeks * 7 + parts.days,
    });
    if (calendarPeriods.size >= 256) calendarPeriods.clear();
    calendarPeriods.set(value, out);
    return out;
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

// A rule's period: a length, or the law's words where it sets none.
function rulePeriod(value: unknown, path: string): Period | NoFixedPeriod {
  if (typeof value !== 'object' || value === null || !('noFixedPeriod' in value)) return checkedPeriod(value, path);
  const o = strictObject(value, ['noFixedPeriod'], path, raise);
  return { noFixedPeriod: nonEmptyString(o['noFixedPeriod'], `${path}.noFixedPeriod`, raise) };
}

function rule(value: unknown, path: string, rights: readonly string[]): RegimeRule {
  const o = strictObject(value, RULE_KEYS, path, raise);
  const out: Record<string, unknown> = {
    effectiveFrom: requireDate(o['effectiveFrom'], `${path}.effectiveFrom`, raise),
    period: rulePeriod(o['period'], `${path}.period`),
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
    // An extension lengthens a period; a law that sets none has nothing to extend.
    if (typeof out['period'] === 'object' && 'noFixedPeriod' in (out['period'] as object))
      throw raise('INVALID_ARGUMENT', p, `"${p}" is not allowed where the law sets no fixed period`);
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
 * @throws {@link index!DsarError} `INVALID_DURATION` for a period that is not a positive ISO 8601
 *   duration of calendar units or `{ workingDays }`.
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
