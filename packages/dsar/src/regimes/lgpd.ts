/**
 * @module
 * Brazil's Lei Geral de Proteção de Dados: a complete declaration within 15 days (Art 19(II)),
 * counted under the Civil Code (Art 132).
 */

import type { Regime } from '../regime.js';

/** @internal LGPD; its data-subject rights apply from 18 September 2020. */
export const LGPD: Regime = {
  id: 'lgpd',
  name: 'Lei Geral de Proteção de Dados (Lei 13.709/2018)',
  jurisdiction: 'Brazil',
  rights: [
    'confirmation',
    'access',
    'correction',
    'anonymization-blocking-deletion',
    'portability',
    'deletion',
    'information-sharing',
    'consent-revocation',
    'review-automated-decision',
  ],
  rules: [
    {
      effectiveFrom: '2020-09-18',
      period: 'P15D',
      citation: "LGPD Art 19(II): a complete declaration within 15 days from the data subject's request",
      start: 'next-day',
      startCitation: 'Código Civil Art 132: the day of the start is excluded and the day of the end included',
      rollForward: true,
      calendar: 'br',
      rollForwardCitation:
        'Código Civil Art 132 §1: a period ending on a holiday runs to the next business day (Saturdays and Sundays ' +
        'are not business days); national holidays only, state and municipal ones are yours to add',
      identityPause: { effect: 'none', citation: 'LGPD Art 19' },
      clarificationPause: { effect: 'none', citation: 'LGPD Art 19' },
      onMiss: 'breach',
      onMissCitation: 'LGPD Arts 18 §1, 52 (petition to the ANPD; administrative sanctions)',
    },
  ],
};
