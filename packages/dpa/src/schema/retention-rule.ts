/**
 * @module
 * Retention rules in a model. They are read by the parser `@privkit/retention` reads its rules
 * with (`@privkit/internal/retention-rule`), so both packages accept and refuse exactly the same
 * rule objects, with the same codes (a cross-package test generates rules to check it). The zod
 * schema here describes the same shape for the JSON Schema and for composing schemas; the checks
 * it cannot express (periods of at most 10,000 years, a range whose minimum can exceed its
 * maximum) are the shared parser's. Never exported.
 */

import { type ParsedRetentionRule, parseRetentionRule } from '@privkit/internal/retention-rule';
import * as z from 'zod/mini';
import { DpaError } from '../errors.js';
import type { RetentionRule } from '../model.js';
import { duration, id, opt } from './primitives.js';

// A rule's text: any string that is not empty or only white space (the shared parser's rule).
const ruleText = z.string().check(z.regex(/\S/));

/** @internal A retention rule, as a zod schema (for the JSON Schema and for composition). */
export const retentionRule = z.strictObject({
  id,
  category: ruleText,
  purpose: ruleText,
  legalBasis: opt(ruleText),
  citation: opt(ruleText),
  period: z.union([duration, z.strictObject({ min: duration, max: duration })]),
  trigger: opt(
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('collected'), label: opt(ruleText) }),
      z.strictObject({ type: z.literal('event'), event: ruleText, label: opt(ruleText) }),
      z.strictObject({ type: z.literal('last-activity'), label: opt(ruleText) }),
    ]),
  ),
  anchor: opt(z.enum(['none', 'next-day', 'end-of-month', 'end-of-year'])),
  exceptionTo: opt(id),
  dataCategories: opt(z.array(id).check(z.minLength(1))),
  purposeLabel: opt(ruleText),
  variant: opt(ruleText),
});

/** @internal One rule at `path`, read by the shared parser: the rule, frozen, or its `DpaError`. */
export function sharedRule(input: unknown, path: string): RetentionRule {
  const parsed: ParsedRetentionRule = parseRetentionRule(
    input,
    path,
    (code, at, message) => new DpaError(code, message, { path: at }),
  );
  return parsed.rule;
}
