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
  legalBasis,
  liabilityCap,
  party,
  recipient,
  subProcessor,
  tom,
  transfer,
} from './entities.js';
import { clause, country, documentDate, duration, flag, id, ids, opt, text } from './primitives.js';
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

const references = opt(
  z.array(
    z.strictObject({
      kind: z.enum([
        'cookie-policy',
        'sub-processor-list',
        'data-locations',
        'transfer-safeguards',
        'terms',
        'privacy-notice',
        'other',
      ]),
      title: opt(text),
      at: text,
    }),
  ),
);

const dpa = z.strictObject({
  id,
  title: opt(text),
  version: opt(text),
  date: opt(documentDate),
  references,
  scope: opt(text),
  applicableLaw: opt(z.array(text).check(z.minLength(1))),
  conclusion: opt(text),
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
      objectionRemedies: opt(z.array(z.enum(['refrain', 'alternative', 'terminate']))),
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
      definition: opt(text),
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
      frequency: opt(duration),
      businessHours: flag,
      conditions: opt(text),
      clause,
    }),
  ),
  governmentAccess: opt(z.strictObject({ notify: flag, challenge: flag, minimise: flag, clause })),
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
  'know-categories',
  'know-specific-pieces',
  'opt-out-of-sale',
  'opt-out-of-sharing',
  'limit-sensitive',
  'non-discrimination',
  'sue-for-breach',
] as const;

const storageItem = z.strictObject({
  name: text,
  kind: z.enum(['cookie', 'local-storage', 'session-storage', 'other']),
  purpose: opt(text),
  duration: opt(text),
  provider: opt(text),
});

const notice = z.strictObject({
  id,
  title: opt(text),
  date: opt(documentDate),
  controller: id,
  scope: opt(
    z.strictObject({
      covers: opt(text),
      excludes: opt(z.array(z.strictObject({ description: text, see: opt(text) }))),
    }),
  ),
  references,
  applicableLaw: opt(z.array(text)),
  regime: opt(z.enum(['eu-gdpr', 'uk-gdpr', 'us-ca-ccpa', 'br-lgpd'])),
  legalBases: opt(z.array(z.strictObject({ basis: legalBasis, whereRequired: flag, description: opt(text) }))),
  profiling: opt(z.strictObject({ exists: z.boolean(), description: opt(text) })),
  sellsData: flag,
  sharesData: flag,
  specialCategories: flag,
  authorizedAgent: opt(z.strictObject({ allowed: z.boolean(), how: opt(text) })),
  deviceStorage: opt(z.strictObject({ cookies: flag, localStorage: flag, items: opt(z.array(storageItem)) })),
  activities: ids,
  processorActivities: opt(ids),
  rights: opt(z.array(z.strictObject({ right: z.enum(RIGHTS), how: opt(text) }))),
  rightsLimitations: opt(z.array(text)),
  responseTime: opt(duration),
  channels: opt(
    z.array(z.strictObject({ kind: z.enum(['email', 'post', 'web', 'phone']), label: opt(text), value: opt(text) })),
  ),
  supervisoryAuthority: opt(contact),
  statutoryRequirement: opt(text),
  retention: opt(ids),
  recipients: opt(ids),
  transfers: opt(ids),
});

const record = z.strictObject({
  id,
  title: opt(text),
  date: opt(documentDate),
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
  date: opt(documentDate),
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
