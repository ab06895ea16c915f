/**
 * @module
 * A heap-order batch: the table in physical order, one range of pages at a time (a TID range
 * scan, PostgreSQL ≥ 14), each page read once, as a plain `DELETE` reads it. It runs under one
 * REPEATABLE READ snapshot: it claims each range with an advisory lock per lock unit, reads the
 * due, unheld ids there as one aggregated string per category and rule, and deletes exactly those
 * rows with a `DELETE` over the same pages and filter, until it has `limit` rows, the end of the
 * table or {@link FILL_MS}. A row changed since the snapshot is a serialization failure, never a
 * silent difference. The entries are stored unchained, so batches never wait on each other for
 * the log head; a second short transaction chains them.
 *
 * Under steady writes to due rows, whole ranges can keep failing on serialization: a batch that
 * fails is tried again with half the rows (so smaller ranges), and after {@link ATTEMPTS} tries
 * the sweep goes on in index order, which claims rows with row locks and meets no serialization
 * failure. When the ranges are done, the sweep ends in index order too, which deletes the due rows
 * an `UPDATE` moved behind the ranges already read.
 */

import { RetentionError } from '../errors.js';
import type { BatchResult, DeletedGroup, DeletedRow, SweepBatchRequest } from '../store.js';
import { type Database, sqlState, storeFailure } from './client.js';
import { ATTEMPTS, LOCK_TIMEOUT, RETRYABLE } from './index-batch.js';
import type { LogTable } from './log-table.js';
import {
  allBusy,
  cutAtForeignUnit,
  giveBack,
  type PageRange,
  type PageRanges,
  restAfter,
  takeRange,
  tidAfter,
  unitsOf,
  updateDensity,
} from './page-ranges.js';
import { type Fragment, raw, sql } from './sql.js';
import { categoryOf, dueAndFree, type TableShape, unheld } from './table.js';

/** A heap-order batch stops adding page ranges after this long, and commits what it has. */
export const FILL_MS = 300;

/** Where a heap-order sweep is. */
export interface HeapSweep extends PageRanges {
  /** Whether ids come back comma-joined (integer and uuid keys) or as a JSON array. */
  readonly csv: boolean;
  /** The advisory lock namespace of this table (first key of the two-key form). */
  readonly lockKey: number;
  /** Batches waiting for a lane of this process to give its lock units back. */
  readonly waiting: (() => void)[];
  /** The category and rule of every due row of the last range read, when they had one. */
  uniform?: { category: string; rule: string } | undefined;
}

/** One group of rows read in a range: a category and rule, and their ids. */
interface HeapGroup {
  category: string;
  rule: string;
  ids: string;
  n: number;
  last: string;
}

/** What a heap-order batch did: its result, or that the sweep must go on in index order. */
export type HeapOutcome = { readonly result: BatchResult } | { readonly fallBack: 'index' };

/** Resolves when a batch of this sweep gives its lock units back. */
const released = (sweep: HeapSweep): Promise<void> =>
  new Promise((resolve) => {
    sweep.waiting.push(resolve);
  });

/** One heap-order batch (see the module comment). */
export async function heapBatch(
  db: Database,
  shape: TableShape,
  log: LogTable,
  sweep: HeapSweep,
  { tenant, now, limit, holds, entries }: SweepBatchRequest,
): Promise<HeapOutcome> {
  const free = unheld(shape, holds);
  if (free === undefined) return { result: { count: 0, entries: [] } };
  const where = dueAndFree(shape, now, free);
  // Integer and uuid ids are comma-joined; any other id type comes back as a JSON array.
  const aggregate = raw(sweep.csv ? "string_agg(id, ',')" : 'json_agg(id)::text');
  const category = categoryOf(shape);
  // The due, unheld rows of the page range [from, to), the first `want` of them in physical
  // order, as one aggregated string of ids per category and rule (not a row per id).
  const read = (from: string, to: string, want: number): Fragment =>
    sql`SELECT category, rule, ${aggregate} AS ids, count(*)::int AS n, max(tid)::text AS last FROM (
       SELECT ${shape.id}::text AS id, ${category} AS category, ${shape.rule} AS rule, ctid AS tid FROM ${shape.table}
       WHERE ctid >= ${from}::tid AND ctid < ${to}::tid AND ${where} LIMIT ${want}::bigint) AS due
     GROUP BY 1, 2`;
  // The same read when the last range had one category and rule, without the grouping (a third
  // of the read's cost): whether every row has that category and rule comes back with the ids,
  // and when one does not, the grouped read runs instead, in the same snapshot.
  const readUniform = (from: string, to: string, want: number, guess: { category: string; rule: string }) =>
    sql`SELECT ${aggregate} AS ids, count(*)::int AS n, max(tid)::text AS last, bool_and(same) AS same FROM (
       SELECT ${shape.id}::text AS id,
         coalesce(${category} = ${guess.category}::text AND ${shape.rule} = ${guess.rule}::text, false) AS same,
         ctid AS tid
       FROM ${shape.table}
       WHERE ctid >= ${from}::tid AND ctid < ${to}::tid AND ${where} LIMIT ${want}::bigint) AS due`;
  // Exactly the rows read: the same filter over the pages up to the last row read, in the same
  // snapshot. A row someone changed or deleted since is a serialization failure, not a silent
  // difference, and the batch is tried again.
  const remove = (first: string, last: string) =>
    sql`DELETE FROM ${shape.table} WHERE ctid >= ${first}::tid AND ctid <= ${last}::tid AND ${where}`;
  // lock_timeout bounds a wait on a row lock someone else holds; no parallel plan, so the read
  // returns rows in physical order and LIMIT keeps a prefix of the range.
  const claim = (units: number[]) =>
    sql`SELECT set_config('lock_timeout', ${LOCK_TIMEOUT}, true) AS lt,
      set_config('max_parallel_workers_per_gather', '0', true) AS pw,
      string_agg(
        CASE WHEN pg_try_advisory_xact_lock(${sweep.lockKey}::int, unit) THEN 't' ELSE 'f' END, '' ORDER BY n
      ) AS got
      FROM unnest(${units}::int[]) WITH ORDINALITY AS claim(unit, n)`;

  for (let attempt = 1; ; attempt++) {
    // Every range left starts in a unit another lane of this process is reading: wait for it.
    if (allBusy(sweep)) {
      await released(sweep);
      return { result: { count: 0, entries: [], more: true } };
    }
    if (sweep.ranges.length === 0) {
      // The ranges are done once no lane of this process reads one any more.
      if (sweep.busy.size > 0) {
        await released(sweep);
        return { result: { count: 0, entries: [], more: true } };
      }
      return { fallBack: 'index' };
    }
    // After a failure, fewer rows: smaller ranges, less for a concurrent writer to touch.
    const target = Math.max(1, Math.ceil(limit / 2 ** (attempt - 1)));
    const taken: PageRange[] = [];
    const held: number[] = [];
    let rest: PageRange | undefined;
    let pending: string[] = [];
    let count = 0;
    try {
      await db.transaction(async (tx) => {
        // Before any statement: the snapshot every read and delete of this batch shares.
        await tx.run(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
        const started = Date.now();
        const groups = new Map<string, DeletedGroup>();
        while (count < target && Date.now() - started < FILL_MS) {
          const want = target - count;
          const range = takeRange(sweep, want);
          if (range === undefined) break;
          const units = unitsOf(range[0], range[1]);
          for (const unit of units) {
            sweep.busy.add(unit);
            held.push(unit);
          }
          const [claimed] = await tx.rows<{ got: string | null }>(claim(units));
          const got = String(claimed?.got ?? '');
          let k = 0;
          while (k < units.length && got[k] === 't') k++;
          let reading: PageRange | undefined = range;
          if (k < units.length) {
            // Another worker holds this unit, so it is reading these pages and has them in its own
            // queue: leave them to it, and put the units after it back in ours.
            const cut = cutAtForeignUnit(range, units[k] as number);
            if (cut.back !== undefined) giveBack(sweep, [cut.back]);
            reading = cut.read;
          }
          if (reading === undefined) continue;
          taken.push(reading);
          const [from, to, start] = reading;
          const first = `(${from},${start})`;
          const end = `(${to},0)`;
          let rows: HeapGroup[] | undefined;
          const guess = sweep.uniform;
          if (guess !== undefined) {
            const [one] = await tx.rows<Omit<HeapGroup, 'category' | 'rule'> & { same: boolean | null }>(
              readUniform(first, end, want, guess),
            );
            if (one !== undefined && Number(one.n) === 0) rows = [];
            else if (one?.same === true) rows = [{ ...one, category: guess.category, rule: guess.rule }];
          }
          if (rows === undefined) {
            rows = await tx.rows<HeapGroup>(read(first, end, want));
            sweep.uniform =
              rows.length === 1
                ? { category: (rows[0] as HeapGroup).category, rule: (rows[0] as HeapGroup).rule }
                : undefined;
          }
          let n = 0;
          let last = first;
          for (const g of rows) {
            n += Number(g.n);
            if (tidAfter(g.last, last)) last = g.last;
          }
          let pages = to - from;
          if (n >= want) {
            // The limit ended the range early: the rest of it comes next, from the row after the
            // last one read (a batch whose snapshot is older than this commit would otherwise see
            // those rows still there and fail on them).
            const after = restAfter(reading, last);
            rest = after.rest;
            pages = after.pagesRead;
          }
          updateDensity(sweep, n, pages);
          if (n === 0) continue;
          const deleted = await tx.run(remove(first, last));
          const affected = deleted.rowCount ?? deleted.affectedRows;
          if (typeof affected === 'number' && affected !== n)
            throw new RetentionError(
              'STORE_FAILURE',
              `a heap-order batch read ${n} due rows but deleted ${affected}; rolled back`,
            );
          count += n;
          for (const g of rows) {
            const ids = sweep.csv ? g.ids.split(',') : (JSON.parse(g.ids) as string[]);
            const key = `${g.category}\u0000${g.rule}`;
            const known = groups.get(key);
            if (known === undefined) groups.set(key, { category: g.category, rule: g.rule, ids });
            else known.ids = known.ids.concat(ids);
          }
        }
        if (count === 0) return;
        const found = [...groups.values()];
        const drafts =
          entries.groups?.(found) ??
          entries(
            found.flatMap((g) => g.ids.map((rowId): DeletedRow => ({ id: rowId, category: g.category, rule: g.rule }))),
          );
        // Unchained: the log head is not touched in this snapshot, so batches never wait on each
        // other for it, and a concurrent one moving it is no conflict.
        pending = await log.insertPending(tx, tenant, drafts);
      });
    } catch (error) {
      // Rolled back: the ranges read are due again, for this sweep.
      log.forget(pending);
      giveBack(sweep, taken);
      rest = undefined;
      if (RETRYABLE.has(sqlState(error) ?? '')) {
        if (attempt < ATTEMPTS) continue;
        // Rows keep changing under the snapshot (writers, a lock held past every try): the rest
        // of the sweep claims rows one by one in index order, where that is no conflict.
        return { fallBack: 'index' };
      }
      throw storeFailure('sweep batch', error);
    } finally {
      for (const unit of held) sweep.busy.delete(unit);
      for (const wake of sweep.waiting.splice(0)) wake();
    }
    if (rest !== undefined) giveBack(sweep, [rest]);
    // Committed: the rows are gone and their entries stored. Chaining them is a transaction of its
    // own; if this worker dies first, the next seal (any worker's sweep, or readLog) does it.
    if (count === 0) return { result: { count, entries: [], more: true } };
    try {
      return { result: { count, entries: await log.seal(tenant, pending), more: true } };
    } catch (error) {
      // Stored, not chained: the next seal reads them back from the table, not from here.
      log.forget(pending);
      throw error;
    }
  }
}
