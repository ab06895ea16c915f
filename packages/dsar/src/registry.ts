/**
 * @module
 * Regime registries. A registry is a value you create and pass, never a process-wide table: one
 * part of an application cannot change which rules another part's requests follow. Every
 * registry starts with the shipped regimes, which cannot be replaced (a regime with a shipped
 * id is `REGIME_EXISTS`); register your own regimes, or variants under new ids, on your own
 * registry.
 */

import { nonEmptyString, strictOptions } from '@privkit/internal/check';
import { requireDate } from '@privkit/internal/instant';
import { DsarError } from './errors.js';
import { raise } from './internal/raise.js';
import { type Regime, type RegimeRule, ruleOn } from './regime.js';
import { defineRegime } from './regime-check.js';
import { SHIPPED_REGIMES } from './regimes/shipped.js';

/**
 * A set of regimes requests may name. Shipped regimes are always in it and never replaced.
 *
 * @example
 * ```ts
 * import { createRegimeRegistry } from '@privkit/dsar/regimes';
 *
 * const regimes = createRegimeRegistry();
 * regimes.ruleInForce('uk-gdpr', '2026-03-01').effectiveFrom; // "2026-02-05" (Art 12A)
 * ```
 */
export interface RegimeRegistry {
  /**
   * The regime with that id.
   *
   * @throws {@link index!DsarError} `UNKNOWN_REGIME` when the registry has none.
   */
  get(id: string): Regime;
  /** Whether the registry has a regime with that id. */
  has(id: string): boolean;
  /** Every regime id, shipped ones first, then yours in registration order. */
  ids(): string[];
  /**
   * Checks a regime with `defineRegime` and adds it.
   *
   * @throws {@link index!DsarError} `REGIME_EXISTS` when the id is taken (a shipped regime is never replaced).
   */
  register(regime: Regime): Regime;
  /**
   * The regime's rule in force on a receipt date (`YYYY-MM-DD` in the controller's zone).
   *
   * @throws {@link index!DsarError} `NO_RULE_IN_FORCE` for a date before its first rule.
   */
  ruleInForce(id: string, date: string): RegimeRule;
}

/**
 * The ids of the regimes that ship with the package.
 *
 * @example
 * ```ts
 * import { REGIME_IDS } from '@privkit/dsar/regimes';
 *
 * REGIME_IDS.includes('uk-gdpr'); // true
 * ```
 */
export const REGIME_IDS: readonly string[] = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ SHIPPED_REGIMES.map((r) => r.id),
);

const registries = new WeakSet<object>();

// The shipped regimes, checked once on first use and shared by every registry (they are frozen).
let shipped: Map<string, Regime> | undefined;
const shippedRegimes = (): Map<string, Regime> => {
  shipped ??= new Map(SHIPPED_REGIMES.map((r) => [r.id, defineRegime(r)]));
  return shipped;
};

/**
 * A new registry holding the shipped regimes and, optionally, yours.
 *
 * @param options - `regimes`: regimes of your own to register now.
 * @returns the registry.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` / `INVALID_OPTIONS` for malformed options.
 * @throws {@link index!DsarError} `REGIME_EXISTS` for a regime whose id is taken.
 * @example
 * ```ts
 * import { createRegimeRegistry } from '@privkit/dsar/regimes';
 *
 * const base = createRegimeRegistry().get('gdpr');
 * const regimes = createRegimeRegistry({
 *   regimes: [{ ...base, id: 'gdpr-de', rules: base.rules.map((rule) => ({ ...rule, calendar: 'weekends' })) }],
 * });
 * regimes.has('gdpr-de'); // true
 * ```
 */
export function createRegimeRegistry(options?: { readonly regimes?: readonly Regime[] }): RegimeRegistry {
  const o = strictOptions(options, ['regimes'], raise);
  const own = new Map<string, Regime>();
  const get = (id: string): Regime => {
    const regime = typeof id === 'string' ? (shippedRegimes().get(id) ?? own.get(id)) : undefined;
    if (regime === undefined)
      throw new DsarError('UNKNOWN_REGIME', '"regime" names no regime in the registry (see REGIME_IDS)', {
        path: 'regime',
      });
    return regime;
  };
  const registry: RegimeRegistry = {
    get,
    has: (id) => typeof id === 'string' && (shippedRegimes().has(id) || own.has(id)),
    ids: () => [...shippedRegimes().keys(), ...own.keys()],
    register(regime) {
      const checked = defineRegime(regime);
      if (shippedRegimes().has(checked.id) || own.has(checked.id)) {
        throw new DsarError(
          'REGIME_EXISTS',
          `a regime with id "${checked.id}" is already registered; give your variant an id of its own`,
          { path: 'regime.id' },
        );
      }
      own.set(checked.id, checked);
      return checked;
    },
    ruleInForce(id, date) {
      return ruleOn(get(id), requireDate(date, 'date', raise));
    },
  };
  if (o['regimes'] !== undefined) {
    if (!Array.isArray(o['regimes']))
      throw raise('INVALID_OPTIONS', 'options.regimes', '"options.regimes" must be an array of regimes');
    for (const regime of o['regimes'] as Regime[]) registry.register(regime);
  }
  registries.add(registry);
  return Object.freeze(registry);
}

let defaultRegistry: RegimeRegistry | undefined;

/** @internal The registry `options.regimes` names, checked; the shipped regimes alone by default. */
export function registryOf(value: unknown, path = 'options.regimes'): RegimeRegistry {
  if (value === undefined) {
    defaultRegistry ??= createRegimeRegistry();
    return defaultRegistry;
  }
  if (typeof value !== 'object' || value === null || !registries.has(value))
    throw raise('INVALID_OPTIONS', path, `"${path}" must be a registry from createRegimeRegistry`);
  return value as RegimeRegistry;
}

/** @internal A non-empty id string, for the checks of request fields. */
export const regimeId = (value: unknown, path: string): string => nonEmptyString(value, path, raise);
