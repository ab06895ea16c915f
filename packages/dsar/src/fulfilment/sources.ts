/**
 * @module
 * Data sources: what each system holding personal data can do for a subject (find, export,
 * rectify, erase), and the per-source outcomes of asking every source in turn. A source that
 * throws is recorded as `failed` without its message (it may contain the subject's data);
 * keeping data needs the rule that obliges it (GDPR Art 17(3)(b)), or the run stops with
 * `MISSING_CITATION`.
 */

import { array, isPlainObject, own, strictObject } from '@privkit/internal/check';
import { requireDate } from '@privkit/internal/instant';
import { DsarError } from '../errors.js';
import { raise } from '../internal/raise.js';
import { identifiers, text } from '../internal/records.js';
import { checkState } from '../internal/state.js';
import type { DsarState, SourceOutcome } from '../model.js';

/**
 * The subject as a data source sees it: the pseudonymous key and the identifier digests.
 *
 * @example
 * ```ts
 * import type { SubjectRef } from '@privkit/dsar/fulfilment';
 *
 * const subject: SubjectRef = { subject: 'cust_8812', identifiers: [] };
 * ```
 */
export type SubjectRef = Pick<DsarState, 'subject' | 'identifiers'>;

/**
 * What erasing a subject at one source did.
 * - `erased`: deleted (or irreversibly anonymized).
 * - `not-found`: nothing held there.
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
      readonly status: 'not-found';
    }
  | {
      /** Kept under a legal obligation. */
      readonly status: 'retained';
      /** Why, in words. */
      readonly reason: string;
      /** The rule obliging retention, e.g. `HGB § 257(4)`. */
      readonly citation: string;
      /** When it will be erased, `YYYY-MM-DD`. */
      readonly retainUntil?: string;
      /** Records kept. */
      readonly records?: number;
    };

/**
 * A data source that holds personal data, with the operations it supports.
 *
 * @example
 * ```ts
 * import type { DataSource } from '@privkit/dsar/fulfilment';
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
  /** A short name, `[a-z0-9._-]`: file names in the export bundle derive from it. */
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

const SAFE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const OPERATIONS = ['find', 'export', 'rectify', 'erase'] as const;

/** @internal Checks the sources strictly: known keys, safe unique names, functions. */
export function checkSources(sources: unknown, path = 'sources'): readonly DataSource[] {
  const seen = new Set<string>();
  return array(sources, path, raise).map((s, i) => {
    const p = `${path}[${i}]`;
    const o = strictObject(s, ['name', 'description', ...OPERATIONS], p, raise);
    const name = o['name'];
    if (typeof name !== 'string' || !SAFE_NAME.test(name))
      throw raise(
        'INVALID_ARGUMENT',
        `${p}.name`,
        `"${p}.name" must be lower-case letters, digits, ".", "_" or "-" (it names files)`,
      );
    if (seen.has(name)) throw raise('INVALID_ARGUMENT', `${p}.name`, `"${p}.name" is used twice`);
    seen.add(name);
    if (o['description'] !== undefined) text(o['description'], `${p}.description`, raise, 1000);
    for (const op of OPERATIONS)
      if (o[op] !== undefined && typeof o[op] !== 'function')
        throw raise('INVALID_ARGUMENT', `${p}.${op}`, `"${p}.${op}" must be a function`);
    return o as unknown as DataSource;
  });
}

/**
 * @internal The subject of a request state or a `{ subject, identifiers }` reference, checked; a fresh
 * copy per source.
 */
export function subjectOf(value: unknown, path = 'subject'): () => SubjectRef {
  let subject: string;
  let ids: SubjectRef['identifiers'];
  if (isPlainObject(value) && Object.hasOwn(value, 'status')) {
    const state = checkState(value, path);
    subject = state.subject;
    ids = state.identifiers;
  } else {
    const o = strictObject(value, ['subject', 'identifiers'], path, raise);
    subject = text(o['subject'], `${path}.subject`, raise);
    ids = o['identifiers'] === undefined ? [] : identifiers(o['identifiers'], `${path}.identifiers`, raise);
  }
  // Each source gets its own copy: one source cannot change what the next one is asked.
  return () => ({ subject, identifiers: ids.map((d) => ({ type: d.type, digest: d.digest })) });
}

const count = (n: unknown): number | undefined =>
  Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : undefined;

function erasureOutcome(source: string, result: unknown, path: string): SourceOutcome {
  if (!isPlainObject(result))
    return { source, status: 'failed', reason: 'the source returned no known erasure result' };
  const status = own(result, 'status');
  if (status === 'erased') {
    const o = strictObject(result, ['status', 'records'], path, raise);
    const records = count(o['records']);
    return { source, status: 'done', ...(records === undefined ? {} : { records }) };
  }
  if (status === 'not-found') {
    strictObject(result, ['status'], path, raise);
    return { source, status: 'not-found', records: 0 };
  }
  if (status === 'retained') {
    const o = strictObject(result, ['status', 'reason', 'citation', 'retainUntil', 'records'], path, raise);
    if (typeof o['citation'] !== 'string' || o['citation'].trim() === '') {
      throw new DsarError(
        'MISSING_CITATION',
        `source "${source}" retained data without citing the rule that obliges it`,
        {
          path: `${path}.citation`,
        },
      );
    }
    const records = count(o['records']);
    return {
      source,
      status: 'retained',
      reason: text(o['reason'], `${path}.reason`, raise, 1000),
      citation: text(o['citation'], `${path}.citation`, raise, 2000),
      ...(o['retainUntil'] === undefined
        ? {}
        : { retainUntil: requireDate(o['retainUntil'], `${path}.retainUntil`, raise) }),
      ...(records === undefined ? {} : { records }),
    };
  }
  return { source, status: 'failed', reason: 'the source returned no known erasure result' };
}

/**
 * Erases a subject at every source with `erase`, one after another, and returns per-source
 * outcomes for the `fulfil` / `fulfil-partially` event. A `retained` result without a citation
 * stops the run (`MISSING_CITATION`): keeping data needs the rule that obliges it. A source that
 * throws is recorded as `failed` without its message.
 *
 * @param subject - the subject (a request state will do).
 * @param sources - the data sources.
 * @returns one outcome per source with `erase`.
 * @throws {@link index!DsarError} `MISSING_CITATION` for a retention without its rule; `UNKNOWN_KEY`
 *   for a result with a key it does not have; `INVALID_ARGUMENT` for malformed sources.
 * @example
 * ```ts
 * import { eraseSubject } from '@privkit/dsar/fulfilment';
 *
 * const outcomes = await eraseSubject({ subject: 'cust_8812', identifiers: [] }, [
 *   { name: 'profile', erase: async () => ({ status: 'erased', records: 1 }) },
 *   { name: 'invoices', erase: async () => ({ status: 'retained', reason: 'tax records', citation: 'AO § 147(3)' }) },
 * ]);
 * outcomes.map((o) => o.status); // ["done", "retained"]
 * ```
 */
export async function eraseSubject(subject: SubjectRef, sources: readonly DataSource[]): Promise<SourceOutcome[]> {
  const ref = subjectOf(subject);
  const outcomes: SourceOutcome[] = [];
  for (const [i, source] of checkSources(sources).entries()) {
    if (source.erase === undefined) continue;
    let result: unknown;
    try {
      result = await source.erase(ref());
    } catch {
      outcomes.push({ source: source.name, status: 'failed', reason: 'the source failed to erase' });
      continue;
    }
    outcomes.push(erasureOutcome(source.name, result, `sources[${i}].erase()`));
  }
  return outcomes;
}

/**
 * Asks every source with `find` how many records it holds on the subject: the first step of an
 * access or erasure request, and the "confirmation" LGPD Art 19(I) asks for.
 *
 * @param subject - the subject.
 * @param sources - the data sources.
 * @returns one outcome per source with `find`: `done` with the count, `not-found`, or `failed`.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` / `INVALID_ARGUMENT` for malformed sources or subject.
 * @example
 * ```ts
 * import { findSubject } from '@privkit/dsar/fulfilment';
 *
 * await findSubject({ subject: 'c1', identifiers: [] }, [{ name: 'crm', find: async () => 3 }]);
 * // [{ source: "crm", status: "done", records: 3 }]
 * ```
 */
export async function findSubject(subject: SubjectRef, sources: readonly DataSource[]): Promise<SourceOutcome[]> {
  const ref = subjectOf(subject);
  const outcomes: SourceOutcome[] = [];
  for (const source of checkSources(sources)) {
    if (source.find === undefined) continue;
    try {
      const n = count(await source.find(ref()));
      if (n === undefined)
        outcomes.push({ source: source.name, status: 'failed', reason: 'the source returned no count' });
      else outcomes.push({ source: source.name, status: n > 0 ? 'done' : 'not-found', records: n });
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
 * @param changes - the corrections, field → new value (a plain object).
 * @returns one outcome per source with `rectify`.
 * @throws {@link index!DsarError} `INVALID_ARGUMENT` for malformed sources, subject or changes.
 * @example
 * ```ts
 * import { rectifySubject } from '@privkit/dsar/fulfilment';
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
  const ref = subjectOf(subject);
  const checked = checkSources(sources);
  if (!isPlainObject(changes) || Object.keys(changes).length === 0)
    throw raise('INVALID_ARGUMENT', 'changes', '"changes" must be a plain object with at least one field');
  const outcomes: SourceOutcome[] = [];
  for (const source of checked) {
    if (source.rectify === undefined) continue;
    try {
      const n = count(await source.rectify(ref(), structuredClone(changes)));
      if (n === undefined)
        outcomes.push({ source: source.name, status: 'failed', reason: 'the source returned no count' });
      else outcomes.push({ source: source.name, status: n > 0 ? 'done' : 'not-found', records: n });
    } catch {
      outcomes.push({ source: source.name, status: 'failed', reason: 'the source failed to rectify' });
    }
  }
  return outcomes;
}
