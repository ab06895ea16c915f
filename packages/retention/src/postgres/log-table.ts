/**
 * @module
 * The deletion log in PostgreSQL: a log table of entries (`seq`, `prev` and `hash` beside the
 * entry's body, the rest of its canonical JSON) and a head table (each tenant's last `seq` and
 * hash). An index-order batch chains its entries onto the head inside its own transaction; a
 * heap-order batch stores them unchained (`seq` NULL), commits without touching the head, and a
 * second short transaction chains them. Entries a killed worker committed but did not chain are
 * chained by the next seal (any worker's next sweep, or `readLog`), so the log read is every
 * deletion committed.
 */

import { RetentionError } from '../errors.js';
import { chainEntriesFast, sha256Hex } from '../log/chain.js';
import {
  canonicalText,
  type DeletionDraft,
  type DeletionLogEntry,
  draftBody,
  entryLine,
  entryOf,
  GENESIS_HASH,
  type LogHead,
} from '../log/entry.js';
import type { Connection, Database } from './client.js';
import { type Fragment, join, raw, sql } from './sql.js';

/** Where an entry sits in its tenant's chain. */
interface ChainPosition {
  seq: number;
  prev: string;
  hash: string;
}

/** An entry a heap-order batch stored unchained: its draft, sorted ids and body, then its place. */
interface Unchained {
  draft: DeletionDraft;
  ids: string[];
  body: string;
  position?: ChainPosition | undefined;
}

/** The log tables of one store. */
export interface LogTable {
  /** Creates the log and head tables if missing; refuses a log table of another layout. */
  migrate(): Promise<void>;
  /** Locks the tenant's head, chains the drafts onto it, inserts the entries, moves the head. */
  append(tx: Connection, tenant: string, drafts: readonly DeletionDraft[]): Promise<DeletionLogEntry[]>;
  /** Inserts the drafts unchained (inside a heap-order batch); returns their ids for {@link LogTable.seal}. */
  insertPending(tx: Connection, tenant: string, drafts: readonly DeletionDraft[]): Promise<string[]>;
  /**
   * Chains every pending entry of the tenant onto the head, in the order they were inserted, and
   * returns the entries of `own` once chained (by this seal or another process's).
   */
  seal(tenant: string, own?: readonly string[]): Promise<DeletionLogEntry[]>;
  /** Forgets what this process remembers of pending entries whose batch rolled back or failed. */
  forget(pending: readonly string[]): void;
  /** The tenant's log from `fromSeq` on, in order (chaining pending entries first). */
  read(tenant: string, fromSeq: number): Promise<DeletionLogEntry[]>;
}

/** The names of the log tables and of the index of unchained entries: quoted, and qualified when they have a schema. */
export interface LogTableNames {
  readonly log: string;
  readonly head: string;
  readonly unchainedIndex: string;
}

/** The log tables of a store. */
export function logTable(db: Database, names: LogTableNames): LogTable {
  const log = raw(names.log);
  const head = raw(names.head);
  /**
   * Entries this process's batches stored unchained, by `pending` id, until their batch has them
   * chained: draft and body (so a seal need not read them back), and the place in the chain once
   * a seal (their own batch's, or a sibling lane's) gave them one.
   */
  const unsealed = new Map<string, Unchained>();

  /** Locks the tenant's log head (creating it at genesis) and returns it. */
  const lockHead = async (tx: Connection, tenant: string): Promise<LogHead> => {
    // The no-op upsert takes the row lock and returns the current head in one round trip.
    const [row] = await tx.rows<{ seq: string; hash: string }>(
      sql`INSERT INTO ${head} (tenant, seq, hash) VALUES (${tenant}, -1, ${GENESIS_HASH})
        ON CONFLICT (tenant) DO UPDATE SET tenant = EXCLUDED.tenant RETURNING seq::text AS seq, hash`,
    );
    return { seq: Number(row?.seq), hash: row?.hash as string };
  };

  const table: LogTable = {
    async migrate() {
      // An entry is `seq`, `prev` and `hash` beside its body (the rest of its canonical JSON, see
      // read); a heap-order batch stores the body first and the three once it is chained.
      await db.rows(
        'migration',
        sql`CREATE TABLE IF NOT EXISTS ${log} (
           pending bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant text NOT NULL,
           seq bigint, prev text, hash text, body text NOT NULL,
           UNIQUE (tenant, seq), CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev IS NULL)))`,
      );
      const [layout] = await db.rows<{ n: number }>(
        'migration',
        sql`SELECT count(*)::int AS n FROM pg_attribute
          WHERE attrelid = ${names.log}::regclass AND attname IN ('pending', 'body') AND NOT attisdropped`,
      );
      if (layout?.n !== 2)
        throw new RetentionError(
          'STORE_FAILURE',
          "the log table has another layout (an earlier version's): rename it, migrate, and copy its entries over",
        );
      // Entries are hex hashes, which do not compress: store them out of line uncompressed rather
      // than spend each batch's commit compressing them.
      await db.rows('migration', sql`ALTER TABLE ${log} ALTER COLUMN body SET STORAGE EXTERNAL`);
      await db.rows(
        'migration',
        sql`CREATE INDEX IF NOT EXISTS ${raw(names.unchainedIndex)} ON ${log} (tenant, pending) WHERE seq IS NULL`,
      );
      await db.rows(
        'migration',
        sql`CREATE TABLE IF NOT EXISTS ${head} (tenant text PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL)`,
      );
    },

    async append(tx, tenant, drafts) {
      if (drafts.length === 0) return [];
      // Concurrent workers queue on the head only until their commit, so the ids are hashed before
      // it, and the entries' hashes under it take WebCrypto's native SHA-256.
      const { chained, head: next } = await chainEntriesFast(await lockHead(tx, tenant), drafts);
      // One round trip: the entries and the new head together. Each entry is its own parameter,
      // not an element of a text[] (a 175 KB array literal costs both sides a character-by-character
      // escape and parse: measured, it more than doubled the append).
      const rows = chained.map(
        ({ entry, body }) => sql`(${tenant}, ${entry.seq}::bigint, ${entry.prev}, ${entry.hash}, ${body})`,
      );
      await tx.run(
        sql`WITH appended AS (INSERT INTO ${log} (tenant, seq, prev, hash, body) VALUES ${join(rows, ', ')})
         UPDATE ${head} SET seq = ${next.seq}, hash = ${next.hash} WHERE tenant = ${tenant}`,
      );
      return chained.map((c) => c.entry);
    },

    async insertPending(tx, tenant, drafts) {
      const bodies: Unchained[] = drafts.map((draft) => ({ draft, ...draftBody(draft) }));
      const inserted = await tx.rows<{ pending: string }>(
        sql`INSERT INTO ${log} (tenant, body) VALUES ${join(
          bodies.map(({ body }) => sql`(${tenant}, ${body})`),
          ', ',
        )} RETURNING pending::text AS pending`,
      );
      const pending = inserted.map((r) => r.pending);
      for (const [i, p] of pending.entries()) unsealed.set(p, bodies[i] as Unchained);
      return pending;
    },

    forget(pending) {
      for (const p of pending) unsealed.delete(p);
    },

    async seal(tenant, own = []) {
      if (own.length === 0) {
        // Nothing of ours: look before taking the head's lock (which writes a row version).
        const any = await db.rows(
          'log seal',
          sql`SELECT 1 AS one FROM ${log} WHERE tenant = ${tenant} AND seq IS NULL LIMIT 1`,
        );
        if (any.length === 0) return [];
      }
      const positions = await db.labelled('log seal', async (tx) => {
        const current = await lockHead(tx, tenant);
        const pending = (
          await tx.rows<{ pending: string }>(
            sql`SELECT pending::text AS pending FROM ${log} WHERE tenant = ${tenant} AND seq IS NULL ORDER BY pending`,
          )
        ).map((r) => r.pending);
        const positions: [string, ChainPosition][] = [];
        if (pending.length === 0) return positions;
        const missing = pending.filter((p) => !unsealed.has(p));
        const bodies = new Map<string, string>();
        if (missing.length > 0) {
          const rows = await tx.rows<{ pending: string; body: string }>(
            sql`SELECT pending::text AS pending, body FROM ${log} WHERE pending = ANY(${missing}::bigint[])`,
          );
          for (const r of rows) bodies.set(r.pending, r.body);
        }
        let { seq, hash } = current;
        const values: Fragment[] = [];
        for (const p of pending) {
          const body = unsealed.get(p)?.body ?? bodies.get(p);
          if (body === undefined)
            throw new RetentionError('STORE_FAILURE', 'a pending log entry disappeared while it was being chained');
          const prev = hash;
          seq++;
          hash = await sha256Hex(canonicalText(seq, prev, body));
          values.push(sql`(${p}::bigint, ${seq}::bigint, ${prev}, ${hash})`);
          positions.push([p, { seq, prev, hash }]);
        }
        await tx.run(
          sql`WITH chained AS (
             UPDATE ${log} AS l SET seq = v.seq, prev = v.prev, hash = v.hash
             FROM (VALUES ${join(values, ', ')}) AS v(pending, seq, prev, hash)
             WHERE l.pending = v.pending AND l.seq IS NULL)
           UPDATE ${head} SET seq = ${seq}, hash = ${hash} WHERE tenant = ${tenant}`,
        );
        return positions;
      });
      // Committed: the places of this process's entries, for the batches they belong to.
      for (const [p, position] of positions) {
        const mine = unsealed.get(p);
        if (mine !== undefined) mine.position = position;
      }
      const elsewhere = own.filter((p) => unsealed.get(p)?.position === undefined);
      if (elsewhere.length > 0) {
        // Chained by another process's seal in the meantime.
        const rows = await db.rows<{ pending: string; seq: string; prev: string; hash: string }>(
          'log seal',
          sql`SELECT pending::text AS pending, seq::text AS seq, prev, hash FROM ${log}
            WHERE pending = ANY(${elsewhere}::bigint[]) AND seq IS NOT NULL`,
        );
        for (const r of rows) {
          const mine = unsealed.get(r.pending);
          if (mine !== undefined) mine.position = { seq: Number(r.seq), prev: r.prev, hash: r.hash };
        }
      }
      const entries: DeletionLogEntry[] = [];
      for (const p of own) {
        const mine = unsealed.get(p);
        unsealed.delete(p);
        const at = mine?.position;
        if (mine === undefined || at === undefined)
          throw new RetentionError(
            'STORE_FAILURE',
            'a committed log entry was not chained; the next sweep or readLog chains it',
          );
        entries.push(entryOf(mine.draft, mine.ids, at.seq, at.prev, at.hash));
      }
      return entries;
    },

    async read(tenant, fromSeq) {
      // Entries a killed worker committed but did not chain are chained first: the log read is
      // every deletion committed.
      await table.seal(tenant);
      const rows = await db.rows<{ seq: string; prev: string; hash: string; body: string }>(
        'log read',
        sql`SELECT l.seq::text AS seq, l.prev, l.hash, l.body FROM ${log} AS l
          WHERE l.tenant = ${tenant} AND l.seq >= ${fromSeq} ORDER BY l.seq`,
      );
      return rows.map((r) => JSON.parse(entryLine(Number(r.seq), r.prev, r.body, r.hash)) as DeletionLogEntry);
    },
  };
  return table;
}
