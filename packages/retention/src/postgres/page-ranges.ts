/**
 * @module
 * The page ranges of a heap-order sweep: which pages of the table a batch reads next. Pure (no
 * database, no clock), so it is unit-tested on its own. The table is cut into lock units of
 * {@link CHUNK} pages; a batch claims every unit it reads with an advisory lock, and the ranges
 * handed out end on unit boundaries, so two lanes of one process never read the same unit and a
 * unit another process holds is left to it. A range is sized from the due rows per page seen so
 * far, to hold about the rows a batch still wants.
 */

/** Pages per advisory lock: a heap-order batch locks every such unit of pages it reads. */
export const CHUNK = 64;

/** Pages one range spans at most (32 MB of 8 KB pages): bounds the time of one read. */
export const MAX_SPAN = 4096;

/** Pages `[from, to)`, from item `start` of page `from` on (0: the whole first page). */
export type PageRange = [from: number, to: number, start: number];

/** What is left of a sweep's table, and what is known about it. */
export interface PageRanges {
  /**
   * The ranges still to read, the next one first. `start` is 0 but for the rest of a range a
   * batch ended in: the first item of its first page still to read (the earlier rows are gone).
   */
  ranges: PageRange[];
  /** Due rows per page, smoothed (sizes the next range). */
  density: number;
  /** Lock units that lanes of this process are reading now. */
  busy: Set<number>;
}

/**
 * The ranges of a table of `pages` pages, starting at lock unit `startUnit` and wrapping around:
 * workers that start at different units spread over the table.
 */
export function initialRanges(pages: number, startUnit: number): PageRange[] {
  if (pages <= 0) return [];
  const start = (startUnit % Math.ceil(pages / CHUNK)) * CHUNK;
  const ranges: PageRange[] = [[start, pages, 0]];
  if (start > 0) ranges.push([0, start, 0]);
  return ranges;
}

/** The lock unit of a page. */
export const unitOf = (page: number): number => Math.floor(page / CHUNK);

/** The lock units of the pages `[from, to)`. */
export function unitsOf(from: number, to: number): number[] {
  const units: number[] = [];
  for (let unit = unitOf(from); unit * CHUNK < to; unit++) units.push(unit);
  return units;
}

/** Whether every range left starts in a unit another lane is reading (so this lane must wait). */
export function allBusy(state: PageRanges): boolean {
  return state.ranges.length > 0 && state.ranges.every((r) => state.busy.has(unitOf(r[0])));
}

/**
 * Takes the next range to read: sized to hold about `want` due rows at the density seen so far
 * (at least 8 pages, at most {@link MAX_SPAN}), ending on a unit boundary, and skipping ranges
 * that start in, or stopping before, a unit another lane is reading. The pages taken leave
 * `state.ranges`; give back what was not read with {@link giveBack}.
 */
export function takeRange(state: PageRanges, want: number): PageRange | undefined {
  for (let i = 0; i < state.ranges.length; i++) {
    const next = state.ranges[i] as PageRange;
    const [from, end, start] = next;
    if (state.busy.has(unitOf(from))) continue;
    const span = Math.min(MAX_SPAN, Math.max(8, Math.ceil((want * 1.25) / Math.max(state.density, want / MAX_SPAN))));
    let to = Math.min(end, Math.ceil((from + span) / CHUNK) * CHUNK);
    for (let unit = unitOf(from) + 1; unit * CHUNK < to; unit++) {
      if (state.busy.has(unit)) {
        to = unit * CHUNK;
        break;
      }
    }
    if (to >= end) state.ranges.splice(i, 1);
    else {
      next[0] = to;
      next[2] = 0;
    }
    return [from, to, start];
  }
  return undefined;
}

/** Puts ranges back at the front (a batch that rolled back, or the part of a range not read). */
export function giveBack(state: PageRanges, ranges: readonly PageRange[]): void {
  state.ranges.unshift(...ranges.map((r): PageRange => [r[0], r[1], r[2]]));
}

/**
 * The range `[from, to)` cut where lock unit `unit` starts, when another process holds `unit`:
 * that process reads it (it has it in its own queue), so this range ends before it, and the
 * units after it go back to this process's queue. Returns the part to read (empty when the first
 * unit is the one held) and the part to give back, if any.
 */
export function cutAtForeignUnit(
  range: PageRange,
  unit: number,
): { read: PageRange | undefined; back: PageRange | undefined } {
  const [from, to, start] = range;
  const theirsEnd = Math.min(to, (unit + 1) * CHUNK);
  const back: PageRange | undefined = theirsEnd < to ? [theirsEnd, to, 0] : undefined;
  const end = Math.max(from, unit * CHUNK);
  return { read: end > from ? [from, end, start] : undefined, back };
}

/** The page and item of a tid's text form `(page,item)`. */
export function parseTid(tid: string): [page: number, item: number] {
  return [Number.parseInt(tid.slice(1), 10), Number.parseInt(tid.slice(tid.indexOf(',') + 1), 10)];
}

/** Whether tid `a` comes after tid `b` in physical order. */
export function tidAfter(a: string, b: string): boolean {
  const [pa, ia] = parseTid(a);
  const [pb, ib] = parseTid(b);
  return pa !== pb ? pa > pb : ia > ib;
}

/**
 * What is left of `[from, to)` after a batch read up to tid `last` (the row limit ended the
 * range early): from the row after `last`, so that a batch with an older snapshot does not meet
 * the rows just deleted. Also returns how many pages were read, for the density.
 */
export function restAfter(range: PageRange, last: string): { rest: PageRange; pagesRead: number } {
  const [page, item] = parseTid(last);
  return { rest: [page, range[1], item + 1], pagesRead: page - range[0] + 1 };
}

/** The density after reading `rows` due rows in `pages` pages: the mean of the old and the new. */
export function updateDensity(state: PageRanges, rows: number, pages: number): void {
  state.density = (state.density + rows / Math.max(1, pages)) / 2;
}
