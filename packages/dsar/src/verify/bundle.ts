/**
 * @module
 * Checking an export bundle as the subject or an auditor receives it: the manifest read strictly
 * (duplicate JSON keys and unknown fields refused: a verifier must not vouch for a value a
 * reader downstream sees differently), every listed file present with its size and SHA-256,
 * every file listed, and each source's record count matching its JSON file.
 */

import { isPlainObject, iterable } from '@privkit/internal/check';
import { parseInstant } from '@privkit/internal/instant';
import { parseJsonStrict } from '@privkit/internal/json';
import { type BundleFile, fileDigest } from '../fulfilment/bundle.js';
import { raise } from '../internal/raise.js';

/**
 * One problem {@link verifyExportBundle} found.
 *
 * @example
 * ```ts
 * import type { BundleProblem } from '@privkit/dsar/verify';
 *
 * const problem: BundleProblem = {
 *   path: 'profile.csv',
 *   code: 'DIGEST',
 *   message: 'profile.csv: content does not match its SHA-256',
 * };
 * ```
 */
export interface BundleProblem {
  /** The file concerned (`manifest.json` for the manifest itself). */
  readonly path: string;
  /**
   * - `MALFORMED`: a file or the manifest is not of this format (unknown or duplicate keys included).
   * - `MISSING`: a file the manifest lists is not in the bundle.
   * - `UNLISTED`: a file in the bundle is not in the manifest (or is there twice).
   * - `DIGEST`: a file's content does not match its SHA-256.
   * - `SIZE`: a file's size does not match.
   * - `COUNT`: a source's record count does not match its JSON file.
   */
  readonly code: 'MALFORMED' | 'MISSING' | 'UNLISTED' | 'DIGEST' | 'SIZE' | 'COUNT';
  /** What is wrong (never the content). */
  readonly message: string;
}

/**
 * The result of {@link verifyExportBundle}: the same `valid` / `problems` shape as `verifyLog`.
 *
 * @example
 * ```ts
 * import type { BundleVerification } from '@privkit/dsar/verify';
 *
 * const ok: BundleVerification = { valid: true, problems: [], files: 3 };
 * ```
 */
export interface BundleVerification {
  /** True when no problem was found. */
  readonly valid: boolean;
  /** The problems, in order. */
  readonly problems: readonly BundleProblem[];
  /** Files read, the manifest included. */
  readonly files: number;
}

const MANIFEST_KEYS = ['format', 'requestId', 'regime', 'right', 'generatedAt', 'sources'];
const SOURCE_KEYS = ['name', 'description', 'records', 'files'];
const DIGEST_KEYS = ['path', 'sha256', 'bytes'];
const FILE_KEYS = ['path', 'contentType', 'content'];

const onlyKeys = (value: unknown, allowed: readonly string[]): value is Record<string, unknown> =>
  isPlainObject(value) && Object.getOwnPropertyNames(value).every((k) => allowed.includes(k));

function manifestProblem(m: unknown): string | undefined {
  if (!onlyKeys(m, MANIFEST_KEYS)) return 'not a manifest object, or a field outside the format';
  if (m['format'] !== 'privkit-dsar-export/1') return 'unknown format';
  for (const f of ['requestId', 'regime', 'right'] as const)
    if (typeof m[f] !== 'string' || m[f] === '') return `${f} is not a string`;
  if (typeof m['generatedAt'] !== 'string' || parseInstant(m['generatedAt']) === undefined)
    return 'generatedAt is not an instant';
  if (!Array.isArray(m['sources'])) return 'sources is not a list';
  for (const s of m['sources'] as unknown[]) {
    if (!onlyKeys(s, SOURCE_KEYS) || typeof s['name'] !== 'string' || !Number.isSafeInteger(s['records']))
      return 'a source is malformed';
    if (s['description'] !== undefined && typeof s['description'] !== 'string') return 'a source is malformed';
    if (!Array.isArray(s['files'])) return 'a source has no file list';
    for (const d of s['files'] as unknown[]) {
      if (!onlyKeys(d, DIGEST_KEYS) || typeof d['path'] !== 'string' || typeof d['sha256'] !== 'string')
        return 'a file digest is malformed';
      if (!/^[0-9a-f]{64}$/.test(d['sha256'] as string) || !Number.isSafeInteger(d['bytes']))
        return 'a file digest is malformed';
    }
  }
  return undefined;
}

/**
 * Verifies an export bundle's files against its manifest: the manifest parsed strictly, every
 * listed file present with the listed size and SHA-256, no file unlisted, and each source's JSON
 * file holding as many records as the manifest says. It proves the files are the ones the
 * manifest describes; it does not prove who made the manifest (sign or anchor it for that).
 *
 * @param files - every file of the bundle, `manifest.json` among them (as `buildExportBundle` returns
 *   them, or read back from an archive).
 * @returns whether it verifies, every problem, and how many files were read.
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 * import { buildExportBundle } from '@privkit/dsar/fulfilment';
 * import { verifyExportBundle } from '@privkit/dsar/verify';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * const bundle = await buildExportBundle(request, [{ name: 'crm', export: async () => [{ plan: 'pro' }] }]);
 * verifyExportBundle(bundle.files).valid; // true
 * ```
 */
export function verifyExportBundle(files: Iterable<BundleFile>): BundleVerification {
  iterable(files, 'files', raise);
  const problems: BundleProblem[] = [];
  const byPath = new Map<string, string>();
  let count = 0;
  for (const f of files as Iterable<unknown>) {
    count++;
    if (!onlyKeys(f, FILE_KEYS) || typeof f['path'] !== 'string' || typeof f['content'] !== 'string') {
      problems.push({
        path: `files[${count - 1}]`,
        code: 'MALFORMED',
        message: `files[${count - 1}]: not a bundle file`,
      });
      continue;
    }
    if (byPath.has(f['path'])) {
      problems.push({ path: f['path'], code: 'UNLISTED', message: `${f['path']}: in the bundle twice` });
      continue;
    }
    byPath.set(f['path'], f['content']);
  }
  const text = byPath.get('manifest.json');
  const parsed = text === undefined ? undefined : parseJsonStrict(text);
  if (parsed === undefined || !parsed.ok) {
    const why =
      parsed === undefined ? 'missing' : parsed.problem === 'duplicate-key' ? 'has a duplicate key' : 'is not JSON';
    problems.push({
      path: 'manifest.json',
      code: parsed === undefined ? 'MISSING' : 'MALFORMED',
      message: `manifest.json ${why}`,
    });
    return { valid: false, problems, files: count };
  }
  const bad = manifestProblem(parsed.value);
  if (bad !== undefined) {
    problems.push({ path: 'manifest.json', code: 'MALFORMED', message: `manifest.json: ${bad}` });
    return { valid: false, problems, files: count };
  }
  const manifest = parsed.value as {
    sources: { name: string; records: number; files: { path: string; sha256: string; bytes: number }[] }[];
  };
  const listed = new Set<string>(['manifest.json']);
  for (const source of manifest.sources) {
    for (const d of source.files) {
      if (listed.has(d.path)) {
        problems.push({ path: d.path, code: 'UNLISTED', message: `${d.path}: listed twice` });
        continue;
      }
      listed.add(d.path);
      const content = byPath.get(d.path);
      if (content === undefined) {
        problems.push({ path: d.path, code: 'MISSING', message: `${d.path}: listed but not in the bundle` });
        continue;
      }
      const actual = fileDigest(d.path, content);
      if (actual.bytes !== d.bytes)
        problems.push({ path: d.path, code: 'SIZE', message: `${d.path}: size does not match` });
      if (actual.sha256 !== d.sha256)
        problems.push({ path: d.path, code: 'DIGEST', message: `${d.path}: content does not match its SHA-256` });
      if (d.path === `${source.name}.json`) {
        const records = parseJsonStrict(content);
        if (!records.ok || !Array.isArray(records.value) || records.value.length !== source.records)
          problems.push({
            path: d.path,
            code: 'COUNT',
            message: `${d.path}: record count does not match the manifest`,
          });
      }
    }
  }
  for (const path of byPath.keys())
    if (!listed.has(path)) problems.push({ path, code: 'UNLISTED', message: `${path}: not in the manifest` });
  return { valid: problems.length === 0, problems, files: count };
}
