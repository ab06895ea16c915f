/**
 * The property suites at scale (run by `npm run test:slow`, in CI): 10,000 random draft models
 * through parse, round trip, every rule pack, every renderer, the DPV export and the change
 * notice; 5,000 random sets of removed mandatory items; a 200-sub-processor DPA rendered twice
 * byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largeDpaJson } from '../bench/support.js';
import { checkModel, parseModel, renderHtml, renderMarkdown } from '../src/index.js';
import { checkAnyModel, modelArbitrary } from './support/arbitrary.js';
import { REMOVALS, removalsYieldFindings } from './support/removals.js';

describe('properties at scale', () => {
  it('10,000 random models: no throw, round trip, deterministic output', () => {
    fc.assert(fc.property(modelArbitrary, checkAnyModel), { numRuns: 10_000 });
  });

  it('5,000 random removal sets each yield their findings', () => {
    fc.assert(fc.property(fc.subarray([...REMOVALS], { minLength: 1 }), removalsYieldFindings), { numRuns: 5_000 });
  });

  it('a 200-sub-processor DPA renders byte-identically and checks clean', () => {
    const model = parseModel(largeDpaJson(200));
    const again = parseModel(JSON.parse(JSON.stringify(largeDpaJson(200))));
    expect(renderMarkdown(again, 'dpa')).toBe(renderMarkdown(model, 'dpa'));
    expect(renderHtml(again, 'dpa')).toBe(renderHtml(model, 'dpa'));
    expect(renderMarkdown(model, 'dpa').match(/^\| Vendor /gm)).toHaveLength(200);
    expect(checkModel(model).filter((f) => f.severity === 'error')).toEqual([]);
  });
});
