/**
 * @module
 * `@privkit/retention/store`: for whoever writes a store for another database. The contract the
 * sweeper drives. A store deletes one bounded batch of due, unheld rows
 * *and* appends the batch's log entries in one atomic step, so a worker that dies mid-batch leaves
 * either both or neither: nothing lost, nothing deleted twice. Implement it for another database
 * by keeping its promises (see {@link RetentionStore}); the memory and PostgreSQL stores are the
 * references.
 */

import type { DeletionDraft, DeletionLogEntry } from './log/entry.js';

export { RetentionError } from './errors.js';
export { type ChainedEntries, chainEntries } from './log/chain.js';
export { type DeletionDraft, type DeletionLogEntry, GENESIS_HASH, type LogHead } from './log/entry.js';

/** Active legal holds, flattened for a store: rows matching any list are never deleted. */
export interface HoldFilter {
  /** Held subjects. */
  subjects: readonly string[];
  /** Held categories. */
  categories: readonly string[];
  /** Held record ids. */
  records: readonly string[];
}

/** A row a store deleted. */
export interface DeletedRow {
  /** The record id (as text). */
  id: string;
  /** Its category. */
  category: string;
  /** The rule it was due under. */
  rule: string;
}

/** Rows a store deleted that share a category and rule: their ids, as text. */
export interface DeletedGroup {
  /** The category. */
  category: string;
  /** The rule they were due under. */
  rule: string;
  /** The record ids. */
  ids: string[];
}

/**
 * Turns a deleted batch into log drafts (hashing the ids). Stores call it *before* they lock the
 * log head, then chain the drafts onto the head (`chainEntries`) under the lock, so
 * concurrent batches wait on each other only for the append itself. The sweeper's builders also
 * take the rows already grouped by category and rule (`groups`), which a store that reads ids in
 * aggregate uses instead of making an object per row.
 */
export type EntryBuilder = ((rows: readonly DeletedRow[]) => DeletionDraft[]) & {
  /** The same drafts, from rows grouped by category and rule. */
  groups?: ((groups: readonly DeletedGroup[]) => DeletionDraft[]) | undefined;
};

/** One batch for {@link RetentionStore.sweepBatch}. */
export interface SweepBatchRequest {
  /** The tenant whose log receives the entries. */
  tenant: string;
  /** Rows due at or before this instant (epoch milliseconds) are deleted. */
  now: number;
  /** At most this many rows. */
  limit: number;
  /**
   * Rows to skip: the legal holds read for *this* batch. The sweeper reads the holds again
   * before every batch, so a hold placed while a sweep runs protects its rows from the next batch
   * on; a store must not reuse another batch's filter.
   */
  holds: HoldFilter;
  /**
   * The sweep this batch belongs to: the same object for every batch of one sweep (from all its
   * lanes), a new one for the next sweep. A store may keep per-sweep state (where it got to, how
   * it walks the table) keyed by it.
   */
  sweep: object;
  /** Builds the log drafts for the deleted rows, inside the store's transaction. */
  entries: EntryBuilder;
}

/** The rows deleted and the entries appended by one batch. */
export interface BatchResult {
  /** How many rows were deleted. */
  count: number;
  /**
   * What was deleted, row by row, where the store has the rows as objects. The PostgreSQL store
   * leaves it out when it walks the table in physical order, where ids come back aggregated.
   */
  deleted?: DeletedRow[] | undefined;
  /** What was appended to the log. */
  entries: DeletionLogEntry[];
  /**
   * Whether the store still has part of the table to look at. A store that walks the table in
   * ranges can return a short batch before the end; `true` tells the sweeper to go on. Omitted: a
   * batch shorter than its limit means nothing due is left unclaimed.
   */
  more?: boolean | undefined;
}

/** What a dry run counts. */
export interface DueCounts {
  /** Due, unheld rows per rule id. */
  byRule: Record<string, number>;
  /** Due rows kept by a hold. */
  held: number;
}

/** A row as seen when scanning for erasure replay. */
export interface ScannedRow {
  /** The record id (as text). */
  id: string;
  /** Its category. */
  category: string;
  /** Its rule, or null. */
  rule: string | null;
  /** The subject, or null. */
  subject: string | null;
}

/**
 * What the sweeper needs from a store. Implement it for another database by keeping its
 * promises: `sweepBatch` and `deleteIds` delete and log in one transaction; a concurrent worker
 * never gets the same row (`FOR UPDATE SKIP LOCKED`, locks on ranges, or equivalent); a row
 * matching the batch's `holds` is never deleted; and a sweep ends (a batch shorter than its
 * limit without `more: true`) only when no due, unheld row it could claim is left.
 */
export interface RetentionStore {
  /** A short name (`memory`, `postgres`). */
  readonly kind: string;
  /** Deletes up to `limit` due, unheld rows and appends their log entries, atomically. */
  sweepBatch(request: SweepBatchRequest): Promise<BatchResult>;
  /** Due rows per rule that are not held, and the number that are due but held (dry run). */
  countDue(request: { now: number; holds: HoldFilter }): Promise<DueCounts>;
  /** Rows in id order after `after` (exclusive), for erasure replay. */
  scan(after: string | null, limit: number): Promise<ScannedRow[]>;
  /** Deletes these ids (if present and not held) and appends their log entries, atomically. */
  deleteIds(request: {
    tenant: string;
    ids: readonly string[];
    holds: HoldFilter;
    entries: EntryBuilder;
  }): Promise<BatchResult>;
  /** The tenant's log from `fromSeq` on, in order. */
  readLog(tenant: string, fromSeq?: number): Promise<DeletionLogEntry[]>;
}
