/**
 * @module
 * Proof bundles: the deletion log as JSON Lines plus a manifest (tenant, chain head, counts per
 * rule, SHA-256 of the lines), which an auditor verifies offline with this package alone: "the
 * deletion log must be presented upon request" (a DPA's return-or-delete clause, Art. 28(3)(g)
 * GDPR). The bundle holds keyed hashes, never identifiers.
 *
 * Verification refuses anything it does not check: a key that appears twice in a JSON object
 * (`JSON.parse` would keep the last one, so a verifier and a reader downstream could see different
 * values), a field the format does not have, a line that is not the entry's canonical text. A
 * bundle verifies only if every byte of it is accounted for.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { isPlainObject, own, strictObject, strictOptions } from '@privkit/internal/check';
import { toHex } from '@privkit/internal/hex';
import { parseJsonStrict } from '@privkit/internal/json';
import { RetentionError, raise } from './errors.js';
import { type DeletionLogEntry, GENESIS_HASH, type LogHead, lineOf } from './log/entry.js';
import { type LogProblemCode, type LogVerification, readEntry, verifyLog } from './log/verify.js';

/**
 * The format name in every manifest.
 *
 * @example
 * ```ts
 * import { PROOF_FORMAT } from '@privkit/retention/verify';
 *
 * const manifest = JSON.parse('{"format":"privkit-retention-proof/1"}');
 * manifest.format === PROOF_FORMAT; // true
 * ```
 */
export const PROOF_FORMAT = 'privkit-retention-proof/1';

/** The manifest of a proof bundle. */
export interface ProofManifest {
  /** Always {@link PROOF_FORMAT}. */
  readonly format: typeof PROOF_FORMAT;
  /** The tenant whose log this is. */
  readonly tenant: string;
  /** Number of entries (lines). */
  readonly entries: number;
  /** The first entry's seq, or null for an empty bundle. */
  readonly firstSeq: number | null;
  /** The last entry's seq, or null. */
  readonly lastSeq: number | null;
  /** The `prev` of the first entry (`GENESIS_HASH` when the bundle starts the log). */
  readonly prev: string;
  /** The chain head: the last entry's hash. Publish or countersign it. */
  readonly head: string;
  /** Records deleted in the bundle. */
  readonly deleted: number;
  /** Records deleted per rule id. */
  readonly byRule: Readonly<Record<string, number>>;
  /** SHA-256 (hex) of `lines`, exactly as stored. */
  readonly linesSha256: string;
}

/** A proof bundle: write `manifest` as `manifest.json` and `lines` as `deletions.jsonl`. */
export interface ProofBundle {
  /** The manifest. */
  readonly manifest: ProofManifest;
  /** One {@link DeletionLogEntry} per line, in its canonical text, each line ending in `\n`. */
  readonly lines: string;
}

/**
 * Options of {@link exportProofBundle}. A bundle holds no time of its own: nothing in it could
 * vouch for one, and verification accepts only what it can check (each entry's `at` is in its hash).
 */
export interface ExportProofOptions {
  /** The tenant (default: the entries'). Every entry must belong to it. */
  readonly tenant?: string | undefined;
}

const MANIFEST_KEYS = [
  'format',
  'tenant',
  'entries',
  'firstSeq',
  'lastSeq',
  'prev',
  'head',
  'deleted',
  'byRule',
  'linesSha256',
] as const;

const digest = (text: string): string => toHex(sha256(utf8ToBytes(text)));

/**
 * Builds a proof bundle from a contiguous run of log entries (the whole log, or from some seq
 * on). The log is verified first: a broken log is never exported as proof.
 *
 * @param entries - the entries, in log order.
 * @param options - tenant and creation time.
 * @returns the manifest and the JSON Lines.
 * @throws {@link RetentionError} `LOG_BROKEN` when the entries do not verify or mix tenants.
 * @throws {@link RetentionError} `UNKNOWN_KEY` or `INVALID_OPTIONS` for bad options.
 * @example
 * ```ts
 * import { chainEntries, exportProofBundle, GENESIS_HASH } from '@privkit/retention/log';
 * import { verifyProofBundle } from '@privkit/retention/verify';
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
 * const bundle = exportProofBundle(entries);
 * bundle.manifest.byRule; // { "logs-30d": 1 }
 * verifyProofBundle(bundle).valid; // true
 * ```
 */
export function exportProofBundle(entries: readonly DeletionLogEntry[], options?: ExportProofOptions): ProofBundle {
  const o = strictOptions(options, ['tenant'], raise);
  if (!Array.isArray(entries)) throw raise('INVALID_ARGUMENT', 'entries', '"entries" must be an array of log entries');
  const first = entries[0] as DeletionLogEntry | undefined;
  const startsAt: LogHead =
    first === undefined || typeof first !== 'object' || first === null || !Number.isSafeInteger(first.seq)
      ? { seq: -1, hash: GENESIS_HASH }
      : { seq: first.seq - 1, hash: first.prev };
  const tenantOption = o['tenant'];
  if (tenantOption !== undefined && (typeof tenantOption !== 'string' || tenantOption === ''))
    throw raise('INVALID_OPTIONS', 'options.tenant', '"options.tenant" must be a non-empty string');
  const tenant = (tenantOption as string | undefined) ?? first?.tenant ?? '';
  const check = verifyLog(entries, { after: startsAt, ...(tenant === '' ? {} : { tenant }) });
  if (!check.valid)
    throw new RetentionError(
      'LOG_BROKEN',
      check.problems.some((p) => p.code === 'TENANT')
        ? 'the entries belong to more than one tenant'
        : `the log does not verify: ${check.problems[0]?.message}`,
    );
  const lines = entries.map((e) => `${lineOf(e)}\n`).join('');
  return {
    manifest: {
      format: PROOF_FORMAT,
      tenant,
      entries: entries.length,
      firstSeq: first?.seq ?? null,
      lastSeq: entries.at(-1)?.seq ?? null,
      prev: startsAt.hash,
      head: check.head,
      deleted: check.deleted,
      byRule: { ...check.byRule },
      linesSha256: digest(lines),
    },
    lines,
  };
}

/**
 * Why a bundle does not verify: the codes of `verifyLog` (`SEQUENCE`, `CHAIN`, `HASH`, `COUNT`,
 * `TENANT`, `HEAD`, `MALFORMED`), and
 *
 * - `MALFORMED` also: the manifest or a line is not JSON, has a key twice, a field the format does
 *   not have (or lacks one), or a line is not its entry's canonical text;
 * - `DIGEST`: the lines do not hash to the manifest's `linesSha256`;
 * - `MANIFEST`: the manifest disagrees with the lines (counts, seq range, `prev`, head, tenant).
 */
export type ProofProblemCode = LogProblemCode | 'DIGEST' | 'MANIFEST';

/** One problem {@link verifyProofBundle} found. */
export interface ProofProblem {
  /** Why; see {@link ProofProblemCode}. */
  readonly code: ProofProblemCode;
  /** What is wrong, in words. */
  readonly message: string;
  /** The line (from 1) of `deletions.jsonl` it is about, when it is about one. */
  readonly line?: number | undefined;
}

/** The result of {@link verifyProofBundle}. */
export interface ProofVerification {
  /** True when the lines, the chain and the manifest all agree, and nothing unchecked is in them. */
  readonly valid: boolean;
  /** What is wrong. */
  readonly problems: readonly ProofProblem[];
  /** The chain verification of the lines that are entries. */
  readonly log: LogVerification;
  /** The entries of the lines that are entries. */
  readonly entries: readonly DeletionLogEntry[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The manifest's fields, each checked; problems for what is wrong. */
function readManifest(value: unknown, problems: ProofProblem[]): ProofManifest | undefined {
  let object = value;
  if (typeof value === 'string') {
    const parsed = parseJsonStrict(value);
    if (!parsed.ok) {
      problems.push({
        code: 'MALFORMED',
        message:
          parsed.problem === 'duplicate-key'
            ? `the manifest has a key twice (in ${parsed.path})`
            : 'the manifest is not JSON',
      });
      return undefined;
    }
    object = parsed.value;
  }
  if (!isPlainObject(object)) {
    problems.push({ code: 'MALFORMED', message: 'the manifest is not a JSON object' });
    return undefined;
  }
  const bad = (field: string, what: string) =>
    problems.push({ code: 'MALFORMED', message: `manifest.${field} ${what}` });
  const before = problems.length;
  for (const key of Object.getOwnPropertyNames(object)) {
    if (!(MANIFEST_KEYS as readonly string[]).includes(key))
      problems.push({
        code: 'MALFORMED',
        message: `the manifest has an unknown field ${JSON.stringify(key.slice(0, 40))}`,
      });
  }
  for (const key of MANIFEST_KEYS) if (!Object.hasOwn(object, key)) bad(key, 'is missing');
  if (problems.length > before) return undefined;
  const m = object as unknown as ProofManifest;
  if (m.format !== PROOF_FORMAT) bad('format', `is not ${PROOF_FORMAT}`);
  if (typeof m.tenant !== 'string' || m.tenant === '') bad('tenant', 'is not a non-empty string');
  for (const f of ['entries', 'deleted'] as const) if (!isCount(m[f])) bad(f, 'is not a non-negative integer');
  for (const f of ['firstSeq', 'lastSeq'] as const)
    if (m[f] !== null && !isCount(m[f])) bad(f, 'is not a non-negative integer or null');
  for (const f of ['prev', 'head', 'linesSha256'] as const)
    if (typeof m[f] !== 'string' || !HEX64.test(m[f])) bad(f, 'is not 64 lower-case hex characters');
  if (!isPlainObject(m.byRule) || Object.values(m.byRule).some((n) => !isCount(n)))
    bad('byRule', 'is not an object of non-negative integers');
  return problems.length > before ? undefined : m;
}

/**
 * Verifies a proof bundle offline: the lines hash to the manifest's `linesSha256`, every line is
 * an entry in its canonical text (no key twice, no field the format does not have), the chain
 * verifies from the manifest's `prev` and first `seq` to its head and last `seq`, and the counts
 * per rule and in total, the tenant and the number of entries equal the manifest's. Anything the
 * verification does not check makes the bundle invalid. Compare `manifest.head` with the head
 * published by the controller to know nothing was cut from the end.
 *
 * @param bundle - the manifest (its JSON text as read from `manifest.json`, or the object) and the lines.
 * @returns the verdict, the problems and the entries.
 * @throws {@link RetentionError} `UNKNOWN_KEY` or `INVALID_ARGUMENT` when `bundle` is not `{ manifest,
 *   lines }` (a tampered bundle is a result, not an error).
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { verifyProofBundle } from '@privkit/retention/verify';
 *
 * const result = verifyProofBundle({
 *   manifest: await readFile('manifest.json', 'utf8'),
 *   lines: await readFile('deletions.jsonl', 'utf8'),
 * });
 * if (!result.valid) console.error(result.problems);
 * ```
 */
export function verifyProofBundle(bundle: { manifest: ProofManifest | string; lines: string }): ProofVerification {
  const b = strictObject(bundle, ['manifest', 'lines'], 'bundle', raise);
  const lines = own(b, 'lines');
  if (typeof lines !== 'string') throw raise('INVALID_ARGUMENT', 'bundle.lines', '"bundle.lines" must be text');
  const problems: ProofProblem[] = [];
  const manifest = readManifest(own(b, 'manifest'), problems);
  if (manifest !== undefined && digest(lines) !== manifest.linesSha256)
    problems.push({ code: 'DIGEST', message: "the lines do not match the manifest's linesSha256" });
  const entries: DeletionLogEntry[] = [];
  if (lines !== '' && !lines.endsWith('\n'))
    problems.push({ code: 'MALFORMED', message: 'the last line does not end with a line feed' });
  const texts = lines === '' ? [] : lines.slice(0, lines.endsWith('\n') ? -1 : undefined).split('\n');
  texts.forEach((text, i) => {
    const line = i + 1;
    const parsed = parseJsonStrict(text);
    if (!parsed.ok) {
      problems.push({
        code: 'MALFORMED',
        line,
        message: parsed.problem === 'duplicate-key' ? `line ${line} has a key twice` : `line ${line} is not JSON`,
      });
      return;
    }
    const entry = readEntry(parsed.value);
    if (typeof entry === 'string') {
      problems.push({ code: 'MALFORMED', line, message: `line ${line}: ${entry}` });
      return;
    }
    // Only the canonical text is accepted: white space, escapes or key order the hash does not
    // cover would be bytes nobody checked.
    if (lineOf(entry) !== text)
      problems.push({ code: 'MALFORMED', line, message: `line ${line} is not the canonical text of its entry` });
    entries.push(entry);
  });
  const m = manifest;
  const log = verifyLog(entries, {
    after:
      m !== undefined && m.firstSeq !== null && m.firstSeq > 0
        ? { seq: m.firstSeq - 1, hash: m.prev }
        : { seq: -1, hash: GENESIS_HASH },
    ...(m === undefined ? {} : { head: { seq: m.lastSeq ?? (m.firstSeq ?? 0) - 1, hash: m.head }, tenant: m.tenant }),
  });
  for (const p of log.problems) problems.push({ code: p.code, message: p.message });
  if (m !== undefined) {
    const disagree = (message: string) => problems.push({ code: 'MANIFEST', message });
    if ((m.firstSeq === null || m.firstSeq === 0) && m.prev !== GENESIS_HASH)
      disagree("the manifest's prev is not the genesis hash of a log starting at seq 0");
    if (texts.length !== m.entries) disagree(`the manifest says ${m.entries} entries, the lines hold ${texts.length}`);
    if ((m.firstSeq === null) !== (m.lastSeq === null) || (m.firstSeq === null) !== (texts.length === 0))
      disagree('the seq range differs from the lines');
    else if (entries.length > 0 && (entries[0]?.seq !== m.firstSeq || entries.at(-1)?.seq !== m.lastSeq))
      disagree('the seq range differs from the manifest');
    if (m.firstSeq === null && m.head !== m.prev) disagree("an empty bundle's head is not its prev");
    if (log.deleted !== m.deleted)
      disagree(`the manifest says ${m.deleted} deletions, the entries hold ${log.deleted}`);
    const rules = new Set([...Object.keys(log.byRule), ...Object.keys(m.byRule)]);
    for (const rule of rules) {
      if (own(log.byRule, rule) !== own(m.byRule, rule))
        disagree(`rule ${JSON.stringify(rule.slice(0, 40))}: the manifest and the entries disagree on the count`);
    }
  }
  return { valid: problems.length === 0, problems, log, entries };
}
