/**
 * @module
 * The data processing agreement as a block tree: the processor's Art. 28(3) obligations, then
 * the four annexes of the Commission's clauses (2021/915): parties, description of the
 * processing, technical and organisational measures, sub-processors. Never exported.
 */

import { describeDuration } from '../internal/durations.js';
import type { Lookup } from '../lookup.js';
import type { DpaDocument, PrivacyModel } from '../model.js';
import { TOM_HEADING_IDS, TOM_HEADING_TITLES } from '../rules/headings.js';
import { Builder, type DocumentTree, NOT_STATED } from './blocks.js';
import { activityItems, contactLine, describeSafeguards, partyItems, yes } from './phrases.js';
import { referencesSection } from './statements.js';

const REMEDY = {
  refrain: 'the processor does not engage the sub-processor',
  alternative: 'the processor proposes an alternative',
  terminate: 'the controller may terminate the affected services',
} as const;

// A term the law does not require: its sentence when stated true, "No." when stated false, left
// out when not stated.
const term = (v: boolean | undefined, text: string, label: string): string[] =>
  v === true ? [text] : v === false ? [`${label}: No.`] : [];

/** Where a sub-processor processes: its countries, with the list's words beside them (or alone). */
/**
 * The processing a sub-processor carries out and the data it receives, as two sentences: the
 * service ends with a full stop, and a missing one is labelled ("Service: Not stated.").
 */
function processingLine(service: string | undefined, data: string | undefined): string {
  if (!data) return service ?? NOT_STATED;
  const first = service ? (/[.!?]$/.test(service) ? service : `${service}.`) : `Service: ${NOT_STATED}`;
  return `${first} Data it receives: ${data}`;
}

function whereLine(country: string | undefined, locations: readonly string[] | undefined, region: string | undefined) {
  const codes = [country, ...(locations ?? []).filter((c) => c !== country)].filter(Boolean).join(', ');
  if (!region) return codes || NOT_STATED;
  return codes ? `${codes} (${region})` : region;
}

/** @internal The DPA of a model that has one. */
export function dpaTree(model: PrivacyModel, l: Lookup): DocumentTree {
  const d = model.documents?.dpa as DpaDocument; // documentTree checked it is there
  const b = new Builder();
  const title = d.title ?? 'Data Processing Agreement';
  const controller = l.parties.get(d.controller);
  const processor = l.parties.get(d.processor);
  b.h(1, title);
  b.p(
    `Between ${controller?.name ?? d.controller} (the controller) and ${processor?.name ?? d.processor} (the ` +
      `processor), under Article 28 of Regulation (EU) 2016/679 ` +
      `(GDPR).${d.version ? ` Version ${d.version}.` : ''}${d.date ? ` Dated ${d.date}.` : ''}`,
  );
  // What the agreement says of itself, each only where it says it.
  const about: [string, string | readonly string[]][] = [];
  if (d.scope) about.push(['This agreement applies to', d.scope]);
  if (d.applicableLaw) about.push(['It is also made under', d.applicableLaw]);
  if (d.conclusion) about.push(['How it is concluded', d.conclusion]);
  if (about.length) b.dl(about);
  const clause = (c: string | undefined) => (c ? ` (clause ${c})` : '');

  b.h(2, 'Obligations of the processor');
  b.h(3, 'Instructions');
  b.ul([
    yes(
      d.instructions?.documented,
      `The processor processes personal data only on documented instructions from the ` +
        `controller${clause(d.instructions?.clause)}.`,
      'Processing only on documented instructions',
    ),
    yes(
      d.instructions?.transfersOnInstructions,
      'Transfers to a third country or an international organisation take place only on documented instructions.',
      'Transfers only on documented instructions',
    ),
    yes(
      d.instructions?.notifyUnlawfulInstruction,
      'The processor immediately informs the controller if, in its opinion, an instruction infringes data ' +
        'protection law.',
      'Notice of an instruction that infringes the law',
    ),
  ]);
  b.h(3, 'Confidentiality and security');
  b.ul([
    yes(
      d.confidentiality?.committed,
      `Persons authorised to process the data are bound to confidentiality${clause(d.confidentiality?.clause)}.`,
      'Confidentiality of the persons authorised',
    ),
    yes(
      d.security?.art32,
      `The processor takes the measures required by Article 32, described in Annex III${clause(d.security?.clause)}.`,
      'Measures of Article 32',
    ),
  ]);
  b.h(3, 'Sub-processors');
  const sp = d.subProcessing;
  const notice = sp?.noticePeriod
    ? `at least ${describeDuration(sp.noticePeriod)} in advance`
    : '(notice period not stated)';
  const objection =
    sp?.objectionRight === 'unconditional'
      ? ', and the controller may object'
      : sp?.objectionRight === 'reasonable'
        ? ', and the controller may object on reasonable grounds'
        : '';
  b.ul([
    sp?.authorisation === 'specific'
      ? "The processor engages sub-processors only with the controller's prior specific written " +
        `authorisation${clause(sp.clause)}.`
      : sp?.authorisation === 'general'
        ? 'The controller gives general written authorisation for the sub-processors in Annex IV' +
          `${clause(sp.clause)}. ` +
          `The processor informs the controller of intended changes ${notice}${objection}.`
        : `Authorisation of sub-processors: ${NOT_STATED}`,
    ...(sp?.objectionRemedies === undefined
      ? []
      : [`Remedies if the controller objects: ${sp.objectionRemedies.map((r) => REMEDY[r]).join('; ') || 'None'}.`]),
    yes(
      sp?.flowDown,
      'The same data protection obligations are imposed on each sub-processor by contract.',
      'The same obligations imposed on sub-processors',
    ),
    yes(
      sp?.processorLiable,
      'The processor remains fully liable to the controller for its sub-processors.',
      "The processor's liability for its sub-processors",
    ),
  ]);
  b.h(3, 'Data subject rights and assistance');
  const as = d.assistance;
  b.ul([
    yes(
      d.dataSubjectRights?.assistance,
      `The processor assists the controller in responding to data subjects' ` +
        `requests${clause(d.dataSubjectRights?.clause)}.`,
      "Assistance with data subjects' requests",
    ),
    d.dataSubjectRights?.forwardRequests
      ? 'Requests received by the processor are forwarded to the controller' +
        (d.dataSubjectRights.forwardWithin
          ? ` within ${describeDuration(d.dataSubjectRights.forwardWithin)}.`
          : ' without undue delay.')
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
      ? [
          'The processor notifies the controller of a personal data breach',
          br.withoutUndueDelay ? ' without undue delay' : '',
          br.notifyWithin ? `${br.withoutUndueDelay ? ' and' : ''} within ${describeDuration(br.notifyWithin)}` : '',
          // The clock's start as the agreement states it; none is assumed (Art. 33(2)'s is the
          // controller's, and agreements also count from confirmation).
          br.from === 'awareness'
            ? ' after becoming aware of it'
            : br.from === 'confirmation'
              ? ' after the breach has been confirmed'
              : '',
          br.content ? ', with the information listed in Article 33(3)' : '',
          `${clause(br.clause)}.`,
        ].join('')
      : NOT_STATED,
  );
  if (br?.definition) b.p(`The agreement defines a personal data breach as: "${br.definition}"`);
  b.h(3, 'End of the processing');
  const end = d.endOfProcessing;
  b.p(
    end
      ? [
          'At the end of the services the processor ',
          (end.options ?? []).map((o) => (o === 'delete' ? 'deletes' : 'returns')).join(' or ') ||
            '(action not stated)',
          ' the personal data',
          end.choice === 'controller'
            ? ", at the controller's choice"
            : end.choice === 'processor'
              ? ", at the processor's choice"
              : '',
          end.within ? `, within ${describeDuration(end.within)}` : '',
          end.deletesCopies ? ', and deletes existing copies unless law requires storage' : '',
          end.certificate ? ', and certifies the deletion' : '',
          `${clause(end.clause)}.`,
        ].join('')
      : NOT_STATED,
  );
  b.h(3, 'Audits');
  b.ul([
    yes(
      d.audit?.information,
      `The processor makes available all information necessary to demonstrate compliance${clause(d.audit?.clause)}.`,
      'Information to demonstrate compliance',
    ),
    d.audit?.inspections
      ? `The processor allows audits and inspections by the controller or an auditor it ` +
        `mandates${d.audit.noticePeriod ? `, on ${describeDuration(d.audit.noticePeriod)} notice` : ''}` +
        `${d.audit.costs ? `, at the ${d.audit.costs === 'shared' ? 'shared' : `${d.audit.costs}'s`} cost` : ''}.`
      : `Audits and inspections: ${NOT_STATED}`,
    ...(d.audit?.frequency ? [`Audits take place at most once every ${describeDuration(d.audit.frequency)}.`] : []),
    ...term(d.audit?.businessHours, 'Audits take place during business hours.', 'Audits only in business hours'),
    ...(d.audit?.conditions ? [`Conditions of audits: ${d.audit.conditions}`] : []),
  ]);
  const ga = d.governmentAccess;
  if (ga) {
    b.h(3, 'Requests from public authorities');
    b.ul([
      yes(
        ga.notify,
        `The processor notifies the controller of a request from a public authority for the data${clause(ga.clause)}.`,
        'Notice to the controller of a request',
      ),
      yes(
        ga.challenge,
        'The processor reviews the legality of the request and challenges it where there are grounds to.',
        'Review and challenge of the request',
      ),
      yes(ga.minimise, 'The processor discloses the minimum the request requires.', 'Disclosure kept to the minimum'),
    ]);
  }
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
  // "None" only when the agreement lists none (an empty list); a list kept elsewhere is pointed
  // to; otherwise the model does not say, and neither does the document.
  if (sp?.list) b.p(`The current list of sub-processors is published at: ${sp.list}.`);
  if (sps.length === 0) {
    if (l.dpaStatesNoSubProcessors()) b.p('None: the processor engages no sub-processors under this agreement.');
    else if (!sp?.list) b.p(NOT_STATED);
  } else
    b.table(
      'Sub-processors authorised by the controller',
      ['Name', 'Address', 'Contact', 'Country', 'Processing', 'Transfer mechanism'],
      sps.map((s) => {
        const transfers = l.transfersOf(s);
        return [
          s.legalEntity ? `${s.name} (${s.legalEntity})` : s.name,
          s.address ?? NOT_STATED,
          contactLine(s.contact) ?? NOT_STATED,
          whereLine(s.country, s.locations, s.region),
          processingLine(s.service, s.data),
          transfers.length
            ? transfers.map((t) => `${t.to ?? '?'}: ${describeSafeguards(t)}`).join('; ')
            : 'None stated',
        ];
      }),
    );
  referencesSection(b, d.references);
  return { title, blocks: b.blocks };
}
