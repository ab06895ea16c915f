/**
 * Documents never state what the model does not: a negative ("we do not transfer", "none") is
 * printed only where the model states it (an empty list, `exists: false`), a start, a clock or a
 * list the model leaves out is "Not stated." or left out, never a default printed as the
 * document's words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkModel, parseModel, renderHtml, renderMarkdown } from '../src/index.js';
import { fixtureJson } from './fixtures/index.js';
import { modelArbitrary } from './support/arbitrary.js';

// biome-ignore lint/suspicious/noExplicitAny: tests edit fixture JSON freely before parsing it
type Loose = any;

/** Every negative statement a renderer can print, whatever its wording. */
const NEGATIVE = /\bwe do not\b|\bno decisions\b|(?:^|[|:] |\*\* )(?:none\b(?! stated)|no\.)|\bengages no\b/im;

/** The model with every "stated as none" removed: empty optional lists and `exists: false`. */
function unstateNegatives(raw: Loose): Loose {
  const m = structuredClone(raw);
  const drop = (o: Loose, ...keys: string[]) => {
    for (const k of keys) if (Array.isArray(o?.[k]) && o[k].length === 0) delete o[k];
  };
  drop(m, 'subProcessors');
  for (const a of m.activities ?? []) {
    drop(a, 'recipients', 'transfers');
    if (a.automatedDecisions?.exists === false) delete a.automatedDecisions;
  }
  drop(m.documents?.notice, 'recipients', 'transfers');
  drop(m.documents?.record, 'recipients', 'transfers');
  drop(m.documents?.dpa, 'subProcessors');
  const falseOff = (o: Loose, ...keys: string[]) => {
    for (const k of keys) if (o?.[k] === false) delete o[k];
  };
  for (const p of m.parties ?? []) drop(p, 'registrations');
  const n = m.documents?.notice;
  drop(n, 'references', 'applicableLaw', 'legalBases', 'rightsLimitations');
  drop(n?.scope, 'excludes');
  drop(n?.deviceStorage, 'items');
  falseOff(n, 'sellsData', 'sharesData', 'specialCategories');
  if (n?.authorizedAgent?.allowed === false) delete n.authorizedAgent;
  falseOff(n?.deviceStorage, 'cookies', 'localStorage');
  if (n?.profiling?.exists === false) delete n.profiling;
  const d = m.documents?.dpa;
  drop(d, 'references');
  drop(d?.subProcessing, 'objectionRemedies');
  falseOff(d?.audit, 'businessHours');
  return m;
}

const render = (raw: Loose) => {
  const model = parseModel(raw);
  return (['dpa', 'notice', 'record'] as const)
    .filter((k) => model.documents?.[k])
    .map((k) => renderMarkdown(model, k))
    .join('\n');
};

describe('documents state only what the model states', () => {
  it('a model that states no negative renders none (random models)', () => {
    fc.assert(
      fc.property(modelArbitrary, (raw) => {
        const md = render(unstateNegatives(raw));
        expect(md.match(NEGATIVE)?.[0]).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('the pattern finds every negative the renderers print when the model states it', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    m.documents.notice.transfers = [];
    m.documents.notice.recipients = [];
    m.activities[0].automatedDecisions = { exists: false };
    m.documents.dpa.subProcessors = [];
    m.activities[0].recipients = [];
    const model = parseModel(m);
    const notice = renderMarkdown(model, 'notice');
    expect(notice).toContain('We do not transfer your personal data outside the European Economic Area.');
    expect(notice).toContain('We do not disclose your personal data to recipients.');
    expect(notice).toContain('No decisions based solely on automated processing are taken.');
    expect(renderMarkdown(model, 'dpa')).toContain('None: the processor engages no sub-processors');
    expect(renderMarkdown(model, 'record')).toContain('- **Recipients:** None');
    for (const line of [notice, renderMarkdown(model, 'dpa'), renderMarkdown(model, 'record')].join('\n').split('\n'))
      if (/we do not|no decisions|: none\b|\*\* none\b|^none/i.test(line)) expect(line).toMatch(NEGATIVE);
  });

  it('the pattern finds the negatives of the statements about the policy as a whole', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    const n = m.documents.notice;
    Object.assign(n, {
      references: [],
      applicableLaw: [],
      legalBases: [],
      rightsLimitations: [],
      scope: { excludes: [] },
      profiling: { exists: false },
      sellsData: false,
      sharesData: false,
      specialCategories: false,
      authorizedAgent: { allowed: false },
      deviceStorage: { cookies: false, localStorage: false, items: [] },
    });
    m.parties[0].registrations = [];
    Object.assign(m.documents.dpa, { references: [] });
    m.documents.dpa.subProcessing.objectionRemedies = [];
    m.documents.dpa.audit.businessHours = false;
    const model = parseModel(m);
    const notice = renderMarkdown(model, 'notice');
    const dpa = renderMarkdown(model, 'dpa');
    for (const s of [
      'We do not carry out profiling.',
      'We do not sell your personal data.',
      'We do not share your personal data for cross-context behavioral advertising.',
      'We do not process special categories of personal data (Art. 9).',
      '- **Authorized agent:** We do not accept requests made through an authorized agent.',
      'We do not use cookies.',
      "We do not store data in your browser's local or session storage.",
      '- **Cookies and similar technologies described:** None',
      '- **Limits on these rights:** None',
      '- **It does not cover:** None',
      '- **Applicable law:** None',
      '- **Legal bases:** None',
      '- **Documents:** None',
      '- **Registration numbers:** None',
    ])
      expect(notice).toContain(s);
    expect(dpa).toContain('- Remedies if the controller objects: None.');
    expect(dpa).toContain('- Audits only in business hours: No.');
    const negatives = [notice, dpa]
      .join('\n')
      .split('\n')
      .filter((line) => /we do not|: none\b|\*\* none\b|: no\./i.test(line));
    expect(negatives.length).toBeGreaterThanOrEqual(16);
    for (const line of negatives) expect(line).toMatch(NEGATIVE);
  });

  it('renders policy-wide legal bases as stated, with no "not stated" basis for the purposes', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    for (const a of m.activities) for (const p of a.purposes ?? []) delete p.legalBasis;
    m.documents.notice.legalBases = [
      { basis: 'consent', whereRequired: true },
      { basis: 'contract', description: 'to provide the service you signed up for' },
    ];
    const model = parseModel(m);
    const notice = renderMarkdown(model, 'notice');
    expect(notice).toContain('  - Consent (Art. 6(1)(a) GDPR), where required\n');
    expect(notice).toContain(
      '  - Performance of a contract (Art. 6(1)(b) GDPR): to provide the service you signed up for',
    );
    expect(notice).not.toContain('legal basis not stated');
    expect(notice).toContain('see the legal bases stated for the whole notice');
  });

  it('prints each statement about the policy as a whole only where the model states it', () => {
    fc.assert(
      fc.property(modelArbitrary, (raw) => {
        const model = parseModel(raw);
        const n = model.documents?.notice;
        if (!n || !model.documents?.notice) return;
        const md = renderMarkdown(model, 'notice');
        expect(md.includes('## Scope of this notice')).toBe(
          !!(n.scope?.covers || n.scope?.excludes || n.applicableLaw),
        );
        expect(md.includes('## Legal bases')).toBe(n.legalBases !== undefined);
        expect(md.includes('## Other documents referred to')).toBe(n.references !== undefined);
        expect(md.includes('We do not carry out profiling.')).toBe(n.profiling?.exists === false);
        expect(md.includes('We carry out profiling:')).toBe(n.profiling?.exists === true);
        expect(/We do not sell your personal (data|information)\./.test(md)).toBe(n.sellsData === false);
        expect(md.includes('We do not share your personal')).toBe(n.sharesData === false);
        expect(/We do not process (special categories|sensitive personal data)/.test(md)).toBe(
          n.specialCategories === false,
        );
        expect(/We process (special categories|sensitive personal data)/.test(md)).toBe(n.specialCategories === true);
        expect(md.includes('We do not accept requests made through an authorized agent.')).toBe(
          n.authorizedAgent?.allowed === false,
        );
        expect(md.includes('We do not use cookies.')).toBe(n.deviceStorage?.cookies === false);
        expect(md.includes('- **Limits on these rights:**')).toBe(n.rightsLimitations !== undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('a transfer no activity names does not make the notice deny transfers', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    for (const a of m.activities) delete a.transfers;
    delete m.documents.notice.transfers;
    expect(m.transfers.length).toBeGreaterThan(0);
    const notice = renderMarkdown(parseModel(m), 'notice');
    expect(notice).not.toContain('We do not transfer');
    expect(notice).toMatch(/## Transfers outside the European Economic Area\n\nNot stated\.\n/);
  });

  it('a UK GDPR notice speaks of the United Kingdom, and asks a representative only outside it', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    m.documents.notice.regime = 'uk-gdpr';
    m.documents.notice.transfers = [];
    const controller = m.parties.find((p: Loose) => p.id === m.documents.notice.controller);
    delete controller.representative;
    controller.country = 'GB';
    const uk = parseModel(m);
    const notice = renderMarkdown(uk, 'notice');
    expect(notice).toContain('## Transfers outside the United Kingdom');
    expect(notice).toContain('We do not transfer your personal data outside the United Kingdom.');
    expect(notice).not.toContain('European Economic Area');
    expect(checkModel(uk).filter((f) => f.rule === 'art13.1.a.representative')).toEqual([]);
    controller.country = 'BE';
    const outside = checkModel(parseModel(m)).filter((f) => f.rule === 'art13.1.a.representative');
    expect(outside.map((f) => f.article)).toEqual(['Art. 13(1)(a), Art. 27 UK GDPR']);
  });

  it('a CCPA notice is printed without the GDPR, and not held to Arts. 12-14', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    m.documents.notice.regime = 'us-ca-ccpa';
    for (const a of m.activities) for (const p of a.purposes ?? []) delete p.legalBasis;
    delete m.documents.notice.legalBases;
    delete m.documents.notice.statutoryRequirement;
    for (const a of m.activities) delete a.transfers;
    delete m.documents.notice.transfers;
    m.documents.notice.rights = [
      { right: 'access' },
      { right: 'erasure' },
      { right: 'know-categories' },
      { right: 'opt-out-of-sale' },
      { right: 'limit-sensitive' },
      { right: 'non-discrimination' },
    ];
    Object.assign(m.documents.notice, {
      sellsData: false,
      sharesData: true,
      specialCategories: false,
      authorizedAgent: { allowed: true, how: 'with your signed permission' },
    });
    // (a retention rule's legalBasis is the model's words, printed as stated)
    for (const r of m.retention) delete r.legalBasis;
    const model = parseModel(m);
    const notice = renderMarkdown(model, 'notice');
    expect(notice).toContain('- Access to your personal data\n');
    for (const line of [
      '- To know the categories of personal information collected (Cal. Civ. Code § 1798.110)\n',
      '- To opt out of the sale of personal information (Cal. Civ. Code § 1798.120)\n',
      '- To limit the use and disclosure of sensitive personal information (Cal. Civ. Code § 1798.121)\n',
      '- Not to be discriminated against for exercising these rights (Cal. Civ. Code § 1798.125)\n',
      '- We do not sell your personal information.\n',
      '- We share personal information for cross-context behavioral advertising.\n',
      'We do not process special categories of personal data.\n',
      '- **Authorized agent:** You may make a request through an authorized agent: with your signed permission\n',
    ])
      expect(notice).toContain(line);
    expect(notice).not.toMatch(/\bArt\. |GDPR|European Economic Area|legal basis not stated|Whether you must provide/);
    expect(checkModel(model).filter((f) => f.rule.startsWith('art13') || f.rule.startsWith('art12'))).toEqual([]);
  });

  it('an LGPD notice is printed without the GDPR, and not held to Arts. 12-14', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    Object.assign(m.documents.notice, { regime: 'br-lgpd', transfers: [], specialCategories: false });
    // (the model's own words, printed as stated: a GDPR basis in a retention rule, Art. 13(2)(e))
    for (const r of m.retention) delete r.legalBasis;
    delete m.documents.notice.statutoryRequirement;
    const model = parseModel(m);
    const notice = renderMarkdown(model, 'notice');
    expect(notice).toContain('We do not transfer your personal data outside Brazil.');
    expect(notice).toContain('We do not process sensitive personal data (art. 11 LGPD).');
    expect(notice).toContain('- Fulfilling orders: Performance of a contract (art. 7, V LGPD)\n');
    expect(notice).not.toMatch(/\bArt\. |GDPR|European Economic Area|Whether you must provide/);
    expect(checkModel(model).filter((f) => f.rule.startsWith('art13') || f.rule.startsWith('art12'))).toEqual([]);
  });

  it("prints the notice's own recipients once, not under every activity", () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    const all = m.recipients.map((r: Loose) => r.id);
    m.documents.notice.recipients = all;
    for (const a of m.activities) a.recipients = all;
    const notice = renderMarkdown(parseModel(m), 'notice');
    expect(notice).toContain('## Who receives your data');
    for (const r of m.recipients) expect(notice.split(r.name).length - 1, r.name).toBe(1);
  });

  it('points Annex IV to a published sub-processor list instead of saying none', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    delete m.subProcessors;
    delete m.documents.dpa.subProcessors;
    for (const t of m.transfers) delete t.importer;
    const without = renderMarkdown(parseModel(m), 'dpa');
    expect(without).toMatch(/## Annex IV: List of sub-processors\n\nNot stated\.\n/);
    m.documents.dpa.subProcessing.list = 'https://processor.example/subprocessors';
    const md = renderMarkdown(parseModel(m), 'dpa');
    expect(md).toContain(
      'The current list of sub-processors is published at: https://processor.example/subprocessors.',
    );
    expect(md).not.toMatch(/Annex IV[^#]*(None|Not stated)/);
  });

  it('names the breach clock only as the agreement states it', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    delete m.documents.dpa.breach.from;
    const unstated = renderMarkdown(parseModel(m), 'dpa');
    expect(unstated).toContain('without undue delay and within 24 hours, with the information listed in Article 33(3)');
    expect(unstated).not.toContain('aware');
    m.documents.dpa.breach.from = 'confirmation';
    expect(renderMarkdown(parseModel(m), 'dpa')).toContain('within 24 hours after the breach has been confirmed');
  });

  it('labels every term it cannot state, and says when automated decisions are taken', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    delete m.documents.dpa.instructions;
    delete m.documents.dpa.audit;
    m.activities[0].automatedDecisions = { exists: true };
    delete m.activities[0].nature;
    const model = parseModel(m);
    const dpa = renderMarkdown(model, 'dpa');
    expect(dpa).toContain('- Processing only on documented instructions: Not stated.');
    expect(dpa).toContain('- Information to demonstrate compliance: Not stated.');
    expect(dpa).not.toMatch(/^- Not stated\.$/m);
    const notice = renderMarkdown(model, 'notice');
    expect(notice).toContain('Decisions based solely on automated processing, including profiling, are taken');
    expect(notice).toContain('The logic involved: Not stated.');
    const first = notice.slice(
      notice.indexOf(`### ${m.activities[0].name}`),
      notice.indexOf(`### ${m.activities[1].name}`),
    );
    expect(first).not.toContain('Nature of the processing');
    expect(renderHtml(model, 'notice')).not.toContain('<li>Not stated.</li>');
  });

  it("prints a retention period's start, purpose and categories in the document's words, or 'not stated'", () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    const rule = m.retention.find((r: Loose) => r.id === 'page-views-13m');
    delete rule.trigger;
    expect(renderMarkdown(parseModel(m), 'notice')).toContain(
      'Page views with a daily visitor hash: 30 days to 13 months (the start of the period is not stated), rounded',
    );
    rule.trigger = { type: 'collected', label: 'your visit' };
    rule.purposeLabel = 'to count visits';
    rule.variant = 'visitors who did not consent';
    const md = renderMarkdown(parseModel(m), 'notice');
    expect(md).toContain(
      'Page views with a daily visitor hash (visitors who did not consent): 30 days to 13 months after your visit, ' +
        'rounded up to the end of the month, purpose: to count visits (Art. 6(1)(f) GDPR).',
    );
  });
});

/**
 * A notice under the UK GDPR, the CCPA or the LGPD states the model in that regime's terms: no
 * GDPR article where the regime is not the GDPR, no transfer into the regime's own territory
 * listed as one outside it, no EU decision the model does not name (outside review, issue 19).
 */
describe("notices under each regime state the model in the regime's terms", () => {
  type Regime = 'eu-gdpr' | 'uk-gdpr' | 'us-ca-ccpa' | 'br-lgpd';
  /** example-complete under a regime, with transfers to the given countries and their mechanisms. */
  const under = (regime: Regime, transfers: Loose[] = []) => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    Object.assign(m.documents.notice, { regime });
    m.documents.notice.rights.push({ right: 'withdraw-consent' }, { right: 'automated-decisions' });
    m.dataCategories[0].sensitivity = 'special';
    m.dataCategories[1].sensitivity = 'criminal';
    Object.assign(m.activities[0].purposes[0], { legalBasis: 'consent', specialCategoryCondition: 'a' });
    m.activities[0].automatedDecisions = { exists: true, logic: 'a score', significance: 'none' };
    m.documents.notice.legalBases = [{ basis: 'contract' }, { basis: 'vital-interests', whereRequired: true }];
    m.documents.notice.transfers = transfers.map((t) => t.id);
    m.transfers = [...m.transfers, ...transfers];
    for (const r of m.retention) delete r.legalBasis; // the model's own words, printed as stated
    return m;
  };
  const md = (m: Loose) => renderMarkdown(parseModel(m), 'notice');
  const section = (text: string, heading: string) => text.split(`## ${heading}\n`)[1]?.split('\n## ')[0];

  it('a CCPA notice prints no GDPR article: plain bases, rights and categories, no Art. 9(2) condition', () => {
    const notice = md(under('us-ca-ccpa'));
    expect(notice).not.toMatch(/\bArt\. |GDPR|\(EU\) 20|C\(20/);
    for (const line of [
      '- **Legal bases:**\n  - Performance of a contract\n  - Vital interests, where required\n',
      '- Measuring the audience of the website: Consent; legitimate interest: Understanding which pages visitors ' +
        'use, to improve the website\n',
      '- IP address (special category)\n',
      '- Page views with a daily visitor hash (criminal offence data)\n',
      '- Withdrawal of consent at any time, without affecting earlier processing\n',
      '- Not to be subject to a decision based solely on automated processing\n',
      '- Decisions based solely on automated processing, including profiling, are taken.\n',
    ])
      expect(notice).toContain(line);
  });

  it("an LGPD notice prints the LGPD's bases and sensitive data, and no GDPR article", () => {
    const notice = md(under('br-lgpd'));
    expect(notice).not.toMatch(/\bArt\. |GDPR|\(EU\) 20|C\(20/);
    for (const line of [
      '- **Legal bases:**\n  - Performance of a contract (art. 7, V LGPD)\n',
      '- Measuring the audience of the website: Consent (art. 7, I LGPD); legitimate interest: Understanding ' +
        'which pages visitors use, to improve the website\n',
      '- IP address (sensitive personal data, art. 11 LGPD)\n',
      '- Withdrawal of consent at any time, without affecting earlier processing\n',
    ])
      expect(notice).toContain(line);
  });

  it('the GDPR notices keep their articles, nested ones included', () => {
    for (const regime of ['eu-gdpr', 'uk-gdpr'] as const) {
      const notice = md(under(regime));
      expect(notice).toContain(
        '- Withdrawal of consent at any time, without affecting earlier processing (Art. 7(3))\n',
      );
      expect(notice).toContain(': Consent (Art. 6(1)(a) GDPR); legitimate interest');
      expect(notice).toContain('; Art. 9(2)(a)\n');
      expect(notice).toContain('- IP address (special category, Art. 9)\n');
    }
  });

  const domestic = [
    { id: 't-de', to: 'DE', importer: 'hetzner', mechanism: { type: 'scc', module: 2 } },
    { id: 't-gb', to: 'GB', importer: 'hetzner', mechanism: { type: 'adequacy' } },
    { id: 't-br', to: 'BR', importer: 'hetzner', mechanism: { type: 'scc' } },
  ];
  it("lists no transfer into the regime's own territory as one outside it", () => {
    const rows = (text: string, heading: string) =>
      (section(text, heading) ?? '')
        .split('\n')
        .filter((l) => /^\| [A-Z]{2} \|/.test(l))
        .map((l) => l.slice(2, 4));
    expect(rows(md(under('eu-gdpr', domestic)), 'Transfers outside the European Economic Area')).toEqual(['GB', 'BR']);
    expect(rows(md(under('uk-gdpr', domestic)), 'Transfers outside the United Kingdom')).toEqual(['DE', 'BR']);
    expect(rows(md(under('br-lgpd', domestic)), 'Transfers outside Brazil')).toEqual(['DE', 'GB']);
    // Only transfers into the territory: not stated under the GDPR, and never "we do not transfer".
    const onlyGb = md(under('uk-gdpr', [domestic[1]]));
    expect(section(onlyGb, 'Transfers outside the United Kingdom')).toBe('\nNot stated.\n');
    expect(md(under('br-lgpd', [domestic[2]]))).not.toMatch(/Transfers outside|We do not transfer/);
  });

  it('a CCPA notice prints its transfers as stated, without an "outside" it does not have', () => {
    const us = { id: 't-us', to: 'US', importer: 'mailer', mechanism: { type: 'scc' } };
    const notice = md(under('us-ca-ccpa', [us, domestic[0]]));
    expect(notice).not.toMatch(/outside|third countr/i);
    expect(section(notice, 'Transfers of personal information')).toContain(
      '| US | Mailer Inc. | Standard contractual clauses |\n' +
        '| DE | Hetzner Online GmbH | Standard contractual clauses, Module Two (controller to processor) |',
    );
    const none = structuredClone(under('us-ca-ccpa'));
    expect(md(none)).not.toMatch(/## Transfers|We do not transfer/);
  });

  it('names an EU adequacy decision or the EU SCCs only under the EU GDPR or where the model does', () => {
    const t = [
      { id: 't-jp', to: 'JP', importer: 'mailer', mechanism: { type: 'adequacy' } },
      { id: 't-us', to: 'US', importer: 'mailer', mechanism: { type: 'scc', module: 2 } },
      { id: 't-ca', to: 'CA', importer: 'mailer', mechanism: { type: 'adequacy', decision: 'UK 2024/1' } },
      { id: 't-in', to: 'IN', importer: 'mailer', mechanism: { type: 'derogation', article: 'b' } },
    ];
    const eu = md(under('eu-gdpr', t));
    expect(eu).toContain('| JP | Mailer Inc. | Adequacy decision (EU) 2019/419 |');
    expect(eu).toContain('Standard contractual clauses, (EU) 2021/914, Module Two');
    for (const regime of ['uk-gdpr', 'br-lgpd', 'us-ca-ccpa'] as const) {
      const notice = md(under(regime, t));
      expect(notice, regime).not.toMatch(/\(EU\) 20|C\(20/);
      expect(notice, regime).toContain('| JP | Mailer Inc. | Adequacy decision |');
      expect(notice, regime).toContain('| US | Mailer Inc. | Standard contractual clauses, Module Two');
      expect(notice, regime).toContain('| CA | Mailer Inc. | Adequacy decision UK 2024/1 |');
    }
    expect(md(under('uk-gdpr', t))).toContain('| IN | Mailer Inc. | Derogation, Art. 49(1)(b) GDPR |');
    expect(md(under('br-lgpd', t))).toContain('| IN | Mailer Inc. | Derogation |');
  });

  it('random notices under the CCPA or the LGPD name no GDPR and no EU decision the model does not', () => {
    fc.assert(
      fc.property(modelArbitrary, fc.constantFrom('us-ca-ccpa', 'br-lgpd', 'uk-gdpr'), (raw, regime) => {
        const m = structuredClone(raw) as Loose;
        if (!m.documents?.notice) return;
        m.documents.notice.regime = regime;
        let model: ReturnType<typeof parseModel>;
        try {
          model = parseModel(m);
        } catch {
          return; // an invalid notice for this regime is not rendered
        }
        const notice = renderMarkdown(model, 'notice');
        const said = JSON.stringify(m);
        if (regime !== 'uk-gdpr') {
          if (!said.includes('GDPR')) expect(notice).not.toContain('GDPR');
          if (!said.includes('Art.')) expect(notice).not.toContain('Art.');
        }
        if (!said.includes('(EU) 20')) expect(notice).not.toContain('(EU) 20');
        if (!said.includes('C(20')) expect(notice).not.toContain('C(20');
      }),
      { numRuns: 200 },
    );
  });
});
