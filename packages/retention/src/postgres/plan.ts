/**
 * @module
 * How one sweep walks the table, decided at its first batch: in index order when few rows are
 * due, in physical (heap) order when many are (more due rows than pages in the table, on
 * PostgreSQL ≥ 14, which has TID range scans), or as the store's `scan` option says. A heap-order
 * sweep ends in index order (see `heap-batch.ts`), so the state can change from one to the other.
 */

import type { HoldFilter } from '../store.js';
import type { Database } from './client.js';
import type { HeapSweep } from './heap-batch.js';
import type { IndexSweep } from './index-batch.js';
import { initialRanges } from './page-ranges.js';
import { candidatePartitions, type PartitionSweep } from './partitions.js';
import { sql } from './sql.js';
import { dueAndFree, type TableShape, unheld } from './table.js';

/** Id column types whose text form never contains a comma: their ids come back comma-joined. */
const PLAIN_IDS: ReadonlySet<string> = new Set(['smallint', 'integer', 'bigint', 'uuid', 'numeric']);

/** The state of one sweep: how its batches find rows now. */
export interface SweepState {
  /** Index order, or the table's pages in physical order. */
  mode: 'index' | 'heap';
  /** Index order's state. */
  readonly index: IndexSweep;
  /** The pages left, in heap order. */
  readonly heap?: HeapSweep | undefined;
  /** Partitions to drop whole before any row-by-row batch (the store's `partitions: 'drop'`). */
  readonly partitions?: PartitionSweep | undefined;
}

/** 32-bit FNV-1a of a string, as a signed int4 (an advisory lock key). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The state of a new sweep, by the store's `scan` option and, for `auto`, the planner's estimate. */
export async function planSweep(
  db: Database,
  shape: TableShape,
  scan: 'auto' | 'index' | 'heap',
  partitions: 'rows' | 'drop',
  now: number,
  holds: HoldFilter,
): Promise<SweepState> {
  const [info] = await db.rows<{ pages: string | number; version: number; id_type: string | null; kind: string }>(
    'sweep plan',
    sql`SELECT pg_relation_size(${shape.tableName}::regclass) / current_setting('block_size')::int AS pages,
       current_setting('server_version_num')::int AS version,
       (SELECT format_type(atttypid, NULL) FROM pg_attribute
         WHERE attrelid = ${shape.tableName}::regclass AND attname = ${shape.idName}) AS id_type,
       (SELECT relkind::text FROM pg_class WHERE oid = ${shape.tableName}::regclass) AS kind`,
  );
  const csv = PLAIN_IDS.has(String(info?.id_type));
  // A partitioned table: ctids repeat from one partition to the next, and it has no pages of its
  // own to walk in heap order.
  const partitioned = info?.kind === 'p';
  const dropping =
    partitioned && partitions === 'drop' ? { candidates: await candidatePartitions(db, shape, now), csv } : undefined;
  const index: SweepState = { mode: 'index', index: { wait: false, partitioned }, partitions: dropping };
  if (scan === 'index' || partitioned) return index;
  const pages = Number(info?.pages ?? 0);
  let estimate = pages; // a guess for `heap` mode: one due row per page
  if (scan === 'auto') {
    const free = unheld(shape, holds);
    if (Number(info?.version) < 140000 || pages === 0 || free === undefined) return index;
    try {
      // The same filter without a limit, so the estimate is of every due row.
      const [row] = await db.rows<{ 'QUERY PLAN': unknown }>(
        'sweep plan',
        sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${shape.table} WHERE ${dueAndFree(shape, now, free)}`,
      );
      const raw = row?.['QUERY PLAN'];
      const json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[];
      estimate = Number(json[0]?.Plan?.['Plan Rows'] ?? 0);
    } catch {
      return index;
    }
    if (!(estimate > pages)) return index;
  }
  // Start at a random lock unit and wrap around, so workers sweeping at once spread over the table.
  const ranges = initialRanges(pages, Math.floor(Math.random() * 2 ** 31));
  return {
    mode: 'heap',
    index: { wait: false, partitioned },
    heap: {
      ranges,
      density: Math.max(estimate / Math.max(pages, 1), 1),
      busy: new Set(),
      waiting: [],
      csv,
      lockKey: fnv1a(`privkit/retention:${shape.tableName}`),
    },
  };
}
