/**
 * @module
 * Batch identifier hashing: the same keyed hash as `createIdentifierHasher` (HMAC-SHA-256 over
 * the domain-separated id, truncated to 128 bits, RFC 2104), for many ids at once. Ids that fit
 * the one-block fast path (up to 31 UTF-8 bytes: every bigint primary key as text) are hashed
 * four at a time in WebAssembly SIMD lanes (`sha256x4.wat`): 0.22 µs per id against 1.27 µs one
 * at a time in JavaScript (1,000,000 decimal ids, Node 20, AMD EPYC Zen 3; bench/hasher.bench.ts).
 * Longer ids, and every id where WebAssembly or its SIMD is unavailable (Cloudflare Workers
 * refuse to compile wasm from bytes, old Safari lacks SIMD, a CSP without `wasm-unsafe-eval`),
 * take the JavaScript path and give the same answers.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { raise } from '../errors.js';
import { compress, padState } from './sha256.js';
import { SHA256X4_WASM_BASE64 } from './sha256x4.wasm.js';

/**
 * Hashes many ids at once; `out[4*i .. 4*i+3]` = the first four big-endian 32-bit words (as
 * int32) of HMAC-SHA-256(key, DOMAIN || utf8(ids[i])).
 */
export interface BatchHasher {
  /**
   * Hashes `ids` into `out`.
   * @param ids - the record ids.
   * @param out - receives four words per id; at least `4 * ids.length` long.
   * @throws TypeError when an id is not a string; RangeError when `out` is too short.
   */
  hashInto(ids: readonly string[], out: Int32Array): void;
  /** True when short ids are hashed in WebAssembly SIMD, false on the JavaScript path. */
  readonly simd: boolean;
}

/** Internal options of {@link createBatchHasher}. */
export interface BatchHasherOptions {
  /** False forces the JavaScript path (tests, benchmarks); default: SIMD where available. */
  simd?: boolean | undefined;
}

const BLOCK = 64;
// 'privkit/retention/id/v1\0', the domain of log.ts, as big-endian words: exactly six, so the
// id starts at word 6 of the first block.
const DOMAIN_WORDS = [0x70726976, 0x6b69742f, 0x72657465, 0x6e74696f, 0x6e2f6964, 0x2f763100];
const DOMAIN_LENGTH = 24;
/** Ids up to this many UTF-8 bytes fit, after the domain and SHA-256 padding, in one block. */
const ONE_BLOCK = BLOCK - DOMAIN_LENGTH - 9;

// The WebAssembly memory layout of sha256x4.wat (byte offsets; see its header).
const INNER_STATE = 256;
const OUTER_STATE = 288;
/** End of the splatted key states: 256 .. this is zeroed after every call. */
const KEY_SCRATCH_END = 1280;
const INPUT = 4096;
/** Ids per call into WebAssembly: bounds its memory (6 pages) however large the batch. */
const CHUNK = 4096;
const OUTPUT = INPUT + CHUNK * BLOCK;
const MEMORY_BYTES = OUTPUT + CHUNK * 16;

interface Engine {
  /** The module's memory as words; it never grows after setup, so this view stays valid. */
  words: Int32Array;
  hmac: (input: number, output: number, groups: number) => void;
}

/** undefined: not tried yet; null: unavailable here. */
let engine: Engine | null | undefined;
/** True while a call is using the engine's memory. */
let busy = false;

/** The shared SIMD engine, instantiated on first use (never at import), or null. */
function simdEngine(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  try {
    if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
    const text = atob(SHA256X4_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    // Synchronous on purpose: the module compiles in well under a millisecond, hashing stays a
    // synchronous call, and at under 4 KB it is within what Chrome has ever allowed a
    // synchronous compile on the main thread. An engine without SIMD rejects the module here.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const memory = instance.exports['memory'] as WebAssembly.Memory;
    const pages = Math.ceil(MEMORY_BYTES / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages);
    const words = new Int32Array(memory.buffer);
    // The domain (words 0..5) and word 14 (always zero: a one-block id ends by byte 55) of every
    // input block never change: the domain is written once here, word 14 is never written.
    for (let group = 0; group < CHUNK / 4; group++) {
      const base = (INPUT >> 2) + group * 64;
      for (let t = 0; t < 6; t++) words.fill(DOMAIN_WORDS[t] as number, base + 4 * t, base + 4 * t + 4);
    }
    engine = { words, hmac: instance.exports['hmac'] as Engine['hmac'] };
  } catch {
    // No WebAssembly, no SIMD, or compiling from bytes forbidden: the JavaScript path.
  }
  return engine;
}

/** The key states (RFC 2104 § 2: the SHA-256 states after the inner and outer pads). */
export interface KeyStates {
  inner: Int32Array;
  outer: Int32Array;
}

function keyStates(key: Uint8Array): KeyStates {
  if (!(key instanceof Uint8Array) || key.length < 32)
    throw raise('INVALID_ARGUMENT', 'key', '"key" must be a Uint8Array of at least 32 bytes');
  const pad = new Uint8Array(BLOCK);
  // RFC 2104 § 3: a key longer than the block is hashed first.
  const hashed = key.length > BLOCK ? sha256(key) : undefined;
  pad.set(hashed ?? key);
  hashed?.fill(0);
  const w = new Int32Array(64);
  for (let i = 0; i < BLOCK; i++) pad[i] = (pad[i] as number) ^ 0x36;
  const inner = padState(pad, w);
  for (let i = 0; i < BLOCK; i++) pad[i] = (pad[i] as number) ^ 0x36 ^ 0x5c;
  const outer = padState(pad, w);
  // The pads and their schedule are the key in all but name.
  pad.fill(0);
  w.fill(0);
  return { inner, outer };
}

/** Builds a batch hasher over key states; the states are held in this closure only. */
export function batchHasher({ inner, outer }: KeyStates, useSimd: boolean): BatchHasher {
  const simd = useSimd ? simdEngine() : null;
  const encoder = new TextEncoder();
  const w = new Int32Array(64);
  const state = new Int32Array(8);
  // DOMAIN || utf8(id) || SHA-256 padding, for the JavaScript path; grows for long ids.
  let message = new Uint8Array(256);
  for (let t = 0; t < 6; t++) {
    const v = DOMAIN_WORDS[t] as number;
    message.set([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff], 4 * t);
  }
  const short = new Uint8Array(3 * ONE_BLOCK);

  /** Hashes `id` on the JavaScript path into `out[o .. o+3]`: any length, two or more compressions. */
  function hashJs(id: string, out: Int32Array, o: number): void {
    if (message.length < DOMAIN_LENGTH + 3 * id.length + BLOCK) {
      const bigger = new Uint8Array(DOMAIN_LENGTH + 3 * id.length + BLOCK);
      bigger.set(message.subarray(0, DOMAIN_LENGTH));
      message = bigger;
    }
    let m = DOMAIN_LENGTH;
    let k = 0;
    for (; k < id.length; k++) {
      const c = id.charCodeAt(k);
      if (c > 0x7f) break;
      message[m++] = c;
    }
    if (k < id.length) m += encoder.encodeInto(id.slice(k), message.subarray(m)).written;
    // FIPS 180-4 § 5.1.1 after the 64-byte inner pad: 0x80, zeros, the length in bits (64-bit).
    const padded = Math.ceil((m + 9) / BLOCK) * BLOCK;
    message[m] = 0x80;
    message.fill(0, m + 1, padded - 8);
    const bits = (BLOCK + m) * 8;
    const high = Math.floor(bits / 2 ** 32);
    const low = bits >>> 0;
    message.set(
      [
        high >>> 24,
        (high >>> 16) & 0xff,
        (high >>> 8) & 0xff,
        high & 0xff,
        low >>> 24,
        (low >>> 16) & 0xff,
        (low >>> 8) & 0xff,
        low & 0xff,
      ],
      padded - 8,
    );
    state.set(inner);
    for (let b = 0; b < padded; b += BLOCK) {
      for (let t = 0; t < 16; t++) {
        const j = b + 4 * t;
        w[t] =
          ((message[j] as number) << 24) |
          ((message[j + 1] as number) << 16) |
          ((message[j + 2] as number) << 8) |
          (message[j + 3] as number);
      }
      compress(state, w, state);
    }
    for (let t = 0; t < 8; t++) w[t] = state[t] as number;
    w[8] = 0x80000000 | 0;
    w.fill(0, 9, 15);
    w[15] = (BLOCK + 32) * 8;
    compress(outer, w, state);
    out[o] = state[0] as number;
    out[o + 1] = state[1] as number;
    out[o + 2] = state[2] as number;
    out[o + 3] = state[3] as number;
  }

  function check(ids: readonly string[], out: Int32Array): void {
    if (!Array.isArray(ids)) throw new TypeError('"ids" must be an array of strings');
    if (!(out instanceof Int32Array) || out.length < 4 * ids.length)
      throw new RangeError('"out" must be an Int32Array of at least 4 words per id');
  }

  function hashIntoJs(ids: readonly string[], out: Int32Array): void {
    check(ids, out);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (typeof id !== 'string') throw new TypeError(`"ids[${i}]" is not a string`);
      hashJs(id, out, 4 * i);
    }
  }

  function hashIntoSimd(ids: readonly string[], out: Int32Array, { words, hmac }: Engine): void {
    check(ids, out);
    // The module's memory is shared by every batch hasher; an id array whose element getter
    // re-entered hashInto would clobber a chunk being filled, so a nested call takes the
    // JavaScript path instead.
    if (busy) {
      hashIntoJs(ids, out);
      return;
    }
    busy = true;
    const long: number[] = [];
    try {
      for (let start = 0; start < ids.length; start += CHUNK) {
        const count = Math.min(CHUNK, ids.length - start);
        long.length = 0;
        for (let i = 0; i < count; i++) {
          const id = ids[start + i];
          if (typeof id !== 'string') throw new TypeError(`"ids[${start + i}]" is not a string`);
          const n = id.length;
          // UTF-8 is never shorter than UTF-16, so a longer string cannot fit one block.
          if (n > ONE_BLOCK) {
            long.push(i);
            continue;
          }
          // Word t of this id's block is at base + 4t (lanes interleaved; see sha256x4.wat).
          const base = (INPUT >> 2) + (i >> 2) * 64 + (i & 3);
          let p = base + 24;
          let acc = 0;
          let k = 0;
          for (; k < n; k++) {
            const c = id.charCodeAt(k);
            if (c > 0x7f) break;
            acc = (acc << 8) | c;
            if ((k & 3) === 3) {
              words[p] = acc;
              p += 4;
              acc = 0;
            }
          }
          let length = n;
          if (k < n) {
            // Non-ASCII: pack its UTF-8 instead, if that still fits one block.
            length = encoder.encodeInto(id, short).written;
            if (length > ONE_BLOCK) {
              long.push(i);
              continue;
            }
            p = base + 24;
            acc = 0;
            for (k = 0; k < length; k++) {
              acc = (acc << 8) | (short[k] as number);
              if ((k & 3) === 3) {
                words[p] = acc;
                p += 4;
                acc = 0;
              }
            }
          }
          // 0x80 after the id, zeros to word 13, the length in bits in word 15 (< 2^16).
          words[p] = ((acc << 8) | 0x80) << (8 * (3 - (length & 3)));
          for (p += 4; p < base + 56; p += 4) words[p] = 0;
          words[base + 60] = (BLOCK + DOMAIN_LENGTH + length) * 8;
        }
        words.set(inner, INNER_STATE >> 2);
        words.set(outer, OUTER_STATE >> 2);
        // Lanes past `count` in the last group, and those of long ids, hash stale blocks; their
        // output is not read (long ids are hashed next, in JavaScript).
        hmac(INPUT, OUTPUT, (count + 3) >> 2);
        out.set(words.subarray(OUTPUT >> 2, (OUTPUT >> 2) + 4 * count), 4 * start);
        for (const i of long) hashJs(ids[start + i] as string, out, 4 * (start + i));
      }
    } finally {
      // The key states (and their splatted copies) stay in this closure, not in the shared
      // module's memory between calls.
      words.fill(0, INNER_STATE >> 2, KEY_SCRATCH_END >> 2);
      busy = false;
    }
  }

  return Object.freeze({
    simd: simd !== null,
    hashInto:
      simd === null
        ? hashIntoJs
        : (ids: readonly string[], out: Int32Array): void => {
            hashIntoSimd(ids, out, simd);
          },
  });
}

/**
 * A batch hasher for a tenant's key: the same hashes as `createIdentifierHasher(key)`, as words.
 *
 * @param key - at least 32 random bytes, one per tenant.
 * @param options - internal: `{ simd: false }` forces the JavaScript path.
 * @returns the batch hasher.
 * @throws {@link RetentionError} `INVALID_ARGUMENT` for a key shorter than 32 bytes.
 * @example
 * ```ts
 * // Internal; identifier hashers build theirs with batchHasher.
 * const batch = createBatchHasher(crypto.getRandomValues(new Uint8Array(32)));
 * const out = new Int32Array(8);
 * batch.hashInto(['1', '2'], out);
 * ```
 */
export function createBatchHasher(key: Uint8Array, options: BatchHasherOptions = {}): BatchHasher {
  return batchHasher(keyStates(key), options.simd !== false);
}
