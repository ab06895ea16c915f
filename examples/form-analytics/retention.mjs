// Retention: the rules of config.mjs, run by @privkit/retention over the example's own tables.
// Each row gets its `due_at` and deciding `rule` from the policy when it is written; a sweep
// deletes due rows in batches and appends a hash-chained entry per batch to the deletion log,
// in the same transaction. Open data-subject requests place legal holds on their visitor id.
import { randomBytes } from 'node:crypto';
import { createSweeper, definePolicy, scheduleRecord } from '@privkit/retention';
import { exportProofBundle } from '@privkit/retention/log';
import { createPostgresStore } from '@privkit/retention/postgres';
import { verifyLog } from '@privkit/retention/verify';

export const TENANT = 'form-analytics';

/**
 * `key` hashes the deleted rows' ids in the log (≥ 32 bytes). Keep it in a secret store: it is
 * what lets a restored backup be swept again (`replayErasures`). Without one, a random key is
 * used for this process only.
 */
export async function createRetention({ db, config, now, key = randomBytes(32), holds = () => [] }) {
  const policy = definePolicy({ rules: config.retentionRules, timeZone: 'UTC' });
  const sweepers = [];
  const stores = [];
  for (const [category, { table, subject }] of Object.entries(config.storage)) {
    const store = createPostgresStore({
      client: db.client,
      schema: db.schema,
      table,
      category,
      columns: { category: null, subject },
    });
    await store.migrate({ index: true });
    stores.push(store);
    sweepers.push(
      createSweeper({ store, tenant: TENANT, key, worker: `form-analytics-${process.pid}`, holds, clock: now }),
    );
  }

  return {
    policy,
    /** `due_at` and `rule` for a row of `category` collected at `collectedAt`. */
    due(category, collectedAt) {
      const { status, dueAt, rule } = scheduleRecord(policy, { id: 'new-row', category, collectedAt });
      if (status !== 'scheduled') throw new Error(`no retention rule covers category "${category}"`);
      return { dueAt, rule };
    },
    /** Sweeps every table at `at` (default the clock); returns rows deleted per rule. */
    async sweep({ at = now(), dryRun = false } = {}) {
      const byRule = {};
      let deleted = 0;
      let held = 0;
      for (const sweeper of sweepers) {
        const report = await sweeper.sweep({ now: at, dryRun });
        deleted += report.deleted;
        held += report.held ?? 0;
        for (const [rule, n] of Object.entries(report.byRule)) byRule[rule] = (byRule[rule] ?? 0) + n;
      }
      return { at: new Date(at).toISOString(), deleted, byRule, held: dryRun ? held : null };
    },
    /** The whole deletion log (one chain for the three tables), and whether it verifies. */
    async log() {
      const entries = await stores[0].readLog(TENANT);
      return { entries, verification: verifyLog(entries) };
    },
    /** A proof bundle of the log: a manifest and JSON lines anyone can verify offline. */
    async proof() {
      return exportProofBundle(await stores[0].readLog(TENANT));
    },
  };
}
