/**
 * @module
 * The seeded generator the benchmarks and the million-input suites draw their inputs from:
 * mulberry32, tiny, fast and good enough to spread inputs, and replayable from its seed (a
 * property-testing library's per-input overhead would make a million inputs take minutes). Not
 * for anything secret.
 */

/** A generator of numbers in [0, 1) from a 32-bit seed: the same seed, the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
