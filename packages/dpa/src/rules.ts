/**
 * @module
 * `@privkit/dpa/rules`: the rule packs `checkModel` runs, one by one, and what a custom pack
 * needs: the pack and context types, id lookups over a model, the Commission's adequacy decisions
 * and the 17 headings of Annex III of (EU) 2021/915. For choosing packs, writing your own, or
 * printing the legal reference data.
 */

export { DEFAULT_RULE_PACKS } from './check.js';
export type { Finding, RuleContext, RulePack, Severity } from './findings.js';
export { Lookup } from './lookup.js';
export { art28Pack } from './rules/art28.js';
export { consistencyPack } from './rules/consistency.js';
export { TOM_HEADING_IDS, TOM_HEADING_TITLES } from './rules/headings.js';
export { noticePack } from './rules/notice.js';
export { recordPack } from './rules/record.js';
export { structurePack } from './rules/structure.js';
export { ADEQUACY_DECISIONS, type AdequacyDecision, transfersPack } from './rules/transfers.js';
