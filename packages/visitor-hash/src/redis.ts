/**
 * @module
 * `@privkit/visitor-hash/redis`: the Redis salt store, through your own `ioredis` or `redis`
 * (node-redis) client. Creation is one Lua script, atomic in Redis, that reads Redis's own
 * clock (`TIME`), refuses a day that is over or has not begun, and otherwise sets the salt with
 * `NX` and an expiry at the instant the day plus the grace window ends, counted on that same
 * clock: the first instance of a fleet to reach a new day writes the salt, every other instance
 * reads the winner's, and Redis deletes it on time whatever the servers' clocks say. The script
 * needs only `EVAL`, `TIME`, `GET`, `PTTL` and `SET … PX`.
 *
 * On a Redis Cluster (an ioredis `Cluster`, a node-redis `createCluster()` client) every key of
 * the store shares one hash slot, so the salts and the clock are one node's, and a failover hands
 * them to its replica.
 */

import { nonEmptyString, own, strictOptions } from '@privkit/internal/check';
import { raise, VisitorHashError } from './errors.js';
import { redactPrinting, revealSecret, Secret } from './secret.js';
import type { SaltStore } from './store.js';

/** An `ioredis` client or `Cluster` (or anything with its generic `call`). */
export interface IoRedisLike {
  /** Sends one command, as ioredis' `redis.call('SET', …)`; a `Cluster` routes it by its key. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  /** `true` on an ioredis `Cluster`. */
  readonly isCluster?: boolean;
}

/** A `redis` (node-redis 4 or 5) client (or anything with its array `sendCommand`). */
export interface NodeRedisLike {
  /** Sends one command, as node-redis' `client.sendCommand(['SET', …])`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** A `redis` (node-redis 4 or 5) cluster client, from `createCluster()`. */
export interface NodeRedisClusterLike {
  /** Sends one command to the node that serves `firstKey`'s slot. */
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
  /** The cluster's masters (present on node-redis cluster clients only). */
  readonly masters: readonly unknown[];
}

/** Options of {@link createRedisSaltStore}. */
export interface RedisSaltStoreOptions {
  /**
   * A connected `ioredis` client or `Cluster`, or a `redis` client or cluster client. The store
   * never connects or quits it.
   */
  client: IoRedisLike | NodeRedisLike | NodeRedisClusterLike;
  /**
   * Prepended to each day key. Default `privkit:visitor-hash:salt:`. On a Redis Cluster every key
   * of the store is kept in one hash slot, so one node's clock decides every day: a prefix without
   * braces becomes the hash tag (`{privkit:visitor-hash:salt:}2026-12-07`); a prefix with braces
   * must hold a complete, non-empty tag (`{site-a}:salt:`).
   */
  keyPrefix?: string;
}

/** The Redis store, with the key layout exposed for inspection and tests. */
export interface RedisSaltStore extends SaltStore {
  /** The Redis key holding the salt of `dayKey`. */
  keyOf(dayKey: string): string;
  /** Redis's clock (`TIME`), epoch milliseconds. */
  now(): Promise<number>;
}

// KEYS[1]: the salt key. ARGV: the candidate (base64), notBefore and expiresAt (epoch ms).
// Returns { status, salt, expiry, now }: `held` with the stored salt and its expiry (-1: none),
// `created` with the candidate, or `expired` / `not-started`. The expiry is set and read as an
// absolute instant (SET PXAT, PEXPIRETIME) where Redis has them (6.2, 7.0), so it is exact to the
// millisecond; older servers get PX and PTTL counted from TIME, which can differ by a
// millisecond, so an expiry within one of the promised instant is reported as that instant.
// `redis.replicate_commands()` lets a script write after reading TIME on Redis 3.2–4 (effects
// replication); from Redis 5 it is the default and the call is a no-op kept for compatibility.
const SCRIPT = `if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expires = tonumber(ARGV[3])
local held = redis.call('GET', KEYS[1])
if held then
  local at = redis.pcall('PEXPIRETIME', KEYS[1])
  if type(at) ~= 'number' then
    local ttl = redis.call('PTTL', KEYS[1])
    at = ttl < 0 and ttl or now + ttl
    if math.abs(at - expires) <= 1 then at = expires end
  end
  if at < 0 then return {'held', held, -1, now} end
  return {'held', held, at, now}
end
if now >= expires then return {'expired', '', 0, now} end
if now < tonumber(ARGV[2]) then return {'not-started', '', 0, now} end
local set = redis.pcall('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[3])
if type(set) == 'table' and set.err then redis.call('SET', KEYS[1], ARGV[1], 'PX', expires - now) end
return {'created', ARGV[1], expires, now}`;

/**
 * A salt store in Redis, shared by every instance that uses the same server and prefix. Redis's
 * clock is the fleet's: the salt's creation window and expiry are decided by it, and hashers
 * take "now" from it.
 *
 * @param options - the client and the key prefix.
 * @returns the store.
 * @throws `VisitorHashError` (from `@privkit/visitor-hash`) `INVALID_OPTIONS` when `options.client` is
 *   neither an ioredis nor a node-redis client (single node or cluster), or `keyPrefix` is not a
 *   non-empty string (on a cluster: braces without a complete hash tag); `UNKNOWN_KEY` for another key.
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createVisitorHasher } from '@privkit/visitor-hash';
 * import { createRedisSaltStore } from '@privkit/visitor-hash/redis';
 *
 * const redis = new Redis('redis://127.0.0.1:6379');
 * const hasher = createVisitorHasher({ store: createRedisSaltStore({ client: redis }) });
 * await hasher.id({ tenant: 'shop', ip: '203.0.113.9', userAgent: 'Mozilla/5.0' });
 *
 * // On a Redis Cluster: the same store over an ioredis Cluster (or node-redis createCluster()).
 * import { Cluster } from 'ioredis';
 * const cluster = new Cluster([{ host: '10.0.0.1', port: 6379 }, { host: '10.0.0.2', port: 6379 }]);
 * const fleetHasher = createVisitorHasher({ store: createRedisSaltStore({ client: cluster }) });
 * ```
 */
export function createRedisSaltStore(options: RedisSaltStoreOptions): RedisSaltStore {
  const checked = strictOptions(options, ['client', 'keyPrefix'], raise);
  const client = own(checked, 'client') as IoRedisLike | NodeRedisLike | NodeRedisClusterLike | undefined;
  const prefix = own(checked, 'keyPrefix');
  const keyPrefix =
    prefix === undefined
      ? 'privkit:visitor-hash:salt:'
      : nonEmptyString(prefix, 'options.keyPrefix', raise, 'INVALID_OPTIONS', 1024);
  // `key`: the key the command is about, for a cluster client to route it by.
  let send: (args: string[], key: string) => Promise<unknown>;
  let cluster = false;
  // ioredis also has a `sendCommand`, taking its own Command objects, so look for `call` first.
  if (typeof (client as IoRedisLike)?.call === 'function') {
    const io = client as IoRedisLike;
    cluster = io.isCluster === true;
    send = ([command, ...args]) => io.call(command as string, ...args);
  } else if (typeof (client as NodeRedisLike)?.sendCommand === 'function' && 'masters' in (client as object)) {
    const node = client as NodeRedisClusterLike;
    cluster = true;
    send = (args, key) => node.sendCommand(key, false, args);
  } else if (typeof (client as NodeRedisLike)?.sendCommand === 'function') {
    const node = client as NodeRedisLike;
    send = (args) => node.sendCommand(args);
  } else {
    throw new VisitorHashError('INVALID_OPTIONS', '"options.client" must be an ioredis or node-redis client', {
      path: 'options.client',
    });
  }
  const tagged = cluster ? hashTagged(keyPrefix) : keyPrefix;

  const command = async (args: string[], key: string): Promise<unknown> => {
    try {
      return await send(args, key);
    } catch (error) {
      // The client's error may carry the command and its arguments, which include the salt.
      const name = error instanceof Error ? error.name : typeof error;
      throw new VisitorHashError('STORE_FAILURE', `Redis command ${args[0]} failed (${name})`);
    }
  };
  const malformed = (what: string) => new VisitorHashError('STORE_FAILURE', `the Redis salt key holds ${what}`);

  const keyOf = (dayKey: string) => tagged + dayKey;
  // On a cluster, TIME is asked of the node that holds the salts (any key of the slot routes it).
  const clockKey = keyOf('clock');

  const store: RedisSaltStore = {
    kind: 'redis',
    forgets: true,
    keyOf,
    async now() {
      const reply = cluster
        ? await command(['EVAL', "return redis.call('TIME')", '1', clockKey], clockKey)
        : await command(['TIME'], clockKey);
      const [seconds, micros] = Array.isArray(reply) ? reply.map((part) => Number(text(part))) : [];
      if (!Number.isSafeInteger(seconds) || !Number.isSafeInteger(micros)) {
        throw new VisitorHashError('STORE_FAILURE', 'Redis TIME answered with something that is not a time');
      }
      return (seconds as number) * 1000 + Math.floor((micros as number) / 1000);
    },
    async getOrCreate({ dayKey, notBefore, expiresAt, candidate }) {
      const encoded = toBase64(revealSecret(candidate));
      const key = keyOf(dayKey);
      const reply = await command(['EVAL', SCRIPT, '1', key, encoded, String(notBefore), String(expiresAt)], key);
      if (!Array.isArray(reply) || reply.length !== 4) throw malformed('an answer the script never gives');
      const status = text(reply[0]);
      if (status === 'expired' || status === 'not-started') return status;
      if (status === 'created') return { salt: candidate, expiresAt };
      const expiry = Number(reply[2]);
      // No expiry: a key someone planted by hand would keep its salt for ever.
      if (expiry < 0) throw malformed('a salt with no expiry');
      const bytes = fromBase64(text(reply[1]));
      if (bytes === undefined) throw malformed('something that is not a salt');
      return { salt: Secret.from(bytes), expiresAt: expiry };
    },
    async delete(dayKey) {
      const key = keyOf(dayKey);
      await command(['DEL', key], key);
      return Number(await command(['EXISTS', key], key)) === 0;
    },
    async purgeExpired() {
      // Redis deletes each salt itself at its expiry; nothing is left to purge.
      return 0;
    },
  };
  return redactPrinting(store, 'redis salt store');
}

/**
 * The prefix of a cluster store: a complete, non-empty hash tag of its own, or the whole prefix
 * made the tag, so that every key of the store is in one slot (Redis hashes the text between the
 * first `{` and the next `}`).
 */
function hashTagged(prefix: string): string {
  const open = prefix.indexOf('{');
  if (open < 0 && !prefix.includes('}')) return `{${prefix}}`;
  const close = open < 0 ? -1 : prefix.indexOf('}', open + 1);
  if (close > open + 1) return prefix;
  throw new VisitorHashError(
    'INVALID_OPTIONS',
    '"options.keyPrefix" has braces but no complete, non-empty hash tag ({…}) for a Redis Cluster',
    { path: 'options.keyPrefix' },
  );
}

/** A reply part as text (node-redis may return a Buffer under some options). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return String(value);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The 32 bytes of a base64 salt, or `undefined` for anything else. */
function fromBase64(value: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) return undefined;
  const binary = atob(value);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
