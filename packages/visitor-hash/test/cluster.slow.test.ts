/**
 * @module
 * The Redis salt store on a real Redis Cluster (three masters with a replica each, started here
 * from the `redis-server` binary): ioredis `Cluster` and node-redis `createCluster()` clients and
 * four processes with skewed clocks agree on one salt per day, kept in one hash slot with the
 * clock; the salt survives a crash of the master that holds it (the replica takes over with the
 * same salt and expiry); and the cluster deletes it at day end plus the grace window.
 */
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVisitorHasher } from '../src/index.js';
import { createRedisSaltStore, type RedisSaltStore } from '../src/redis.js';
import { fleet } from './support/fleet.js';
import { type RedisCluster, redisClusterBinaries, startRedisCluster } from './support/redis-cluster.js';
import { uniqueName } from './support/servers.js';
import { shortDays } from './support/short-days.js';
import type { WorkerConfig } from './support/worker.js';

const HOUR = 3_600_000;
const DAY_MS = 12_000;
const GRACE = 'PT6S';
const GRACE_MS = 6000;
// (worker.ts runs a worker when imported: only its type is imported here.)
const VISITORS = [
  { tenant: 'shop.example', ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0)' },
  { tenant: 'shop.example', ip: '2001:db8:5:6::1', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6)' },
  { tenant: 'blog.example', ip: '::ffff:198.51.100.7', userAgent: 'curl/8.11.1' },
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const binaries = redisClusterBinaries();
if (!binaries.ok) {
  // CI installs the binaries (.ci/run): there a missing one is a failure, not a skip.
  if (process.env['PRIVKIT_REQUIRE_SERVERS'] === '1') throw new Error(`Redis Cluster suite: ${binaries.why}`);
  console.warn(`visitor-hash: Redis Cluster suite skipped: ${binaries.why}`);
}

describe.skipIf(!binaries.ok)('the Redis salt store on a Redis Cluster', () => {
  let cluster: RedisCluster;
  const clients: { quit(): Promise<unknown> }[] = [];
  const prefix = `${uniqueName('privkit_test')}:`;

  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) await client.quit().catch(() => {});
    await cluster?.stop();
  });

  const ioCluster = () => {
    const client = new Cluster(cluster.addresses, { clusterRetryStrategy: () => 200 });
    clients.push(client);
    return client;
  };
  const hasherOn = (store: RedisSaltStore) => createVisitorHasher({ store, days: shortDays(DAY_MS), grace: GRACE });
  const idsOf = async (hasher: ReturnType<typeof hasherOn>) => {
    const ids: string[] = [];
    for (const visitor of VISITORS) ids.push(await hasher.id(visitor));
    return ids;
  };
  /** Retries while the cluster settles after a failover: a store error is typed, never a wrong id. */
  const settled = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let tries = 0; ; tries++) {
      try {
        return await fn();
      } catch (error) {
        expect((error as { code?: string }).code).toBe('STORE_FAILURE');
        if (tries > 40) throw error;
        await sleep(250);
      }
    }
  };

  it('ioredis and node-redis cluster clients share one salt per day, in the slot of the clock', async () => {
    const io = createRedisSaltStore({ client: ioCluster(), keyPrefix: prefix });
    const node = createCluster({ rootNodes: cluster.addresses.map((a) => ({ url: `redis://${a.host}:${a.port}` })) });
    await node.connect();
    clients.push({ quit: () => node.close() });
    const viaNode = createRedisSaltStore({ client: node, keyPrefix: prefix });
    // Start well inside a day, so both hashers see the same one.
    const boundary = Math.ceil((Date.now() + 500) / DAY_MS) * DAY_MS;
    await sleep(boundary + 200 - Date.now());
    const [a, b] = await Promise.all([idsOf(hasherOn(io)), idsOf(hasherOn(viaNode))]);
    expect(a).toEqual(b);
    const day = shortDays(DAY_MS).window(boundary + 200);
    const key = io.keyOf(day.key);
    expect(key).toBe(`{${prefix}}${day.key}`);
    const slot = async (k: string) =>
      (await cluster.cli(cluster.nodes[0]?.port as number, 'CLUSTER', 'KEYSLOT', k)).trim();
    expect(await slot(key)).toBe(await slot(io.keyOf('clock')));
    const master = await cluster.masterOf(key);
    expect((await cluster.cli(master, 'PEXPIRETIME', key)).trim()).toBe(String(day.end + GRACE_MS));
    // The cluster's clock answers from the salts' node.
    expect(Math.abs((await io.now()) - Date.now())).toBeLessThan(5000);
  });

  it('four processes with skewed clocks agree on the salts of the day and the day before', async () => {
    const config: WorkerConfig = {
      mode: 'race',
      kind: 'redis-cluster',
      url: cluster.addresses.map((a) => `${a.host}:${a.port}`).join(','),
      namespace: `${prefix}race:`,
      dayMs: DAY_MS,
      grace: GRACE,
    };
    const { outputs } = await fleet<{ pid: number; ids: string[][] }>(config, [0, 3 * HOUR, -3 * HOUR, 40_000]);
    expect(new Set(outputs.map((o) => o.pid)).size).toBe(4);
    for (const o of outputs) expect(o.ids).toEqual(outputs[0]?.ids);
    expect(new Set(outputs[0]?.ids.flat()).size).toBe(10);
  });

  it('keeps the salt and its expiry through a crash of the master that holds it', async () => {
    const store = createRedisSaltStore({ client: ioCluster(), keyPrefix: `${prefix}failover:` });
    const hasher = hasherOn(store);
    const boundary = Math.ceil((Date.now() + 500) / DAY_MS) * DAY_MS;
    await sleep(boundary + 100 - Date.now());
    const before = await idsOf(hasher);
    const day = shortDays(DAY_MS).window(boundary + 100);
    const key = store.keyOf(day.key);
    const master = await cluster.masterOf(key);
    // Wait until the replica has the salt (replication is asynchronous; a crash before it would
    // lose the salt, and the fleet would agree on a new one).
    for (let tries = 0; ; tries++) {
      const info = await cluster.cli(master, 'INFO', 'replication');
      const offset = /master_repl_offset:(\d+)/.exec(info)?.[1];
      if (offset !== undefined && info.includes(`offset=${offset},`)) break;
      if (tries > 100) throw new Error('the replica did not catch up');
      await sleep(50);
    }
    await cluster.kill(master);
    const promoted = await cluster.awaitFailover(key, master);
    expect(promoted).not.toBe(master);
    expect(day.end).toBeGreaterThan(Date.now());
    const after = await settled(() => idsOf(hasher));
    expect(after).toEqual(before);
    // A process that connects after the failover derives the same ids.
    const fresh = hasherOn(createRedisSaltStore({ client: ioCluster(), keyPrefix: `${prefix}failover:` }));
    expect(await settled(() => idsOf(fresh))).toEqual(before);
    expect((await cluster.cli(promoted, 'PEXPIRETIME', key)).trim()).toBe(String(day.end + GRACE_MS));
    // And the cluster deletes it at day end + grace, by its own clock.
    await sleep(day.end + GRACE_MS + 300 - Date.now());
    expect((await cluster.cli(promoted, 'EXISTS', key)).trim()).toBe('0');
  }, 120_000);

  it('refuses a prefix with braces but no hash tag on a cluster, and takes one that has a tag', () => {
    const client = ioCluster();
    expect(() => createRedisSaltStore({ client, keyPrefix: 'site{:' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'options.keyPrefix' }),
    );
    expect(() => createRedisSaltStore({ client, keyPrefix: 'site{}:' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
    expect(createRedisSaltStore({ client, keyPrefix: '{site-a}:salt:' }).keyOf('d')).toBe('{site-a}:salt:d');
  });
});
