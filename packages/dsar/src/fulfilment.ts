/**
 * @module
 * Fulfilment: data sources register what they can do for a subject (find, export, rectify,
 * erase); access and portability assemble an export bundle (JSON and CSV per source, with a
 * manifest of SHA-256 digests); erasure calls each source and records per-source outcomes,
 * including "retained under a legal obligation" with the rule cited. Identifiers are matched and
 * suppressed by keyed hash (HMAC-SHA-256), never stored in clear.
 */

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { DsarError } from './errors.js';
import { toHex } from './internal/canonical.js';
import type { DsarState, IdentifierDigest, SourceOutcome } from './model.js';

/** The subject as a data source sees it: the pseudonymous key and the identifier digests. */
export type SubjectRef = Pick<DsarState, 'subject' | 'identifiers'>;

/**
 * What erasing a subject at one source did.
 * - `erased`: deleted (or irreversibly anonymised).
 * - `not_found`: nothing held there.
 * - `retained`: kept because a law obliges it (GDPR Art 17(3)(b)); `citation` is required.
 */
export type ErasureResult =
  | {
      /** Erased. */
      readonly status: 'erased';
      /** Records erased. */
      readonly records?: number;
    }
  | {
      /** Nothing held. */
      readonly status: 'not_found';
    }
  | {
      /** Kept under a legal obligation. */
      readonly status: 'retained';
      /** Why, in words. */
      readonly reason: string;
      /** The rule obliging retention, e.g. `HGB § 257(4)`. */
      readonly citation: string;
      /** When it will be erased, ISO date. */
      readonly retainUntil?: string;
      /** Records kept. */
      readonly records?: number;
    };

/**
 * A data source that holds personal data, with the operations it supports.
 *
 * @example
 * ```ts
 * import type { DataSource } from '@privkit/dsar';
 *
 * const orders: DataSource = {
 *   name: 'orders',
 *   async export(subject) { return [{ order: 'A-1', total: 12.5 }]; },
 *   async erase(subject) {
 *     return { status: 'retained', reason: 'invoices', citation: 'HGB § 257(4): 10 years' };
 *   },
 * };
 * ```
 */
export interface DataSource {
  /** A short name: file names in the export bundle derive from it. */
  readonly name: string;
  /** What the source holds, for the manifest. */
  readonly description?: string;
  /** How many records it holds on the subject. */
  find?(subject: SubjectRef): Promise<number>;
  /** The subject's records as flat-ish objects (nested values are JSON-encoded in the CSV). */
  export?(subject: SubjectRef): Promise<readonly Record<string, unknown>[]>;
  /** Applies corrections; resolves with the number of records changed. */
  rectify?(subject: SubjectRef, changes: Readonly<Record<string, unknown>>): Promise<number>;
  /** Erases the subject's data, or says why it must be kept. */
  erase?(subject: SubjectRef): Promise<ErasureResult>;
}

/** One file of an export bundle. */
export interface BundleFile {
  /** Path inside the bundle: `<source>.json`, `<source>.csv`, `manifest.json`. */
  readonly path: string;
  /** MIME type. */
  readonly contentType: 'application/json' | 'text/csv';
  /** The content, UTF-8 text. */
  readonly content: string;
}

/** The manifest of an export bundle. */
export interface BundleManifest {
  /** The bundle format and version. */
  readonly format: 'privkit-dsar-export/1';
  /** The request id. */
  readonly requestId: string;
  /** The regime and right exercised. */
  readonly regime: string;
  /** The right exercised. */
  readonly right: string;
  /** When the bundle was made, ISO instant. */
  readonly generatedAt: string;
  /** Per source: records and files with their SHA-256 digests. */
  readonly sources: readonly BundleSource[];
}

/** One source in a {@link BundleManifest}. */
export interface BundleSource {
  /** The source name. */
  readonly name: string;
  /** Its description. */
  readonly description?: string;
  /** How many records were exported. */
  readonly records: number;
  /** The files and their digests. */
  readonly files: readonly BundleFileDigest[];
}

/** A file's digest in a {@link BundleManifest}. */
export interface BundleFileDigest {
  /** Path inside the bundle. */
  readonly path: string;
  /** SHA-256 of the UTF-8 content, hex. */
  readonly sha256: string;
  /** Size in bytes. */
  readonly bytes: number;
}

/** An export bundle: the files (manifest last) and the per-source outcomes for `fulfil`. */
export interface ExportBundle {
  /** The manifest. */
  readonly manifest: BundleManifest;
  /** Every file, `manifest.json` last. Zip or tar them with the tool of your choice. */
  readonly files: readonly BundleFile[];
  /** Per-source outcomes, for the `fulfil` or `fulfil_partially` event. */
  readonly outcomes: readonly SourceOutcome[];
}

const encoder = /* @__PURE__ */ new TextEncoder();
const SAFE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function checkSources(sources: readonly DataSource[]): void {
  const seen = new Set<string>();
  for (const [i, s] of sources.entries()) {
    if (typeof s?.name !== 'string' || !SAFE_NAME.test(s.name)) {
      throw new DsarError(
        'INVALID_ARGUMENT',
        `"sources[${i}].name" must be lower-case letters, digits, ".", "_" or "-" (it names files)`,
      );
    }
    if (seen.has(s.name)) throw new DsarError('INVALID_ARGUMENT', `"sources[${i}].name" is used twice`);
    seen.add(s.name);
  }
}

// RFC 4180 fields; text that a spreadsheet would run as a formula (OWASP "CSV injection") is
// prefixed with an apostrophe, because subjects open their exports in spreadsheets.
function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Records as RFC 4180 CSV: a header of every key seen (in first-seen order), CRLF line ends,
 * nested values as JSON, formula-like text neutralised with a leading apostrophe.
 *
 * @param records - the rows.
 * @returns the CSV text (header only for no records).
 * @example
 * ```ts
 * import { toCsv } from '@privkit/dsar';
 *
 * toCsv([{ a: 1, b: 'x,y' }, { a: 2, c: '=1+1' }]);
 * // 'a,b,c\r\n1,"x,y",\r\n2,,\'=1+1\r\n'
 * ```
 */
export function toCsv(records: readonly Record<string, unknown>[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      columns.push(k);
    }
  }
  const lines = [columns.map(csvField).join(',')];
  for (const r of records) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Assembles an export bundle for an access or portability request: for every source with
 * `export`, `<name>.json` (the records, pretty-printed) and `<name>.csv`, then `manifest.json`
 * listing each file's size and SHA-256. A source that fails is listed as `failed` in the
 * outcomes (its error is not copied: it may contain personal data) and left out of the files.
 *
 * @param request - the request (its id, regime, right, subject and identifier digests).
 * @param sources - the data sources.
 * @param generatedAt - the timestamp for the manifest (ISO instant); default now.
 * @returns the bundle.
 * @throws DsarError `INVALID_ARGUMENT` for a bad or duplicated source name.
 * @example
 * ```ts
 * import { buildExportBundle, openRequest } from '@privkit/dsar';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'REQ-42', regime: 'gdpr', right: 'access',
 *   subject: 'cust_8812', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * const bundle = await buildExportBundle(request, [
 *   { name: 'profile', export: async () => [{ name: 'Ada', plan: 'pro' }] },
 * ]);
 * bundle.files.map((f) => f.path); // ["profile.json", "profile.csv", "manifest.json"]
 * ```
 */
export async function buildExportBundle(
  request: Pick<DsarState, 'id' | 'regime' | 'right' | 'subject' | 'identifiers'>,
  sources: readonly DataSource[],
  generatedAt: string = new Date().toISOString(),
): Promise<ExportBundle> {
  checkSources(sources);
  const files: BundleFile[] = [];
  const outcomes: SourceOutcome[] = [];
  const manifestSources: BundleSource[] = [];
  for (const source of sources) {
    if (source.export === undefined) continue;
    let records: readonly Record<string, unknown>[];
    try {
      records = await source.export({ subject: request.subject, identifiers: request.identifiers });
    } catch {
      outcomes.push({ source: source.name, status: 'failed', reason: 'the source failed to export' });
      continue;
    }
    const own: BundleFile[] = [
      {
        path: `${source.name}.json`,
        contentType: 'application/json',
        content: `${JSON.stringify(records, null, 2)}\n`,
      },
      { path: `${source.name}.csv`, contentType: 'text/csv', content: toCsv(records) },
    ];
    files.push(...own);
    manifestSources.push({
      name: source.name,
      ...(source.description ? { description: source.description } : {}),
      records: records.length,
      files: own.map((f) => {
        const bytes = encoder.encode(f.content);
        return { path: f.path, sha256: toHex(sha256(bytes)), bytes: bytes.length };
      }),
    });
    outcomes.push({ source: source.name, status: records.length > 0 ? 'done' : 'not_found', records: records.length });
  }
  const manifest: BundleManifest = {
    format: 'privkit-dsar-export/1',
    requestId: request.id,
    regime: request.regime,
    right: request.right,
    generatedAt,
    sources: manifestSources,
  };
  files.push({
    path: 'manifest.json',
    contentType: 'application/json',
    content: `${JSON.stringify(manifest, null, 2)}\n`,
  });
  return { manifest, files, outcomes };
}

/**
 * Erases a subject at every source with `erase`, one after another, and returns per-source
 * outcomes for the `fulfil` / `fulfil_partially` event. A `retained` result without a citation
 * is refused (`MISSING_CITATION`): keeping data needs the rule that obliges it. A source that
 * throws is recorded as `failed` without its message.
 *
 * @param subject - the subject (a request state will do).
 * @param sources - the data sources.
 * @returns one outcome per source with `erase`.
 * @throws DsarError `MISSING_CITATION`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { eraseSubject } from '@privkit/dsar';
 *
 * const outcomes = await eraseSubject({ subject: 'cust_8812', identifiers: [] }, [
 *   { name: 'profile', erase: async () => ({ status: 'erased', records: 1 }) },
 *   { name: 'invoices', erase: async () => ({ status: 'retained', reason: 'tax records', citation: 'AO § 147(3)' }) },
 * ]);
 * outcomes.map((o) => o.status); // ["done", "retained"]
 * ```
 */
export async function eraseSubject(subject: SubjectRef, sources: readonly DataSource[]): Promise<SourceOutcome[]> {
  checkSources(sources);
  const outcomes: SourceOutcome[] = [];
  for (const source of sources) {
    if (source.erase === undefined) continue;
    let result: ErasureResult;
    try {
      result = await source.erase({ subject: subject.subject, identifiers: subject.identifiers });
    } catch {
      outcomes.push({ source: source.name, status: 'failed', reason: 'the source failed to erase' });
      continue;
    }
    if (result?.status === 'erased')
      outcomes.push({
        source: source.name,
        status: 'done',
        ...(result.records === undefined ? {} : { records: result.records }),
      });
    else if (result?.status === 'not_found') outcomes.push({ source: source.name, status: 'not_found', records: 0 });
    else if (result?.status === 'retained') {
      if (typeof result.citation !== 'string' || result.citation.trim() === '') {
        throw new DsarError(
          'MISSING_CITATION',
          `source "${source.name}" retained data without citing the rule that obliges it`,
        );
      }
      outcomes.push({
        source: source.name,
        status: 'retained',
        reason: result.reason,
        citation: result.citation,
        ...(result.retainUntil ? { retainUntil: result.retainUntil } : {}),
        ...(result.records === undefined ? {} : { records: result.records }),
      });
    } else
      outcomes.push({ source: source.name, status: 'failed', reason: 'the source returned no known erasure result' });
  }
  return outcomes;
}

/**
 * Asks every source with `find` how many records it holds on the subject: the first step of an
 * access or erasure request, and the "confirmation" LGPD Art 19(I) asks for.
 *
 * @param subject - the subject.
 * @param sources - the data sources.
 * @returns one outcome per source with `find`: `done` with the count, `not_found`, or `failed`.
 * @example
 * ```ts
 * import { findSubject } from '@privkit/dsar';
 *
 * await findSubject({ subject: 'c1', identifiers: [] }, [{ name: 'crm', find: async () => 3 }]);
 * // [{ source: "crm", status: "done", records: 3 }]
 * ```
 */
export async function findSubject(subject: SubjectRef, sources: readonly DataSource[]): Promise<SourceOutcome[]> {
  checkSources(sources);
  const outcomes: SourceOutcome[] = [];
  for (const source of sources) {
    if (source.find === undefined) continue;
    try {
      const n = await source.find({ subject: subject.subject, identifiers: subject.identifiers });
      outcomes.push({ source: source.name, status: n > 0 ? 'done' : 'not_found', records: n });
    } catch {
      outcomes.push({ source: source.name, status: 'failed', reason: 'the source failed to search' });
    }
  }
  return outcomes;
}

/**
 * Applies corrections at every source with `rectify` and returns per-source outcomes.
 *
 * @param subject - the subject.
 * @param sources - the data sources.
 * @param changes - the corrections, field → new value.
 * @returns one outcome per source with `rectify`.
 * @example
 * ```ts
 * import { rectifySubject } from '@privkit/dsar';
 *
 * await rectifySubject({ subject: 'c1', identifiers: [] }, [
 *   { name: 'crm', rectify: async () => 1 },
 * ], { postcode: 'SW1A 1AA' }); // [{ source: "crm", status: "done", records: 1 }]
 * ```
 */
export async function rectifySubject(
  subject: SubjectRef,
  sources: readonly DataSource[],
  changes: Readonly<Record<string, unknown>>,
): Promise<SourceOutcome[]> {
  checkSources(sources);
  const outcomes: SourceOutcome[] = [];
  for (const source of sources) {
    if (source.rectify === undefined) continue;
    try {
      const n = await source.rectify({ subject: subject.subject, identifiers: subject.identifiers }, changes);
      outcomes.push({ source: source.name, status: n > 0 ? 'done' : 'not_found', records: n });
    } catch {
      outcomes.push({ source: source.name, status: 'failed', reason: 'the source failed to rectify' });
    }
  }
  return outcomes;
}

// --- keyed identifier digests and suppression ----------------------------------------------

/**
 * Normalises an identifier before hashing, so `Ada@Example.com ` and `ada@example.com` match:
 * Unicode NFC and trimmed; e-mail addresses lower-cased; phone numbers reduced to digits and a
 * leading `+`.
 *
 * @param type - `email`, `phone`, or anything else (only trimmed and NFC-normalised).
 * @param value - the identifier.
 * @returns the normalised form.
 * @example
 * ```ts
 * import { normaliseIdentifier } from '@privkit/dsar';
 *
 * normaliseIdentifier('phone', '+44 (0)20 7946 0000'); // "+4402079460000"
 * ```
 */
export function normaliseIdentifier(type: string, value: string): string {
  const v = value.normalize('NFC').trim();
  if (type === 'email') return v.toLowerCase();
  if (type === 'phone') return (v.startsWith('+') ? '+' : '') + v.replace(/\D/g, '');
  return v;
}

function keyBytes(key: Uint8Array): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length < 32)
    throw new DsarError('INVALID_ARGUMENT', '"key" must be a Uint8Array of at least 32 random bytes');
  return key;
}

/**
 * A keyed digest of an identifier: HMAC-SHA-256 under your secret key over the type and the
 * normalised value. Matching works without storing the identifier; without the key, a digest
 * cannot be confirmed by hashing guessed e-mail addresses (a plain hash could).
 *
 * @param key - at least 32 random bytes, kept in your secret store.
 * @param type - the identifier type (`email`, `phone`, …).
 * @param value - the identifier.
 * @returns `{ type, digest }`, the digest as 64 hex digits.
 * @throws DsarError `INVALID_ARGUMENT` for a short key or an empty value.
 * @example
 * ```ts
 * import { digestIdentifier } from '@privkit/dsar';
 *
 * const key = crypto.getRandomValues(new Uint8Array(32));
 * digestIdentifier(key, 'email', 'Ada@Example.com').digest ===
 *   digestIdentifier(key, 'email', 'ada@example.com').digest; // true
 * ```
 */
export function digestIdentifier(key: Uint8Array, type: string, value: string): IdentifierDigest {
  if (typeof type !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(type))
    throw new DsarError('INVALID_ARGUMENT', '"type" must be a short lower-case identifier type');
  if (typeof value !== 'string' || value.trim() === '')
    throw new DsarError('INVALID_ARGUMENT', '"value" must be a non-empty string');
  const message = encoder.encode(`${type}\u0000${normaliseIdentifier(type, value)}`);
  return { type, digest: toHex(hmac(sha256, keyBytes(key), message)) };
}

/**
 * A suppression record: what is kept after an erasure or a marketing opt-out so the person is
 * not contacted or re-imported again — only the keyed digest, the reason and the date.
 *
 * @example
 * ```ts
 * import type { SuppressionRecord } from '@privkit/dsar';
 *
 * const record: SuppressionRecord = {
 *   type: 'email', digest: 'ab'.repeat(32), reason: 'erasure', createdAt: '2025-02-01T10:00:00Z',
 *   source: 'dsar:REQ-42',
 * };
 * ```
 */
export interface SuppressionRecord extends IdentifierDigest {
  /** Why: an erasure, or an objection / opt-out to direct marketing (GDPR Art 21(3)). */
  readonly reason: 'erasure' | 'marketing-opt-out' | 'objection';
  /** When, ISO instant. */
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
 * @param createdAt - when (ISO instant); default now.
 * @param source - the request, e.g. `dsar:REQ-42`.
 * @returns the record.
 * @throws DsarError `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { isSuppressed, suppressionRecord } from '@privkit/dsar';
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
  createdAt: string = new Date().toISOString(),
  source?: string,
): SuppressionRecord {
  if (!['erasure', 'marketing-opt-out', 'objection'].includes(reason))
    throw new DsarError('INVALID_ARGUMENT', '"reason" must be erasure, marketing-opt-out or objection');
  return { ...digestIdentifier(key, type, value), reason, createdAt, ...(source === undefined ? {} : { source }) };
}

/**
 * Whether an identifier is on a suppression list (compares keyed digests).
 *
 * @param records - the suppression list.
 * @param key - the digest key the list was built with.
 * @param type - the identifier type.
 * @param value - the identifier to check.
 * @returns `true` if a record matches.
 * @example
 * ```ts
 * import { isSuppressed } from '@privkit/dsar';
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
  for (const r of records) if (r.type === type && r.digest === digest) return true;
  return false;
}
