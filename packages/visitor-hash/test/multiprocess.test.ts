/**
 * @module
 * A fleet at midnight, with broken clocks: four separate Node processes share one real Redis,
 * then one real PostgreSQL, and race to create the new day's salt (and, for `candidates()`, the
 * previous day's) just after a day boundary. One process's clock is right, one is three hours
 * fast, one three hours slow and one 40 seconds fast (more than three of the twelve-second
 * days used here, so a real test cannot move the server's clock to midnight). They must all
 * print the same ids, the store must hold one salt per day key, and each salt's deletion must be
 * exactly at its day's end plus the grace window by the store's clock.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresSaltStore } from '../src/postgres.js';
import { fleet } from './support/fleet.js';
import { PG_URL, pgServerAvailable, REDIS_URL, redisAvailable, uniqueName } from './support/servers.js';
import { shortDays } from './support/short-days.js';
import type { WorkerConfig } from './support/worker.js';

const HOUR = 3_600_000;
const SKEWS = [0, 3 * HOUR, -3 * HOUR, 40_000];
// Twelve-second days and a six-second grace window: long enough that four processes started on a
// loaded two-core machine all answer inside the window, short enough to wait for a boundary.
const DAY_MS = 12_000;
const GRACE = 'PT6S';
const GRACE_MS = 6000;

interface RaceResult {
  pid: number;
  ids: string[][];
}

function race(kind: 'redis' | 'postgres', url: string, namespace: string) {
  const config: WorkerConfig = { mode: 'race', kind, url, namespace, dayMs: DAY_MS, grace: GRACE };
  return fleet<RaceResult>(config, SKEWS);
}

function expectOneAnswer(results: RaceResult[]) {
  expect(new Set(results.map((r) => r.pid)).size).toBe(SKEWS.length);
  for (const r of results) expect(r.ids).toEqual(results[0]?.ids);
  // Just after the boundary, within the grace window: today's and yesterday's ids, all distinct.
  for (const pair of results[0]?.ids ?? []) expect(pair).toHaveLength(2);
  expect(new Set(results[0]?.ids.flat()).size).toBe(10);
}

const redisUp = await redisAvailable();
const pgUp = await pgServerAvailable();

describe.skipIf(!redisUp)('four processes with skewed clocks on one Redis', () => {
  const prefix = `${uniqueName('privkit_test')}:`;
  const redis = redisUp ? new Redis(REDIS_URL) : undefined;
  afterAll(async () => {
    const keys = (await redis?.keys(`${prefix}*`)) ?? [];
    if (keys.length > 0) await redis?.del(...keys);
    redis?.disconnect();
  });

  it('derive the same ids from one salt per day, deleted on time by Redis’s clock', async () => {
    const { startAt, outputs } = await race('redis', REDIS_URL, prefix);
    expectOneAnswer(outputs);
    const days = shortDays(DAY_MS);
    const today = days.window(startAt);
    const yesterday = days.previous(today);
    expect((await redis?.keys(`${prefix}*`))?.sort()).toEqual([`${prefix}${yesterday.key}`, `${prefix}${today.key}`]);
    for (const day of [yesterday, today]) {
      expect(Number(await redis?.call('PEXPIRETIME', `${prefix}${day.key}`))).toBe(day.end + GRACE_MS);
    }
  });
});

describe.skipIf(!pgUp)('four processes with skewed clocks on one PostgreSQL', () => {
  const schema = uniqueName('vh_test');
  const client = new pg.Client({ connectionString: PG_URL });
  afterAll(async () => {
    if (!pgUp) return;
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('derive the same ids from one salt per day, expiring by the server’s clock', async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    const store = createPostgresSaltStore({ client, schema });
    await store.migrate(); // once, before the fleet starts (concurrent CREATE TABLE can collide)
    const { startAt, outputs } = await race('postgres', PG_URL, schema);
    expectOneAnswer(outputs);
    const days = shortDays(DAY_MS);
    const today = days.window(startAt);
    const yesterday = days.previous(today);
    const rows = (
      await client.query(
        `SELECT day_key, (extract(epoch FROM expires_at) * 1000)::int8::text AS expires FROM ${store.table} ORDER BY 1`,
      )
    ).rows as { day_key: string; expires: string }[];
    expect(rows.map((r) => [r.day_key, Number(r.expires)]).sort()).toEqual(
      [
        [yesterday.key, yesterday.end + GRACE_MS],
        [today.key, today.end + GRACE_MS],
      ].sort(),
    );
  });
});
