/**
 * @module
 * Several processes against the real PostgreSQL. Crash test: a sweeper process is killed with
 * SIGKILL in the middle of its sweep (each batch pauses before COMMIT, so the kill usually lands
 * in an open transaction), several times, then restarted until done; after every kill the log
 * verifies, every logged row is gone, every gone row is logged exactly once, and no row that was
 * not due or was held was touched. Concurrency: two and four processes sweep one table at once
 * and together delete each due row exactly once.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIdentifierHasher } from '../src/log.js';
import type { createPostgresStore } from '../src/postgres.js';
import { adminConnection, isDue, PG_URL, pgServerAvailable, sweepTable } from './support/servers.js';
import { checkSweptRows, startSweepWorker, type WorkerRun } from './support/worker.js';

const pgUp = await pgServerAvailable();
const NOW = '2026-11-23T12:00:00.000Z';
const KEY = randomBytes(32);
const hasher = createIdentifierHasher(KEY);
const HELD_SUBJECT = 's-7';

function startWorker(
  schema: string,
  worker: string,
  commitDelayMs: number,
  batchSize: number,
  scan: 'index' | 'heap',
): WorkerRun {
  const config = {
    url: PG_URL,
    schema,
    table: 'events',
    tenant: 'acme',
    worker,
    batchSize,
    now: NOW,
    commitDelayMs,
    holdSubject: HELD_SUBJECT,
    key: KEY.toString('hex'),
    scan,
  };
  return startSweepWorker(config, 'ready');
}

describe.skipIf(!pgUp)('sweeper processes on one PostgreSQL', () => {
  const { admin, schemas } = adminConnection();

  const setup = (rows: number) => sweepTable(admin, schemas, 'ret_workers', rows, NOW, (i) => isDue(i) && i % 50 !== 7);

  /**
   * Waits until the server has rolled back a killed worker's open transaction (its backend may
   * take a moment to see the closed socket on a loaded machine): until then SKIP LOCKED rightly
   * passes over the rows it had claimed, and a restarted sweep would leave them for the next.
   */
  async function killedTransactionsGone(schema: string) {
    for (let i = 0; i < 100; i++) {
      const [row] = (
        await admin.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE relation = '${schema}.events'::regclass AND pid ` +
            `<> pg_backend_pid()`,
        )
      ).rows as { n: number }[];
      if (row?.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The properties that must hold at any moment, whatever was killed when. */
  async function checkInvariants(
    schema: string,
    store: ReturnType<typeof createPostgresStore>,
    rows: number,
    expected: Set<number>,
  ) {
    const swept = await checkSweptRows(admin, schema, store, hasher, rows, (i) => expected.has(i));
    expect(swept.check.deleted).toBe(swept.deleted);
    return { left: swept.left, deleted: swept.deleted, log: swept.log };
  }

  // `index`: due_at order through the index; `heap`: page ranges in physical order.
  for (const scan of ['index', 'heap'] as const) {
    it(`${scan} scan: survives being killed mid-sweep, again and again, and finishes exactly once`, {
      timeout: 180_000,
    }, async () => {
      const rows = 12_000;
      const { schema, store, expected } = await setup(rows);
      let kills = 0;
      let deletedBefore = 0;
      for (let round = 0; round < 4; round++) {
        const run = startWorker(schema, `crashy-${round}`, 40, 300, scan);
        await run.reached;
        // Kill while batches are committing: 150–450 ms after the worker started sweeping.
        await new Promise((resolve) => setTimeout(resolve, 150 + Math.floor(Math.random() * 300)));
        run.child.kill('SIGKILL');
        const exit = await run.done;
        if (exit.signal === 'SIGKILL') kills++;
        await killedTransactionsGone(schema);
        const state = await checkInvariants(schema, store, rows, expected);
        expect(state.deleted).toBeGreaterThanOrEqual(deletedBefore);
        deletedBefore = state.deleted;
      }
      expect(kills).toBeGreaterThanOrEqual(3);
      expect(deletedBefore).toBeLessThan(expected.size); // the kills really interrupted the work
      const last = await startWorker(schema, 'finisher', 0, 300, scan).done;
      expect(last.code).toBe(0);
      const final = await checkInvariants(schema, store, rows, expected);
      expect(final.deleted).toBe(expected.size);
      expect(last.report?.deleted).toBe(expected.size - deletedBefore);
    });

    for (const workers of [2, 4]) {
      it(`${scan} scan: ${workers} workers sweeping one table at once delete each due row exactly once`, {
        timeout: 180_000,
      }, async () => {
        const rows = 20_000;
        const { schema, store, expected } = await setup(rows);
        const runs = Array.from({ length: workers }, (_, w) => startWorker(schema, `w${w}`, 5, 200, scan));
        const exits = await Promise.all(runs.map((r) => r.done));
        for (const e of exits) expect(e.code).toBe(0);
        const total = exits.reduce((n, e) => n + (e.report?.deleted ?? 0), 0);
        expect(total).toBe(expected.size);
        const state = await checkInvariants(schema, store, rows, expected);
        expect(state.deleted).toBe(expected.size);
        // Every worker did part of the work (SKIP LOCKED spreads the batches).
        const byWorker = new Set(state.log.map((e) => e.worker));
        expect(byWorker.size).toBeGreaterThanOrEqual(2);
      });
    }
  }
});
