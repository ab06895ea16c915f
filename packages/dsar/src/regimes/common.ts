/**
 * @module
 * Pieces several regime files share: the GDPR family's rights and its counting rules (Reg
 * 1182/71, which the EU applies and the UK keeps as assimilated law), and the shape of the US
 * state comprehensive privacy laws, which share a 45-day period with one 45-day extension.
 */

import type { Regime, RegimeRule } from '../regime.js';

/** @internal The rights of GDPR Arts 15–22, as the GDPR family names them. */
export const GDPR_RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'automated-decision',
] as const;

/** @internal How Reg (EEC, Euratom) No 1182/71 counts periods, with its citations. */
export const EU_COUNTING = {
  start: 'next-day',
  startCitation:
    'Reg (EEC, Euratom) No 1182/71 Art 3(1) (the day of receipt is not counted), Art 3(2)(c) (months end on the same date, else the last day of the month)',
  rollForward: true,
  rollForwardCitation:
    'Reg 1182/71 Art 3(4) (a period ending on a public holiday, Saturday or Sunday ends on the next working day)',
} as const satisfies Partial<RegimeRule>;

/** @internal The rights the US state comprehensive privacy laws grant. */
export const US_STATE_RIGHTS = [
  'access',
  'correction',
  'deletion',
  'portability',
  'opt-out-sale',
  'opt-out-targeted-advertising',
  'opt-out-profiling',
] as const;

/** @internal What differs between two US state laws of the common shape. */
export interface UsStateLaw {
  readonly id: string;
  readonly name: string;
  readonly jurisdiction: string;
  readonly effectiveFrom: string;
  /** The section setting the 45-day period and its extension. */
  readonly section: string;
  /** The state's computation-of-time rule (first day excluded, roll to the next business day). */
  readonly counting: string;
  /** Appeal and enforcement provisions. */
  readonly appeal: string;
}

/** @internal A US state regime of the common shape: 45 days, once extendable by 45 with notice. */
export function usState(law: UsStateLaw): Regime {
  return {
    id: law.id,
    name: law.name,
    jurisdiction: law.jurisdiction,
    rights: US_STATE_RIGHTS,
    rules: [
      {
        effectiveFrom: law.effectiveFrom,
        period: 'P45D',
        citation: `${law.section}: respond within 45 days of receipt`,
        start: 'next-day',
        startCitation: law.counting,
        rollForward: true,
        rollForwardCitation: law.counting,
        calendar: 'us-federal',
        extension: {
          period: 'P45D',
          times: 1,
          noticeWithinFirstPeriod: true,
          citation: `${law.section}: extendable once by 45 additional days when reasonably necessary, the consumer informed within the initial 45 days`,
        },
        identityPause: { effect: 'none', citation: `${law.section}: the period runs from receipt` },
        clarificationPause: { effect: 'none', citation: `${law.section}: the period runs from receipt` },
        onMiss: 'breach',
        onMissCitation: law.appeal,
      },
    ],
  };
}
