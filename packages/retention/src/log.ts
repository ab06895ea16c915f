/**
 * @module
 * `@privkit/retention/log`: for whoever keeps or hands over a deletion log outside the stores (a
 * log in files, as `privkit retention sweep` keeps it; a proof for an auditor or a data subject):
 * the keyed identifier hasher, chaining entries, the write-ahead journal that keeps a file-based
 * log exact when a run fails half-way, proof bundles, and finding one record's erasure.
 */

export { RetentionError } from './errors.js';
export { type ChainedEntries, chainEntries } from './log/chain.js';
export { type DeletionDraft, type DeletionLogEntry, GENESIS_HASH, type LogHead } from './log/entry.js';
export { findErasures } from './log/erasures.js';
export { createIdentifierHasher, type IdentifierHasher } from './log/hasher.js';
export {
  createLogJournal,
  type JournalState,
  type LogJournal,
  type LogJournalOptions,
  type Reconciliation,
} from './log/journal.js';
export { type ExportProofOptions, exportProofBundle, type ProofBundle, type ProofManifest } from './proof.js';
