/**
 * @module
 * The canonical form of a deletion log entry, and chaining drafts onto a head with the entries'
 * SHA-256 taken by WebCrypto where the runtime has it. A store appends under the log head's
 * lock, so this is the part of a batch that concurrent workers wait on: WebCrypto's native
 * SHA-256 hashes a 5,000-id entry (175 KB) in about 0.2 ms where the pure-JS one takes 1.5 ms.
 * Both give the same bytes; `chainEntries` (sync, pure JS) is the public form.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { DeletionDraft, DeletionLogEntry, LogHead } from '../log.js';

/** An entry without its hash. */
export type EntryBody = Omit<DeletionLogEntry, 'hash'>;

/** The canonical JSON of an entry without its hash: fixed key order, no spaces. */
export function canonicalEntry(e: EntryBody): string {
  return JSON.stringify({
    v: e.v,
    seq: e.seq,
    prev: e.prev,
    at: e.at,
    tenant: e.tenant,
    worker: e.worker,
    kind: e.kind,
    category: e.category,
    rule: e.rule,
    count: e.count,
    ids: e.ids,
  });
}

/** SHA-256 hex of an entry's canonical form, in pure JS. */
export function entryHash(e: EntryBody): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalEntry(e))));
}

/** The body of the entry that chains `draft` after `seq` and `prev`. */
export function entryBody(seq: number, prev: string, d: DeletionDraft): EntryBody {
  const ids = [...d.ids].sort();
  return {
    v: 1,
    seq,
    prev,
    at: d.at,
    tenant: d.tenant,
    worker: d.worker,
    kind: d.kind,
    category: d.category,
    rule: d.rule,
    count: ids.length,
    ids,
  };
}

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * The JSON of id arrays the sweeper built sorted (`"a","b",…`, without brackets), so chaining
 * neither sorts nor serialises them again. Keyed by the array itself: a merged or edited array
 * is a new array, and is sorted and serialised as usual.
 */
const knownJson = /* @__PURE__ */ new WeakMap<readonly string[], string>();

/** Records that `ids` is sorted and unique-in-order, with its JSON elements. */
export function rememberIdsJson(ids: readonly string[], json: string): void {
  knownJson.set(ids, json);
}

/**
 * The part of an entry's canonical JSON after `prev`: `"at":…,"ids":[…]` (no braces). An entry
 * is `{"v":1,"seq":…,"prev":"…",` + body + `}`, so a store can keep the body, the large part,
 * written once, and chain it later by setting `seq`, `prev` and `hash` beside it.
 */
export function draftBody(d: DeletionDraft): { ids: string[]; body: string } {
  const known = knownJson.get(d.ids);
  const ids = known === undefined ? [...d.ids].sort() : d.ids;
  const fields = JSON.stringify({
    at: d.at,
    tenant: d.tenant,
    worker: d.worker,
    kind: d.kind,
    category: d.category,
    rule: d.rule,
    count: ids.length,
  });
  return { ids, body: `${fields.slice(1, -1)},"ids":[${known ?? JSON.stringify(ids).slice(1, -1)}]` };
}

/** The canonical JSON (without `hash`) of the entry with this body at `seq` after `prev`. */
export function canonicalText(seq: number, prev: string, body: string): string {
  return `{"v":1,"seq":${seq},"prev":${JSON.stringify(prev)},${body}}`;
}

/** The stored JSON line of an entry: its canonical JSON with `hash` last. */
export function entryLine(seq: number, prev: string, body: string, hash: string): string {
  return `${canonicalText(seq, prev, body).slice(0, -1)},"hash":${JSON.stringify(hash)}}`;
}

/** The entry of a draft (its ids as {@link draftBody} gave them) at `seq` after `prev`. */
export function entryOf(d: DeletionDraft, ids: string[], seq: number, prev: string, hash: string): DeletionLogEntry {
  return {
    v: 1,
    seq,
    prev,
    at: d.at,
    tenant: d.tenant,
    worker: d.worker,
    kind: d.kind,
    category: d.category,
    rule: d.rule,
    count: ids.length,
    ids,
    hash,
  };
}

/** SHA-256 hex of a text's UTF-8, by WebCrypto where the runtime has it, else in pure JS. */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle !== undefined) return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', encoder.encode(text))));
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** A draft with its body, chained onto a head. */
export interface ChainedBody {
  /** The entry. */
  entry: DeletionLogEntry;
  /** Its body (see {@link draftBody}). */
  body: string;
}

/**
 * `chainEntries`, with WebCrypto's SHA-256 where `crypto.subtle` exists (Node, Deno, Bun,
 * workers, browsers in secure contexts) and the pure-JS one elsewhere; also returns each
 * entry's body, built once instead of serialised a second time.
 */
export async function chainEntriesFast(
  head: LogHead,
  drafts: readonly DeletionDraft[],
): Promise<{ chained: ChainedBody[]; head: LogHead }> {
  const chained: ChainedBody[] = [];
  let { seq, hash } = head;
  for (const d of drafts) {
    const { ids, body } = draftBody(d);
    const prev = hash;
    seq++;
    hash = await sha256Hex(canonicalText(seq, prev, body));
    chained.push({ entry: entryOf(d, ids, seq, prev, hash), body });
  }
  return { chained, head: { seq, hash } };
}
