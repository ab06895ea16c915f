/**
 * @module
 * The options of the deadline functions (`DeadlineOptions`: a regime registry, extra holiday
 * calendars, a calendar override), checked strictly into a `DeadlineContext` once per options
 * object: `transition`, `overdue` and the service read them on every call, often in loops.
 */

import { joinPath, knownKeys, plainObject, strictObject, strictOptions } from '@privkit/internal/check';
import { CALENDARS, checkCalendar, type HolidayCalendar } from '../calendar.js';
import { raise } from '../internal/raise.js';
import { text } from '../internal/records.js';
import { isNoFixedPeriod, type NoFixedPeriod, type Period } from '../regime.js';
import { periodParts } from '../regime-check.js';
import { type RegimeRegistry, registryOf } from '../registry.js';

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
  /**
   * Internal targets by regime id, for the regimes whose law sets no fixed period ("without
   * delay": `jp-appi`; "a reasonable period": `au-app`): `{ 'jp-appi': 'P14D' }`. A request under
   * such a regime is tracked against its target and its deadlines say `basis: 'internal-target'`;
   * without one it is refused (`NO_STATUTORY_PERIOD`). A target is never a statutory deadline.
   */
  readonly targets?: Readonly<Record<string, Period>>;
}

/** @internal Checked deadline options. */
export interface DeadlineContext {
  readonly regimes: RegimeRegistry;
  readonly calendars: Readonly<Record<string, HolidayCalendar>>;
  readonly calendar: string | undefined;
  readonly targets: Readonly<Record<string, Period>>;
}

/** @internal The keys of {@link DeadlineOptions}. */
export const DEADLINE_OPTION_KEYS = ['regimes', 'calendars', 'calendar', 'targets'] as const;

const contexts = new WeakMap<object, DeadlineContext>();
let defaultContext: DeadlineContext | undefined;

/** @internal Checks deadline options once per options object (they are read on every call in loops). */
export function deadlineContext(options: unknown, extraKeys: readonly string[] = []): DeadlineContext {
  if (options === undefined) {
    defaultContext ??= { regimes: registryOf(undefined), calendars: CALENDARS, calendar: undefined, targets: {} };
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
  const targets: Record<string, Period> = {};
  const regimes = registryOf(o['regimes']);
  if (o['targets'] !== undefined) {
    // Only a regime with a rule of no fixed period takes a target: a misspelt id ('jp-api'), or
    // one whose law sets the period ('gdpr'), would be a target silently never used.
    const open = (id: string) =>
      regimes.has(id) && regimes.get(id).rules.some((rule) => isNoFixedPeriod(rule.period as Period | NoFixedPeriod));
    const given = plainObject(o['targets'], 'options.targets', raise, 'INVALID_OPTIONS');
    knownKeys(given, Object.keys(given).filter(open), 'options.targets', raise);
    for (const id of Object.keys(given)) {
      const target = given[id] as Period;
      periodParts(target, joinPath('options.targets', id));
      targets[id] = typeof target === 'string' ? target : { workingDays: target.workingDays };
    }
  }
  const context: DeadlineContext = {
    regimes,
    calendars,
    calendar: o['calendar'] === undefined ? undefined : text(o['calendar'], 'options.calendar', raise, 63),
    targets: Object.freeze(targets),
  };
  contexts.set(options as object, context);
  return context;
}
