/**
 * @module
 * `@privkit/retention/postgres`: the store over your own table in PostgreSQL, through a `pg`
 * Pool or Client, or PGlite (an embedded PostgreSQL, the default when no server is at hand).
 *
 * Your table keeps a `due_at` column (fill it with `scheduleRecord(policy, record).dueAt` when you
 * write a row, and again when an event fires) and the deciding `rule`. Each batch is one short
 * transaction that deletes at most `limit` rows and logs exactly those:
 *
 * - when few rows are due (`index` order), due, unheld rows are claimed in `due_at` order with
 *   `FOR UPDATE SKIP LOCKED`, then the versions locked are deleted by ctid with `RETURNING`; then the log
 *   head row is locked, the entries are chained onto it and inserted, the head moves, and the
 *   batch commits. The sweep's last batch waits for row locks instead of skipping them, so a row
 *   your application was updating is not missed;
 * - when many are (`heap` order: more due rows than pages in the table), the batch runs under one
 *   REPEATABLE READ snapshot. It claims a range of pages with a transaction-scoped advisory lock
 *   per 64 pages and reads the due, unheld ids there as one aggregated string per category and
 *   rule (a TID range scan, reading each page once as a plain `DELETE` does). It then deletes
 *   exactly those rows with a `DELETE` over the same pages and filter; a row changed since the
 *   snapshot is a serialization failure and the batch is retried with fewer rows, and after four
 *   tries the sweep goes on in index order. The entries are stored unchained and the batch commits
 *   without touching the log head, so batches never wait on each other; a second short
 *   transaction then chains them onto the head. The sweep ends in index order, which deletes the
 *   due rows an `UPDATE` moved behind the pages already read. A row lock held by your
 *   application delays a batch by 250 ms at most per try.
 *
 * A worker killed at any point loses nothing: PostgreSQL rolls the open batch back and its rows
 * are due again for the next sweep. Entries committed but not yet chained (killed between the
 * two transactions) are chained by the next sweep's first batch, or by `readLog`.
 */

export { RetentionError } from './errors.js';
export type { PgliteLike, PgPoolClient, PgPoolLike, PgQueryable, PgResult, PostgresClient } from './postgres/client.js';
export {
  compileDueAtSql,
  type DueAtSqlColumns,
  type DueAtSqlOptions,
  type DueAtStatement,
} from './postgres/due-at-sql.js';
export {
  createPostgresStore,
  type MigrateOptions,
  type PostgresColumns,
  type PostgresStore,
  type PostgresStoreOptions,
} from './postgres/store.js';
export {
  createTenantSettingsStore,
  type TenantSettingsStore,
  type TenantSettingsStoreOptions,
} from './postgres/tenant-settings.js';
