/**
 * The PostgreSQL store on tables partitioned by range on a time column (as pg_partman makes
 * them), on the real server and on PGlite: with `partitions: 'drop'` every partition whose rows
 * are all due and unheld is detached and dropped, every id logged; straddling partitions, ones
 * holding a held row, a row under no rule or a row not yet due, and the default partition are
 * swept row by row. Whatever the table, the rows left are exactly the ones a row-by-row sweep
 * leaves, the log verifies, its proof bundle verifies, and every deleted id is in it exactly once.
 * With `partitions: 'rows'` a partitioned table is swept row by row without deleting a row of one
 * partition for another's (ctids repeat across partitions). A foreign key referencing a day's rows
 * leaves that day to row-by-row batches (its ON DELETE action applies). On the server, a row
 * committed while the drop waits for its lock is seen whatever the session's default isolation
 * level, and your statement waiting on the locked partition while holding the parent is not made
 * a deadlock's victim.
 */
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createSweeper, type LegalHold } from '../src/index.js';
import { createIdentifierHasher, exportProofBundle } from '../src/log.js';
import { createPostgresStore, type PgQueryable } from '../src/postgres.js';
import { verifyLog, verifyProofBundle } from '../src/verify.js';
import { PG_URL, pgServerAvailable, uniqueName } from './support/servers.js';

const pgUp = await pgServerAvailable();
const KEY = new Uint8Array(32).fill(21);
const hasher = createIdentifierHasher(KEY);
const NOW = '2026-11-23T12:00:00.000Z';
const DAY = 86_400_000;
const T_NOW = Date.parse(NOW);

interface Backend {
  name: string;
  enabled: boolean;
  client(): Promise<PgQueryable>;
  schemas: string[];
  cleanup(): Promise<void>;
}

const server = (): Backend => {
  let pool: pg.Pool | undefined;
  const schemas: string[] = [];
  return {
    name: 'PostgreSQL server',
    enabled: pgUp,
    schemas,
    async client() {
      pool ??= new pg.Pool({ connectionString: PG_URL, max: 3 });
      return pool;
    },
    async cleanup() {
      if (pool === undefined) return;
      for (const s of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await pool.end();
    },
  };
};

const embedded = (): Backend => {
  let db: PGlite | undefined;
  return {
    name: 'PGlite',
    enabled: true,
    schemas: [],
    async client() {
      db ??= await PGlite.create();
      return db as unknown as PgQueryable;
    },
    async cleanup() {
      await db?.close();
    },
  };
};

/** One row of a generated table: its id, due instant (ms, or null), rule and subject. */
interface Row {
  id: number;
  due: number | null;
  rule: string | null;
  subject: string;
  /** When it was written (default: 3 days before it is due, or before now). */
  created?: number;
}

const createdAt = (r: Row) => r.created ?? (r.due ?? T_NOW) - 3 * DAY;

const day = (t: number) => new Date(Math.floor(t / DAY) * DAY).toISOString();

/**
 * A table partitioned by day on `key` (`due_at`, or `created_at` one period before it), with a
 * default partition, holding `rows`.
 */
async function partitionedTable(client: PgQueryable, schema: string, key: 'due_at' | 'created_at', rows: Row[]) {
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(
    `CREATE TABLE ${schema}.events (id bigint NOT NULL, category text NOT NULL, subject text, rule text,
      due_at timestamptz, created_at timestamptz NOT NULL) PARTITION BY RANGE (${key})`,
  );
  const times = rows.map((r) => (key === 'due_at' ? r.due : createdAt(r))).filter((t) => t !== null);
  const days = new Set(times.map((t) => day(t as number)));
  let n = 0;
  for (const d of [...days].sort()) {
    const from = Date.parse(d);
    // pg_partman's names: the table's, then the day.
    const name = `events_p${d.slice(0, 10).replaceAll('-', '')}`;
    await client.query(
      `CREATE TABLE ${schema}.${name} PARTITION OF ${schema}.events FOR VALUES FROM ('${d}') TO ` +
        `('${new Date(from + DAY).toISOString()}')`,
    );
    n++;
  }
  await client.query(`CREATE TABLE ${schema}.events_default PARTITION OF ${schema}.events DEFAULT`);
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await client.query(
      `INSERT INTO ${schema}.events (id, category, subject, rule, due_at, created_at)
       SELECT id, 'visitor-data', subject, rule, due_at, created_at
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
         AS r(id, subject, rule, due_at, created_at)`,
      [
        chunk.map((r) => r.id),
        chunk.map((r) => r.subject),
        chunk.map((r) => r.rule),
        chunk.map((r) => (r.due === null ? null : new Date(r.due).toISOString())),
        chunk.map((r) => new Date(createdAt(r)).toISOString()),
      ],
    );
  }
  return n;
}

const partitionCount = async (client: PgQueryable, schema: string) =>
  Number(
    (
      (await client.query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = '${schema}.events'::regclass`))
        .rows[0] as { n: number }
    ).n,
  );

const leftIds = async (client: PgQueryable, schema: string) =>
  new Set(
    ((await client.query(`SELECT id::int AS id FROM ${schema}.events`)).rows as { id: number }[]).map((r) => r.id),
  );

/** Sweeps and checks every promise against the rows as generated (an oracle that shares no code with the store). */
async function sweepAndCheck(
  backend: Backend,
  key: 'due_at' | 'created_at',
  rows: Row[],
  heldSubjects: string[],
  batchSize: number,
  partitions: 'rows' | 'drop' = 'drop',
) {
  const client = await backend.client();
  const schema = uniqueName('ret_part');
  backend.schemas.push(schema);
  const made = await partitionedTable(client, schema, key, rows);
  const store = createPostgresStore({ client, schema, table: 'events', category: 'visitor-data', partitions });
  await store.migrate({ index: true });
  const holds: LegalHold[] = heldSubjects.map((s, i) => ({
    id: `H-${i}`,
    scope: { subject: s },
    reason: 'open access request',
    placedAt: '2026-01-01T00:00:00Z',
  }));
  const report = await createSweeper({ store, tenant: 'acme', key: KEY, batchSize, holds }).sweep({ now: NOW });
  const expected = new Set(
    rows
      .filter((r) => r.due !== null && r.due <= T_NOW && r.rule !== null && !heldSubjects.includes(r.subject))
      .map((r) => r.id),
  );
  const left = await leftIds(client, schema);
  for (const r of rows) expect(left.has(r.id)).toBe(!expected.has(r.id));
  expect(report.deleted).toBe(expected.size);
  const log = await store.readLog('acme');
  expect(verifyLog(log).valid).toBe(true);
  if (log.length > 0) expect(verifyProofBundle(exportProofBundle(log)).valid).toBe(true);
  const logged = log.flatMap((e) => e.ids);
  expect(logged.length).toBe(expected.size);
  expect(new Set(logged)).toEqual(new Set([...expected].map((id) => hasher.hash(String(id)))));
  for (const e of log) expect(e.count).toBeLessThanOrEqual(batchSize);
  return { made, partitionsLeft: await partitionCount(client, schema), report, schema, client };
}

for (const backend of [server(), embedded()]) {
  describe.skipIf(!backend.enabled)(`partitioned tables on ${backend.name}`, () => {
    afterAll(() => backend.cleanup());

    // 20 days of rows, 30 a day: days before now entirely due, today's partition straddling now.
    const days = (n: number, perDay: number, start: number) =>
      Array.from({ length: n * perDay }, (_, i): Row => {
        const d = Math.floor(i / perDay);
        return {
          id: i + 1,
          due: start + d * DAY + (i % perDay) * Math.floor(DAY / perDay),
          rule: 'personal-data-24h',
          subject: `s-${i % 40}`,
        };
      });

    it('drops the partitions that are all due, sweeps the straddling one row by row, logs every id once', async () => {
      const start = Date.parse('2026-11-10T00:00:00Z');
      const rows = days(20, 30, start);
      rows.push({ id: 100_001, due: null, rule: 'waiting-rule', subject: 's-1' }); // default partition
      for (const key of ['due_at', 'created_at'] as const) {
        const result = await sweepAndCheck(backend, key, rows, [], 25);
        // Nov 10..22 are due whole: 13 partitions gone; the default and Nov 23..29 stay.
        expect(result.made - (result.partitionsLeft - 1)).toBe(13);
      }
    });

    it('keeps a partition with a held row, a row under no rule or a row not due, sweeping it by rows', async () => {
      const start = Date.parse('2026-11-01T00:00:00Z');
      const rows = days(10, 20, start);
      rows[5] = { ...(rows[5] as Row), subject: 'held' }; // Nov 1
      rows[25] = { ...(rows[25] as Row), rule: null }; // Nov 2
      const result = await sweepAndCheck(backend, 'due_at', rows, ['held'], 7);
      expect(result.partitionsLeft - 1).toBe(2);
      // Partitioned on created_at, a row due later in an old partition keeps it attached.
      const late = days(6, 10, start);
      const first = late[3] as Row;
      late[3] = { ...first, due: T_NOW + DAY, created: createdAt(first) };
      const other = await sweepAndCheck(backend, 'created_at', late, [], 10);
      expect(other.partitionsLeft - 1).toBe(1); // the late row's partition
    });

    it('partitions: rows deletes only the claimed row of each partition (ctids repeat across partitions)', async () => {
      const start = Date.parse('2026-11-20T00:00:00Z');
      // Every partition's first row has ctid (0,1); only some of them are due.
      const rows = days(8, 5, start);
      const result = await sweepAndCheck(backend, 'due_at', rows, [], 3, 'rows');
      expect(result.partitionsLeft).toBe(result.made + 1);
    });

    it('a view on a partition, a sub-partitioned day, a quoted name: rows or drop, never lost', async () => {
      const client = await backend.client();
      const schema = uniqueName('ret_part');
      backend.schemas.push(schema);
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(
        `CREATE TABLE ${schema}.events (id bigint NOT NULL, category text NOT NULL, subject text, rule text,
          due_at timestamptz) PARTITION BY RANGE (due_at)`,
      );
      const q = (d: string) => `FOR VALUES FROM ('2026-11-${d}T00:00:00Z') TO ('2026-11-${d}T23:59:59.999999Z')`;
      await client.query(`CREATE TABLE ${schema}."Events Nov-01" PARTITION OF ${schema}.events ${q('01')}`);
      await client.query(`CREATE TABLE ${schema}.events_p02 PARTITION OF ${schema}.events ${q('02')}`);
      await client.query(
        `CREATE TABLE ${schema}.events_p03 PARTITION OF ${schema}.events ${q('03')} PARTITION BY LIST (subject)`,
      );
      await client.query(`CREATE TABLE ${schema}.events_p03_all PARTITION OF ${schema}.events_p03 DEFAULT`);
      await client.query(`CREATE TABLE ${schema}.events_p04 PARTITION OF ${schema}.events ${q('04')}`);
      // A view on day 2: DROP TABLE would fail, so the day is swept row by row.
      await client.query(`CREATE VIEW ${schema}.day2 AS SELECT id FROM ${schema}.events_p02`);
      await client.query(
        `INSERT INTO ${schema}.events (id, category, subject, rule, due_at)
         SELECT i, 'visitor-data', 's-' || (i % 5), 'personal-data-24h',
           '2026-11-01T00:00:00Z'::timestamptz + (i - 1) * interval '1 hour'
         FROM generate_series(1, 96) AS i`,
      );
      const store = createPostgresStore({ client, schema, table: 'events', partitions: 'drop' });
      await store.migrate({ index: true });
      const report = await createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 10 }).sweep({ now: NOW });
      expect(report.deleted).toBe(96);
      expect((await leftIds(client, schema)).size).toBe(0);
      const log = await store.readLog('acme');
      expect(verifyLog(log).valid).toBe(true);
      expect(new Set(log.flatMap((e) => e.ids))).toEqual(
        new Set(Array.from({ length: 96 }, (_, i) => hasher.hash(String(i + 1)))),
      );
      // The quoted name and day 4 dropped; day 2 (its view) and day 3 (sub-partitioned) kept, empty.
      const { rows } = await client.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = '${schema}.events'::regclass ORDER BY 1`,
      );
      expect((rows as { relname: string }[]).map((r) => r.relname)).toEqual(['events_p02', 'events_p03']);
    });

    for (const action of ['CASCADE', 'SET NULL'] as const) {
      it(`a foreign key ON DELETE ${action} to a day: detach refused (23503), the day swept row by row`, async () => {
        const client = await backend.client();
        const schema = uniqueName('ret_part');
        backend.schemas.push(schema);
        const rows = days(3, 10, Date.parse('2026-11-10T00:00:00Z'));
        await partitionedTable(client, schema, 'due_at', rows);
        await client.query(`ALTER TABLE ${schema}.events ADD PRIMARY KEY (id, due_at)`);
        await client.query(
          `CREATE TABLE ${schema}.refs (event_id bigint, due_at timestamptz,
            FOREIGN KEY (event_id, due_at) REFERENCES ${schema}.events ON DELETE ${action})`,
        );
        // Rows 1 and 2 (Nov 10) are referenced; Nov 11 and 12 are not.
        await client.query(`INSERT INTO ${schema}.refs SELECT id, due_at FROM ${schema}.events WHERE id IN (1, 2)`);
        const store = createPostgresStore({
          client,
          schema,
          table: 'events',
          category: 'visitor-data',
          partitions: 'drop',
        });
        await store.migrate({ index: true });
        const report = await createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 7 }).sweep({ now: NOW });
        expect(report.deleted).toBe(30);
        expect((await leftIds(client, schema)).size).toBe(0);
        const log = await store.readLog('acme');
        expect(verifyLog(log).valid).toBe(true);
        const logged = log.flatMap((e) => e.ids);
        expect(logged.length).toBe(30);
        expect(new Set(logged)).toEqual(new Set(rows.map((r) => hasher.hash(String(r.id)))));
        // Nov 11 and 12 dropped; Nov 10 (referenced) and the default kept, Nov 10 emptied row by row.
        expect(await partitionCount(client, schema)).toBe(2);
        const { rows: refs } = await client.query(`SELECT event_id FROM ${schema}.refs`);
        expect(refs).toEqual(action === 'CASCADE' ? [] : [{ event_id: null }, { event_id: null }]);
      });
    }

    it('a foreign key ON DELETE NO ACTION: the referenced row is never deleted, every logged row is gone', async () => {
      const client = await backend.client();
      const schema = uniqueName('ret_part');
      backend.schemas.push(schema);
      const rows = days(3, 10, Date.parse('2026-11-10T00:00:00Z'));
      await partitionedTable(client, schema, 'due_at', rows);
      await client.query(`ALTER TABLE ${schema}.events ADD PRIMARY KEY (id, due_at)`);
      await client.query(
        `CREATE TABLE ${schema}.refs (event_id bigint, due_at timestamptz,
          FOREIGN KEY (event_id, due_at) REFERENCES ${schema}.events)`,
      );
      await client.query(`INSERT INTO ${schema}.refs SELECT id, due_at FROM ${schema}.events WHERE id = 1`);
      const store = createPostgresStore({
        client,
        schema,
        table: 'events',
        category: 'visitor-data',
        partitions: 'drop',
      });
      await store.migrate({ index: true });
      // The DELETE of row 1 is refused by the user's constraint: the sweep fails closed, not at the
      // detach (which is left to row-by-row batches) but at the row.
      const error = await createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 7 })
        .sweep({ now: NOW })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toMatchObject({ code: 'STORE_FAILURE' });
      expect((error as Error).message).not.toMatch(/partition drop/);
      const left = await leftIds(client, schema);
      expect(left.has(1)).toBe(true);
      const log = await store.readLog('acme');
      expect(verifyLog(log).valid).toBe(true);
      const hashes = new Set(log.flatMap((e) => e.ids));
      for (const r of rows) if (hashes.has(hasher.hash(String(r.id)))) expect(left.has(r.id)).toBe(false);
      // Nov 11 and 12 were dropped before the referenced day was tried row by row.
      expect(hashes.size).toBeGreaterThanOrEqual(20);
    });

    it('any table of generated rows: the same rows left as a row-by-row sweep, every id logged once', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              offset: fc.integer({ min: -12 * DAY, max: 3 * DAY }),
              rule: fc.constantFrom('r-a', 'r-b', null),
              subject: fc.constantFrom('s-1', 's-2', 's-3', 's-4'),
              waiting: fc.boolean(),
            }),
            { maxLength: 60 },
          ),
          fc.subarray(['s-1', 's-2']),
          fc.constantFrom('due_at' as const, 'created_at' as const),
          fc.integer({ min: 1, max: 20 }),
          async (raw, held, key, batchSize) => {
            const rows = raw.map(
              (r, i): Row => ({
                id: i + 1,
                // Mostly whole past days of one rule, so that partitions can be dropped.
                due: r.waiting && r.offset > 0 ? null : T_NOW + r.offset,
                rule: r.rule === null && r.offset % 3 !== 0 ? 'r-a' : r.rule,
                subject: r.subject,
              }),
            );
            await sweepAndCheck(backend, key, rows, held, batchSize);
          },
        ),
        { numRuns: backend.name === 'PGlite' ? 15 : 40 },
      );
    });
  });
}

/**
 * The pool, with `before(text)` awaited before each statement the store sends in a transaction
 * (on a checked-out client): the test's hook into a real sweep's timing, on a real server.
 */
function hooked(pool: pg.Pool, before: (text: string) => Promise<void>): PgQueryable {
  return {
    query: (text: string, params?: unknown[]) => pool.query(text, params),
    get totalCount() {
      return pool.totalCount;
    },
    async connect() {
      const conn = await pool.connect();
      return {
        async query(text: string, params?: unknown[]) {
          await before(text);
          return conn.query(text, params);
        },
        release: (error?: Error | boolean) => conn.release(error),
      };
    },
  } as unknown as PgQueryable;
}

describe.skipIf(!pgUp)('partition drops beside your transactions (PostgreSQL server)', () => {
  const schemas: string[] = [];
  const admin = new pg.Pool({ connectionString: PG_URL, max: 4 });
  afterAll(async () => {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  });

  for (const level of ['repeatable read', 'serializable']) {
    it(`default_transaction_isolation = ${level}: a row committed during the lock wait is seen, kept`, async () => {
      const schema = uniqueName('ret_part');
      schemas.push(schema);
      const rows = days3();
      await partitionedTable(admin, schema, 'due_at', rows);
      // The sweeper's sessions default to the stricter level, as `ALTER ROLE … SET` or
      // `ALTER DATABASE … SET default_transaction_isolation` would make them.
      const sweeperPool = new pg.Pool({
        connectionString: PG_URL,
        max: 2,
        options: `-c default_transaction_isolation=${level.replace(' ', '\\ ')}`,
      });
      const writer = new pg.Client({ connectionString: PG_URL });
      await writer.connect();
      try {
        const [shown] = (await sweeperPool.query('SHOW transaction_isolation')).rows as {
          transaction_isolation: string;
        }[];
        expect(shown?.transaction_isolation).toBe(level);
        let open = true;
        const client = hooked(sweeperPool, async (text) => {
          // The sweeper's transaction has begun and reaches for the partition's lock, which the
          // writer's uncommitted insert holds; the writer commits, and the lock is granted.
          if (open && text.startsWith('LOCK TABLE')) {
            open = false;
            await writer.query('COMMIT');
          }
        });
        const store = createPostgresStore({
          client,
          schema,
          table: 'events',
          category: 'visitor-data',
          partitions: 'drop',
        });
        await store.migrate({ index: true });
        // Under no rule, in Nov 10's partition: it must not be deleted, and the day not dropped.
        await writer.query('BEGIN');
        await writer.query(
          `INSERT INTO ${schema}.events (id, category, subject, rule, due_at, created_at)
           VALUES (9999, 'visitor-data', 's-9', NULL, '2026-11-10T06:30:00Z', '2026-11-07T06:30:00Z')`,
        );
        const report = await createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 7 }).sweep({ now: NOW });
        expect(open).toBe(false);
        expect([...(await leftIds(admin, schema))]).toEqual([9999]);
        expect(report.deleted).toBe(30);
        const log = await store.readLog('acme');
        expect(verifyLog(log).valid).toBe(true);
        expect(new Set(log.flatMap((e) => e.ids))).toEqual(new Set(rows.map((r) => hasher.hash(String(r.id)))));
      } finally {
        await writer.end();
        await sweeperPool.end();
      }
    });
  }

  it('your statement on the parent waiting for the locked partition is not made a deadlock victim', async () => {
    const schema = uniqueName('ret_part');
    schemas.push(schema);
    const rows = days3();
    await partitionedTable(admin, schema, 'due_at', rows);
    const user = new pg.Client({ connectionString: PG_URL });
    await user.connect();
    const sweeperPool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    let sweep: Promise<unknown> | undefined;
    try {
      // Your session looks for deadlocks sooner than the sweeper's lock_timeout (250 ms) ends its wait.
      await user.query(`SET deadlock_timeout = '200ms'`);
      const pid = ((await user.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;
      let update: Promise<unknown> | undefined;
      const client = hooked(sweeperPool, async (text) => {
        // The partition is locked and its ids about to be read: your statement, not pruned to a
        // partition (no condition on due_at), takes the parent's lock and waits for the partition.
        if (update === undefined && text.includes('GROUP BY 1, 2')) {
          await user.query('BEGIN');
          update = user.query(`UPDATE ${schema}.events SET subject = subject WHERE id = 25`).then(
            () => 'updated',
            (e: unknown) => e,
          );
          for (let i = 0; i < 500; i++) {
            const { rows: waiting } = await admin.query('SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted', [pid]);
            if (waiting.length > 0) return;
            await new Promise((r) => setTimeout(r, 5));
          }
          throw new Error('the update never waited for the partition');
        }
      });
      const store = createPostgresStore({
        client,
        schema,
        table: 'events',
        category: 'visitor-data',
        partitions: 'drop',
      });
      await store.migrate({ index: true });
      const sweeper = createSweeper({ store, tenant: 'acme', key: KEY, batchSize: 7 });
      sweep = sweeper.sweep({ now: NOW });
      // The sweeper gives the parent up at once; your update goes through and commits.
      await expect.poll(() => update, { timeout: 10_000 }).toBeDefined();
      expect(await update).toBe('updated');
      await user.query('COMMIT');
      const report = await sweep;
      expect(report).toMatchObject({ deleted: 30 });
      expect((await leftIds(admin, schema)).size).toBe(0);
      const log = await store.readLog('acme');
      expect(verifyLog(log).valid).toBe(true);
      expect(log.flatMap((e) => e.ids).length).toBe(30);
    } finally {
      await user.query('ROLLBACK').catch(() => {});
      await sweep?.catch(() => {});
      await user.end();
      await sweeperPool.end();
    }
  });
});

/** Nov 10, 11 and 12, ten rows a day, all due at {@link NOW}. */
function days3(): Row[] {
  const start = Date.parse('2026-11-10T00:00:00Z');
  return Array.from(
    { length: 30 },
    (_, i): Row => ({
      id: i + 1,
      due: start + Math.floor(i / 10) * DAY + (i % 10) * 3_600_000,
      rule: 'personal-data-24h',
      subject: `s-${i % 4}`,
    }),
  );
}
