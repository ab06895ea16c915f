/**
 * @module
 * The heap-order page-range allocator, on its own (no database): every page of the table is
 * handed out exactly once however the ranges are sized, a range never reaches into a lock unit
 * another lane holds, pages given back come out again, a range cut at another process's unit
 * leaves that unit out and the rest queued, and a range ended early resumes after its last row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allBusy,
  CHUNK,
  cutAtForeignUnit,
  giveBack,
  initialRanges,
  MAX_SPAN,
  type PageRange,
  type PageRanges,
  parseTid,
  restAfter,
  takeRange,
  tidAfter,
  unitOf,
  unitsOf,
} from '../src/postgres/page-ranges.js';

const state = (pages: number, startUnit: number, density = 1): PageRanges => ({
  ranges: initialRanges(pages, startUnit),
  density,
  busy: new Set(),
});

/** Every page of the ranges, in the order handed out. */
const pagesOf = (ranges: readonly PageRange[]) =>
  ranges.flatMap(([from, to]) => Array.from({ length: to - from }, (_, i) => from + i));

describe('initialRanges', () => {
  it('covers the table exactly once, from a unit boundary, wrapping around', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.nat(), (pages, unit) => {
        const ranges = initialRanges(pages, unit);
        expect(pagesOf(ranges).sort((a, b) => a - b)).toEqual(Array.from({ length: pages }, (_, i) => i));
        if (pages > 0) expect((ranges[0] as PageRange)[0] % CHUNK).toBe(0);
      }),
    );
  });
});

describe('takeRange', () => {
  it('hands out every page exactly once, in ranges ending on unit boundaries, at most MAX_SPAN and a unit long', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30_000 }),
        fc.nat(),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        (pages, unit, wants, density) => {
          const s = state(pages, unit, density);
          const taken: PageRange[] = [];
          for (let i = 0; ; i++) {
            const r = takeRange(s, wants[i % wants.length] as number);
            if (r === undefined) break;
            const [from, to, start] = r;
            expect(to).toBeGreaterThan(from);
            expect(start).toBe(0);
            expect(to === pages || to % CHUNK === 0).toBe(true);
            expect(to - from).toBeLessThanOrEqual(MAX_SPAN + CHUNK);
            taken.push(r);
          }
          expect(pagesOf(taken).sort((a, b) => a - b)).toEqual(Array.from({ length: pages }, (_, i) => i));
          expect(s.ranges).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never reaches into a unit another lane is reading, and waits when every range starts in one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.uniqueArray(fc.nat(80), { maxLength: 20 }),
        fc.integer({ min: 1, max: 50_000 }),
        (pages, busy, want) => {
          const s = state(pages, 0);
          for (const u of busy) s.busy.add(u);
          const taken: PageRange[] = [];
          for (;;) {
            const r = takeRange(s, want);
            if (r === undefined) break;
            for (const u of unitsOf(r[0], r[1])) expect(s.busy.has(u)).toBe(false);
            taken.push(r);
          }
          // What is left starts in a busy unit each, and nothing taken and left overlap.
          expect(allBusy(s) || s.ranges.length === 0).toBe(true);
          const all = [...pagesOf(taken), ...pagesOf(s.ranges)].sort((a, b) => a - b);
          expect(all).toEqual(Array.from({ length: pages }, (_, i) => i));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sizes a range from the density seen: about want × 1.25 rows, at least 8 pages', () => {
    const s = state(100_000, 0, 10);
    expect(takeRange(s, 1000)).toEqual([0, 128, 0]); // 125 pages, rounded up to the unit boundary
    const sparse = state(100_000, 0, 0.001);
    expect(takeRange(sparse, 10)?.[1]).toBe(MAX_SPAN);
    const dense = state(100_000, 0, 10_000);
    expect(takeRange(dense, 1)?.[1]).toBe(CHUNK); // 8 pages, rounded up to the unit boundary
  });

  it('gives back what a rolled-back batch read, and hands it out again first', () => {
    const s = state(1000, 3);
    const a = takeRange(s, 500) as PageRange;
    const b = takeRange(s, 500) as PageRange;
    giveBack(s, [a, b]);
    expect(takeRange(s, 500)).toEqual(a);
    expect(takeRange(s, 500)?.[0]).toBe(b[0]);
  });
});

describe('cutAtForeignUnit and restAfter', () => {
  it('leaves the unit another process holds to it, reads before it, and queues what follows', () => {
    expect(cutAtForeignUnit([0, 256, 0], 2)).toEqual({ read: [0, 128, 0], back: [192, 256, 0] });
    expect(cutAtForeignUnit([64, 256, 5], 1)).toEqual({ read: undefined, back: [128, 256, 0] });
    expect(cutAtForeignUnit([0, 150, 0], 2)).toEqual({ read: [0, 128, 0], back: undefined });
    fc.assert(
      fc.property(fc.nat(100), fc.integer({ min: 1, max: 10 }), fc.nat(9), (firstUnit, units, k) => {
        const from = firstUnit * CHUNK;
        const to = from + units * CHUNK;
        const unit = firstUnit + (k % units);
        const { read, back } = cutAtForeignUnit([from, to, 0], unit);
        const kept = [...pagesOf(read ? [read] : []), ...pagesOf(back ? [back] : [])];
        const theirs = Array.from({ length: CHUNK }, (_, i) => unit * CHUNK + i);
        expect([...kept, ...theirs].sort((a, b) => a - b)).toEqual(
          Array.from({ length: to - from }, (_, i) => from + i),
        );
      }),
    );
  });

  it('resumes after the last row read, and counts the pages up to it', () => {
    expect(restAfter([10, 200, 0], '(57,12)')).toEqual({ rest: [57, 200, 13], pagesRead: 48 });
    expect(parseTid('(4294967295,65535)')).toEqual([4294967295, 65535]);
    expect(tidAfter('(3,10)', '(3,9)')).toBe(true);
    expect(tidAfter('(3,10)', '(10,1)')).toBe(false);
    expect(tidAfter('(10,1)', '(9,200)')).toBe(true);
    expect(unitOf(CHUNK * 5 - 1)).toBe(4);
  });
});
