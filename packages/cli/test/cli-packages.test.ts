import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chainEntries } from '@privkit/retention/log';
import { describe, expect, it } from 'vitest';
import { dir, privkit } from './support/cli.js';

describe('privkit retention / dsar / dpa', () => {
  const fx = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));
  // Copies of @privkit/dpa's own test models (a complete DPA, and the seed 003 ad-network DPA).
  const dpaFixtures = fileURLToPath(new URL('./fixtures/dpa/', import.meta.url));

  it('retention plan: due, held, retained, unmatched (exit 1: a record no rule covers)', () => {
    const r = privkit([
      'retention',
      'plan',
      '--policy',
      fx('retention/policy.json'),
      '--holds',
      fx('retention/holds.json'),
      '--now',
      '2026-11-23T12:00:00Z',
      fx('retention/records.jsonl'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('due       1  (personal-data-24h 1)');
    expect(r.stdout).toContain('held      1');
    expect(r.stdout).toContain('retained  3  (next due 2026-11-27T10:00:00.000Z)');
    expect(r.stdout).toContain('unmatched 1');
    const json = privkit(
      ['retention', 'plan', '--json', '--policy', fx('retention/policy.json'), '--now', '2026-11-23T12:00:00Z'],
      readFileSync(fx('retention/records.jsonl')),
    );
    expect(
      JSON.parse(json.stdout)
        .due.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual(['ev-1', 'ev-3']);
  });

  it('retention: a bad policy is one line with its path; --policy is required', () => {
    const bad = join(dir, 'bad-policy.json');
    writeFileSync(bad, JSON.stringify({ rules: [{ id: 'x', category: 'c', purpose: 'p', period: 'P1.5D' }] }));
    const r = privkit(['retention', 'plan', '--policy', bad], '');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^privkit: .*bad-policy\.json: "rules\[0\]\.period" [^\n]+\n$/);
    expect(privkit(['retention', 'plan']).status).toBe(2);
  });

  it('retention sweep: deletes due records, appends to a verified log, continues the chain, refuses tampering', () => {
    const records = join(dir, 'records.jsonl');
    const log = join(dir, 'deletions.jsonl');
    const key = join(dir, 'tenant.key');
    writeFileSync(records, readFileSync(fx('retention/records.jsonl')));
    writeFileSync(key, 'a1'.repeat(32));
    const base = [
      'retention',
      'sweep',
      '--policy',
      fx('retention/policy.json'),
      '--holds',
      fx('retention/holds.json'),
      '--tenant',
      'exatom',
      '--key-file',
      key,
      '--log',
      log,
    ];
    const dry = privkit([...base, '--dry-run', '--now', '2026-11-23T12:00:00Z', records]);
    expect(dry.stdout).toBe('would delete 1 of 6 records (personal-data-24h 1), 1 held; 0 log entries\n');
    expect(existsSync(log)).toBe(false);
    const first = privkit([...base, '--now', '2026-11-23T12:00:00Z', records]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('deleted 1 of 6 records (personal-data-24h 1); 1 log entries\n');
    expect(readFileSync(records, 'utf8')).not.toContain('"ev-1"');
    const second = privkit([...base, '--now', '2026-12-31T12:00:00Z', records]);
    expect(second.stdout).toMatch(/^deleted 2 of 5 records \(ip-security-7d 1, anonymous-90d 1\)/);
    const entries = readFileSync(log, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i));
    expect(readFileSync(log, 'utf8')).not.toContain('ev-');
    writeFileSync(log, readFileSync(log, 'utf8').replace('"count":1', '"count":2'));
    const tampered = privkit([...base, '--now', '2027-06-01T00:00:00Z', records]);
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(
      /^privkit: .*deletions\.jsonl: the deletion log fails verification .*; nothing deleted\n$/,
    );
  });

  it(
    'retention sweep: the end of the log is checked against its sealed checkpoint (a rewritten or cut last entry ' +
      'is refused)',
    () => {
      const records = join(dir, 'tail-records.jsonl');
      const log = join(dir, 'tail-deletions.jsonl');
      const key = join(dir, 'tail.key');
      writeFileSync(records, readFileSync(fx('retention/records.jsonl')));
      writeFileSync(key, 'b2'.repeat(32));
      const base = ['retention', 'sweep', '--policy', fx('retention/policy.json'), '--tenant', 'exatom'];
      const sweep = (now: string) => privkit([...base, '--key-file', key, '--log', log, '--now', now, records]);
      expect(sweep('2026-11-23T12:00:00Z').status).toBe(0);
      expect(sweep('2026-12-31T12:00:00Z').status).toBe(0);
      const original = readFileSync(log, 'utf8');
      const lines = original.trimEnd().split('\n');
      const entries = lines.map((l) => JSON.parse(l));
      const before = entries.at(-2);
      // A forged last entry with a valid chain: its hash recomputed by the library itself.
      const { at, tenant, worker, kind, category, rule } = entries.at(-1);
      const forged = chainEntries({ seq: before.seq, hash: before.hash }, [
        { at, tenant, worker, kind, category, rule, ids: ['00000000000000000000000000000000'] },
      ]).entries[0];
      writeFileSync(log, `${[...lines.slice(0, -1), JSON.stringify(forged)].join('\n')}\n`);
      const rewritten = sweep('2027-06-01T00:00:00Z');
      expect(rewritten.status).toBe(1);
      expect(rewritten.stderr).toMatch(/deletion log fails verification .*HEAD|trusted head/);
      writeFileSync(log, `${lines.slice(0, -1).join('\n')}\n`);
      expect(sweep('2027-06-01T00:00:00Z').stderr).toMatch(/fails verification/);
      writeFileSync(log, original.replace('"worker":', '"worker":"x","worker":'));
      expect(sweep('2027-06-01T00:00:00Z').stderr).toMatch(/not one JSON entry/);
      writeFileSync(log, original);
      expect(sweep('2027-06-01T00:00:00Z').status).toBe(0);
    },
  );

  it(
    'retention sweep: write-ahead: a run whose records write fails logs nothing, ' +
      'and the rerun logs each deletion once',
    () => {
      const records = join(dir, 'wal-records.jsonl');
      const log = join(dir, 'wal-deletions.jsonl');
      const key = join(dir, 'wal.key');
      writeFileSync(records, readFileSync(fx('retention/records.jsonl')));
      writeFileSync(key, 'c3'.repeat(32));
      const base = [
        'retention',
        'sweep',
        '--policy',
        fx('retention/policy.json'),
        '--tenant',
        'exatom',
        '--key-file',
        key,
      ];
      const now = ['--now', '2026-12-31T12:00:00Z'];
      // The records cannot be written (no such folder): the run fails after its intent was stored.
      const failed = privkit([...base, '--log', log, ...now, '-o', join(dir, 'missing-folder', 'kept.jsonl'), records]);
      expect(failed.status).toBe(1);
      expect(existsSync(log)).toBe(false);
      expect(existsSync(`${log}.intent`)).toBe(true);
      // The rerun finds every record of the intent still there: the intent is dropped, and the sweep
      // deletes and logs them once.
      const kept = join(dir, 'wal-kept.jsonl');
      const rerun = privkit([...base, '--log', log, ...now, '-o', kept, records]);
      expect(rerun.status).toBe(0);
      expect(existsSync(`${log}.intent`)).toBe(false);
      const entries = readFileSync(log, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const ids = entries.flatMap((e) => e.ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(rerun.stdout).toMatch(new RegExp(`^deleted ${ids.length} of 6 records`));
      // Run again on the kept records: nothing due is left, nothing is logged twice.
      const again = privkit([...base, '--log', log, ...now, kept]);
      expect(again.status).toBe(0);
      expect(readFileSync(log, 'utf8').trimEnd().split('\n')).toHaveLength(entries.length);
    },
  );

  it('dsar due: deadlines per regime, overdue is exit 1, --explain cites each step', () => {
    const one = privkit([
      'dsar',
      'due',
      '--regime',
      'gdpr',
      '--received',
      '2025-01-31T09:30:00Z',
      '--time-zone',
      'Europe/Paris',
      '--now',
      '2025-02-10T00:00:00Z',
    ]);
    expect(one.status).toBe(0);
    expect(one.stdout).toBe(
      'request (gdpr, access, received); respond by 2025-02-28; extendable to 2025-04-30 if announced by 2025-02-28\n',
    );
    const file = privkit(['dsar', 'due', '--now', '2025-03-10T12:00:00Z', fx('dsar/requests.jsonl')]);
    expect(file.status).toBe(1);
    expect(file.stdout.split('\n')[0]).toBe('REQ-42 (gdpr, access, in-progress); respond by 2025-04-30');
    expect(file.stdout).toMatch(/REQ-44 .*OVERDUE \(response\)/);
    const explained = privkit(['dsar', 'due', '--explain', '--regime', 'gdpr', '--received', '2025-01-31T09:30:00Z']);
    expect(explained.stderr).toBe('');
    expect(explained.stdout).toContain('[GDPR Art 12(3)');
    expect(privkit(['dsar', 'due', '--regime', 'mars', '--received', '2025-01-31T09:30:00Z']).status).toBe(2);
    // A receipt date alone, as the library's deadlinesFor reads it (issue 22: it failed with an error about "at").
    const date = privkit([
      'dsar',
      'due',
      '--regime',
      'gdpr',
      '--received',
      '2025-01-31',
      '--now',
      '2025-02-10T00:00:00Z',
    ]);
    expect([date.status, date.stderr]).toEqual([0, '']);
    expect(date.stdout).toContain('respond by 2025-02-28');
    const impossible = privkit(['dsar', 'due', '--regime', 'gdpr', '--received', '2025-02-30T10:00:00Z']);
    expect(impossible.status).toBe(1);
    expect(impossible.stderr).toContain('"input.receivedAt"');
    // APPI art 33(2) says "without delay": no date without the user's internal target, and the
    // target is printed as one.
    const jp = [
      'dsar',
      'due',
      '--regime',
      'jp-appi',
      '--received',
      '2025-12-26T03:00:00Z',
      '--time-zone',
      'Asia/Tokyo',
    ];
    const bare = privkit(jp);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain('sets no fixed period');
    const targeted = privkit([...jp, '--target', 'jp-appi=P14D', '--now', '2026-01-10T00:00:00Z']);
    expect([targeted.status, targeted.stderr]).toEqual([1, '']);
    expect(targeted.stdout).toBe(
      'request (jp-appi, access, received); internal target 2026-01-09 (the law sets no fixed period); ' +
        'OVERDUE (response)\n',
    );
    const json = privkit([...jp, '--target', 'jp-appi=P14D', '--json', '--now', '2025-12-27T00:00:00Z']);
    expect(JSON.parse(json.stdout)).toMatchObject({ basis: 'internal-target', respondBy: { date: '2026-01-09' } });
    expect(privkit([...jp, '--target', 'jp-appi']).status).toBe(2);
    expect(privkit([...jp, '--target', 'mars=P14D']).status).toBe(2);
    expect(privkit([...jp, '--target', 'jp-appi=14 days']).status).toBe(1);
  });

  it('dpa check / render / diff on the seed models', () => {
    const check = privkit(['dpa', 'check', join(dpaFixtures, 'seed-003-exitbee-dpa.json')]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('[art28.2.notice]');
    expect(check.stderr).toMatch(/^privkit: \d+ errors, \d+ warnings, \d+ notes\n$/);
    const clean = privkit(['dpa', 'check', join(dpaFixtures, 'example-complete.json')]);
    expect(clean.status).toBe(0);
    const json = privkit([
      'dpa',
      'check',
      '--json',
      '--fail-on',
      'error',
      join(dpaFixtures, 'seed-003-exitbee-dpa.json'),
    ]);
    expect(JSON.parse(json.stdout).some((f: { rule: string }) => f.rule === 'art28.2.notice')).toBe(true);
    const md = privkit(['dpa', 'render', '--document', 'dpa', join(dpaFixtures, 'example-complete.json')]);
    expect(md.stdout.startsWith('# Data Processing Agreement')).toBe(true);
    const html = join(dir, 'dpa.html');
    expect(
      privkit([
        'dpa',
        'render',
        '--document',
        'dpa',
        '--format',
        'html',
        '-o',
        html,
        join(dpaFixtures, 'example-complete.json'),
      ]).status,
    ).toBe(0);
    expect(readFileSync(html, 'utf8').startsWith('<!doctype html>')).toBe(true);
    const same = privkit([
      'dpa',
      'diff',
      join(dpaFixtures, 'example-complete.json'),
      join(dpaFixtures, 'example-complete.json'),
    ]);
    expect(same.status).toBe(0);
    expect(same.stdout).toBe('');
    const differ = privkit([
      'dpa',
      'diff',
      join(dpaFixtures, 'example-complete.json'),
      join(dpaFixtures, 'seed-003-exitbee-dpa.json'),
    ]);
    expect(differ.status).toBe(1);
    expect(differ.stdout).toMatch(/^[+~-] \w+ /m);
    expect(privkit(['dpa', 'render', join(dpaFixtures, 'example-complete.json')]).status).toBe(2);
  });

  it('dpa: an invalid model is one line with the path, never the value', () => {
    const bad = join(dir, 'bad-model.json');
    writeFileSync(bad, JSON.stringify({ id: 'x', parties: 'secret-value', activities: [] }));
    const r = privkit(['dpa', 'check', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad-model\.json: "parties" must be an array/);
    expect(r.stderr).not.toContain('secret-value');
  });

  describe('every JSON file the command reads is read strictly (issue 22)', () => {
    const policy = JSON.parse(readFileSync(fx('retention/policy.json'), 'utf8'));
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const plan = (policyPath: string, records = fx('retention/records.jsonl'), extra: string[] = []) =>
      privkit(['retention', 'plan', '--policy', policyPath, '--now', '2026-11-23T12:00:00Z', ...extra, records]);

    it('a policy with a key twice: refused, one line, exit 1 (JSON.parse would keep the last)', () => {
      const text = JSON.stringify(policy).replace('{', '{"rules":[],');
      const r = plan(file('twice.json', text));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^privkit: .*twice\.json: an object has the same key twice \(at \$\)\n$/);
    });

    it('a policy rule with a misspelt key: refused, naming the path', () => {
      const typo = structuredClone(policy);
      typo.rules[0].triger = { type: 'event', event: 'contract-ended' };
      const r = plan(file('typo.json', JSON.stringify(typo)));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/typo\.json: .*unknown key "triger" at rules\[0\]/);
    });

    it('a records line with a key twice: refused, naming the line', () => {
      const records = file(
        'records-twice.jsonl',
        '{"id":"a","category":"anonymous-data","id":"b","collectedAt":"2026-11-20T10:00:00Z"}\n',
      );
      const r = plan(fx('retention/policy.json'), records);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/records-twice\.jsonl: line 1: an object has the same key twice/);
    });

    it('dpa check --retention reads the policy file as retention does', () => {
      const typo = structuredClone(policy);
      typo.rules[0].perod = 'P1D';
      const r = privkit([
        'dpa',
        'check',
        '--retention',
        file('dpa-typo.json', JSON.stringify(typo)),
        join(dpaFixtures, 'example-complete.json'),
      ]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/dpa-typo\.json: .*unknown key "perod" at rules\[0\]/);
    });

    it('an impossible --now or --at is a usage error, not rolled over', () => {
      const r = plan(fx('retention/policy.json'), fx('retention/records.jsonl'));
      expect(r.status).toBe(1);
      const bad = privkit([
        'retention',
        'plan',
        '--policy',
        fx('retention/policy.json'),
        '--now',
        '2026-02-30T12:00:00Z',
      ]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--now must be an RFC 3339 instant/);
      const at = privkit(['hash', '--tenant', 't', '--ua', 'x', '--at', '2026-02-29T10:00:00Z', '198.51.100.1']);
      expect(at.status).toBe(2);
    });
  });

  it.each([['retention'], ['dsar'], ['dpa']])('%s --help', (command) => {
    const r = privkit([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: privkit ${command}`);
  });
});
