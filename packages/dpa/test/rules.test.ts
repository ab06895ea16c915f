import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkModel,
  checkRetentionAgainst,
  type Finding,
  type PrivacyModel,
  parseModel,
  type RetentionRule,
} from '../src/index.js';
import { art28Pack, DEFAULT_RULE_PACKS, recordPack, structurePack, transfersPack } from '../src/rules.js';
import { FIXTURES, fixtureJson } from './fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: tests mutate fixture JSON freely before parsing it
type Loose = any;

const expected = (name: string): Finding[] =>
  JSON.parse(readFileSync(new URL(`./expected/${name}.findings.json`, import.meta.url), 'utf8'));
const rules = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.rule} ${f.path}`);

describe('reviewed findings for the seed documents', () => {
  // The snapshots in test/expected/ were read against the seed texts; they are never updated
  // by the test run (scripts/review-findings.ts --write, by hand, after review).
  it.each(FIXTURES)('%s matches its reviewed snapshot exactly', (name) => {
    expect(checkModel(parseModel(fixtureJson(name)))).toEqual(expected(name));
  });

  it('reports what a careful reader of the ad network DPA (seed 003) reports', () => {
    const found = rules(checkModel(parseModel(fixtureJson('seed-003-exitbee-dpa'))));
    // "the Processor will not undertake any data deletion efforts" (clause 15.4) vs Art. 28(3)(g) and (e)
    expect(found).toContain('error carve-out.end-of-processing documents.dpa.carveOuts[0]');
    expect(found).toContain('error carve-out.data-subject-rights documents.dpa.carveOuts[0]');
    // Rackspace (United Kingdom) in a table with no transfer mechanisms, against clause 4.2's "EU/EEA only"
    expect(found).toContain('error chapter5.subprocessor-mechanism subProcessors[3]');
    expect(found).toContain('error dpa.processing-location subProcessors[3]');
    // the 72-hour breach clause leaves the controller none of its own 72 hours
    expect(found).toContain('warning art33.2.breach-deadline documents.dpa.breach.notifyWithin');
    // general authorisation without notice, objection only on reasonable grounds
    expect(found).toContain('error art28.2.notice documents.dpa.subProcessing.noticePeriod');
    expect(found).toContain('warning art28.2.objection-qualified documents.dpa.subProcessing.objectionRight');
    // nothing spurious: items the DPA does contain are not reported
    for (const present of [
      'art28.3.a.instructions',
      'art28.3.b.confidentiality',
      'art28.3.c.security',
      'art28.3.h.information',
      'art28.3.h.inspections',
      'art28.3.g.end-of-processing',
      'art28.4.flow-down',
    ])
      expect(found.some((f) => f.includes(` ${present} `))).toBe(false);
    // sub-processors inside the EEA need no mechanism
    expect(found.filter((f) => f.includes('chapter5'))).toHaveLength(1);
  });

  it('reports the processor notice (seed 000): unnamed third countries, missing e-mail, unstated interests', () => {
    const found = rules(checkModel(parseModel(fixtureJson('seed-000-exatom-notice'))));
    expect(found).toContain('error art13.1.f.transfers transfers[0].to');
    expect(found).toContain('error chapter5.mechanism transfers[0].mechanism');
    expect(found).toContain('warning art12.2.channel documents.notice.channels[0].value');
    expect(found).toContain('warning art13.1.d.legitimate-interest activities[0].purposes[0].legitimateInterest');
    expect(found).not.toContain('warning art13.1.d.legitimate-interest activities[1].purposes[0].legitimateInterest');
    expect(found.some((f) => f.includes('art13.2.b.rights'))).toBe(false);
  });

  it('reports the controller statement (seed 001): the CRM has no legal basis', () => {
    const found = rules(checkModel(parseModel(fixtureJson('seed-001-xcommerce-notice'))));
    expect(found.filter((f) => f.startsWith('error'))).toEqual([
      'error art13.1.c.legal-basis activities[5].purposes[0].legalBasis',
    ]);
  });

  it('finds nothing in the complete example', () => {
    expect(checkModel(parseModel(fixtureJson('example-complete')))).toEqual([]);
  });
});

describe('one finding per fact', () => {
  // Three transfers without a destination or safeguard, recorded under eight activities: 3 x 8
  // record findings, the notice's and Chapter V's, before; one per missing item after.
  const model = () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    m.transfers = ['t1', 't2', 't3'].map((id) => ({ id, importer: 'mailer' }));
    const template = m.activities[0];
    m.activities = Array.from({ length: 8 }, (_, k) => ({ ...template, id: `a${k}`, transfers: ['t1', 't2', 't3'] }));
    m.documents.record.activities = m.activities.map((a: Loose) => a.id);
    m.documents.notice.activities = m.documents.record.activities;
    m.documents.dpa.activities = m.documents.record.activities;
    delete m.documents.notice.transfers;
    delete m.documents.record.transfers;
    return parseModel(m);
  };

  it('reports each missing destination and safeguard once, with every place it shows', () => {
    const found = checkModel(model()).filter((f) => /transfers\[\d\]\.(to|mechanism)$/.test(f.path));
    expect(found.map((f) => `${f.severity} ${f.rule} ${f.path}`)).toEqual([
      'error art13.1.f.transfers transfers[0].to',
      'error chapter5.mechanism transfers[0].mechanism',
      'error art13.1.f.transfers transfers[1].to',
      'error chapter5.mechanism transfers[1].mechanism',
      'error art13.1.f.transfers transfers[2].to',
      'error chapter5.mechanism transfers[2].mechanism',
    ]);
    const [to] = found;
    expect(to?.rules).toEqual(['art13.1.f.transfers', 'chapter5.destination', 'art30.1.e.transfers']);
    expect(to?.article).toBe('Art. 13(1)(f), Art. 30(1)(e) GDPR');
    expect(to?.paths).toEqual([
      'transfers[0].to',
      ...Array.from({ length: 8 }, (_, k) => `activities[${k}].transfers[0]`),
    ]);
    expect(checkModel(model()).filter((f) => f.rule === 'art30.1.e.transfers')).toEqual([]);
  });

  it('merges within one pack too, and leaves a custom pack’s findings alone', () => {
    const found = checkModel(model(), { packs: [recordPack] });
    expect(found.filter((f) => f.rule === 'art30.1.e.transfers')).toHaveLength(6);
    const custom = {
      id: 'custom',
      title: 'Custom',
      check: () => [0, 1].map(() => ({ rule: 'x', severity: 'info' as const, article: 'x', path: 'p', message: 'm' })),
    };
    expect(checkModel(model(), { packs: [custom] })).toHaveLength(2);
  });
});

describe('rule details', () => {
  const base = () => structuredClone(fixtureJson('example-complete')) as Loose;

  it('runs only the packs asked for', () => {
    const m = base();
    m.documents.dpa.breach = {};
    m.transfers[0].mechanism = undefined;
    delete m.transfers[0].mechanism;
    const model = parseModel(m);
    expect(checkModel(model, { packs: [art28Pack] }).map((f) => f.rule)).toEqual(['art33.2.breach-notice']);
    expect(checkModel(model, { packs: [transfersPack] }).map((f) => f.rule)).toEqual([
      'chapter5.subprocessor-mechanism',
      'chapter5.recipient-mechanism',
      'chapter5.mechanism',
    ]);
    expect(DEFAULT_RULE_PACKS.map((p) => p.id)).toEqual([
      'structure',
      'art28',
      'transfers',
      'notice',
      'record',
      'consistency',
    ]);
  });

  it('reports dangling references and duplicate ids', () => {
    const m = base();
    m.activities[0].categories.push('ghost');
    m.dataSubjects.push({ id: 'visitors', name: 'again' });
    m.documents.dpa.subProcessors = ['hetzner', 'nobody'];
    const found = checkModel(parseModel(m), { packs: [structurePack] }).map((f) => `${f.rule} ${f.path}`);
    expect(found).toEqual([
      'model.duplicate-id dataSubjects[2].id',
      'model.reference activities[0].categories[2]',
      'model.reference documents.dpa.subProcessors[1]',
    ]);
  });

  it('checks adequacy: country, scope, DPF', () => {
    const m = base();
    m.transfers = [
      { id: 'br', to: 'BR', mechanism: { type: 'adequacy' } },
      { id: 'ca', to: 'CA', mechanism: { type: 'adequacy' } },
      { id: 'ca2', to: 'CA', mechanism: { type: 'adequacy', scope: 'commercial organisation under PIPEDA' } },
      { id: 'ch', to: 'CH', mechanism: { type: 'adequacy' } },
      { id: 'in', to: 'IN', mechanism: { type: 'dpf', certified: true } },
      { id: 'us', to: 'US', mechanism: { type: 'scc', module: 3, tia: true } },
      { id: 'de', to: 'DE' },
    ];
    m.activities[0].transfers = ['br', 'ca', 'ca2', 'ch', 'in', 'de'];
    m.subProcessors[1].transfers = ['us'];
    m.recipients[0].countries = ['BE'];
    const found = checkModel(parseModel(m), { packs: [transfersPack] }).map((f) => `${f.rule} ${f.path}`);
    expect(found).toEqual([
      'chapter5.adequacy-country transfers[0].mechanism',
      'chapter5.adequacy-scope transfers[1].mechanism.scope',
      'chapter5.dpf-country transfers[4].to',
    ]);
  });

  it('asks for the authorised sub-processors, the Art. 33(3) content and the Art. 22 right', () => {
    const rules = (m: Loose) => checkModel(parseModel(m)).map((f) => f.rule);
    const m = base();
    expect(rules(m)).toEqual([]);
    delete m.subProcessors;
    delete m.documents.dpa.subProcessors;
    for (const t of m.transfers) delete t.importer;
    expect(rules(m)).toContain('art28.2.list');
    m.documents.dpa.subProcessing.list = 'https://processor.example/subprocessors';
    expect(rules(m)).not.toContain('art28.2.list');
    m.documents.dpa.subProcessors = [];
    delete m.documents.dpa.subProcessing.list;
    expect(rules(m)).not.toContain('art28.2.list');

    const n = base();
    delete n.documents.dpa.breach.content;
    expect(rules(n)).toContain('art33.3.breach-content');
    n.activities[0].automatedDecisions = { exists: true, logic: 'a score', significance: 'a refusal' };
    expect(rules(n)).toContain('art13.2.f.art22-right');
    n.documents.notice.rights.push({ right: 'automated-decisions' });
    expect(rules(n)).not.toContain('art13.2.f.art22-right');
  });

  it('warns of a transfer that no activity, sub-processor, recipient or document names', () => {
    const m = base();
    m.transfers = [
      { id: 'orphan', to: 'US', mechanism: { type: 'scc', module: 2, tia: true } },
      { id: 'by-activity', to: 'US', mechanism: { type: 'scc', module: 2, tia: true } },
      { id: 'by-importer', to: 'CH', importer: m.recipients[0].id, mechanism: { type: 'adequacy' } },
    ];
    m.activities[0].transfers = ['by-activity'];
    for (const s of m.subProcessors) delete s.transfers;
    const found = checkModel(parseModel(m), { packs: [transfersPack] }).filter(
      (f) => f.rule === 'chapter5.unreferenced',
    );
    expect(found.map((f) => f.path)).toEqual(['transfers[0]']);
    m.documents.notice.transfers = ['orphan'];
    expect(checkModel(parseModel(m), { packs: [transfersPack] }).map((f) => f.rule)).not.toContain(
      'chapter5.unreferenced',
    );
  });

  it('flags a breach deadline of 72 hours or more, not less', () => {
    for (const [within, flagged] of [
      ['PT24H', false],
      ['PT48H', false],
      ['PT72H', true],
      ['P3D', true],
      ['P1W', true],
    ] as const) {
      const m = base();
      m.documents.dpa.breach.notifyWithin = within;
      const found = checkModel(parseModel(m)).map((f) => f.rule);
      expect(found.includes('art33.2.breach-deadline')).toBe(flagged);
    }
  });

  it('checks cross-document consistency of retention, recipients and transfers', () => {
    const m = base();
    m.documents.notice.retention = ['ip-1d', 'orders-10y'];
    m.documents.record.transfers = [];
    m.documents.notice.recipients = ['carrier'];
    const found = checkModel(parseModel(m)).map((f) => `${f.rule} ${f.path} ${f.message}`);
    expect(found).toEqual([
      'consistency.retention documents.notice.retention the notice omits retention rule "page-views-13m", ' +
        'which activity "web-analytics" has',
      'consistency.recipients documents.notice.recipients the notice omits recipient "acme-recipient", ' +
        'which activity "web-analytics" has',
      'consistency.transfers documents.record.transfers the record omits transfer "t-mailer", ' +
        'which activity "web-analytics" has',
      'consistency.recipients documents.notice.recipients the DPA lists 2 sub-processor(s), ' +
        'but the notice names no processors among the recipients',
      'consistency.transfers documents.record.transfers the DPA\'s sub-processor "mailer" receives data ' +
        'in US (transfer "t-mailer"), which the record does not state',
    ]);
  });
});

describe('checkRetentionAgainst (the running @privkit/retention policy)', () => {
  const model: PrivacyModel = parseModel(fixtureJson('example-complete'));
  const running = (): RetentionRule[] => structuredClone(model.retention ?? []) as RetentionRule[];

  it('agrees with the same plain objects', () => {
    expect(checkRetentionAgainst(model, running())).toEqual([]);
    expect(checkModel(model, { runningRetention: running() })).toEqual([]);
  });

  it('reports drift in period, trigger, anchor, category, and missing or extra rules', () => {
    const live = running() as Loose[];
    live[0].period = 'PT24H'; // P1D written, PT24H enforced: not the same across DST
    live[1].period = { min: 'P30D', max: 'P24M' };
    live[2].trigger = { type: 'collected' };
    live[2].anchor = 'none';
    live.push({ id: 'extra', category: 'ip-address', purpose: 'debugging', period: 'P90D' });
    const found = checkRetentionAgainst(model, live).map((f) => `${f.severity} ${f.rule} ${f.path}`);
    expect(found).toEqual([
      'error retention.period-mismatch retention[0].period',
      'error retention.period-mismatch retention[1].period',
      'error retention.trigger-mismatch retention[2].trigger',
      'warning retention.anchor-mismatch retention[2].anchor',
      'warning retention.undocumented retention',
    ]);
    const fewer = running().slice(1);
    expect(checkRetentionAgainst(model, fewer).map((f) => f.rule)).toEqual(['retention.not-enforced']);
  });

  it('rejects running rules that are not the shared shape', () => {
    expect(() =>
      checkRetentionAgainst(model, [{ id: 'x', category: 'c', purpose: 'p', period: '7d' } as RetentionRule]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DURATION', path: 'running[0].period' }));
  });
});

describe('more Chapter V and Art. 13 details', () => {
  // biome-ignore lint/suspicious/noExplicitAny: tests mutate fixture JSON freely before parsing it
  const base = () => structuredClone(fixtureJson('example-complete')) as any;

  it('expects SCC Module Three for a transfer to a sub-processor', () => {
    for (const [module, flagged] of [
      [1, true],
      [2, true],
      [3, false],
      [4, true],
    ] as const) {
      const m = base();
      m.transfers[0].mechanism = { type: 'scc', module, tia: true };
      expect(
        checkModel(parseModel(m), { packs: [transfersPack] })
          .map((f) => f.rule)
          .includes('chapter5.scc-module-mismatch'),
      ).toBe(flagged);
    }
  });

  it("asks for a representative when the notice's controller is outside the EEA", () => {
    const m = base();
    m.parties[0].country = 'US';
    expect(checkModel(parseModel(m)).map((f) => f.rule)).toEqual(['art13.1.a.representative']);
    m.parties[0].representative = { name: 'EU Rep GmbH', email: 'rep@eu.example' };
    expect(checkModel(parseModel(m))).toEqual([]);
  });
});
