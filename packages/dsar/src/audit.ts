/**
 * @module
 * The audit trail: every event of a request is appended to a hash chain (SHA-256 over the
 * canonical JSON of the entry and the previous entry's hash), so changing, removing, reordering
 * or inserting an entry breaks every hash after it. Events are recorded in their checked,
 * canonical form (instants as RFC 3339 UTC text), so an impossible date never enters the chain.
 * The request's state is a fold over the log: `replayLog` reproduces it exactly.
 *
 * The chain starts from the genesis hash every privkit log shares (`@privkit/internal/hash-chain`),
 * but its entries are not the retention deletion log's, and cannot become them: both are stored
 * formats, and logs and proof bundles already written must keep verifying. An audit entry is
 * `{ requestId, seq, event, prev, hash }` with `seq` from 1, hashed with the domain tag
 * `privkit-dsar-audit/v1` before its canonical JSON (sorted keys); a deletion log entry is a flat
 * `v: 1` line in a fixed key order, `seq` from 0 after a head at -1, hashed without a tag.
 * `verifyLog` (`verify/log.ts`) keeps its own loop rather than the shared `verifyChain`, because
 * what it reports is part of its contract and differs: it expects `seq` to be the entry's position
 * (a removed entry makes every later `seq` a `SEQUENCE` problem, where `verifyChain` follows the
 * previous entry's claimed `seq`), it checks the request id (`REQUEST`) between `SEQUENCE` and
 * `CHAIN`, and its messages are its own.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { isPlainObject, strictObject } from '@privkit/internal/check';
import { GENESIS_HASH as CHAIN_GENESIS_HASH } from '@privkit/internal/hash-chain';
import { toHex } from '@privkit/internal/hex';
import { canonicalJson } from '@privkit/internal/json';
import { DsarError } from './errors.js';
import { deepFreeze, raise } from './internal/raise.js';
import { isEventType, laterEvent, receiveEvent } from './internal/records.js';
import type { DsarEvent, ReceiveEvent } from './model.js';

/**
 * One entry of a request's audit log, as recorded (the event in its checked form).
 *
 * @example
 * ```ts
 * import type { AuditEntry } from '@privkit/dsar';
 * import { appendEntry } from '@privkit/dsar/verify';
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
  /** The event, as recorded (instants as RFC 3339 UTC text with milliseconds). */
  readonly event: ReceiveEvent | DsarEvent;
  /** The previous entry's hash (64 zeros for the first). */
  readonly prev: string;
  /** SHA-256 (hex) of the domain tag and the canonical JSON of `requestId`, `seq`, `event`, `prev`. */
  readonly hash: string;
}

/**
 * The `prev` of a log's first entry: 64 zeros, as in every privkit hash-chained log.
 *
 * @example
 * ```ts
 * import { GENESIS_HASH } from '@privkit/dsar/verify';
 *
 * GENESIS_HASH.length; // 64
 * ```
 */
export const GENESIS_HASH: string = CHAIN_GENESIS_HASH;

const TAG = 'privkit-dsar-audit/v1\n';
const encoder = /* @__PURE__ */ new TextEncoder();

/** @internal The hash of an entry's content. */
export function entryHash(requestId: string, seq: number, event: unknown, prev: string): string {
  return toHex(sha256(encoder.encode(TAG + canonicalJson({ requestId, seq, event, prev }))));
}

/** @internal An event in its recorded form: `receive` first, any other type after. */
export function recordedEvent(event: unknown, first: boolean, path = 'event'): ReceiveEvent | DsarEvent {
  if (first) return receiveEvent(event, path, raise);
  const o = strictObject(event, Object.keys(isPlainObject(event) ? event : {}), path, raise);
  if (o['type'] === 'receive')
    throw raise('INVALID_ARGUMENT', `${path}.type`, 'only the first entry of a log is a "receive" event');
  if (!isEventType(o['type'])) throw raise('INVALID_ARGUMENT', `${path}.type`, `"${path}.type" is not a known event`);
  return laterEvent(o, path, raise);
}

const HEX64 = /^[0-9a-f]{64}$/;

/** @internal `previous` as an entry this function may chain onto. */
function checkPrevious(previous: unknown): AuditEntry {
  const o = strictObject(previous, ['requestId', 'seq', 'event', 'prev', 'hash'], 'previous', raise);
  if (typeof o['requestId'] !== 'string' || o['requestId'] === '')
    throw raise('INVALID_ARGUMENT', 'previous.requestId', '"previous.requestId" must be a non-empty string');
  if (!Number.isSafeInteger(o['seq']) || (o['seq'] as number) < 1)
    throw raise('INVALID_ARGUMENT', 'previous.seq', '"previous.seq" must be a positive integer');
  if (typeof o['hash'] !== 'string' || !HEX64.test(o['hash']))
    throw raise('INVALID_ARGUMENT', 'previous.hash', '"previous.hash" must be 64 lower-case hex digits');
  return o as unknown as AuditEntry;
}

/**
 * The entry that records `event` after `previous` (or the first entry, for a `receive` event).
 * The event is checked strictly and recorded in its canonical form. This chains; it does not
 * judge whether the event is allowed: run `transition` first (the service does both).
 *
 * @param previous - the log's last entry, or `undefined` for a new log.
 * @param event - the event; the first must be `receive`, later ones must not.
 * @returns the new entry, hashed and chained, deeply frozen.
 * @throws {@link index!DsarError} `UNKNOWN_KEY`, `INVALID_INSTANT` or `INVALID_ARGUMENT` for a
 *   malformed event or previous entry.
 * @example
 * ```ts
 * import { appendEntry } from '@privkit/dsar/verify';
 *
 * const e1 = appendEntry(undefined, {
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * const e2 = appendEntry(e1, { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
 * e2.prev === e1.hash; // true
 * ```
 */
export function appendEntry(previous: AuditEntry | undefined, event: ReceiveEvent | DsarEvent): AuditEntry {
  if (previous === undefined) {
    const recorded = recordedEvent(event, true) as ReceiveEvent;
    return chainOnto(undefined, recorded.id, recorded);
  }
  const p = checkPrevious(previous);
  return chainOnto(p, p.requestId, recordedEvent(event, false));
}

/** @internal Chains an event already in its recorded form. */
export function chainOnto(
  previous: AuditEntry | undefined,
  requestId: string,
  event: ReceiveEvent | DsarEvent,
): AuditEntry {
  const seq = previous === undefined ? 1 : previous.seq + 1;
  const prev = previous === undefined ? GENESIS_HASH : previous.hash;
  return deepFreeze({ requestId, seq, event, prev, hash: entryHash(requestId, seq, event, prev) });
}

/** @internal Raised by the service and `replayLog` for a log that does not verify. */
export function tampered(seq: number, code: string): DsarError {
  return new DsarError('TAMPERED', `the audit log fails verification at entry ${seq} (${code})`, {
    path: `entries[${seq - 1}]`,
  });
}
