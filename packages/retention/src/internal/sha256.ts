/**
 * @module
 * The SHA-256 compression function (FIPS 180-4 § 6.2.2) on 32-bit words, shared by the
 * identifier hasher's one-block fast path (`log.ts`) and the batch hasher's JavaScript path
 * (`hmac-batch.ts`). Internal: no input checks, words in and words out, no allocation per call,
 * so hashing a short id costs two calls and nothing else.
 */

// FIPS 180-4 § 4.2.2: the round constants.
const K = /* @__PURE__ */ Int32Array.from(
  (
    '428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 ' +
    'd807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174 ' +
    'e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da ' +
    '983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967 ' +
    '27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85 ' +
    'a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070 ' +
    '19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 ' +
    '748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2'
  )
    .split(' ')
    .map((h) => Number.parseInt(h, 16) | 0),
);
// FIPS 180-4 § 5.3.3: the initial hash value.
const IV = /* @__PURE__ */ Int32Array.from(
  '6a09e667 bb67ae85 3c6ef372 a54ff53a 510e527f 9b05688c 1f83d9ab 5be0cd19'
    .split(' ')
    .map((h) => Number.parseInt(h, 16) | 0),
);

/**
 * One SHA-256 compression of the 16 words in `w[0..15]` from state `from` into state `to`.
 *
 * @param from - the state before the block (8 words).
 * @param w - the block's words, big-endian, with room for 64: `w[16..63]` is overwritten.
 * @param to - receives the state after the block; may be `from`.
 * @example
 * ```ts
 * // Internal; not part of the public package.
 * const state = new Int32Array(8);
 * compress(state, new Int32Array(64), state);
 * ```
 */
export function compress(from: Int32Array, w: Int32Array, to: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15] as number;
    const b = w[t - 2] as number;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) | 0;
  }
  let a = from[0] as number;
  let b = from[1] as number;
  let c = from[2] as number;
  let d = from[3] as number;
  let e = from[4] as number;
  let f = from[5] as number;
  let g = from[6] as number;
  let h = from[7] as number;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (K[t] as number) + (w[t] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  to[0] = (from[0] as number) + a;
  to[1] = (from[1] as number) + b;
  to[2] = (from[2] as number) + c;
  to[3] = (from[3] as number) + d;
  to[4] = (from[4] as number) + e;
  to[5] = (from[5] as number) + f;
  to[6] = (from[6] as number) + g;
  to[7] = (from[7] as number) + h;
}

/**
 * The SHA-256 state after one 64-byte block from the initial value: for HMAC, the keyed state
 * after a key pad (RFC 2104 § 2), computed once per key and then reused for every message.
 *
 * @param pad - the 64-byte block.
 * @param w - scratch of 64 words; left holding the pad's schedule, so the caller zeroes it.
 * @returns the 8-word state.
 * @example
 * ```ts
 * // Internal; not part of the public package.
 * padState(new Uint8Array(64).fill(0x36), new Int32Array(64)).length; // 8
 * ```
 */
export function padState(pad: Uint8Array, w: Int32Array): Int32Array {
  for (let i = 0; i < 16; i++)
    w[i] =
      ((pad[4 * i] as number) << 24) |
      ((pad[4 * i + 1] as number) << 16) |
      ((pad[4 * i + 2] as number) << 8) |
      (pad[4 * i + 3] as number);
  const state = new Int32Array(8);
  compress(IV, w, state);
  return state;
}
