/**
 * @module
 * Proof bundles: the deletion log as JSON Lines plus a manifest (tenant, chain head, counts per
 * rule, SHA-256 of the lines), which an auditor verifies offline with this package alone: "the
 * deletion log must be presented upon request" (a DPA's return-or-delete clause, Art. 28(3)(g)
 * GDPR). The bundle holds keyed hashes, never identifiers.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { formatInstant, type InstantInput, requireInstant } from '@privkit/internal/instant';
import { RetentionError, raise } from './errors.js';
import { type DeletionLogEntry, GENESIS_HASH, type LogVerification, verifyLog } from './log.js';

/**
 * The format name in every manifest.
 *
 * @example
 * ```ts
 * import { PROOF_FORMAT } from '@privkit/retention';
 *
 * const manifest = JSON.parse('{"format":"privkit-retention-proof/1"}');
 * manifest.format === PROOF_FORMAT; // true
 * ```
 */
export const PROOF_FORMAT = 'privkit-retention-proof/1';

/** The manifest of a proof bundle. */
export interface ProofManifest {
  /** Always {@link PROOF_FORMAT}. */
  format: typeof PROOF_FORMAT;
  /** The tenant whose log this is. */
  tenant: string;
  /** When the bundle was made (RFC 3339, UTC). */
  createdAt: string;
  /** Number of entries (lines). */
  entries: number;
  /** The first and last entry's seq, or null for an empty bundle. */
  firstSeq: number | null;
  /** The last entry's seq, or null. */
  lastSeq: number | null;
  /** The `prev` of the first entry ({@link GENESIS_HASH} when the bundle starts the log). */
  prev: string;
  /** The chain head: the last entry's hash. Publish or countersign it. */
  head: string;
  /** Records deleted in the bundle. */
  deleted: number;
  /** Records deleted per rule id. */
  byRule: Record<string, number>;
  /** SHA-256 (hex) of `lines`, exactly as stored. */
  linesSha256: string;
}

/** A proof bundle: write `manifest` as `manifest.json` and `lines` as `deletions.jsonl`. */
export interface ProofBundle {
  /** The manifest. */
  manifest: ProofManifest;
  /** One {@link DeletionLogEntry} per line, each line ending in `\n`. */
  lines: string;
}

/** Options of {@link exportProofBundle}. */
export interface ExportProofOptions {
  /** The tenant (default: the entries'). Every entry must belong to it. */
  tenant?: string | undefined;
  /** When the bundle is made; default now. */
  createdAt?: InstantInput | undefined;
}

/**
 * Builds a proof bundle from a contiguous run of log entries (the whole log, or from some seq
 * on). The log is verified first: a broken log is never exported as proof.
 *
 * @param entries - the entries, in log order.
 * @param options - tenant and creation time.
 * @returns the manifest and the JSON Lines.
 * @throws RetentionError `LOG_BROKEN` when the entries do not verify or mix tenants.
 * @example
 * ```ts
 * import { chainEntries, exportProofBundle, GENESIS_HASH, verifyProofBundle } from '@privkit/retention';
 *
 * const { entries } = chainEntries({ seq: -1, hash: GENESIS_HASH }, [
 *   { at: '2026-11-23T03:00:00.000Z', tenant: 'acme', worker: 'w1', kind: 'sweep', category: 'log', rule: 'logs-30d', ids: ['00112233445566778899aabbccddeeff'] },
 * ]);
 * const bundle = exportProofBundle(entries, { createdAt: '2026-11-24T00:00:00Z' });
 * bundle.manifest.byRule; // { "logs-30d": 1 }
 * verifyProofBundle(bundle).valid; // true
 * ```
 */
export function exportProofBundle(entries: readonly DeletionLogEntry[], options: ExportProofOptions = {}): ProofBundle {
  const createdAt = formatInstant(
    options.createdAt === undefined ? Date.now() : requireInstant(options.createdAt, 'options.createdAt', raise),
  );
  const first = entries[0];
  const prev = first?.prev ?? GENESIS_HASH;
  const check = verifyLog(entries, first === undefined || first.seq === 0 ? {} : { prev });
  if (!check.valid) throw new RetentionError('LOG_BROKEN', `the log does not verify: ${check.problems[0]?.message}`);
  const tenant = options.tenant ?? first?.tenant ?? '';
  if (entries.some((e) => e.tenant !== tenant))
    throw new RetentionError('LOG_BROKEN', 'the entries belong to more than one tenant');
  const lines = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
  return {
    manifest: {
      format: PROOF_FORMAT,
      tenant,
      createdAt,
      entries: entries.length,
      firstSeq: first?.seq ?? null,
      lastSeq: entries.at(-1)?.seq ?? null,
      prev,
      head: check.head,
      deleted: check.deleted,
      byRule: check.byRule,
      linesSha256: bytesToHex(sha256(utf8ToBytes(lines))),
    },
    lines,
  };
}

/** The result of {@link verifyProofBundle}. */
export interface ProofVerification {
  /** True when the lines, the chain and the manifest all agree. */
  valid: boolean;
  /** What is wrong, in words. */
  problems: string[];
  /** The chain verification of the lines. */
  log: LogVerification;
  /** The parsed entries. */
  entries: DeletionLogEntry[];
}

/**
 * Verifies a proof bundle offline: the lines hash to the manifest's `linesSha256`, every line is
 * an entry, the chain verifies from the manifest's `prev` to its `head`, and the counts per rule
 * and in total equal the manifest's. Compare `manifest.head` with the head published by the
 * controller to know nothing was cut from the end.
 *
 * @param bundle - the manifest (object or JSON text) and the lines.
 * @returns the verdict, the problems and the entries.
 * @example
 * ```ts
 * import { verifyProofBundle } from '@privkit/retention';
 * import { readFile } from 'node:fs/promises';
 *
 * const result = verifyProofBundle({
 *   manifest: await readFile('manifest.json', 'utf8'),
 *   lines: await readFile('deletions.jsonl', 'utf8'),
 * });
 * if (!result.valid) console.error(result.problems);
 * ```
 */
export function verifyProofBundle(bundle: { manifest: ProofManifest | string; lines: string }): ProofVerification {
  const problems: string[] = [];
  let manifest: ProofManifest;
  try {
    manifest = typeof bundle.manifest === 'string' ? (JSON.parse(bundle.manifest) as ProofManifest) : bundle.manifest;
  } catch {
    manifest = {} as ProofManifest;
    problems.push('the manifest is not JSON');
  }
  if (manifest?.format !== PROOF_FORMAT) problems.push(`the manifest is not a ${PROOF_FORMAT} manifest`);
  const lines = typeof bundle.lines === 'string' ? bundle.lines : '';
  if (bytesToHex(sha256(utf8ToBytes(lines))) !== manifest?.linesSha256)
    problems.push("the lines do not match the manifest's linesSha256");
  const entries: DeletionLogEntry[] = [];
  const texts = lines.split('\n');
  if (texts.at(-1) === '') texts.pop();
  texts.forEach((text, i) => {
    try {
      entries.push(JSON.parse(text) as DeletionLogEntry);
    } catch {
      problems.push(`line ${i + 1} is not JSON`);
    }
  });
  const startsLog = manifest?.firstSeq === 0 || manifest?.firstSeq === null;
  const log = verifyLog(entries, startsLog ? { head: manifest?.head } : { prev: manifest?.prev, head: manifest?.head });
  for (const p of log.problems) problems.push(p.message);
  if (startsLog && manifest?.prev !== GENESIS_HASH)
    problems.push("the manifest's prev is not the genesis hash of a log starting at seq 0");
  if (entries.length !== manifest?.entries)
    problems.push(`the manifest says ${manifest?.entries} entries, the lines hold ${entries.length}`);
  if (entries.length > 0 && (entries[0]?.seq !== manifest?.firstSeq || entries.at(-1)?.seq !== manifest?.lastSeq))
    problems.push('the seq range differs from the manifest');
  if (log.deleted !== manifest?.deleted)
    problems.push(`the manifest says ${manifest?.deleted} deletions, the entries hold ${log.deleted}`);
  const rules = new Set([...Object.keys(log.byRule), ...Object.keys(manifest?.byRule ?? {})]);
  for (const rule of rules) {
    if (log.byRule[rule] !== manifest?.byRule?.[rule])
      problems.push(`rule "${rule}": the manifest and the entries disagree on the count`);
  }
  if (entries.some((e) => e?.tenant !== manifest?.tenant)) problems.push('an entry belongs to another tenant');
  return { valid: problems.length === 0, problems, log, entries };
}
