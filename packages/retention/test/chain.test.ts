/**
 * @module
 * The store's fast paths give the bytes of the public ones: `chainEntriesFast` (WebCrypto
 * SHA-256, ids serialised once) chains exactly as `chainEntries` does, with or without
 * WebCrypto; `sortedHashes` orders a batch's keyed hashes as strings sort, including hashes
 * whose first 32 bits are equal and words with the sign bit set.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BatchHasher, createBatchHasher } from '../src/internal/hmac-batch.js';
import { sortedHashes } from '../src/internal/sorted-hashes.js';
import { chainEntriesFast as chainWithBodies } from '../src/log/chain.js';
import { entryLine, lineOf } from '../src/log/entry.js';
import { chainEntries, createIdentifierHasher, type DeletionDraft, GENESIS_HASH } from '../src/log.js';
import { verifyLog } from '../src/verify.js';

const KEY = new Uint8Array(32).fill(5);
const hasher = createIdentifierHasher(KEY);
const batch = createBatchHasher(KEY);

const draft = (ids: string[], rule = 'logs-30d'): DeletionDraft => ({
  at: '2026-11-23T03:00:00.000Z',
  tenant: 'acme',
  worker: 'w1',
  kind: 'sweep',
  category: 'log',
  rule,
  ids,
});

/** The fast chain's entries, and each one's stored line rebuilt from its body. */
async function chainEntriesFast(head: { seq: number; hash: string }, drafts: DeletionDraft[]) {
  const fast = await chainWithBodies(head, drafts);
  return {
    head: fast.head,
    entries: fast.chained.map((c) => c.entry),
    lines: fast.chained.map((c) => entryLine(c.entry.seq, c.entry.prev, c.body, c.entry.hash)),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('chainEntriesFast', () => {
  it('gives the entries chainEntries gives, and each line is JSON.stringify of its entry', async () => {
    const drafts = [
      draft(['ffff0000ffff0000ffff0000ffff0000', '00112233445566778899aabbccddeeff']),
      draft([], 'other'),
      draft([hasher.hash('é')]),
    ];
    for (const head of [
      { seq: -1, hash: GENESIS_HASH },
      { seq: 41, hash: 'a'.repeat(64) },
    ]) {
      const fast = await chainEntriesFast(head, drafts);
      const slow = chainEntries(head, drafts);
      expect(fast.entries).toEqual(slow.entries);
      expect(fast.head).toEqual(slow.head);
      expect(fast.lines).toEqual(slow.entries.map((e) => JSON.stringify(e)));
    }
  });

  it('without WebCrypto (an insecure browser context) it hashes in JavaScript, to the same entries', async () => {
    vi.stubGlobal('crypto', undefined);
    const drafts = [draft([hasher.hash('1'), hasher.hash('2')])];
    const fast = await chainEntriesFast({ seq: -1, hash: GENESIS_HASH }, drafts);
    expect(fast.entries).toEqual(chainEntries({ seq: -1, hash: GENESIS_HASH }, drafts).entries);
  });

  it('each entry line is the canonical line verification expects', async () => {
    const fast = await chainEntriesFast({ seq: -1, hash: GENESIS_HASH }, [draft([hasher.hash('1')]), draft([])]);
    expect(fast.lines).toEqual(fast.entries.map(lineOf));
  });

  it('uses the JSON the sweeper remembered for sorted ids, and the result still verifies', async () => {
    const ids = sortedHashes(batch, ['3', '1', '2', 'order-1042']);
    const fast = await chainEntriesFast({ seq: -1, hash: GENESIS_HASH }, [draft(ids)]);
    expect(fast.entries).toEqual(chainEntries({ seq: -1, hash: GENESIS_HASH }, [draft([...ids])]).entries);
    expect(verifyLog(fast.entries).valid).toBe(true);
    expect(fast.lines[0]).toBe(JSON.stringify(fast.entries[0]));
  });

  it('matches chainEntries for random drafts', async () => {
    const hex = fc.stringMatching(/^[0-9a-f]{32}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ ids: fc.array(hex, { maxLength: 20 }), rule: fc.string({ minLength: 1, maxLength: 8 }) }),
          {
            maxLength: 4,
          },
        ),
        async (input) => {
          const drafts = input.map((d) => draft(d.ids, d.rule));
          const head = { seq: 6, hash: 'b'.repeat(64) };
          const fast = await chainEntriesFast(head, drafts);
          expect(fast.entries).toEqual(chainEntries(head, drafts).entries);
          expect(fast.lines).toEqual(fast.entries.map((e) => JSON.stringify(e)));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('sortedHashes', () => {
  it('equals hashing one id at a time and sorting the strings', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 300 }), (ids) => {
        expect(sortedHashes(batch, ids)).toEqual(ids.map((id) => hasher.hash(id)).sort());
      }),
      { numRuns: 100 },
    );
  });

  it('orders hashes that tie on their first word by the other three, unsigned', () => {
    // A stand-in batch hasher with chosen words: ties on word 0, sign bits set in words 1–3.
    const words: number[][] = [
      [7, -1, 0, 0],
      [7, 1, 0, 0],
      [-2, 0, 0, 0],
      [7, 1, 0, -5],
      [7, 1, 0, 3],
      [0, 0, 0, 0],
      [7, -1, 0, 0],
    ];
    const fake: BatchHasher = {
      simd: false,
      hashInto(ids, out) {
        for (const [i, id] of ids.entries()) out.set(words[Number(id)] as number[], 4 * i);
      },
    };
    const hex = (w: number[]) => w.map((v) => (v >>> 0).toString(16).padStart(8, '0')).join('');
    const ids = words.map((_, i) => String(i));
    expect(sortedHashes(fake, ids)).toEqual(words.map(hex).sort());
  });

  it('returns an empty list for no ids', () => {
    expect(sortedHashes(batch, [])).toEqual([]);
  });
});
