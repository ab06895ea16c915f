/**
 * @module
 * The store contract (test/support/store-contract.ts) on every store and backend: memory, the
 * PostgreSQL server through a pg Pool and a pg Client (in index and heap order), and PGlite. A
 * new store is one more target here.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll } from 'vitest';
import { type RetentionRecord, scheduleRecord } from '../src/index.js';
import { createMemoryStore } from '../src/memory.js';
import { createPostgresStore, type PgQueryable } from '../src/postgres.js';
import { createTableSql, PG_URL, pgServerAvailable, uniqueName } from './support/servers.js';
import { contractPolicy, type StoreTarget, storeContract } from './support/store-contract.js';

const pgUp = await pgServerAvailable();

storeContract({
  name: 'memory',
  enabled: true,
  async make(records) {
    const store = createMemoryStore({ policy: contractPolicy });
    store.put(records);
    return {
      store,
      ids: async () => new Set(store.records().map((r) => r.id)),
      restore: async (rows) => store.put(rows),
    };
  },
});

/** Rows of the contract's records in the store's table, with `due_at` and `rule` from the policy. */
async function insert(client: PgQueryable, table: string, records: readonly RetentionRecord[]) {
  for (const r of records) {
    const s = scheduleRecord(contractPolicy, r);
    await client.query(`INSERT INTO ${table} (id, category, subject, rule, due_at) VALUES ($1, $2, $3, $4, $5)`, [
      Number(r.id),
      r.category,
      r.subject,
      s.rule,
      s.dueAt,
    ]);
  }
}

function postgresTarget(
  name: string,
  enabled: boolean,
  open: () => Promise<PgQueryable>,
  scan: 'index' | 'heap',
): StoreTarget {
  return {
    name: `${name}, ${scan} order`,
    enabled,
    async make(records) {
      const client = await open();
      const schema = uniqueName('ret_contract');
      schemas.push([client, schema]);
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(createTableSql(`${schema}.events`));
      await insert(client, `${schema}.events`, records);
      const store = createPostgresStore({ client, schema, table: 'events', scan });
      await store.migrate({ index: true });
      return {
        store,
        ids: async () =>
          new Set(
            ((await client.query(`SELECT id::text AS id FROM ${schema}.events`)).rows as { id: string }[]).map(
              (r) => r.id,
            ),
          ),
        restore: (rows) => insert(client, `${schema}.events`, rows),
      };
    },
  };
}

const schemas: [PgQueryable, string][] = [];
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const [client, schema] of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
  for (const close of closers) await close();
});

let pool: pg.Pool | undefined;
const openPool = async () => {
  if (pool === undefined) {
    pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    const p = pool;
    closers.push(() => p.end());
  }
  return pool;
};
let client: pg.Client | undefined;
const openClient = async () => {
  if (client === undefined) {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    client = c;
    closers.push(() => c.end());
  }
  return client;
};
let lite: PGlite | undefined;
const openLite = async () => {
  if (lite === undefined) {
    lite = await PGlite.create();
    const l = lite;
    closers.push(() => l.close());
  }
  return lite as unknown as PgQueryable;
};

for (const scan of ['index', 'heap'] as const) {
  storeContract(postgresTarget('PostgreSQL server (pg Pool)', pgUp, openPool, scan));
  storeContract(postgresTarget('PostgreSQL server (pg Client)', pgUp, openClient, scan));
  storeContract(postgresTarget('PGlite (embedded)', true, openLite, scan));
}
