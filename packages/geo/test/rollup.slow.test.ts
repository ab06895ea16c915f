/**
 * @module
 * The roll-up invariants over many more and larger random inputs than the unit suite.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type RollUpOptions, rollUp } from '../src/rollup.js';
import { arbitraryEntries, checkRollUp } from './support/rollup-properties.js';

describe('slow: rollUp properties', () => {
  it('holds every invariant over 30,000 random inputs of up to 300 entries', () => {
    fc.assert(
      fc.property(
        arbitraryEntries(300),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom<RollUpOptions['finest']>('cell', 'region', 'country', 'continent', undefined),
        fc.boolean(),
        (entries, k, finest, noCoarsen) => {
          const options: RollUpOptions = { k, ...(finest ? { finest } : {}), ...(noCoarsen ? { coarsen: {} } : {}) };
          checkRollUp(entries, options, rollUp(entries, options));
        },
      ),
      { numRuns: 30_000 },
    );
  }, 300_000);
});
