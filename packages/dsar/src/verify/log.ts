/**
 * @module
 * Checking an audit log: the hash chain entry by entry ({@link verifyLog}), and the state it
 * folds to ({@link replayLog}). The result has the shape `@privkit/retention`'s `verifyLog`
 * returns for its deletion log (`valid`, `problems` with `index`, `code` and `message`,
 * `entries`, `head`), so one auditor's script reads both.
 */

import { isPlainObject, iterable, strictOptions } from '@privkit/internal/check';
import { type AuditEntry, entryHash, GENESIS_HASH, tampered } from '../audit.js';
import { type DeadlineOptions, deadlineContext } from '../deadlines/options.js';
import { DsarError } from '../errors.js';
import { raise } from '../internal/raise.js';
import { openRequest, transition } from '../machine.js';
import type { DsarEvent, DsarState, ReceiveEvent } from '../model.js';

/**
 * One problem {@link verifyLog} found.
 *
 * @example
 * ```ts
 * import type { LogProblem } from '@privkit/dsar/verify';
 *
 * const problem: LogProblem = { index: 2, code: 'HASH', message: 'entry 2: content does not match its hash' };
 * ```
 */
export interface LogProblem {
  /** The index in the list given (not the claimed `seq`, which may be forged). */
  readonly index: number;
  /**
   * - `MALFORMED`: not an entry of this format (a missing or extra field, a wrong type).
   * - `SEQUENCE`: `seq` does not follow the previous entry (removed, inserted or reordered).
   * - `CHAIN`: `prev` is not the previous entry's hash.
   * - `HASH`: the entry was edited after it was written.
   * - `REQUEST`: the entry belongs to another request.
   * - `HEAD`: the last hash differs from the expected head (entries removed from the end).
   */
  readonly code: 'MALFORMED' | 'SEQUENCE' | 'CHAIN' | 'HASH' | 'REQUEST' | 'HEAD';
  /** What is wrong (never the entry's content). */
  readonly message: string;
}

/**
 * The result of {@link verifyLog}.
 *
 * @example
 * ```ts
 * import type { LogVerification } from '@privkit/dsar/verify';
 *
 * const ok: LogVerification = { valid: true, problems: [], entries: 3, head: 'ab'.repeat(32) };
 * ```
 */
export interface LogVerification {
  /** True when no problem was found. */
  readonly valid: boolean;
  /** The problems, in order. */
  readonly problems: readonly LogProblem[];
  /** Entries read. */
  readonly entries: number;
  /** The last entry's hash (the chain head): anchor it elsewhere to detect truncation later. */
  readonly head: string;
}

/**
 * Options of {@link verifyLog}.
 *
 * @example
 * ```ts
 * import type { VerifyLogOptions } from '@privkit/dsar/verify';
 *
 * const options: VerifyLogOptions = { head: 'ab'.repeat(32) };
 * ```
 */
export interface VerifyLogOptions {
  /** The head you trust (published, or stored elsewhere): the last entry must carry this hash. */
  readonly head?: string | undefined;
}

const ENTRY_KEYS = ['requestId', 'seq', 'event', 'prev', 'hash'];
const HEX64 = /^[0-9a-f]{64}$/;

function malformed(e: unknown): string | undefined {
  if (!isPlainObject(e)) return 'not an object';
  // Verification vouches for what it hashes and nothing else: a field outside the hash is refused.
  const keys = Object.getOwnPropertyNames(e);
  if (keys.length !== ENTRY_KEYS.length || !keys.every((k) => ENTRY_KEYS.includes(k))) return 'unexpected fields';
  if (typeof e['requestId'] !== 'string' || e['requestId'] === '') return 'requestId is not a non-empty string';
  if (!Number.isSafeInteger(e['seq']) || (e['seq'] as number) < 1) return 'seq is not a positive integer';
  if (typeof e['prev'] !== 'string' || !HEX64.test(e['prev'])) return 'prev is not 64 hex digits';
  if (typeof e['hash'] !== 'string' || !HEX64.test(e['hash'])) return 'hash is not 64 hex digits';
  if (!isPlainObject(e['event']) || typeof e['event']['type'] !== 'string') return 'event is not an event';
  return undefined;
}

/**
 * Checks a log's hash chain: sequence numbers 1, 2, 3…, each `prev` equal to the previous hash,
 * each hash recomputed from the entry, one request id throughout, no field outside the hash.
 * Every entry is checked and every problem reported. Pass an anchored head (the last hash you
 * published or stored elsewhere) to detect truncation too.
 *
 * @param entries - the log, in order.
 * @param options - `head`: the hash the last entry must have.
 * @returns whether it verifies, every problem, the number of entries and the head.
 * @example
 * ```ts
 * import { appendEntry, verifyLog } from '@privkit/dsar/verify';
 *
 * const e1 = appendEntry(undefined, {
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * verifyLog([e1]).valid;                                                              // true
 * verifyLog([{ ...e1, event: { ...e1.event, note: 'edited' } }]).problems[0]?.code; // "HASH"
 * ```
 */
export function verifyLog(entries: Iterable<AuditEntry>, options?: VerifyLogOptions): LogVerification {
  const head = options === undefined ? undefined : strictOptions(options, ['head'], raise)['head'];
  if (head !== undefined && (typeof head !== 'string' || !HEX64.test(head)))
    throw raise('INVALID_OPTIONS', 'options.head', '"options.head" must be 64 lower-case hex digits');
  iterable(entries, 'entries', raise);
  const problems: LogProblem[] = [];
  let prev = GENESIS_HASH;
  let requestId: string | undefined;
  let index = 0;
  for (const e of entries as Iterable<unknown>) {
    const bad = malformed(e);
    if (bad !== undefined) {
      problems.push({ index, code: 'MALFORMED', message: `entry ${index}: ${bad}` });
      index++;
      continue;
    }
    const entry = e as unknown as AuditEntry;
    requestId ??= entry.requestId;
    if (entry.seq !== index + 1)
      problems.push({ index, code: 'SEQUENCE', message: `entry ${index}: seq ${entry.seq}, expected ${index + 1}` });
    if (entry.requestId !== requestId)
      problems.push({ index, code: 'REQUEST', message: `entry ${index}: belongs to another request` });
    if (entry.prev !== prev)
      problems.push({ index, code: 'CHAIN', message: `entry ${index}: prev is not the hash of the entry before it` });
    let hash: string | undefined;
    try {
      hash = entryHash(entry.requestId, entry.seq, entry.event, entry.prev);
    } catch {
      hash = undefined;
    }
    if (hash !== entry.hash)
      problems.push({ index, code: 'HASH', message: `entry ${index}: content does not match its hash` });
    prev = entry.hash;
    index++;
  }
  if (head !== undefined && head !== prev) {
    problems.push({
      index,
      code: 'HEAD',
      message: 'the last entry is not the expected head (entries removed from the end, or another log)',
    });
  }
  return Object.freeze({ valid: problems.length === 0, problems: Object.freeze(problems), entries: index, head: prev });
}

/** @internal Folds a log without verifying it (the service verifies on read, not on every write). */
export function foldLog(entries: readonly AuditEntry[], options?: DeadlineOptions): DsarState {
  const first = entries[0];
  if (first === undefined) throw new DsarError('NOT_FOUND', 'the log is empty', { path: 'entries' });
  let state = openRequest(first.event as ReceiveEvent, options);
  for (let i = 1; i < entries.length; i++) state = transition(state, entries[i]!.event as DsarEvent, options);
  return state;
}

/**
 * The request's state as the fold of its verified log: `openRequest` on the first event, then
 * `transition` on each of the others. Replaying a log always gives the state the live system
 * computed, because both run the same pure functions on the same recorded events.
 *
 * @param entries - the log, in order.
 * @param options - your regime registry and holiday calendars (as for `transition`).
 * @returns the state.
 * @throws {@link index!DsarError} `TAMPERED` when the chain does not verify; `NOT_FOUND` for an empty
 *   log; the error of an event that no longer applies.
 * @example
 * ```ts
 * import { appendEntry, replayLog } from '@privkit/dsar/verify';
 *
 * const e1 = appendEntry(undefined, {
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * const e2 = appendEntry(e1, { type: 'withdraw', at: '2025-02-02T08:00:00Z' });
 * replayLog([e1, e2]).status; // "withdrawn"
 * ```
 */
export function replayLog(entries: readonly AuditEntry[], options?: DeadlineOptions): DsarState {
  deadlineContext(options);
  const list = [...entries];
  const result = verifyLog(list);
  const problem = result.problems[0];
  if (problem !== undefined) throw tampered(problem.index + 1, problem.code);
  return foldLog(list, options);
}
