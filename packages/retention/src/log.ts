/**
 * @module
 * The deletion log: an append-only, hash-chained record of every deletion batch. Each entry says
 * which category and rule, how many records, when, by which worker, and *which* records, as
 * keyed hashes (HMAC-SHA-256 with a per-tenant key, truncated to 128 bits, RFC 2104 § 5) so the
 * log holds no personal data and cannot be matched against a list of guessed ids without the
 * key. Each entry commits to the previous one by SHA-256, so an edit, a removal or a reordering
 * breaks the chain and {@link verifyLog} finds it.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { RetentionError } from './errors.js';
import { entryBody, entryHash } from './internal/chain.js';
import { registerBatchHasher } from './internal/hmac-batch.js';
import { compress, padState } from './internal/sha256.js';

/**
 * The `prev` of the first entry of a log: 64 zeros.
 *
 * @example
 * ```ts
 * import { chainEntries, GENESIS_HASH } from '@privkit/retention';
 *
 * const { entries } = chainEntries({ seq: -1, hash: GENESIS_HASH }, []);
 * entries.length; // 0
 * ```
 */
export const GENESIS_HASH = '0'.repeat(64);

/** One entry of the deletion log. Plain JSON; one line of a proof bundle. */
export interface DeletionLogEntry {
  /** Format version, 1. */
  v: 1;
  /** Position in the tenant's log, from 0, without gaps. */
  seq: number;
  /** `hash` of the previous entry, or {@link GENESIS_HASH}. */
  prev: string;
  /** When the batch was committed (RFC 3339, UTC). */
  at: string;
  /** The tenant whose log this is (and whose key hashed `ids`). */
  tenant: string;
  /** The worker that deleted the batch. */
  worker: string;
  /** `sweep`: deleted by a retention sweep; `replay`: deleted again after a restore brought it back. */
  kind: 'sweep' | 'replay';
  /** The data category. */
  category: string;
  /** The rule that made the records due. */
  rule: string;
  /** How many records; always `ids.length`. */
  count: number;
  /** The records' keyed hashes (32 hex characters each), sorted. */
  ids: string[];
  /** SHA-256 (hex) of the entry's canonical JSON without `hash`. */
  hash: string;
}

/** The head of a log: the last entry's `seq` (-1 when empty) and `hash`. */
export interface LogHead {
  /** The last entry's seq, or -1. */
  seq: number;
  /** The last entry's hash, or {@link GENESIS_HASH}. */
  hash: string;
}

/** The part of an entry the caller chooses; the rest is chained in by {@link chainEntries}. */
export interface DeletionDraft {
  /** When (RFC 3339, UTC). */
  at: string;
  /** The tenant. */
  tenant: string;
  /** The worker. */
  worker: string;
  /** Sweep or replay. */
  kind: 'sweep' | 'replay';
  /** The category. */
  category: string;
  /** The rule. */
  rule: string;
  /** The keyed hashes (any order; they are sorted). */
  ids: string[];
}

/** Hashes record identifiers with a tenant's key. Prints as `[redacted]`. */
export interface IdentifierHasher {
  /**
   * The keyed hash of one identifier: 32 hex characters.
   * @param id - the record id.
   */
  hash(id: string): string;
}

const DOMAIN = /* @__PURE__ */ utf8ToBytes('privkit/retention/id/v1\u0000');
const BLOCK = 64;
const HEX_BYTES = /* @__PURE__ */ Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Ids up to this many UTF-8 bytes fit, after the domain and SHA-256 padding, in one block. */
const ONE_BLOCK = BLOCK - 24 - 9; // the domain is 24 bytes

/**
 * A keyed hasher for record identifiers: HMAC-SHA-256 under the tenant's key over a
 * domain-separated id, truncated to 128 bits. Keep one key per tenant and keep it outside the
 * database the log lives in; erasure replay and proving a deletion need it, reading a proof
 * bundle does not.
 *
 * @param key - at least 32 random bytes, one per tenant.
 * @returns the hasher.
 * @throws RetentionError `INVALID_KEY` for a shorter key.
 * @example
 * ```ts
 * import { createIdentifierHasher } from '@privkit/retention';
 *
 * const ids = createIdentifierHasher(crypto.getRandomValues(new Uint8Array(32)));
 * ids.hash('order-1042').length; // 32
 * ```
 */
export function createIdentifierHasher(key: Uint8Array): IdentifierHasher {
  if (!(key instanceof Uint8Array) || key.length < 32)
    throw new RetentionError('INVALID_ARGUMENT', '"key" must be a Uint8Array of at least 32 bytes', { path: 'key' });
  // RFC 2104 § 2 by hand on noble's SHA-256, so the keyed inner state (pad and domain already
  // absorbed) and outer state are computed once and *cloned* per id: a short id then costs two
  // compressions and no allocation, which is what lets a sweep hash a million ids in seconds.
  const pad = new Uint8Array(BLOCK);
  pad.set(key.length > BLOCK ? sha256(key) : key);
  for (let i = 0; i < BLOCK; i++) pad[i] = (pad[i] as number) ^ 0x36;
  const w = new Int32Array(64);
  const inner = sha256.create().update(pad).update(DOMAIN);
  const innerState = padState(pad, w);
  for (let i = 0; i < BLOCK; i++) pad[i] = (pad[i] as number) ^ 0x36 ^ 0x5c;
  const outer = sha256.create().update(pad);
  const outerState = padState(pad, w);
  pad.fill(0);
  // The one-block fast path: the domain, the id and the padding in one block after the inner
  // pad, then the inner digest and padding in one block after the outer pad (RFC 2104 § 2 with
  // FIPS 180-4 § 5.1.1), so an id of up to 31 bytes costs two compressions and no allocation.
  const block = new Uint8Array(BLOCK);
  block.set(DOMAIN);
  const mid = new Int32Array(8);
  const out = new Int32Array(8);
  let workInner: typeof inner | undefined;
  let workOuter: typeof outer | undefined;
  const digest = new Uint8Array(32);
  let buffer = new Uint8Array(256);
  const encoder = new TextEncoder();
  const hasher: IdentifierHasher = {
    hash(id: string): string {
      let length = 0;
      if (id.length * 3 > buffer.length) buffer = new Uint8Array(id.length * 3);
      for (; length < id.length; length++) {
        const c = id.charCodeAt(length);
        if (c > 0x7f) break;
        buffer[length] = c;
      }
      // Non-ASCII ids: UTF-8 for the rest.
      if (length < id.length) length += encoder.encodeInto(id.slice(length), buffer.subarray(length)).written;
      if (length <= ONE_BLOCK) {
        const d = DOMAIN.length;
        block.set(buffer.subarray(0, length), d);
        block[d + length] = 0x80;
        block.fill(0, d + length + 1, BLOCK - 2);
        const bits = (BLOCK + d + length) * 8; // < 65,536: two bytes
        block[BLOCK - 2] = bits >>> 8;
        block[BLOCK - 1] = bits & 0xff;
        for (let k = 0; k < 16; k++)
          w[k] =
            ((block[4 * k] as number) << 24) |
            ((block[4 * k + 1] as number) << 16) |
            ((block[4 * k + 2] as number) << 8) |
            (block[4 * k + 3] as number);
        compress(innerState, w, mid);
        for (let k = 0; k < 8; k++) w[k] = mid[k] as number;
        w[8] = 0x80000000 | 0;
        for (let k = 9; k < 15; k++) w[k] = 0;
        w[15] = (BLOCK + 32) * 8;
        compress(outerState, w, out);
        let hex = '';
        for (let k = 0; k < 4; k++) {
          const v = out[k] as number;
          hex +=
            (HEX_BYTES[v >>> 24] as string) +
            (HEX_BYTES[(v >>> 16) & 0xff] as string) +
            (HEX_BYTES[(v >>> 8) & 0xff] as string) +
            (HEX_BYTES[v & 0xff] as string);
        }
        return hex;
      }
      const i = inner._cloneInto(workInner);
      workInner = i;
      i.update(buffer.subarray(0, length)).digestInto(digest);
      const o = outer._cloneInto(workOuter);
      workOuter = o;
      o.update(digest).digestInto(digest);
      let hex = '';
      for (let b = 0; b < 16; b++) hex += HEX_BYTES[digest[b] as number];
      return hex;
    },
  };
  Object.defineProperties(hasher, {
    toString: { value: () => '[redacted]' },
    toJSON: { value: () => '[redacted]' },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => '[redacted]' },
  });
  // The key states, for batchHasherOf (four ids at a time in WebAssembly), never on the object.
  registerBatchHasher(hasher, innerState, outerState);
  return Object.freeze(hasher);
}

/** The result of {@link chainEntries}. */
export interface ChainedEntries {
  /** The new entries, in order. */
  entries: DeletionLogEntry[];
  /** The head after them. */
  head: LogHead;
}

/**
 * Chains drafts onto a log head: assigns `seq`, `prev`, `count` and `hash`.
 *
 * @param head - the current head (`{ seq: -1, hash: GENESIS_HASH }` for an empty log).
 * @param drafts - the entries to append, in order.
 * @returns the entries, and the new head.
 * @example
 * ```ts
 * import { chainEntries, GENESIS_HASH, verifyLog } from '@privkit/retention';
 *
 * const { entries } = chainEntries({ seq: -1, hash: GENESIS_HASH }, [
 *   { at: '2026-11-23T03:00:00.000Z', tenant: 'acme', worker: 'w1', kind: 'sweep', category: 'log', rule: 'logs-30d', ids: ['00112233445566778899aabbccddeeff'] },
 * ]);
 * verifyLog(entries).valid; // true
 * ```
 */
export function chainEntries(head: LogHead, drafts: readonly DeletionDraft[]): ChainedEntries {
  const entries: DeletionLogEntry[] = [];
  let { seq, hash } = head;
  for (const d of drafts) {
    const body = entryBody(++seq, hash, d);
    hash = entryHash(body);
    entries.push({ ...body, hash });
  }
  return { entries, head: { seq, hash } };
}

/** One problem {@link verifyLog} found. */
export interface LogProblem {
  /** The index in the list given (not the claimed seq, which may be forged). */
  index: number;
  /**
   * - `MALFORMED`: not an entry of this format.
   * - `SEQUENCE`: seq does not follow the previous entry (removed, inserted or reordered).
   * - `CHAIN`: prev is not the previous entry's hash.
   * - `HASH`: the entry was edited after it was written.
   * - `COUNT`: count differs from the number of ids.
   * - `HEAD`: the last hash or the number of entries differs from the expected head.
   */
  code: 'MALFORMED' | 'SEQUENCE' | 'CHAIN' | 'HASH' | 'COUNT' | 'HEAD';
  /** What is wrong. */
  message: string;
}

/** The result of {@link verifyLog}. */
export interface LogVerification {
  /** True when no problem was found. */
  valid: boolean;
  /** The problems, in order. */
  problems: LogProblem[];
  /** Entries read. */
  entries: number;
  /** The last entry's hash (the chain head). */
  head: string;
  /** Records deleted, over all entries. */
  deleted: number;
  /** Records deleted per rule id. */
  byRule: Record<string, number>;
}

/** Options of {@link verifyLog}. */
export interface VerifyLogOptions {
  /** The head you trust (published, or from a manifest): the last entry must carry this hash. */
  head?: string | undefined;
  /** The `prev` of the first entry when the list starts mid-log; default {@link GENESIS_HASH} with seq 0. */
  prev?: string | undefined;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX32 = /^[0-9a-f]{32}$/;

function malformed(e: DeletionLogEntry): string | undefined {
  if (e === null || typeof e !== 'object') return 'not an object';
  if (e.v !== 1) return 'unknown version';
  if (!Number.isSafeInteger(e.seq) || e.seq < 0) return 'seq is not a non-negative integer';
  if (typeof e.prev !== 'string' || !HEX64.test(e.prev) || typeof e.hash !== 'string' || !HEX64.test(e.hash))
    return 'prev or hash is not 64 hex characters';
  for (const f of ['at', 'tenant', 'worker', 'category', 'rule'] as const)
    if (typeof e[f] !== 'string') return `${f} is not a string`;
  if (e.kind !== 'sweep' && e.kind !== 'replay') return 'unknown kind';
  if (!Array.isArray(e.ids) || !e.ids.every((id) => typeof id === 'string' && HEX32.test(id)))
    return 'ids are not keyed hashes';
  for (let i = 1; i < e.ids.length; i++)
    if ((e.ids[i - 1] as string) >= (e.ids[i] as string)) return 'ids are not sorted and unique';
  return undefined;
}

/**
 * Verifies a deletion log (or a contiguous part of one): every entry's hash, the chain of
 * `prev` links, consecutive `seq`, counts, and optionally the expected head. Any single edit,
 * removal, insertion or reordering is reported; removing entries from the *end* is detected
 * only against a head you trust (`options.head`: keep it outside the database, or in the proof
 * bundle's manifest).
 *
 * @param entries - the entries in log order.
 * @param options - the trusted head, or the `prev` of a partial log.
 * @returns what was found; `valid` is true only without problems.
 * @example
 * ```ts
 * import { chainEntries, GENESIS_HASH, verifyLog } from '@privkit/retention';
 *
 * const { entries } = chainEntries({ seq: -1, hash: GENESIS_HASH }, [
 *   { at: '2026-11-23T03:00:00.000Z', tenant: 'acme', worker: 'w1', kind: 'sweep', category: 'log', rule: 'logs-30d', ids: ['00112233445566778899aabbccddeeff'] },
 * ]);
 * const forged = entries.map((e) => ({ ...e, count: 0, ids: [] }));
 * verifyLog(forged).problems[0]?.code; // "HASH"
 * ```
 */
export function verifyLog(entries: Iterable<DeletionLogEntry>, options: VerifyLogOptions = {}): LogVerification {
  const problems: LogProblem[] = [];
  const byRule: Record<string, number> = {};
  let prev = options.prev ?? GENESIS_HASH;
  let expectedSeq: number | undefined = options.prev === undefined ? 0 : undefined;
  let index = 0;
  let deleted = 0;
  for (const e of entries) {
    const bad = malformed(e);
    if (bad !== undefined) {
      problems.push({ index, code: 'MALFORMED', message: `entry ${index}: ${bad}` });
      index++;
      continue;
    }
    if (expectedSeq !== undefined && e.seq !== expectedSeq) {
      problems.push({ index, code: 'SEQUENCE', message: `entry ${index}: seq ${e.seq}, expected ${expectedSeq}` });
    }
    if (e.prev !== prev)
      problems.push({ index, code: 'CHAIN', message: `entry ${index}: prev is not the hash of the entry before it` });
    if (e.count !== e.ids.length)
      problems.push({ index, code: 'COUNT', message: `entry ${index}: count ${e.count} but ${e.ids.length} ids` });
    if (entryHash(e) !== e.hash)
      problems.push({ index, code: 'HASH', message: `entry ${index}: content does not match its hash` });
    deleted += e.ids.length;
    byRule[e.rule] = (byRule[e.rule] ?? 0) + e.ids.length;
    prev = e.hash;
    expectedSeq = e.seq + 1;
    index++;
  }
  if (options.head !== undefined && options.head !== prev) {
    problems.push({
      index,
      code: 'HEAD',
      message: 'the last entry is not the expected head (entries removed from the end, or another log)',
    });
  }
  return { valid: problems.length === 0, problems, entries: index, head: prev, deleted, byRule };
}

/**
 * The entries of a log that record deleting `id`, found with the tenant's key: a data subject
 * or auditor can be shown that one record was erased, and when, without the log revealing any
 * other id.
 *
 * @param entries - the log.
 * @param hasher - the tenant's identifier hasher.
 * @param id - the record id.
 * @returns the matching entries (empty if it was never deleted).
 * @example
 * ```ts
 * import { chainEntries, createIdentifierHasher, findErasures, GENESIS_HASH } from '@privkit/retention';
 *
 * const ids = createIdentifierHasher(new Uint8Array(32).fill(7));
 * const { entries } = chainEntries({ seq: -1, hash: GENESIS_HASH }, [
 *   { at: '2026-11-23T03:00:00.000Z', tenant: 'acme', worker: 'w1', kind: 'sweep', category: 'log', rule: 'logs-30d', ids: [ids.hash('row-1')] },
 * ]);
 * findErasures(entries, ids, 'row-1')[0]?.at; // "2026-11-23T03:00:00.000Z"
 * ```
 */
export function findErasures(
  entries: Iterable<DeletionLogEntry>,
  hasher: IdentifierHasher,
  id: string,
): DeletionLogEntry[] {
  const h = hasher.hash(id);
  const found: DeletionLogEntry[] = [];
  for (const e of entries) if (e.ids.includes(h)) found.push(e);
  return found;
}
