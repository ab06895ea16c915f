/**
 * @module
 * Chaining drafts onto a log head: each entry gets the next `seq`, the head's hash as `prev`, and
 * its own hash. `chainEntries` is synchronous and pure JavaScript; stores chain under the log
 * head's lock, which concurrent workers wait on, so they take the SHA-256 by WebCrypto where the
 * runtime has it (a 5,000-id entry, 175 KB, in about 0.2 ms against 1.5 ms in JavaScript). Both
 * give the same bytes.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { isPlainObject, knownKeys } from '@privkit/internal/check';
import { toHex } from '@privkit/internal/hex';
import { raise } from '../errors.js';
import { canonicalText, type DeletionDraft, type DeletionLogEntry, draftBody, entryOf, type LogHead } from './entry.js';

/** The result of {@link chainEntries}. */
export interface ChainedEntries {
  /** The new entries, in order. */
  readonly entries: DeletionLogEntry[];
  /** The head after them. */
  readonly head: LogHead;
}

/**
 * Chains drafts onto a log head: assigns `seq`, `prev`, `count` and `hash`.
 *
 * @param head - the current head (`{ seq: -1, hash: GENESIS_HASH }` for an empty log).
 * @param drafts - the entries to append, in order.
 * @returns the entries, and the new head.
 * @throws {@link RetentionError} `INVALID_ARGUMENT` or `UNKNOWN_KEY` for a head or draft that is not one.
 * @throws {@link RetentionError} `INVALID_INSTANT` when a draft's `at` is not an RFC 3339 UTC instant
 *   with milliseconds that exists.
 * @example
 * ```ts
 * import { chainEntries, GENESIS_HASH } from '@privkit/retention/log';
 * import { verifyLog } from '@privkit/retention/verify';
 *
 * const { entries } = chainEntries({ seq: -1, hash: GENESIS_HASH }, [
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
 * verifyLog(entries).valid; // true
 * ```
 */
export function chainEntries(head: LogHead, drafts: readonly DeletionDraft[]): ChainedEntries {
  const entries: DeletionLogEntry[] = [];
  let { seq, hash } = checkHead(head);
  if (!Array.isArray(drafts)) throw raise('INVALID_ARGUMENT', 'drafts', '"drafts" must be an array of drafts');
  for (const [i, d] of drafts.entries()) {
    const { ids, body } = draftBody(d, `drafts[${i}]`);
    const prev = hash;
    seq++;
    hash = toHex(sha256(utf8ToBytes(canonicalText(seq, prev, body))));
    entries.push(entryOf(d, ids, seq, prev, hash));
  }
  return { entries, head: { seq, hash } };
}

const encoder = /* @__PURE__ */ new TextEncoder();
const HEX64 = /^[0-9a-f]{64}$/;

/** `head` when it is a {@link LogHead}: `seq` an integer from -1, `hash` 64 hex characters. */
function checkHead(head: unknown): LogHead {
  if (!isPlainObject(head)) throw raise('INVALID_ARGUMENT', 'head', '"head" must be { seq, hash }');
  knownKeys(head, ['seq', 'hash'], 'head', raise);
  const { seq, hash } = head as { seq: unknown; hash: unknown };
  if (!Number.isSafeInteger(seq) || (seq as number) < -1 || typeof hash !== 'string' || !HEX64.test(hash))
    throw raise(
      'INVALID_ARGUMENT',
      'head',
      '"head" must be { seq, hash }: an integer of at least -1 and 64 hex characters',
    );
  return { seq: seq as number, hash };
}

/** SHA-256 hex of a text's UTF-8, by WebCrypto where the runtime has it, else in pure JavaScript. */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle !== undefined) return toHex(new Uint8Array(await subtle.digest('SHA-256', encoder.encode(text))));
  return toHex(sha256(utf8ToBytes(text)));
}

/** A draft chained onto a head, with its body (see `draftBody`), built once. */
export interface ChainedBody {
  /** The entry. */
  readonly entry: DeletionLogEntry;
  /** Its body. */
  readonly body: string;
}

/** {@link chainEntries} with WebCrypto's SHA-256 where it exists; also returns each entry's body. */
export async function chainEntriesFast(
  head: LogHead,
  drafts: readonly DeletionDraft[],
): Promise<{ chained: ChainedBody[]; head: LogHead }> {
  const chained: ChainedBody[] = [];
  let { seq, hash } = head;
  for (const [i, d] of drafts.entries()) {
    const { ids, body } = draftBody(d, `drafts[${i}]`);
    const prev = hash;
    seq++;
    hash = await sha256Hex(canonicalText(seq, prev, body));
    chained.push({ entry: entryOf(d, ids, seq, prev, hash), body });
  }
  return { chained, head: { seq, hash } };
}
