/**
 * @module
 * `@privkit/cli`: the `privkit` command's library half. A fail-closed access-log anonymiser
 * (Apache/nginx `common`, `combined` and `vhost-combined`, JSON Lines, a column, a regular
 * expression, or any text) that truncates client addresses with `@privkit/ip`, can add or
 * substitute a daily visitor id from `@privkit/visitor-hash` and a country column, and masks every
 * other IPv4 and IPv6 address anywhere in a line; as a line function, a Node.js `Transform` and a
 * web `TransformStream`. Node.js only (the `Transform` uses `node:stream`).
 */

export { createLineAnonymizer, type LineAnonymizer } from './anonymizer.js';
export { CliError, type CliErrorCode } from './errors.js';
export { createLogAnonymizer, type LogAnonymizer, type LogAnonymizerOptions, type LogEncoding } from './node-stream.js';
export {
  type LineAnonymizerOptions,
  type LogAnonymizerSummary,
  type LogFormat,
  MAX_LINE_LENGTH,
  type ScanMode,
  type UnparsablePolicy,
  type VisitorIdOptions,
} from './options.js';
export { createLogAnonymizerStream, type LogAnonymizerStream } from './web-stream.js';
