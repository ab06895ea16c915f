/**
 * @module
 * Keyed identifier digests and suppression lists: identifiers are matched and suppressed by
 * HMAC-SHA-256 under the controller's key, never stored in clear. A plain hash of an e-mail
 * address can be reversed by hashing candidate addresses; a keyed one cannot without the key.
 */

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { oneOf, strictOptions } from '@privkit/internal/check';
import { toHex } from '@privkit/internal/hex';
import { formatInstant, type InstantInput, requireInstant } from '@privkit/internal/instant';
import { raise } from '../internal/raise.js';
import { text } from '../internal/records.js';
import type { IdentifierDigest } from '../model.js';

const encoder = /* @__PURE__ */ new TextEncoder();
const TYPE = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Normalizes an identifier before hashing, so `Ada@Example.com ` and `ada@example.com` match:
 * Unicode NFC and trimmed; e-mail addresses lower-cased; phone numbers reduced to digits and a
 * leading `+`.
 *
 * @param type - `email`, `phone`, or anything else (only trimmed and NFC-normalized).
 * @param value - the identifier.
 * @returns the normalized form.
 * @throws {@link index!DsarError} `INVALID_ARGUMENT` when `type` or `value` is not a string.
 * @example
 * ```ts
 * import { normalizeIdentifier } from '@privkit/dsar/fulfilment';
 *
 * normalizeIdentifier('phone', '+44 (0)20 7946 0000'); // "+4402079460000"
 * ```
 */
export function normalizeIdentifier(type: string, value: string): string {
  if (typeof type !== 'string') throw raise('INVALID_ARGUMENT', 'type', '"type" must be a string');
  if (typeof value !== 'string') throw raise('INVALID_ARGUMENT', 'value', '"value" must be a string');
  const v = value.normalize('NFC').trim();
  if (type === 'email') return v.toLowerCase();
  if (type === 'phone') return (v.startsWith('+') ? '+' : '') + v.replace(/\D/g, '');
  return v;
}

function keyBytes(key: unknown): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length < 32)
    throw raise('INVALID_ARGUMENT', 'key', '"key" must be a Uint8Array of at least 32 random bytes');
  // A key of one repeated byte is a placeholder, not a secret (an all-zero key makes the digests
  // a public function of the identifier).
  if (key.every((b) => b === key[0]))
    throw raise('INVALID_ARGUMENT', 'key', '"key" must be random bytes, not one byte repeated');
  return key;
}

/**
 * A keyed digest of an identifier: HMAC-SHA-256 under your secret key over the type and the
 * normalized value. Matching works without storing the identifier.
 *
 * @param key - at least 32 random bytes, kept in your secret store.
 * @param type - the identifier type (`email`, `phone`, …): lower-case letters, digits and `-`.
 * @param value - the identifier.
 * @returns `{ type, digest }`, the digest as 64 hex digits.
 * @throws {@link index!DsarError} `INVALID_ARGUMENT` for a short or constant key, a bad type or an empty value.
 * @example
 * ```ts
 * import { digestIdentifier } from '@privkit/dsar/fulfilment';
 *
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * digestIdentifier(key, 'email', 'Ada@Example.com').digest ===
 *   digestIdentifier(key, 'email', 'ada@example.com').digest; // true
 * ```
 */
export function digestIdentifier(key: Uint8Array, type: string, value: string): IdentifierDigest {
  const k = keyBytes(key);
  if (typeof type !== 'string' || !TYPE.test(type))
    throw raise('INVALID_ARGUMENT', 'type', '"type" must be a short lower-case identifier type');
  if (typeof value !== 'string' || value.trim() === '')
    throw raise('INVALID_ARGUMENT', 'value', '"value" must be a non-empty string');
  const message = encoder.encode(`${type}\u0000${normalizeIdentifier(type, value)}`);
  return { type, digest: toHex(hmac(sha256, k, message)) };
}

/**
 * A suppression record: what is kept after an erasure or a marketing opt-out so the person is
 * not contacted or re-imported again — only the keyed digest, the reason and the date.
 *
 * @example
 * ```ts
 * import type { SuppressionRecord } from '@privkit/dsar/fulfilment';
 *
 * const record: SuppressionRecord = {
 *   type: 'email', digest: 'ab'.repeat(32), reason: 'erasure', createdAt: '2025-02-01T10:00:00.000Z',
 *   source: 'dsar:REQ-42',
 * };
 * ```
 */
export interface SuppressionRecord extends IdentifierDigest {
  /** Why: an erasure, or an objection / opt-out to direct marketing (GDPR Art 21(3)). */
  readonly reason: 'erasure' | 'marketing-opt-out' | 'objection';
  /** When, RFC 3339 UTC. */
  readonly createdAt: string;
  /** The request it came from, e.g. `dsar:REQ-42`. */
  readonly source?: string;
}

/**
 * Builds a suppression record for an identifier, holding only its keyed digest.
 *
 * @param key - the digest key (see {@link digestIdentifier}).
 * @param type - the identifier type.
 * @param value - the identifier (used for the digest, not kept).
 * @param reason - why.
 * @param options - `createdAt` (an instant; default now) and `source` (the request, e.g. `dsar:REQ-42`).
 * @returns the record.
 * @throws {@link index!DsarError} `INVALID_ARGUMENT` as {@link digestIdentifier} or for an unknown
 *   reason; `UNKNOWN_KEY` / `INVALID_INSTANT` for bad options.
 * @example
 * ```ts
 * import { isSuppressed, suppressionRecord } from '@privkit/dsar/fulfilment';
 *
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * const list = [suppressionRecord(key, 'email', 'ada@example.com', 'marketing-opt-out')];
 * isSuppressed(list, key, 'email', ' ADA@example.com'); // true
 * JSON.stringify(list).includes('ada@example.com'); // false
 * ```
 */
export function suppressionRecord(
  key: Uint8Array,
  type: string,
  value: string,
  reason: SuppressionRecord['reason'],
  options?: { readonly createdAt?: InstantInput; readonly source?: string },
): SuppressionRecord {
  const why = oneOf(reason, ['erasure', 'marketing-opt-out', 'objection'] as const, 'reason', raise);
  const o = strictOptions(options, ['createdAt', 'source'], raise);
  const createdAt = formatInstant(
    o['createdAt'] === undefined ? Date.now() : requireInstant(o['createdAt'], 'options.createdAt', raise),
  );
  return {
    ...digestIdentifier(key, type, value),
    reason: why,
    createdAt,
    ...(o['source'] === undefined ? {} : { source: text(o['source'], 'options.source', raise) }),
  };
}

/**
 * Whether an identifier is on a suppression list (compares keyed digests).
 *
 * @param records - the suppression list.
 * @param key - the digest key the list was built with.
 * @param type - the identifier type.
 * @param value - the identifier to check.
 * @returns `true` if a record matches.
 * @throws {@link index!DsarError} `INVALID_ARGUMENT` as {@link digestIdentifier}.
 * @example
 * ```ts
 * import { isSuppressed } from '@privkit/dsar/fulfilment';
 *
 * isSuppressed([], crypto.getRandomValues(new Uint8Array(32)), 'email', 'a@b.example'); // false
 * ```
 */
export function isSuppressed(
  records: Iterable<IdentifierDigest>,
  key: Uint8Array,
  type: string,
  value: string,
): boolean {
  const { digest } = digestIdentifier(key, type, value);
  for (const r of records) if (r?.type === type && r.digest === digest) return true;
  return false;
}
