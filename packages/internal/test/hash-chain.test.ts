import { describe, expect, it } from 'vitest';
import { type ChainFormat, GENESIS_HASH, verifyChain } from '../src/hash-chain.js';

interface Entry {
  seq: number;
  prev: string;
  hash: string;
  body: string;
}
// A toy format: the hash is the body with the seq and prev, padded (enough to test the links).
const hashOf = (e: Omit<Entry, 'hash'>) => `${e.seq}:${e.prev.slice(0, 4)}:${e.body}`.padEnd(64, '.');
const format: ChainFormat<Entry> = {
  read: (v) => (typeof v === 'object' && v !== null && 'body' in v ? (v as Entry) : 'not an entry'),
  link: (e) => e,
  hashOf,
};
function chain(bodies: string[], after = { seq: -1, hash: GENESIS_HASH }): Entry[] {
  const out: Entry[] = [];
  let { seq, hash } = after;
  for (const body of bodies) {
    const e = { seq: ++seq, prev: hash, body };
    hash = hashOf(e);
    out.push({ ...e, hash });
  }
  return out;
}

describe('verifyChain', () => {
  it('verifies a chain, from genesis or from a head, and reports its head', () => {
    const log = chain(['a', 'b', 'c']);
    expect(verifyChain(log, format, { after: { seq: -1, hash: GENESIS_HASH } })).toEqual({
      valid: true,
      entries: 3,
      head: log[2]?.hash,
      problems: [],
    });
    const more = chain(['d'], { seq: 2, hash: log[2]?.hash as string });
    expect(verifyChain(more, format, { after: { seq: 2, hash: log[2]?.hash as string } }).valid).toBe(true);
  });

  it('names every problem: malformed, sequence, link, hash, and the head', () => {
    const log = chain(['a', 'b', 'c']);
    const codes = (entries: unknown[], head?: { seq: number; hash: string } | string) =>
      verifyChain(entries, format, { after: { seq: -1, hash: GENESIS_HASH }, head }).problems.map((p) => p.code);
    expect(codes([log[0], log[2]])).toEqual(['SEQUENCE', 'CHAIN']);
    expect(codes([log[0], { ...log[1], body: 'x' }, log[2]])).toEqual(['HASH']);
    expect(codes([log[0], 'junk', log[1], log[2]])).toEqual(['MALFORMED']);
    expect(codes(log.slice(0, 2), log[2]?.hash)).toEqual(['HEAD']);
    expect(codes(log, { seq: 3, hash: log[2]?.hash as string })).toEqual(['HEAD']);
    // A last entry replaced by one that chains as well: only the trusted head shows it.
    const forged = [...log.slice(0, 2), ...chain(['z'], { seq: 1, hash: log[1]?.hash as string })];
    expect(codes(forged)).toEqual([]);
    expect(codes(forged, { seq: 2, hash: log[2]?.hash as string })).toEqual(['HEAD']);
  });
});
