/**
 * @module
 * `@privkit/dsar/verify`: for auditors and for code that writes its own logs. Build and check a
 * request's hash-chained audit log (`appendEntry`, `verifyLog`, `replayLog`) and check an export
 * bundle against its manifest (`verifyExportBundle`). Results share the `valid` / `problems`
 * shape of `@privkit/retention`'s `verifyLog`.
 */

export { appendEntry, GENESIS_HASH } from '../audit.js';
export { type BundleProblem, type BundleVerification, verifyExportBundle } from './bundle.js';
export {
  type LogProblem,
  type LogVerification,
  replayLog,
  type VerifyLogOptions,
  verifyLog,
} from './log.js';
