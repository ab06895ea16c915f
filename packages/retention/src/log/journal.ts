/**
 * @module
 * A write-ahead journal for a deletion log kept outside a database (a file beside a records file,
 * as `privkit retention sweep` keeps it), where deleting the records and appending their entries
 * cannot be one transaction. Three sealed texts make it safe:
 *
 * - the **checkpoint**: the log's head (`seq` and hash), sealed with the tenant's key. Kept beside
 *   the log and replaced after each append, it is the trusted head that shows entries cut or
 *   rewritten at the end of the log, which the chain alone cannot;
 * - the **intent**: the entries about to be appended, chained onto the head and sealed, written
 *   durably *before* anything is deleted;
 * - **reconcile**: on the next run, what the intent became. Its records all gone: the deletion
 *   happened, so its entries are (or are now) the log's next entries, exactly once. Its records
 *   all still there: nothing happened, and the intent is dropped. Anything else (a log that is
 *   neither, records partly gone, a seal that does not verify) is `LOG_BROKEN`, and nothing is
 *   deleted.
 *
 * So a run that fails anywhere leaves a log that records exactly the deletions that happened, and
 * a rerun never logs an id twice. The seals are HMAC-SHA-256 (RFC 2104) under the tenant's key
 * with their own domains, apart from the identifier hashes', so a record id chosen by anyone can
 * never produce a seal.
 */

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { isPlainObject, knownKeys, nonEmptyString, own, plainObject, strictObject } from '@privkit/internal/check';
import { toHex } from '@privkit/internal/hex';
import { canonicalJson, parseJsonStrict } from '@privkit/internal/json';
import { RetentionError, raise } from '../errors.js';
import { type DeletionLogEntry, EMPTY_HEAD, type LogHead } from './entry.js';
import { createIdentifierHasher } from './hasher.js';
import { verifyLog } from './verify.js';

const CHECKPOINT_FORMAT = 'privkit-retention-checkpoint/1';
const INTENT_FORMAT = 'privkit-retention-intent/1';
const CHECKPOINT_DOMAIN = 'privkit/retention/checkpoint/v1\u0000';
const INTENT_DOMAIN = 'privkit/retention/intent/v1\u0000';
const HEX64 = /^[0-9a-f]{64}$/;

/** Options of {@link createLogJournal}. */
export interface LogJournalOptions {
  /** The tenant's identifier key: at least 32 random bytes (the key its log's ids are hashed with). */
  readonly key: Uint8Array;
  /** The tenant whose log this is. */
  readonly tenant: string;
}

/** What the stored state is, for {@link LogJournal.reconcile}. */
export interface JournalState {
  /** The log's entries as stored now, in order. */
  readonly entries: readonly DeletionLogEntry[];
  /** The stored checkpoint text; absent only while the log is empty. */
  readonly checkpoint?: string | undefined;
  /** The stored intent text, when one was left (a run stopped between intent and checkpoint). */
  readonly intent?: string | undefined;
  /** The ids of the records still stored (read only when there is an intent). */
  readonly storedIds?: Iterable<string> | undefined;
}

/**
 * What {@link LogJournal.reconcile} found:
 *
 * - `none`: no intent; the log verifies up to its checkpoint.
 * - `commit`: the intent's deletions happened. Store `entries` as the log (the intent's entries
 *   are `appended` when the log did not have them yet), then the checkpoint of `head`, then remove
 *   the intent.
 * - `abort`: the intent's deletions did not happen; remove the intent. The log is unchanged.
 */
export type Reconciliation =
  | {
      /** Nothing pending. */
      readonly action: 'none';
      /** The log's head. */
      readonly head: LogHead;
      /** The log. */
      readonly entries: readonly DeletionLogEntry[];
    }
  | {
      /** The intent happened. */
      readonly action: 'commit';
      /** The head after the intent's entries. */
      readonly head: LogHead;
      /** The log, with the intent's entries. */
      readonly entries: readonly DeletionLogEntry[];
      /** The intent's entries the stored log did not have yet (none, or all of them). */
      readonly appended: readonly DeletionLogEntry[];
    }
  | {
      /** The intent did not happen. */
      readonly action: 'abort';
      /** The log's head. */
      readonly head: LogHead;
      /** The log. */
      readonly entries: readonly DeletionLogEntry[];
    };

/** A tenant's write-ahead journal: sealed checkpoints and intents, and what a pending intent became. */
export interface LogJournal {
  /**
   * The sealed checkpoint of a head (JSON text): store it beside the log, and replace it after
   * every append.
   * @param head - the log's head after the last append.
   */
  checkpoint(head: LogHead): string;
  /**
   * The sealed intent (JSON text) to append `entries` after `head`: store it durably before
   * deleting anything.
   * @param head - the log's head now.
   * @param entries - the entries of the deletions about to happen, chained onto `head`.
   */
  intent(head: LogHead, entries: readonly DeletionLogEntry[]): string;
  /**
   * Verifies the stored log against its checkpoint (the tail included) and decides what a pending
   * intent became.
   * @param state - the stored log, checkpoint and intent, and the ids still stored.
   */
  reconcile(state: JournalState): Reconciliation;
}

const broken = (message: string): RetentionError => new RetentionError('LOG_BROKEN', message);

/** Compares two hex strings in time that depends on their length only. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function readHead(value: unknown, what: string): LogHead {
  if (!isPlainObject(value) || Object.keys(value).some((k) => k !== 'seq' && k !== 'hash'))
    throw broken(`${what} is malformed`);
  const seq = own(value, 'seq');
  const hash = own(value, 'hash');
  if (!Number.isSafeInteger(seq) || (seq as number) < -1 || typeof hash !== 'string' || !HEX64.test(hash))
    throw broken(`${what} is malformed`);
  return { seq: seq as number, hash };
}

/** The sealed JSON object in `text`, checked against `keys` and `format`, or `LOG_BROKEN`. */
function readSealed(text: unknown, keys: readonly string[], format: string, what: string): Record<string, unknown> {
  if (typeof text !== 'string') throw broken(`the ${what} is not text`);
  const parsed = parseJsonStrict(text);
  if (!parsed.ok)
    throw broken(`the ${what} is not JSON${parsed.problem === 'duplicate-key' ? ' (a key appears twice)' : ''}`);
  const object = parsed.value;
  if (!isPlainObject(object)) throw broken(`the ${what} is not a JSON object`);
  for (const key of Object.keys(object)) if (!keys.includes(key)) throw broken(`the ${what} has an unknown field`);
  if (own(object, 'format') !== format) throw broken(`the ${what} is not a ${format}`);
  if (typeof own(object, 'seal') !== 'string') throw broken(`the ${what} is not sealed`);
  return object;
}

/**
 * A tenant's write-ahead journal for a deletion log kept in files: sealed checkpoints (so the end
 * of the log can be verified) and intents (written before deleting, so a run that fails half-way
 * is completed or dropped by the next, and never logs a deletion twice).
 *
 * @param options - the tenant's identifier key and the tenant.
 * @returns the journal. It prints as `[redacted]`.
 * @throws {@link RetentionError} `UNKNOWN_KEY` or `INVALID_OPTIONS` for bad options (a key shorter
 *   than 32 bytes included).
 * @example
 * ```ts
 * import { chainEntries, createLogJournal, GENESIS_HASH } from '@privkit/retention/log';
 *
 * const journal = createLogJournal({ key: new Uint8Array(32).fill(7), tenant: 'acme' });
 * const start = { seq: -1, hash: GENESIS_HASH };
 * const { entries, head } = chainEntries(start, [
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
 * const intent = journal.intent(start, entries); // write it durably, then delete the records
 * // … the run stops before the log is written. The next run finds the records gone:
 * const next = journal.reconcile({ entries: [], intent, storedIds: [] });
 * next.action; // "commit": store next.entries as the log, journal.checkpoint(next.head) beside it
 * next.head.seq === head.seq; // true
 * ```
 */
export function createLogJournal(options: LogJournalOptions): LogJournal {
  const o = strictObject(options, ['key', 'tenant'], 'options', raise, 'INVALID_OPTIONS');
  const key = o['key'];
  if (!(key instanceof Uint8Array) || key.length < 32)
    throw raise('INVALID_OPTIONS', 'options.key', '"options.key" must be a Uint8Array of at least 32 bytes');
  const tenant = nonEmptyString(o['tenant'], 'options.tenant', raise, 'INVALID_OPTIONS');
  // A copy: the caller may wipe or reuse its buffer.
  const secret = Uint8Array.from(key);
  const hasher = createIdentifierHasher(secret);
  const seal = (domain: string, content: unknown): string =>
    toHex(hmac(sha256, secret, utf8ToBytes(domain + canonicalJson(content))));

  const checkHead = (head: unknown, path: string): LogHead => {
    const h = plainObject(head, path, raise);
    knownKeys(h, ['seq', 'hash'], path, raise);
    const seq = own(h, 'seq');
    const hash = own(h, 'hash');
    if (!Number.isSafeInteger(seq) || (seq as number) < -1 || typeof hash !== 'string' || !HEX64.test(hash))
      throw raise(
        'INVALID_ARGUMENT',
        path,
        `"${path}" must be { seq, hash }: an integer of at least -1 and 64 hex characters`,
      );
    return { seq: seq as number, hash };
  };

  const openCheckpoint = (text: string | undefined): LogHead | undefined => {
    if (text === undefined) return undefined;
    const c = readSealed(text, ['format', 'tenant', 'seq', 'hash', 'seal'], CHECKPOINT_FORMAT, 'checkpoint');
    const head = readHead({ seq: own(c, 'seq'), hash: own(c, 'hash') }, 'the checkpoint');
    if (own(c, 'tenant') !== tenant) throw broken("the checkpoint is another tenant's");
    const expected = seal(CHECKPOINT_DOMAIN, { format: CHECKPOINT_FORMAT, tenant, seq: head.seq, hash: head.hash });
    if (!sameHex(own(c, 'seal') as string, expected)) throw broken('the checkpoint does not verify with this key');
    return head;
  };

  const openIntent = (text: string) => {
    const i = readSealed(text, ['format', 'tenant', 'from', 'to', 'entries', 'seal'], INTENT_FORMAT, 'intent');
    if (own(i, 'tenant') !== tenant) throw broken("the intent is another tenant's");
    const from = readHead(own(i, 'from'), 'the intent');
    const to = readHead(own(i, 'to'), 'the intent');
    const expected = seal(INTENT_DOMAIN, { format: INTENT_FORMAT, tenant, from, to });
    if (!sameHex(own(i, 'seal') as string, expected)) throw broken('the intent does not verify with this key');
    const entries = own(i, 'entries');
    if (!Array.isArray(entries)) throw broken('the intent is malformed');
    // The seal covers `to`, and the chain from `from` to `to` covers every entry.
    const check = verifyLog(entries as DeletionLogEntry[], { after: from, head: to, tenant });
    if (!check.valid) throw broken(`the intent's entries do not verify: ${check.problems[0]?.message}`);
    return { from, to, entries: entries as DeletionLogEntry[] };
  };

  const journal: LogJournal = {
    checkpoint(head) {
      const h = checkHead(head, 'head');
      return JSON.stringify({
        format: CHECKPOINT_FORMAT,
        tenant,
        seq: h.seq,
        hash: h.hash,
        seal: seal(CHECKPOINT_DOMAIN, { format: CHECKPOINT_FORMAT, tenant, seq: h.seq, hash: h.hash }),
      });
    },

    intent(head, entries) {
      const from = checkHead(head, 'head');
      if (!Array.isArray(entries))
        throw raise('INVALID_ARGUMENT', 'entries', '"entries" must be an array of log entries');
      const check = verifyLog(entries, { after: from, tenant });
      if (!check.valid)
        throw raise(
          'INVALID_ARGUMENT',
          'entries',
          `"entries" must be chained onto "head": ${check.problems[0]?.message}`,
        );
      const last = entries.at(-1);
      const to = last === undefined ? from : { seq: last.seq, hash: last.hash };
      return JSON.stringify({
        format: INTENT_FORMAT,
        tenant,
        from,
        to,
        entries,
        seal: seal(INTENT_DOMAIN, { format: INTENT_FORMAT, tenant, from, to }),
      });
    },

    reconcile(state) {
      const s = strictObject(state, ['entries', 'checkpoint', 'intent', 'storedIds'], 'state', raise);
      const entries = own(s, 'entries');
      if (!Array.isArray(entries)) throw raise('INVALID_ARGUMENT', 'state.entries', '"state.entries" must be an array');
      const log = entries as DeletionLogEntry[];
      const checkpointText = own(s, 'checkpoint');
      const intentText = own(s, 'intent');
      if (checkpointText !== undefined && typeof checkpointText !== 'string')
        throw raise('INVALID_ARGUMENT', 'state.checkpoint', '"state.checkpoint" must be text');
      if (intentText !== undefined && typeof intentText !== 'string')
        throw raise('INVALID_ARGUMENT', 'state.intent', '"state.intent" must be text');
      const checkpoint = openCheckpoint(checkpointText as string | undefined);
      if (checkpoint === undefined && log.length > 0 && intentText === undefined)
        throw broken('the log has entries but no checkpoint: its end cannot be verified');
      const verified = (head: LogHead, upTo = log.length) => {
        const check = verifyLog(log.slice(0, upTo), { head, tenant });
        if (!check.valid) throw broken(`the deletion log does not verify: ${check.problems[0]?.message}`);
      };
      if (intentText === undefined) {
        const head = checkpoint ?? EMPTY_HEAD;
        verified(head);
        return { action: 'none', head, entries: log };
      }
      const intent = openIntent(intentText as string);
      const prefix = intent.from.seq + 1;
      // The checkpoint is the one before the intent, or (the run stopped after writing it) the one after.
      const atFrom =
        (checkpoint ?? EMPTY_HEAD).seq === intent.from.seq && (checkpoint ?? EMPTY_HEAD).hash === intent.from.hash;
      const atTo = checkpoint !== undefined && checkpoint.seq === intent.to.seq && checkpoint.hash === intent.to.hash;
      if (!atFrom && !atTo) throw broken('the checkpoint is neither the head before the intent nor the one after it');
      let appended: boolean;
      if (log.length === prefix && atFrom) {
        verified(intent.from);
        appended = false;
      } else if (log.length === prefix + intent.entries.length) {
        verified(intent.to);
        if (log.slice(prefix).some((e, i) => e.hash !== intent.entries[i]?.hash))
          throw broken("the log's last entries are not the intent's");
        appended = true;
      } else {
        throw broken('the log ends neither before nor after the intent');
      }
      const storedIds = own(s, 'storedIds');
      if (
        storedIds === undefined ||
        storedIds === null ||
        typeof (storedIds as Iterable<string>)[Symbol.iterator] !== 'function'
      )
        throw raise(
          'INVALID_ARGUMENT',
          'state.storedIds',
          '"state.storedIds" must list the ids still stored when there is an intent',
        );
      const wanted = new Set<string>();
      for (const e of intent.entries) for (const id of e.ids) wanted.add(id);
      let still = 0;
      for (const id of storedIds as Iterable<string>) {
        if (typeof id === 'string' && wanted.has(hasher.hash(id))) {
          wanted.delete(hasher.hash(id));
          still++;
        }
      }
      const total = still + wanted.size;
      if (still === 0) {
        const full = appended ? log : [...log, ...intent.entries];
        return { action: 'commit', head: intent.to, entries: full, appended: appended ? [] : intent.entries };
      }
      if (still === total && !appended) return { action: 'abort', head: intent.from, entries: log };
      throw broken(
        appended
          ? 'the log records deletions of records that are still stored'
          : 'part of the records the intent deletes are still stored, part are gone',
      );
    },
  };
  Object.defineProperties(journal, {
    toString: { value: () => '[redacted]' },
    toJSON: { value: () => '[redacted]' },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => '[redacted]' },
  });
  return Object.freeze(journal);
}
