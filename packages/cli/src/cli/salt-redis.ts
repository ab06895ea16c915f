/**
 * @module
 * `--salt-redis URL`: daily salts in Redis (`@privkit/visitor-hash/redis`), shared by every web
 * server of a fleet, deleted by Redis at the day's end plus the grace window. `ioredis` is an
 * optional peer dependency, loaded only here.
 */

import type { SaltStore } from '@privkit/visitor-hash';
import { createRedisSaltStore } from '@privkit/visitor-hash/redis';
import { failure } from './io.js';

/**
 * The Redis store for a hasher whose clock follows the log. Redis's own clock is not offered to
 * the hasher (the log's time decides each line's day), but Redis still decides expiry by it: a
 * day that is already over gets the fresh candidate for this run only, never a stored salt with
 * a new lifetime.
 */
export function onWallClock(store: SaltStore): SaltStore {
  return {
    kind: store.kind,
    forgets: store.forgets,
    getOrCreate: async (request) => {
      const answer = await store.getOrCreate(request);
      return answer === 'expired' ? { salt: request.candidate, expiresAt: request.expiresAt } : answer;
    },
    delete: (dayKey) => store.delete(dayKey),
    purgeExpired: (now) => store.purgeExpired(now),
  };
}

/** Connects to Redis and returns the store and a function that disconnects. */
export async function openRedisSaltStore(
  url: string,
  keyPrefix: string | undefined,
): Promise<{ store: SaltStore; close: () => Promise<void> }> {
  let Redis: typeof import('ioredis').Redis;
  try {
    ({ Redis } = await import('ioredis'));
  } catch {
    throw failure('--salt-redis needs the ioredis package: npm install ioredis');
  }
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // The URL may hold a password: report only the error's code.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw failure(`cannot connect to --salt-redis (${(error as NodeJS.ErrnoException).code ?? 'unreachable'})`);
  }
  return {
    store: onWallClock(createRedisSaltStore({ client, ...(keyPrefix !== undefined && { keyPrefix }) })),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
