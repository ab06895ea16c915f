/**
 * @module
 * Identifier hashing throughput, µs per id, on the sweeper's real workload: 1,000,000 bigint
 * primary keys as decimal text ("1000000", "1000007", …) in batches of 5,000. Ours: the
 * per-id `createIdentifierHasher(key).hash` (JavaScript, one block per id), the batch hasher on
 * WebAssembly SIMD (four ids per lane group) and the batch hasher forced onto its JavaScript
 * path. The peer: node:crypto's `createHmac` per id (OpenSSL, native, SHA extensions where the
 * CPU has them). Each figure is the best of three timed passes after a warm-up pass.
 * Run: `npx tsx bench/hasher.bench.ts`.
 */
import { createHmac } from 'node:crypto';
import { createBatchHasher } from '../src/internal/hmac-batch.js';
import { createIdentifierHasher } from '../src/log.js';

const N = 1_000_000;
const BATCH = 5_000;
const KEY = new Uint8Array(32).map((_, i) => (i * 131 + 7) & 0xff);
const DOMAIN = 'privkit/retention/id/v1\u0000';
const ids = Array.from({ length: N }, (_, i) => String(1_000_000 + 7 * i));
const batches: string[][] = [];
for (let i = 0; i < N; i += BATCH) batches.push(ids.slice(i, i + BATCH));

let sink = 0;

/** Best of three passes over all ids, after one warm-up pass: µs per id. */
function perId(label: string, pass: () => void): number {
  pass();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    pass();
    best = Math.min(best, performance.now() - start);
  }
  const us = (best * 1000) / N;
  console.log(`${label}: ${us.toFixed(3)} µs/id`);
  return us;
}

const hasher = createIdentifierHasher(KEY);
const perIdJs = perId('createIdentifierHasher(key).hash, per id (JavaScript)', () => {
  for (const id of ids) sink ^= hasher.hash(id).charCodeAt(0);
});

const out = new Int32Array(4 * BATCH);
const simd = createBatchHasher(KEY);
if (!simd.simd) console.log('(WebAssembly SIMD is unavailable here: the "SIMD" row is the JavaScript path)');
const batchSimd = perId(`batch hasher, WebAssembly SIMD, batches of ${BATCH.toLocaleString('en')}`, () => {
  for (const batch of batches) {
    simd.hashInto(batch, out);
    sink ^= out[0] as number;
  }
});

const js = createBatchHasher(KEY, { simd: false });
const batchJs = perId(`batch hasher, JavaScript fallback, batches of ${BATCH.toLocaleString('en')}`, () => {
  for (const batch of batches) {
    js.hashInto(batch, out);
    sink ^= out[0] as number;
  }
});

const peer = perId('peer: node:crypto createHmac per id', () => {
  for (const id of ids) sink ^= createHmac('sha256', KEY).update(DOMAIN).update(id).digest()[0] as number;
});

console.log(
  `ratio ours/peer (time per id; < 1 is faster): per-id JS ${(perIdJs / peer).toFixed(3)}×, ` +
    `batch SIMD ${(batchSimd / peer).toFixed(3)}×, batch JS ${(batchJs / peer).toFixed(3)}×`,
);
console.log(`speed-up of batch SIMD over per-id JS: ${(perIdJs / batchSimd).toFixed(2)}×`);
if (sink === 0.5) console.log(sink); // keeps the results observable
