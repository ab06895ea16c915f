/**
 * @module
 * Scheduling: cron and interval ticks run sweeps; a tick during a running sweep is skipped and
 * counted; stop() lets the batch in progress commit, then no further batch starts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSweeper, definePolicy, RetentionError } from '../src/index.js';
import { createMemoryStore } from '../src/memory.js';
import { type ScheduledSweeps, scheduleSweeps } from '../src/schedule.js';
import type { BatchResult, RetentionStore, SweepBatchRequest } from '../src/store.js';
import { verifyLog } from '../src/verify.js';

const policy = definePolicy({ rules: [{ id: 'logs', category: 'log', purpose: 'operations', period: 'P1D' }] });
const KEY = new Uint8Array(32).fill(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A memory store whose batches take `ms` (a slow database), counting starts. */
function slowStore(rows: number, ms: number) {
  const inner = createMemoryStore({ policy });
  inner.put(Array.from({ length: rows }, (_, i) => ({ id: `r${i}`, category: 'log', collectedAt: 0 })));
  let started = 0;
  const store: RetentionStore = {
    ...inner,
    kind: 'slow-memory',
    async sweepBatch(request: SweepBatchRequest): Promise<BatchResult> {
      started++;
      await sleep(ms);
      return inner.sweepBatch(request);
    },
  };
  return { store, inner, started: () => started };
}

let schedule: ScheduledSweeps | undefined;
afterEach(async () => {
  await schedule?.stop();
  schedule = undefined;
});

describe('scheduleSweeps', () => {
  it('validates its options', () => {
    const sweeper = createSweeper({ store: createMemoryStore({ policy }), tenant: 't', key: KEY });
    expect(() => scheduleSweeps(sweeper, {})).toThrow(RetentionError);
    expect(() => scheduleSweeps(sweeper, { cron: '* * * * *', every: 'PT1S' })).toThrow(RetentionError);
    expect(() => scheduleSweeps(sweeper, { every: 'PT0S' })).toThrow(RetentionError);
    expect(() => scheduleSweeps(sweeper, { every: 1000 as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION', path: 'options.every' }),
    );
    expect(() => scheduleSweeps(sweeper, { every: 'P1D' })).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION' }),
    );
    expect(() => scheduleSweeps(sweeper, { every: 'PT1H', imediately: true } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'options.imediately' }),
    );
    expect(() => scheduleSweeps(sweeper, { cron: '* * * * *', timeZone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME_ZONE' }),
    );
    expect(() => scheduleSweeps(sweeper, { cron: 'not a cron' })).toThrow(RetentionError);
  });

  it('runs on a cron expression in a time zone', async () => {
    const { store, inner } = slowStore(5, 0);
    const reports: number[] = [];
    schedule = scheduleSweeps(createSweeper({ store, tenant: 't', key: KEY }), {
      cron: '* * * * * *',
      timeZone: 'Europe/Brussels',
      onSweep: (r) => reports.push(r.deleted),
    });
    expect(schedule.nextRun()).toBeInstanceOf(Date);
    await sleep(2300);
    expect(reports[0]).toBe(5);
    expect(schedule.runs).toBeGreaterThanOrEqual(1);
    expect(inner.records()).toHaveLength(0);
  });

  it('skips ticks while a sweep runs, and stop() finishes the current batch only', async () => {
    const { store, inner, started } = slowStore(50, 150);
    const sweeper = createSweeper({ store, tenant: 't', key: KEY, batchSize: 5 });
    schedule = scheduleSweeps(sweeper, { every: 'PT1S', immediately: true });
    expect(schedule.busy).toBe(true);
    expect(await schedule.trigger()).toBeNull(); // an overrun: skipped
    expect(schedule.overruns).toBe(1);
    await sleep(400);
    await schedule.stop();
    const batches = started();
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(batches).toBeLessThan(10);
    // Every started batch committed (deleted and logged), none after stop.
    const log = await inner.readLog('t');
    expect(verifyLog(log).deleted).toBe(batches * 5);
    expect(inner.records()).toHaveLength(50 - batches * 5);
    await sleep(1200);
    expect(started()).toBe(batches);
    expect(schedule.nextRun()).toBeNull();
    expect(await schedule.trigger()).toBeNull();
  });

  it('reports a failing sweep and keeps the schedule', async () => {
    const errors: unknown[] = [];
    const failing: RetentionStore = {
      ...createMemoryStore({ policy }),
      sweepBatch: async () => Promise.reject(new RetentionError('STORE_FAILURE', 'down')),
    };
    schedule = scheduleSweeps(createSweeper({ store: failing, tenant: 't', key: KEY }), {
      every: 'PT1S',
      onError: (e) => errors.push(e),
    });
    expect(await schedule.trigger()).toBeNull();
    expect((errors[0] as RetentionError).code).toBe('STORE_FAILURE');
    expect(schedule.runs).toBe(1);
  });
});
