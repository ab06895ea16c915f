/**
 * @module
 * The k-threshold roll-up: worked examples, then properties over random location trees with
 * fast-check: totals preserved, no published row under k, never finer than asked, small
 * countries never finer than their cap, no invented locations, order of input irrelevant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type RollUpEntry,
  type RollUpOptions,
  type RollUpRow,
  rollUp,
  SMALL_POPULATION_COUNTRIES,
} from '../src/rollup.js';
import { arbitraryEntries, checkRollUp } from './support/rollup-properties.js';

const de = (region: string | null, cell: string | null, count: number): RollUpEntry => ({
  bucket: { continent: 'EU', country: 'DE', region, cell },
  count,
});
const pick = (rows: readonly RollUpRow[]) =>
  rows.map((r) => [r.level, r.country ?? r.continent, r.region, r.cell, r.count]);

describe('rollUp: worked examples', () => {
  it('publishes buckets that reach k as they are', () => {
    const result = rollUp([de('DE-BY', '50km:310:303', 12), de('DE-BE', '50km:318:331', 10)], { k: 10 });
    expect(pick(result.rows)).toEqual([
      ['cell', 'DE', 'DE-BY', '50km:310:303', 12],
      ['cell', 'DE', 'DE-BE', '50km:318:331', 10],
    ]);
    expect(result).toMatchObject({ total: 22, withheld: 0 });
  });

  it('rolls a small cell into its region, a small region into its country, and so on', () => {
    const result = rollUp(
      [
        de('DE-BY', '50km:310:303', 30), // published as a cell
        de('DE-BY', '50km:310:304', 4), // rolls into DE-BY
        de('DE-BY', null, 7), // DE-BY without a cell: 4 + 7 = 11 ≥ 10, published
        de('DE-HB', '50km:322:300', 3), // → DE-HB (3) → DE (3 + 2 = 5) → EU
        de(null, null, 2), // DE with no region
        { bucket: { continent: 'EU', country: 'FR' }, count: 6 }, // → EU: 5 + 6 = 11
        { bucket: { continent: null, country: null }, count: 15 }, // special/unknown → other
      ],
      { k: 10 },
    );
    expect(pick(result.rows)).toEqual([
      ['cell', 'DE', 'DE-BY', '50km:310:303', 30],
      ['other', null, null, null, 15],
      ['region', 'DE', 'DE-BY', null, 11],
      ['continent', 'EU', null, null, 11],
    ]);
    expect(result).toMatchObject({ total: 67, withheld: 0 });
  });

  it('folds the smallest rows into "other" when other would fall under k', () => {
    const result = rollUp(
      [
        { bucket: { continent: 'EU', country: 'FR' }, count: 50 },
        { bucket: { continent: 'AS', country: 'JP' }, count: 12 },
        { bucket: { continent: 'OC', country: 'NZ' }, count: 3 },
      ],
      { k: 10 },
    );
    // NZ 3 → OC 3 → other 3 < 10: JP (the smallest published row) joins it.
    expect(pick(result.rows)).toEqual([
      ['country', 'FR', null, null, 50],
      ['other', null, null, null, 15],
    ]);
  });

  it('withholds everything only when the total is under k', () => {
    expect(rollUp([de('DE-BY', null, 4), de('DE-BE', null, 5)], { k: 10 })).toEqual({
      rows: [],
      total: 9,
      withheld: 9,
    });
    expect(rollUp([], { k: 5 })).toEqual({ rows: [], total: 0, withheld: 0 });
    expect(rollUp([de('DE-BY', null, 0)], { k: 1 })).toEqual({ rows: [], total: 0, withheld: 0 });
  });

  it('shows small countries at continent level by default, as configured otherwise', () => {
    const entries = [
      { bucket: { continent: 'EU' as const, country: 'LI', region: 'LI-11' }, count: 40 },
      { bucket: { continent: 'EU' as const, country: 'AT', region: 'AT-9' }, count: 40 },
    ];
    expect(pick(rollUp(entries, { k: 10 }).rows)).toEqual([
      ['region', 'AT', 'AT-9', null, 40],
      ['continent', 'EU', null, null, 40],
    ]);
    expect(pick(rollUp(entries, { k: 10, coarsen: {} }).rows)).toEqual([
      ['region', 'AT', 'AT-9', null, 40],
      ['region', 'LI', 'LI-11', null, 40],
    ]);
    // A map of your own replaces the default list (spread SMALL_POPULATION_COUNTRIES in to keep it).
    expect(pick(rollUp(entries, { k: 10, coarsen: { AT: 'country' } }).rows)).toEqual([
      ['country', 'AT', null, null, 40],
      ['region', 'LI', 'LI-11', null, 40],
    ]);
    expect(SMALL_POPULATION_COUNTRIES).toContain('VA');
    expect(SMALL_POPULATION_COUNTRIES).not.toContain('DE');
  });

  it('never publishes finer than asked', () => {
    const result = rollUp([de('DE-BY', '50km:310:303', 30), de('DE-BE', '50km:318:331', 30)], {
      k: 10,
      finest: 'country',
    });
    expect(pick(result.rows)).toEqual([['country', 'DE', null, null, 60]]);
  });

  it('adds up repeated locations', () => {
    const result = rollUp([de('DE-BY', null, 6), de('DE-BY', null, 6)], { k: 10 });
    expect(pick(result.rows)).toEqual([['region', 'DE', 'DE-BY', null, 12]]);
  });

  it('rejects a bad k, count or entry', () => {
    const bad = (code: string, path: string) => expect.objectContaining({ name: 'GeoError', code, path });
    expect(() => rollUp([], { k: 0 })).toThrow(bad('INVALID_OPTIONS', 'options.k'));
    expect(() => rollUp([], { k: 2.5 })).toThrow(bad('INVALID_OPTIONS', 'options.k'));
    expect(() => rollUp([de(null, null, -1)], { k: 2 })).toThrow(bad('INVALID_ARGUMENT', 'entries[0].count'));
    expect(() => rollUp([de(null, null, 1), de(null, null, 0.5)], { k: 2 })).toThrow(
      bad('INVALID_ARGUMENT', 'entries[1].count'),
    );
    expect(() => rollUp([{ bucket: null as never, count: 1 }], { k: 2 })).toThrow(
      bad('INVALID_ARGUMENT', 'entries[0].bucket'),
    );
    expect(() => rollUp([], { k: 2, finest: 'street' as never })).toThrow(bad('INVALID_OPTIONS', 'options.finest'));
    expect(() => rollUp([], { k: 2, coarsen: { LI: 'town' } as never })).toThrow(
      bad('INVALID_OPTIONS', 'options.coarsen.LI'),
    );
    expect(() => rollUp([], { k: 2, minimum: 5 } as never)).toThrow(bad('UNKNOWN_KEY', 'options.minimum'));
    expect(() => rollUp([{ bucket: { contry: 'DE' }, count: 1 }] as never, { k: 2 })).toThrow(
      bad('UNKNOWN_KEY', 'entries[0].bucket.contry'),
    );
    expect(() => rollUp([{ bucket: { country: 49 }, count: 1 }] as never, { k: 2 })).toThrow(
      bad('INVALID_ARGUMENT', 'entries[0].bucket.country'),
    );
    expect(() => rollUp(5 as never, { k: 2 })).toThrow(bad('INVALID_ARGUMENT', 'entries'));
    // A bucket straight from locate() is accepted as it is.
    const located = { status: 'located', country: 'DE', continent: 'EU', inEU: true, inEEA: true } as const;
    expect(rollUp([{ bucket: located, count: 3 }], { k: 2 }).rows).toHaveLength(1);
  });
});

describe('rollUp: properties', () => {
  it('preserves totals, publishes nothing under k, never finer than asked, invents nothing', () => {
    fc.assert(
      fc.property(
        arbitraryEntries(),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<RollUpOptions['finest']>('cell', 'region', 'country', 'continent', undefined),
        fc.boolean(),
        (entries, k, finest, noCoarsen) => {
          const options: RollUpOptions = { k, ...(finest ? { finest } : {}), ...(noCoarsen ? { coarsen: {} } : {}) };
          checkRollUp(entries, options, rollUp(entries, options));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(
        arbitraryEntries(),
        fc.integer({ min: 1, max: 20 }),
        fc.infiniteStream(fc.nat()),
        (entries, k, seeds) => {
          const shuffled = entries
            .map((e) => ({ e, r: seeds.next().value as number }))
            .sort((a, b) => a.r - b.r)
            .map((x) => x.e);
          expect(rollUp(shuffled, { k })).toEqual(rollUp(entries, { k }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('changes nothing when every location already reaches k', () => {
    fc.assert(
      fc.property(arbitraryEntries(), fc.integer({ min: 1, max: 20 }), (entries, k) => {
        const lifted = entries.map((e) => ({ ...e, count: e.count + k }));
        const expected = new Map<string, number>();
        for (const { bucket: b, count } of lifted) {
          const key = `${b.continent ?? null}/${b.country ?? null}/${b.region ?? null}/${b.cell ?? null}`;
          expected.set(key, (expected.get(key) ?? 0) + count);
        }
        const result = rollUp(lifted, { k, coarsen: {} });
        const got = new Map(result.rows.map((r) => [`${r.continent}/${r.country}/${r.region}/${r.cell}`, r.count]));
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
