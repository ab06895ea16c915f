/**
 * @module
 * {@link checkModel}: runs the rule packs over a model.
 */

import { own } from '@privkit/internal/check';
import { type CheckOptions, type Finding, mergeFindings, type RulePack } from './findings.js';
import { Lookup } from './lookup.js';
import type { PrivacyModel } from './model.js';
import { options as readOptions, retentionRules, rulePacks } from './options.js';
import { art28Pack } from './rules/art28.js';
import { consistencyPack } from './rules/consistency.js';
import { noticePack } from './rules/notice.js';
import { recordPack } from './rules/record.js';
import { structurePack } from './rules/structure.js';
import { transfersPack } from './rules/transfers.js';
import { requireModel } from './schema/parse.js';

/**
 * The packs {@link checkModel} runs by default, in order: structure, Art. 28, Chapter V,
 * Arts. 13/14, Art. 30, consistency.
 *
 * @example
 * ```ts
 * import { DEFAULT_RULE_PACKS } from '@privkit/dpa/rules';
 *
 * DEFAULT_RULE_PACKS.map((p) => p.id); // ["structure", "art28", "transfers", "notice", "record", "consistency"]
 * ```
 */
export const DEFAULT_RULE_PACKS: readonly RulePack[] = Object.freeze([
  structurePack,
  art28Pack,
  transfersPack,
  noticePack,
  recordPack,
  consistencyPack,
]);

/**
 * Runs rule packs over a model and returns every finding, packs in order, each pack's findings
 * in model order, one finding per fact: where several rules, or one rule at several places,
 * report the same fact (a transfer without a destination, recorded under five activities), they
 * are one finding, the most severe, listing every `path` and `rule`. Never throws on a draft.
 *
 * @param model - a model from {@link parseModel} (any other object is read as one first).
 * @param options - the packs to run and the running retention rules.
 * @returns the findings; an empty array when nothing is missing.
 * @throws {@link DpaError} `UNKNOWN_KEY` or `INVALID_MODEL` when `model` is not a model;
 * `UNKNOWN_KEY` or `INVALID_OPTIONS` for a bad option; for a running rule that
 * `@privkit/retention` would refuse, its code (`UNKNOWN_KEY`, `INVALID_DURATION`, `RANGE_INVERTED`,
 * `INVALID_ARGUMENT`) at `options.runningRetention[i]…`.
 *
 * @example
 * ```ts
 * import { checkModel, parseModel } from '@privkit/dpa';
 *
 * const model = parseModel({
 *   id: 'm',
 *   parties: [],
 *   activities: [],
 *   documents: { notice: { id: 'n', controller: 'x', activities: [] } },
 * });
 * for (const f of checkModel(model)) console.log(`${f.severity} ${f.article} ${f.path}: ${f.message}`);
 * ```
 */
export function checkModel(model: PrivacyModel, options?: CheckOptions): Finding[] {
  const m = requireModel(model, 'model');
  const o = readOptions(options, ['packs', 'runningRetention']);
  const packs = own(o, 'packs') === undefined ? DEFAULT_RULE_PACKS : rulePacks(own(o, 'packs'));
  const running = own(o, 'runningRetention');
  const lookup = new Lookup(m);
  const context =
    running === undefined
      ? { lookup }
      : { lookup, runningRetention: retentionRules(running, 'options.runningRetention') };
  const out: Finding[] = [];
  for (const pack of packs) out.push(...pack.check(m, context));
  return mergeFindings(out);
}
