/**
 * @module
 * `@privkit/dpa`: typed models of data processing agreements (GDPR Art. 28, the Commission's
 * clauses of Implementing Decision (EU) 2021/915), privacy notices (Arts. 13 and 14) and records
 * of processing (Art. 30) as views of one set of entities: parsed strictly, checked by rule
 * packs, rendered to Markdown and HTML, diffed, and turned into sub-processor change notices.
 *
 * The model's entity types are in `@privkit/dpa/model`, the schemas in `@privkit/dpa/schema`,
 * the rule packs and what custom packs need in `@privkit/dpa/rules`, the W3C DPV export in
 * `@privkit/dpa/dpv`, Word files in `@privkit/dpa/docx`.
 */

export {
  type ChangeNotice,
  type ChangeNoticeOptions,
  type ObjectionDeadline,
  renderChangeNoticeMarkdown,
  type SubProcessorChange,
  subProcessorChangeNotice,
} from './change-notice.js';
export { checkModel } from './check.js';
export { type Change, diffModels, type EntityKind, type ModelDiff } from './diff.js';
export { DpaError, type DpaErrorCode, type DpaErrorOptions, type DpaIssue } from './errors.js';
export type { CheckOptions, Finding, Severity } from './findings.js';
export type { PrivacyModel, RetentionRule } from './model.js';
export type { DocumentKind } from './render/blocks.js';
export { DEFAULT_CSS, type HtmlOptions, renderHtml } from './render/html.js';
export { renderMarkdown } from './render/markdown.js';
export { checkRetentionAgainst } from './rules/consistency.js';
export { parseModel, parseRetentionRule } from './schema/parse.js';
