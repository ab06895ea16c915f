/**
 * @module
 * The salt-store contract and the in-memory store. A store keeps one random salt per day key,
 * creates it atomically (the first writer wins and every reader gets the winner's salt), never
 * returns it after its expiry, and deletes it verifiably.
 *
 * Keep the salt store apart from the event store: whoever can read both a day's salt and that
 * day's events can test guesses of IP and user agent against the stored ids for as long as the
 * salt lives. Deleting the salt is what turns the ids into anonymous data.
 */

import { redactPrinting, type Secret } from './secret.js';

/** What a hasher asks a store for: the salt of one day, created from `candidate` if missing. */
export interface SaltRequest {
  /** The day key, such as `2026-11-23@UTC`. */
  readonly dayKey: string;
  /** Epoch milliseconds after which the salt must be gone (end of day plus grace). */
  readonly expiresAt: number;
  /** The hasher's clock, epoch milliseconds. */
  readonly now: number;
  /** A fresh random salt from the platform CSPRNG, stored if the day has none yet. */
  readonly candidate: Secret;
}

/**
 * Where daily salts live. The in-memory, Redis (`@privkit/visitor-hash/redis`) and PostgreSQL
 * (`@privkit/visitor-hash/postgres`) stores implement it; so can your own.
 *
 * @example
 * ```ts
 * import { type SaltStore, createMemorySaltStore } from '@privkit/visitor-hash';
 *
 * const store: SaltStore = createMemorySaltStore();
 * store.forgets; // true
 * ```
 */
export interface SaltStore {
  /** A short name for descriptions: `memory`, `redis`, `postgres`, `stateless`. */
  readonly kind: string;
  /** Whether the store deletes salts. Only the stateless source cannot. */
  readonly forgets: boolean;
  /**
   * Atomically returns the salt stored for `request.dayKey`, storing `request.candidate` first if
   * there is none. Returns `null` when the day's salt has expired (or `expiresAt <= now`): a
   * store never re-creates the salt of a day that is over.
   */
  getOrCreate(request: SaltRequest): Promise<Secret | null>;
  /**
   * Deletes the salt of `dayKey` and checks it is gone.
   * @returns `true` when no salt for `dayKey` remains.
   */
  delete(dayKey: string): Promise<boolean>;
  /**
   * Deletes every salt whose expiry is at or before `now`.
   * @returns how many were deleted.
   */
  purgeExpired(now: number): Promise<number>;
}

/**
 * A salt store in this process's memory: for a single process (a worker, a test, a CLI run).
 * Several processes each get their own salts and so different ids; use the Redis or PostgreSQL
 * store for a fleet. An expired salt is dropped on its next access and by `purgeExpired`, which
 * the hasher runs whenever a new day starts; time is the hasher's clock.
 *
 * @returns the store.
 * @example
 * ```ts
 * import { createVisitorHasher, createMemorySaltStore } from '@privkit/visitor-hash';
 *
 * const hasher = createVisitorHasher({ store: createMemorySaltStore() });
 * const id = await hasher.id({ tenant: 'shop', ip: '203.0.113.9', userAgent: 'Mozilla/5.0' });
 * ```
 */
export function createMemorySaltStore(): SaltStore {
  const salts = new Map<string, { salt: Secret; expiresAt: number }>();

  const store: SaltStore = {
    kind: 'memory',
    forgets: true,
    async getOrCreate({ dayKey, expiresAt, now, candidate }) {
      const held = salts.get(dayKey);
      if (held !== undefined) {
        if (held.expiresAt > now) return held.salt;
        salts.delete(dayKey);
        return null;
      }
      if (expiresAt <= now) return null;
      salts.set(dayKey, { salt: candidate, expiresAt });
      return candidate;
    },
    async delete(dayKey) {
      salts.delete(dayKey);
      return !salts.has(dayKey);
    },
    async purgeExpired(now) {
      let deleted = 0;
      for (const [key, held] of salts) {
        if (held.expiresAt <= now) {
          salts.delete(key);
          deleted++;
        }
      }
      return deleted;
    },
  };
  return redactPrinting(store, 'memory salt store');
}
