/**
 * @module
 * The sweeper over the in-memory store. Properties over random records, holds, instants and
 * batch sizes: no record is deleted before its due time; no held record is deleted; every due,
 * unheld record is deleted; the sweep deletes exactly what `plan` calls due; the log verifies
 * and its counts equal what was deleted. Then the seed policies swept end to end, dry runs,
 * stopping and resuming, and erasure replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSweeper,
  definePolicy,
  dueAt,
  type LegalHold,
  plan,
  RetentionError,
  type RetentionRecord,
} from '../src/index.js';
import { createIdentifierHasher, exportProofBundle } from '../src/log.js';
import { createMemoryStore } from '../src/memory.js';
import type { RetentionStore } from '../src/store.js';
import { verifyLog, verifyProofBundle } from '../src/verify.js';
import { dpaReturnOrDelete, processorPolicy } from './fixtures/policies.js';

const KEY = new Uint8Array(32).fill(5);
const hasher = createIdentifierHasher(KEY);
const policy = definePolicy(processorPolicy);
const T0 = Date.parse('2026-10-01T00:00:00Z');
const DAY = 86_400_000;

describe('sweeper properties (memory store)', () => {
  const record = (i: number) =>
    fc
      .record({
        category: fc.constantFrom('visitor-personal-data', 'anonymous-data', 'unlisted'),
        subject: fc.constantFrom('s1', 's2', 's3', 's4'),
        purpose: fc.option(fc.constantFrom('security', 'form-analytics'), { nil: undefined }),
        collectedAt: fc.integer({ min: T0, max: T0 + 120 * DAY }),
        ended: fc.option(fc.integer({ min: 0, max: 2 * DAY }), { nil: undefined }),
      })
      .map(
        (r): RetentionRecord => ({
          id: `rec-${i}`,
          category: r.category,
          subject: r.subject,
          ...(r.purpose ? { purpose: r.purpose } : {}),
          collectedAt: r.collectedAt,
          ...(r.ended !== undefined ? { events: { 'visit-ended': r.collectedAt + r.ended } } : {}),
        }),
      );
  const records = fc
    .integer({ min: 0, max: 40 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => record(i))));
  const hold = fc.oneof(
    fc.constantFrom('s1', 's2', 's3', 's4').map((subject) => ({ subject })),
    fc.constantFrom('visitor-personal-data', 'anonymous-data').map((category) => ({ category })),
    fc.integer({ min: 0, max: 40 }).map((i) => ({ record: `rec-${i}` })),
  );

  it('deletes exactly the due, unheld records, never early, and logs each once', async () => {
    await fc.assert(
      fc.asyncProperty(
        records,
        fc.array(hold, { maxLength: 3 }),
        fc.integer({ min: T0, max: T0 + 250 * DAY }),
        fc.integer({ min: 1, max: 12 }),
        async (recs, scopes, now, batchSize) => {
          const holds: LegalHold[] = scopes.map(
            (scope, i) => ({ id: `h${i}`, scope, reason: 'r', placedAt: '2026-01-01T00:00:00Z' }) as LegalHold,
          );
          const store = createMemoryStore({ policy });
          store.put(recs);
          const sweeper = createSweeper({ store, tenant: 't', key: KEY, batchSize, holds, timeZone: policy.timeZone });
          const expected = plan(policy, recs, { now, holds });
          const dry = await sweeper.sweep({ now, dryRun: true });
          expect(dry.deleted).toBe(expected.due.length);
          expect(dry.held).toBe(expected.held.length);
          expect(store.records()).toHaveLength(recs.length);

          const report = await sweeper.sweep({ now });
          const left = new Set(store.records().map((r) => r.id));
          const dueIds = new Set(expected.due.map((r) => r.id));
          for (const r of recs) {
            const deleted = !left.has(r.id);
            expect(deleted).toBe(dueIds.has(r.id));
            if (deleted) expect(Date.parse(dueAt(policy, r) as string)).toBeLessThanOrEqual(now); // never early
          }
          for (const h of expected.held) expect(left.has(h.id)).toBe(true); // never held
          const log = await store.readLog('t');
          const check = verifyLog(log);
          expect(check.valid).toBe(true);
          expect(check.deleted).toBe(recs.length - left.size);
          expect(check.byRule).toEqual(expected.dueByRule);
          expect(report.byRule).toEqual(expected.dueByRule);
          for (const e of log) expect(e.count).toBeLessThanOrEqual(batchSize);
          expect(new Set(log.flatMap((e) => e.ids))).toEqual(new Set(expected.due.map((r) => hasher.hash(r.id))));
          // Idempotent: nothing more to do, nothing appended.
          expect((await sweeper.sweep({ now })).deleted).toBe(0);
          expect(await store.readLog('t')).toHaveLength(log.length);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('seed policies swept', () => {
  it('the processor policy: 24 h after the visit, the IP 7 days for security, anonymous data 90 days', async () => {
    const store = createMemoryStore({ policy });
    const visitEnd = Date.parse('2026-11-20T15:00:00Z');
    store.put([
      {
        id: 'pd-1',
        category: 'visitor-personal-data',
        collectedAt: visitEnd - 3_600_000,
        events: { 'visit-ended': visitEnd },
      },
      { id: 'pd-open', category: 'visitor-personal-data', collectedAt: visitEnd - 3_600_000 },
      { id: 'ip-1', category: 'visitor-personal-data', purpose: 'security', collectedAt: visitEnd },
      { id: 'anon-1', category: 'anonymous-data', collectedAt: visitEnd },
    ]);
    const sweeper = createSweeper({ store, tenant: 'exatom', key: KEY, worker: 'cron' });
    const ids = () =>
      store
        .records()
        .map((r) => r.id)
        .sort();
    await sweeper.sweep({ now: visitEnd + 24 * 3_600_000 - 1 });
    expect(ids()).toEqual(['anon-1', 'ip-1', 'pd-1', 'pd-open']);
    await sweeper.sweep({ now: visitEnd + 24 * 3_600_000 });
    expect(ids()).toEqual(['anon-1', 'ip-1', 'pd-open']);
    await sweeper.sweep({ now: '2026-11-27T15:00:00Z' });
    expect(ids()).toEqual(['anon-1', 'pd-open']);
    await sweeper.sweep({ now: '2027-02-18T15:00:00Z' });
    expect(ids()).toEqual(['pd-open']); // the visit never ended: never due
    const bundle = exportProofBundle(await store.readLog('exatom'));
    expect(bundle.manifest.byRule).toEqual({ 'personal-data-24h': 1, 'ip-security-7d': 1, 'anonymous-90d': 1 });
    expect(verifyProofBundle(bundle).valid).toBe(true);
  });

  it("the DPA's 30-day return-or-delete, with the deletion log presented as a proof bundle", async () => {
    const dpa = definePolicy(dpaReturnOrDelete);
    const store = createMemoryStore({ policy: dpa });
    const rows: RetentionRecord[] = Array.from({ length: 25 }, (_, i) => ({
      id: `doc-${i}`,
      category: 'controller-data',
      collectedAt: '2025-01-01T00:00:00Z',
    }));
    store.put(rows);
    const sweeper = createSweeper({ store, tenant: 'controller-1', key: KEY, batchSize: 10 });
    expect((await sweeper.sweep({ now: '2026-12-01T00:00:00Z' })).deleted).toBe(0); // contract still running
    store.put(rows.map((r) => ({ ...r, events: { 'contract-completed': '2026-11-23T17:00:00Z' } })));
    expect((await sweeper.sweep({ now: '2026-12-23T16:59:59Z' })).deleted).toBe(0);
    const report = await sweeper.sweep({ now: '2026-12-23T17:00:00Z' });
    expect(report).toMatchObject({ deleted: 25, batches: 3, byRule: { 'dpa-return-or-delete-30d': 25 } });
    const bundle = exportProofBundle(await store.readLog('controller-1'));
    const audit = verifyProofBundle({ manifest: JSON.stringify(bundle.manifest), lines: bundle.lines });
    expect(audit.valid).toBe(true);
    expect(audit.log.deleted).toBe(25);
    expect(bundle.lines).not.toContain('doc-');
  });
});

describe('sweeper control', () => {
  const many = (n: number): RetentionRecord[] =>
    Array.from({ length: n }, (_, i) => ({ id: `a-${i}`, category: 'anonymous-data', collectedAt: T0 }));
  const NOW = T0 + 100 * DAY;

  it('stops after maxBatches or a signal and resumes where it stopped', async () => {
    const store = createMemoryStore({ policy });
    store.put(many(95));
    const sweeper = createSweeper({ store, tenant: 't', key: KEY, batchSize: 10 });
    const first = await sweeper.sweep({ now: NOW, maxBatches: 3 });
    expect(first).toMatchObject({ deleted: 30, batches: 3, stopped: true });
    const controller = new AbortController();
    const second = await sweeper.sweep({ now: NOW, signal: controller.signal, onBatch: () => controller.abort() });
    expect(second).toMatchObject({ deleted: 10, stopped: true });
    const rest = await sweeper.sweep({ now: NOW });
    expect(rest).toMatchObject({ deleted: 55, stopped: false });
    const log = await store.readLog('t');
    expect(verifyLog(log).deleted).toBe(95);
    expect(new Set(log.flatMap((e) => e.ids)).size).toBe(95);
  });

  it('reads holds and events from functions at each sweep', async () => {
    const store = createMemoryStore({ policy });
    store.put(many(5));
    let holds: LegalHold[] = [
      {
        id: 'tax',
        scope: { category: 'anonymous-data' },
        reason: 'tax audit',
        placedAt: '2026-01-01T00:00:00Z',
        until: { event: 'audit-closed' },
      },
    ];
    let occurred = {};
    const sweeper = createSweeper({ store, tenant: 't', key: KEY, holds: () => holds, occurred: async () => occurred });
    expect((await sweeper.sweep({ now: NOW })).deleted).toBe(0);
    occurred = { 'audit-closed': NOW - 1 };
    expect((await sweeper.sweep({ now: NOW })).deleted).toBe(5);
    holds = [];
  });

  it('replays erasures after a restore, only for erasures since the given instant', async () => {
    const store = createMemoryStore({ policy });
    const rows = many(20);
    store.put(rows);
    const sweeper = createSweeper({ store, tenant: 't', key: KEY, batchSize: 7, clock: () => NOW });
    await sweeper.sweep({ now: NOW });
    const log = await store.readLog('t');
    store.put([...rows, { id: 'fresh', category: 'anonymous-data', collectedAt: NOW }]); // the restore, plus new data
    // An id reused by another category is not touched.
    store.put([{ id: 'a-3', category: 'visitor-personal-data', collectedAt: NOW }]);
    expect((await sweeper.replayErasures(log, NOW + 1)).deleted).toBe(0);
    const replay = await sweeper.replayErasures(log, NOW);
    expect(replay).toMatchObject({ deleted: 19, held: 0, scanned: 21 });
    expect(
      store
        .records()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['a-3', 'fresh']);
    const full = await store.readLog('t');
    expect(verifyLog(full).valid).toBe(true);
    expect(full.filter((e) => e.kind === 'replay').every((e) => e.rule === 'anonymous-90d')).toBe(true);
  });

  it('validates its options', async () => {
    const store = createMemoryStore({ policy });
    expect(() => createSweeper({ store, tenant: '', key: KEY })).toThrow(RetentionError);
    expect(() => createSweeper({ store, tenant: 't', key: new Uint8Array(8) })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'options.key' }),
    );
    expect(() => createSweeper({ store, tenant: 't', key: KEY, batchsize: 10 } as never)).toThrow(
      expect.objectContaining({
        code: 'UNKNOWN_KEY',
        path: 'options.batchsize',
        message: expect.stringContaining('did you mean "batchSize"'),
      }),
    );
    expect(() => createSweeper({ store, tenant: 't', key: KEY, timezone: 'Europe/Berlin' } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'options.timezone' }),
    );
    expect(() => createMemoryStore({ policy, polcy: policy } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY' }),
    );
    const sweeper = createSweeper({ store, tenant: 't', key: KEY });
    await expect(sweeper.sweep({ dryrun: true } as never)).rejects.toMatchObject({
      code: 'UNKNOWN_KEY',
      path: 'options.dryrun',
    });
    expect(() => createSweeper({ store, tenant: 't', key: KEY, batchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
    expect(() => createSweeper({ store, tenant: 't', key: KEY, timeZone: 'Nowhere/None' })).toThrow(RetentionError);
    expect(() => createSweeper({ store: {} as never, tenant: 't', key: KEY })).toThrow(RetentionError);
  });
});

describe('sweeper failures with batches in flight', () => {
  it('a failing batch stops the other lanes and the sweep rejects with the store error', async () => {
    const inner = createMemoryStore({ policy });
    inner.put(Array.from({ length: 100 }, (_, i) => ({ id: `x${i}`, category: 'anonymous-data', collectedAt: T0 })));
    let calls = 0;
    const store = {
      ...inner,
      async sweepBatch(request: Parameters<typeof inner.sweepBatch>[0]) {
        if (++calls === 3) throw new RetentionError('STORE_FAILURE', 'PostgreSQL sweep batch failed (Error 57P01)');
        await new Promise((resolve) => setTimeout(resolve, 5));
        return inner.sweepBatch(request);
      },
    };
    const sweeper = createSweeper({ store, tenant: 't', key: KEY, batchSize: 5, concurrency: 3 });
    await expect(sweeper.sweep({ now: T0 + 100 * DAY })).rejects.toMatchObject({ code: 'STORE_FAILURE' });
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(after); // nothing keeps running in the background
    const log = await inner.readLog('t');
    expect(verifyLog(log).deleted).toBe(100 - inner.records().length);
  });

  it('goes on after a short batch when the store says there is more; a lane told no more stops alone', async () => {
    const store = createMemoryStore({ policy });
    store.put(
      Array.from({ length: 40 }, (_, i) => ({
        id: `r${i}`,
        category: 'anonymous-data',
        collectedAt: T0 + (i % 2) * 200 * DAY,
      })),
    );
    const now = T0 + 100 * DAY;
    const due = (await createSweeper({ store, tenant: 't', key: KEY }).sweep({ now, dryRun: true })).deleted;
    expect(due).toBe(20);
    let calls = 0;
    // A store that walks ranges: every other call an empty range (more to read); then "no more"
    // only to the lane that asks first while the other lane still has rows to take.
    const ranged: RetentionStore = {
      ...store,
      async sweepBatch(request) {
        calls++;
        if (calls % 2 === 1) return { count: 0, entries: [], more: true };
        const batch = await store.sweepBatch(request);
        return batch.count < request.limit ? { ...batch, more: false } : { ...batch, more: true };
      },
    };
    const report = await createSweeper({ store: ranged, tenant: 't', key: KEY, batchSize: 3, concurrency: 2 }).sweep({
      now,
    });
    expect(report.deleted).toBe(due);
    expect(report.stopped).toBe(false);
    expect(verifyLog(await store.readLog('t')).deleted).toBe(due);
  });
});
