/**
 * @module
 * Small helpers over a model's collections, shared by the rule packs and the renderers. Never
 * exported.
 */

import type { Activity } from '../model.js';

/** The union of one id list over activities, in first-seen order. */
export function unionOf(activities: readonly Activity[], key: 'retention' | 'recipients' | 'transfers'): string[] {
  const seen = new Set<string>();
  for (const a of activities) for (const id of a[key] ?? []) seen.add(id);
  return [...seen];
}

/** EU member states plus Iceland, Liechtenstein and Norway (the EEA Agreement). */
export const EEA: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' '),
);
