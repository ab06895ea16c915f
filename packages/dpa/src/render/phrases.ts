/**
 * @module
 * The phrases the documents are written in: legal bases, rights, transfer mechanisms, retention
 * rules, parties and activities in plain English, each from the model's fields. Never exported.
 */

import { describeDuration } from '../internal/durations.js';
import type { Lookup } from '../lookup.js';
import type {
  Activity,
  Contact,
  LegalBasis,
  NoticeDocument,
  Party,
  RetentionRule,
  Right,
  Transfer,
  TransferMechanism,
} from '../model.js';
import { ADEQUACY_DECISIONS } from '../rules/transfers.js';
import { NOT_STATED } from './blocks.js';

/** @internal The words of each legal basis. */
export const BASIS: Record<LegalBasis, string> = {
  consent: 'Consent (Art. 6(1)(a) GDPR)',
  contract: 'Performance of a contract (Art. 6(1)(b) GDPR)',
  'legal-obligation': 'Legal obligation (Art. 6(1)(c) GDPR)',
  'vital-interests': 'Vital interests (Art. 6(1)(d) GDPR)',
  'public-task': 'Public task (Art. 6(1)(e) GDPR)',
  'legitimate-interests': 'Legitimate interests (Art. 6(1)(f) GDPR)',
};
/**
 * @internal The legal bases under Brazil's LGPD (Lei 13.709/2018, art. 7), for a notice under
 * `regime: 'br-lgpd'`: each GDPR basis of the model printed as the hypothesis of art. 7 it
 * corresponds to, never with the GDPR's article.
 */
export const LGPD_BASIS: Record<LegalBasis, string> = {
  consent: 'Consent (art. 7, I LGPD)',
  'legal-obligation': 'Compliance with a legal or regulatory obligation (art. 7, II LGPD)',
  'public-task': 'Public administration, for public policies (art. 7, III LGPD)',
  contract: 'Performance of a contract (art. 7, V LGPD)',
  'vital-interests':
    'Protection of the life or physical safety of the data subject or a third party (art. 7, VII LGPD)',
  'legitimate-interests': 'Legitimate interests (art. 7, IX LGPD)',
};
/** @internal The regime a document is worded under; only a notice states one (the default is the EU's). */
export type Regime = NonNullable<NoticeDocument['regime']>;

/** @internal Whether a regime is the EU's or the UK's GDPR, whose article numbers are the same. */
export const isGdpr = (r: Regime): boolean => r === 'eu-gdpr' || r === 'uk-gdpr';

/**
 * @internal The words of each legal basis under a regime: the GDPR's articles (the UK GDPR has
 * the same numbers), the LGPD's hypotheses of art. 7, or plain words under the CCPA.
 */
export function basesOf(r: Regime): Record<LegalBasis, string> {
  if (r === 'br-lgpd') return LGPD_BASIS;
  // Under the CCPA, the basis the model states in plain words, without an article it does not have.
  if (r === 'us-ca-ccpa')
    return Object.fromEntries(Object.entries(BASIS).map(([k, v]) => [k, withoutArticle(v)])) as typeof BASIS;
  return BASIS;
}
/**
 * @internal A trailing GDPR article in parentheses, nested ones included: "(Art. 7(3))",
 * "(Art. 6(1)(b) GDPR)".
 */
const TRAILING_ARTICLE = / \(Art\. (?:[^()]|\([^()]*\))*\)$/;

/** @internal Words printed without their trailing GDPR article (for a notice not under the GDPR). */
export const withoutArticle = (words: string): string => words.replace(TRAILING_ARTICLE, '');

/** @internal The words of each right. */
export const RIGHT: Record<Right, string> = {
  access: 'Access to your personal data (Art. 15)',
  rectification: 'Rectification (Art. 16)',
  erasure: 'Erasure (Art. 17)',
  restriction: 'Restriction of processing (Art. 18)',
  portability: 'Data portability (Art. 20)',
  object: 'Objection to processing (Art. 21)',
  'withdraw-consent': 'Withdrawal of consent at any time, without affecting earlier processing (Art. 7(3))',
  'automated-decisions': 'Not to be subject to a decision based solely on automated processing (Art. 22)',
  complaint: 'Lodging a complaint with a supervisory authority (Art. 77)',
  // The CCPA's rights, in its words and sections (Cal. Civ. Code).
  'know-categories': 'To know the categories of personal information collected (Cal. Civ. Code § 1798.110)',
  'know-specific-pieces':
    'To know the specific pieces of personal information collected (Cal. Civ. Code § 1798.110(a)(5))',
  'opt-out-of-sale': 'To opt out of the sale of personal information (Cal. Civ. Code § 1798.120)',
  'opt-out-of-sharing': 'To opt out of the sharing of personal information (Cal. Civ. Code § 1798.120)',
  'limit-sensitive': 'To limit the use and disclosure of sensitive personal information (Cal. Civ. Code § 1798.121)',
  'non-discrimination': 'Not to be discriminated against for exercising these rights (Cal. Civ. Code § 1798.125)',
  'sue-for-breach':
    'To bring a civil action for a breach of the security of personal information (Cal. Civ. Code § 1798.150)',
};
/** @internal The names of the SCC modules. */
export const SCC_MODULE = [
  '',
  'Module One (controller to controller)',
  'Module Two (controller to processor)',
  'Module Three (processor to processor)',
  'Module Four (processor to controller)',
];
/** @internal A sentence when the term is stated, else the term's label with "Not stated.". */
export const yes = (v: boolean | undefined, text: string, label: string) =>
  v === true ? text : `${label}: ${NOT_STATED}`;

/**
 * @internal Plain-English retention of one rule, in the document's words where the rule carries
 * them (`dataCategories`, `variant`, `trigger.label`, `purposeLabel`); a rule without a trigger
 * says its start is not stated rather than printing the planner's default (collection) as the
 * document's words.
 */
export function describeRetention(r: RetentionRule, categoryNames: readonly string[] = [r.category]): string {
  const period =
    typeof r.period === 'string'
      ? describeDuration(r.period)
      : `${describeDuration(r.period.min)} to ${describeDuration(r.period.max)}`;
  const t = r.trigger;
  const from = !t
    ? ' (the start of the period is not stated)'
    : ` after ${
        t.label ??
        (t.type === 'collected' ? 'collection' : t.type === 'event' ? `the event "${t.event}"` : 'the last activity')
      }`;
  const anchor =
    r.anchor && r.anchor !== 'none'
      ? {
          'next-day': ', rounded up to the next day',
          'end-of-month': ', rounded up to the end of the month',
          'end-of-year': ', rounded up to the end of the year',
        }[r.anchor]
      : '';
  const purpose = r.purposeLabel ? `, purpose: ${r.purposeLabel}` : `, for ${r.purpose}`;
  const basis = r.legalBasis
    ? ` (${r.legalBasis}${r.citation ? `; ${r.citation}` : ''})`
    : r.citation
      ? ` (${r.citation})`
      : '';
  const variant = r.variant ? ` (${r.variant})` : '';
  const exception = r.exceptionTo ? ` Exception to rule ${r.exceptionTo}.` : '';
  return `${categoryNames.join(', ')}${variant}: ${period}${from}${anchor}${purpose}${basis}.${exception}`;
}

/**
 * @internal Plain-English transfer mechanism. The EU's decisions (the Commission's adequacy
 * decisions, the SCCs of (EU) 2021/914) are named only under the EU GDPR or where the model
 * states them: the UK and Brazil decide their own.
 */
export function describeMechanism(
  m: TransferMechanism | undefined,
  to: string | undefined,
  regime: Regime = 'eu-gdpr',
): string {
  if (!m) return NOT_STATED;
  const eu = regime === 'eu-gdpr';
  switch (m.type) {
    case 'adequacy':
      return (
        `Adequacy decision ${m.decision ?? (eu && to ? (ADEQUACY_DECISIONS[to]?.decision ?? '') : '')}`.trim() +
        (m.scope ? ` (${m.scope})` : '')
      );
    case 'scc':
      return `Standard contractual clauses${eu ? ', (EU) 2021/914' : ''}${m.module ? `, ${SCC_MODULE[m.module]}` : ''}`;
    case 'bcr':
      return `Binding corporate rules${m.approvedBy ? ` approved by ${m.approvedBy}` : ''}`;
    case 'dpf':
      return `EU-U.S. Data Privacy Framework${m.certified ? ' (importer certified)' : ''}`;
    case 'derogation':
      return isGdpr(regime) ? `Derogation, Art. 49(1)${m.article ? `(${m.article})` : ''} GDPR` : 'Derogation';
  }
}

/**
 * @internal A transfer's safeguard, and those that apply in order where it does not (the
 * document's order of precedence).
 */
export function describeSafeguards(t: Transfer, regime: Regime = 'eu-gdpr'): string {
  const first = describeMechanism(t.mechanism, t.to, regime);
  if (!t.alternatives?.length) return first;
  return `${first}; where it does not apply, in this order: ${t.alternatives
    .map((m) => describeMechanism(m, t.to, regime))
    .join('; ')}`;
}

/** @internal A recipient as one line: its name and the countries it receives data in. */
export function recipientLine(l: Lookup, id: string): string {
  const r = l.recipients.get(id);
  return r ? `${r.name}${r.countries?.length ? ` (${r.countries.join(', ')})` : ''}` : id;
}

/** @internal A contact as one line. */
export function contactLine(c: Contact | undefined): string | undefined {
  if (!c) return undefined;
  const parts = [c.name, c.address, c.email, c.phone, c.url].filter((x): x is string => !!x);
  return parts.length ? parts.join(', ') : undefined;
}

/** @internal Annex I's fields of a party. */
export function partyItems(p: Party | undefined, role: string, regime: Regime = 'eu-gdpr'): [string, string][] {
  if (!p) return [[role, NOT_STATED]];
  const items: [string, string][] = [
    ['Name', p.name],
    ['Address', p.address ?? NOT_STATED],
    ['Contact', contactLine(p.contact) ?? NOT_STATED],
    ['Role', role],
  ];
  if (p.registrations)
    items.push([
      'Registration numbers',
      p.registrations.length ? p.registrations.map((r) => `${r.scheme} ${r.number}`).join('; ') : 'None',
    ]);
  if (p.dpo) items.push(['Data protection officer', contactLine(p.dpo) ?? NOT_STATED]);
  if (p.representative)
    items.push([
      regime === 'eu-gdpr'
        ? 'Representative in the Union (Art. 27)'
        : regime === 'uk-gdpr'
          ? 'Representative in the United Kingdom (Art. 27)'
          : 'Representative',
      contactLine(p.representative) ?? NOT_STATED,
    ]);
  return items;
}

/** @internal Annex II's fields of an activity. */
// In a DPA the processor states purposes without a legal basis (the controller's business); a
// notice or record says "legal basis not stated" when one is missing, unless the notice states its
// bases for the whole notice ('notice'): then it says so, and invents no mapping.
export function activityItems(
  l: Lookup,
  a: Activity,
  basisExpected: boolean | 'notice' = true,
  regime: Regime = 'eu-gdpr',
): (readonly [string, string | readonly string[]])[] {
  const gdpr = isGdpr(regime);
  const bases = basesOf(regime);
  const names = (ids: readonly string[] | undefined, map: ReadonlyMap<string, { name: string }>) =>
    (ids ?? []).map((id) => map.get(id)?.name ?? id);
  const cats = (a.categories ?? []).map((id) => {
    const c = l.categories.get(id);
    if (!c) return id;
    // The GDPR's articles only under the GDPR; the LGPD's sensitive data (art. 5, II; art. 11).
    const sensitivity =
      c.sensitivity === 'special'
        ? gdpr
          ? ' (special category, Art. 9)'
          : regime === 'br-lgpd'
            ? ' (sensitive personal data, art. 11 LGPD)'
            : ' (special category)'
        : c.sensitivity === 'criminal'
          ? gdpr
            ? ' (criminal offence data, Art. 10)'
            : ' (criminal offence data)'
          : '';
    return `${c.name}${sensitivity}${c.description ? `: ${c.description}` : ''}`;
  });
  const items: (readonly [string, string | readonly string[]])[] = [
    ['Categories of data subjects', names(a.subjects, l.subjects).length ? names(a.subjects, l.subjects) : NOT_STATED],
    ['Categories of personal data', cats.length ? cats : NOT_STATED],
    ['Subject matter', a.subjectMatter ?? NOT_STATED],
    ['Nature of the processing', a.nature?.length ? a.nature : NOT_STATED],
    [
      'Purposes and legal bases',
      a.purposes?.length
        ? a.purposes.map(
            (p) =>
              p.description +
              (p.legalBasis
                ? `: ${bases[p.legalBasis]}`
                : basisExpected === 'notice'
                  ? ': see the legal bases stated for the whole notice'
                  : basisExpected
                    ? ': legal basis not stated'
                    : '') +
              (p.legitimateInterest ? `; legitimate interest: ${p.legitimateInterest}` : '') +
              // The conditions of Art. 9(2) are the GDPR's: printed only under it.
              (p.specialCategoryCondition && gdpr ? `; Art. 9(2)(${p.specialCategoryCondition})` : '') +
              (p.law?.length ? `; laid down in: ${p.law.join('; ')}` : ''),
          )
        : NOT_STATED,
    ],
    ['Duration', a.duration ?? NOT_STATED],
  ];
  items.push(['Retention', retentionOf(l, a)]);
  if (a.sources?.some((s) => s !== 'data-subject'))
    items.push(['Source of the data', a.sourceDescription ?? NOT_STATED]);
  return items;
}

function retentionOf(l: Lookup, a: Activity): string | readonly string[] {
  const rules = (a.retention ?? []).map((id) => l.retention.get(id)).filter((r): r is RetentionRule => !!r);
  const name = (id: string) => l.categories.get(id)?.name ?? id;
  const out = rules.map((r) => describeRetention(r, (r.dataCategories ?? [r.category]).map(name)));
  if (a.retentionCriteria) out.push(`Criteria: ${a.retentionCriteria}`);
  return out.length ? out : NOT_STATED;
}
