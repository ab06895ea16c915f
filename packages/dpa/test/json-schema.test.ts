/**
 * The exported JSON Schema against zod, differentially: Ajv (draft 2020-12) and `parseModel`
 * accept the same fixtures and random models and reject the same broken ones, so users outside
 * TypeScript validate exactly what TypeScript users parse.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../src/index.js';
import { modelJsonSchema } from '../src/schema.js';
import { FIXTURES, fixtureJson } from './fixtures/index.js';
import { modelArbitrary } from './support/arbitrary.js';

// biome-ignore lint/suspicious/noExplicitAny: mutations edit fixture JSON freely
type Loose = any;

const validate = new Ajv2020({ strict: false, allErrors: true }).compile(modelJsonSchema());
const zodAccepts = (x: unknown) => {
  try {
    parseModel(x);
    return true;
  } catch {
    return false;
  }
};

describe('modelJsonSchema() agrees with parseModel', () => {
  it.each(FIXTURES)('accepts %s', (name) => {
    expect(validate(fixtureJson(name)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts every random valid model', () => {
    fc.assert(
      fc.property(modelArbitrary, (m) => {
        expect(validate(m), JSON.stringify(validate.errors)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('rejects what parseModel rejects', () => {
    const broken: ((m: Loose) => void)[] = [
      (m) => (m.parties[0].country = 'Germany'),
      (m) => (m.retention[0].period = '1 day'),
      (m) => (m.retention[0].period = { min: 'P1D' }),
      (m) => (m.documents.dpa.breach.notifyWithin = 'PT72'),
      (m) => (m.typo = true),
      (m) => (m.documents.dpa.subProcessing.objection = 'yes'),
      (m) => (m.toms[0].heading = 'firewalls'),
      (m) => (m.transfers[0].mechanism = { type: 'scc', module: 5 }),
      (m) => (m.transfers[0].mechanism = { type: 'privacyShield' }),
      (m) => delete m.activities[0].roles,
      (m) => (m.activities[0].id = 'has space'),
      (m) => (m.date = '2026-02-30x'),
      (m) => (m.documents.dpa.carveOuts = [{ id: 'x', quote: 'q', limits: [] }]),
    ];
    for (const [i, edit] of broken.entries()) {
      const m = structuredClone(fixtureJson('example-complete')) as Loose;
      edit(m);
      expect(zodAccepts(m), `zod, case ${i}`).toBe(false);
      expect(validate(m), `JSON Schema, case ${i}`).toBe(false);
    }
  });
});
