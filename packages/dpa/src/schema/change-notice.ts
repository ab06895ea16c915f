/**
 * @module
 * The zod schema of a sub-processor change notice, so a notice handed to the renderer (perhaps
 * built or edited by hand) is as strictly checked as a model. Never exported.
 */

import * as z from 'zod/mini';
import { date, duration, id, opt, composedText as text } from './primitives.js';

/** @internal A change notice. */
export const changeNoticeSchema = z.strictObject({
  processor: text,
  date,
  effective: opt(date),
  changes: z.array(
    z.strictObject({
      kind: z.enum(['added', 'removed', 'changed']),
      id,
      name: text,
      countries: z.array(text),
      service: opt(text),
      transfers: z.array(text),
      fields: opt(z.array(text)),
    }),
  ),
  deadlines: z.array(
    z.strictObject({
      contract: id,
      customer: text,
      channel: opt(text),
      period: opt(duration),
      deadline: opt(date),
    }),
  ),
});
