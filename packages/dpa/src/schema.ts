/**
 * @module
 * zod 4 schemas of the model, {@link parseModel} (drafts parse: legal completeness is the rule
 * packs' job) and {@link modelJsonSchema} for users outside TypeScript. Objects are strict, so a
 * misspelt key is an error instead of a silently dropped clause. Written with `zod/mini`, whose
 * functional API tree-shakes to a few KB; classic zod would add ~90 KB gzipped to every browser
 * bundle that parses a model.
 */

import * as z from 'zod/mini';
import { DURATION_PATTERN } from './duration.js';
import { DpaError, type DpaIssue } from './errors.js';
import type { PrivacyModel, TomHeading } from './model.js';
import type { RetentionRule } from './retention.js';
import { TOM_HEADING_IDS } from './rules/art28.js';

const id = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'an id of letters, digits, ".", "_", ":", "-"'));
const text = z.string().check(z.minLength(1));
const duration = z.string().check(z.regex(DURATION_PATTERN, 'an ISO 8601 duration such as P30D or PT72H'));
const date = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date YYYY-MM-DD'));
const country = z.string().check(z.regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code'));
const ids = z.array(id);
const opt = <T extends z.ZodMiniType>(s: T) => z.exactOptional(s);
const clause = opt(text);
const flag = opt(z.boolean());

const retentionRule = z.strictObject({
  id,
  category: text,
  purpose: text,
  legalBasis: opt(text),
  citation: opt(text),
  period: z.union([duration, z.strictObject({ min: duration, max: duration })]),
  trigger: opt(
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('collected') }),
      z.strictObject({ type: z.literal('event'), event: text }),
      z.strictObject({ type: z.literal('lastActivity') }),
    ]),
  ),
  anchor: opt(z.enum(['none', 'nextDay', 'endOfMonth', 'endOfYear'])),
  exceptionTo: opt(id),
});

/**
 * The zod schema of one retention rule: the shape `@privkit/retention` accepts.
 *
 * @example
 * ```ts
 * import { retentionRuleSchema } from '@privkit/dpa';
 *
 * retentionRuleSchema.safeParse({ id: 'ip', category: 'ip', purpose: 'security', period: 'P7D' }).success; // true
 * ```
 */
export const retentionRuleSchema: z.ZodMiniType<RetentionRule> = retentionRule;

const contact = z.strictObject({
  name: opt(text),
  address: opt(text),
  email: opt(text),
  phone: opt(text),
  url: opt(text),
});

const party = z.strictObject({
  id,
  name: text,
  address: opt(text),
  country: opt(country),
  contact: opt(contact),
  representative: opt(contact),
  dpo: opt(contact),
});

const legalBasis = z.enum([
  'consent',
  'contract',
  'legalObligation',
  'vitalInterests',
  'publicTask',
  'legitimateInterests',
]);
const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] as const;

const activity = z.strictObject({
  id,
  name: text,
  roles: z.array(
    z.strictObject({ party: id, role: z.enum(['controller', 'jointController', 'processor', 'subProcessor']) }),
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
      }),
    ),
  ),
  categories: opt(ids),
  subjects: opt(ids),
  recipients: opt(ids),
  transfers: opt(ids),
  retention: opt(ids),
  retentionCriteria: opt(text),
  sources: opt(z.array(z.enum(['dataSubject', 'thirdParty', 'publiclyAvailable']))),
  sourceDescription: opt(text),
  automatedDecisions: opt(z.strictObject({ exists: z.boolean(), logic: opt(text), significance: opt(text) })),
  toms: opt(ids),
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

const obligation = z.enum([
  'instructions',
  'confidentiality',
  'security',
  'subProcessing',
  'dataSubjectRights',
  'assistance',
  'endOfProcessing',
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
      clause,
    }),
  ),
  dataSubjectRights: opt(
    z.strictObject({ assistance: flag, forwardRequests: flag, forwardWithin: opt(duration), clause }),
  ),
  assistance: opt(z.strictObject({ security: flag, breach: flag, dpia: flag, priorConsultation: flag, clause })),
  breach: opt(z.strictObject({ notifyWithin: opt(duration), withoutUndueDelay: flag, content: flag, clause })),
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
  liability: opt(
    z.array(
      z.strictObject({
        party: id,
        kind: opt(z.enum(['liability', 'indemnity'])),
        cap: opt(
          z.union([
            z.strictObject({ amount: z.number().check(z.gte(0)), currency: z.string().check(z.regex(/^[A-Z]{3}$/)) }),
            z.literal('insurance'),
            z.literal('unlimited'),
          ]),
        ),
        clause,
        note: opt(text),
      }),
    ),
  ),
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
  'withdrawConsent',
  'automatedDecisions',
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

const model = z.strictObject({
  id,
  title: opt(text),
  version: opt(text),
  date: opt(date),
  parties: z.array(party),
  activities: z.array(activity),
  dataCategories: opt(
    z.array(
      z.strictObject({
        id,
        name: text,
        description: opt(text),
        sensitivity: opt(z.enum(['ordinary', 'special', 'criminal'])),
      }),
    ),
  ),
  dataSubjects: opt(z.array(z.strictObject({ id, name: text }))),
  recipients: opt(
    z.array(
      z.strictObject({
        id,
        name: text,
        kind: opt(z.enum(['processor', 'controller', 'publicAuthority', 'group', 'other'])),
        countries: opt(z.array(country)),
      }),
    ),
  ),
  subProcessors: opt(
    z.array(
      z.strictObject({
        id,
        name: text,
        legalEntity: opt(text),
        address: opt(text),
        contact: opt(contact),
        country: opt(country),
        locations: opt(z.array(country)),
        service: opt(text),
        transfers: opt(ids),
      }),
    ),
  ),
  transfers: opt(
    z.array(
      z.strictObject({ id, to: opt(country), importer: opt(id), mechanism: opt(mechanism), description: opt(text) }),
    ),
  ),
  toms: opt(
    z.array(z.strictObject({ id, heading: z.enum(TOM_HEADING_IDS as [TomHeading, ...TomHeading[]]), measures: text })),
  ),
  retention: opt(z.array(retentionRule)),
  contracts: opt(
    z.array(z.strictObject({ id, customer: text, objectionPeriod: opt(duration), noticeChannel: opt(text) })),
  ),
  documents: opt(z.strictObject({ dpa: opt(dpa), notice: opt(notice), record: opt(record) })),
});

/**
 * The zod schema of a (possibly draft) {@link PrivacyModel}.
 *
 * @example
 * ```ts
 * import { privacyModelSchema } from '@privkit/dpa';
 *
 * privacyModelSchema.safeParse({ id: 'acme', parties: [], activities: [] }).success; // true
 * ```
 */
export const privacyModelSchema: z.ZodMiniType<PrivacyModel> = model;

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(root)';
}

function issuesOf(error: { readonly issues: readonly z.core.$ZodIssue[] }): DpaIssue[] {
  // zod's own messages can quote the received value (an unknown key's name, an enum option);
  // the path plus the expected shape is enough and leaks nothing.
  return error.issues.map((i) => ({
    path: pathOf(i.path),
    message:
      i.code === 'unrecognized_keys'
        ? `unknown key(s) ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`
        : i.code === 'invalid_type'
          ? `expected ${i.expected}`
          : i.code === 'invalid_value'
            ? `expected one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`
            : i.code === 'invalid_format' || i.code === 'custom'
              ? (i.message ?? 'invalid')
              : i.code,
  }));
}

/**
 * Parses a draft model: checks types and shapes (ids, ISO dates, durations, country codes),
 * rejects unknown keys, and returns the model. It does not check that the documents are legally
 * complete: run {@link checkModel} for that.
 *
 * @param input - a JSON value (e.g. from `JSON.parse`).
 * @returns the model.
 * @throws {@link DpaError} `INVALID_MODEL` with `issues` (path and problem, never the value).
 *
 * @example
 * ```ts
 * import { parseModel } from '@privkit/dpa';
 *
 * const model = parseModel({ id: 'acme', parties: [{ id: 'acme', name: 'Acme SA' }], activities: [] });
 * model.parties[0]?.name; // "Acme SA"
 * ```
 */
export function parseModel(input: unknown): PrivacyModel {
  const result = model.safeParse(input);
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new DpaError(
      'INVALID_MODEL',
      `"model" is not a privacy model: ${issues.length} problem(s), first at ${issues[0]?.path}`,
      issues,
    );
  }
  return result.data as PrivacyModel;
}

/**
 * Parses one retention rule in the shape `@privkit/retention` accepts.
 *
 * @param input - a JSON value.
 * @returns the rule.
 * @throws {@link DpaError} `INVALID_RETENTION_RULE` with `issues`.
 *
 * @example
 * ```ts
 * import { parseRetentionRule } from '@privkit/dpa';
 *
 * parseRetentionRule({ id: 'r', category: 'ip', purpose: 'security', period: { min: 'P30D', max: 'P6M' } });
 * ```
 */
export function parseRetentionRule(input: unknown): RetentionRule {
  const result = retentionRule.safeParse(input);
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new DpaError(
      'INVALID_RETENTION_RULE',
      `"rule" is not a retention rule: first problem at ${issues[0]?.path}`,
      issues,
    );
  }
  return result.data as RetentionRule;
}

/**
 * The JSON Schema (draft 2020-12) of the model, for validating models outside TypeScript.
 *
 * @returns a JSON Schema object.
 *
 * @example
 * ```ts
 * import { modelJsonSchema } from '@privkit/dpa';
 *
 * const schema = modelJsonSchema();
 * schema.$schema; // "https://json-schema.org/draft/2020-12/schema"
 * ```
 */
export function modelJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(model, { target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return { $schema, title: 'privkit privacy model (@privkit/dpa)', ...rest };
}
