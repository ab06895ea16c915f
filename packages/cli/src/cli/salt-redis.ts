/**
 * @module
 * `--salt-redis URL`: daily salts in Redis (`@privkit/visitor-hash/redis`), shared by every web
 * server of a fleet, deleted by Redis at the day's end plus the grace window. `ioredis` is an
 * optional peer dependency, loaded only here.
 */

import type { SaltStore } from '@privkit/visitor-hash';
import { createRedisSaltStore } from '@privkit/visitor-hash/redis';
import { failure } from './io.js';

/** A store whose expiry runs on the wall clock, whatever clock the hasher follows. */
export function onWallClock(store: SaltStore): SaltStore {
  return {
    kind: store.kind,
    forgets: store.forgets,
    // The hasher's clock follows the log. A day that is already over in real time gets the fresh
    // candidate for this run only, never a stored salt with a new lifetime.
    getOrCreate: (request) => {
      const now = Date.now();
      return request.expiresAt <= now ? Promise.resolve(request.candidate) : store.getOrCreate({ ...request, now });
    },
    delete: (dayKey) => store.delete(dayKey),
    purgeExpired: () => store.purgeExpired(Date.now()),
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
