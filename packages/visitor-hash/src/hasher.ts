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
 * tenant; each id then costs the compressions of its own bytes and one outer block.
 */

import { IpAddress, parseIp } from '@privkit/ip';
import { type DayBoundary, type DayWindow, utcDays } from './days.js';
import { VisitorHashError } from './errors.js';
import { encoder, toBase64Url, toHex, utf8 } from './internal/encode.js';
import { hkdfSha256, KeyedSha256 } from './internal/hmac.js';
import { redactPrinting, revealSecret, Secret } from './secret.js';
import type { SaltStore } from './store.js';

/**
 * The construction version, written as the first byte of every message: ids of different
 * versions never collide.
 *
 * @example
 * ```ts
 * import { VISITOR_HASH_VERSION } from '@privkit/visitor-hash';
 *
 * VISITOR_HASH_VERSION; // 1
 * ```
 */
export const VISITOR_HASH_VERSION = 1;

/** Longest tenant id, in UTF-8 bytes. */
const MAX_TENANT_BYTES = 256;
/**
 * User agents are capped (not rejected) at this many UTF-8 bytes; a character that does not fit
 * whole is dropped.
 *
 * @example
 * ```ts
 * import { MAX_USER_AGENT_BYTES } from '@privkit/visitor-hash';
 *
 * MAX_USER_AGENT_BYTES; // 512: a longer user agent hashes like its first 512 bytes
 * ```
 */
export const MAX_USER_AGENT_BYTES = 512;
/**
 * `extra` is capped at this many UTF-8 bytes.
 *
 * @example
 * ```ts
 * import { MAX_EXTRA_BYTES } from '@privkit/visitor-hash';
 *
 * MAX_EXTRA_BYTES; // 256
 * ```
 */
export const MAX_EXTRA_BYTES = 256;
/** Events may be stamped this far after the hasher's clock (clock skew between machines). */
const MAX_FUTURE_MS = 5 * 60_000;
const DEFAULT_GRACE_MS = 30 * 60_000;
const MAX_GRACE_MS = 6 * 60 * 60_000;
const SALT_BYTES = 32;
const TENANT_KDF_SALT = utf8('privkit/visitor-hash/v1/tenant');
// Tenants per day whose keyed states are kept; past this the cache starts over (a re-derivation
// costs one HKDF, about 4 µs).
const MAX_TENANT_STATES = 10_000;

/** Options of {@link createVisitorHasher}. */
export interface VisitorHasherOptions {
  /**
   * Where daily salts live: {@link createMemorySaltStore} for one process,
   * `createRedisSaltStore` or `createPostgresSaltStore` for a fleet, or
   * {@link createStatelessSaltSource} where nothing can be stored (it cannot forget).
   */
  store: SaltStore;
  /** The day boundary: {@link utcDays} (default) or {@link zonedDays}. */
  days?: DayBoundary;
  /**
   * How long after a day ends its salt stays usable, in milliseconds, so that sessions survive
   * midnight: during this window {@link VisitorHasher.candidates} returns the id under both
   * days' salts. It is also the hard bound: at day end + grace the salt is deleted and no id of
   * that day can be computed again. Default 30 minutes; 0 to 6 hours.
   */
  graceMs?: number;
  /** Id length in bits: a multiple of 8 from 64 to 256. Default 128. */
  outputBits?: number;
  /** Id text: `hex` (default) or unpadded `base64url`. */
  encoding?: 'hex' | 'base64url';
  /**
   * IPv6 addresses are reduced to this prefix before hashing, because privacy extensions
   * (RFC 8981) rotate the low 64 bits inside one network several times a day. Default 64.
   */
  ipv6PrefixLength?: number;
  /** IPv4 addresses are reduced to this prefix. Default 32 (the whole address). */
  ipv4PrefixLength?: number;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  clock?: () => number;
}

/** One visitor event to identify. */
export interface VisitorInput {
  /** The site or customer the event belongs to; ids of different tenants never match. */
  tenant: string;
  /** The client address, as text (strict: see `@privkit/ip`) or a parsed `IpAddress`. */
  ip: string | IpAddress;
  /** The `User-Agent` header. Longer than 512 bytes of UTF-8 is capped, not rejected. */
  userAgent: string;
  /** More request entropy (`Accept-Language`, say). Capped at 256 bytes. Empty equals absent. */
  extra?: string;
  /** When the event happened. Default: the hasher's clock. */
  at?: Date | number;
  /** The visitor's IANA time zone; used only with `zonedDays({ visitorTimeZone: true })`. */
  timeZone?: string;
}

/** Prefix lengths the addresses are reduced to before hashing. */
export interface IpPrefixLengths {
  /** Bits of an IPv4 address kept (32: all). */
  ipv4: number;
  /** Bits of an IPv6 address kept (64: the network, without the interface identifier). */
  ipv6: number;
}

/**
 * A machine-readable account of a hasher's construction, with a paragraph a privacy notice can
 * quote. Returned by {@link describeVisitorHash}.
 */
export interface VisitorHashDescription {
  /** Construction version (the first byte of every message). */
  version: number;
  /** The pseudo-random function. */
  prf: 'HMAC-SHA-256';
  /** How each tenant's key comes from the daily salt. */
  keyDerivation: 'HKDF-SHA-256';
  /** The inputs, in message order. */
  inputs: string[];
  /** Bits of random salt per day. */
  saltBits: number;
  /** Bits of id kept. */
  outputBits: number;
  /** Id text encoding. */
  encoding: 'hex' | 'base64url';
  /** Prefix lengths the addresses are reduced to before hashing. */
  ipPrefixLengths: IpPrefixLengths;
  /** Default time zone of the day boundary. */
  timeZone: string;
  /** Whether the visitor's own time zone is honoured. */
  visitorTimeZone: boolean;
  /** Minutes after the day ends during which the previous salt still answers. */
  graceMinutes: number;
  /** Hours a salt can exist at most: its day (25 h on a DST day) plus the grace window. */
  maxSaltLifetimeHours: number;
  /** The salt store's kind. */
  store: string;
  /** Whether salts are deleted (false only for the stateless source). */
  forgets: boolean;
  /** Plain-English paragraph for a privacy notice. */
  text: string;
}

/**
 * A configured hasher. Its salts and keys are private; it prints as `[visitor hasher redacted]`.
 */
export interface VisitorHasher {
  /**
   * The visitor's id for the day of `input.at`.
   * @throws VisitorHashError for a missing tenant, an invalid IP, an empty user agent, a time
   *   outside the salt's window, or a failing store. The message never holds the input.
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
   * @throws VisitorHashError `SALT_NOT_LOADED` if the day's salt is not loaded yet, and every
   *   error `id()` raises.
   */
  idSync(input: VisitorInput): string;
  /**
   * Loads (creating if needed) the salt of the day of `at` (default: now), and the previous
   * day's during the grace window, so `idSync` can answer for that day.
   * @param at - an instant of the day to load.
   * @param timeZone - the visitor's zone, when the day boundary honours it.
   */
  prepare(at?: Date | number, timeZone?: string): Promise<void>;
  /** Deletes expired salts from the store and from memory; returns how many the store deleted. */
  purge(): Promise<number>;
}

interface DayState {
  readonly day: DayWindow;
  readonly expiresAt: number;
  readonly salt: Secret;
  readonly tenants: Map<string, KeyedSha256>;
}

function checkIntegerOption(
  name: string,
  value: number | undefined,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`"${name}" must be an integer`);
  if (value < min || value > max) throw new RangeError(`"${name}" must be from ${min} to ${max}`);
  return value;
}

interface Settings {
  days: DayBoundary;
  graceMs: number;
  outputBytes: number;
  encoding: 'hex' | 'base64url';
  ipv4Prefix: number;
  ipv6Prefix: number;
}

function settle(options: Omit<VisitorHasherOptions, 'store' | 'clock'>): Settings {
  const outputBits = checkIntegerOption('outputBits', options.outputBits, 64, 256, 128);
  if (outputBits % 8 !== 0) throw new RangeError('"outputBits" must be a multiple of 8');
  const encoding = options.encoding ?? 'hex';
  if (encoding !== 'hex' && encoding !== 'base64url') throw new RangeError('"encoding" must be "hex" or "base64url"');
  return {
    days: options.days ?? utcDays(),
    graceMs: checkIntegerOption('graceMs', options.graceMs, 0, MAX_GRACE_MS, DEFAULT_GRACE_MS),
    outputBytes: outputBits / 8,
    encoding,
    ipv4Prefix: checkIntegerOption('ipv4PrefixLength', options.ipv4PrefixLength, 0, 32, 32),
    ipv6Prefix: checkIntegerOption('ipv6PrefixLength', options.ipv6PrefixLength, 0, 128, 64),
  };
}

/**
 * Creates a hasher that turns (tenant, IP, user agent, day) into an identifier that is stable
 * for one day and unlinkable across days and tenants once the day's salt is deleted.
 *
 * @param options - the salt store and the lifecycle settings.
 * @returns the hasher.
 * @throws TypeError or RangeError for an invalid option.
 * @example
 * ```ts
 * import { createVisitorHasher, createMemorySaltStore } from '@privkit/visitor-hash';
 *
 * const hasher = createVisitorHasher({ store: createMemorySaltStore() });
 * const id = await hasher.id({
 *   tenant: 'shop.example',
 *   ip: '2001:db8:5:6:a1b2:c3d4:e5f6:1234',
 *   userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0',
 * });
 * id.length; // 32 hex characters (128 bits)
 * ```
 */
export function createVisitorHasher(options: VisitorHasherOptions): VisitorHasher {
  const { store } = options;
  if (typeof store?.getOrCreate !== 'function') throw new TypeError('"store" must be a SaltStore');
  const clock = options.clock ?? Date.now;
  const { days, graceMs, outputBytes, encoding, ipv4Prefix, ipv6Prefix } = settle(options);

  const states = new Map<string, DayState>();
  const loading = new Map<string, Promise<DayState>>();
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

  async function load(day: DayWindow, expiresAt: number, now: number): Promise<DayState> {
    const candidate = Secret.from(crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
    let salt: Secret | null;
    try {
      salt = await store.getOrCreate({ dayKey: day.key, expiresAt, now, candidate });
    } catch (error) {
      throw storeFailure(store, error);
    }
    // The store owns `candidate` from here (the memory store keeps it), so it is not zeroed.
    if (salt === null) {
      throw new VisitorHashError('SALT_EXPIRED', 'no live salt for the day of "at": that day is over');
    }
    if (!(salt instanceof Secret) || salt.length < 16) {
      throw new VisitorHashError('STORE_FAILURE', `salt store "${store.kind}" returned an invalid salt`);
    }
    // A new day: forget every expired state here and in the store.
    for (const [key, state] of states) if (state.expiresAt <= now) dropState(key);
    try {
      await store.purgeExpired(now);
    } catch (error) {
      throw storeFailure(store, error);
    }
    const state: DayState = { day, expiresAt, salt: Secret.from(revealSecret(salt)), tenants: new Map() };
    states.set(day.key, state);
    return state;
  }

  function stateFor(day: DayWindow, now: number): DayState | Promise<DayState> {
    const expiresAt = day.end + graceMs;
    if (expiresAt <= now) throw outsideWindow();
    const held = states.get(day.key);
    if (held !== undefined) return held;
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
    const checked = checkInput(input, ipv4Prefix, ipv6Prefix, clock);
    const now = clock();
    if (checked.at > now + MAX_FUTURE_MS) {
      throw new VisitorHashError('OUTSIDE_WINDOW', '"at" is more than 5 minutes after the hasher\'s clock');
    }
    const day = days.window(checked.at, input.timeZone);
    if (syncOnly) {
      const held = states.get(day.key);
      if (held === undefined || held.expiresAt <= now) {
        if (day.end + graceMs <= now) throw outsideWindow();
        throw new VisitorHashError(
          'SALT_NOT_LOADED',
          'the salt of the day of "at" is not loaded yet: await prepare() or id() first',
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

  const hasher: VisitorHasher = {
    async id(input) {
      return (await run(input, false))[0] as string;
    },
    async candidates(input) {
      return run(input, true);
    },
    idSync(input) {
      return (run(input, false, true) as string[])[0] as string;
    },
    async prepare(at, timeZone) {
      const now = clock();
      const time = at === undefined ? now : toTime(at);
      const day = days.window(time, timeZone);
      await stateFor(day, now);
      if (day.start + graceMs > now) await stateFor(days.previous(day), now);
    },
    async purge() {
      const now = clock();
      for (const [key, state] of states) if (state.expiresAt <= now) dropState(key);
      try {
        return await store.purgeExpired(now);
      } catch (error) {
        throw storeFailure(store, error);
      }
    },
  };
  return redactPrinting(hasher, 'visitor hasher');
}

function outsideWindow(): VisitorHashError {
  return new VisitorHashError(
    'OUTSIDE_WINDOW',
    '"at" is on a day whose salt has expired; its ids can no longer be computed',
  );
}

function toTime(at: Date | number): number {
  let time: number;
  if (typeof at === 'number') time = at;
  else if (at instanceof Date) time = at.getTime();
  else throw new TypeError('"at" must be a Date or epoch milliseconds');
  if (!Number.isFinite(time)) throw new VisitorHashError('INVALID_TIME', '"at" is not a valid time');
  return time;
}

function writeLength(buf: Uint8Array, offset: number, length: number): number {
  buf[offset] = length >>> 8;
  buf[offset + 1] = length & 0xff;
  return offset + 2;
}

function storeFailure(store: SaltStore, error: unknown): VisitorHashError {
  if (error instanceof VisitorHashError) return error;
  // Only the error's class name: client errors can carry the command and its arguments, which
  // include the salt (ioredis' ReplyError has `command.args`).
  const name = error instanceof Error ? error.name : typeof error;
  return new VisitorHashError('STORE_FAILURE', `salt store "${store.kind}" failed (${name})`);
}

const ipScratch = new Uint8Array(16);

interface CheckedInput {
  tenant: string;
  userAgent: string;
  extra: string;
  ip: Uint8Array;
  length: number;
  at: number;
}

function checkInput(input: VisitorInput, ipv4Prefix: number, ipv6Prefix: number, clock: () => number): CheckedInput {
  if (typeof input !== 'object' || input === null) throw new TypeError('the input must be an object');
  const { tenant, userAgent, extra = '', at } = input;
  mustBeString('tenant', tenant);
  if (tenant.length === 0) throw new VisitorHashError('MISSING_TENANT', '"tenant" must not be empty');
  if (tenant.length > MAX_TENANT_BYTES / 3 && utf8(tenant).length > MAX_TENANT_BYTES) {
    throw new VisitorHashError('TENANT_TOO_LONG', `"tenant" must be at most ${MAX_TENANT_BYTES} bytes of UTF-8`);
  }
  mustBeString('userAgent', userAgent);
  if (userAgent.length === 0) throw new VisitorHashError('EMPTY_USER_AGENT', '"userAgent" must not be empty');
  mustBeString('extra', extra);

  const time = at === undefined ? clock() : toTime(at);

  let address: IpAddress;
  if (input.ip instanceof IpAddress) address = input.ip;
  else if (typeof input.ip === 'string') {
    try {
      address = parseIp(input.ip);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid';
      throw new VisitorHashError('INVALID_IP', reason);
    }
  } else throw new TypeError('"ip" must be a string or an IpAddress');

  const bytes = address.toBytes();
  let length = bytes.length;
  let source = bytes;
  let prefix = ipv6Prefix;
  // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d is the IPv4 client a.b.c.d on a dual-stack socket.
  if (length === 16 && isMapped(bytes)) {
    source = bytes.subarray(12);
    length = 4;
  }
  if (length === 4) prefix = ipv4Prefix;
  for (let i = 0; i < length; i++) {
    const keep = prefix - i * 8;
    const mask = keep >= 8 ? 0xff : keep <= 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    ipScratch[i] = (source[i] as number) & mask;
  }
  return { tenant, userAgent, extra, ip: ipScratch, length, at: time };
}

function mustBeString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`"${name}" must be a string`);
}

function isMapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/**
 * Describes the construction a hasher with these options uses: for a privacy notice, a record
 * of processing or a DPA annex. (A function of the options rather than a hasher method, so the
 * notice text is not in the bundle of code that never prints it.)
 *
 * @param options - the same options as {@link createVisitorHasher}.
 * @returns the description, with a plain-English `text`.
 * @example
 * ```ts
 * import { describeVisitorHash, createMemorySaltStore } from '@privkit/visitor-hash';
 *
 * const about = describeVisitorHash({ store: createMemorySaltStore() });
 * about.prf;          // "HMAC-SHA-256"
 * about.graceMinutes; // 30
 * console.log(about.text);
 * ```
 */
export function describeVisitorHash(options: VisitorHasherOptions): VisitorHashDescription {
  return describeSettings(settle(options), options.store);
}

function describeSettings(settings: Settings, store: SaltStore): VisitorHashDescription {
  const { days, graceMs, outputBytes, encoding, ipv4Prefix, ipv6Prefix } = settings;
  const graceMinutes = graceMs / 60_000;
  const zoneText = days.visitorTimeZone
    ? `in the visitor's own time zone (or ${days.timeZone} when it is unknown)`
    : `in ${days.timeZone}`;
  const ipText =
    ipv4Prefix === 32
      ? `your IP address (an IPv6 address shortened to its /${ipv6Prefix} network)`
      : `your IP address shortened to its /${ipv4Prefix} (IPv4) or /${ipv6Prefix} (IPv6) network`;
  const lifetime = store.forgets
    ? `The key is a random ${SALT_BYTES * 8}-bit secret created for each day, ${zoneText}, and deleted from our ${store.kind} store ${graceMinutes} minutes after that day ends. Once it is deleted, nobody, including us, can link that day's identifiers to an IP address or browser, and identifiers of different days cannot be linked to each other.`
    : `The key for each day, ${zoneText}, is derived from a long-term secret that is not deleted: whoever holds that secret can recompute any day's identifiers from an IP address and browser. Identifiers of different days cannot be linked to each other without it.`;
  return {
    version: VISITOR_HASH_VERSION,
    prf: 'HMAC-SHA-256',
    keyDerivation: 'HKDF-SHA-256',
    inputs: ['version', 'tenant', 'day', 'ip', 'userAgent', 'extra'],
    saltBits: SALT_BYTES * 8,
    outputBits: outputBytes * 8,
    encoding,
    ipPrefixLengths: { ipv4: ipv4Prefix, ipv6: ipv6Prefix },
    timeZone: days.timeZone,
    visitorTimeZone: days.visitorTimeZone,
    graceMinutes,
    maxSaltLifetimeHours: 25 + graceMinutes / 60,
    store: store.kind,
    forgets: store.forgets,
    text:
      `To count unique visitors without cookies, we compute a daily identifier with HMAC-SHA-256 from ${ipText}, your browser's user agent, the website and the date. ` +
      `${lifetime} The identifier is ${outputBytes * 8} bits long; we do not store your IP address or user agent with it.`,
  };
}
