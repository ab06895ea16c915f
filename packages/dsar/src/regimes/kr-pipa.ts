/**
 * @module
 * The Republic of Korea's Personal Information Protection Act (PIPA) and its Enforcement Decree:
 * access within 10 days of receipt (PIPA Art 35(3); Enforcement Decree Art 41), counted under the
 * Civil Act (Art 157: the first day is not counted; Art 161: a last day on a Saturday or public
 * holiday moves to the next day). A controller with good cause may postpone access by a notice
 * within the 10 days stating the grounds, and must give access without delay once they cease (PIPA
 * Art 35(3), Decree Art 42(2)): modelled as an extension to a date the controller names.
 * Modelled from 1 January 2022, the first year of the shipped Korean holiday calendar, on the
 * Decree's text as in force in 2026; earlier receipts have no rule here. Only access is modelled:
 * correction and erasure (Decree Art 43(3), also 10 days) have no postponement, which the
 * regime-wide extension cannot express. Not modelled: Civil Act Art 157's proviso counting the
 * first day of a period that starts at midnight.
 */

import type { Regime } from '../regime.js';

/** @internal Korea PIPA, access requests. */
export const KR_PIPA: Regime = {
  id: 'kr-pipa',
  name: 'Personal Information Protection Act (Republic of Korea)',
  jurisdiction: 'Republic of Korea',
  rights: ['access'],
  rules: [
    {
      effectiveFrom: '2022-01-01',
      period: 'P10D',
      citation:
        'PIPA Art 35(3) (access within the period the Presidential Decree prescribes); Enforcement Decree Art 41: ' +
        '10 days from receipt of the request [Art 41 from secondary copies (prighter.com); Decree Art 42(2) sets ' +
        'the same 10 days for a notice of postponement]',
      start: 'next-day',
      startCitation: 'Civil Act Art 157: for a period fixed in days the first day is not counted',
      rollForward: true,
      rollForwardCitation: 'Civil Act Art 161: a last day on a Saturday or a public holiday moves to the next day',
      calendar: 'kr',
      extension: {
        times: 1,
        noticeWithinFirstPeriod: true,
        citation:
          'PIPA Art 35(3): with good cause access may be postponed after notifying the data subject of the ground, ' +
          'and is given without delay when the ground ceases; Enforcement Decree Art 42(2): the postponement notice ' +
          'within 10 days from receipt, with the grounds and how to appeal',
      },
      identityPause: { effect: 'none', citation: 'Enforcement Decree Art 41: the 10 days run from receipt' },
      clarificationPause: { effect: 'none', citation: 'Enforcement Decree Art 41: the 10 days run from receipt' },
      onMiss: 'breach',
      onMissCitation: 'PIPA Arts 35(3), 38(5) (the duty to give access; objections to a denial)',
    },
  ],
};
