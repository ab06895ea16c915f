/**
 * fast-check arbitraries of valid (draft) models: every optional field may be absent, text
 * includes Markdown and HTML metacharacters and non-ASCII, and ids are drawn from a small pool so
 * that references sometimes resolve and sometimes dangle.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { toDpvJsonLd } from '../../src/dpv.js';
import {
  checkModel,
  diffModels,
  parseModel,
  renderHtml,
  renderMarkdown,
  subProcessorChangeNotice,
} from '../../src/index.js';

const pool = ['a', 'b', 'c', 'd', 'e'];
const id = fc.constantFrom(...pool);
const ids = fc.uniqueArray(id, { maxLength: 4 });
const text = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 24 }),
    fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
    fc.constantFrom(
      '<b>x</b>',
      '| pipe |',
      '# heading',
      '- item',
      '1. first',
      '*star*',
      '[a](b)',
      '&amp;',
      '\\',
      '`code`',
      'line\nbreak',
    ),
    // A random text that reads as a negative ("NO.", "none") would be the model's own words printed
    // as stated, yet the "no negative unless stated" property would count it: such texts are left out.
  )
  .filter((t) => !/\bwe do not\b|\bno decisions\b|\bnone\b|\bno\.|\bengages no\b/i.test(t));
const country = fc.constantFrom('DE', 'BE', 'IE', 'US', 'GB', 'CA', 'JP', 'BR', 'IN', 'CH');
const duration = fc.record({ y: fc.nat(12), m: fc.nat(24), d: fc.nat(400), h: fc.nat(100) }).map(({ y, m, d, h }) => {
  const s = `P${y ? `${y}Y` : ''}${m ? `${m}M` : ''}${d ? `${d}D` : ''}${h ? `T${h}H` : ''}`;
  return s === 'P' ? 'P1D' : s;
});
const date = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const bool = fc.boolean();
const clause = fc.stringMatching(/^[0-9]{1,2}(\.[0-9])?$/);
const opt = <T>(shape: { [K in keyof T]: fc.Arbitrary<T[K]> }, required: (keyof T)[] = []) =>
  fc.record(shape, { requiredKeys: required as never[] });

// A document's date: a day, or only a month ("January 2025").
const documentDate = fc.oneof(
  date,
  date.map((d) => d.slice(0, 7)),
);
const references = fc.array(
  opt(
    {
      kind: fc.constantFrom(
        'cookie-policy',
        'sub-processor-list',
        'data-locations',
        'transfer-safeguards',
        'terms',
        'privacy-notice',
        'other',
      ),
      title: text,
      at: text,
    },
    ['kind', 'at'],
  ),
  { maxLength: 3 },
);
const contact = opt({ name: text, address: text, email: text, phone: text, url: text });
// A rule's text is never empty or only white space (the rule parser @privkit/retention shares).
const ruleText = text.map((s) => (s.trim() === '' ? `${s}x` : s));
// A range whose minimum never exceeds its maximum, from any day.
const range = fc.record({ days: fc.nat(400), more: fc.nat(400), years: fc.nat(3) }).map(({ days, more, years }) => ({
  min: `P${days}D`,
  max: years ? `P${years}Y${days + more}D` : `P${days + more}D`,
}));
const retentionRule = opt(
  {
    id,
    category: id,
    purpose: ruleText,
    legalBasis: ruleText,
    citation: ruleText,
    period: fc.oneof(duration, range),
    trigger: fc.oneof(
      fc.constant({ type: 'collected' as const }),
      fc.record({ type: fc.constant('event' as const), event: ruleText }),
      fc.constant({ type: 'last-activity' as const }),
    ),
    anchor: fc.constantFrom('none', 'next-day', 'end-of-month', 'end-of-year'),
    exceptionTo: id,
  },
  ['id', 'category', 'purpose', 'period'],
);
const mechanism = fc.oneof(
  opt({ type: fc.constant('adequacy'), decision: text, scope: text }, ['type']),
  opt({ type: fc.constant('scc'), module: fc.constantFrom(1, 2, 3, 4), tia: bool }, ['type']),
  opt({ type: fc.constant('bcr'), approvedBy: text }, ['type']),
  opt({ type: fc.constant('dpf'), certified: bool }, ['type']),
  opt({ type: fc.constant('derogation'), article: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g') }, ['type']),
);
const activity = opt(
  {
    id,
    name: text,
    roles: fc.array(
      fc.record({
        party: id,
        role: fc.constantFrom('controller', 'joint-controller', 'processor', 'sub-processor', 'undetermined'),
      }),
      { maxLength: 3 },
    ),
    subjectMatter: text,
    duration: text,
    nature: fc.array(text, { maxLength: 3 }),
    purposes: fc.array(
      opt(
        {
          id,
          description: text,
          legalBasis: fc.constantFrom(
            'consent',
            'contract',
            'legal-obligation',
            'vital-interests',
            'public-task',
            'legitimate-interests',
          ),
          legitimateInterest: text,
          specialCategoryCondition: fc.constantFrom('a', 'b', 'j'),
          law: fc.array(text, { minLength: 1, maxLength: 2 }),
        },
        ['id', 'description'],
      ),
      { maxLength: 3 },
    ),
    categories: ids,
    subjects: ids,
    recipients: ids,
    transfers: ids,
    retention: ids,
    retentionCriteria: text,
    sources: fc.uniqueArray(fc.constantFrom('data-subject', 'third-party', 'publicly-available'), { maxLength: 3 }),
    sourceDescription: text,
    automatedDecisions: opt({ exists: bool, logic: text, significance: text }, ['exists']),
    toms: ids,
  },
  ['id', 'name', 'roles'],
);
const headings = [
  'pseudonymisation-encryption',
  'confidentiality-integrity-availability',
  'restore-availability',
  'testing-evaluation',
  'identification-authorisation',
  'transmission-protection',
  'storage-protection',
  'physical-security',
  'event-logging',
  'system-configuration',
  'it-governance',
  'certification',
  'data-minimisation',
  'data-quality',
  'limited-retention',
  'accountability',
  'portability-erasure',
] as const;
const obligations = [
  'instructions',
  'confidentiality',
  'security',
  'sub-processing',
  'data-subject-rights',
  'assistance',
  'end-of-processing',
  'audit',
] as const;

const dpa = opt(
  {
    id,
    title: text,
    version: text,
    date: documentDate,
    references,
    scope: text,
    applicableLaw: fc.array(text, { minLength: 1, maxLength: 2 }),
    conclusion: text,
    controller: id,
    processor: id,
    activities: ids,
    subProcessors: ids,
    toms: ids,
    processingLocations: fc.uniqueArray(fc.oneof(country, fc.constant('EEA')), { maxLength: 3 }),
    instructions: opt({ documented: bool, transfersOnInstructions: bool, notifyUnlawfulInstruction: bool, clause }),
    confidentiality: opt({ committed: bool, clause }),
    security: opt({ art32: bool, clause }),
    subProcessing: opt({
      authorisation: fc.constantFrom('specific', 'general'),
      noticePeriod: duration,
      objectionRight: fc.constantFrom('unconditional', 'reasonable', 'none'),
      objectionRemedies: fc.uniqueArray(fc.constantFrom('refrain', 'alternative', 'terminate'), { maxLength: 3 }),
      list: text,
      flowDown: bool,
      processorLiable: bool,
      clause,
    }),
    dataSubjectRights: opt({ assistance: bool, forwardRequests: bool, forwardWithin: duration, clause }),
    assistance: opt({ security: bool, breach: bool, dpia: bool, priorConsultation: bool, clause }),
    breach: opt({
      notifyWithin: duration,
      from: fc.constantFrom('awareness', 'confirmation'),
      withoutUndueDelay: bool,
      content: bool,
      definition: text,
      clause,
    }),
    endOfProcessing: opt({
      options: fc.uniqueArray(fc.constantFrom('delete', 'return'), { maxLength: 2 }),
      choice: fc.constantFrom('controller', 'processor'),
      within: duration,
      certificate: bool,
      deletesCopies: bool,
      clause,
    }),
    audit: opt({
      information: bool,
      inspections: bool,
      noticePeriod: duration,
      costs: fc.constantFrom('controller', 'processor', 'shared'),
      frequency: duration,
      businessHours: bool,
      conditions: text,
      clause,
    }),
    governmentAccess: opt({ notify: bool, challenge: bool, minimise: bool, clause }),
    liability: fc.array(
      opt(
        {
          party: id,
          kind: fc.constantFrom('liability', 'indemnity'),
          cap: fc.oneof(
            fc.record({ amount: fc.nat(10_000_000), currency: fc.constantFrom('EUR', 'USD') }),
            fc.constantFrom('insurance', 'unlimited'),
          ),
          clause,
          note: text,
        },
        ['party'],
      ),
      { maxLength: 2 },
    ),
    governingLaw: text,
    carveOuts: fc.array(
      opt(
        {
          id,
          clause,
          quote: text,
          limits: fc.uniqueArray(fc.constantFrom(...obligations), { minLength: 1, maxLength: 3 }),
        },
        ['id', 'quote', 'limits'],
      ),
      { maxLength: 2 },
    ),
  },
  ['id', 'controller', 'processor', 'activities'],
);
const rights = fc.constantFrom(
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'object',
  'withdraw-consent',
  'automated-decisions',
  'complaint',
  'know-categories',
  'know-specific-pieces',
  'opt-out-of-sale',
  'opt-out-of-sharing',
  'limit-sensitive',
  'non-discrimination',
  'sue-for-breach',
);
const legalBasis = fc.constantFrom(
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
);
const storageItem = opt(
  {
    name: text,
    kind: fc.constantFrom('cookie', 'local-storage', 'session-storage', 'other'),
    purpose: text,
    duration: text,
    provider: text,
  },
  ['name', 'kind'],
);
const notice = opt(
  {
    id,
    title: text,
    date: documentDate,
    controller: id,
    scope: opt({
      covers: text,
      excludes: fc.array(opt({ description: text, see: text }, ['description']), { maxLength: 2 }),
    }),
    references,
    applicableLaw: fc.array(text, { maxLength: 2 }),
    regime: fc.constantFrom('eu-gdpr', 'uk-gdpr', 'us-ca-ccpa', 'br-lgpd'),
    legalBases: fc.array(opt({ basis: legalBasis, whereRequired: bool, description: text }, ['basis']), {
      maxLength: 3,
    }),
    profiling: opt({ exists: bool, description: text }, ['exists']),
    sellsData: bool,
    sharesData: bool,
    specialCategories: bool,
    authorizedAgent: opt({ allowed: bool, how: text }, ['allowed']),
    deviceStorage: opt({ cookies: bool, localStorage: bool, items: fc.array(storageItem, { maxLength: 3 }) }),
    activities: ids,
    processorActivities: ids,
    rights: fc.array(opt({ right: rights, how: text }, ['right']), { maxLength: 9 }),
    rightsLimitations: fc.array(text, { maxLength: 2 }),
    responseTime: duration,
    channels: fc.array(
      opt({ kind: fc.constantFrom('email', 'post', 'web', 'phone'), label: text, value: text }, ['kind']),
      { maxLength: 3 },
    ),
    supervisoryAuthority: contact,
    statutoryRequirement: text,
    retention: ids,
    recipients: ids,
    transfers: ids,
  },
  ['id', 'controller', 'activities'],
);
const record = opt(
  {
    id,
    title: text,
    date: documentDate,
    holder: id,
    role: fc.constantFrom('controller', 'processor'),
    activities: ids,
    retention: ids,
    recipients: ids,
    transfers: ids,
  },
  ['id', 'holder', 'role', 'activities'],
);

/** A valid draft model (it parses), possibly inconsistent, possibly incomplete. */
export const modelArbitrary = opt(
  {
    id,
    title: text,
    version: text,
    date: documentDate,
    parties: fc.array(
      opt(
        {
          id,
          name: text,
          address: text,
          country,
          registrations: fc.array(fc.record({ scheme: text, number: text }), { maxLength: 2 }),
          contact,
          representative: contact,
          dpo: contact,
        },
        ['id', 'name'],
      ),
      { maxLength: 4 },
    ),
    activities: fc.array(activity, { maxLength: 3 }),
    dataCategories: fc.array(
      opt({ id, name: text, description: text, sensitivity: fc.constantFrom('ordinary', 'special', 'criminal') }, [
        'id',
        'name',
      ]),
      { maxLength: 4 },
    ),
    dataSubjects: fc.array(fc.record({ id, name: text }), { maxLength: 3 }),
    recipients: fc.array(
      opt(
        {
          id,
          name: text,
          kind: fc.constantFrom('processor', 'controller', 'public-authority', 'group', 'other'),
          countries: fc.uniqueArray(country, { maxLength: 3 }),
        },
        ['id', 'name'],
      ),
      { maxLength: 3 },
    ),
    subProcessors: fc.array(
      opt(
        {
          id,
          name: text,
          legalEntity: text,
          address: text,
          contact,
          country,
          locations: fc.uniqueArray(country, { maxLength: 3 }),
          region: text,
          service: text,
          data: text,
          transfers: ids,
        },
        ['id', 'name'],
      ),
      { maxLength: 5 },
    ),
    transfers: fc.array(
      opt(
        {
          id,
          to: country,
          importer: id,
          mechanism,
          alternatives: fc.array(mechanism, { minLength: 1, maxLength: 2 }),
          description: text,
        },
        ['id'],
      ),
      { maxLength: 4 },
    ),
    toms: fc.array(fc.record({ id, heading: fc.constantFrom(...headings), measures: text }), { maxLength: 5 }),
    retention: fc.array(retentionRule, { maxLength: 4 }),
    contracts: fc.array(
      opt({ id, customer: text, objectionPeriod: duration, noticeChannel: text }, ['id', 'customer']),
      { maxLength: 3 },
    ),
    documents: opt({ dpa, notice, record }),
  },
  ['id', 'parties', 'activities'],
);

/** Everything that must hold for any valid model. */
export function checkAnyModel(raw: unknown): void {
  const model = parseModel(raw);
  // model → JSON → model is identity
  expect(parseModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
  expect(diffModels(model, model).changes).toEqual([]);
  checkModel(model);
  toDpvJsonLd(model);
  for (const kind of ['dpa', 'notice', 'record'] as const) {
    if (!model.documents?.[kind]) continue;
    const md = renderMarkdown(model, kind);
    const html = renderHtml(model, kind);
    expect(renderMarkdown(model, kind)).toBe(md);
    expect(renderHtml(model, kind)).toBe(html);
    // model text never opens a tag in the HTML
    const tags =
      'html|head|meta|title|style|body|main|article|section|h[123]|p|ul|li|dl|dt|dd|table|caption|thead|tbody|tr|th|td';
    expect(html).not.toMatch(new RegExp(String.raw`<(?!\/?(?:${tags})[\s>])[a-zA-Z]`));
  }
  subProcessorChangeNotice(model, model, { date: '2026-11-23' });
}
