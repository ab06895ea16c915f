/**
 * @module
 * HMAC-SHA-256 (RFC 2104) and HKDF-SHA-256 (RFC 5869) on `@noble/hashes`' SHA-256, shaped for
 * the hot path: the keyed inner and outer states are computed once per day and tenant (with the
 * message prefix already absorbed) and cloned into reused work states for each id, so an id
 * costs only the compressions of its own bytes and the outer block.
 *
 * Why not `@noble/hashes/hmac.js` and `hkdf.js`: they do the same thing with general-purpose
 * checks and a general-length HKDF loop, ≈ 1 KB gzipped more in every bundle, and this package
 * has a 6 KB budget. The known-answer tests check both functions against `node:crypto`
 * (createHmac, hkdfSync) and WebCrypto (HMAC, HKDF) on every vector.
 */

import { type _SHA256, sha256 } from '@noble/hashes/sha2.js';

const BLOCK = 64;

/** A keyed HMAC-SHA-256 state that can absorb a fixed prefix and then MAC many messages. */
export class KeyedSha256 {
  readonly #inner: _SHA256;
  readonly #outer: _SHA256;
  #workInner: _SHA256 | undefined;
  #workOuter: _SHA256 | undefined;

  constructor(key: Uint8Array) {
    // RFC 2104 §2: a key longer than the block is hashed first, then zero-padded to the block.
    const pad = new Uint8Array(BLOCK);
    pad.set(key.length > BLOCK ? sha256(key) : key);
    for (let i = 0; i < BLOCK; i++) pad[i] = (pad[i] as number) ^ 0x36;
    this.#inner = sha256.create().update(pad);
    for (let i = 0; i < BLOCK; i++) pad[i] = (pad[i] as number) ^ 0x36 ^ 0x5c;
    this.#outer = sha256.create().update(pad);
    pad.fill(0);
  }

  /** Absorbs `prefix` into the keyed inner state (once, before any `macInto`). */
  absorb(prefix: Uint8Array): this {
    this.#inner.update(prefix);
    return this;
  }

  /** Writes HMAC(key, prefix ‖ message) into `out[0..32)`. */
  macInto(message: Uint8Array, out: Uint8Array): void {
    const inner = this.#inner._cloneInto(this.#workInner);
    this.#workInner = inner;
    inner.update(message).digestInto(out);
    const outer = this.#outer._cloneInto(this.#workOuter);
    this.#workOuter = outer;
    outer.update(out.subarray(0, 32)).digestInto(out);
  }

  /** Zeroes every state. */
  destroy(): void {
    for (const state of [this.#inner, this.#outer, this.#workInner, this.#workOuter]) state?.destroy();
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
