/**
 * @module
 * The deletion log's entry format: the fields of an entry and its one canonical text. An entry's
 * hash is the SHA-256 of its canonical JSON without `hash` (fixed key order, no spaces); its line
 * in a file or proof bundle is that JSON with `hash` last. Both are built here by string
 * concatenation, with the ids' part serialised once: a 5,000-id entry is 175 KB of text, and a
 * store keeps that body written once and chains it later by setting `seq`, `prev` and `hash`
 * beside it.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { isPlainObject, knownKeys } from '@privkit/internal/check';
import { GENESIS_HASH } from '@privkit/internal/hash-chain';
import { toHex } from '@privkit/internal/hex';
import { formatInstant, parseInstant } from '@privkit/internal/instant';
import { raise } from '../errors.js';

export { GENESIS_HASH };

/** One entry of the deletion log. Plain JSON; one line of a proof bundle. */
export interface DeletionLogEntry extends DeletionDraft {
  /** Format version, 1. */
  readonly v: 1;
  /** Position in the tenant's log, from 0, without gaps. */
  readonly seq: number;
  /** `hash` of the previous entry, or {@link GENESIS_HASH}. */
  readonly prev: string;
  /** How many records; always `ids.length`. */
  readonly count: number;
  /** The records' keyed hashes (32 hex characters each), sorted, without repeats. */
  readonly ids: readonly string[];
  /** SHA-256 (hex) of the entry's canonical JSON without `hash`. */
  readonly hash: string;
}

/** The head of a log: the last entry's `seq` (-1 when empty) and `hash` ({@link GENESIS_HASH} when empty). */
export interface LogHead {
  /** The last entry's seq, or -1. */
  readonly seq: number;
  /** The last entry's hash, or {@link GENESIS_HASH}. */
  readonly hash: string;
}

/**
 * The part of an entry the caller chooses; `seq`, `prev`, `count` and `hash` are chained in. An
 * entry ({@link DeletionLogEntry}) has these fields too.
 */
export interface DeletionDraft {
  /** When the batch was committed (RFC 3339, UTC, with milliseconds). */
  readonly at: string;
  /** The tenant whose log this is (and whose key hashed `ids`). */
  readonly tenant: string;
  /** The worker that deleted the batch. */
  readonly worker: string;
  /** `sweep`: deleted by a retention sweep; `replay`: deleted again after a restore brought it back. */
  readonly kind: 'sweep' | 'replay';
  /** The data category. */
  readonly category: string;
  /** The rule that made the records due. */
  readonly rule: string;
  /** The keyed hashes (any order in a draft; an entry keeps them sorted). */
  readonly ids: readonly string[];
}

/** The head of an empty log. */
export const EMPTY_HEAD: LogHead = Object.freeze({ seq: -1, hash: GENESIS_HASH });

/** The keys of an entry, in canonical order. */
export const ENTRY_KEYS = [
  'v',
  'seq',
  'prev',
  'at',
  'tenant',
  'worker',
  'kind',
  'category',
  'rule',
  'count',
  'ids',
  'hash',
] as const;

/**
 * The JSON elements of id arrays whose text is already known (`"h1","h2",…`), keyed by a symbol
 * only this module holds: the sweeper hashes a batch's ids into one string and sorts them before
 * they become strings, so chaining neither sorts nor serialises them again. An array without it
 * (a user's draft, a merged or edited array) is sorted and serialised as usual.
 */
const IDS_JSON: unique symbol = Symbol('privkit/retention ids json');

/** An id array with its JSON elements attached. */
type KnownIds = string[] & { readonly [IDS_JSON]?: string };

/** Marks `ids` (sorted, without repeats) as having the JSON elements `json`. */
export function withIdsJson(ids: string[], json: string): string[] {
  Object.defineProperty(ids, IDS_JSON, { value: json });
  return ids;
}

const DRAFT_KEYS = ['at', 'tenant', 'worker', 'kind', 'category', 'rule', 'ids'] as const;
const HEX32 = /^[0-9a-f]{32}$/;

/**
 * Checks a draft before it is chained: only what an entry holds, `at` an RFC 3339 UTC instant with
 * milliseconds that exists, the texts non-empty, the ids keyed hashes. Ids the identifier hasher
 * produced (and marked) are not checked one by one again.
 */
function checkDraft(d: unknown, path: string, known: boolean): asserts d is DeletionDraft {
  if (!isPlainObject(d)) throw raise('INVALID_ARGUMENT', path, `"${path}" must be a plain object`);
  knownKeys(d, DRAFT_KEYS, path, raise);
  const at = typeof d['at'] === 'string' ? parseInstant(d['at']) : undefined;
  if (at === undefined || formatInstant(at) !== d['at'])
    throw raise(
      'INVALID_INSTANT',
      `${path}.at`,
      `"${path}.at" must be an RFC 3339 UTC instant with milliseconds that exists`,
    );
  for (const f of ['tenant', 'worker', 'category', 'rule'] as const)
    if (typeof d[f] !== 'string' || d[f] === '')
      throw raise('INVALID_ARGUMENT', `${path}.${f}`, `"${path}.${f}" must be a non-empty string`);
  if (d['kind'] !== 'sweep' && d['kind'] !== 'replay')
    throw raise('INVALID_ARGUMENT', `${path}.kind`, `"${path}.kind" must be one of: sweep, replay`);
  const ids = d['ids'];
  if (!Array.isArray(ids) || (!known && !ids.every((id) => typeof id === 'string' && HEX32.test(id))))
    throw raise(
      'INVALID_ARGUMENT',
      `${path}.ids`,
      `"${path}.ids" must be an array of keyed hashes (32 hex characters)`,
    );
}

/** A draft's fields from `at` to `rule`, in canonical order (only those: a draft may be a whole entry). */
function namedFields(d: Omit<DeletionDraft, 'ids'>): Omit<DeletionDraft, 'ids'> {
  return { at: d.at, tenant: d.tenant, worker: d.worker, kind: d.kind, category: d.category, rule: d.rule };
}

/** The canonical JSON of an entry's fields from `at` to `count` (no braces), in canonical order. */
function leadingFields(d: Omit<DeletionDraft, 'ids'>, count: number): string {
  return JSON.stringify({ ...namedFields(d), count }).slice(1, -1);
}

/**
 * The part of an entry's canonical JSON after `prev`: `"at":…,"ids":[…]` (no braces), and the
 * sorted ids. An entry is `{"v":1,"seq":…,"prev":"…",` + body + `}`.
 */
export function draftBody(d: DeletionDraft, path = 'draft'): { ids: string[]; body: string } {
  const known =
    isPlainObject(d) && Array.isArray(d.ids) && Object.hasOwn(d.ids, IDS_JSON)
      ? (d.ids as KnownIds)[IDS_JSON]
      : undefined;
  checkDraft(d, path, known !== undefined);
  const ids = known === undefined ? [...d.ids].sort() : (d.ids as string[]);
  return { ids, body: `${leadingFields(d, ids.length)},"ids":[${known ?? JSON.stringify(ids).slice(1, -1)}]` };
}

/** The canonical JSON (without `hash`) of the entry with this body at `seq` after `prev`. */
export function canonicalText(seq: number, prev: string, body: string): string {
  return `{"v":1,"seq":${seq},"prev":${JSON.stringify(prev)},${body}}`;
}

/** The stored JSON line of an entry: its canonical JSON with `hash` last (no line break). */
export function entryLine(seq: number, prev: string, body: string, hash: string): string {
  return `${canonicalText(seq, prev, body).slice(0, -1)},"hash":${JSON.stringify(hash)}}`;
}

/** The body of an entry (see {@link draftBody}), from its own fields. */
export function bodyOf(e: Omit<DeletionLogEntry, 'v' | 'seq' | 'prev' | 'hash'>): string {
  return `${leadingFields(e, e.count)},"ids":${JSON.stringify(e.ids)}`;
}

/** The canonical line of an entry: what a log file or proof bundle holds for it. */
export function lineOf(e: DeletionLogEntry): string {
  return entryLine(e.seq, e.prev, bodyOf(e), e.hash);
}

/** SHA-256 hex of an entry's canonical JSON without `hash`, in pure JavaScript (synchronous). */
export function entryHash(e: Omit<DeletionLogEntry, 'hash'>): string {
  return toHex(sha256(utf8ToBytes(canonicalText(e.seq, e.prev, bodyOf(e)))));
}

/** The entry of a draft (its ids as {@link draftBody} gave them) at `seq` after `prev`. */
export function entryOf(d: DeletionDraft, ids: string[], seq: number, prev: string, hash: string): DeletionLogEntry {
  return {
    v: 1,
    seq,
    prev,
    ...namedFields(d),
    count: ids.length,
    ids,
    hash,
  };
}
