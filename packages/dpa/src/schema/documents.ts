/**
 * @module
 * zod schemas of the three documents (the DPA's Art. 28 terms, the privacy notice, the record of
 * processing) and of the whole model. Never exported (the model's schema is, from
 * `@privkit/dpa/schema`).
 */

import * as z from 'zod/mini';
import {
  activity,
  contact,
  contract,
  dataCategory,
  dataSubject,
  liabilityCap,
  party,
  recipient,
  subProcessor,
  tom,
  transfer,
} from './entities.js';
import { clause, country, date, duration, flag, id, ids, opt, text } from './primitives.js';
import { retentionRule } from './retention-rule.js';

const obligation = z.enum([
  'instructions',
  'confidentiality',
  'security',
  'sub-processing',
  'data-subject-rights',
  'assistance',
  'end-of-processing',
  'audit',
]);

const dpa = z.strictObject({
  id,
  title: opt(text),
  version: opt(text),
  date: opt(date),
  controller: id,
  processor: id,
  activities: ids,
  subProcessors: opt(ids),
  toms: opt(ids),
  processingLocations: opt(z.array(z.union([country, z.literal('EEA')]))),
  instructions: opt(
    z.strictObject({ documented: flag, transfersOnInstructions: flag, notifyUnlawfulInstruction: flag, clause }),
  ),
  confidentiality: opt(z.strictObject({ committed: flag, clause })),
  security: opt(z.strictObject({ art32: flag, clause })),
  subProcessing: opt(
    z.strictObject({
      authorisation: opt(z.enum(['specific', 'general'])),
      noticePeriod: opt(duration),
      objectionRight: opt(z.enum(['unconditional', 'reasonable', 'none'])),
      flowDown: flag,
      processorLiable: flag,
      list: opt(text),
      clause,
    }),
  ),
  dataSubjectRights: opt(
    z.strictObject({ assistance: flag, forwardRequests: flag, forwardWithin: opt(duration), clause }),
  ),
  assistance: opt(z.strictObject({ security: flag, breach: flag, dpia: flag, priorConsultation: flag, clause })),
  breach: opt(
    z.strictObject({
      notifyWithin: opt(duration),
      from: opt(z.enum(['awareness', 'confirmation'])),
      withoutUndueDelay: flag,
      content: flag,
      clause,
    }),
  ),
  endOfProcessing: opt(
    z.strictObject({
      options: opt(z.array(z.enum(['delete', 'return']))),
      choice: opt(z.enum(['controller', 'processor'])),
      within: opt(duration),
      certificate: flag,
      deletesCopies: flag,
      clause,
    }),
  ),
  audit: opt(
    z.strictObject({
      information: flag,
      inspections: flag,
      noticePeriod: opt(duration),
      costs: opt(z.enum(['controller', 'processor', 'shared'])),
      clause,
    }),
  ),
  liability: opt(z.array(liabilityCap)),
  governingLaw: opt(text),
  carveOuts: opt(
    z.array(z.strictObject({ id, clause, quote: text, limits: z.array(obligation).check(z.minLength(1)) })),
  ),
});

const RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'object',
  'withdraw-consent',
  'automated-decisions',
  'complaint',
] as const;

const notice = z.strictObject({
  id,
  title: opt(text),
  date: opt(date),
  controller: id,
  activities: ids,
  rights: opt(z.array(z.strictObject({ right: z.enum(RIGHTS), how: opt(text) }))),
  channels: opt(z.array(z.strictObject({ kind: z.enum(['email', 'post', 'web', 'phone']), value: opt(text) }))),
  supervisoryAuthority: opt(contact),
  statutoryRequirement: opt(text),
  retention: opt(ids),
  recipients: opt(ids),
  transfers: opt(ids),
});

const record = z.strictObject({
  id,
  title: opt(text),
  date: opt(date),
  holder: id,
  role: z.enum(['controller', 'processor']),
  activities: ids,
  retention: opt(ids),
  recipients: opt(ids),
  transfers: opt(ids),
});

const shape = {
  id,
  title: opt(text),
  version: opt(text),
  date: opt(date),
  parties: z.array(party),
  activities: z.array(activity),
  dataCategories: opt(z.array(dataCategory)),
  dataSubjects: opt(z.array(dataSubject)),
  recipients: opt(z.array(recipient)),
  subProcessors: opt(z.array(subProcessor)),
  transfers: opt(z.array(transfer)),
  toms: opt(z.array(tom)),
  retention: opt(z.array(retentionRule)),
  contracts: opt(z.array(contract)),
  documents: opt(z.strictObject({ dpa: opt(dpa), notice: opt(notice), record: opt(record) })),
};

/** @internal A whole model, its retention rules included (for the JSON Schema and for composition). */
export const model = z.strictObject(shape);

/** @internal A model whose retention rules are left to the shared rule parser (see `read`). */
export const modelWithoutRules = z.strictObject({ ...shape, retention: opt(z.array(z.unknown())) });
