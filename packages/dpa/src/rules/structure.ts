/**
 * @module
 * The structure pack: duplicate ids, references to ids that do not exist, roles that contradict
 * the documents. A draft parses with these problems; a document rendered from it would be wrong.
 */

import { type Finding, finding, type RulePack } from '../findings.js';
import type { PrivacyModel } from '../model.js';

/**
 * Model integrity: unique ids, resolvable references, consistent roles.
 *
 * @example
 * ```ts
 * import { checkModel, parseModel } from '@privkit/dpa';
 * import { structurePack } from '@privkit/dpa/rules';
 *
 * const model = parseModel({
 *   id: 'm',
 *   parties: [],
 *   activities: [{ id: 'a', name: 'A', roles: [{ party: 'x', role: 'controller' }] }],
 * });
 * checkModel(model, { packs: [structurePack] });
 * // [{ rule: 'model.reference', path: 'activities[0].roles[0].party', … }]
 * ```
 */
export const structurePack: RulePack = {
  id: 'structure',
  title: 'Model integrity',
  check(model, { lookup }) {
    const out: Finding[] = [];
    const dup = (kind: keyof PrivacyModel, items: readonly { id: string }[] | undefined) => {
      const seen = new Set<string>();
      (items ?? []).forEach((x, i) => {
        if (seen.has(x.id))
          out.push(
            finding(
              'model.duplicate-id',
              'error',
              'model',
              `${kind}[${i}].id`,
              `id "${x.id}" is used twice in ${kind}`,
            ),
          );
        seen.add(x.id);
      });
    };
    dup('parties', model.parties);
    dup('activities', model.activities);
    dup('dataCategories', model.dataCategories);
    dup('dataSubjects', model.dataSubjects);
    dup('recipients', model.recipients);
    dup('subProcessors', model.subProcessors);
    dup('transfers', model.transfers);
    dup('toms', model.toms);
    dup('retention', model.retention);
    dup('contracts', model.contracts);

    const ref = (map: ReadonlyMap<string, unknown>, what: string, path: string, id: string | undefined) => {
      if (id !== undefined && !map.has(id))
        out.push(finding('model.reference', 'error', 'model', path, `no ${what} with id "${id}"`));
    };
    const refs = (
      map: ReadonlyMap<string, unknown>,
      what: string,
      path: string,
      list: readonly string[] | undefined,
    ) => {
      for (const [i, id] of (list ?? []).entries()) ref(map, what, `${path}[${i}]`, id);
    };

    model.activities.forEach((a, i) => {
      const at = `activities[${i}]`;
      for (const [j, r] of a.roles.entries()) ref(lookup.parties, 'party', `${at}.roles[${j}].party`, r.party);
      refs(lookup.categories, 'data category', `${at}.categories`, a.categories);
      refs(lookup.subjects, 'data subject category', `${at}.subjects`, a.subjects);
      refs(lookup.recipients, 'recipient', `${at}.recipients`, a.recipients);
      refs(lookup.transfers, 'transfer', `${at}.transfers`, a.transfers);
      refs(lookup.retention, 'retention rule', `${at}.retention`, a.retention);
      refs(lookup.toms, 'measure', `${at}.toms`, a.toms);
    });
    for (const [i, s] of (model.subProcessors ?? []).entries())
      refs(lookup.transfers, 'transfer', `subProcessors[${i}].transfers`, s.transfers);
    const importers = new Set([...lookup.subProcessors.keys(), ...lookup.recipients.keys(), ...lookup.parties.keys()]);
    (model.transfers ?? []).forEach((t, i) => {
      if (t.importer !== undefined && !importers.has(t.importer))
        out.push(
          finding(
            'model.reference',
            'error',
            'model',
            `transfers[${i}].importer`,
            `no sub-processor, recipient or party with id "${t.importer}"`,
          ),
        );
    });
    (model.retention ?? []).forEach((r, i) => {
      // A rule that names the document's data categories keys its records by a category of its own.
      if (r.dataCategories)
        refs(lookup.categories, 'data category', `retention[${i}].dataCategories`, r.dataCategories);
      else if (model.dataCategories) ref(lookup.categories, 'data category', `retention[${i}].category`, r.category);
      ref(lookup.retention, 'retention rule', `retention[${i}].exceptionTo`, r.exceptionTo);
    });

    const docs = model.documents;
    if (docs?.dpa) {
      const d = docs.dpa;
      const D = 'documents.dpa';
      ref(lookup.parties, 'party', `${D}.controller`, d.controller);
      ref(lookup.parties, 'party', `${D}.processor`, d.processor);
      refs(lookup.activities, 'activity', `${D}.activities`, d.activities);
      refs(lookup.subProcessors, 'sub-processor', `${D}.subProcessors`, d.subProcessors);
      refs(lookup.toms, 'measure', `${D}.toms`, d.toms);
      for (const [i, l] of (d.liability ?? []).entries())
        ref(lookup.parties, 'party', `${D}.liability[${i}].party`, l.party);
      for (const a of lookup.activitiesOf(d.activities)) {
        const has = (party: string, roles: string[]) =>
          a.roles.some((r) => r.party === party && roles.includes(r.role));
        if (
          !has(d.processor, ['processor', 'sub-processor']) ||
          !has(d.controller, ['controller', 'joint-controller', 'processor'])
        )
          out.push(
            finding(
              'model.roles',
              'error',
              'Art. 28 GDPR',
              `activities[${model.activities.indexOf(a)}].roles`,
              `in activity "${a.id}" the DPA's controller and processor do not hold those roles`,
            ),
          );
      }
    }
    for (const key of ['notice', 'record'] as const) {
      const d = docs?.[key];
      if (!d) continue;
      const D = `documents.${key}`;
      ref(
        lookup.parties,
        'party',
        `${D}.${key === 'notice' ? 'controller' : 'holder'}`,
        'controller' in d ? d.controller : d.holder,
      );
      refs(lookup.activities, 'activity', `${D}.activities`, d.activities);
      if ('processorActivities' in d)
        refs(lookup.activities, 'activity', `${D}.processorActivities`, d.processorActivities);
      refs(lookup.retention, 'retention rule', `${D}.retention`, d.retention);
      refs(lookup.recipients, 'recipient', `${D}.recipients`, d.recipients);
      refs(lookup.transfers, 'transfer', `${D}.transfers`, d.transfers);
    }
    return out;
  },
};
