/**
 * @module
 * The batch identifier hasher: for every id, its four words are the first 16 bytes of
 * node:crypto's HMAC-SHA-256 over the domain-separated id and agree with
 * `createIdentifierHasher(key).hash(id)`, on the WebAssembly SIMD path (which Node 20 must
 * take) and on the forced JavaScript path, across the one-block boundary, non-ASCII ids, batch
 * sizes around the lane width and the 4096-id chunk, and key lengths either side of the block;
 * then the same as properties over random keys and ids; and the committed wasm is the assembly
 * of the committed WAT.
 */
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { renderWasmModule, WASM_TS_PATH } from '../scripts/build-wasm.mjs';
import { RetentionError } from '../src/index.js';
import { type BatchHasher, createBatchHasher } from '../src/internal/hmac-batch.js';
import { createIdentifierHasher } from '../src/log.js';

const DOMAIN = 'privkit/retention/id/v1\u0000';
const keyOf = (length: number) => new Uint8Array(length).map((_, i) => (i * 37 + length) & 0xff);
const KEYS = [32, 64, 100].map(keyOf);

/** The peer: node:crypto's HMAC, truncated to 128 bits, as 32 hex characters. */
const peer = (key: Uint8Array, id: string) =>
  createHmac('sha256', key).update(DOMAIN).update(id, 'utf8').digest('hex').slice(0, 32);

function hashAll(batch: BatchHasher, ids: readonly string[]): string[] {
  const out = new Int32Array(4 * ids.length);
  batch.hashInto(ids, out);
  return ids.map((_, i) =>
    Array.from(out.subarray(4 * i, 4 * i + 4), (v) => (v >>> 0).toString(16).padStart(8, '0')).join(''),
  );
}

/** The first id whose hash differs from node:crypto's or the identifier hasher's, if any. */
function firstMismatch(key: Uint8Array, batch: BatchHasher, ids: readonly string[]) {
  const got = hashAll(batch, ids);
  const one = createIdentifierHasher(key);
  for (let i = 0; i < ids.length; i++) {
    const want = peer(key, ids[i] as string);
    if (got[i] !== want || one.hash(ids[i] as string) !== want) return { index: i, id: ids[i], got: got[i], want };
  }
  return undefined;
}

const byteLength = (s: string) => new TextEncoder().encode(s).length;
// One block holds 31 bytes of id after the 24-byte domain and 9 bytes of padding.
const EDGES = [
  '',
  '1',
  '1234567',
  '9223372036854775807',
  'x'.repeat(31),
  'x'.repeat(32),
  'x'.repeat(55),
  'x'.repeat(56),
  'order-'.repeat(20),
  'é',
  `${'é'.repeat(15)}x`,
  'é'.repeat(16),
  '😀',
  `${'😀'.repeat(7)}abc`,
  `${'a'.repeat(28)}😀`,
  'ünïcødé ✓',
  '\ud800',
  `abc\udfff`,
  '\u0000',
  '\u007f\u0080',
  '日本語'.repeat(40),
];

describe('batch identifier hashes: known answers', () => {
  it('the edge ids have the byte lengths they are meant to test', () => {
    expect(byteLength('x'.repeat(31))).toBe(31);
    expect(byteLength(`${'é'.repeat(15)}x`)).toBe(31);
    expect(byteLength('é'.repeat(16))).toBe(32);
    expect(byteLength(`${'😀'.repeat(7)}abc`)).toBe(31);
    expect(byteLength(`${'a'.repeat(28)}😀`)).toBe(32);
  });

  it('use WebAssembly SIMD on Node 20, and JavaScript when told to', () => {
    expect(createBatchHasher(keyOf(32)).simd).toBe(true);
    expect(createBatchHasher(keyOf(32), { simd: false }).simd).toBe(false);
  });

  it('fall back to JavaScript, same answers, where compiling wasm from bytes throws (Workers, CSP)', async () => {
    vi.resetModules();
    const Module = vi.fn(() => {
      throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder');
    });
    vi.stubGlobal('WebAssembly', { ...WebAssembly, Module });
    try {
      // A fresh copy of the module, whose engine has not been tried yet.
      const fresh = (await import('../src/internal/hmac-batch.js')) as typeof import('../src/internal/hmac-batch.js');
      const key = keyOf(32);
      const batch = fresh.createBatchHasher(key);
      expect(batch.simd).toBe(false);
      expect(Module).toHaveBeenCalledTimes(1);
      expect(firstMismatch(key, batch, EDGES)).toBeUndefined();
      // The failure is remembered: no second attempt.
      fresh.createBatchHasher(key);
      expect(Module).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  for (const key of KEYS) {
    for (const simd of [true, false]) {
      it(
        `equal node:crypto and createIdentifierHasher for the edge ids (key ${key.length} bytes, ` +
          `${simd ? 'SIMD' : 'JavaScript'})`,
        () => {
          const batch = createBatchHasher(key, { simd });
          expect(firstMismatch(key, batch, EDGES)).toBeUndefined();
          // Each edge id in every lane of a group, between short ids.
          for (const id of EDGES)
            for (let lane = 0; lane < 4; lane++)
              expect(
                firstMismatch(key, batch, [...Array.from({ length: lane }, (_, i) => `${i}`), id, '42']),
              ).toBeUndefined();
        },
      );

      it(`equal node:crypto for batch sizes 0 to 10,000 (key ${key.length} bytes, ${simd ? 'SIMD' : 'JS'})`, () => {
        const batch = createBatchHasher(key, { simd });
        for (const n of [0, 1, 3, 4, 5, 4095, 4096, 4097, 10_000]) {
          // Decimal primary keys, the real workload, with an edge id every 997.
          const ids = Array.from({ length: n }, (_, i) =>
            i % 997 === 5 ? (EDGES[(i / 997) | 0] as string) : String(1_000_000 + 7 * i),
          );
          expect(firstMismatch(key, batch, ids)).toBeUndefined();
        }
      });
    }
  }

  it('write only their own words of `out`, and refuse a short `out`, a non-string id and a short key', () => {
    const batch = createBatchHasher(keyOf(32));
    const out = new Int32Array(4 * 3 + 2).fill(7);
    batch.hashInto(['1', '2', '3'], out);
    expect(Array.from(out.subarray(12))).toEqual([7, 7]);
    expect(() => batch.hashInto(['1', '2'], new Int32Array(7))).toThrow(RangeError);
    expect(() => batch.hashInto(['1', 2 as unknown as string], new Int32Array(8))).toThrow(TypeError);
    expect(() => createBatchHasher(new Uint8Array(16))).toThrow(RetentionError);
    // A batch that threw leaves the hasher working.
    expect(hashAll(batch, ['1'])).toEqual([peer(keyOf(32), '1')]);
  });

  it('stay correct when an id getter re-enters hashInto (the module memory is shared)', () => {
    const key = keyOf(32);
    const batch = createBatchHasher(key);
    const other = createBatchHasher(keyOf(64));
    const ids = ['1', '2', '3', '4', '5'];
    let nested: string[] = [];
    Object.defineProperty(ids, 2, {
      get: () => {
        nested = hashAll(other, ['9', '10']);
        return '3';
      },
    });
    expect(hashAll(batch, ids)).toEqual(['1', '2', '3', '4', '5'].map((id) => peer(key, id)));
    expect(nested).toEqual(['9', '10'].map((id) => peer(keyOf(64), id)));
  });
});

describe('hashSorted of a hasher made by createIdentifierHasher', () => {
  it('gives the keyed hashes sorted, as hashing one at a time and sorting does', () => {
    const key = keyOf(64);
    const hasher = createIdentifierHasher(key);
    const ids = [...EDGES, '3', '1', '2'];
    expect(hasher.hashSorted?.(ids)).toEqual(ids.map((id) => peer(key, id)).sort());
  });

  it('keeps the key out of everything printable', () => {
    const key = new Uint8Array(32).fill(0xab);
    const hasher = createIdentifierHasher(key);
    hasher.hashSorted?.(['1', '2']);
    expect(Object.keys(hasher).sort()).toEqual(['hash', 'hashSorted']);
    expect(JSON.stringify(hasher)).toBe('"[redacted]"');
    const batch = createBatchHasher(key);
    expect(Object.keys(batch).sort()).toEqual(['hashInto', 'simd']);
    expect(JSON.stringify(batch)).toBe('{"simd":true}');
  });
});

describe('batch identifier hashes: properties', () => {
  const id = fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String),
    fc.string({ unit: 'binary', maxLength: 40 }),
    // Any UTF-16 code units, lone surrogates included (UTF-8 encodes them as U+FFFD).
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 35 }),
  );

  it('property: SIMD path == JavaScript path == node:crypto for any key and ids', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 100 }), fc.array(id, { maxLength: 40 }), (key, ids) => {
        const simd = hashAll(createBatchHasher(key), ids);
        expect(simd).toEqual(hashAll(createBatchHasher(key, { simd: false }), ids));
        expect(simd).toEqual(ids.map((i) => peer(key, i)));
      }),
      { numRuns: 300 },
    );
  });

  it('property: batches across the 4096-id chunk agree with node:crypto', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 100 }),
        fc.array(id, { minLength: 4090, maxLength: 4200 }),
        (key, ids) => {
          expect(firstMismatch(key, createBatchHasher(key), ids)).toBeUndefined();
        },
      ),
      { numRuns: 5 },
    );
  });
});

describe('the WebAssembly module', () => {
  it('committed sha256x4.wasm.ts is the assembly of the committed sha256x4.wat', async () => {
    expect(readFileSync(WASM_TS_PATH, 'utf8')).toBe(await renderWasmModule());
  });

  it('src imports nothing from node: (the package runs in browsers and edge runtimes)', () => {
    const src = join(import.meta.dirname, '../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    // Static imports at the start of a line (doc examples sit behind ` * `), and dynamic ones.
    for (const f of files)
      expect(readFileSync(join(src, f), 'utf8'), f).not.toMatch(
        /^\s*(import|export)\b[^\n]*['"]node:|\bimport\(\s*['"]node:/m,
      );
  });
});
