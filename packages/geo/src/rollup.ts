/**
 * @module
 * `@privkit/geo/rollup`: k-threshold roll-up of counts per location, for publishing aggregates
 * (a dashboard, an export, a report). A bucket with fewer than `k` people in it can single them
 * out ("the one visitor from Liechtenstein"), so such counts are merged into their parent
 * (cell → region → country → continent → other) until every published row holds at least `k`.
 * Totals are preserved: the published rows are a partition of the input. Its own entry point,
 * because reporting code needs it and an ingestion path does not.
 */

import { integerInRange, isPlainObject, oneOf, own, strictObject, strictOptions } from '@privkit/internal/check';
import type { ContinentCode } from './countries.js';
import { GeoError, raise } from './errors.js';

/**
 * How fine a published row is, finest first.
 *
 * @example
 * ```ts
 * import type { RollUpLevel } from '@privkit/geo/rollup';
 * const finest: RollUpLevel = 'region';
 * ```
 */
export type RollUpLevel = 'cell' | 'region' | 'country' | 'continent' | 'other';

const LEVELS: readonly RollUpLevel[] = ['continent', 'country', 'region', 'cell'];
// A bucket may come straight from `locate`, so its other fields are allowed (and ignored).
const BUCKET_KEYS = ['continent', 'country', 'region', 'cell', 'status', 'inEU', 'inEEA', 'special'];
const COARSEN_LEVELS = ['country', 'continent', 'other'] as const;

interface CheckedEntry {
  count: number;
  continent: string | null;
  country: string | null;
  region: string | null;
  cell: string | null;
}

/** One entry, read strictly: its count, and its location fields as text or `null`. */
function checkEntry(entry: unknown, i: number): CheckedEntry {
  const path = `entries[${i}]`;
  const fields = strictObject(entry, ['bucket', 'count'], path, raise);
  const count = own(fields, 'count');
  if (!Number.isSafeInteger(count) || (count as number) < 0) {
    throw new GeoError('INVALID_ARGUMENT', `"${path}.count" must be a whole number ≥ 0`, { path: `${path}.count` });
  }
  const bucket = strictObject(own(fields, 'bucket'), BUCKET_KEYS, `${path}.bucket`, raise);
  const value = (key: string): string | null => {
    const v = own(bucket, key);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') {
      throw new GeoError('INVALID_ARGUMENT', `"${path}.bucket.${key}" must be text or null`, {
        path: `${path}.bucket.${key}`,
      });
    }
    return v;
  };
  return {
    count: count as number,
    continent: value('continent'),
    country: value('country'),
    region: value('region'),
    cell: value('cell'),
  };
}

/** The `coarsen` option: country codes to the coarsest level they may be published at. */
function checkCoarsen(value: unknown): Readonly<Record<string, RollUpLevel>> {
  if (value === undefined) return Object.fromEntries(SMALL_POPULATION_COUNTRIES.map((c) => [c, 'continent']));
  if (!isPlainObject(value)) {
    throw new GeoError('INVALID_OPTIONS', '"options.coarsen" must be a plain object', { path: 'options.coarsen' });
  }
  const out: Record<string, RollUpLevel> = Object.create(null);
  for (const code of Object.keys(value)) {
    out[code] = oneOf(own(value, code), COARSEN_LEVELS, `options.coarsen.${code}`, raise, 'INVALID_OPTIONS');
  }
  return out;
}

/**
 * One input count: a location (a `GeoBucket` from `locate`, or the same fields from your store)
 * and how many people or events it holds. Entries with the same location are added up. An
 * entry without a continent (special-purpose and unknown addresses) counts towards `other`.
 *
 * @example
 * ```ts
 * import type { RollUpEntry } from '@privkit/geo/rollup';
 * const entry: RollUpEntry = { bucket: { continent: 'EU', country: 'DE', region: 'DE-BY' }, count: 12 };
 * ```
 */
export interface RollUpEntry {
  /** The location; `null` or missing fields are simply not known. */
  readonly bucket: {
    /** Continent code; without one the entry counts towards `other`. */
    readonly continent?: ContinentCode | null;
    /** ISO 3166-1 alpha-2 country code. */
    readonly country?: string | null;
    /** Region (ISO 3166-2 code or name), as `locate` gives it. */
    readonly region?: string | null | undefined;
    /** Grid cell, as `locate` gives it. */
    readonly cell?: string | null | undefined;
  };
  /** A whole number ≥ 0. */
  readonly count: number;
}

/**
 * Options for {@link rollUp}.
 *
 * @example
 * ```ts
 * import { rollUp, type RollUpOptions } from '@privkit/geo/rollup';
 * const options: RollUpOptions = { k: 10, finest: 'region', coarsen: { LU: 'continent' } };
 * rollUp([], options);
 * ```
 */
export interface RollUpOptions {
  /** The threshold: every published row holds at least `k` (a whole number ≥ 1). */
  k: number;
  /** The finest level to publish; finer fields of the input are ignored. Default `cell`. */
  finest?: Exclude<RollUpLevel, 'other'>;
  /**
   * Countries never published finer than the given level, by ISO code. Default: every code of
   * {@link SMALL_POPULATION_COUNTRIES} at `continent`. Pass `{}` to turn this off, or spread the
   * default into your own map.
   */
  coarsen?: Readonly<Record<string, 'country' | 'continent' | 'other'>>;
}

/**
 * A published row. It counts the people of its location who are not counted by a finer
 * published row: with a row for `DE-BY` and a row for `DE`, the `DE` row is "Germany outside the
 * published regions". An `other` row holds everything not published elsewhere.
 *
 * @example
 * ```ts
 * import { rollUp, type RollUpRow } from '@privkit/geo/rollup';
 * const rows: readonly RollUpRow[] = rollUp(
 *   [{ bucket: { continent: 'EU', country: 'FR' }, count: 40 }],
 *   { k: 10 },
 * ).rows;
 * // [{ level: "country", continent: "EU", country: "FR", region: null, cell: null, count: 40 }]
 * ```
 */
export interface RollUpRow {
  /** The row's level. */
  readonly level: RollUpLevel;
  /** Continent, or `null` for `other`. */
  readonly continent: ContinentCode | null;
  /** Country, or `null` above the country level. */
  readonly country: string | null;
  /** Region, or `null` above the region level (and for a cell with no known region). */
  readonly region: string | null;
  /** Cell, or `null` above the cell level. */
  readonly cell: string | null;
  /** At least `k`. */
  readonly count: number;
}

/**
 * The result of {@link rollUp}.
 *
 * @example
 * ```ts
 * import { rollUp, type RollUpResult } from '@privkit/geo/rollup';
 * const result: RollUpResult = rollUp([{ bucket: { continent: 'EU', country: 'FR' }, count: 3 }], { k: 10 });
 * result.withheld; // 3: fewer than k in all, so nothing can be published
 * ```
 */
export interface RollUpResult {
  /** The published rows, largest count first (ties by location), each with at least `k`. */
  readonly rows: readonly RollUpRow[];
  /** The sum of all input counts: always the sum of `rows` plus `withheld`. */
  readonly total: number;
  /** Counts not published: non-zero only when `total` itself is below `k`. */
  readonly withheld: number;
}

/**
 * Countries and territories with fewer than about 100,000 inhabitants (UN World Population
 * Prospects), where even a country-level count of `k` people is a large share of a small place.
 * {@link rollUp} publishes them at continent level unless told otherwise.
 *
 * @example
 * ```ts
 * import { SMALL_POPULATION_COUNTRIES } from '@privkit/geo/rollup';
 * SMALL_POPULATION_COUNTRIES.includes('VA'); // true (Vatican City)
 * ```
 */
export const SMALL_POPULATION_COUNTRIES: readonly string[] = Object.freeze(
  (
    'AD AG AI AQ AS AX BL BM BQ BV CC CK CX DM FK FM FO GG GI GL GS HM IM IO KN KY LI MC MF MH MP MS ' +
    'NF NR NU PM PN PW SH SJ SM SX TC TF TK TV UM VA VG WF'
  ).split(' '),
);

interface Node {
  path: (string | null)[];
  level: RollUpLevel;
  own: number;
  children: Map<string, Node>;
}

const node = (path: (string | null)[], level: RollUpLevel): Node => ({ path, level, own: 0, children: new Map() });

function row(n: Node, count: number): RollUpRow {
  const [continent = null, country = null, region = null, cell = null] = n.path;
  return Object.freeze({ level: n.level, continent: continent as ContinentCode | null, country, region, cell, count });
}

const key = (r: RollUpRow) => `${r.continent}/${r.country}/${r.region}/${r.cell}`;

/**
 * Rolls counts per location up until every published row holds at least `k`: a cell under `k`
 * joins its region, a region under `k` its country, then the continent, then `other`. If
 * `other` still holds fewer than `k` (but more than none), the smallest published rows are
 * folded into it until it reaches `k`. Only when the grand total is below `k` is anything
 * withheld, and then everything is.
 *
 * @param entries - counts per location; see {@link RollUpEntry}.
 * @param options - `k`, the finest level, and countries always shown coarser.
 * @returns the published rows, the total and what was withheld.
 * @throws `GeoError` (from `@privkit/geo`) `INVALID_OPTIONS` for a `k` that is not a whole number ≥ 1, an unknown
 *   `finest` or a `coarsen` level that is not one; `UNKNOWN_KEY` for a key the options, an entry or
 *   a bucket do not have; `INVALID_ARGUMENT` for an entry whose count is not a whole number ≥ 0
 *   or whose location fields are not text, naming it (`entries[3].count`).
 * @example
 * ```ts
 * import { rollUp } from '@privkit/geo/rollup';
 *
 * const { rows } = rollUp(
 *   [
 *     { bucket: { continent: 'EU', country: 'DE', region: 'DE-BY' }, count: 25 },
 *     { bucket: { continent: 'EU', country: 'DE', region: 'DE-HB' }, count: 2 },
 *     { bucket: { continent: 'EU', country: 'LI' }, count: 12 },
 *   ],
 *   { k: 10 },
 * );
 * // DE-BY 25; DE (Bremen's 2 rolled up) 2 < 10 → EU; LI is shown as its continent: EU 14
 * ```
 */
export function rollUp(entries: Iterable<RollUpEntry>, options: RollUpOptions): RollUpResult {
  const checked = strictOptions(options, ['k', 'finest', 'coarsen'], raise);
  const k = integerInRange(own(checked, 'k'), 1, Number.MAX_SAFE_INTEGER, 'options.k', raise);
  const finestOption = own(checked, 'finest');
  const finest =
    finestOption === undefined
      ? 'cell'
      : oneOf(
          finestOption,
          ['cell', 'region', 'country', 'continent'] as const,
          'options.finest',
          raise,
          'INVALID_OPTIONS',
        );
  const depth = LEVELS.indexOf(finest) + 1;
  const coarsen = checkCoarsen(own(checked, 'coarsen'));
  if (typeof (entries as Iterable<unknown> | null)?.[Symbol.iterator] !== 'function') {
    throw new GeoError('INVALID_ARGUMENT', '"entries" must be an iterable of { bucket, count }', { path: 'entries' });
  }

  const root = node([], 'other');
  let total = 0;
  let index = 0;
  for (const entry of entries) {
    const { count, continent, country, region, cell } = checkEntry(entry, index++);
    total += count;
    if (!Number.isSafeInteger(total)) {
      throw new GeoError('INVALID_ARGUMENT', 'the total of "entries[].count" is too large', { path: 'entries' });
    }
    const cap = country != null && Object.hasOwn(coarsen, country) ? coarsen[country] : undefined;
    let keep = Math.min(depth, cap === undefined ? 4 : LEVELS.indexOf(cap as RollUpLevel) + 1);
    // Each level needs the one above: no country without a continent, no region without a country.
    const values = [continent ?? null, country ?? null, region ?? null, cell ?? null];
    if (values[0] === null) keep = 0;
    else if (values[1] === null) keep = Math.min(keep, 1);
    let at = root;
    for (let i = 0; i < keep; i++) {
      const value = values[i] as string | null;
      // A cell with no known region hangs from the country directly.
      if (value === null) continue;
      const id = `${i}:${value}`;
      let child = at.children.get(id);
      if (child === undefined) {
        const path = at.path.slice();
        while (path.length < i) path.push(null);
        path.push(value);
        child = node(path, LEVELS[i] as RollUpLevel);
        at.children.set(id, child);
      }
      at = child;
    }
    at.own += count;
  }

  const rows: RollUpRow[] = [];
  /** Publishes `n` (with what its children could not publish) if that reaches k; returns the rest. */
  function settle(n: Node): number {
    let count = n.own;
    for (const child of n.children.values()) count += settle(child);
    if (n === root || count < k) return count;
    rows.push(row(n, count));
    return 0;
  }
  let other = settle(root);
  const byKey = (a: RollUpRow, b: RollUpRow) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  if (other > 0 && other < k) {
    rows.sort((a, b) => a.count - b.count || byKey(a, b));
    while (other < k && rows.length > 0) other += (rows.shift() as RollUpRow).count;
  }
  let withheld = 0;
  if (other >= k) rows.push(row(root, other));
  else withheld = other;
  rows.sort((a, b) => b.count - a.count || byKey(a, b));
  return Object.freeze({ rows: Object.freeze(rows), total, withheld });
}
