/**
 * @module
 * `@privkit/retention/verify`: for auditors checking a proof bundle or a deletion log offline,
 * with this package alone and no key: every entry's hash, the chain, the counts, and that nothing
 * in the bundle went unchecked.
 */

export { RetentionError } from './errors.js';
export { type DeletionLogEntry, GENESIS_HASH, type LogHead } from './log/entry.js';
export {
  type LogProblem,
  type LogProblemCode,
  type LogVerification,
  type VerifyLogOptions,
  verifyLog,
} from './log/verify.js';
export {
  PROOF_FORMAT,
  type ProofBundle,
  type ProofManifest,
  type ProofProblem,
  type ProofProblemCode,
  type ProofVerification,
  verifyProofBundle,
} from './proof.js';
