/**
 * @module
 * The user's table as the PostgreSQL store sees it: its quoted names and columns, checked once
 * when the store is made, and the filter every batch applies: due by the sweep's instant, under a
 * rule, and not covered by the batch's legal holds.
 */

import type { HoldFilter } from '../store.js';
import { type Fragment, join, raw, sql } from './sql.js';

/** The data table's names, as SQL. */
export interface TableShape {
  /** The quoted, qualified table. */
  readonly table: Fragment;
  /** The same, as text (for `::regclass`). */
  readonly tableName: string;
  /** The id column's unquoted name (for `pg_attribute`). */
  readonly idName: string;
  /** The id column. */
  readonly id: Fragment;
  /** The `timestamptz` due column. */
  readonly due: Fragment;
  /** Its unquoted name (for `pg_attribute`). */
  readonly dueName: string;
  /** The rule column. */
  readonly rule: Fragment;
  /** The category column, or null when the table holds one category. */
  readonly categoryColumn: Fragment | null;
  /** The category of every row when there is no category column. */
  readonly fixedCategory: string;
  /** The subject column, or null. */
  readonly subject: Fragment | null;
}

/** The row's category: its column, or the table's one category as a parameter. */
export function categoryOf(shape: TableShape): Fragment {
  return shape.categoryColumn ?? sql`${shape.fixedCategory}::text`;
}

/**
 * `NOT held` for a batch's holds, or `undefined` when the holds cover the whole table (a table of
 * one category whose category is held).
 */
export function unheld(shape: TableShape, holds: HoldFilter): Fragment | undefined {
  const parts: Fragment[] = [];
  if (holds.categories.length > 0) {
    // A table of one category is held whole, or not at all.
    if (shape.categoryColumn === null) {
      if (holds.categories.includes(shape.fixedCategory)) return undefined;
    } else {
      parts.push(sql`NOT (${shape.categoryColumn} = ANY(${holds.categories}::text[]))`);
    }
  }
  if (holds.subjects.length > 0 && shape.subject !== null)
    parts.push(sql`(${shape.subject} IS NULL OR NOT (${shape.subject} = ANY(${holds.subjects}::text[])))`);
  if (holds.records.length > 0) parts.push(sql`NOT (${shape.id}::text = ANY(${holds.records}::text[]))`);
  return parts.length === 0 ? raw('true') : join(parts, ' AND ');
}

/** Due by `now` (epoch ms), under a rule, and `free` (the unheld filter). */
export function dueAndFree(shape: TableShape, now: number, free: Fragment): Fragment {
  return sql`${shape.due} <= ${new Date(now).toISOString()}::timestamptz AND ${shape.rule} IS NOT NULL AND ${free}`;
}
