/**
 * @module
 * `@privkit/visitor-hash/redis`: the Redis salt store, through your own `ioredis` or `redis`
 * (node-redis) client. Creation is one atomic `SET key salt NX PX ttl`: the first instance of a
 * fleet to reach a new day writes the salt, every other instance reads the winner's, and Redis
 * itself deletes the salt when the day plus the grace window is over.
 */

import { VisitorHashError } from './errors.js';
import { redactPrinting, revealSecret, Secret } from './secret.js';
import type { SaltStore } from './store.js';

/** An `ioredis` client (or anything with its generic `call`). */
export interface IoRedisLike {
  /** Sends one command, as ioredis' `redis.call('SET', …)`. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/** A `redis` (node-redis 4 or 5) client (or anything with its array `sendCommand`). */
export interface NodeRedisLike {
  /** Sends one command, as node-redis' `client.sendCommand(['SET', …])`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of {@link createRedisSaltStore}. */
export interface RedisSaltStoreOptions {
  /** A connected `ioredis` or `redis` client. The store never connects or quits it. */
  client: IoRedisLike | NodeRedisLike;
  /** Prepended to each day key. Default `privkit:visitor-hash:salt:`. */
  keyPrefix?: string;
}

/** The Redis store, with the key layout exposed for inspection and tests. */
export interface RedisSaltStore extends SaltStore {
  /** The Redis key holding the salt of `dayKey`. */
  keyOf(dayKey: string): string;
}

/**
 * A salt store in Redis, shared by every instance that uses the same server and prefix.
 *
 * @param options - the client and the key prefix.
 * @returns the store.
 * @throws TypeError if `options.client` is neither an ioredis nor a node-redis client.
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createVisitorHasher } from '@privkit/visitor-hash';
 * import { createRedisSaltStore } from '@privkit/visitor-hash/redis';
 *
 * const redis = new Redis('redis://127.0.0.1:6379');
 * const hasher = createVisitorHasher({ store: createRedisSaltStore({ client: redis }) });
 * await hasher.id({ tenant: 'shop', ip: '203.0.113.9', userAgent: 'Mozilla/5.0' });
 * ```
 */
export function createRedisSaltStore(options: RedisSaltStoreOptions): RedisSaltStore {
  const { client, keyPrefix = 'privkit:visitor-hash:salt:' } = options;
  if (typeof keyPrefix !== 'string') throw new TypeError('"keyPrefix" must be a string');
  let send: (args: string[]) => Promise<unknown>;
  // ioredis also has a `sendCommand`, taking its own Command objects, so look for `call` first.
  if (typeof (client as IoRedisLike)?.call === 'function') {
    const io = client as IoRedisLike;
    send = ([command, ...args]) => io.call(command as string, ...args);
  } else if (typeof (client as NodeRedisLike)?.sendCommand === 'function') {
    const node = client as NodeRedisLike;
    send = (args) => node.sendCommand(args);
  } else {
    throw new TypeError('"client" must be an ioredis or node-redis client');
  }

  const command = async (args: string[]): Promise<unknown> => {
    try {
      return await send(args);
    } catch (error) {
      // The client's error may carry the command and its arguments, which include the salt.
      const name = error instanceof Error ? error.name : typeof error;
      throw new VisitorHashError('STORE_FAILURE', `Redis command ${args[0]} failed (${name})`);
    }
  };

  const keyOf = (dayKey: string) => keyPrefix + dayKey;

  const store: RedisSaltStore = {
    kind: 'redis',
    forgets: true,
    keyOf,
    async getOrCreate({ dayKey, expiresAt, now, candidate }) {
      const ttl = Math.ceil(expiresAt - now);
      if (!(ttl > 0)) return null;
      const key = keyOf(dayKey);
      const encoded = toBase64(revealSecret(candidate));
      const set = await command(['SET', key, encoded, 'NX', 'PX', String(ttl)]);
      if (set === 'OK') return candidate;
      const stored = await command(['GET', key]);
      // Missing: the salt expired between the two commands, so the day is over.
      if (stored === null || stored === undefined) return null;
      const text = typeof stored === 'string' ? stored : decodeText(stored);
      const bytes = text === undefined ? undefined : fromBase64(text);
      if (bytes === undefined) {
        throw new VisitorHashError('STORE_FAILURE', 'the Redis salt key holds something that is not a salt');
      }
      return Secret.from(bytes);
    },
    async delete(dayKey) {
      const key = keyOf(dayKey);
      await command(['DEL', key]);
      return Number(await command(['EXISTS', key])) === 0;
    },
    async purgeExpired() {
      // Redis deletes each salt itself at its PX expiry; nothing is left to purge.
      return 0;
    },
  };
  return redactPrinting(store, 'redis salt store');
}

function decodeText(value: unknown): string | undefined {
  return value instanceof Uint8Array ? new TextDecoder().decode(value) : undefined;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]{22,}={0,2}$/.test(text)) return undefined;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.length >= 16 ? bytes : undefined;
  } catch {
    return undefined;
  }
}
