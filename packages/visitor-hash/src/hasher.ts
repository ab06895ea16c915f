/**
 * @module
 * The visitor hasher: a daily, per-tenant identifier computed as
 *
 * ```text
 * salt_day   = 32 random bytes, one per day key, held by the salt store until day end + grace
 * key_tenant = HKDF-SHA-256(ikm = salt_day, salt = "privkit/visitor-hash/v1/tenant", info = tenant)
 * id         = HMAC-SHA-256(key_tenant, 0x01 ‖ lp(tenant) ‖ lp(day key) ‖ lp(ip) ‖ lp(ua) ‖ lp(extra))
 * ```
 *
 * where `lp(x)` is a 16-bit big-endian length followed by the bytes of `x`, so no two different
 * tuples encode alike (Plausible concatenates with no separators: `ua="ab", ip="c"` and
 * `ua="a", ip="bc"` collide). The id is the first `outputBits / 8` bytes of the MAC.
 *
 * The keyed HMAC state (key pads plus the tenant and day prefix) is computed once per day and
 * tenant; each id then costs the compressions of its own bytes and one outer block. Time is the
 * fleet's: the salt store's clock when it keeps one (see `internal/fleet-clock.ts`).
 */

import { requireInstant } from '@privkit/internal/instant';
import {
  MAX_EXTRA_BYTES,
  MAX_USER_AGENT_BYTES,
  SALT_BYTES,
  TENANT_KDF_SALT,
  VISITOR_HASH_VERSION,
} from './construction.js';
import type { DayWindow } from './days.js';
import { raise, VisitorHashError } from './errors.js';
import { type CheckedInput, checkInput, type VisitorInput } from './input.js';
import { encoder, toBase64Url, toHex, utf8 } from './internal/encode.js';
import { fleetClock } from './internal/fleet-clock.js';
import { hkdfSha256, KeyedSha256 } from './internal/hmac.js';
import { storeFailure } from './internal/store-failure.js';
import { settle, type VisitorHasherOptions } from './options.js';
import { redactPrinting, revealSecret, Secret } from './secret.js';
import { CLOCK_TOLERANCE_MS, type LiveSalt, type SaltAnswer, type SaltStore } from './store.js';

// Tenants per day whose keyed states are kept; past this the cache starts over (a re-derivation
// costs one HKDF, about 4 µs).
const MAX_TENANT_STATES = 10_000;

/**
 * A configured hasher. Its salts and keys are private; it prints as `[visitor hasher redacted]`.
 */
export interface VisitorHasher {
  /**
   * The visitor's id for the day of `input.at` (default: now, by the fleet's clock).
   * @throws {@link VisitorHashError} `INVALID_IP`, `MISSING_TENANT`, `EMPTY_USER_AGENT`,
   *   `INVALID_INSTANT`, `UNKNOWN_KEY` or `INVALID_ARGUMENT` for bad input (the message never
   *   holds it); `OUTSIDE_WINDOW` for a day whose salt is gone or more than five minutes ahead;
   *   `STORE_FAILURE` when the store fails.
   */
  id(input: VisitorInput): Promise<string>;
  /**
   * The ids a returning visitor may carry: the current day's first, then, during the grace
   * window after the day boundary, the id under the previous day's salt.
   */
  candidates(input: VisitorInput): Promise<string[]>;
  /**
   * The id, synchronously, for a day whose salt this hasher already holds (after
   * {@link VisitorHasher.prepare} or an `id()` of that day): for stream transforms and other
   * synchronous pipelines. Same result as `id()`.
   * @throws {@link VisitorHashError} `SALT_NOT_LOADED` when the day's salt is not loaded yet, and
   *   every error `id()` raises.
   */
  idSync(input: VisitorInput): string;
  /**
   * Loads (creating if needed) the salt of the day of `at` (default: now), and the previous
   * day's during the grace window, so `idSync` can answer for that day.
   * @param at - an instant of the day to load.
   * @param timeZone - the visitor's zone, when the day boundary honours it.
   */
  prepare(at?: VisitorInput['at'], timeZone?: string): Promise<void>;
  /** Deletes expired salts from the store and from memory; returns how many the store deleted. */
  purge(): Promise<number>;
}

interface DayState {
  readonly day: DayWindow;
  readonly expiresAt: number;
  readonly salt: Secret;
  readonly tenants: Map<string, KeyedSha256>;
}

/**
 * Creates a hasher that turns (tenant, IP, user agent, day) into an identifier that is stable
 * for one day and unlinkable across days and tenants once the day's salt is deleted.
 *
 * @param options - the salt store and the lifecycle settings.
 * @returns the hasher.
 * @throws {@link VisitorHashError} `INVALID_OPTIONS` for an option of the wrong type or out of
 *   range, `INVALID_DURATION` for a `grace` that is not an ISO 8601 duration of hours, minutes and
 *   seconds, `UNKNOWN_KEY` for a key the hasher does not know.
 * @example
 * ```ts
 * import { createVisitorHasher, createMemorySaltStore } from '@privkit/visitor-hash';
 *
 * const hasher = createVisitorHasher({ store: createMemorySaltStore(), grace: 'PT1H' });
 * const id = await hasher.id({
 *   tenant: 'shop.example',
 *   ip: '2001:db8:5:6:a1b2:c3d4:e5f6:1234',
 *   userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0',
 * });
 * id.length; // 32 hex characters (128 bits)
 * ```
 */
export function createVisitorHasher(options: VisitorHasherOptions): VisitorHasher {
  const { store, days, graceMs, outputBytes, encoding, ipv4Prefix, ipv6Prefix, clock: local } = settle(options);
  const clock = fleetClock(local, store);

  const states = new Map<string, DayState>();
  const loading = new Map<string, Promise<DayState>>();
  // Set when a held salt expires: the next asynchronous call purges the store, so a PostgreSQL
  // row is deleted at the first call after its expiry, on whichever instance makes it.
  let purgeDue = false;
  // The earliest expiry of a held salt: past it, the next call drops the salt and purges.
  let nextExpiry = Number.POSITIVE_INFINITY;
  // One message buffer and one working MAC per hasher: ids are computed synchronously once the
  // day's state is loaded, so no two computations interleave on them.
  const message = new Uint8Array(2 + 16 + 2 + MAX_USER_AGENT_BYTES + 2 + MAX_EXTRA_BYTES);
  // Views where the user agent starts after an IPv4 or an IPv6 field, made once: `encodeInto`
  // into a ready view is 3× faster than a JS loop, and a `subarray` per id would allocate.
  const uaAfterV4 = message.subarray(2 + 4 + 2, 2 + 4 + 2 + MAX_USER_AGENT_BYTES);
  const uaAfterV6 = message.subarray(2 + 16 + 2, 2 + 16 + 2 + MAX_USER_AGENT_BYTES);
  const digest = new Uint8Array(32);

  function dropState(key: string): void {
    const state = states.get(key);
    if (state === undefined) return;
    states.delete(key);
    for (const mac of state.tenants.values()) mac.destroy();
    revealSecret(state.salt).fill(0);
  }

  function dropExpired(now: number): void {
    nextExpiry = Number.POSITIVE_INFINITY;
    for (const [key, state] of states) {
      if (state.expiresAt <= now) {
        dropState(key);
        purgeDue = true;
      } else if (state.expiresAt < nextExpiry) nextExpiry = state.expiresAt;
    }
  }

  async function purgeStore(now: number): Promise<number> {
    purgeDue = false;
    try {
      return await store.purgeExpired(now);
    } catch (error) {
      purgeDue = true;
      throw storeFailure(store, error);
    }
  }

  async function load(day: DayWindow, expiresAt: number, now: number): Promise<DayState> {
    const candidate = Secret.from(crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
    let answer: SaltAnswer;
    try {
      answer = await store.getOrCreate({
        dayKey: day.key,
        notBefore: day.start - CLOCK_TOLERANCE_MS,
        expiresAt,
        now,
        candidate,
      });
    } catch (error) {
      throw storeFailure(store, error);
    }
    // The store owns `candidate` from here (the memory store keeps it), so it is not zeroed.
    if (answer === 'expired') {
      throw new VisitorHashError('SALT_EXPIRED', 'no live salt for the day of "input.at": that day is over', {
        path: 'input.at',
      });
    }
    if (answer === 'not-started') throw notStarted();
    const live = checkLive(answer, store, expiresAt);
    // A new day: forget every expired state here and in the store.
    dropExpired(now);
    await purgeStore(now);
    const state: DayState = {
      day,
      expiresAt: live.expiresAt,
      salt: Secret.from(revealSecret(live.salt)),
      tenants: new Map(),
    };
    states.set(day.key, state);
    if (state.expiresAt < nextExpiry) nextExpiry = state.expiresAt;
    return state;
  }

  function stateFor(day: DayWindow, now: number): DayState | Promise<DayState> {
    const expiresAt = day.end + graceMs;
    if (expiresAt <= now) throw outsideWindow();
    const held = states.get(day.key);
    if (held !== undefined) {
      if (held.expiresAt > now) return held;
      // The store deletes this salt before this hasher's grace ends (another instance's shorter
      // grace wrote it): it is gone.
      dropExpired(now);
      throw new VisitorHashError('SALT_EXPIRED', 'the salt of the day of "input.at" has been deleted', {
        path: 'input.at',
      });
    }
    let pending = loading.get(day.key);
    if (pending === undefined) {
      pending = load(day, expiresAt, now).finally(() => loading.delete(day.key));
      loading.set(day.key, pending);
    }
    return pending;
  }

  function tenantMac(state: DayState, tenant: string): KeyedSha256 {
    let mac = state.tenants.get(tenant);
    if (mac !== undefined) return mac;
    const tenantBytes = utf8(tenant);
    const key = hkdfSha256(revealSecret(state.salt), TENANT_KDF_SALT, tenantBytes);
    const dayBytes = utf8(state.day.key);
    const prefix = new Uint8Array(1 + 2 + tenantBytes.length + 2 + dayBytes.length);
    prefix[0] = VISITOR_HASH_VERSION;
    let o = writeLength(prefix, 1, tenantBytes.length);
    prefix.set(tenantBytes, o);
    o = writeLength(prefix, o + tenantBytes.length, dayBytes.length);
    prefix.set(dayBytes, o);
    mac = new KeyedSha256(key).absorb(prefix);
    key.fill(0);
    if (state.tenants.size >= MAX_TENANT_STATES) {
      for (const old of state.tenants.values()) old.destroy();
      state.tenants.clear();
    }
    state.tenants.set(tenant, mac);
    return mac;
  }

  function compute(
    state: DayState,
    tenant: string,
    ip: Uint8Array,
    ipLength: number,
    userAgent: string,
    extra: string,
  ): string {
    const base = tenantMac(state, tenant);
    let o = writeLength(message, 0, ipLength);
    for (let i = 0; i < ipLength; i++) message[o + i] = ip[i] as number;
    o += ipLength;
    const uaLength = encoder.encodeInto(userAgent, ipLength === 4 ? uaAfterV4 : uaAfterV6).written;
    writeLength(message, o, uaLength);
    o += 2 + uaLength;
    const extraLength =
      extra === '' ? 0 : encoder.encodeInto(extra, message.subarray(o + 2, o + 2 + MAX_EXTRA_BYTES)).written;
    writeLength(message, o, extraLength);
    o += 2 + extraLength;
    base.macInto(message.subarray(0, o), digest);
    return encoding === 'hex' ? toHex(digest, outputBytes) : toBase64Url(digest, outputBytes);
  }

  // The hot path stays synchronous while the day's state is loaded: one promise per id (the
  // returned one), no awaits. Only the first id of a day waits for the store.
  function run(input: VisitorInput, withPrevious: boolean, syncOnly = false): string[] | Promise<string[]> {
    const now = clock.now();
    if (now >= nextExpiry) dropExpired(now);
    const checked = checkInput(input, ipv4Prefix, ipv6Prefix, now);
    if (checked.at > now + CLOCK_TOLERANCE_MS) {
      throw new VisitorHashError('OUTSIDE_WINDOW', '"input.at" is more than 5 minutes after the fleet\'s clock', {
        path: 'input.at',
      });
    }
    const day = days.window(checked.at, checked.timeZone);
    if (syncOnly) {
      const held = states.get(day.key);
      if (held === undefined || held.expiresAt <= now) {
        if (held !== undefined || day.end + graceMs <= now) {
          dropExpired(now);
          throw outsideWindow();
        }
        throw new VisitorHashError(
          'SALT_NOT_LOADED',
          'the salt of the day of "input.at" is not loaded yet: await prepare() or id() first',
          { path: 'input.at' },
        );
      }
      return [compute(held, checked.tenant, checked.ip, checked.length, checked.userAgent, checked.extra)];
    }
    const state = stateFor(day, now);
    const previous = withPrevious && checked.at - day.start < graceMs && day.start + graceMs > now;
    if (state instanceof Promise || previous) return finish(checked, day, state, previous, now);
    return [compute(state, checked.tenant, checked.ip, checked.length, checked.userAgent, checked.extra)];
  }

  async function finish(
    checked: CheckedInput,
    day: DayWindow,
    pending: DayState | Promise<DayState>,
    previous: boolean,
    now: number,
  ): Promise<string[]> {
    // `checked.ip` is a shared scratch buffer: copy it before waiting for the store.
    const ip = checked.ip.slice(0, checked.length);
    const { tenant, userAgent, extra, length } = checked;
    const state = await pending;
    const ids = [compute(state, tenant, ip, length, userAgent, extra)];
    if (previous) {
      const before = await stateFor(days.previous(day), now);
      ids.push(compute(before, tenant, ip, length, userAgent, extra));
    }
    return ids;
  }

  /** Measures the fleet clock when due and purges the store when a salt has expired. */
  async function upkeep(): Promise<void> {
    if (clock.stale()) await clock.sync();
    const now = clock.now();
    if (now >= nextExpiry) dropExpired(now);
    if (purgeDue) await purgeStore(now);
  }

  const hasher: VisitorHasher = {
    async id(input) {
      // Awaiting only when upkeep has work keeps an id with the day's state loaded to one
      // promise (this function's): each extra await was a microtask per request.
      if (clock.stale() || purgeDue || clock.now() >= nextExpiry) await upkeep();
      const ids = run(input, false);
      return (ids instanceof Promise ? await ids : ids)[0] as string;
    },
    async candidates(input) {
      await upkeep();
      return run(input, true);
    },
    idSync(input) {
      return (run(input, false, true) as string[])[0] as string;
    },
    async prepare(at, timeZone) {
      await upkeep();
      const now = clock.now();
      const time = at === undefined ? now : requireInstant(at, 'at', raise);
      if (timeZone !== undefined && typeof timeZone !== 'string') {
        throw new VisitorHashError('INVALID_ARGUMENT', '"timeZone" must be a string', { path: 'timeZone' });
      }
      const day = days.window(time, timeZone);
      await stateFor(day, now);
      if (day.start + graceMs > now) await stateFor(days.previous(day), now);
    },
    async purge() {
      if (clock.stale()) await clock.sync();
      const now = clock.now();
      dropExpired(now);
      return purgeStore(now);
    },
  };
  return redactPrinting(hasher, 'visitor hasher');
}

/**
 * A store's live salt, checked: 32 bytes that look random, deleted no later than this hasher
 * promises. A salt planted without expiry, or one that outlives the promised deletion (another
 * instance configured with a longer grace), is refused rather than used.
 */
function checkLive(answer: LiveSalt, store: SaltStore, promised: number): LiveSalt {
  const { salt, expiresAt } = (answer ?? {}) as Partial<LiveSalt>;
  if (!(salt instanceof Secret) || salt.length !== SALT_BYTES || new Set(revealSecret(salt)).size < 16) {
    // 32 random bytes show fewer than 16 distinct values with probability below 10^-14.
    throw new VisitorHashError('STORE_FAILURE', `salt store "${store.kind}" returned something that is not a salt`);
  }
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt > promised) {
    throw new VisitorHashError(
      'STORE_FAILURE',
      `salt store "${store.kind}" holds a salt that outlives its promised deletion (every instance must use ` +
        `the same grace)`,
    );
  }
  return answer;
}

function outsideWindow(): VisitorHashError {
  return new VisitorHashError(
    'OUTSIDE_WINDOW',
    '"input.at" is on a day whose salt has expired; its ids can no longer be computed',
    { path: 'input.at' },
  );
}

function notStarted(): VisitorHashError {
  return new VisitorHashError(
    'OUTSIDE_WINDOW',
    '"input.at" is on a day that has not started by the salt store\'s clock',
    { path: 'input.at' },
  );
}

function writeLength(buf: Uint8Array, offset: number, length: number): number {
  buf[offset] = length >>> 8;
  buf[offset + 1] = length & 0xff;
  return offset + 2;
}
