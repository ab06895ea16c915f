/**
 * @module
 * Random location trees and the invariants every roll-up result must satisfy, shared by the
 * fast property test and the large one in rollup.slow.test.ts.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ContinentCode } from '../../src/countries.js';
import type { RollUpEntry, RollUpLevel, RollUpOptions, RollUpResult } from '../../src/rollup.js';

const RANK: Record<RollUpLevel, number> = { other: 0, continent: 1, country: 2, region: 3, cell: 4 };

// A small world, so that random entries share parents and roll-ups really happen.
const WORLD: Array<[ContinentCode, string]> = [
  ['EU', 'DE'],
  ['EU', 'FR'],
  ['EU', 'LI'],
  ['EU', 'VA'],
  ['NA', 'US'],
  ['AS', 'JP'],
];

/** Entries over a small random world: some fields missing, counts skewed towards small. */
export function arbitraryEntries(maxLength = 40): fc.Arbitrary<RollUpEntry[]> {
  const entry = fc
    .record({
      place: fc.constantFrom(...WORLD),
      region: fc.option(fc.constantFrom('1', '2', '3'), { nil: null }),
      cell: fc.option(fc.constantFrom('50km:1:1', '50km:1:2', '50km:2:1'), { nil: null }),
      depth: fc.integer({ min: 0, max: 4 }),
      count: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 60 })),
    })
    .map(
      ({ place: [continent, country], region, cell, depth, count }): RollUpEntry => ({
        bucket: {
          continent: depth >= 1 ? continent : null,
          country: depth >= 2 ? country : null,
          region: depth >= 3 && region !== null ? `${country}-${region}` : null,
          cell: depth >= 4 ? cell : null,
        },
        count,
      }),
    );
  return fc.array(entry, { maxLength });
}

/** The invariants of a roll-up result, as assertions. */
export function checkRollUp(entries: RollUpEntry[], options: RollUpOptions, result: RollUpResult): void {
  const { k } = options;
  const total = entries.reduce((sum, e) => sum + e.count, 0);
  // Totals preserved: the rows are a partition of the input.
  expect(result.total).toBe(total);
  expect(result.rows.reduce((sum, r) => sum + r.count, 0) + result.withheld).toBe(total);
  // Nothing under k is published; something is withheld only when the total is under k.
  for (const row of result.rows) expect(row.count).toBeGreaterThanOrEqual(k);
  expect(result.withheld === 0 || (total < k && result.rows.length === 0 && result.withheld === total)).toBe(true);
  // Never finer than asked, and small countries never finer than their cap.
  const finest = RANK[options.finest ?? 'cell'];
  const coarsen = options.coarsen ?? { LI: 'continent', VA: 'continent' };
  for (const row of result.rows) {
    expect(RANK[row.level]).toBeLessThanOrEqual(finest);
    if (row.country !== null && Object.hasOwn(coarsen, row.country)) {
      expect(RANK[row.level]).toBeLessThanOrEqual(RANK[coarsen[row.country] as RollUpLevel]);
    }
    // Fields match the level: nothing finer than the level is filled in.
    if (RANK[row.level] < 4) expect(row.cell).toBeNull();
    if (RANK[row.level] < 3) expect(row.region).toBeNull();
    if (RANK[row.level] < 2) expect(row.country).toBeNull();
    if (RANK[row.level] < 1) expect(row.continent).toBeNull();
  }
  // No invented locations: every row is the location of some input entry, or an ancestor of one.
  for (const row of result.rows) {
    if (row.level === 'other') continue;
    const found = entries.some(
      (e) =>
        e.bucket.continent === row.continent &&
        (row.country === null || e.bucket.country === row.country) &&
        (row.region === null || e.bucket.region === row.region) &&
        (row.cell === null || e.bucket.cell === row.cell),
    );
    expect(found).toBe(true);
  }
  // One row per location.
  const keys = result.rows.map((r) => `${r.level}/${r.continent}/${r.country}/${r.region}/${r.cell}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(Object.isFrozen(result.rows)).toBe(true);
}
