import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkModel, parseModel } from '../src/index.js';
import { fixtureJson } from './fixtures/index.js';
import { checkAnyModel, modelArbitrary } from './support/arbitrary.js';
import { REMOVALS, removalsYieldFindings } from './support/removals.js';

describe('properties', () => {
  it('any valid model parses, round-trips, checks, renders and exports without throwing, deterministically', () => {
    fc.assert(fc.property(modelArbitrary, checkAnyModel), { numRuns: 150 });
  });

  it('removing any set of mandatory items yields each matching finding', () => {
    fc.assert(fc.property(fc.subarray([...REMOVALS], { minLength: 1 }), removalsYieldFindings), { numRuns: 150 });
  });

  it('each removal alone yields its finding and only findings its removal explains', () => {
    for (const op of REMOVALS) {
      const m = structuredClone(fixtureJson('example-complete'));
      op.apply(m);
      const rules = checkModel(parseModel(m)).map((f) => f.rule);
      expect(rules, op.name).toContain(op.rule);
      for (const r of rules) expect([op.rule, ...(op.also ?? [])], `${op.name} also gave ${r}`).toContain(r);
    }
  });
});
