/**
 * @module
 * The deletion log and proof bundles: keyed identifier hashes agree with node:crypto's HMAC;
 * chains verify; any single edit, removal, insertion, duplication or reordering is detected
 * (property); bundles round-trip through files' text and any change to the lines or the
 * manifest is caught offline.
 */
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetentionError } from '../src/index.js';
import { entryHash } from '../src/log/entry.js';
import {
  chainEntries,
  createIdentifierHasher,
  type DeletionDraft,
  type DeletionLogEntry,
  exportProofBundle,
  findErasures,
  GENESIS_HASH,
} from '../src/log.js';
import { verifyLog, verifyProofBundle } from '../src/verify.js';

const KEY = new Uint8Array(32).map((_, i) => i);
const hasher = createIdentifierHasher(KEY);

function draft(i: number, n = 3): DeletionDraft {
  return {
    at: new Date(Date.UTC(2026, 10, 23, 3, i)).toISOString(),
    tenant: 'acme',
    worker: `w${i % 2}`,
    kind: 'sweep',
    category: i % 2 ? 'ip-address' : 'visitor-data',
    rule: i % 2 ? 'ip-security-7d' : 'personal-data-24h',
    ids: Array.from({ length: n }, (_, j) => hasher.hash(`row-${i}-${j}`)),
  };
}

const makeLog = (n: number) =>
  chainEntries(
    { seq: -1, hash: GENESIS_HASH },
    Array.from({ length: n }, (_, i) => draft(i, (i % 4) + 1)),
  ).entries;

describe('identifier hashes', () => {
  it('are HMAC-SHA-256 over a domain-separated id, truncated to 128 bits (node:crypto agrees)', () => {
    for (const id of ['', '1', 'order-1042', 'ünïcødé ✓', 'x'.repeat(1000)]) {
      const expected = createHmac('sha256', KEY)
        .update(`privkit/retention/id/v1\u0000${id}`, 'utf8')
        .digest('hex')
        .slice(0, 32);
      expect(hasher.hash(id)).toBe(expected);
    }
  });

  it('property: the one-block fast path and the general path agree with node:crypto for any key and id', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 100 }),
        fc.string({ unit: 'binary', maxLength: 48 }),
        (key, id) => {
          const expected = createHmac('sha256', key)
            .update(`privkit/retention/id/v1\u0000${id}`, 'utf8')
            .digest('hex')
            .slice(0, 32);
          expect(createIdentifierHasher(key).hash(id)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
    // Every length around the one-block boundary (31 bytes after the 24-byte domain).
    for (let n = 0; n <= 70; n++) {
      const id = 'x'.repeat(n);
      expect(hasher.hash(id)).toBe(
        createHmac('sha256', KEY).update(`privkit/retention/id/v1\u0000${id}`, 'utf8').digest('hex').slice(0, 32),
      );
    }
  });

  it('depend on the key, refuse short keys, and never print the key', () => {
    const other = createIdentifierHasher(new Uint8Array(32).fill(1));
    expect(other.hash('a')).not.toBe(hasher.hash('a'));
    expect(() => createIdentifierHasher(new Uint8Array(16))).toThrow(RetentionError);
    expect(JSON.stringify({ hasher })).toBe('{"hasher":"[redacted]"}');
    expect(inspect(hasher)).toBe('[redacted]');
    expect(String(hasher)).toBe('[redacted]');
  });
});

describe('deletion log', () => {
  it('chains entries that verify, with counts per rule', () => {
    const log = makeLog(6);
    const check = verifyLog(log);
    expect(check).toMatchObject({ valid: true, entries: 6, head: log[5]?.hash });
    expect(check.deleted).toBe(log.reduce((n, e) => n + e.count, 0));
    expect(check.byRule['personal-data-24h']).toBe(1 + 3 + 1);
    expect(log.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(log[0]?.prev).toBe(GENESIS_HASH);
    for (const e of log) expect([...e.ids].sort()).toEqual(e.ids);
  });

  it('continues a chain from a head, and verifies a tail given its prev', () => {
    const first = makeLog(3);
    const last = first[2] as DeletionLogEntry;
    const more = chainEntries({ seq: last.seq, hash: last.hash }, [draft(7)]).entries;
    expect(verifyLog([...first, ...more]).valid).toBe(true);
    expect(verifyLog(more, { after: { seq: last.seq, hash: last.hash } }).valid).toBe(true);
    expect(verifyLog(more, { after: { seq: last.seq + 1, hash: last.hash } }).valid).toBe(false);
    expect(verifyLog(more).valid).toBe(false);
  });

  it('detects removal of the last entries only against a trusted head', () => {
    const log = makeLog(4);
    expect(verifyLog(log.slice(0, 3)).valid).toBe(true);
    const check = verifyLog(log.slice(0, 3), { head: log[3]?.hash });
    expect(check.problems.map((p) => p.code)).toEqual(['HEAD']);
  });

  it('property: any single edit, removal, insertion, duplication or swap is detected', () => {
    type Mutation = (log: DeletionLogEntry[], i: number, j: number, s: string) => DeletionLogEntry[];
    const edit =
      (f: (e: DeletionLogEntry, s: string) => DeletionLogEntry): Mutation =>
      (log, i, _j, s) =>
        log.map((e, k) => (k === i ? f(structuredClone(e), s) : e));
    const flip = (hex: string) => (hex[0] === '0' ? `1${hex.slice(1)}` : `0${hex.slice(1)}`);
    const mutations: [string, Mutation][] = [
      ['count', edit((e) => ({ ...e, count: e.count + 1 }))],
      ['rule', edit((e, s) => ({ ...e, rule: `${e.rule}${s || 'x'}` }))],
      ['category', edit((e, s) => ({ ...e, category: `${s}z` }))],
      ['at', edit((e) => ({ ...e, at: new Date(Date.parse(e.at) + 1000).toISOString() }))],
      ['worker', edit((e, s) => ({ ...e, worker: `${e.worker}${s || 'y'}` }))],
      ['tenant', edit((e) => ({ ...e, tenant: 'other' }))],
      ['kind', edit((e) => ({ ...e, kind: 'replay' }))],
      ['one id', edit((e) => ({ ...e, ids: e.ids.map((id, k) => (k === 0 ? flip(id) : id)).sort() }))],
      ['drop id', edit((e) => ({ ...e, ids: e.ids.slice(1), count: e.ids.length - 1 }))],
      ['seq', edit((e) => ({ ...e, seq: e.seq + 10 }))],
      ['prev', edit((e) => ({ ...e, prev: flip(e.prev) }))],
      ['hash', edit((e) => ({ ...e, hash: flip(e.hash) }))],
      [
        'rehash after edit',
        (log, i) => {
          // An attacker who edits an entry and recomputes its hash still breaks the next link,
          // or (for the last entry) the trusted head.
          const { at, tenant, worker, kind, category, rule } = log[i] as DeletionLogEntry;
          const e = log[i] as DeletionLogEntry;
          const rechained = chainEntries(i === 0 ? { seq: -1, hash: GENESIS_HASH } : { seq: e.seq - 1, hash: e.prev }, [
            { at, tenant, worker, kind, category, rule, ids: [] },
          ]).entries[0] as DeletionLogEntry;
          return log.map((x, k) => (k === i ? rechained : x));
        },
      ],
      ['remove', (log, i) => log.filter((_, k) => k !== i)],
      ['duplicate', (log, i) => [...log.slice(0, i + 1), log[i] as DeletionLogEntry, ...log.slice(i + 1)]],
      [
        'swap',
        (log, i, j) => {
          const copy = [...log];
          const k = i === j ? (i + 1) % log.length : j;
          [copy[i], copy[k]] = [copy[k] as DeletionLogEntry, copy[i] as DeletionLogEntry];
          return copy;
        },
      ],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...mutations),
        fc.string({ maxLength: 3 }),
        (n, a, b, [, mutate], s) => {
          const log = makeLog(n);
          const head = log.at(-1)?.hash;
          const mutated = mutate(log, a % n, b % n, s);
          expect(verifyLog(mutated, { head }).valid).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('flags malformed entries without throwing', () => {
    const log = makeLog(2);
    const bad = [
      null,
      { ...log[0], v: 2 },
      { ...log[0], ids: ['XYZ'] },
      { ...log[0], ids: [log[0]?.ids[0], log[0]?.ids[0]] },
    ];
    for (const b of bad) expect(verifyLog([b as DeletionLogEntry]).problems[0]?.code).toBe('MALFORMED');
  });

  it('findErasures proves one id was deleted, with the key', () => {
    const log = makeLog(3);
    expect(findErasures(log, hasher, 'row-2-0').map((e) => e.seq)).toEqual([2]);
    expect(findErasures(log, hasher, 'row-9-9')).toEqual([]);
    expect(findErasures(log, createIdentifierHasher(new Uint8Array(32).fill(3)), 'row-2-0')).toEqual([]);
  });
});

describe('proof bundles', () => {
  it('round-trip through text and verify offline', () => {
    const log = makeLog(5);
    const bundle = exportProofBundle(log);
    expect(bundle.manifest).toMatchObject({
      format: 'privkit-retention-proof/1',
      tenant: 'acme',
      entries: 5,
      firstSeq: 0,
      lastSeq: 4,
      head: log[4]?.hash,
    });
    expect(bundle.lines.split('\n')).toHaveLength(6);
    const result = verifyProofBundle({ manifest: JSON.stringify(bundle.manifest, null, 2), lines: bundle.lines });
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.entries).toEqual(log);
  });

  it('exports and verifies a tail of the log', () => {
    const log = makeLog(5);
    const bundle = exportProofBundle(log.slice(2));
    expect(bundle.manifest.prev).toBe(log[1]?.hash);
    expect(verifyProofBundle(bundle).valid).toBe(true);
  });

  it('refuses to export a broken log', () => {
    const log = makeLog(3);
    expect(() => exportProofBundle([log[0], log[2]] as DeletionLogEntry[])).toThrow(RetentionError);
  });

  it('catches any change to the lines or the manifest', () => {
    const bundle = exportProofBundle(makeLog(4));
    const lines = bundle.lines.split('\n');
    const tampered = [
      { ...bundle, lines: bundle.lines.replace('"count":1', '"count":2') },
      { ...bundle, lines: [lines[0], lines[2], lines[3], ''].join('\n') },
      { ...bundle, lines: bundle.lines.slice(0, -1) },
      { ...bundle, manifest: { ...bundle.manifest, deleted: bundle.manifest.deleted - 1 } },
      { ...bundle, manifest: { ...bundle.manifest, byRule: { ...bundle.manifest.byRule, 'ip-security-7d': 1 } } },
      { ...bundle, manifest: { ...bundle.manifest, head: GENESIS_HASH } },
      { ...bundle, manifest: { ...bundle.manifest, tenant: 'other' } },
      { ...bundle, manifest: '{not json' },
    ];
    for (const t of tampered) expect(verifyProofBundle(t as never).valid).toBe(false);
    // Rewriting the lines *and* their hash still breaks the chain.
    const forgedLines = bundle.lines.replace(/"count":1,"ids":\["[0-9a-f]{32}"\]/, '"count":0,"ids":[]');
    expect(verifyProofBundle({ manifest: bundle.manifest, lines: forgedLines }).valid).toBe(false);
  });

  it('refuses what it does not hash: extra fields, keys twice, lines not in canonical text (issue 16, item 12)', () => {
    const bundle = exportProofBundle(makeLog(3));
    const manifestText = JSON.stringify(bundle.manifest);
    const [first, ...rest] = bundle.lines.split('\n');
    const withLine = (line: string) => [line, ...rest].join('\n');
    const cases: [string, { manifest: unknown; lines: string }, string][] = [
      [
        'manifest field',
        { manifest: { ...bundle.manifest, note: 'signed by nobody' }, lines: bundle.lines },
        'MALFORMED',
      ],
      [
        'manifest field (text)',
        { manifest: manifestText.replace('{', '{"approved":true,'), lines: bundle.lines },
        'MALFORMED',
      ],
      [
        'manifest key twice',
        { manifest: manifestText.replace('{', '{"deleted":999,'), lines: bundle.lines },
        'MALFORMED',
      ],
      [
        'line field',
        { manifest: bundle.manifest, lines: withLine((first as string).replace('{', '{"note":"x",')) },
        'MALFORMED',
      ],
      [
        'line key twice',
        { manifest: bundle.manifest, lines: withLine((first as string).replace('{"v":1,', '{"v":1,"rule":"x",')) },
        'MALFORMED',
      ],
      [
        'line not canonical',
        { manifest: bundle.manifest, lines: withLine((first as string).replace(':', ': ')) },
        'MALFORMED',
      ],
      ['CR LF', { manifest: bundle.manifest, lines: bundle.lines.replaceAll('\n', '\r\n') }, 'MALFORMED'],
      ['extra line', { manifest: bundle.manifest, lines: `${bundle.lines}{}\n` }, 'MALFORMED'],
      ['blank line', { manifest: bundle.manifest, lines: `${bundle.lines}\n` }, 'MALFORMED'],
    ];
    for (const [name, b, code] of cases) {
      const result = verifyProofBundle(b as never);
      expect({ name, valid: result.valid }).toEqual({ name, valid: false });
      expect(result.problems.map((p) => p.code)).toContain(code);
    }
    expect(() => verifyProofBundle({ ...bundle, signature: 'x' } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'bundle.signature' }),
    );
    expect(verifyProofBundle({ manifest: manifestText, lines: bundle.lines }).valid).toBe(true);
  });

  it('refuses log entries with a field the hash does not cover, or an impossible instant', () => {
    const [entry] = makeLog(1) as [DeletionLogEntry];
    expect(verifyLog([{ ...entry, note: 'x' } as DeletionLogEntry]).problems[0]?.code).toBe('MALFORMED');
    // An entry whose at is an impossible day, hashed correctly: still refused.
    const rolled = { ...entry, at: '2025-02-30T10:00:00.000Z' };
    expect(verifyLog([{ ...rolled, hash: entryHash(rolled) }]).problems[0]?.code).toBe('MALFORMED');
    // And nothing chains one in the first place.
    expect(() =>
      chainEntries({ seq: -1, hash: GENESIS_HASH }, [{ ...draft(0), at: '2025-02-30T10:00:00.000Z' }]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT', path: 'drafts[0].at' }));
    expect(() => chainEntries({ seq: -1, hash: GENESIS_HASH }, [{ ...draft(0), worker: '' }])).toThrow(RetentionError);
    expect(verifyLog([entry], { tenant: 'globex' }).problems.map((p) => p.code)).toEqual(['TENANT']);
    expect(() => verifyLog([entry], { prev: GENESIS_HASH } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY' }),
    );
  });
});
