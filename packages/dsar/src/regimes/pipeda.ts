/**
 * @module
 * Canada's Personal Information Protection and Electronic Documents Act: thirty days after
 * receipt (s 8(3)), extendable once by thirty days (s 8(4)); silence is a deemed refusal (s 8(5)).
 */

import type { Regime } from '../regime.js';

/**
 * @internal PIPEDA, Part 1 in force for all commercial activity from 1 January 2004 (s 30(1.1)); the
 * 2001 date covers federal works.
 */
export const PIPEDA: Regime = {
  id: 'pipeda',
  name: 'Personal Information Protection and Electronic Documents Act',
  jurisdiction: 'Canada (federal)',
  rights: ['access', 'correction'],
  rules: [
    {
      effectiveFrom: '2001-01-01',
      period: 'P30D',
      citation: 'PIPEDA s 8(3): respond not later than thirty days after receipt of the request',
      start: 'next-day',
      startCitation: 'Interpretation Act (R.S.C. 1985, c. I-21) s 27(2): "after" a day excludes that day',
      rollForward: true,
      calendar: 'ca',
      rollForwardCitation:
        'Interpretation Act s 26: a time limit expiring on a holiday runs to the next day that is not a holiday; ' +
        's 35(1): Sundays and the listed federal holidays, not Saturdays',
      extension: {
        period: 'P30D',
        times: 1,
        noticeWithinFirstPeriod: true,
        upTo: true,
        citation:
          'PIPEDA s 8(4): extendable by no more than thirty days, with notice within thirty days of receipt ' +
          'and the right to complain',
      },
      identityPause: { effect: 'none', citation: 'PIPEDA s 8(3)' },
      clarificationPause: { effect: 'none', citation: 'PIPEDA s 8(3)' },
      onMiss: 'deemed-refusal',
      onMissCitation: 'PIPEDA s 8(5): failure to respond within the time limit is deemed a refusal',
    },
  ],
};
