/**
 * @module
 * HMAC-SHA-256 (RFC 2104) and HKDF-SHA-256 (RFC 5869) on this package's SHA-256 (`sha256.ts`),
 * shaped for the hot path: the keyed inner and outer chaining values are computed once per day
 * and tenant (with the message prefix's whole blocks already absorbed) and copied into one reused
 * work state for each id, so an id costs only the compressions of its own bytes and the outer
 * block, and allocates nothing.
 *
 * Why not `@noble/hashes`' `hmac.js` and `hkdf.js`: they do the same thing with general-purpose
 * checks, a general-length HKDF loop and a state clone per message, ≈ 1 KB gzipped more in every
 * bundle. `test/sha256.test.ts` checks both against `node:crypto` (createHmac, hkdfSync) on
 * random keys, prefixes (absorbed in one call or several) and messages; `test/vectors.test.ts`
 * checks the ids against WebCrypto's HMAC and HKDF.
 */

import { compress, digestInto, IV, pad, sha256 } from './sha256.js';

const BLOCK = 64;

/** A keyed HMAC-SHA-256 state that can absorb a fixed prefix and then MAC many messages. */
export class KeyedSha256 {
  /** The chaining value after the key's inner block and every whole block of the prefix. */
  readonly #inner = new Uint32Array(8);
  /** The chaining value after the key's outer block. */
  readonly #outer = new Uint32Array(8);
  /** The prefix's bytes after its last whole block; the bytes the inner hash has had (key block included). */
  #head: Uint8Array = new Uint8Array(0);
  #absorbed = BLOCK;
  /** Scratch: the work state and the padded message, reused by every `macInto`. */
  readonly #work = new Uint32Array(8);
  #buffer = new Uint8Array(2 * BLOCK + 8);

  constructor(key: Uint8Array) {
    // RFC 2104 §2: a key longer than the block is hashed first, then zero-padded to the block.
    const block = new Uint8Array(BLOCK);
    block.set(key.length > BLOCK ? sha256(key) : key);
    for (let i = 0; i < BLOCK; i++) block[i] = (block[i] as number) ^ 0x36;
    this.#inner.set(IV);
    compress(this.#inner, block, BLOCK);
    for (let i = 0; i < BLOCK; i++) block[i] = (block[i] as number) ^ 0x36 ^ 0x5c;
    this.#outer.set(IV);
    compress(this.#outer, block, BLOCK);
    block.fill(0);
  }

  /** Absorbs `prefix` into the keyed inner state (before any `macInto`; several calls concatenate). */
  absorb(prefix: Uint8Array): this {
    const all = new Uint8Array(this.#head.length + prefix.length);
    all.set(this.#head);
    all.set(prefix, this.#head.length);
    const whole = all.length - (all.length % BLOCK);
    compress(this.#inner, all, whole);
    this.#head.fill(0);
    this.#head = all.slice(whole);
    // The carried-over head was counted when it was absorbed: only the new bytes are added.
    this.#absorbed += prefix.length;
    all.fill(0);
    return this;
  }

  /** Writes HMAC(key, prefix ‖ message) into `out[0..32)`. */
  macInto(message: Uint8Array, out: Uint8Array): void {
    const head = this.#head;
    const used = head.length + message.length;
    let buffer = this.#buffer;
    if (buffer.length < used + 72) {
      buffer.fill(0);
      buffer = new Uint8Array(used + 72 + BLOCK);
      this.#buffer = buffer;
    }
    buffer.set(head);
    buffer.set(message, head.length);
    const work = this.#work;
    work.set(this.#inner);
    compress(work, buffer, pad(buffer, used, this.#absorbed + message.length));
    // The outer hash: the key's outer block, then the inner digest (RFC 2104 §2).
    digestInto(work, buffer);
    work.set(this.#outer);
    compress(work, buffer, pad(buffer, 32, BLOCK + 32));
    digestInto(work, out);
    buffer.fill(0, 0, used + 72);
    work.fill(0);
  }

  /** Zeroes every state. */
  destroy(): void {
    for (const words of [this.#inner, this.#outer, this.#work]) words.fill(0);
    this.#head.fill(0);
    this.#buffer.fill(0);
  }
}

/** HMAC-SHA-256 of one message. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  const mac = new KeyedSha256(key);
  mac.macInto(message, out);
  mac.destroy();
  return out;
}

/** HKDF-SHA-256 with a 32-byte output: Extract (§2.2), then the one Expand block T(1) (§2.3). */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array): Uint8Array {
  const prk = hmacSha256(salt, ikm);
  const block = new Uint8Array(info.length + 1);
  block.set(info);
  block[info.length] = 1;
  const okm = hmacSha256(prk, block);
  prk.fill(0);
  return okm;
}
