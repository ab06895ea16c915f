/**
 * @module
 * Thailand's Personal Data Protection Act B.E. 2562 (2019): a data controller fulfils a request for
 * access without delay and within 30 days from receiving it (s 30 para 4). Chapter III (the data
 * subject's rights) took effect for most businesses on 1 June 2022, when the Royal Decrees of 2020
 * and 2021 that exempted them ended; the regime is modelled from that date. The Personal Data
 * Protection Committee may prescribe an extension (s 30 para 5); none was in force when this regime
 * was written, so none is modelled. Counting under the Civil and Commercial Code was not confirmed
 * and no Thai holiday calendar ships, so a last day on a weekend or holiday stays where it falls
 * (the earlier deadline). Only access is modelled.
 */

import type { Regime } from '../regime.js';

/** @internal Thailand PDPA, access requests. */
export const TH_PDPA: Regime = {
  id: 'th-pdpa',
  name: 'Personal Data Protection Act B.E. 2562 (Thailand)',
  jurisdiction: 'Thailand',
  rights: ['access'],
  rules: [
    {
      effectiveFrom: '2022-06-01',
      period: 'P30D',
      citation:
        'PDPA s 30 para 4: fulfil the request without delay, but not exceeding thirty days from the date of ' +
        'receiving it [English translations (Siam Legal, Thai Law Forum); in force for most businesses from 1 June ' +
        '2022 under the Royal Decree B.E. 2564 (2021), from secondary sources]',
      start: 'next-day',
      startCitation: 'PDPA s 30 para 4: thirty days "from the date of receiving" the request (that day not counted)',
      rollForward: false,
      rollForwardCitation:
        'The Civil and Commercial Code rule was not confirmed and no Thai holiday calendar ships: a last day on a ' +
        'weekend or holiday stays (the earlier deadline)',
      identityPause: { effect: 'none', citation: 'PDPA s 30 para 4: the 30 days run from receipt' },
      clarificationPause: { effect: 'none', citation: 'PDPA s 30 para 4: the 30 days run from receipt' },
      onMiss: 'breach',
      onMissCitation: 'PDPA s 30 (the duty); Chapter V (complaints to the expert committee)',
    },
  ],
};
