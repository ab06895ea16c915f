/**
 * @module
 * Export bundles for access and portability: per source `<name>.json` and `<name>.csv`, then a
 * `manifest.json` listing every file with its size and SHA-256, so the subject (or an auditor,
 * with `verifyExportBundle` from `@privkit/dsar/verify`) can check nothing was changed or left
 * out after the bundle was made.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { array, isPlainObject, strictOptions } from '@privkit/internal/check';
import { toHex } from '@privkit/internal/hex';
import { formatInstant, type InstantInput, requireInstant } from '@privkit/internal/instant';
import { raise } from '../internal/raise.js';
import { checkState } from '../internal/state.js';
import type { DsarState, SourceOutcome } from '../model.js';
import { checkSources, type DataSource, subjectOf } from './sources.js';

/**
 * One file of an export bundle.
 *
 * @example
 * ```ts
 * import type { BundleFile } from '@privkit/dsar/fulfilment';
 *
 * const file: BundleFile = { path: 'profile.csv', contentType: 'text/csv', content: 'plan\r\npro\r\n' };
 * ```
 */
export interface BundleFile {
  /** Path inside the bundle: `<source>.json`, `<source>.csv`, `manifest.json`. */
  readonly path: string;
  /** MIME type. */
  readonly contentType: 'application/json' | 'text/csv';
  /** The content, UTF-8 text. */
  readonly content: string;
}

/**
 * The manifest of an export bundle.
 *
 * @example
 * ```ts
 * import type { BundleManifest } from '@privkit/dsar/fulfilment';
 *
 * const manifest: BundleManifest = {
 *   format: 'privkit-dsar-export/1', requestId: 'R1', regime: 'gdpr', right: 'access',
 *   generatedAt: '2025-02-10T10:00:00.000Z', sources: [],
 * };
 * ```
 */
export interface BundleManifest {
  /** The bundle format and version. */
  readonly format: 'privkit-dsar-export/1';
  /** The request id. */
  readonly requestId: string;
  /** The regime. */
  readonly regime: string;
  /** The right exercised. */
  readonly right: string;
  /** When the bundle was made, RFC 3339 UTC. */
  readonly generatedAt: string;
  /** Per source: records and files with their SHA-256 digests. */
  readonly sources: readonly BundleSource[];
}

/**
 * One source in a {@link BundleManifest}.
 *
 * @example
 * ```ts
 * import type { BundleSource } from '@privkit/dsar/fulfilment';
 *
 * const source: BundleSource = { name: 'profile', records: 0, files: [] };
 * ```
 */
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

/**
 * A file's digest in a {@link BundleManifest}.
 *
 * @example
 * ```ts
 * import type { BundleFileDigest } from '@privkit/dsar/fulfilment';
 *
 * const digest: BundleFileDigest = { path: 'profile.json', sha256: 'ab'.repeat(32), bytes: 3 };
 * ```
 */
export interface BundleFileDigest {
  /** Path inside the bundle. */
  readonly path: string;
  /** SHA-256 of the UTF-8 content, hex. */
  readonly sha256: string;
  /** Size in bytes. */
  readonly bytes: number;
}

/**
 * An export bundle: the files (manifest last) and the per-source outcomes for `fulfil`.
 *
 * @example
 * ```ts
 * import type { ExportBundle } from '@privkit/dsar/fulfilment';
 *
 * declare const bundle: ExportBundle;
 * bundle.files.at(-1)?.path; // "manifest.json"
 * ```
 */
export interface ExportBundle {
  /** The manifest. */
  readonly manifest: BundleManifest;
  /** Every file, `manifest.json` last. Zip or tar them with the tool of your choice. */
  readonly files: readonly BundleFile[];
  /** Per-source outcomes, for the `fulfil` or `fulfil-partially` event. */
  readonly outcomes: readonly SourceOutcome[];
}

const encoder = /* @__PURE__ */ new TextEncoder();

/** @internal The digest of a file's content. */
export function fileDigest(path: string, content: string): BundleFileDigest {
  const bytes = encoder.encode(content);
  return { path, sha256: toHex(sha256(bytes)), bytes: bytes.length };
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
 * nested values as JSON, formula-like text neutralized with a leading apostrophe.
 *
 * @param records - the rows.
 * @returns the CSV text (header only for no records).
 * @throws {@link index!DsarError} `INVALID_ARGUMENT` when `records` is not an array of plain objects.
 * @example
 * ```ts
 * import { toCsv } from '@privkit/dsar/fulfilment';
 *
 * toCsv([{ a: 1, b: 'x,y' }, { a: 2, c: '=1+1' }]);
 * // 'a,b,c\r\n1,"x,y",\r\n2,,\'=1+1\r\n'
 * ```
 */
export function toCsv(records: readonly Record<string, unknown>[]): string {
  array(records, 'records', raise).forEach((r, i) => {
    if (!isPlainObject(r)) throw raise('INVALID_ARGUMENT', `records[${i}]`, `"records[${i}]" must be a plain object`);
  });
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
  for (const r of records) lines.push(columns.map((c) => csvField(Object.hasOwn(r, c) ? r[c] : undefined)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Assembles an export bundle for an access or portability request: for every source with
 * `export`, `<name>.json` (the records, pretty-printed) and `<name>.csv`, then `manifest.json`
 * listing each file's size and SHA-256. A source that fails (or returns something other than a
 * list of plain objects) is listed as `failed` in the outcomes, without its error, and left out
 * of the files.
 *
 * @param request - the request state.
 * @param sources - the data sources.
 * @param options - `generatedAt`: the manifest's timestamp (an instant; default now).
 * @returns the bundle.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` / `INVALID_ARGUMENT` for malformed sources, request or
 *   options; `INVALID_INSTANT` for a bad `generatedAt`.
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 * import { buildExportBundle } from '@privkit/dsar/fulfilment';
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
  request: DsarState,
  sources: readonly DataSource[],
  options?: { readonly generatedAt?: InstantInput },
): Promise<ExportBundle> {
  const state = checkState(request, 'request');
  const checked = checkSources(sources);
  const o = strictOptions(options, ['generatedAt'], raise);
  const generatedAt = formatInstant(
    o['generatedAt'] === undefined ? Date.now() : requireInstant(o['generatedAt'], 'options.generatedAt', raise),
  );
  const ref = subjectOf(state, 'request');
  const files: BundleFile[] = [];
  const outcomes: SourceOutcome[] = [];
  const manifestSources: BundleSource[] = [];
  for (const source of checked) {
    if (source.export === undefined) continue;
    let records: readonly Record<string, unknown>[];
    try {
      records = await source.export(ref());
      if (!Array.isArray(records) || !records.every((r) => isPlainObject(r))) throw new Error('not records');
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
      files: own.map((f) => fileDigest(f.path, f.content)),
    });
    outcomes.push({ source: source.name, status: records.length > 0 ? 'done' : 'not-found', records: records.length });
  }
  const manifest: BundleManifest = {
    format: 'privkit-dsar-export/1',
    requestId: state.id,
    regime: state.regime,
    right: state.right,
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
