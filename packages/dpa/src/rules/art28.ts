/**
 * @module
 * The Art. 28 pack: what a data processing agreement must stipulate (Art. 28(3) first
 * subparagraph and points (a) to (h)), sub-processing (Art. 28(2) and (4)), breach notice to the
 * controller (Art. 33(2)), and the annexes of the Commission's clauses (2021/915: Annex II
 * description, Annex III measures, Annex IV sub-processors).
 */

import { type Finding, finding, type RulePack } from '../findings.js';
import { approximateHours, describeDuration } from '../internal/durations.js';
import type { Obligation } from '../model.js';
import { annex4 } from './annex4.js';
import { TOM_HEADING_IDS } from './headings.js';

const OBLIGATION_ARTICLE: Record<Obligation, string> = {
  instructions: 'Art. 28(3)(a) GDPR',
  confidentiality: 'Art. 28(3)(b) GDPR',
  security: 'Art. 28(3)(c) GDPR',
  'sub-processing': 'Art. 28(2) and (4) GDPR',
  'data-subject-rights': 'Art. 28(3)(e) GDPR',
  assistance: 'Art. 28(3)(f) GDPR',
  'end-of-processing': 'Art. 28(3)(g) GDPR',
  audit: 'Art. 28(3)(h) GDPR',
};

const D = 'documents.dpa';

/**
 * Art. 28 GDPR and the annexes of the Commission's clauses (2021/915), for `documents.dpa`.
 *
 * @example
 * ```ts
 * import { checkModel, parseModel } from '@privkit/dpa';
 * import { art28Pack } from '@privkit/dpa/rules';
 *
 * const model = parseModel({
 *   id: 'm',
 *   parties: [{ id: 'shop', name: 'Shop GmbH' }, { id: 'acme', name: 'Acme SA' }],
 *   activities: [],
 *   documents: {
 *     dpa: { id: 'dpa', controller: 'shop', processor: 'acme', activities: [] },
 *     notice: { id: 'notice', controller: 'shop', activities: [] },
 *   },
 * });
 * const findings = checkModel(model, { packs: [art28Pack] });
 * ```
 */
export const art28Pack: RulePack = {
  id: 'art28',
  title: 'Art. 28 GDPR: contract with a processor',
  check(model, { lookup }) {
    const dpa = model.documents?.dpa;
    if (!dpa) return [];
    const out: Finding[] = [];
    const f = (rule: string, severity: Finding['severity'], article: string, path: string, message: string) =>
      out.push(finding(rule, severity, article, path, message));

    // Art. 28(3), first subparagraph; Annex II of 2021/915.
    if (dpa.activities.length === 0)
      f(
        'art28.3.description',
        'error',
        'Art. 28(3) GDPR; Annex II',
        `${D}.activities`,
        'the DPA describes no processing (Annex II is empty)',
      );
    for (const activity of lookup.activitiesOf(dpa.activities)) {
      const at = `activities[${model.activities.indexOf(activity)}]`;
      const need: [string, boolean, string][] = [
        ['subject-matter', !!activity.subjectMatter, 'the subject matter of the processing'],
        ['duration', !!activity.duration, 'the duration of the processing'],
        ['nature', (activity.nature?.length ?? 0) > 0, 'the nature of the processing (its operations)'],
        ['purpose', (activity.purposes?.length ?? 0) > 0, 'the purpose of the processing'],
        ['categories', (activity.categories?.length ?? 0) > 0, 'the type of personal data'],
        ['subjects', (activity.subjects?.length ?? 0) > 0, 'the categories of data subjects'],
      ];
      const key = {
        'subject-matter': 'subjectMatter',
        duration: 'duration',
        nature: 'nature',
        purpose: 'purposes',
        categories: 'categories',
        subjects: 'subjects',
      } as const;
      for (const [rule, ok, what] of need)
        if (!ok)
          f(
            `art28.3.${rule}`,
            'error',
            'Art. 28(3) GDPR; Annex II',
            `${at}.${key[rule as keyof typeof key]}`,
            `activity "${activity.id}" does not state ${what}`,
          );
    }

    // (a) documented instructions, including on transfers; the last sentence of Art. 28(3).
    if (dpa.instructions?.documented !== true)
      f(
        'art28.3.a.instructions',
        'error',
        'Art. 28(3)(a) GDPR',
        `${D}.instructions.documented`,
        'the processor is not bound to process only on documented instructions',
      );
    if (dpa.instructions?.transfersOnInstructions !== true)
      f(
        'art28.3.a.transfers',
        'warning',
        'Art. 28(3)(a) GDPR',
        `${D}.instructions.transfersOnInstructions`,
        "transfers to third countries are not limited to the controller's documented instructions",
      );
    if (dpa.instructions?.notifyUnlawfulInstruction !== true)
      f(
        'art28.3.unlawful-instruction',
        'warning',
        'Art. 28(3) second subparagraph GDPR',
        `${D}.instructions.notifyUnlawfulInstruction`,
        'no duty to inform the controller immediately of an instruction that infringes data protection law',
      );
    // (b)
    if (dpa.confidentiality?.committed !== true)
      f(
        'art28.3.b.confidentiality',
        'error',
        'Art. 28(3)(b) GDPR',
        `${D}.confidentiality.committed`,
        'persons authorised to process are not bound to confidentiality',
      );
    // (c) and Annex III.
    if (dpa.security?.art32 !== true)
      f(
        'art28.3.c.security',
        'error',
        'Art. 28(3)(c) GDPR',
        `${D}.security.art32`,
        'the processor does not commit to the measures required by Art. 32',
      );
    const toms = dpa.toms
      ? dpa.toms.map((id) => lookup.toms.get(id)).filter((t) => t !== undefined)
      : [...(model.toms ?? [])];
    if (toms.length === 0)
      f(
        'annex3.toms',
        'error',
        'Art. 28(3)(c) GDPR; Annex III',
        `${D}.toms`,
        'no technical and organisational measures are described (Annex III is empty)',
      );
    else {
      const covered = new Set(toms.map((t) => t.heading));
      const missing = TOM_HEADING_IDS.filter((h) => !covered.has(h));
      if (missing.length > 0)
        f(
          'annex3.headings',
          'info',
          'Annex III of (EU) 2021/915',
          `${D}.toms`,
          `no measures under ${missing.length} of the 17 Annex III headings: ${missing.join(', ')}`,
        );
    }

    // (d) Art. 28(2) and (4).
    const sp = dpa.subProcessing;
    const sps = lookup.dpaSubProcessors();
    if (!sp?.authorisation)
      f(
        'art28.2.authorisation',
        'error',
        'Art. 28(2) GDPR',
        `${D}.subProcessing.authorisation`,
        'neither prior specific nor general written authorisation of sub-processors is stated',
      );
    else if (sp.authorisation === 'general') {
      if (!sp.noticePeriod)
        f(
          'art28.2.notice',
          'error',
          'Art. 28(2) GDPR; Clause 7.7(a) of (EU) 2021/915',
          `${D}.subProcessing.noticePeriod`,
          'general authorisation without a period for informing the controller of intended changes',
        );
      if (!sp.objectionRight || sp.objectionRight === 'none')
        f(
          'art28.2.objection',
          'error',
          'Art. 28(2) GDPR',
          `${D}.subProcessing.objectionRight`,
          "general authorisation without the controller's right to object to changes",
        );
      else if (sp.objectionRight === 'reasonable')
        f(
          'art28.2.objection-qualified',
          'warning',
          'Art. 28(2) GDPR',
          `${D}.subProcessing.objectionRight`,
          'the controller may object only on reasonable grounds (Art. 28(2) gives an unqualified opportunity to ' +
            'object)',
        );
      // What the controller authorised must be knowable: a list in Annex IV, a stated "none", or
      // where the list is published (Clause 7.7(a) of (EU) 2021/915: "the agreed list").
      if (sps.length === 0 && !lookup.dpaStatesNoSubProcessors() && !sp.list)
        f(
          'art28.2.list',
          'warning',
          'Art. 28(2) GDPR; Clause 7.7(a) of (EU) 2021/915',
          `${D}.subProcessing.list`,
          'general authorisation without a list of the authorised sub-processors or a reference to where it is ' +
            'published',
        );
    }
    if (sps.length > 0 || sp) {
      if (sp?.flowDown !== true)
        f(
          'art28.4.flow-down',
          'error',
          'Art. 28(4) GDPR',
          `${D}.subProcessing.flowDown`,
          'the same data protection obligations are not imposed on sub-processors',
        );
      if (sp?.processorLiable !== true)
        f(
          'art28.4.liability',
          'warning',
          'Art. 28(4) GDPR',
          `${D}.subProcessing.processorLiable`,
          "the processor's full liability for its sub-processors is not stated",
        );
    }

    // (e)
    if (dpa.dataSubjectRights?.assistance !== true)
      f(
        'art28.3.e.assistance',
        'error',
        'Art. 28(3)(e) GDPR',
        `${D}.dataSubjectRights.assistance`,
        "no assistance with responding to data subjects' requests",
      );
    // (f)
    const as = dpa.assistance;
    const missingAssist = (['security', 'breach', 'dpia', 'priorConsultation'] as const).filter(
      (k) => as?.[k] !== true,
    );
    if (missingAssist.length > 0) {
      const names = {
        security: 'security (Art. 32)',
        breach: 'breach notification (Arts. 33–34)',
        dpia: 'impact assessments (Art. 35)',
        priorConsultation: 'prior consultation (Art. 36)',
      };
      f(
        'art28.3.f.assistance',
        missingAssist.length === 4 ? 'error' : 'warning',
        'Art. 28(3)(f) GDPR',
        `${D}.assistance`,
        `no assistance with ${missingAssist.map((k) => names[k]).join(', ')}`,
      );
    }
    // Breach notice: Art. 33(2) "without undue delay"; the controller's own clock is 72 h (Art. 33(1)).
    const br = dpa.breach;
    if (!br?.notifyWithin && br?.withoutUndueDelay !== true)
      f(
        'art33.2.breach-notice',
        'error',
        'Art. 33(2) GDPR; Art. 28(3)(f)',
        `${D}.breach`,
        'no duty to notify the controller of a personal data breach without undue delay',
      );
    else if (br.notifyWithin && approximateHours(br.notifyWithin) >= 72)
      f(
        'art33.2.breach-deadline',
        'warning',
        'Art. 33(1) and (2) GDPR',
        `${D}.breach.notifyWithin`,
        `the processor may take ${describeDuration(br.notifyWithin)} to notify, which leaves the controller ` +
          `nothing of its own 72 hours to notify the supervisory authority`,
      );
    // The controller's notice to the authority must carry Art. 33(3)'s content; a processor's
    // notice without it leaves the controller to find it out.
    if (br && (br.notifyWithin || br.withoutUndueDelay) && br.content !== true)
      f(
        'art33.3.breach-content',
        'warning',
        'Art. 33(3) GDPR; Art. 28(3)(f)',
        `${D}.breach.content`,
        "the processor's breach notice is not said to carry the information of Art. 33(3) (the nature of the " +
          'breach, the categories and numbers concerned, the likely consequences, the measures taken)',
      );
    // (g)
    const end = dpa.endOfProcessing;
    if (!end)
      f(
        'art28.3.g.end-of-processing',
        'error',
        'Art. 28(3)(g) GDPR',
        `${D}.endOfProcessing`,
        'nothing on deleting or returning the data at the end of the services',
      );
    else {
      const opts = new Set(end.options ?? []);
      if (!opts.has('delete') || !opts.has('return'))
        f(
          'art28.3.g.options',
          'error',
          'Art. 28(3)(g) GDPR',
          `${D}.endOfProcessing.options`,
          `the DPA offers only ${[...opts].join(' and ') || 'neither deletion nor return'}; Art. 28(3)(g) ` +
            `requires deletion or return`,
        );
      if (end.choice !== 'controller')
        f(
          'art28.3.g.choice',
          'error',
          'Art. 28(3)(g) GDPR',
          `${D}.endOfProcessing.choice`,
          'deletion or return is not at the choice of the controller',
        );
      if (!end.within)
        f(
          'art28.3.g.deadline',
          'warning',
          'Art. 28(3)(g) GDPR; Clause 10(d) of (EU) 2021/915',
          `${D}.endOfProcessing.within`,
          'no deadline for deletion or return',
        );
      if (end.deletesCopies !== true)
        f(
          'art28.3.g.copies',
          'warning',
          'Art. 28(3)(g) GDPR',
          `${D}.endOfProcessing.deletesCopies`,
          'existing copies are not deleted (unless Union or Member State law requires storage)',
        );
      if (end.certificate !== true)
        f(
          'art28.3.g.certificate',
          'info',
          'Clause 10(d) of (EU) 2021/915',
          `${D}.endOfProcessing.certificate`,
          'no certificate or log of deletion',
        );
    }
    // (h)
    if (dpa.audit?.information !== true)
      f(
        'art28.3.h.information',
        'error',
        'Art. 28(3)(h) GDPR',
        `${D}.audit.information`,
        'the processor does not make available the information necessary to demonstrate compliance',
      );
    if (dpa.audit?.inspections !== true)
      f(
        'art28.3.h.inspections',
        'error',
        'Art. 28(3)(h) GDPR',
        `${D}.audit.inspections`,
        'no audits or inspections by the controller or an auditor it mandates',
      );

    // Clauses that take back what the terms above give.
    (dpa.carveOuts ?? []).forEach((c, i) => {
      for (const limit of c.limits)
        f(
          `carve-out.${limit}`,
          'error',
          OBLIGATION_ARTICLE[limit],
          `${D}.carveOuts[${i}]`,
          `clause ${c.clause ?? c.id} limits the ${limit} obligation: "${c.quote}"`,
        );
    });

    annex4(model, dpa, sps, f);
    return out;
  },
};
