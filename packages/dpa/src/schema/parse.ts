/**
 * @module
 * {@link parseModel} and {@link parseRetentionRule}: untrusted JSON in, a deeply frozen model or
 * rule out, or a {@link DpaError} naming every problem's path. Drafts parse: legal completeness is
 * the rule packs' job. Every other function that takes a model reads it through
 * {@link requireModel}, so a hand-built object with a misspelt key is refused there too; a model
 * that came out of `parseModel` is recognised and not read twice.
 */

import { balanceBidiDeep } from '../internal/bidi.js';
import type { PrivacyModel } from '../model/privacy-model.js';
import type { RetentionRule } from '../model/retention.js';
import { modelWithoutRules } from './documents.js';
import { deepFreeze, read } from './read.js';
import { sharedRule } from './retention-rule.js';

// Models this module parsed (deeply frozen, so they cannot have changed since).
const parsed = new WeakSet<object>();

/**
 * Parses a draft model: checks types and shapes (ids, calendar dates, ISO 8601 durations, country
 * codes, enum values), refuses unknown keys, and returns the model, deeply frozen. It does not
 * check that the documents are legally complete: run `checkModel` for that.
 *
 * @param input - a JSON value (from `JSON.parse`, say).
 * @returns the model.
 * @throws {@link DpaError} `UNKNOWN_KEY` for a key the model does not have, `INVALID_DATE` or
 * `INVALID_DURATION` for a malformed or impossible date or duration, `INVALID_MODEL` for any other
 * problem; `path` is the first problem's and `issues` lists every problem (never a value).
 *
 * @example
 * ```ts
 * import { parseModel } from '@privkit/dpa';
 *
 * const model = parseModel({ id: 'acme', parties: [{ id: 'acme', name: 'Acme SA' }], activities: [] });
 * model.parties[0]?.name; // "Acme SA"
 * ```
 */
export function parseModel(input: unknown): PrivacyModel {
  const out = read<PrivacyModel>(modelWithoutRules, input, {
    prefix: '',
    name: 'model',
    code: 'INVALID_MODEL',
    rules: sharedRule,
  });
  parsed.add(out);
  return out;
}

/** @internal A model argument: one from {@link parseModel} as it is, anything else read as one. */
/**
 * @internal A parsed model with its bidirectional controls closed inside each field (what every
 * renderer prints), computed once per model: models are frozen, so the result cannot go stale.
 */
export function balancedModel(model: PrivacyModel): PrivacyModel {
  let out = balanced.get(model);
  if (out === undefined) {
    out = deepFreeze(balanceBidiDeep(model));
    parsed.add(out); // text made from a parsed model's text by closing its embeddings: still a model
    balanced.set(model, out);
  }
  return out;
}
const balanced = new WeakMap<PrivacyModel, PrivacyModel>();

export function requireModel(input: unknown, argument: string): PrivacyModel {
  if (input !== null && typeof input === 'object' && parsed.has(input)) return input as PrivacyModel;
  const out = read<PrivacyModel>(modelWithoutRules, input, {
    prefix: argument,
    name: argument,
    code: 'INVALID_MODEL',
    rules: sharedRule,
  });
  parsed.add(out);
  return out;
}

/**
 * Parses one retention rule with the parser `@privkit/retention` uses: a rule object is accepted
 * here exactly when `definePolicy` accepts it, and refused with the same code and path.
 *
 * @param input - a JSON value.
 * @returns the rule, frozen.
 * @throws {@link DpaError} `UNKNOWN_KEY` for a key a rule does not have, `INVALID_DURATION` for a
 * period that is not an ISO 8601 duration (or is longer than 10,000 years), `RANGE_INVERTED` for a
 * range whose minimum can exceed its maximum, `INVALID_ARGUMENT` for any other field; paths start
 * with `rule`.
 *
 * @example
 * ```ts
 * import { parseRetentionRule } from '@privkit/dpa';
 *
 * parseRetentionRule({ id: 'r', category: 'ip', purpose: 'security', period: { min: 'P30D', max: 'P6M' } });
 * ```
 */
export function parseRetentionRule(input: unknown): RetentionRule {
  return sharedRule(input, 'rule');
}

/** @internal A retention rule at `path` of an argument. */
export function readRule(input: unknown, path: string): RetentionRule {
  return sharedRule(input, path);
}
