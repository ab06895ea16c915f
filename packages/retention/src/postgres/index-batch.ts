/**
 * @module
 * An index-order batch: the due, unheld rows claimed in `due_at` order through its index with
 * `FOR UPDATE SKIP LOCKED`, then deleted by `ctid` with `RETURNING`, then the entries chained onto
 * the log head, all in one transaction. Each row is a random page read, which
 * suits sweeps where few rows are due.
 *
 * `SKIP LOCKED` passes over rows someone else has locked at that moment: another worker's batch
 * (which deletes them) or your application's transaction (which does not). So when a sweep's
 * batch comes back short, one more batch *waits* for such locks (`FOR UPDATE`, at most
 * {@link LOCK_TIMEOUT} per try): a row your application was updating is deleted once its update
 * commits, and one another worker deleted is passed over. Only a row locked past every try is left
 * for the next sweep.
 */

import type { BatchResult, DeletedRow, SweepBatchRequest } from '../store.js';
import { type Database, sqlState, storeFailure } from './client.js';
import type { LogTable } from './log-table.js';
import { raw, sql } from './sql.js';
import { categoryOf, dueAndFree, type TableShape, unheld } from './table.js';

/** How long a waiting batch waits at most for one row lock, per try. */
export const LOCK_TIMEOUT = '250ms';

/** Tries of a batch that meets a deadlock, a lock timeout or a serialization failure. */
export const ATTEMPTS = 4;

/** SQLSTATEs after which a batch is rolled back and tried again: serialization failure, deadlock, lock timeout. */
export const RETRYABLE: ReadonlySet<string> = new Set(['40001', '40P01', '55P03']);

/** Where an index-order sweep is. */
export interface IndexSweep {
  /** The next batch waits for row locks instead of skipping locked rows (the sweep's last batch). */
  wait: boolean;
  /** The table is partitioned: a ctid names a row only together with its partition's oid. */
  readonly partitioned: boolean;
}

/** One index-order batch. */
export async function indexBatch(
  db: Database,
  shape: TableShape,
  log: LogTable,
  state: IndexSweep,
  { tenant, now, limit, holds, entries }: SweepBatchRequest,
): Promise<BatchResult> {
  const free = unheld(shape, holds);
  if (free === undefined) return { count: 0, entries: [] };
  const wait = state.wait;
  // Two statements: the claim locks the rows as they are now (a row updated since the statement
  // began is re-read and locked in its new version), and the delete, with a snapshot taken after
  // the claim, sees exactly those versions, which nobody can change while we hold their locks. In
  // one statement the delete would look for an updated row's new version in the claim's older
  // snapshot, miss it, and the batch would come back short with due rows left.
  const claim = sql`SELECT ctid::text AS tid, tableoid::int8::text AS rel FROM ${shape.table}
      WHERE ${dueAndFree(shape, now, free)}
      ORDER BY ${shape.due} LIMIT ${limit} FOR UPDATE${raw(wait ? '' : ' SKIP LOCKED')}`;
  // In a partitioned table the same ctid is a row in every partition that has that many pages:
  // the delete matches each claimed ctid in its own partition only.
  const remove = (claimed: { tid: string; rel: string }[]) => {
    const tids = claimed.map((c) => c.tid);
    const only = state.partitioned
      ? sql` AND (tableoid::int8, ctid) IN (SELECT * FROM unnest(${claimed.map((c) => c.rel)}::int8[], ${tids}::tid[]))`
      : raw('');
    return sql`DELETE FROM ${shape.table} WHERE ctid = ANY(${tids}::tid[])${only}
    RETURNING ${shape.id}::text AS id, ${categoryOf(shape)} AS category, ${shape.rule} AS rule`;
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db.transaction(async (tx) => {
        if (wait) await tx.run(sql`SELECT set_config('lock_timeout', ${LOCK_TIMEOUT}, true)`);
        const claimed = await tx.rows<{ tid: string; rel: string }>(claim);
        const deleted = claimed.length === 0 ? [] : await tx.rows<DeletedRow>(remove(claimed));
        return {
          count: deleted.length,
          deleted,
          entries: await log.append(tx, tenant, deleted.length === 0 ? [] : entries(deleted)),
        };
      });
      if (result.count < limit && !wait) {
        // Short: rows may have been skipped because someone held them. One more batch waits.
        state.wait = true;
        return { ...result, more: true };
      }
      state.wait = false;
      return result;
    } catch (error) {
      if (attempt < ATTEMPTS && RETRYABLE.has(sqlState(error) ?? '')) continue;
      // A row kept locked past every try of the waiting batch stays due for the next sweep; the
      // rest of this sweep is done.
      if (wait && RETRYABLE.has(sqlState(error) ?? '')) return { count: 0, entries: [] };
      throw storeFailure('sweep batch', error);
    }
  }
}
