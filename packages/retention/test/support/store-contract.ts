/**
 * @module
 * The promises every `RetentionStore` keeps, as one suite to run against each store on a real
 * backend: a sweep deletes exactly the due rows no hold covers, in batches of at most its size,
 * and logs each exactly once in a chain that verifies; a second sweep deletes nothing; a dry run
 * counts without deleting; a hold committed while a sweep runs protects its rows from the next
 * batch on; erasure replay deletes a row brought back, once, as `replay`. A new store adds a
 * `StoreTarget` and one `storeContract(…)` call (see store-contract.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createSweeper, definePolicy, type LegalHold, type RetentionRecord } from '../../src/index.js';
import { createIdentifierHasher } from '../../src/log.js';
import type { RetentionStore } from '../../src/store.js';
import { verifyLog } from '../../src/verify.js';

/** The policy of the contract's records. */
export const contractPolicy = definePolicy({
  rules: [
    { id: 'visits-1d', category: 'visits', purpose: 'analytics', period: 'P1D' },
    { id: 'ips-7d', category: 'ips', purpose: 'security', period: 'P7D' },
  ],
});

/** A store over the given records, and a way to list the ids still stored. */
export interface StoreUnderTest {
  readonly store: RetentionStore;
  /** The ids still stored. */
  ids(): Promise<Set<string>>;
  /** Puts rows back as a restore would (for erasure replay). */
  restore(records: readonly RetentionRecord[]): Promise<void>;
}

/** A backend: makes a fresh store holding `records` (due instants from {@link contractPolicy}). */
export interface StoreTarget {
  readonly name: string;
  readonly enabled: boolean;
  make(records: readonly RetentionRecord[]): Promise<StoreUnderTest>;
}

const NOW = '2026-11-23T12:00:00.000Z';
const KEY = new Uint8Array(32).fill(17);
const hasher = createIdentifierHasher(KEY);

/** 300 records: due and not, in two categories, over 12 subjects. */
export function contractRecords(): RetentionRecord[] {
  return Array.from({ length: 300 }, (_, i) => ({
    id: String(i + 1),
    category: i % 3 === 0 ? 'ips' : 'visits',
    subject: `s-${i % 12}`,
    // Every fourth record was collected an hour ago: not due under either rule.
    collectedAt: i % 4 === 3 ? '2026-11-23T11:00:00Z' : '2026-11-01T00:00:00Z',
  }));
}

const isDue = (r: RetentionRecord) => r.collectedAt !== '2026-11-23T11:00:00Z';

/** Runs the contract against one backend. */
export function storeContract(target: StoreTarget): void {
  describe.skipIf(!target.enabled)(`the store contract on ${target.name}`, () => {
    it(
      'deletes exactly the due, unheld rows in bounded batches, logs each once, ' +
        'and a second sweep deletes nothing',
      async () => {
        const records = contractRecords();
        const { store, ids } = await target.make(records);
        const holds: LegalHold[] = [
          { id: 'H-subject', scope: { subject: 's-5' }, reason: 'open request', placedAt: NOW },
          { id: 'H-record', scope: { record: '2' }, reason: 'litigation', placedAt: NOW },
        ];
        const held = (r: RetentionRecord) => r.subject === 's-5' || r.id === '2';
        const sweeper = createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 40, holds });
        const dry = await sweeper.sweep({ now: NOW, dryRun: true });
        expect(dry.deleted).toBe(records.filter((r) => isDue(r) && !held(r)).length);
        expect(dry.held).toBe(records.filter((r) => isDue(r) && held(r)).length);
        expect((await ids()).size).toBe(records.length);
        const report = await sweeper.sweep({ now: NOW });
        const left = await ids();
        for (const r of records) expect(left.has(r.id)).toBe(!isDue(r) || held(r));
        const log = await store.readLog('acme');
        expect(verifyLog(log).valid).toBe(true);
        for (const e of log) expect(e.count).toBeLessThanOrEqual(40);
        const logged = log.flatMap((e) => e.ids);
        expect(new Set(logged).size).toBe(logged.length);
        expect(new Set(logged)).toEqual(new Set(records.filter((r) => !left.has(r.id)).map((r) => hasher.hash(r.id))));
        expect(report.deleted).toBe(logged.length);
        expect((await sweeper.sweep({ now: NOW })).deleted).toBe(0);
        expect(await store.readLog('acme')).toHaveLength(log.length);
      },
    );

    it('a hold placed while the sweep runs protects its rows from the next batch on', async () => {
      const records = contractRecords();
      const { store, ids } = await target.make(records);
      let holds: LegalHold[] = [];
      let protectedIds: string[] = [];
      let batches = 0;
      const sweeper = createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 20, holds: () => holds });
      await sweeper.sweep({
        now: NOW,
        onBatch: () => {
          if (++batches !== 1) return;
          holds = [{ id: 'H', scope: { category: 'ips' }, reason: 'tax audit', placedAt: NOW }];
          protectedIds = records.filter((r) => r.category === 'ips').map((r) => r.id);
        },
      });
      const left = await ids();
      const logged = new Set((await store.readLog('acme')).flatMap((e) => e.ids));
      // An ips row deleted by the first batch, before the hold, is legitimately gone.
      for (const id of protectedIds) expect(left.has(id) || logged.has(hasher.hash(id))).toBe(true);
      const secondBatchOn = protectedIds.filter((id) => !logged.has(hasher.hash(id)));
      for (const id of secondBatchOn) expect(left.has(id)).toBe(true);
      expect(secondBatchOn.length).toBeGreaterThan(50);
    });

    it('replays an erasure after a restore brings the row back, once, as replay', async () => {
      const records = contractRecords();
      const { store, ids, restore } = await target.make(records);
      const sweeper = createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 100 });
      await sweeper.sweep({ now: NOW });
      const log = await store.readLog('acme');
      const gone = records.filter((r) => isDue(r)).slice(0, 5);
      await restore(gone);
      const replay = await sweeper.replayErasures(log, '2000-01-01T00:00:00Z');
      expect(replay.deleted).toBe(gone.length);
      const left = await ids();
      for (const r of gone) expect(left.has(r.id)).toBe(false);
      const after = await store.readLog('acme');
      expect(verifyLog(after).valid).toBe(true);
      expect(
        after
          .filter((e) => e.kind === 'replay')
          .flatMap((e) => e.ids)
          .sort(),
      ).toEqual(gone.map((r) => hasher.hash(r.id)).sort());
      expect((await sweeper.replayErasures(after, '2000-01-01T00:00:00Z')).deleted).toBe(0);
    });
  });
}
