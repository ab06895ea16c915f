/**
 * @module
 * `@privkit/dpa/schema`: the model as schemas, for validating models outside the TypeScript
 * types: the zod 4 schemas (`zod/mini`, whose functional API tree-shakes to a few KB; classic zod
 * would add ~90 KB gzipped to every browser bundle that parses a model) and the JSON Schema (draft
 * 2020-12) for other languages, also shipped as the file `@privkit/dpa/schema.json`. Objects are
 * strict: a misspelt key is an error instead of a silently dropped clause.
 */

import * as z from 'zod/mini';
import type { PrivacyModel } from './model/privacy-model.js';
import type { RetentionRule } from './model/retention.js';
import { model } from './schema/documents.js';
import { retentionRule } from './schema/retention-rule.js';

/**
 * The zod schema of a (possibly draft) privacy model. `parseModel` reads input through it and
 * turns its issues into a `DpaError`; use the schema itself to compose it into your own.
 *
 * @example
 * ```ts
 * import { privacyModelSchema } from '@privkit/dpa/schema';
 *
 * privacyModelSchema.safeParse({ id: 'acme', parties: [], activities: [] }).success; // true
 * ```
 */
export const privacyModelSchema: z.ZodMiniType<PrivacyModel> = model;

/**
 * The zod schema of one retention rule: the shape `@privkit/retention` accepts.
 *
 * @example
 * ```ts
 * import { retentionRuleSchema } from '@privkit/dpa/schema';
 *
 * retentionRuleSchema.safeParse({ id: 'ip', category: 'ip', purpose: 'security', period: 'P7D' }).success; // true
 * ```
 */
export const retentionRuleSchema: z.ZodMiniType<RetentionRule> = retentionRule;

/**
 * The JSON Schema (draft 2020-12) of the model, for validating models outside TypeScript. It
 * accepts and refuses what `parseModel` does (a test checks both on the same random models).
 *
 * @returns a JSON Schema object.
 *
 * @example
 * ```ts
 * import { modelJsonSchema } from '@privkit/dpa/schema';
 *
 * const schema = modelJsonSchema();
 * schema['$schema']; // "https://json-schema.org/draft/2020-12/schema"
 * ```
 */
export function modelJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(model, { target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return { $schema, title: 'privkit privacy model (@privkit/dpa)', ...rest };
}
