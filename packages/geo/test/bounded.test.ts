/**
 * @module
 * Decoding is bounded by bytes and depth (issue 16 item 6): a file of a few hundred KiB whose
 * record is 90,000 pointers to one 128 KiB string used to build 11 GiB of strings on the first
 * lookup. Each file here is looked up in a child process with a 64 MiB heap, so unbounded
 * decoding shows as the child dying, not as a slow test; the in-process checks then say which
 * typed error the reader gives.
 */
import { describe, expect, it } from 'vitest';
import { createLocator } from '../src/index.js';
import { databaseWith, encode, pointerBomb } from './support/hostile.js';
import { outcomesInSmallHeap } from './support/small-heap.js';

const invalid = (database: Uint8Array) =>
  expect(() => createLocator({ database, onStale: () => {} }).locate('8.8.8.8')).toThrow(
    expect.objectContaining({ name: 'GeoError', code: 'INVALID_DATABASE' }),
  );

describe('decoding is bounded by bytes', () => {
  it('90,000 pointers to one 128 KiB string: INVALID_DATABASE in a 64 MiB heap', () => {
    const bomb = pointerBomb();
    expect(bomb.length).toBeLessThan(600 * 1024);
    expect(outcomesInSmallHeap([bomb])).toEqual(['INVALID_DATABASE']);
    invalid(bomb);
  });

  it('the same shape through a map, and one huge string read many times, too', () => {
    const text = encode.bigString(1024 * 1024);
    // A map of 2,000 keys whose values all point at a 1 MiB string: 2 GiB decoded.
    const pairs: number[] = [];
    for (let i = 0; i < 2000; i++) pairs.push(...encode.str(`k${i}`), ...encode.pointer(0));
    const map = Uint8Array.from([...encode.mapOf(2000), ...pairs]);
    const data = new Uint8Array(text.length + map.length);
    data.set(text);
    data.set(map, text.length);
    const mapBomb = databaseWith(data, { recordOffset: text.length });
    expect(outcomesInSmallHeap([mapBomb])).toEqual(['INVALID_DATABASE']);
    invalid(mapBomb);
  });

  it('a record of modest size is still read', () => {
    // 20 pointers to a 1 KiB string: 20 KiB decoded, far under any bound.
    const small = pointerBomb(20, 1024);
    expect(outcomesInSmallHeap([small])).toEqual(['answer']);
    expect(createLocator({ database: small, onStale: () => {} }).locate('8.8.8.8').status).toBe('unknown');
  });
});

describe('decoding is bounded by depth', () => {
  it('a pointer to a pointer is refused (the spec and libmaxminddb do not allow it)', () => {
    // The record at 0 is a pointer to offset 2, itself a pointer to offset 4, a string.
    invalid(databaseWith([...encode.pointer(2), ...encode.pointer(4), ...encode.str('FR')]));
    // One pointer to a value is fine.
    const one = databaseWith([
      ...encode.pointer(2),
      ...encode.mapOf(1),
      ...encode.str('country_code'),
      ...encode.str('FR'),
    ]);
    expect(createLocator({ database: one, onStale: () => {} }).locate('8.8.8.8').country).toBe('FR');
  });

  it('arrays nested 10,000 deep end in INVALID_DATABASE, not a stack overflow', () => {
    const deep = databaseWith([...Array.from({ length: 10_000 }, () => encode.arrayOf(1)).flat(), ...encode.str('x')]);
    expect(outcomesInSmallHeap([deep])).toEqual(['INVALID_DATABASE']);
    invalid(deep);
  });
});
