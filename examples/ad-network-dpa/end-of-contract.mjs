// Clause 15.1 run as retention: the controller's data held by the processor (a table in the
// embedded PGlite), the contract of one publisher ending, and the sweep that returns and deletes
// its data within the 30 days, leaving the deletion log the clause promises ("The deletion log
// must be presented upon request") as a proof bundle anyone can verify offline.
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createSweeper, definePolicy, scheduleRecord } from '@privkit/retention';
import { exportProofBundle } from '@privkit/retention/log';
import { createPostgresStore } from '@privkit/retention/postgres';

const DAY = 86_400_000;

/**
 * Runs the end of one publisher's contract. `rules` are the model's retention rules; `endedAt`
 * is when the contract ended. Returns what happened at each step and the proof bundle.
 */
export async function endOfContract({
  rules,
  endedAt,
  publishers = ['publisher-a', 'publisher-b'],
  usersPerPublisher = 20,
}) {
  const db = await PGlite.create();
  try {
    const policy = definePolicy({ rules, timeZone: 'UTC' });
    await db.query(`CREATE TABLE controller_data (
      id bigserial PRIMARY KEY,
      publisher text NOT NULL,
      category text NOT NULL,
      subject text NOT NULL,
      collected_at timestamptz NOT NULL,
      due_at timestamptz,
      rule text
    )`);
    const store = createPostgresStore({ client: db, table: 'controller_data' });
    await store.migrate({ index: true });
    // The tenant is the processor; its key hashes the deleted ids in the log.
    const sweeper = createSweeper({ store, tenant: 'exitbee', key: randomBytes(32), worker: 'end-of-contract' });

    // Data of every category for each publisher's end-users, collected during the contract.
    const collectedAt = new Date(endedAt - 60 * DAY);
    let rows = 0;
    for (const publisher of publishers) {
      for (const { category } of rules) {
        for (let u = 0; u < usersPerPublisher; u++) {
          // A running contract: the trigger has not happened, so nothing is ever due yet.
          const { dueAt, rule } = scheduleRecord(policy, { id: 'new', category, collectedAt });
          await db.query(
            'INSERT INTO controller_data (publisher, category, subject, collected_at, due_at, rule) VALUES ($1, $2, ' +
              '$3, $4, $5, $6)',
            [publisher, category, `${publisher}-user-${u}`, collectedAt, dueAt, rule],
          );
          rows++;
        }
      }
    }
    const waiting = scheduleRecord(policy, { id: 'new', category: rules[0].category, collectedAt });

    // The first publisher's contract ends: its rows become due 30 days later.
    const [ended] = publishers;
    for (const { category } of rules) {
      const { dueAt, rule } = scheduleRecord(policy, {
        id: 'x',
        category,
        collectedAt,
        events: { 'contract-ended': endedAt },
      });
      await db.query('UPDATE controller_data SET due_at = $1, rule = $2 WHERE publisher = $3 AND category = $4', [
        dueAt,
        rule,
        ended,
        category,
      ]);
    }
    const dueAt = scheduleRecord(policy, {
      id: 'x',
      category: rules[0].category,
      collectedAt,
      events: { 'contract-ended': endedAt },
    }).dueAt;

    // Return: the controller chose to have its data back before deletion (clause 15.1).
    const returned = (
      await db.query('SELECT category, subject, collected_at FROM controller_data WHERE publisher = $1 ORDER BY id', [
        ended,
      ])
    ).rows;

    const count = async (publisher) =>
      (await db.query('SELECT count(*)::int AS n FROM controller_data WHERE publisher = $1', [publisher])).rows[0].n;
    const before = await sweeper.sweep({ now: endedAt + 29 * DAY });
    const after = await sweeper.sweep({ now: endedAt + 30 * DAY + 60_000 });
    const log = await store.readLog('exitbee');
    return {
      rows,
      waitingStatus: waiting.status,
      dueAt,
      returned: returned.length,
      sweptAt29Days: before.deleted,
      sweptAt30Days: after.deleted,
      byRule: after.byRule,
      left: Object.fromEntries(await Promise.all(publishers.map(async (p) => [p, await count(p)]))),
      proof: exportProofBundle(log),
    };
  } finally {
    await db.close();
  }
}
