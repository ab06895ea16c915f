/**
 * @module
 * `@privkit/dpa`: typed models of data processing agreements (GDPR Art. 28, the Commission's
 * clauses of Implementing Decision (EU) 2021/915), privacy notices (Arts. 13 and 14) and records
 * of processing (Art. 30) as views of one set of entities: validated by rule packs, rendered to
 * Markdown and HTML, diffed, and exported to W3C DPV.
 */

export {
  type ChangeNotice,
  type ChangeNoticeOptions,
  type ObjectionDeadline,
  renderChangeNoticeMarkdown,
  type SubProcessorChange,
  subProcessorChangeNotice,
} from './change-notice.js';
export { checkModel, DEFAULT_RULE_PACKS } from './check.js';
export { type Change, diffModels, type EntityKind, type ModelDiff } from './diff.js';
export { DPV_NOTICE, toDpvJsonLd } from './dpv.js';
export {
  approximateHours,
  DURATION_PATTERN,
  type DurationParts,
  describeDuration,
  isDuration,
  parseDuration,
  sameDuration,
} from './duration.js';
export { DpaError, type DpaErrorCode, type DpaIssue } from './errors.js';
export type { CheckOptions, Finding, RuleContext, RulePack, Severity } from './findings.js';
export { Lookup } from './internal/lookup.js';
export type * from './model.js';
export { DEFAULT_CSS, type HtmlOptions, renderHtml } from './render/html.js';
export { renderMarkdown } from './render/markdown.js';
export type { DocumentKind } from './render/tree.js';
export type { RetentionRule, RetentionTrigger } from './retention.js';
export { art28Pack, TOM_HEADING_IDS, TOM_HEADING_TITLES } from './rules/art28.js';
export { checkRetentionAgainst, consistencyPack } from './rules/consistency.js';
export { noticePack } from './rules/notice.js';
export { recordPack } from './rules/record.js';
export { structurePack } from './rules/structure.js';
export { ADEQUACY_DECISIONS, type AdequacyDecision, transfersPack } from './rules/transfers.js';
export {
  modelJsonSchema,
  parseModel,
  parseRetentionRule,
  privacyModelSchema,
  retentionRuleSchema,
} from './schema.js';
