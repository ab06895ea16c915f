/**
 * @module
 * zod schemas of the model's entities (parties, activities, data categories and subjects,
 * recipients, sub-processors, transfers, measures, retention rules, customer contracts). Every
 * object is strict: a misspelt key is an error, never a silently dropped clause. Never exported
 * (the whole model's schema is, from `@privkit/dpa/schema`).
 */

import * as z from 'zod/mini';
import type { TomHeading } from '../model/transfers.js';
import { TOM_HEADING_IDS } from '../rules/headings.js';
import { country, currency, duration, flag, id, ids, opt, text } from './primitives.js';

/** @internal Contact details. */
export const contact = z.strictObject({
  name: opt(text),
  address: opt(text),
  email: opt(text),
  phone: opt(text),
  url: opt(text),
});

/** @internal A party. */
export const party = z.strictObject({
  id,
  name: text,
  address: opt(text),
  country: opt(country),
  registrations: opt(z.array(z.strictObject({ scheme: text, number: text }))),
  contact: opt(contact),
  representative: opt(contact),
  dpo: opt(contact),
});

/** @internal The legal bases of Art. 6(1). */
export const legalBasis = z.enum([
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
]);
const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] as const;

/** @internal A processing activity. */
export const activity = z.strictObject({
  id,
  name: text,
  roles: z.array(
    z.strictObject({
      party: id,
      role: z.enum(['controller', 'joint-controller', 'processor', 'sub-processor', 'undetermined']),
    }),
  ),
  subjectMatter: opt(text),
  duration: opt(text),
  nature: opt(z.array(text)),
  purposes: opt(
    z.array(
      z.strictObject({
        id,
        description: text,
        legalBasis: opt(legalBasis),
        legitimateInterest: opt(text),
        specialCategoryCondition: opt(z.enum(letters)),
        law: opt(z.array(text).check(z.minLength(1))),
      }),
    ),
  ),
  categories: opt(ids),
  subjects: opt(ids),
  recipients: opt(ids),
  transfers: opt(ids),
  retention: opt(ids),
  retentionCriteria: opt(text),
  sources: opt(z.array(z.enum(['data-subject', 'third-party', 'publicly-available']))),
  sourceDescription: opt(text),
  automatedDecisions: opt(z.strictObject({ exists: z.boolean(), logic: opt(text), significance: opt(text) })),
  toms: opt(ids),
});

/** @internal A data category. */
export const dataCategory = z.strictObject({
  id,
  name: text,
  description: opt(text),
  sensitivity: opt(z.enum(['ordinary', 'special', 'criminal'])),
});

/** @internal A data subject category. */
export const dataSubject = z.strictObject({ id, name: text });

/** @internal A recipient. */
export const recipient = z.strictObject({
  id,
  name: text,
  kind: opt(z.enum(['processor', 'controller', 'public-authority', 'group', 'other'])),
  countries: opt(z.array(country)),
});

/** @internal A sub-processor. */
export const subProcessor = z.strictObject({
  id,
  name: text,
  legalEntity: opt(text),
  address: opt(text),
  contact: opt(contact),
  country: opt(country),
  locations: opt(z.array(country)),
  region: opt(text),
  service: opt(text),
  data: opt(text),
  transfers: opt(ids),
});

const mechanism = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('adequacy'), decision: opt(text), scope: opt(text) }),
  z.strictObject({
    type: z.literal('scc'),
    module: opt(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])),
    tia: flag,
  }),
  z.strictObject({ type: z.literal('bcr'), approvedBy: opt(text) }),
  z.strictObject({ type: z.literal('dpf'), certified: flag }),
  z.strictObject({ type: z.literal('derogation'), article: opt(z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g'])) }),
]);

/** @internal A transfer. */
export const transfer = z.strictObject({
  id,
  to: opt(country),
  importer: opt(id),
  mechanism: opt(mechanism),
  alternatives: opt(z.array(mechanism).check(z.minLength(1))),
  description: opt(text),
});

/** @internal A technical or organisational measure. */
export const tom = z.strictObject({
  id,
  heading: z.enum(TOM_HEADING_IDS as [TomHeading, ...TomHeading[]]),
  measures: text,
});

/** @internal A customer contract. */
export const contract = z.strictObject({
  id,
  customer: text,
  objectionPeriod: opt(duration),
  noticeChannel: opt(text),
});

/** @internal A liability or indemnity cap. */
export const liabilityCap = z.strictObject({
  party: id,
  kind: opt(z.enum(['liability', 'indemnity'])),
  cap: opt(
    z.union([
      z.strictObject({ amount: z.number().check(z.gte(0)), currency }),
      z.literal('insurance'),
      z.literal('unlimited'),
    ]),
  ),
  clause: opt(text),
  note: opt(text),
});
