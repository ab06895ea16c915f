/**
 * What real policies say about themselves and the policy as a whole (issue 19): registration
 * numbers, scope and exclusions, references to other documents, a month as a date, applicable law,
 * legal bases stated for the whole notice, profiling, sale, cookies and device storage, limits on
 * rights, response times, labelled channels, an undetermined role; and in a DPA, requests from
 * public authorities, the breach definition, audit conditions and the remedies on objection.
 */
import { describe, expect, it } from 'vitest';
import { toDpvJsonLd } from '../src/dpv.js';
import { checkModel, DpaError, parseModel, renderHtml, renderMarkdown } from '../src/index.js';
import { fixtureJson } from './fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: tests edit fixture JSON freely before parsing it
type Loose = any;

const example = () => structuredClone(fixtureJson('example-complete')) as Loose;
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DpaError) return { code: e.code, path: e.path, message: e.message };
    throw e;
  }
  return undefined;
};

describe('the schema holds what policies say about themselves', () => {
  it('accepts a month as a document date and refuses months and days that do not exist', () => {
    for (const date of ['2025-01', '2024-12', '2024-02-29']) {
      const m = example();
      m.documents.notice.date = date;
      expect(renderMarkdown(parseModel(m), 'notice')).toContain(`Last updated ${date}.`);
    }
    for (const date of ['2025-13', '2025-00', '2025-1', '2025-02-29', '2025-02-30', 'January 2025', '2025-01-']) {
      const m = example();
      m.documents.notice.date = date;
      expect(
        codeOf(() => parseModel(m)),
        date,
      ).toMatchObject({
        code: 'INVALID_DATE',
        path: 'documents.notice.date',
        message: expect.stringContaining('or a month YYYY-MM'),
      });
    }
  });

  it('refuses unknown keys in every new object', () => {
    const cases: [string, (m: Loose) => void][] = [
      [
        'parties[0].registrations[0].numbr',
        (m) => (m.parties[0].registrations = [{ scheme: 'KBO', number: '1', numbr: '1' }]),
      ],
      ['documents.notice.scope.exclude', (m) => (m.documents.notice.scope = { exclude: [] })],
      [
        'documents.notice.references[0].url',
        (m) => (m.documents.notice.references = [{ kind: 'terms', at: 'x', url: 'x' }]),
      ],
      [
        'documents.notice.legalBases[0].where',
        (m) => (m.documents.notice.legalBases = [{ basis: 'consent', where: 1 }]),
      ],
      ['documents.notice.profiling.logic', (m) => (m.documents.notice.profiling = { exists: true, logic: 'x' })],
      ['documents.notice.deviceStorage.cookie', (m) => (m.documents.notice.deviceStorage = { cookie: false })],
      ['documents.dpa.governmentAccess.notice', (m) => (m.documents.dpa.governmentAccess = { notice: true })],
    ];
    for (const [path, edit] of cases) {
      const m = example();
      edit(m);
      expect(
        codeOf(() => parseModel(m)),
        path,
      ).toMatchObject({ code: 'UNKNOWN_KEY', path });
    }
  });

  it('refuses a remedy, storage kind or reference kind it does not know', () => {
    const m = example();
    m.documents.dpa.subProcessing.objectionRemedies = ['refund'];
    expect(codeOf(() => parseModel(m))).toMatchObject({
      code: 'INVALID_MODEL',
      path: 'documents.dpa.subProcessing.objectionRemedies[0]',
    });
    const n = example();
    n.documents.notice.deviceStorage = { items: [{ name: 'x', kind: 'indexeddb' }] };
    expect(codeOf(() => parseModel(n))?.path).toBe('documents.notice.deviceStorage.items[0].kind');
  });
});

describe('the notice renders them as stated', () => {
  const stated = () => {
    const m = example();
    m.parties[0].registrations = [{ scheme: 'KBO', number: '0123.456.789' }];
    Object.assign(m.documents.notice, {
      date: '2025-01',
      scope: {
        covers: 'the Services we provide to our customers',
        excludes: [{ description: 'our marketing website', see: 'https://example.com/privacy' }],
      },
      references: [{ kind: 'cookie-policy', title: 'Cookie Policy', at: 'https://example.com/cookies' }],
      applicableLaw: ['the GDPR', 'the Belgian Data Protection Act of 30 July 2018'],
      profiling: { exists: true, description: 'We group visitors by country to report aggregate statistics.' },
      sellsData: false,
      deviceStorage: {
        cookies: true,
        localStorage: false,
        items: [{ name: '_session', kind: 'cookie', purpose: 'keeps you signed in', duration: 'session' }],
      },
      rightsLimitations: ['These rights may be limited where we are legally obliged to keep the data.'],
      responseTime: 'P1M',
      channels: [{ kind: 'phone', label: 'Poland', value: '+48 22 000 00 00' }],
    });
    return m;
  };

  it('prints each statement once, in the model’s words', () => {
    const md = renderMarkdown(parseModel(stated()), 'notice');
    for (const s of [
      'Last updated 2025-01.',
      '- **This notice covers:** the Services we provide to our customers',
      '- **It does not cover:**\n  - our marketing website (see https://example.com/privacy)',
      '  - the Belgian Data Protection Act of 30 July 2018',
      '- **Registration numbers:** KBO 0123.456.789',
      '- We carry out profiling: We group visitors by country to report aggregate statistics.',
      '- We do not sell your personal data.',
      '- We use cookies.',
      "- We do not store data in your browser's local or session storage.",
      '| \\_session | cookie | keeps you signed in | session | Not stated. |',
      '- **Limits on these rights:**\n  - These rights may be limited where we are legally obliged to keep the data.',
      '- **We answer requests within:** 1 month',
      '- phone (Poland): +48 22 000 00 00',
      '- **Documents:**\n  - Cookie policy ("Cookie Policy"): https://example.com/cookies',
    ])
      expect(md).toContain(s);
    expect(renderHtml(parseModel(stated()), 'notice')).toContain('<td>keeps you signed in</td>');
  });

  it('reports a "no cookies" statement beside the cookies the notice describes, and nothing when they agree', () => {
    const m = stated();
    expect(checkModel(parseModel(m)).filter((f) => f.rule === 'notice.storage.contradiction')).toEqual([]);
    m.documents.notice.deviceStorage.cookies = false;
    m.documents.notice.deviceStorage.items.push({ name: 'theme', kind: 'local-storage' });
    const found = checkModel(parseModel(m)).filter((f) => f.rule === 'notice.storage.contradiction');
    expect(found.map((f) => [f.path, f.severity])).toEqual([
      ['documents.notice.deviceStorage.cookies', 'error'],
      ['documents.notice.deviceStorage.localStorage', 'error'],
    ]);
    expect(found[0]?.message).toBe('the notice says it uses no cookies and describes 1 cookie(s)');
  });

  it('reports a response time beyond one month, not one of a month or 31 days', () => {
    const rules = (responseTime: string) => {
      const m = example();
      m.documents.notice.responseTime = responseTime;
      return checkModel(parseModel(m)).filter((f) => f.rule === 'art12.3.response-time').length;
    };
    expect([rules('P1M'), rules('P31D'), rules('P30D'), rules('P32D'), rules('P2M'), rules('P3M')]).toEqual([
      0, 0, 0, 1, 1, 1,
    ]);
  });

  it('reports unmapped purposes once, not each purpose as having no basis', () => {
    const m = example();
    for (const a of m.activities) for (const p of a.purposes ?? []) delete p.legalBasis;
    const before = checkModel(parseModel(m)).filter((f) => f.rule === 'art13.1.c.legal-basis').length;
    expect(before).toBeGreaterThan(1);
    m.documents.notice.legalBases = [{ basis: 'legitimate-interests' }, { basis: 'consent', whereRequired: true }];
    const after = checkModel(parseModel(m));
    expect(after.filter((f) => f.rule === 'art13.1.c.legal-basis')).toEqual([]);
    expect(after.filter((f) => f.rule === 'art13.1.c.basis-per-purpose')).toHaveLength(1);
    // consent stated for the whole notice still asks for the right to withdraw it
    m.documents.notice.rights = m.documents.notice.rights.filter((r: Loose) => r.right !== 'withdraw-consent');
    expect(checkModel(parseModel(m)).some((f) => f.rule === 'art13.2.c.withdraw-consent')).toBe(true);
  });

  it('records an undetermined role as such, and exports no role for it', () => {
    const m = example();
    m.parties.push({ id: 'group-company', name: 'The group company that provides the service' });
    m.activities[0].roles.push({ party: 'group-company', role: 'undetermined' });
    const model = parseModel(m);
    expect(renderMarkdown(model, 'record')).toContain('The group company that provides the service: undetermined');
    const graph = (toDpvJsonLd(model) as { '@graph': { '@id': string; '@type': unknown }[] })['@graph'];
    expect(graph.find((n) => n['@id'] === 'ex:party/group-company')?.['@type']).toEqual(['dpv:LegalEntity']);
  });
});

describe('the DPA renders them as stated', () => {
  it('prints government access, the breach definition, audit conditions and the remedies on objection', () => {
    const m = example();
    const d = m.documents.dpa;
    d.date = '2021-06';
    d.references = [{ kind: 'transfer-safeguards', at: 'Schedule 3 (Standard Contractual Clauses)' }];
    d.governmentAccess = { notify: true, challenge: true, clause: '10' };
    d.breach.definition = 'a breach of security leading to unauthorised access to Customer Data';
    Object.assign(d.audit, { frequency: 'P1Y', businessHours: true, conditions: 'with 30 days written notice' });
    d.subProcessing.objectionRemedies = ['alternative', 'terminate'];
    const md = renderMarkdown(parseModel(m), 'dpa');
    for (const s of [
      ' Dated 2021-06.',
      '### Requests from public authorities',
      '- The processor notifies the controller of a request from a public authority for the data (clause 10).',
      '- Disclosure kept to the minimum: Not stated.',
      'The agreement defines a personal data breach as: "a breach of security leading to unauthorised access',
      '- Audits take place at most once every 1 year.',
      '- Audits take place during business hours.',
      '- Conditions of audits: with 30 days written notice',
      '- Remedies if the controller objects: the processor proposes an alternative; the controller may terminate',
      '  - Copies of the transfer safeguards: Schedule 3 (Standard Contractual Clauses)',
    ])
      expect(md).toContain(s);
  });
});

describe('a notice that says it processes no special categories', () => {
  it('is printed as stated, and contradicted by an activity that processes them (Art. 9(1))', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    m.documents.notice.specialCategories = false;
    const clean = parseModel(m);
    expect(renderMarkdown(clean, 'notice')).toContain(
      '## What we process and why\n\nWe do not process special categories of personal data (Art. 9).\n',
    );
    const rule = 'notice.special-categories.contradiction';
    expect(checkModel(clean).filter((f) => f.rule === rule)).toEqual([]);
    m.dataCategories[0].sensitivity = 'special';
    m.activities[0].purposes[0].specialCategoryCondition = 'a';
    const found = checkModel(parseModel(m)).filter((f) => f.rule === rule);
    expect(found.map((f) => [f.severity, f.path])).toEqual([['error', 'documents.notice.specialCategories']]);
    m.documents.notice.specialCategories = true;
    const stated = parseModel(m);
    expect(checkModel(stated).filter((f) => f.rule === rule)).toEqual([]);
    expect(renderMarkdown(stated, 'notice')).toContain('We process special categories of personal data (Art. 9).');
  });
});
