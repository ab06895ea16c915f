/**
 * @module
 * The zod schema of a retention rule: exactly the plain object `@privkit/retention` accepts, so a
 * rule written in a model is the rule the deletion job runs (a cross-package test generates rules
 * and checks both packages accept and refuse the same ones). Never exported.
 */

import * as z from 'zod/mini';
import { duration, id, opt, text } from './primitives.js';

/** @internal A retention rule. */
export const retentionRule = z.strictObject({
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
      z.strictObject({ type: z.literal('last-activity') }),
    ]),
  ),
  anchor: opt(z.enum(['none', 'next-day', 'end-of-month', 'end-of-year'])),
  exceptionTo: opt(id),
});
