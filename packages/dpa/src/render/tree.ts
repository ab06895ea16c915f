/**
 * @module
 * The three documents as a small block tree (headings, paragraphs, definition lists, lists,
 * tables), built from the model's entities in model order. The Markdown and HTML renderers
 * only serialise this tree, so both say the same thing and both are deterministic.
 */

import { describeDuration } from '../duration.js';
import { DpaError } from '../errors.js';
import { balanceBidiDeep } from '../internal/bidi.js';
import { Lookup } from '../internal/lookup.js';
import type { Activity, Contact, LegalBasis, Party, PrivacyModel, Right, TransferMechanism } from '../model.js';
import type { RetentionRule } from '../retention.js';
import { TOM_HEADING_IDS, TOM_HEADING_TITLES } from '../rules/art28.js';
import { ADEQUACY_DECISIONS } from '../rules/transfers.js';

/** Which document to render. */
export type DocumentKind = 'dpa' | 'notice' | 'record';

/** @internal One block of a rendered document. */
export type Block =
  | { readonly t: 'h'; readonly level: 1 | 2 | 3; readonly text: string; readonly id: string }
  | { readonly t: 'p'; readonly text: string }
  | { readonly t: 'dl'; readonly items: readonly (readonly [string, string | readonly string[]])[] }
  | { readonly t: 'ul'; readonly items: readonly string[] }
  | {
      readonly t: 'table';
      readonly caption: string;
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    };

/** @internal A document: its title and blocks. */
export interface DocumentTree {
  readonly title: string;
  readonly blocks: readonly Block[];
}

const NOT_STATED = 'Not stated.';
const BASIS: Record<LegalBasis, string> = {
  consent: 'Consent (Art. 6(1)(a) GDPR)',
  contract: 'Performance of a contract (Art. 6(1)(b) GDPR)',
  legalObligation: 'Legal obligation (Art. 6(1)(c) GDPR)',
  vitalInterests: 'Vital interests (Art. 6(1)(d) GDPR)',
  publicTask: 'Public task (Art. 6(1)(e) GDPR)',
  legitimateInterests: 'Legitimate interests (Art. 6(1)(f) GDPR)',
};
const RIGHT: Record<Right, string> = {
  access: 'Access to your personal data (Art. 15)',
  rectification: 'Rectification (Art. 16)',
  erasure: 'Erasure (Art. 17)',
  restriction: 'Restriction of processing (Art. 18)',
  portability: 'Data portability (Art. 20)',
  object: 'Objection to processing (Art. 21)',
  withdrawConsent: 'Withdrawal of consent at any time, without affecting earlier processing (Art. 7(3))',
  automatedDecisions: 'Not to be subject to a decision based solely on automated processing (Art. 22)',
  complaint: 'Lodging a complaint with a supervisory authority (Art. 77)',
};
const SCC_MODULE = [
  '',
  'Module One (controller to controller)',
  'Module Two (controller to processor)',
  'Module Three (processor to processor)',
  'Module Four (processor to controller)',
];

const yes = (v: boolean | undefined, text: string) => (v === true ? text : NOT_STATED);
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'section';

/** @internal Plain-English retention of one rule. */
export function describeRetention(r: RetentionRule, categoryName = r.category): string {
  const period =
    typeof r.period === 'string'
      ? describeDuration(r.period)
      : `${describeDuration(r.period.min)} to ${describeDuration(r.period.max)}`;
  const from =
    !r.trigger || r.trigger.type === 'collected'
      ? 'collection'
      : r.trigger.type === 'event'
        ? `the event "${r.trigger.event}"`
        : 'the last activity';
  const anchor =
    r.anchor && r.anchor !== 'none'
      ? {
          nextDay: ', rounded up to the next day',
          endOfMonth: ', rounded up to the end of the month',
          endOfYear: ', rounded up to the end of the year',
        }[r.anchor]
      : '';
  const basis = r.legalBasis
    ? ` (${r.legalBasis}${r.citation ? `; ${r.citation}` : ''})`
    : r.citation
      ? ` (${r.citation})`
      : '';
  const exception = r.exceptionTo ? ` Exception to rule ${r.exceptionTo}.` : '';
  return `${categoryName}: ${period} after ${from}${anchor}, for ${r.purpose}${basis}.${exception}`;
}

/** @internal Plain-English transfer mechanism. */
export function describeMechanism(m: TransferMechanism | undefined, to: string | undefined): string {
  if (!m) return NOT_STATED;
  switch (m.type) {
    case 'adequacy':
      return (
        `Adequacy decision ${m.decision ?? (to ? (ADEQUACY_DECISIONS[to]?.decision ?? '') : '')}`.trim() +
        (m.scope ? ` (${m.scope})` : '')
      );
    case 'scc':
      return `Standard contractual clauses, (EU) 2021/914${m.module ? `, ${SCC_MODULE[m.module]}` : ''}`;
    case 'bcr':
      return `Binding corporate rules${m.approvedBy ? ` approved by ${m.approvedBy}` : ''}`;
    case 'dpf':
      return `EU-U.S. Data Privacy Framework${m.certified ? ' (importer certified)' : ''}`;
    case 'derogation':
      return `Derogation, Art. 49(1)${m.article ? `(${m.article})` : ''} GDPR`;
  }
}

function contactLine(c: Contact | undefined): string | undefined {
  if (!c) return undefined;
  const parts = [c.name, c.address, c.email, c.phone, c.url].filter((x): x is string => !!x);
  return parts.length ? parts.join(', ') : undefined;
}

function partyItems(p: Party | undefined, role: string): [string, string][] {
  if (!p) return [[role, NOT_STATED]];
  const items: [string, string][] = [
    ['Name', p.name],
    ['Address', p.address ?? NOT_STATED],
    ['Contact', contactLine(p.contact) ?? NOT_STATED],
    ['Role', role],
  ];
  if (p.dpo) items.push(['Data protection officer', contactLine(p.dpo) ?? NOT_STATED]);
  if (p.representative)
    items.push(['Representative in the Union (Art. 27)', contactLine(p.representative) ?? NOT_STATED]);
  return items;
}

class Builder {
  readonly blocks: Block[] = [];
  private readonly ids = new Map<string, number>();
  h(level: 1 | 2 | 3, text: string) {
    const base = slug(text);
    const n = this.ids.get(base) ?? 0;
    this.ids.set(base, n + 1);
    this.blocks.push({ t: 'h', level, text, id: n ? `${base}-${n + 1}` : base });
  }
  p(text: string) {
    this.blocks.push({ t: 'p', text });
  }
  dl(items: (readonly [string, string | readonly string[]])[]) {
    this.blocks.push({ t: 'dl', items });
  }
  ul(items: readonly string[]) {
    this.blocks.push({ t: 'ul', items: items.length ? items : [NOT_STATED] });
  }
  table(caption: string, head: string[], rows: string[][]) {
    this.blocks.push({ t: 'table', caption, head, rows });
  }
}

// In a DPA the processor states purposes without a legal basis (the controller's business); a
// notice or record says "legal basis not stated" when one is missing.
function activityItems(
  l: Lookup,
  a: Activity,
  basisExpected = true,
): (readonly [string, string | readonly string[]])[] {
  const names = (ids: readonly string[] | undefined, map: ReadonlyMap<string, { name: string }>) =>
    (ids ?? []).map((id) => map.get(id)?.name ?? id);
  const cats = (a.categories ?? []).map((id) => {
    const c = l.categories.get(id);
    return c
      ? `${c.name}${c.sensitivity === 'special' ? ' (special category, Art. 9)' : c.sensitivity === 'criminal' ? ' (criminal offence data, Art. 10)' : ''}${c.description ? `: ${c.description}` : ''}`
      : id;
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
              `${p.description}${p.legalBasis ? `: ${BASIS[p.legalBasis]}` : basisExpected ? ': legal basis not stated' : ''}${p.legitimateInterest ? `; legitimate interest: ${p.legitimateInterest}` : ''}${p.specialCategoryCondition ? `; Art. 9(2)(${p.specialCategoryCondition})` : ''}`,
          )
        : NOT_STATED,
    ],
    ['Duration', a.duration ?? NOT_STATED],
  ];
  items.push(['Retention', retentionOf(l, a)]);
  if (a.sources?.some((s) => s !== 'dataSubject'))
    items.push(['Source of the data', a.sourceDescription ?? NOT_STATED]);
  return items;
}

function retentionOf(l: Lookup, a: Activity): string | readonly string[] {
  const rules = (a.retention ?? []).map((id) => l.retention.get(id)).filter((r): r is RetentionRule => !!r);
  const out = rules.map((r) => describeRetention(r, l.categories.get(r.category)?.name));
  if (a.retentionCriteria) out.push(`Criteria: ${a.retentionCriteria}`);
  return out.length ? out : NOT_STATED;
}

function dpaTree(model: PrivacyModel, l: Lookup): DocumentTree {
  const d = model.documents?.dpa;
  if (!d) throw new DpaError('UNKNOWN_DOCUMENT', '"documents.dpa" is absent: the model has no DPA to render');
  const b = new Builder();
  const title = d.title ?? 'Data Processing Agreement';
  const controller = l.parties.get(d.controller);
  const processor = l.parties.get(d.processor);
  b.h(1, title);
  b.p(
    `Between ${controller?.name ?? d.controller} (the controller) and ${processor?.name ?? d.processor} (the processor), under Article 28 of Regulation (EU) 2016/679 (GDPR).${d.version ? ` Version ${d.version}.` : ''}${d.date ? ` Dated ${d.date}.` : ''}`,
  );
  const clause = (c: string | undefined) => (c ? ` (clause ${c})` : '');

  b.h(2, 'Obligations of the processor');
  b.h(3, 'Instructions');
  b.ul([
    yes(
      d.instructions?.documented,
      `The processor processes personal data only on documented instructions from the controller${clause(d.instructions?.clause)}.`,
    ),
    yes(
      d.instructions?.transfersOnInstructions,
      'Transfers to a third country or an international organisation take place only on documented instructions.',
    ),
    yes(
      d.instructions?.notifyUnlawfulInstruction,
      'The processor immediately informs the controller if, in its opinion, an instruction infringes data protection law.',
    ),
  ]);
  b.h(3, 'Confidentiality and security');
  b.ul([
    yes(
      d.confidentiality?.committed,
      `Persons authorised to process the data are bound to confidentiality${clause(d.confidentiality?.clause)}.`,
    ),
    yes(
      d.security?.art32,
      `The processor takes the measures required by Article 32, described in Annex III${clause(d.security?.clause)}.`,
    ),
  ]);
  b.h(3, 'Sub-processors');
  const sp = d.subProcessing;
  b.ul([
    sp?.authorisation === 'specific'
      ? `The processor engages sub-processors only with the controller's prior specific written authorisation${clause(sp.clause)}.`
      : sp?.authorisation === 'general'
        ? `The controller gives general written authorisation for the sub-processors in Annex IV${clause(sp.clause)}. The processor informs the controller of intended changes ${sp.noticePeriod ? `at least ${describeDuration(sp.noticePeriod)} in advance` : '(notice period not stated)'}${sp.objectionRight === 'unconditional' ? ', and the controller may object' : sp.objectionRight === 'reasonable' ? ', and the controller may object on reasonable grounds' : ''}.`
        : `Authorisation of sub-processors: ${NOT_STATED}`,
    yes(sp?.flowDown, 'The same data protection obligations are imposed on each sub-processor by contract.'),
    yes(sp?.processorLiable, 'The processor remains fully liable to the controller for its sub-processors.'),
  ]);
  b.h(3, 'Data subject rights and assistance');
  const as = d.assistance;
  b.ul([
    yes(
      d.dataSubjectRights?.assistance,
      `The processor assists the controller in responding to data subjects' requests${clause(d.dataSubjectRights?.clause)}.`,
    ),
    d.dataSubjectRights?.forwardRequests
      ? `Requests received by the processor are forwarded to the controller${d.dataSubjectRights.forwardWithin ? ` within ${describeDuration(d.dataSubjectRights.forwardWithin)}` : ' without undue delay'}.`
      : `Forwarding of requests: ${NOT_STATED}`,
    `Assistance with Articles 32 to 36: ${
      (['security', 'breach', 'dpia', 'priorConsultation'] as const)
        .filter((k) => as?.[k])
        .map(
          (k) =>
            ({
              security: 'security',
              breach: 'breach notification',
              dpia: 'impact assessments',
              priorConsultation: 'prior consultation',
            })[k],
        )
        .join(', ') || 'not stated'
    }${clause(as?.clause)}.`,
  ]);
  b.h(3, 'Personal data breaches');
  const br = d.breach;
  b.p(
    br?.notifyWithin || br?.withoutUndueDelay
      ? `The processor notifies the controller of a personal data breach${br.withoutUndueDelay ? ' without undue delay' : ''}${br.notifyWithin ? `${br.withoutUndueDelay ? ' and' : ''} within ${describeDuration(br.notifyWithin)}` : ''} after becoming aware of it${br.content ? ', with the information listed in Article 33(3)' : ''}${clause(br.clause)}.`
      : NOT_STATED,
  );
  b.h(3, 'End of the processing');
  const end = d.endOfProcessing;
  b.p(
    end
      ? `At the end of the services the processor ${(end.options ?? []).map((o) => (o === 'delete' ? 'deletes' : 'returns')).join(' or ') || '(action not stated)'} the personal data${end.choice === 'controller' ? ", at the controller's choice" : end.choice === 'processor' ? ", at the processor's choice" : ''}${end.within ? `, within ${describeDuration(end.within)}` : ''}${end.deletesCopies ? ', and deletes existing copies unless law requires storage' : ''}${end.certificate ? ', and certifies the deletion' : ''}${clause(end.clause)}.`
      : NOT_STATED,
  );
  b.h(3, 'Audits');
  b.ul([
    yes(
      d.audit?.information,
      `The processor makes available all information necessary to demonstrate compliance${clause(d.audit?.clause)}.`,
    ),
    d.audit?.inspections
      ? `The processor allows audits and inspections by the controller or an auditor it mandates${d.audit.noticePeriod ? `, on ${describeDuration(d.audit.noticePeriod)} notice` : ''}${d.audit.costs ? `, at the ${d.audit.costs === 'shared' ? 'shared' : `${d.audit.costs}'s`} cost` : ''}.`
      : `Audits and inspections: ${NOT_STATED}`,
  ]);
  if (d.carveOuts?.length) {
    b.h(3, 'Limitations');
    b.ul(d.carveOuts.map((c) => `Clause ${c.clause ?? c.id}: "${c.quote}" (limits: ${c.limits.join(', ')})`));
  }
  if (d.liability?.length) {
    b.h(3, 'Liability and indemnity');
    b.ul(
      d.liability.map((c) => {
        const who = l.parties.get(c.party)?.name ?? c.party;
        const cap = !c.cap
          ? 'no cap stated'
          : c.cap === 'insurance'
            ? 'capped at its insurance cover'
            : c.cap === 'unlimited'
              ? 'unlimited'
              : `capped at ${c.cap.currency} ${String(c.cap.amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
        return `${who}'s ${c.kind ?? 'liability'}: ${cap}${c.note ? ` (${c.note})` : ''}${clause(c.clause)}.`;
      }),
    );
  }
  if (d.governingLaw) b.p(`Governing law: ${d.governingLaw}.`);

  b.h(2, 'Annex I: List of parties');
  b.h(3, 'Controller');
  b.dl(partyItems(controller, 'Controller'));
  b.h(3, 'Processor');
  b.dl(partyItems(processor, 'Processor'));

  b.h(2, 'Annex II: Description of the processing');
  for (const a of l.activitiesOf(d.activities)) {
    b.h(3, a.name);
    b.dl(activityItems(l, a, false));
  }
  b.h(2, 'Annex III: Technical and organisational measures');
  const toms = d.toms ? d.toms.map((id) => l.toms.get(id)).filter((t) => t !== undefined) : [...(model.toms ?? [])];
  for (const heading of TOM_HEADING_IDS) {
    const here = toms.filter((t) => t.heading === heading);
    b.h(3, TOM_HEADING_TITLES[heading]);
    b.ul(here.map((t) => t.measures));
  }
  b.h(2, 'Annex IV: List of sub-processors');
  const sps = l.dpaSubProcessors();
  if (sps.length === 0) b.p('None.');
  else
    b.table(
      'Sub-processors authorised by the controller',
      ['Name', 'Address', 'Contact', 'Country', 'Processing', 'Transfer mechanism'],
      sps.map((s) => {
        const transfers = l.transfersOf(s);
        return [
          s.legalEntity ? `${s.name} (${s.legalEntity})` : s.name,
          s.address ?? NOT_STATED,
          contactLine(s.contact) ?? NOT_STATED,
          [s.country, ...(s.locations ?? []).filter((c) => c !== s.country)].filter(Boolean).join(', ') || NOT_STATED,
          s.service ?? NOT_STATED,
          transfers.length
            ? transfers.map((t) => `${t.to ?? '?'}: ${describeMechanism(t.mechanism, t.to)}`).join('; ')
            : 'None stated',
        ];
      }),
    );
  return { title, blocks: b.blocks };
}

function noticeTree(model: PrivacyModel, l: Lookup): DocumentTree {
  const n = model.documents?.notice;
  if (!n) throw new DpaError('UNKNOWN_DOCUMENT', '"documents.notice" is absent: the model has no notice to render');
  const b = new Builder();
  const title = n.title ?? 'Privacy notice';
  const controller = l.parties.get(n.controller);
  b.h(1, title);
  if (n.date) b.p(`Last updated ${n.date}.`);
  b.h(2, 'Who is responsible');
  b.dl(partyItems(controller, 'Controller'));
  b.h(2, 'What we process and why');
  const acts = l.activitiesOf(n.activities);
  for (const a of acts) {
    b.h(3, a.name);
    b.dl(activityItems(l, a).filter(([k]) => k !== 'Subject matter' && k !== 'Duration'));
    const rec = (a.recipients ?? []).map((id) => l.recipients.get(id)?.name ?? id);
    if (rec.length) b.dl([['Recipients', rec]]);
    if (a.automatedDecisions?.exists)
      b.dl([
        [
          'Automated decisions',
          [a.automatedDecisions.logic ?? NOT_STATED, a.automatedDecisions.significance ?? NOT_STATED],
        ],
      ]);
  }
  b.h(2, 'Transfers outside the European Economic Area');
  const transfers = (n.transfers ?? [...new Set(acts.flatMap((a) => a.transfers ?? []))])
    .map((id) => l.transfers.get(id))
    .filter((t) => t !== undefined);
  if (transfers.length === 0) b.p('We do not transfer your personal data outside the European Economic Area.');
  else
    b.table(
      'Transfers to third countries and their safeguards',
      ['Destination', 'Recipient', 'Safeguard'],
      transfers.map((t) => [
        t.to ?? NOT_STATED,
        (t.importer &&
          (l.subProcessors.get(t.importer)?.name ??
            l.recipients.get(t.importer)?.name ??
            l.parties.get(t.importer)?.name)) ||
          NOT_STATED,
        describeMechanism(t.mechanism, t.to),
      ]),
    );
  b.h(2, 'Your rights');
  b.ul((n.rights ?? []).map((r) => `${RIGHT[r.right]}${r.how ? `: ${r.how}` : ''}`));
  if (n.channels?.length)
    b.dl([['How to exercise them', n.channels.map((c) => `${c.kind}: ${c.value ?? NOT_STATED}`)]]);
  if (n.supervisoryAuthority) b.dl([['Supervisory authority', contactLine(n.supervisoryAuthority) ?? NOT_STATED]]);
  b.h(2, 'Whether you must provide the data');
  b.p(n.statutoryRequirement ?? NOT_STATED);
  return { title, blocks: b.blocks };
}

function recordTree(model: PrivacyModel, l: Lookup): DocumentTree {
  const r = model.documents?.record;
  if (!r) throw new DpaError('UNKNOWN_DOCUMENT', '"documents.record" is absent: the model has no record to render');
  const b = new Builder();
  const title = r.title ?? `Record of processing activities (Art. 30(${r.role === 'controller' ? 1 : 2}) GDPR)`;
  b.h(1, title);
  if (r.date) b.p(`Last updated ${r.date}.`);
  b.h(2, r.role === 'controller' ? 'Controller' : 'Processor');
  b.dl(partyItems(l.parties.get(r.holder), r.role === 'controller' ? 'Controller' : 'Processor'));
  for (const a of l.activitiesOf(r.activities)) {
    b.h(2, a.name);
    const items = activityItems(l, a);
    const parties = a.roles.map((x) => `${l.parties.get(x.party)?.name ?? x.party}: ${x.role}`);
    const recipients = (a.recipients ?? []).map((id) => {
      const rc = l.recipients.get(id);
      return rc ? `${rc.name}${rc.countries?.length ? ` (${rc.countries.join(', ')})` : ''}` : id;
    });
    const transfers = (a.transfers ?? [])
      .map((id) => l.transfers.get(id))
      .filter((t) => t !== undefined)
      .map((t) => `${t.to ?? NOT_STATED}: ${describeMechanism(t.mechanism, t.to)}`);
    b.dl([
      ['Parties and roles', parties],
      ...items,
      ['Recipients', recipients.length ? recipients : 'None'],
      ['Transfers to third countries', transfers.length ? transfers : 'None'],
    ]);
  }
  b.h(2, 'Technical and organisational measures');
  b.ul((model.toms ?? []).map((t) => `${TOM_HEADING_TITLES[t.heading]}: ${t.measures}`));
  return { title, blocks: b.blocks };
}

/** @internal Builds a document's tree. */
export function documentTree(input: PrivacyModel, kind: DocumentKind): DocumentTree {
  // Each field's bidirectional controls are closed inside it before any sentence is built.
  const model = balanceBidiDeep(input);
  const l = new Lookup(model);
  if (kind === 'dpa') return dpaTree(model, l);
  if (kind === 'notice') return noticeTree(model, l);
  if (kind === 'record') return recordTree(model, l);
  throw new DpaError('UNKNOWN_DOCUMENT', '"kind" must be "dpa", "notice" or "record"');
}
