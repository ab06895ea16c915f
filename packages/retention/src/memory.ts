/**
 * @module
 * `@privkit/retention/memory`: the store in memory, for tests, small tools (the `privkit
 * retention sweep` command keeps its records in one), and as the reference the PostgreSQL store
 * is compared with. A batch is atomic because it runs without an `await` in between.
 */

import { strictObject } from '@privkit/internal/check';
import { raise } from './errors.js';
import { createPeriodCalculator } from './internal/time.js';
import { chainEntries } from './log/chain.js';
import { type DeletionLogEntry, EMPTY_HEAD, type LogHead } from './log/entry.js';
import { RetentionPolicy } from './policy.js';
import { type CheckedRecord, checkRecord, type RetentionRecord, scheduleEpoch } from './records.js';
import type { DeletedRow, EntryBuilder, HoldFilter, RetentionStore } from './store.js';

export { RetentionError } from './errors.js';

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
   * again when an event fires. Every record is checked first: a bad one changes nothing.
   */
  put(records: Iterable<RetentionRecord>): void;
  /** The records still present. */
  records(): RetentionRecord[];
  /** Replaces the tenant's log as stored (a log kept in a file, a restore, a tamper test). */
  replaceLog(tenant: string, entries: readonly DeletionLogEntry[]): void;
}

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The policy that computes each record's due instant. */
  readonly policy: RetentionPolicy;
}

const held = (holds: HoldFilter, record: CheckedRecord): boolean =>
  holds.records.includes(record.id) ||
  holds.categories.includes(record.category) ||
  (record.subject !== undefined && holds.subjects.includes(record.subject));

/**
 * A store in memory.
 *
 * @param options - the policy that computes each record's due instant.
 * @returns the store.
 * @throws {@link RetentionError} `UNKNOWN_KEY` or `INVALID_OPTIONS` for bad options.
 * @example
 * ```ts
 * import { createSweeper, definePolicy } from '@privkit/retention';
 * import { createMemoryStore } from '@privkit/retention/memory';
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
  // not O(n²/batch)). Holds are checked row by row against each batch's own filter. Any put()
  // starts afresh.
  let candidates: { sweep: object; now: number; ids: string[]; next: number } | undefined;
  const headOf = (tenant: string): LogHead => {
    const last = logs.get(tenant)?.at(-1);
    return last === undefined ? EMPTY_HEAD : { seq: last.seq, hash: last.hash };
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
      const checked: MemoryRow[] = [];
      let i = 0;
      const calculate = createPeriodCalculator(policy.timeZone);
      for (const record of records) {
        const path = `records[${i++}]`;
        const c = checkRecord(record, path);
        const s = scheduleEpoch(policy, c, path, calculate);
        checked.push({
          record,
          checked: c,
          rule: s.compiled?.rule.id ?? null,
          due: s.status === 'scheduled' ? s.due : Number.NaN,
        });
      }
      candidates = undefined;
      for (const row of checked) rows.set(row.checked.id, row);
    },
    records: () => [...rows.values()].map((r) => r.record),
    replaceLog(tenant, entries) {
      logs.set(tenant, [...entries]);
    },
    async sweepBatch({ tenant, now, limit, holds, sweep, entries }) {
      if (candidates === undefined || candidates.sweep !== sweep || candidates.now !== now) {
        const ids: string[] = [];
        for (const [id, row] of rows) if (row.due <= now && row.rule !== null) ids.push(id);
        candidates = { sweep, now, ids, next: 0 };
      }
      const deleted: DeletedRow[] = [];
      // Checked against this batch's holds, read just before it: a row held now is left for a
      // later sweep, even if its hold is lifted before this sweep ends.
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
