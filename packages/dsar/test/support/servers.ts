/**
 * @module
 * Real PostgreSQL for the store suites: the server at 127.0.0.1:5432 (or PRIVKIT_TEST_PG_URL),
 * and PGlite (a real PostgreSQL engine, embedded). Where the server is not reachable its suites
 * are skipped with a printed reason; with PRIVKIT_REQUIRE_SERVERS=1 (set by CI) that fails.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { PgQueryable } from '../../src/postgres.js';

export const PG_URL = process.env['PRIVKIT_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRE = process.env['PRIVKIT_REQUIRE_SERVERS'] === '1';

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** Whether the PostgreSQL server answers. */
export async function pgServerAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    const reason = `PostgreSQL at ${PG_URL} is not reachable (${error instanceof Error ? error.message : String(error)})`;
    if (REQUIRE) throw new Error(`${reason}; PRIVKIT_REQUIRE_SERVERS=1 requires it`);
    console.warn(`[dsar tests] ${reason}: its suites are skipped on this machine`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A PostgreSQL target: clients on one database, and schemas of the test's own. */
export interface PgTarget {
  name: string;
  /** Opens a client (server: a new connection each time; PGlite: the one instance). */
  open(): Promise<PgQueryable>;
  /** Creates a fresh schema and returns its name. */
  createSchema(): Promise<string>;
  /** Drops every schema this target created, and closes its clients. */
  cleanup(): Promise<void>;
  /** Starts the engine ahead of the tests (PGlite compiles its WASM: slow on a loaded machine). */
  init?(): Promise<void>;
}

export function pgServerTarget(): PgTarget {
  const clients: pg.Client[] = [];
  const schemas: string[] = [];
  const open = async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    clients.push(client);
    return client as unknown as PgQueryable;
  };
  return {
    name: 'PostgreSQL server (pg)',
    open,
    async createSchema() {
      const admin = await open();
      const schema = uniqueName('dsar_test');
      await admin.query(`CREATE SCHEMA ${schema}`);
      schemas.push(schema);
      return schema;
    },
    async cleanup() {
      const admin = clients[0] ?? (await open());
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
    },
  };
}

export function pgliteTarget(): PgTarget {
  let db: PGlite | undefined;
  const get = async () => {
    db ??= await PGlite.create();
    return db;
  };
  return {
    name: 'PGlite (embedded)',
    async init() {
      await get();
    },
    async open() {
      const instance = await get();
      return { query: (text: string, params?: unknown[]) => instance.query(text, params) };
    },
    async createSchema() {
      const schema = uniqueName('dsar_test');
      await (await get()).query(`CREATE SCHEMA ${schema}`);
      return schema;
    },
    async cleanup() {
      await db?.close();
    },
  };
}
