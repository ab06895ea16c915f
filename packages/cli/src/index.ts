/**
 * @module
 * `@privkit/cli`: the `privkit` command's library half. A fail-closed access-log anonymiser
 * (Apache/nginx `common` and `combined`, JSON Lines, a column or a regular expression) that
 * truncates client addresses with `@privkit/ip`, can add or substitute a daily visitor id from
 * `@privkit/visitor-hash` and a country column, as a line function, a Node.js `Transform` and a
 * web `TransformStream`. Node.js only (the `Transform` uses `node:stream`).
 */

export {
  createLineAnonymizer,
  type LineAnonymizer,
  type LineAnonymizerOptions,
  type LogAnonymizerSummary,
  type LogFormat,
  type UnparsablePolicy,
  type VisitorIdOptions,
} from './anonymizer.js';
export { LogAnonymizerError, type LogAnonymizerErrorCode } from './errors.js';
export { createLogAnonymizer, type LogAnonymizer, type LogAnonymizerOptions, type LogEncoding } from './node-stream.js';
export { createLogAnonymizerStream, type LogAnonymizerStream } from './web-stream.js';
