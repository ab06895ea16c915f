/**
 * @module
 * {@link checkModel}: runs the rule packs over a model.
 */

import type { CheckOptions, Finding, RulePack } from './findings.js';
import { Lookup } from './internal/lookup.js';
import type { PrivacyModel } from './model.js';
import { art28Pack } from './rules/art28.js';
import { consistencyPack } from './rules/consistency.js';
import { noticePack } from './rules/notice.js';
import { recordPack } from './rules/record.js';
import { structurePack } from './rules/structure.js';
import { transfersPack } from './rules/transfers.js';

/**
 * The packs {@link checkModel} runs by default, in order: structure, Art. 28, Chapter V,
 * Arts. 13/14, Art. 30, consistency.
 *
 * @example
 * ```ts
 * import { DEFAULT_RULE_PACKS } from '@privkit/dpa';
 *
 * DEFAULT_RULE_PACKS.map((p) => p.id); // ["structure", "art28", "transfers", "notice", "record", "consistency"]
 * ```
 */
export const DEFAULT_RULE_PACKS: readonly RulePack[] = [
  structurePack,
  art28Pack,
  transfersPack,
  noticePack,
  recordPack,
  consistencyPack,
];

/**
 * Runs rule packs over a parsed model and returns every finding, packs in order, each pack's
 * findings in model order. Never throws on a draft.
 *
 * @param model - a model from {@link parseModel}.
 * @param options - the packs to run and the running retention rules.
 * @returns the findings; an empty array when nothing is missing.
 *
 * @example
 * ```ts
 * import { checkModel, parseModel } from '@privkit/dpa';
 *
 * const findings = checkModel(parseModel(JSON.parse(json)));
 * for (const f of findings) console.log(`${f.severity} ${f.article} ${f.path}: ${f.message}`);
 * ```
 */
export function checkModel(model: PrivacyModel, options: CheckOptions = {}): Finding[] {
  const lookup = new Lookup(model);
  const context = options.runningRetention ? { lookup, runningRetention: options.runningRetention } : { lookup };
  const out: Finding[] = [];
  for (const pack of options.packs ?? DEFAULT_RULE_PACKS) out.push(...pack.check(model, context));
  return out;
}
