/**
 * @module
 * The sweeper: executes retention through a store in bounded batches. Each batch is one short
 * transaction that deletes at most `batchSize` due, unheld rows and appends their log entries;
 * the sweep ends when a batch comes back short. Killed at any point, a worker loses nothing and
 * deletes nothing twice: an uncommitted batch rolls back, and the next sweep (by any worker)
 * finds the same rows still due. Unlike a cron job that records its run before deleting, there
 * is no run marker to get ahead of the data.
 */

import { integerInRange, nonEmptyString, strictObject } from '@privkit/internal/check';
import { formatInstant, type InstantInput, parseInstant, requireInstant } from '@privkit/internal/instant';
import { RetentionError, raise } from './errors.js';
import { canonicalTimeZone } from './internal/time.js';
import { requireTimeZone } from './internal/time-zone.js';
import { checkOccurred, indexHolds, type LegalHold, type OccurredEvents } from './legal-holds.js';
import type { DeletionDraft, DeletionLogEntry } from './log/entry.js';
import { createIdentifierHasher, type IdentifierHasher } from './log/hasher.js';
import { verifyLog } from './log/verify.js';
import type { DeletedGroup, DeletedRow, EntryBuilder, HoldFilter, RetentionStore } from './store.js';
import { checkSweepOptions, optionalFunction, type SweepOptions } from './sweep-options.js';

export type { SweepOptions };

/** Options of {@link createSweeper}. */
export interface SweeperOptions {
  /** The store to sweep. */
  store: RetentionStore;
  /** The tenant: names the log, and its key hashes the identifiers. */
  tenant: string;
  /** The tenant's identifier key (≥ 32 random bytes), or a hasher made from it. */
  key: Uint8Array | IdentifierHasher;
  /** This worker's name in the log; default `worker`. Use the host and process id. */
  worker?: string | undefined;
  /** Rows per batch (1–100,000); default 2,000. Each batch is one transaction. */
  batchSize?: number | undefined;
  /**
   * Batches in flight at once from this worker (1–8); default 1. With 2, one batch's ids are
   * hashed in JavaScript while the next batch runs in the database: use a pool with at least as
   * many connections. Each batch is still its own transaction.
   */
  concurrency?: number | undefined;
  /**
   * Legal holds, or a function returning the current ones. A function is called again before
   * every batch (and the dry run's count), so a hold placed while a sweep runs protects its rows
   * from the next batch on.
   */
  holds?: readonly LegalHold[] | (() => readonly LegalHold[] | Promise<readonly LegalHold[]>) | undefined;
  /** Events that ended holds (`until: { event }`), or a function returning them (called with the holds). */
  occurred?: OccurredEvents | (() => OccurredEvents | Promise<OccurredEvents>) | undefined;
  /** Time zone in which holds' `until.date` end; default `UTC`. Use the policy's. */
  timeZone?: string | undefined;
  /** The clock, epoch ms; default `Date.now`. */
  clock?: (() => number) | undefined;
}

/** What a sweep did. */
export interface SweepReport {
  /** Whether it was a dry run. */
  dryRun: boolean;
  /** The instant rows had to be due by. */
  now: string;
  /** Rows deleted (dry run: rows that would be). */
  deleted: number;
  /** Rows deleted (or that would be) per rule id. */
  byRule: Record<string, number>;
  /** Due rows kept by a legal hold (dry run only; null otherwise). */
  held: number | null;
  /** Committed batches. */
  batches: number;
  /** Log entries appended. */
  entries: number;
  /** True when the sweep stopped (signal, maxBatches) with work possibly left. */
  stopped: boolean;
}

/** What an erasure replay did. */
export interface ReplayReport {
  /** Log entries considered (at or after `since`). */
  entries: number;
  /** Rows scanned in the store. */
  scanned: number;
  /** Rows deleted again (their keyed hash, category and rule match an erasure in the log). */
  deleted: number;
  /** Matching rows kept because a hold covers them. */
  held: number;
}

/** A sweeper over one store and tenant. */
export interface Sweeper {
  /**
   * Deletes every due, unheld row in bounded batches, logging each batch.
   * @param options - dry run, `now`, limits, a stop signal.
   */
  sweep(options?: SweepOptions): Promise<SweepReport>;
  /**
   * After a backup restore brought deleted rows back: finds rows whose keyed id hash, category
   * and rule match an erasure logged at or after `since`, and deletes them again (logged as
   * `replay`). Rows under an active hold are kept and counted.
   * @param log - the deletion log (from a proof bundle kept outside the restored database).
   * @param since - only erasures logged at or after this instant.
   */
  replayErasures(log: Iterable<DeletionLogEntry>, since: InstantInput): Promise<ReplayReport>;
}

const SWEEPER_KEYS = [
  'store',
  'tenant',
  'key',
  'worker',
  'batchSize',
  'concurrency',
  'holds',
  'occurred',
  'timeZone',
  'clock',
] as const;
/**
 * A sweeper. Run one per process; run as many processes as you like against one PostgreSQL.
 *
 * @param options - store, tenant and key, worker name, batch size, holds.
 * @returns the sweeper.
 * @throws {@link RetentionError} `UNKNOWN_KEY` when an option is misspelt.
 * @throws {@link RetentionError} `INVALID_OPTIONS` when an option is missing, of the wrong type or out
 *   of range (a key shorter than 32 bytes included).
 * @throws {@link RetentionError} `INVALID_TIME_ZONE` when `timeZone` is not an IANA time zone.
 * @example
 * ```ts
 * import { createSweeper, definePolicy } from '@privkit/retention';
 * import { createMemoryStore } from '@privkit/retention/memory';
 *
 * const policy = definePolicy({ rules: [{ id: 'logs', category: 'log', purpose: 'operations', period: 'P7D' }] });
 * const store = createMemoryStore({ policy });
 * store.put([
 *   { id: 'a', category: 'log', subject: 'u1', collectedAt: '2026-11-01T00:00:00Z' },
 *   { id: 'b', category: 'log', subject: 'u2', collectedAt: '2026-11-01T00:00:00Z' },
 * ]);
 * const sweeper = createSweeper({
 *   store,
 *   tenant: 'acme',
 *   key: new Uint8Array(32).fill(1), // load a real per-tenant key from your secret store
 *   holds: [
 *     { id: 'dsar:REQ-42', scope: { subject: 'u2' }, reason: 'open access request', placedAt: '2026-11-20T00:00:00Z' },
 *   ],
 * });
 * (await sweeper.sweep({ now: '2026-11-23T00:00:00Z', dryRun: true })).held; // 1
 * (await sweeper.sweep({ now: '2026-11-23T00:00:00Z' })).byRule; // { logs: 1 }
 * ```
 */
export function createSweeper(options: SweeperOptions): Sweeper {
  const o = strictObject(options, SWEEPER_KEYS, 'options', raise, 'INVALID_OPTIONS');
  const store = o['store'] as RetentionStore;
  if (typeof store !== 'object' || store === null || typeof store.sweepBatch !== 'function')
    throw raise('INVALID_OPTIONS', 'options.store', '"options.store" must be a RetentionStore');
  const tenant = nonEmptyString(o['tenant'], 'options.tenant', raise, 'INVALID_OPTIONS');
  const key = o['key'];
  const hasher: IdentifierHasher | undefined =
    key instanceof Uint8Array
      ? key.length >= 32
        ? createIdentifierHasher(key)
        : undefined
      : (key as IdentifierHasher | undefined);
  if (typeof hasher !== 'object' || hasher === null || typeof hasher.hash !== 'function')
    throw raise(
      'INVALID_OPTIONS',
      'options.key',
      '"options.key" must be a Uint8Array of at least 32 bytes or an IdentifierHasher',
    );
  const worker =
    o['worker'] === undefined ? 'worker' : nonEmptyString(o['worker'], 'options.worker', raise, 'INVALID_OPTIONS');
  const batchSize =
    o['batchSize'] === undefined ? 2000 : integerInRange(o['batchSize'], 1, 100_000, 'options.batchSize', raise);
  const concurrency =
    o['concurrency'] === undefined ? 1 : integerInRange(o['concurrency'], 1, 8, 'options.concurrency', raise);
  const timeZone = requireTimeZone(canonicalTimeZone(o['timeZone'] ?? 'UTC'), 'options.timeZone');
  optionalFunction(o['clock'], 'options.clock');
  const clock = (o['clock'] as (() => number) | undefined) ?? Date.now;
  const holdsOption = o['holds'];
  if (holdsOption !== undefined && typeof holdsOption !== 'function')
    indexHolds(holdsOption, 0, timeZone, undefined, 'options.holds');
  const occurredOption = o['occurred'];
  if (occurredOption !== undefined && typeof occurredOption !== 'function') checkOccurred(occurredOption);

  const holdFilter = async (now: number): Promise<HoldFilter> => {
    const holds = typeof holdsOption === 'function' ? await holdsOption() : holdsOption;
    const occurred = checkOccurred(typeof occurredOption === 'function' ? await occurredOption() : occurredOption);
    const index = indexHolds(holds, now, timeZone, occurred);
    return {
      subjects: [...index.subjects.keys()],
      categories: [...index.categories.keys()],
      records: [...index.records.keys()],
    };
  };

  /** The keyed hashes of one group's ids (sorted as the entry keeps them, where the hasher can). */
  const hashIds = (ids: readonly string[]): string[] =>
    typeof hasher.hashSorted === 'function' ? hasher.hashSorted(ids) : ids.map((id) => hasher.hash(id));
  const builder = (
    kind: 'sweep' | 'replay',
    ruleOf?: (row: DeletedRow) => { category: string; rule: string },
  ): EntryBuilder => {
    // One entry per category and rule in the batch; `at` is the clock as the batch commits.
    const draft = (at: string, category: string, rule: string, ids: readonly string[]): DeletionDraft => ({
      at,
      tenant,
      worker,
      kind,
      category,
      rule,
      ids: hashIds(ids),
    });
    const build: EntryBuilder = (rows) => {
      const groups = new Map<string, DeletedGroup>();
      let group: DeletedGroup | undefined;
      for (const row of rows) {
        const { category, rule } = ruleOf?.(row) ?? row;
        // Rows of one batch mostly share their category and rule: skip the lookup for a run.
        if (group === undefined || group.category !== category || group.rule !== rule) {
          const key = `${category}\u0000${rule}`;
          group = groups.get(key);
          if (group === undefined) {
            group = { category, rule, ids: [] };
            groups.set(key, group);
          }
        }
        group.ids.push(row.id);
      }
      const at = formatInstant(clock());
      return [...groups.values()].map((g) => draft(at, g.category, g.rule, g.ids));
    };
    if (ruleOf === undefined) {
      build.groups = (groups) => {
        const at = formatInstant(clock());
        return groups.map((g) => draft(at, g.category, g.rule, g.ids));
      };
    }
    return build;
  };

  return {
    async sweep(options) {
      const sweepOptions = checkSweepOptions(options);
      const now = sweepOptions.now ?? clock();
      const report: SweepReport = {
        dryRun: sweepOptions.dryRun,
        now: formatInstant(now),
        deleted: 0,
        byRule: {},
        held: null,
        batches: 0,
        entries: 0,
        stopped: false,
      };
      if (report.dryRun) {
        const counts = await store.countDue({ now, holds: await holdFilter(now) });
        report.byRule = counts.byRule;
        report.held = counts.held;
        report.deleted = Object.values(counts.byRule).reduce((a, b) => a + b, 0);
        return report;
      }
      const build = builder('sweep');
      // Identifies this sweep to the store, for every batch of every lane.
      const sweep = {};
      let drained = false;
      let failed = false;
      let inFlight = 0;
      const lane = async () => {
        while (!drained && !failed) {
          if (
            sweepOptions.signal?.aborted ||
            (sweepOptions.maxBatches !== undefined && report.batches + inFlight >= sweepOptions.maxBatches)
          ) {
            report.stopped = true;
            return;
          }
          inFlight++;
          let batch: Awaited<ReturnType<typeof store.sweepBatch>>;
          try {
            // The holds are read again before every batch: a hold placed while the sweep runs
            // protects its rows from the next batch on, not from the next sweep.
            const holds = await holdFilter(now);
            batch = await store.sweepBatch({ tenant, now, limit: batchSize, holds, sweep, entries: build });
          } finally {
            inFlight--;
          }
          if (batch.count > 0) {
            report.batches++;
            report.deleted += batch.count;
            report.entries += batch.entries.length;
            for (const e of batch.entries) report.byRule[e.rule] = (report.byRule[e.rule] ?? 0) + e.count;
            sweepOptions.onBatch?.({ deleted: batch.count, entries: batch.entries });
          }
          if (batch.count < batchSize) {
            // A store walking the table in ranges may have more to read after a short batch.
            if (batch.more === true) continue;
            // A short batch means nothing due is left unclaimed (rows locked by another worker
            // are that worker's to delete, or due again for the next sweep if it dies); a store
            // that says `more: false` has nothing left for this lane, while another lane may
            // still finish its range.
            if (batch.more === undefined) drained = true;
            return;
          }
        }
      };
      const lanes = Array.from({ length: concurrency }, () =>
        lane().catch((error: unknown) => {
          failed = true; // the other lanes stop after their current batch
          throw error;
        }),
      );
      const settled = await Promise.allSettled(lanes);
      const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
      if (drained) report.stopped = false;
      return report;
    },

    async replayErasures(log, since) {
      const from = requireInstant(since, 'since', raise);
      const entries = [...log];
      const first = entries[0];
      // Only a log that verifies (from wherever it starts) names rows to delete again.
      const check = verifyLog(entries, {
        after:
          first !== undefined && typeof first === 'object' && first !== null && Number.isSafeInteger(first.seq)
            ? { seq: first.seq - 1, hash: first.prev }
            : undefined,
      });
      if (!check.valid)
        throw new RetentionError('LOG_BROKEN', `the log does not verify: ${check.problems[0]?.message}`);
      const erased = new Map<string, { category: string; rule: string }>();
      let considered = 0;
      for (const entry of entries) {
        if (!((parseInstant(entry.at) ?? Number.NEGATIVE_INFINITY) >= from)) continue;
        considered++;
        for (const id of entry.ids) erased.set(id, { category: entry.category, rule: entry.rule });
      }
      const report: ReplayReport = { entries: considered, scanned: 0, deleted: 0, held: 0 };
      if (erased.size === 0) return report;
      const origin = new Map<string, { category: string; rule: string }>();
      const build = builder('replay', (row) => origin.get(row.id) ?? row);
      let after: string | null = null;
      for (;;) {
        const page = await store.scan(after, batchSize);
        if (page.length === 0) break;
        report.scanned += page.length;
        after = page[page.length - 1]?.id ?? null;
        const ids: string[] = [];
        for (const row of page) {
          const match = erased.get(hasher.hash(row.id));
          // The id alone can be reused after a restore (sequences are restored too): require the
          // category and rule to match the erasure as well.
          if (match === undefined || match.category !== row.category || (row.rule !== null && row.rule !== match.rule))
            continue;
          origin.set(row.id, match);
          ids.push(row.id);
        }
        if (ids.length > 0) {
          const result = await store.deleteIds({ tenant, ids, holds: await holdFilter(clock()), entries: build });
          report.deleted += result.count;
          report.held += ids.length - result.count;
        }
        origin.clear();
        if (page.length < batchSize) break;
      }
      return report;
    },
  };
}
