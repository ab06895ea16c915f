/**
 * @module
 * The store contract the sweeper drives, and the in-memory store. A store deletes one bounded
 * batch of due, unheld rows *and* appends the batch's log entries in one atomic step, so a
 * worker that dies mid-batch leaves either both or neither: nothing lost, nothing deleted twice.
 */

import { strictObject } from '@privkit/internal/check';
import { raise } from './errors.js';
import { createPeriodCalculator } from './internal/time.js';
import { chainEntries, type DeletionDraft, type DeletionLogEntry, GENESIS_HASH, type LogHead } from './log.js';
import { type CheckedRecord, checkRecord, type RetentionRecord, scheduleEpoch } from './planner.js';
import { RetentionPolicy } from './policy.js';

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
 * log head, then chain the drafts onto the head with {@link chainEntries} under the lock, so
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
  /** Rows due at or before this instant (epoch ms) are deleted. */
  now: number;
  /** At most this many rows. */
  limit: number;
  /** Rows to skip. */
  holds: HoldFilter;
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
 * What the sweeper needs from a store. Implement it for another database by keeping the two
 * atomicity promises: `sweepBatch` and `deleteIds` delete and log in one transaction, and a
 * concurrent worker never gets the same row (`FOR UPDATE SKIP LOCKED`, locks on ranges, or equivalent).
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

interface MemoryRow {
  record: RetentionRecord;
  checked: CheckedRecord;
  rule: string | null;
  due: number;
}

/** The in-memory store: records planned with a policy, and the logs. */
export interface MemoryStore extends RetentionStore {
  /**
   * Adds or replaces records (by id), computing each one's due instant with the policy. Call it
   * again when an event fires.
   */
  put(records: Iterable<RetentionRecord>): void;
  /** The records still present. */
  records(): RetentionRecord[];
  /** Replaces the tenant's log as stored (for tamper tests and restores). */
  replaceLog(tenant: string, entries: DeletionLogEntry[]): void;
}

const held = (holds: HoldFilter, record: CheckedRecord): boolean =>
  holds.records.includes(record.id) ||
  holds.categories.includes(record.category) ||
  (record.subject !== undefined && holds.subjects.includes(record.subject));

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The policy that computes each record's due instant. */
  readonly policy: RetentionPolicy;
}

/**
 * A store in memory, for tests, small tools, and as the reference the PostgreSQL store is
 * compared with. Batches are atomic because they run without an `await` in between.
 *
 * @param options - the policy that computes each record's due instant.
 * @returns the store.
 * @example
 * ```ts
 * import { createMemoryStore, createSweeper, definePolicy } from '@privkit/retention';
 *
 * const policy = definePolicy({ rules: [{ id: 'logs', category: 'log', purpose: 'operations', period: 'P7D' }] });
 * const store = createMemoryStore({ policy });
 * store.put([{ id: 'a', category: 'log', collectedAt: '2026-11-01T00:00:00Z' }]);
 * const sweeper = createSweeper({ store, tenant: 'acme', key: new Uint8Array(32).fill(1) });
 * (await sweeper.sweep({ now: '2026-11-23T00:00:00Z' })).deleted; // 1
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions): MemoryStore {
  const o = strictObject(options, ['policy'], 'options', raise, 'INVALID_OPTIONS');
  const policy = o['policy'];
  if (!(policy instanceof RetentionPolicy))
    throw raise('INVALID_OPTIONS', 'options.policy', '"options.policy" must be a policy made by definePolicy()');
  const rows = new Map<string, MemoryRow>();
  const logs = new Map<string, DeletionLogEntry[]>();
  // The due rows of the sweep in progress, found once: later batches of the same sweep continue
  // from where the previous one stopped instead of rescanning every retained row (O(n) per sweep,
  // not O(n²/batch)). Any put() starts afresh.
  let candidates: { now: number; holds: HoldFilter; ids: string[]; next: number } | undefined;
  const headOf = (tenant: string): LogHead => {
    const last = logs.get(tenant)?.at(-1);
    return last === undefined ? { seq: -1, hash: GENESIS_HASH } : { seq: last.seq, hash: last.hash };
  };
  const append = (tenant: string, deleted: DeletedRow[], build: EntryBuilder): DeletionLogEntry[] => {
    if (deleted.length === 0) return [];
    const entries = chainEntries(headOf(tenant), build(deleted)).entries;
    const log = logs.get(tenant) ?? [];
    log.push(...entries);
    logs.set(tenant, log);
    return entries;
  };
  return {
    kind: 'memory',
    put(records) {
      candidates = undefined;
      let i = 0;
      const calculate = createPeriodCalculator(policy.timeZone);
      for (const record of records) {
        const path = `records[${i++}]`;
        const checked = checkRecord(record, path);
        const s = scheduleEpoch(policy, checked, path, calculate);
        rows.set(checked.id, {
          record,
          checked,
          rule: s.compiled?.rule.id ?? null,
          due: s.status === 'scheduled' ? s.due : Number.NaN,
        });
      }
    },
    records: () => [...rows.values()].map((r) => r.record),
    replaceLog(tenant, entries) {
      logs.set(tenant, [...entries]);
    },
    async sweepBatch({ tenant, now, limit, holds, entries }) {
      if (candidates === undefined || candidates.now !== now || candidates.holds !== holds) {
        const ids: string[] = [];
        for (const [id, row] of rows) if (row.due <= now && row.rule !== null) ids.push(id);
        candidates = { now, holds, ids, next: 0 };
      }
      const deleted: DeletedRow[] = [];
      while (deleted.length < limit && candidates.next < candidates.ids.length) {
        const id = candidates.ids[candidates.next++] as string;
        const row = rows.get(id);
        if (row === undefined || !(row.due <= now) || row.rule === null || held(holds, row.checked)) continue;
        deleted.push({ id, category: row.checked.category, rule: row.rule });
      }
      for (const d of deleted) rows.delete(d.id);
      return { count: deleted.length, deleted, entries: append(tenant, deleted, entries) };
    },
    async countDue({ now, holds }) {
      const byRule: Record<string, number> = {};
      let heldCount = 0;
      for (const row of rows.values()) {
        if (!(row.due <= now) || row.rule === null) continue;
        if (held(holds, row.checked)) heldCount++;
        else byRule[row.rule] = (byRule[row.rule] ?? 0) + 1;
      }
      return { byRule, held: heldCount };
    },
    async scan(after, limit) {
      const ids = [...rows.keys()].filter((id) => after === null || id > after).sort();
      return ids.slice(0, limit).map((id) => {
        const row = rows.get(id) as MemoryRow;
        return { id, category: row.checked.category, rule: row.rule, subject: row.checked.subject ?? null };
      });
    },
    async deleteIds({ tenant, ids, holds, entries }) {
      const deleted: DeletedRow[] = [];
      for (const id of ids) {
        const row = rows.get(id);
        if (row === undefined || held(holds, row.checked)) continue;
        deleted.push({ id, category: row.checked.category, rule: row.rule ?? '' });
      }
      for (const d of deleted) rows.delete(d.id);
      return { count: deleted.length, deleted, entries: append(tenant, deleted, entries) };
    },
    async readLog(tenant, fromSeq = 0) {
      if (!Number.isSafeInteger(fromSeq)) throw raise('INVALID_ARGUMENT', 'fromSeq', '"fromSeq" must be an integer');
      return (logs.get(tenant) ?? []).filter((e) => e.seq >= fromSeq);
    },
  };
}
