/**
 * The fast path of the model reader against the slow, exact one: on valid models (generated and
 * the fixtures) and on those models mutated in every way a careless or hostile author could (a key
 * dropped, an unknown or inherited key, a value of another type, a hole, a getter, a non-enumerable
 * key, a class instance, a control character), `read` (fast path first) and `slowRead` return the
 * same frozen value in the same key order, or throw the same error (code, path, message, issues).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DpaError } from '../src/errors.js';
import { modelWithoutRules } from '../src/schema/documents.js';
import { fastReader, REFUSED } from '../src/schema/fast.js';
import { read, type Subject, slowRead } from '../src/schema/read.js';
import { sharedRule } from '../src/schema/retention-rule.js';
import { FIXTURES, fixtureJson } from './fixtures/index.js';
import { modelArbitrary } from './support/arbitrary.js';

const SUBJECT: Subject = { prefix: '', name: 'model', code: 'INVALID_MODEL', rules: sharedRule };

type Outcome = { ok: true; json: string; frozen: boolean } | { ok: false; error: unknown };

function deeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

function outcome(run: () => unknown): Outcome {
  try {
    const value = run();
    return { ok: true, json: JSON.stringify(value), frozen: deeplyFrozen(value) };
  } catch (error) {
    if (!(error instanceof DpaError)) return { ok: false, error };
    return { ok: false, error: { code: error.code, path: error.path, message: error.message, issues: error.issues } };
  }
}

function agree(input: () => unknown): void {
  const fast = outcome(() => read(modelWithoutRules, input(), SUBJECT));
  const slow = outcome(() => slowRead(modelWithoutRules, input(), SUBJECT));
  expect(fast).toEqual(slow);
  if (fast.ok) expect(fast.frozen).toBe(true);
}

// biome-ignore lint/suspicious/noExplicitAny: mutations reach into arbitrary JSON
type Loose = any;

// Every object and array in a value, with the key that reaches it from its parent.
function places(value: unknown, out: { parent: Loose; key: string | number }[] = []): typeof out {
  if (value === null || typeof value !== 'object') return out;
  for (const key of Object.keys(value)) {
    const k = Array.isArray(value) ? Number(key) : key;
    out.push({ parent: value, key: k });
    places((value as Loose)[key], out);
  }
  return out;
}

class Box {
  readonly id = 'a';
}

const strange = fc.constantFrom<() => unknown>(
  () => undefined,
  () => null,
  () => '',
  () => 'tab\there',
  () => 'esc\u001b[31m',
  () => 'x'.repeat(100_001),
  () => 0,
  () => -1,
  () => 1.5,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => true,
  () => [],
  () => [1],
  () => ({}),
  () => Object.create(null),
  () => new Box(),
  () => new Date(0),
  () => 'EEA',
  () => 'DE',
  () => 'de',
  () => '2025-02-29',
  () => '2024-02-29',
  () => 'P30D',
  () => 'insurance',
  () => 'controller',
);

// An own data property, even where an earlier mutation left a getter without a setter.
const put = (target: Loose, key: PropertyKey, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });

type Mutation = (value: Loose, pick: number, make: () => unknown) => void;
const MUTATIONS: Mutation[] = [
  (v, i, make) => {
    const ps = places(v);
    const p = ps[i % Math.max(ps.length, 1)];
    if (p) put(p.parent, p.key, make());
  },
  (v, i) => {
    const ps = places(v).filter((p) => !Array.isArray(p.parent));
    const p = ps[i % Math.max(ps.length, 1)];
    if (p) delete p.parent[p.key];
  },
  (v, i, make) => {
    const ps = places(v).filter((p) => p.parent[p.key] !== null && typeof p.parent[p.key] === 'object');
    const p = ps[i % Math.max(ps.length, 1)];
    const target = p ? p.parent[p.key] : v;
    if (Array.isArray(target))
      put(target, target.length + 1, make()); // a hole before it
    else put(target, ['nmae', '__proto__', 'constructor', 'extra', 'id'][i % 5] as string, make());
  },
  (v, i) => {
    const ps = places(v).filter((p) => !Array.isArray(p.parent));
    const p = ps[i % Math.max(ps.length, 1)];
    if (!p) return;
    const value = p.parent[p.key];
    if (i % 3 === 0) Object.defineProperty(p.parent, p.key, { get: () => value, enumerable: true, configurable: true });
    else if (i % 3 === 1) Object.defineProperty(p.parent, p.key, { value, enumerable: false, configurable: true });
    else
      Object.defineProperty(p.parent, 'hidden', { value: 'x', enumerable: false, configurable: true, writable: true });
  },
  (v, i) => {
    const ps = places(v).filter((p) => !Array.isArray(p.parent[p.key]) && typeof p.parent[p.key] === 'object');
    const p = ps[i % Math.max(ps.length, 1)];
    if (p)
      put(
        p.parent,
        p.key,
        Object.assign(i % 2 ? Object.create(null) : Object.create({ inherited: 1 }), p.parent[p.key]),
      );
  },
];

const mutated = (base: fc.Arbitrary<unknown>) =>
  fc.tuple(
    base,
    fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat(10_000), strange), { minLength: 1, maxLength: 3 }),
  );

function mutate(value: unknown, ops: readonly [number, number, () => unknown][]): unknown {
  const copy = structuredClone(value);
  for (const [m, i, make] of ops) (MUTATIONS[m] as Mutation)(copy, i, make);
  return copy;
}

describe('the fast model reader', () => {
  it('is compiled for the model schema and takes every fixture without the slow path', () => {
    const fast = fastReader(modelWithoutRules);
    expect(fast).toBeDefined();
    for (const name of FIXTURES) {
      expect(fast?.(fixtureJson(name), (rule) => sharedRule(rule, 'retention'))).not.toBe(REFUSED);
      agree(() => fixtureJson(name));
    }
  });

  it('agrees with the slow reader on every generated valid model', () => {
    fc.assert(
      fc.property(modelArbitrary, (model) => agree(() => structuredClone(model))),
      { numRuns: 300 },
    );
  });

  it('agrees with the slow reader on mutated models (same value or same error)', () => {
    const fixtures = fc.constantFrom(...FIXTURES.map((name) => fixtureJson(name)));
    fc.assert(
      fc.property(mutated(fc.oneof(modelArbitrary, fixtures)), ([model, ops]) => {
        const input = mutate(model, ops);
        // A getter must be re-created per read: each run mutates afresh from the same operations.
        agree(() => mutate(model, ops));
        expect(input).toBeDefined();
      }),
      { numRuns: 1500 },
    );
  });

  it('reads a polluted Object.prototype as nothing', () => {
    const proto = Object.prototype as Loose;
    proto.title = 'planted';
    proto[0] = { id: 'planted', name: 'planted' };
    try {
      agree(() => fixtureJson('example-complete'));
      const holed: unknown[] = [];
      holed[1] = { id: 'a', name: 'A' };
      agree(() => ({
        id: 'm',
        parties: [...holed.keys()].map((i) => (i in holed ? holed[i] : undefined)),
        activities: [],
      }));
      agree(() => ({ id: 'm', parties: holed, activities: [] }));
    } finally {
      delete proto.title;
      delete proto[0];
    }
  });
});
