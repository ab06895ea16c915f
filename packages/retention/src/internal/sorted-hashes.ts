/**
 * @module
 * The keyed hashes of a batch of ids in the order a log entry keeps them (ascending hex), from
 * one call into the batch hasher: sorted as numbers, turned into text once, and their JSON
 * remembered so the entry is not serialised id by id again.
 */

import { withIdsJson } from '../log/entry.js';
import type { BatchHasher } from './hmac-batch.js';

const HEX_PAIRS = /* @__PURE__ */ Uint8Array.from({ length: 512 }, (_, i) =>
  '0123456789abcdef'.charCodeAt(i % 2 === 0 ? (i >> 1) >> 4 : (i >> 1) & 0xf),
);
const decoder = /* @__PURE__ */ new TextDecoder();
/** 2^20: batches hold at most 100,000 ids, so an index fits below the first word in a float64 key. */
const INDEX_SPAN = 1_048_576;

/**
 * The keyed hashes of `ids`, as 32-hex-digit strings in the ascending order a log entry keeps
 * them: hashed in one batch call, sorted as numbers (the first word and the index packed into a
 * float64, which a typed array sorts natively, then ties on the first word by the other three),
 * and only then turned into strings.
 */
export function sortedHashes(batch: BatchHasher, ids: readonly string[]): string[] {
  const n = ids.length;
  const words = new Int32Array(4 * n);
  batch.hashInto(ids, words);
  if (n >= INDEX_SPAN) return hexOf(words, n).sort();
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = ((words[4 * i] as number) >>> 0) * INDEX_SPAN + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = (keys[i] as number) % INDEX_SPAN;
  // Equal first words (about one pair in 2^32 / n): insertion-sort the run by the other words.
  for (let i = 1; i < n; i++) {
    if (words[4 * (order[i] as number)] !== words[4 * (order[i - 1] as number)]) continue;
    for (
      let j = i;
      j > 0 &&
      words[4 * (order[j] as number)] === words[4 * (order[j - 1] as number)] &&
      greater(words, order[j - 1] as number, order[j] as number);
      j--
    ) {
      const t = order[j] as number;
      order[j] = order[j - 1] as number;
      order[j - 1] = t;
    }
  }
  // The ids' JSON (`"h1","h2",…`) written as bytes and decoded once, and each id a slice of it:
  // one string for the batch instead of sixteen concatenations per id.
  const text = new Uint8Array(n * 35);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const at = 4 * (order[i] as number);
    text[p++] = 0x22;
    for (let k = at; k < at + 4; k++) {
      const v = words[k] as number;
      for (let shift = 24; shift >= 0; shift -= 8) {
        const b = 2 * ((v >>> shift) & 0xff);
        text[p++] = HEX_PAIRS[b] as number;
        text[p++] = HEX_PAIRS[b + 1] as number;
      }
    }
    text[p++] = 0x22;
    text[p++] = 0x2c;
  }
  const json = decoder.decode(text.subarray(0, Math.max(0, p - 1)));
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = json.slice(35 * i + 1, 35 * i + 33);
  return withIdsJson(out, json);
}

/** Whether hash `a` is above hash `b` in words 1–3 (unsigned). */
function greater(words: Int32Array, a: number, b: number): boolean {
  for (let k = 1; k < 4; k++) {
    const x = (words[4 * a + k] as number) >>> 0;
    const y = (words[4 * b + k] as number) >>> 0;
    if (x !== y) return x > y;
  }
  return false;
}

/** The hashes of `n` ids as hex, in the order they were hashed (for batches past the packed sort). */
function hexOf(words: Int32Array, n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let hex = '';
    for (let k = 4 * i; k < 4 * i + 4; k++) hex += ((words[k] as number) >>> 0).toString(16).padStart(8, '0');
    out[i] = hex;
  }
  return out;
}
