/**
 * @module
 * The Swiss Federal Act on Data Protection (revFADP): 30 days (Art 25(7)); the controller may
 * name a later date, told to the subject within the 30 days (Data Protection Ordinance Art 18).
 */

import type { Regime } from '../regime.js';
import { SWISS_CALENDARS } from './common.js';

/** @internal revFADP, in force from 1 September 2023. */
export const CH_FADP: Regime = {
  id: 'ch-fadp',
  name: 'Swiss Federal Act on Data Protection (revFADP)',
  jurisdiction: 'Switzerland',
  rights: ['access', 'rectification', 'erasure', 'portability', 'objection', 'automated-decision'],
  rules: [
    {
      effectiveFrom: '2023-09-01',
      period: 'P30D',
      citation: 'FADP Art 25(7): the information must normally be provided within 30 days',
      start: 'next-day',
      startCitation: 'Swiss Code of Obligations Art 77(1)(1): the day of the event is not counted',
      rollForward: true,
      rollForwardCitation:
        'Swiss Code of Obligations Art 78(1): a last day on a Sunday or a public holiday recognised at the place ' +
        'of performance moves to the next working day; Federal Act of 21 June 1963 on time limits including ' +
        'a Saturday (SR 173.110.3) Art 1: Saturday counts as a public holiday',
      calendars: SWISS_CALENDARS,
      extension: {
        times: 1,
        noticeWithinFirstPeriod: true,
        citation:
          'Data Protection Ordinance (DPO) Art 18(1): the controller informs the subject within the 30 days ' +
          'and names the period in which the information will be provided',
      },
      identityPause: { effect: 'none', citation: 'FADP Art 25(7)' },
      clarificationPause: { effect: 'none', citation: 'FADP Art 25(7)' },
      onMiss: 'breach',
      onMissCitation: 'FADP Arts 32, 60(1)(a)',
    },
  ],
};
