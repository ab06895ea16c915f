/**
 * @module
 * The Art. 30 pack: the fields of a record of processing activities, for `documents.record`
 * (Art. 30(1) for a controller, Art. 30(2) for a processor).
 */

import { type Finding, type RulePack, reporter } from '../findings.js';
import type { Party } from '../model.js';

const hasContact = (p: Party) =>
  !!(p.address || p.contact?.email || p.contact?.address || p.contact?.phone || p.contact?.url);

/**
 * Art. 30 GDPR: records of processing activities.
 *
 * @example
 * ```ts
 * import { checkModel, parseModel } from '@privkit/dpa';
 * import { recordPack } from '@privkit/dpa/rules';
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
 * const findings = checkModel(model, { packs: [recordPack] });
 * ```
 */
export const recordPack: RulePack = {
  id: 'record',
  title: 'Art. 30 GDPR: records of processing activities',
  check(model, { lookup }) {
    const record = model.documents?.record;
    if (!record) return [];
    const out: Finding[] = [];
    const f = reporter(out);
    const controllerRecord = record.role === 'controller';
    const p = controllerRecord ? '30(1)' : '30(2)';
    const holder = lookup.parties.get(record.holder);
    if (holder && !hasContact(holder))
      f(
        controllerRecord ? 'art30.1.a.holder' : 'art30.2.a.holder',
        'error',
        `Art. ${p}(a) GDPR`,
        `parties[${model.parties.indexOf(holder)}]`,
        `no contact details for "${holder.id}", who keeps the record`,
      );
    for (const a of lookup.activitiesOf(record.activities)) {
      const at = `activities[${model.activities.indexOf(a)}]`;
      if (controllerRecord) {
        if ((a.purposes?.length ?? 0) === 0)
          f(
            'art30.1.b.purposes',
            'error',
            'Art. 30(1)(b) GDPR',
            `${at}.purposes`,
            `activity "${a.id}" records no purpose`,
          );
        if ((a.subjects?.length ?? 0) === 0)
          f(
            'art30.1.c.subjects',
            'error',
            'Art. 30(1)(c) GDPR',
            `${at}.subjects`,
            `activity "${a.id}" records no categories of data subjects`,
          );
        if ((a.categories?.length ?? 0) === 0)
          f(
            'art30.1.c.categories',
            'error',
            'Art. 30(1)(c) GDPR',
            `${at}.categories`,
            `activity "${a.id}" records no categories of personal data`,
          );
        if ((a.retention?.length ?? 0) === 0 && !a.retentionCriteria)
          f(
            'art30.1.f.retention',
            'warning',
            'Art. 30(1)(f) GDPR',
            `${at}.retention`,
            `activity "${a.id}" records no time limit for erasure`,
          );
      } else {
        const controllers = a.roles.filter((r) => r.role === 'controller' || r.role === 'joint-controller');
        if (controllers.length === 0)
          f(
            'art30.2.a.controllers',
            'error',
            'Art. 30(2)(a) GDPR',
            `${at}.roles`,
            `activity "${a.id}" records no controller on whose behalf it is carried out`,
          );
        for (const r of controllers) {
          const c = lookup.parties.get(r.party);
          if (c && !hasContact(c))
            f(
              'art30.2.a.controller-contact',
              'error',
              'Art. 30(2)(a) GDPR',
              `parties[${model.parties.indexOf(c)}]`,
              `no contact details for controller "${c.id}"`,
            );
        }
        if ((a.nature?.length ?? 0) === 0)
          f(
            'art30.2.b.processing',
            'error',
            'Art. 30(2)(b) GDPR',
            `${at}.nature`,
            `activity "${a.id}" records no categories of processing`,
          );
      }
      // Each missing item is one fact however many activities record the transfer: the findings
      // of every activity merge into one that lists their paths.
      (a.transfers ?? []).forEach((id, j) => {
        const t = lookup.transfers.get(id);
        if (!t) return;
        const i = (model.transfers ?? []).indexOf(t);
        const missing: [string, string][] = [];
        if (!t.to) missing.push(['to', 'the third country']);
        if (!t.mechanism) missing.push(['mechanism', 'its safeguards']);
        for (const [field, what] of missing)
          f(
            `art${controllerRecord ? '30.1.e' : '30.2.c'}.transfers`,
            'error',
            `Art. ${p}(${controllerRecord ? 'e' : 'c'}) GDPR`,
            `${at}.transfers[${j}]`,
            `transfer "${t.id}" is recorded without ${what}`,
            `transfers[${i}].${field}`,
          );
      });
    }
    if ((model.toms?.length ?? 0) === 0)
      f(
        `art${controllerRecord ? '30.1.g' : '30.2.d'}.toms`,
        'warning',
        `Art. ${p}(${controllerRecord ? 'g' : 'd'}) GDPR`,
        'toms',
        'the record has no general description of the technical and organisational security measures',
      );
    return out;
  },
};
