/**
 * @module
 * The salt-store contract and the in-memory store. A store keeps one random salt per day key,
 * creates it atomically (the first writer wins and every reader gets the winner's salt), never
 * returns it after its expiry, never creates it long before its day, and deletes it verifiably.
 *
 * A store shared by a fleet (Redis, PostgreSQL) keeps time itself: creation, expiry and purging
 * are decided by the store's clock, and the hasher takes "now" from it too, so a server whose
 * clock is hours off can neither keep a salt past its promised deletion, nor purge a live one,
 * nor compute ids for another day than the rest of the fleet.
 *
 * Keep the salt store apart from the event store: whoever can read both a day's salt and that
 * day's events can test guesses of IP and user agent against the stored ids for as long as the
 * salt lives. Deleting the salt is what turns the ids into anonymous data.
 */

import { redactPrinting, revealSecret, type Secret } from './secret.js';

/**
 * How far before its day a salt may be created, and how far ahead of the fleet's clock an event
 * may be stamped: five minutes, the skew between machines that NTP-synchronised fleets stay well
 * within and that Kerberos, for one, tolerates by default.
 */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** What a hasher asks a store for: the salt of one day, created from `candidate` if missing. */
export interface SaltRequest {
  /** The day key, such as `2026-11-23@UTC`. */
  readonly dayKey: string;
  /**
   * Epoch milliseconds before which the salt must not be created: the day's start less five
   * minutes of tolerated clock skew. A salt never exists long before its day.
   */
  readonly notBefore: number;
  /** Epoch milliseconds at which the salt must be gone: the day's end plus the grace window. */
  readonly expiresAt: number;
  /**
   * The hasher's clock, epoch milliseconds. A store with a clock of its own (see
   * {@link SaltStore.now}) ignores it and decides by its own.
   */
  readonly now: number;
  /** A fresh random salt from the platform CSPRNG, stored if the day has none yet. */
  readonly candidate: Secret;
}

/**
 * A salt the store holds for a day, with the instant it will be deleted (epoch milliseconds).
 *
 * @example
 * ```ts
 * import { type LiveSalt, Secret } from '@privkit/visitor-hash';
 *
 * const live: LiveSalt = {
 *   salt: Secret.from(crypto.getRandomValues(new Uint8Array(32))),
 *   expiresAt: 1_795_000_000_000,
 * };
 * ```
 */
export interface LiveSalt {
  /** The day's salt: 32 bytes. */
  readonly salt: Secret;
  /** When the store deletes it: at or before the request's `expiresAt`, never after. */
  readonly expiresAt: number;
}

/**
 * A store's answer to {@link SaltStore.getOrCreate}: the live salt, or why there is none.
 * `expired`: the day's salt is gone and is never created again. `not-started`: the day has not
 * begun by the store's clock (less the tolerated skew), so its salt is not created yet.
 *
 * @example
 * ```ts
 * import type { SaltAnswer } from '@privkit/visitor-hash';
 *
 * const refused: SaltAnswer = 'expired';
 * ```
 */
export type SaltAnswer = LiveSalt | 'expired' | 'not-started';

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
   * The store's own clock, epoch milliseconds (Redis `TIME`, PostgreSQL `clock_timestamp()`):
   * present on stores a fleet shares, whose clock is then the fleet's one clock. The hasher
   * measures its offset from it and takes "now" from it. Absent for the memory store and the
   * stateless source, which run on the hasher's clock.
   */
  now?(): Promise<number>;
  /**
   * Atomically returns the salt stored for `request.dayKey`, storing `request.candidate` first if
   * there is none, with the instant it will be deleted. Refuses with `expired` once
   * `request.expiresAt` has passed, and with `not-started` before `request.notBefore`, by the
   * store's clock when it has one: a store never re-creates the salt of a day that is over.
   */
  getOrCreate(request: SaltRequest): Promise<SaltAnswer>;
  /**
   * Deletes the salt of `dayKey` and checks it is gone.
   * @returns `true` when no salt for `dayKey` remains.
   */
  delete(dayKey: string): Promise<boolean>;
  /**
   * Deletes every salt whose expiry has passed: by the store's clock when it has one, else at
   * or before `now`.
   * @returns how many were deleted.
   */
  purgeExpired(now: number): Promise<number>;
}

/**
 * A salt store in this process's memory: for a single process (a worker, a test, a CLI run).
 * Several processes each get their own salts and so different ids; use the Redis or PostgreSQL
 * store for a fleet. It runs on the hasher's clock (one process has one clock); an expired salt
 * is dropped on its next access and by `purgeExpired`, which the hasher runs once a day's grace
 * window is over.
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
  const salts = new Map<string, LiveSalt>();

  const store: SaltStore = {
    kind: 'memory',
    forgets: true,
    async getOrCreate({ dayKey, notBefore, expiresAt, now, candidate }) {
      const held = salts.get(dayKey);
      if (held !== undefined) {
        if (held.expiresAt > now) return held;
        forget(dayKey, held);
        return 'expired';
      }
      if (expiresAt <= now) return 'expired';
      if (now < notBefore) return 'not-started';
      const live = { salt: candidate, expiresAt };
      salts.set(dayKey, live);
      return live;
    },
    async delete(dayKey) {
      const held = salts.get(dayKey);
      if (held !== undefined) forget(dayKey, held);
      return !salts.has(dayKey);
    },
    async purgeExpired(now) {
      let deleted = 0;
      for (const [key, held] of salts) {
        if (held.expiresAt <= now) {
          forget(key, held);
          deleted++;
        }
      }
      return deleted;
    },
  };
  function forget(dayKey: string, held: LiveSalt): void {
    salts.delete(dayKey);
    revealSecret(held.salt).fill(0);
  }
  return redactPrinting(store, 'memory salt store');
}
