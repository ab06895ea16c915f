/**
 * @module
 * `@privkit/dsar/regimes`: the legal regimes as data, for the people who check or add them.
 * The regime DSL and its strict check (`defineRegime`), registries (`createRegimeRegistry`: the
 * shipped regimes, which cannot be replaced, and yours), the ids of the shipped regimes, and the
 * holiday calendars deadlines roll over.
 */

export { CALENDARS, extendCalendar, type HolidayCalendar, isWorkingDay } from '../calendar.js';
export type {
  AcknowledgementRule,
  ExtensionRule,
  NoFixedPeriod,
  PauseEffect,
  PauseRule,
  Period,
  PeriodRule,
  Regime,
  RegimeRule,
  StartAnchor,
} from '../regime.js';
export { defineRegime } from '../regime-check.js';
export { createRegimeRegistry, REGIME_IDS, type RegimeRegistry } from '../registry.js';
