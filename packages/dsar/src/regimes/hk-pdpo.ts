/**
 * @module
 * Hong Kong's Personal Data (Privacy) Ordinance (Cap 486), in force 20 December 1996: a data user
 * complies with a data access request within 40 days after receiving it (s 19(1)); one that cannot
 * tells the requestor so in writing, with the reasons, before the 40 days end, and complies as soon
 * as practicable after (s 19(2)): modelled as an extension to a date the data user names. Counting
 * under the Interpretation and General Clauses Ordinance (Cap 1) was not confirmed for this regime
 * and no Hong Kong holiday calendar ships, so a last day on a weekend or general holiday stays
 * where it falls (the earlier deadline). Only access is modelled (correction requests, s 23, are
 * not).
 */

import type { Regime } from '../regime.js';

/** @internal Hong Kong PDPO, data access requests. */
export const HK_PDPO: Regime = {
  id: 'hk-pdpo',
  name: 'Personal Data (Privacy) Ordinance (Hong Kong, Cap 486)',
  jurisdiction: 'Hong Kong SAR, China',
  rights: ['access'],
  rules: [
    {
      effectiveFrom: '1996-12-20',
      period: 'P40D',
      citation: 'PDPO s 19(1): comply with a data access request not later than (within) 40 days after receiving it',
      start: 'next-day',
      startCitation: 'PDPO s 19(1): "after receiving the request" (the day of receipt is not counted)',
      rollForward: false,
      rollForwardCitation:
        'Cap 1 (Interpretation and General Clauses Ordinance) was not confirmed for this regime and no Hong Kong ' +
        'holiday calendar ships: a last day on a weekend or general holiday stays (the earlier deadline)',
      extension: {
        times: 1,
        noticeWithinFirstPeriod: true,
        citation:
          'PDPO s 19(2): a data user unable to comply within the 40 days informs the requestor in writing, with ' +
          'the reasons, before they end, complies as far as it can, and complies fully as soon as practicable after',
      },
      identityPause: { effect: 'none', citation: 'PDPO s 19(1): the 40 days run from receipt' },
      clarificationPause: { effect: 'none', citation: 'PDPO s 19(1): the 40 days run from receipt' },
      onMiss: 'breach',
      onMissCitation: 'PDPO s 19 (contravention); Part 7 (complaints, investigations and enforcement notices)',
    },
  ],
};
