/**
 * @module
 * A fleet at midnight: four separate Node processes share one real Redis, then one real
 * PostgreSQL, start at the same instant just after a UTC day boundary, and race to create the
 * new day's salt (and, for `candidates()`, the previous day's). They must all print the same ids,
 * and the store must hold one salt per day key.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresSaltStore } from '../src/postgres.js';
import { PG_URL, pgServerAvailable, REDIS_URL, redisAvailable, uniqueName } from './support/servers.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const AT = Date.UTC(2026, 10, 24, 0, 0, 0, 50);
const WORKERS = 4;

async function fleet(kind: 'redis' | 'postgres', url: string, namespace: string) {
  const startAt = Date.now() + 2_500; // every worker has started and connected by then
  const outputs = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      run(
        process.execPath,
        ['--import', 'tsx', 'test/support/worker.ts', JSON.stringify({ kind, url, namespace, at: AT, startAt })],
        {
          cwd: packageDir,
          timeout: 60_000,
        },
      ),
    ),
  );
  return outputs.map(({ stdout }) => JSON.parse(stdout) as { pid: number; ids: string[][] });
}

function expectOneAnswer(results: { pid: number; ids: string[][] }[]) {
  expect(new Set(results.map((r) => r.pid)).size).toBe(WORKERS);
  for (const r of results) expect(r.ids).toEqual(results[0]?.ids);
  // Just after midnight, within the grace window: today's and yesterday's ids, all distinct.
  for (const pair of results[0]?.ids ?? []) expect(pair).toHaveLength(2);
  expect(new Set(results[0]?.ids.flat()).size).toBe(10);
}

const redisUp = await redisAvailable();
const pgUp = await pgServerAvailable();

describe.skipIf(!redisUp)('four processes on one Redis', () => {
  const prefix = `${uniqueName('privkit_test')}:`;
  const redis = redisUp ? new Redis(REDIS_URL) : undefined;
  afterAll(async () => {
    const keys = (await redis?.keys(`${prefix}*`)) ?? [];
    if (keys.length > 0) await redis?.del(...keys);
    redis?.disconnect();
  });

  it('derive the same ids from one salt per day', async () => {
    expectOneAnswer(await fleet('redis', REDIS_URL, prefix));
    expect((await redis?.keys(`${prefix}*`))?.sort()).toEqual([`${prefix}2026-11-23@UTC`, `${prefix}2026-11-24@UTC`]);
  });
});

describe.skipIf(!pgUp)('four processes on one PostgreSQL', () => {
  const schema = uniqueName('vh_test');
  const client = new pg.Client({ connectionString: PG_URL });
  afterAll(async () => {
    if (!pgUp) return;
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('derive the same ids from one salt per day', async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    const store = createPostgresSaltStore({ client, schema });
    await store.migrate(); // once, before the fleet starts (concurrent CREATE TABLE can collide)
    expectOneAnswer(await fleet('postgres', PG_URL, schema));
    const rows = (await client.query(`SELECT day_key FROM ${store.table} ORDER BY day_key`)).rows;
    expect(rows.map((r) => r.day_key)).toEqual(['2026-11-23@UTC', '2026-11-24@UTC']);
  });
});
