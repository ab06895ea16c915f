/**
 * @module
 * The Chapter V pack: every sub-processor and recipient outside the EEA needs a transfer with a
 * valid mechanism (Arts. 44–49); an adequacy decision must exist for the country and cover the
 * importer (Canada: commercial organisations; Japan: the private sector; the United States: only
 * organisations certified under the Data Privacy Framework).
 */

import { type Finding, type RulePack, reporter } from '../findings.js';
import { EEA } from '../internal/collections.js';

/** An adequacy decision under Art. 45. */
export interface AdequacyDecision {
  /** The decision's reference. */
  readonly decision: string;
  /** The part of the country's importers it covers, when it does not cover all. */
  readonly scope?: string;
}

/**
 * Countries with an adequacy decision in force under Art. 45 (or Art. 25(6) of Directive 95/46
 * kept in force by Art. 45(9)), with the decision and, where the decision covers only part of the
 * country's importers, that scope.
 *
 * @example
 * ```ts
 * import { ADEQUACY_DECISIONS } from '@privkit/dpa/rules';
 *
 * ADEQUACY_DECISIONS.JP?.scope; // "private-sector organisations under the APPI with the Supplementary Rules"
 * ```
 */
export const ADEQUACY_DECISIONS: Readonly<Record<string, AdequacyDecision>> = {
  AD: { decision: '2010/625/EU' },
  AR: { decision: '2003/490/EC' },
  CA: { decision: '2002/2/EC', scope: 'commercial organisations subject to PIPEDA' },
  CH: { decision: '2000/518/EC' },
  FO: { decision: '2010/146/EU' },
  GB: { decision: 'C(2021) 4800, renewed in 2025' },
  GG: { decision: '2003/821/EC' },
  IL: { decision: '2011/61/EU' },
  IM: { decision: '2004/411/EC' },
  JE: { decision: '2008/393/EC' },
  JP: { decision: '(EU) 2019/419', scope: 'private-sector organisations under the APPI with the Supplementary Rules' },
  KR: { decision: '(EU) 2022/254' },
  NZ: { decision: '2013/65/EU' },
  US: { decision: '(EU) 2023/1795', scope: 'organisations certified under the EU-U.S. Data Privacy Framework' },
  UY: { decision: '2012/484/EU' },
};

/**
 * Chapter V GDPR: transfers to third countries, for every sub-processor and transfer of the model.
 *
 * @example
 * ```ts
 * import { checkModel, parseModel } from '@privkit/dpa';
 * import { transfersPack } from '@privkit/dpa/rules';
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
 * const findings = checkModel(model, { packs: [transfersPack] });
 * ```
 */
export const transfersPack: RulePack = {
  id: 'transfers',
  title: 'Chapter V GDPR: transfers to third countries',
  check(model, { lookup }) {
    const out: Finding[] = [];
    const f = reporter(out);

    (model.subProcessors ?? []).forEach((sp, i) => {
      const where = [...new Set([sp.country, ...(sp.locations ?? [])].filter((c): c is string => !!c && !EEA.has(c)))];
      const covering = lookup.transfersOf(sp);
      for (const country of where) {
        const t = covering.find((x) => x.to === country && x.mechanism);
        if (!t)
          f(
            'chapter5.subprocessor-mechanism',
            'error',
            'Arts. 44–46 GDPR; Clause 7.7(c) of (EU) 2021/915',
            `subProcessors[${i}]`,
            `sub-processor "${sp.id}" is in ${country}, outside the EEA, and no transfer mechanism is stated for it`,
          );
      }
    });
    (model.recipients ?? []).forEach((r, i) => {
      for (const country of r.countries ?? []) {
        if (EEA.has(country)) continue;
        // A transfer covers the recipient when it names it as importer, or when an activity that
        // discloses to this recipient lists the transfer (the recipient's own processors).
        const listed = new Set(
          model.activities.filter((a) => a.recipients?.includes(r.id)).flatMap((a) => a.transfers ?? []),
        );
        const t = (model.transfers ?? []).find(
          (x) => (x.importer === r.id || listed.has(x.id)) && x.to === country && x.mechanism,
        );
        if (!t)
          f(
            'chapter5.recipient-mechanism',
            'error',
            'Arts. 44–46 GDPR',
            `recipients[${i}]`,
            `recipient "${r.id}" receives data in ${country}, outside the EEA, and no transfer mechanism is ` +
              `stated for it`,
          );
      }
    });

    const systematic = new Set((model.subProcessors ?? []).map((s) => s.id));
    // Module Three is owed only where the model says the exporter is a processor: a list of
    // sub-processors whose owner's role is undetermined does not say which module is right.
    const processorStated = model.activities.some((a) =>
      a.roles.some((r) => r.role === 'processor' || r.role === 'sub-processor'),
    );
    // A transfer reaches a document through an activity, a sub-processor (Annex IV), a recipient
    // it names as importer, or a document's own list; one that reaches none is stated nowhere,
    // and a notice derived from the activities cannot mention it.
    const docs = model.documents;
    const named = new Set([
      ...model.activities.flatMap((a) => a.transfers ?? []),
      ...(model.subProcessors ?? []).flatMap((s) => s.transfers ?? []),
      ...(docs?.notice?.transfers ?? []),
      ...(docs?.record?.transfers ?? []),
    ]);
    const importers = new Set([...systematic, ...(model.recipients ?? []).map((r) => r.id)]);
    (model.transfers ?? []).forEach((t, i) => {
      const at = `transfers[${i}]`;
      if (!named.has(t.id) && !(t.importer && importers.has(t.importer)))
        f(
          'chapter5.unreferenced',
          'warning',
          'Art. 13(1)(f), Art. 30(1)(e) GDPR',
          at,
          `transfer "${t.id}" is named by no activity, sub-processor, recipient or document, so no document ` +
            'states it',
        );
      if (!t.to)
        f(
          'chapter5.destination',
          'warning',
          'Art. 13(1)(f), Art. 30(1)(e) GDPR',
          `${at}.to`,
          `transfer "${t.id}" does not name the destination country`,
          `${at}.to`,
        );
      if (t.to && EEA.has(t.to)) return;
      const m = t.mechanism;
      if (!m) {
        f(
          'chapter5.mechanism',
          'error',
          'Arts. 44–49 GDPR',
          `${at}.mechanism`,
          `transfer "${t.id}" states no adequacy decision, safeguard or derogation`,
          `${at}.mechanism`,
        );
        return;
      }
      if (m.type === 'adequacy') {
        const decision = t.to ? ADEQUACY_DECISIONS[t.to] : undefined;
        if (t.to && !decision)
          f(
            'chapter5.adequacy-country',
            'error',
            'Art. 45 GDPR',
            `${at}.mechanism`,
            `transfer "${t.id}" relies on adequacy, but there is no adequacy decision for ${t.to}`,
          );
        else if (decision?.scope && !m.scope)
          f(
            'chapter5.adequacy-scope',
            'warning',
            'Art. 45 GDPR',
            `${at}.mechanism.scope`,
            `the adequacy decision for ${t.to} covers only ${decision.scope}; the transfer does not say the ` +
              `importer is within it`,
          );
      } else if (m.type === 'dpf') {
        if (t.to !== 'US')
          f(
            'chapter5.dpf-country',
            'error',
            'Art. 45 GDPR; (EU) 2023/1795',
            `${at}.to`,
            `transfer "${t.id}" relies on the EU-U.S. Data Privacy Framework but does not go to the United States`,
          );
        if (m.certified !== true)
          f(
            'chapter5.dpf-certified',
            'warning',
            '(EU) 2023/1795',
            `${at}.mechanism.certified`,
            `transfer "${t.id}" relies on the Data Privacy Framework without stating that the importer is certified`,
          );
      } else if (m.type === 'scc') {
        if (!m.module)
          f(
            'chapter5.scc-module',
            'warning',
            'Art. 46(2)(c) GDPR; (EU) 2021/914',
            `${at}.mechanism.module`,
            `transfer "${t.id}" relies on standard contractual clauses without naming the module`,
          );
        // Onward transfer by a processor to its sub-processor: the exporter is a processor, so
        // Module Three (processor to processor), not One, Two or Four.
        else if (processorStated && t.importer && systematic.has(t.importer) && m.module !== 3)
          f(
            'chapter5.scc-module-mismatch',
            'warning',
            'Clause 1 and Section II of (EU) 2021/914',
            `${at}.mechanism.module`,
            `transfer "${t.id}" to sub-processor "${t.importer}" uses SCC Module ` +
              `${['', 'One', 'Two', 'Three', 'Four'][m.module]}; a processor exporting to its sub-processor ` +
              `uses Module Three`,
          );
        if (m.tia !== true)
          f(
            'chapter5.tia',
            'info',
            'Clause 14 of (EU) 2021/914',
            `${at}.mechanism.tia`,
            `no transfer impact assessment is recorded for "${t.id}"`,
          );
      } else if (m.type === 'derogation') {
        if (!m.article)
          f(
            'chapter5.derogation-article',
            'warning',
            'Art. 49(1) GDPR',
            `${at}.mechanism.article`,
            `transfer "${t.id}" relies on a derogation without naming the point of Art. 49(1)`,
          );
        if (t.importer && systematic.has(t.importer))
          f(
            'chapter5.derogation-systematic',
            'warning',
            'Art. 49 GDPR; EDPB Guidelines 2/2018',
            `${at}.mechanism`,
            `transfer "${t.id}" to a sub-processor is systematic, but derogations are for occasional transfers`,
          );
      }
    });
    return out;
  },
};
