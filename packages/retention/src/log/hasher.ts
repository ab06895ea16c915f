/**
 * @module
 * The keyed hash of a record id in the deletion log: HMAC-SHA-256 under the tenant's key over a
 * domain-separated id, truncated to 128 bits (RFC 2104 § 5), so the log holds no identifier and
 * cannot be matched against a list of guessed ids without the key. One id at a time in
 * JavaScript (two SHA-256 compressions for an id of up to 31 bytes), or a whole batch at once:
 * four ids per pass in WebAssembly SIMD lanes, sorted as numbers before they become text.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { raise } from '../errors.js';
import { batchHasher, type KeyStates } from '../internal/hmac-batch.js';
import { compress, padState } from '../internal/sha256.js';
import { sortedHashes } from '../internal/sorted-hashes.js';

/** Hashes record identifiers with a tenant's key. Prints as `[redacted]`. */
export interface IdentifierHasher {
  /**
   * The keyed hash of one identifier: 32 hex characters.
   * @param id - the record id.
   */
  hash(id: string): string;
  /**
   * The keyed hashes of many identifiers, in ascending order (as a log entry keeps them).
   * Optional: without it, the sweeper calls `hash` for each id and sorts.
   * @param ids - the record ids.
   */
  hashSorted?(ids: readonly string[]): string[];
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
 * @throws {@link RetentionError} `INVALID_ARGUMENT` when `key` is not a `Uint8Array` of at least 32 bytes.
 * @example
 * ```ts
 * import { createIdentifierHasher } from '@privkit/retention/log';
 *
 * const ids = createIdentifierHasher(crypto.getRandomValues(new Uint8Array(32)));
 * ids.hash('order-1042').length; // 32
 * ```
 */
export function createIdentifierHasher(key: Uint8Array): IdentifierHasher {
  if (!(key instanceof Uint8Array) || key.length < 32)
    throw raise('INVALID_ARGUMENT', 'key', '"key" must be a Uint8Array of at least 32 bytes');
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
  // The batch form (four ids at a time in WebAssembly) shares the key states, made on first use.
  let batch: ReturnType<typeof batchHasher> | undefined;
  const states: KeyStates = { inner: innerState, outer: outerState };
  const hasher: IdentifierHasher = {
    hashSorted(ids: readonly string[]): string[] {
      batch ??= batchHasher(states, true);
      return sortedHashes(batch, ids);
    },
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
  return Object.freeze(hasher);
}
