/**
 * @module
 * Verifying a hash-chained log: every entry carries its position (`seq`), the hash of the entry
 * before it (`prev`) and its own hash, so an edit, a removal, an insertion or a reordering breaks
 * the chain. The packages that keep such logs (the retention deletion log, the DSAR audit trail)
 * hash their entries each their own way (the format is part of what they promise) and start from
 * the same genesis hash. The deletion log is verified here, with one result shape (`valid`,
 * `problems`, `entries`, `head`, as `@privkit/dsar`'s `verifyLog` returns it) and one set of
 * problem codes; the DSAR audit trail keeps its own loop, whose findings differ (see the
 * `@module` comment of `packages/dsar/src/audit.ts`).
 *
 * Removing entries from the end of a log leaves a valid chain: only a head kept elsewhere (a
 * published or countersigned hash, a keyed checkpoint) shows it. Pass it as `head`.
 */

/** The position of a log's last entry and its hash. */
export interface ChainHead {
  /** The last entry's `seq`; one less than the first entry's for an empty log. */
  readonly seq: number;
  /** The last entry's hash; the genesis hash for an empty log. */
  readonly hash: string;
}

/**
 * The `prev` of a log's first entry: 64 zeros.
 *
 * @example
 * ```ts
 * import { GENESIS_HASH } from '@privkit/retention/verify';
 *
 * GENESIS_HASH.length; // 64
 * ```
 */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Why an entry or the log does not verify:
 *
 * - `MALFORMED`: not an entry of the format (a missing or unknown field, a wrong type).
 * - `SEQUENCE`: `seq` does not follow the entry before it (removed, inserted or reordered).
 * - `CHAIN`: `prev` is not the hash of the entry before it.
 * - `HASH`: the entry's content does not give its hash (edited after it was written).
 * - `HEAD`: the log does not end at the trusted head (entries cut from the end, or another log).
 */
export type ChainProblemCode = 'MALFORMED' | 'SEQUENCE' | 'CHAIN' | 'HASH' | 'HEAD';

/** One problem found in a log. */
export interface ChainProblem<Code extends string = ChainProblemCode> {
  /** Where: the index in the list given (not the claimed `seq`, which may be forged). */
  readonly index: number;
  /** Why; see {@link ChainProblemCode}. */
  readonly code: Code;
  /** What is wrong, in words (never an entry's content). */
  readonly message: string;
}

/** The result of verifying a log. */
export interface ChainVerification<Code extends string = ChainProblemCode> {
  /** True when no problem was found. */
  readonly valid: boolean;
  /** Every problem, in order. */
  readonly problems: readonly ChainProblem<Code>[];
  /** Entries read. */
  readonly entries: number;
  /** The hash the log ends at: the last entry's, or the starting hash of an empty log. */
  readonly head: string;
}

/** How to verify one format's entries. */
export interface ChainFormat<Entry> {
  /**
   * Checks an entry's shape; returns it typed, or a sentence saying what is wrong (a `MALFORMED`
   * problem; the entry is then skipped, and the chain goes on from the entry before it).
   */
  readonly read: (entry: unknown, index: number) => Entry | string;
  /** The entry's `seq`, `prev` and `hash`. */
  readonly link: (entry: Entry) => { readonly seq: number; readonly prev: string; readonly hash: string };
  /** The hash the entry's content gives. */
  readonly hashOf: (entry: Entry) => string;
}

/** Where the log starts and where it must end. */
export interface ChainBounds {
  /** The head the entries continue from; the genesis of a log whose first `seq` is `firstSeq`. */
  readonly after: ChainHead;
  /** The trusted head: the log must end exactly there (its hash, or its hash and `seq`). */
  readonly head?: ChainHead | string | undefined;
}

/**
 * Verifies a log: each entry's shape, `seq` one after the entry before, `prev` the hash of the
 * entry before, its hash recomputed, and, given a trusted head, where the log ends. Every problem
 * is reported, not only the first.
 *
 * @param entries - the entries, in log order.
 * @param format - how to read, link and hash one entry.
 * @param bounds - where the log starts, and the trusted head.
 * @param visit - called with each well-formed entry (to count what it records), and returns the
 *   format's own problems of that entry, if any.
 */
export function verifyChain<Entry, Code extends string = ChainProblemCode>(
  entries: Iterable<unknown>,
  format: ChainFormat<Entry>,
  bounds: ChainBounds,
  visit?: (entry: Entry, index: number) => readonly ChainProblem<Code>[] | undefined,
): ChainVerification<Code | ChainProblemCode> {
  const problems: ChainProblem<Code | ChainProblemCode>[] = [];
  let prev = bounds.after.hash;
  let seq = bounds.after.seq;
  let index = 0;
  for (const raw of entries) {
    const entry = format.read(raw, index);
    if (typeof entry === 'string') {
      problems.push({ index, code: 'MALFORMED', message: `entry ${index}: ${entry}` });
      index++;
      continue;
    }
    const link = format.link(entry);
    if (link.seq !== seq + 1)
      problems.push({ index, code: 'SEQUENCE', message: `entry ${index}: seq ${link.seq}, expected ${seq + 1}` });
    if (link.prev !== prev)
      problems.push({ index, code: 'CHAIN', message: `entry ${index}: prev is not the hash of the entry before it` });
    if (format.hashOf(entry) !== link.hash)
      problems.push({ index, code: 'HASH', message: `entry ${index}: its content does not give its hash` });
    const own = visit?.(entry, index);
    if (own !== undefined) problems.push(...own);
    prev = link.hash;
    seq = link.seq;
    index++;
  }
  const head = bounds.head;
  if (head !== undefined) {
    const hash = typeof head === 'string' ? head : head.hash;
    if (hash !== prev || (typeof head !== 'string' && head.seq !== seq)) {
      problems.push({
        index,
        code: 'HEAD',
        message: 'the log does not end at the trusted head (entries removed or changed at the end, or another log)',
      });
    }
  }
  return { valid: problems.length === 0, problems, entries: index, head: prev };
}
