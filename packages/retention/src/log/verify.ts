/**
 * @module
 * Verifying a deletion log (or a contiguous run of one): every entry's shape, read strictly (a
 * field the hash does not cover is refused, not ignored), its hash, the chain of `prev` links,
 * consecutive `seq`, counts, the tenant, and where the log ends. The result has the shape of every
 * privkit log verification (`valid`, `problems`, `entries`, `head`, as `@privkit/dsar`'s), plus what
 * the log records.
 */

import { isPlainObject, own, strictOptions } from '@privkit/internal/check';
import { type ChainProblem, type ChainProblemCode, verifyChain } from '@privkit/internal/hash-chain';
import { formatInstant, parseInstant } from '@privkit/internal/instant';
import { raise } from '../errors.js';
import { type DeletionLogEntry, EMPTY_HEAD, ENTRY_KEYS, entryHash, type LogHead } from './entry.js';

/**
 * Why an entry or the log does not verify:
 *
 * - `MALFORMED`: not an entry of this format (a missing, unknown or mistyped field, ids not
 *   sorted keyed hashes, an instant that is not one).
 * - `SEQUENCE`: `seq` does not follow the entry before it (removed, inserted or reordered).
 * - `CHAIN`: `prev` is not the hash of the entry before it.
 * - `HASH`: the entry was changed after it was written.
 * - `COUNT`: `count` differs from the number of ids.
 * - `TENANT`: the entry belongs to another tenant than the one asked for.
 * - `HEAD`: the log does not end at the trusted head (entries cut or changed at the end).
 */
export type LogProblemCode = ChainProblemCode | 'COUNT' | 'TENANT';

/** One problem {@link verifyLog} found. */
export type LogProblem = ChainProblem<LogProblemCode>;

/** The result of {@link verifyLog}. */
export interface LogVerification {
  /** True when no problem was found. */
  readonly valid: boolean;
  /** The problems, in order. */
  readonly problems: readonly LogProblem[];
  /** Entries read. */
  readonly entries: number;
  /** The hash the log ends at: the last entry's, or the starting hash of an empty log. */
  readonly head: string;
  /** Records deleted, over all entries. */
  readonly deleted: number;
  /** Records deleted per rule id. */
  readonly byRule: Readonly<Record<string, number>>;
}

/** Options of {@link verifyLog}. */
export interface VerifyLogOptions {
  /**
   * The head the entries continue from, when they start mid-log (a proof bundle from some `seq`
   * on); default the start of a log: `{ seq: -1, hash: GENESIS_HASH }`.
   */
  readonly after?: LogHead | undefined;
  /**
   * The head you trust (published, countersigned, a keyed checkpoint): the log must end exactly
   * there. Without it, entries removed or rewritten at the end of a log cannot be told apart from
   * a shorter log. A string is the last entry's hash; a {@link LogHead} checks its `seq` too.
   */
  readonly head?: LogHead | string | undefined;
  /** Every entry must belong to this tenant. */
  readonly tenant?: string | undefined;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX32 = /^[0-9a-f]{32}$/;
const KEY_SET: ReadonlySet<string> = /* @__PURE__ */ new Set(ENTRY_KEYS);

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The entry, or what is wrong with it. */
export function readEntry(value: unknown): DeletionLogEntry | string {
  if (!isPlainObject(value)) return 'not an object';
  for (const key of Object.getOwnPropertyNames(value)) {
    if (!KEY_SET.has(key)) return `an unknown field ${JSON.stringify(key.slice(0, 40))}`;
  }
  for (const key of ENTRY_KEYS) if (!Object.hasOwn(value, key)) return `no "${key}" field`;
  const e = value as unknown as DeletionLogEntry;
  if (own(e, 'v') !== 1) return 'unknown version';
  if (!Number.isSafeInteger(e.seq) || e.seq < 0) return 'seq is not a non-negative integer';
  if (typeof e.prev !== 'string' || !HEX64.test(e.prev) || typeof e.hash !== 'string' || !HEX64.test(e.hash))
    return 'prev or hash is not 64 lower-case hex characters';
  const at = typeof e.at === 'string' ? parseInstant(e.at) : undefined;
  if (at === undefined || formatInstant(at) !== e.at) return 'at is not an RFC 3339 UTC instant with milliseconds';
  for (const f of ['tenant', 'worker', 'category', 'rule'] as const)
    if (!text(e[f])) return `${f} is not a non-empty string`;
  if (e.kind !== 'sweep' && e.kind !== 'replay') return 'unknown kind';
  if (!Number.isSafeInteger(e.count) || e.count < 0) return 'count is not a non-negative integer';
  if (!Array.isArray(e.ids)) return 'ids is not an array';
  for (let i = 0; i < e.ids.length; i++) {
    const id = e.ids[i];
    if (typeof id !== 'string' || !HEX32.test(id)) return 'ids are not keyed hashes';
    if (i > 0 && (e.ids[i - 1] as string) >= id) return 'ids are not sorted and unique';
  }
  return e;
}

const FORMAT = {
  read: readEntry,
  link: (e: DeletionLogEntry) => e,
  hashOf: entryHash,
};

/** @internal Options of {@link verifyLog}, checked. */
export function checkVerifyOptions(options: unknown): { after: LogHead; head?: LogHead | string; tenant?: string } {
  const o = strictOptions(options, ['after', 'head', 'tenant'], raise);
  const head = (value: unknown, path: string): LogHead => {
    const h = value as LogHead;
    if (
      !isPlainObject(h) ||
      Object.keys(h).some((k) => k !== 'seq' && k !== 'hash') ||
      !Number.isSafeInteger(h.seq) ||
      h.seq < -1 ||
      typeof h.hash !== 'string' ||
      !HEX64.test(h.hash)
    )
      throw raise(
        'INVALID_OPTIONS',
        path,
        `"${path}" must be { seq, hash }: an integer of at least -1 and 64 hex characters`,
      );
    return { seq: h.seq, hash: h.hash };
  };
  const out: { after: LogHead; head?: LogHead | string; tenant?: string } = {
    after: o['after'] === undefined ? EMPTY_HEAD : head(o['after'], 'options.after'),
  };
  if (o['head'] !== undefined) {
    if (typeof o['head'] === 'string') {
      if (!HEX64.test(o['head']))
        throw raise(
          'INVALID_OPTIONS',
          'options.head',
          '"options.head" must be 64 lower-case hex characters or { seq, hash }',
        );
      out.head = o['head'];
    } else out.head = head(o['head'], 'options.head');
  }
  if (o['tenant'] !== undefined) {
    if (!text(o['tenant']))
      throw raise('INVALID_OPTIONS', 'options.tenant', '"options.tenant" must be a non-empty string');
    out.tenant = o['tenant'];
  }
  return out;
}

/**
 * Verifies a deletion log (or a contiguous part of one): every entry's shape (strictly: an entry
 * with a field its hash does not cover is malformed), every entry's hash, the chain of `prev`
 * links, consecutive `seq`, counts, and optionally the tenant and the head the log must end at.
 * Any edit, removal, insertion or reordering is reported; removing or rewriting entries at the
 * *end* is caught only against a head you trust (`options.head`: a published hash, the proof
 * bundle's manifest, or a keyed checkpoint from `createLogJournal`).
 *
 * @param entries - the entries in log order.
 * @param options - the head they continue from, the trusted head, the tenant.
 * @returns what was found; `valid` is true only without problems.
 * @throws {@link RetentionError} `UNKNOWN_KEY` or `INVALID_OPTIONS` for bad options (a bad log is a
 *   result, not an error).
 * @example
 * ```ts
 * import { chainEntries, GENESIS_HASH } from '@privkit/retention/log';
 * import { verifyLog } from '@privkit/retention/verify';
 *
 * const { entries, head } = chainEntries({ seq: -1, hash: GENESIS_HASH }, [
 *   {
 *     at: '2026-11-23T03:00:00.000Z',
 *     tenant: 'acme',
 *     worker: 'w1',
 *     kind: 'sweep',
 *     category: 'log',
 *     rule: 'logs-30d',
 *     ids: ['00112233445566778899aabbccddeeff'],
 *   },
 * ]);
 * verifyLog(entries.map((e) => ({ ...e, count: 0, ids: [] }))).problems[0]?.code; // "HASH"
 * verifyLog(entries.slice(0, -1), { head }).problems[0]?.code; // "HEAD": the last entry was cut
 * ```
 */
export function verifyLog(entries: Iterable<DeletionLogEntry>, options?: VerifyLogOptions): LogVerification {
  const o = checkVerifyOptions(options);
  const byRule: Record<string, number> = Object.create(null);
  let deleted = 0;
  const result = verifyChain<DeletionLogEntry, LogProblemCode>(
    entries,
    FORMAT,
    { after: o.after, head: o.head },
    (e, index) => {
      const problems: LogProblem[] = [];
      if (e.count !== e.ids.length)
        problems.push({ index, code: 'COUNT', message: `entry ${index}: count ${e.count} but ${e.ids.length} ids` });
      if (o.tenant !== undefined && e.tenant !== o.tenant)
        problems.push({ index, code: 'TENANT', message: `entry ${index}: another tenant's entry` });
      deleted += e.ids.length;
      byRule[e.rule] = (byRule[e.rule] ?? 0) + e.ids.length;
      return problems;
    },
  );
  return { ...result, deleted, byRule: { ...byRule } };
}
