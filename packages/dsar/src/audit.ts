/**
 * @module
 * The audit trail: every event of a request is appended to a hash chain (SHA-256 over the
 * canonical JSON of the entry and the previous entry's hash), so changing, removing, reordering
 * or inserting an entry breaks every hash after it. The request's state is a fold over the log:
 * `replayLog` reproduces it exactly, and `verifyLog` detects tampering.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import type { DeadlineOptions } from './deadlines.js';
import { DsarError } from './errors.js';
import { canonicalJson, toHex } from './internal/canonical.js';
import { openRequest, transition } from './machine.js';
import type { DsarEvent, DsarState, ReceiveEvent } from './model.js';

/**
 * One entry of a request's audit log.
 *
 * @example
 * ```ts
 * import { appendEntry, type AuditEntry } from '@privkit/dsar';
 *
 * const first: AuditEntry = appendEntry(undefined, {
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * first.seq; // 1
 * ```
 */
export interface AuditEntry {
  /** The request id. */
  readonly requestId: string;
  /** Position in the log, from 1 (the `receive` event). */
  readonly seq: number;
  /** The event, as recorded. */
  readonly event: ReceiveEvent | DsarEvent;
  /** The previous entry's hash (64 zeros for the first). */
  readonly prev: string;
  /** SHA-256 (hex) of the domain tag and the canonical JSON of `requestId`, `seq`, `event`, `prev`. */
  readonly hash: string;
}

/**
 * The `prev` of a log's first entry.
 *
 * @example
 * ```ts
 * import { GENESIS_HASH } from '@privkit/dsar';
 *
 * GENESIS_HASH.length; // 64
 * ```
 */
export const GENESIS_HASH = '0'.repeat(64);

const TAG = 'privkit-dsar-audit/v1\n';
const encoder = /* @__PURE__ */ new TextEncoder();

function entryHash(requestId: string, seq: number, event: ReceiveEvent | DsarEvent, prev: string): string {
  return toHex(sha256(encoder.encode(TAG + canonicalJson({ requestId, seq, event, prev }))));
}

/**
 * The entry that records `event` after `previous` (or the first entry, for a `receive` event).
 *
 * @param previous - the log's last entry, or `undefined` for a new log.
 * @param event - the event; the first must be `receive`, later ones must not.
 * @returns the new entry, hashed and chained.
 * @throws DsarError `INVALID_ARGUMENT` if a first entry is not `receive` or a later one is.
 * @example
 * ```ts
 * import { appendEntry } from '@privkit/dsar';
 *
 * const e1 = appendEntry(undefined, {
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * const e2 = appendEntry(e1, { type: 'identity_verified', at: '2025-02-01T10:00:00Z' });
 * e2.prev === e1.hash; // true
 * ```
 */
export function appendEntry(previous: AuditEntry | undefined, event: ReceiveEvent | DsarEvent): AuditEntry {
  if (previous === undefined) {
    if (event.type !== 'receive') throw new DsarError('INVALID_ARGUMENT', 'a log starts with a "receive" event');
    return {
      requestId: event.id,
      seq: 1,
      event,
      prev: GENESIS_HASH,
      hash: entryHash(event.id, 1, event, GENESIS_HASH),
    };
  }
  if (event.type === 'receive') throw new DsarError('INVALID_ARGUMENT', 'only the first entry is a "receive" event');
  const seq = previous.seq + 1;
  return {
    requestId: previous.requestId,
    seq,
    event,
    prev: previous.hash,
    hash: entryHash(previous.requestId, seq, event, previous.hash),
  };
}

/**
 * The outcome of {@link verifyLog}.
 *
 * @example
 * ```ts
 * import type { VerifyResult } from '@privkit/dsar';
 *
 * const bad: VerifyResult = { ok: false, seq: 3, reason: 'hash' };
 * ```
 */
export type VerifyResult =
  | {
      /** The chain verifies. */
      readonly ok: true;
      /** Entries checked. */
      readonly length: number;
      /** The last entry's hash: anchor it elsewhere to detect truncation later. */
      readonly head: string;
    }
  | {
      /** The chain is broken. */
      readonly ok: false;
      /** The first bad entry's `seq` position. */
      readonly seq: number;
      /** A wrong sequence number, a broken link, a wrong hash, or another request's entry. */
      readonly reason: 'sequence' | 'link' | 'hash' | 'request';
    };

/**
 * Checks a log's hash chain: sequence numbers 1, 2, 3…, each `prev` equal to the previous hash,
 * each hash recomputed from the entry, one request id throughout. Pass an anchored head (the
 * last hash you published or stored elsewhere) to detect truncation too.
 *
 * @param entries - the log, in order.
 * @param expectedHead - optional: the hash the last entry must have.
 * @returns `{ ok: true, length, head }`, or the first bad entry and why.
 * @example
 * ```ts
 * import { appendEntry, verifyLog } from '@privkit/dsar';
 *
 * const e1 = appendEntry(undefined, {
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * verifyLog([e1]).ok;                                                // true
 * verifyLog([{ ...e1, event: { ...e1.event, right: 'erasure' } }]); // { ok: false, seq: 1, reason: "hash" }
 * ```
 */
export function verifyLog(entries: readonly AuditEntry[], expectedHead?: string): VerifyResult {
  let prev = GENESIS_HASH;
  const requestId = entries[0]?.requestId;
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1) return { ok: false, seq: i + 1, reason: 'sequence' };
    if (e.requestId !== requestId) return { ok: false, seq: e.seq, reason: 'request' };
    if (e.prev !== prev) return { ok: false, seq: e.seq, reason: 'link' };
    if (entryHash(e.requestId, e.seq, e.event, e.prev) !== e.hash) return { ok: false, seq: e.seq, reason: 'hash' };
    prev = e.hash;
  }
  if (expectedHead !== undefined && prev !== expectedHead) return { ok: false, seq: entries.length, reason: 'link' };
  return { ok: true, length: entries.length, head: prev };
}

/**
 * The request's state as the fold of its log: `openRequest` on the first event, then
 * `transition` on each of the others. Replaying a log always gives the state the live system
 * computed, because both run the same pure functions.
 *
 * @param entries - the log, in order.
 * @param options - holiday calendars (as for `transition`).
 * @param verify - check the hash chain first (default `true`).
 * @returns the state.
 * @throws DsarError `TAMPERED` if verification fails, `NOT_FOUND` for an empty log, or the
 *   error of an event that no longer applies.
 * @example
 * ```ts
 * import { appendEntry, replayLog } from '@privkit/dsar';
 *
 * const e1 = appendEntry(undefined, {
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * const e2 = appendEntry(e1, { type: 'withdraw', at: '2025-02-02T08:00:00Z' });
 * replayLog([e1, e2]).status; // "withdrawn"
 * ```
 */
export function replayLog(entries: readonly AuditEntry[], options: DeadlineOptions = {}, verify = true): DsarState {
  const first = entries[0];
  if (first === undefined) throw new DsarError('NOT_FOUND', 'the log is empty');
  if (verify) {
    const result = verifyLog(entries);
    if (!result.ok)
      throw new DsarError('TAMPERED', `the audit log fails verification at entry ${result.seq} (${result.reason})`);
  }
  let state = openRequest(first.event as ReceiveEvent, options);
  for (let i = 1; i < entries.length; i++) state = transition(state, entries[i]!.event as DsarEvent, options);
  return state;
}
