/**
 * @module
 * Québec's Act respecting the protection of personal information in the private sector, as
 * amended by Law 25: 30 days (s 32), silence a deemed refusal.
 */

import type { Regime } from '../regime.js';

/** @internal Québec P-39.1. */
export const QUEBEC: Regime = {
  id: 'quebec',
  name: 'Act respecting the protection of personal information in the private sector (as amended by Law 25)',
  jurisdiction: 'Québec, Canada',
  rights: ['access', 'rectification', 'portability', 'de-indexation', 'withdrawal-of-consent'],
  rules: [
    {
      // s 32 has set 30 days since the Act came into force on 1 January 1994; Law 25 (SQ 2021,
      // c 25) kept the period and the deemed refusal.
      effectiveFrom: '1994-01-01',
      period: 'P30D',
      citation:
        'Private Sector Act (CQLR c P-39.1) s 32: respond within 30 days of receipt (as amended by Law 25, SQ 2021, ' +
        'c 25)',
      start: 'next-day',
      startCitation: 'P-39.1 s 32: within 30 days of the date of receipt, the day of receipt not counted',
      rollForward: true,
      calendar: 'ca-qc',
      rollForwardCitation:
        'Interpretation Act (CQLR c I-16) s 52: a period ending on a holiday (s 61(23): ' +
        'Sundays and the listed days, not Saturdays) is extended to the next working day; ' +
        'only a registry-office limit also moves off a Saturday',
      identityPause: { effect: 'none', citation: 'Private Sector Act s 32' },
      clarificationPause: { effect: 'none', citation: 'Private Sector Act s 32' },
      onMiss: 'deemed-refusal',
      onMissCitation: 'Private Sector Act s 32: a person who does not respond within 30 days is deemed to have refused',
    },
  ],
};
