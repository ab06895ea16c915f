/**
 * @module
 * Colombia's Statutory Law 1581 of 2012 (Ley Estatutaria de Protección de Datos Personales), in
 * force from its promulgation on 18 October 2012 (art 30): a query ("consulta", the right of access)
 * is answered within ten business days of its receipt, extendable by no more than five business
 * days after the first period with notice of the reasons and the new date (art 14); a claim
 * ("reclamo": correction, update, erasure, revocation of consent) within fifteen business days from
 * the day after receipt (art 15(3)). Business days skip Sundays and the holidays of Ley 51 de 1983;
 * Saturday is counted (Ley 4 de 1913 art 62 removes only holidays: the earlier reading).
 * Not modelled, each giving a later deadline: the claim's own extension of up to eight business days
 * (art 15(3); the regime DSL extends the main period only), and the restart of a claim's period when
 * an incomplete claim is completed (art 15(1)).
 */

import type { Regime } from '../regime.js';

const CLAIM = {
  period: { workingDays: 15 },
  citation:
    'Ley 1581 de 2012 art 15(3): answer a claim within fifteen business days from the day after its receipt ' +
    '(its extension of up to eight business days is not modelled: the earlier deadline)',
} as const;

/** @internal Colombia Ley 1581 de 2012. */
export const CO_HABEAS_DATA: Regime = {
  id: 'co-habeas-data',
  name: 'Ley Estatutaria 1581 de 2012 (Colombia)',
  jurisdiction: 'Colombia',
  rights: ['access', 'rectification', 'updating', 'erasure', 'revocation'],
  rules: [
    {
      effectiveFrom: '2012-10-18',
      period: { workingDays: 10 },
      citation:
        'Ley 1581 de 2012 art 14: a query is answered within ten business days of its receipt, extendable by up ' +
        'to five [arts 14 and 15(3) read in verbatim quotations in secondary copies; Diario Oficial 48.587 and ' +
        'art 30 not read]',
      start: 'next-day',
      startCitation:
        'Ley 1581 de 2012 art 15(3) counts from the day after receipt; art 14 ("a partir de la fecha de recibo") ' +
        'is read the same way, business days being counted from the next business day',
      rollForward: true,
      rollForwardCitation:
        'Business days end on a business day: Ley 4 de 1913 art 62 removes holidays ("feriados y vacantes") from ' +
        'periods in days; Sundays and the holidays of Ley 51 de 1983',
      calendar: 'co',
      rightPeriods: { rectification: CLAIM, updating: CLAIM, erasure: CLAIM, revocation: CLAIM },
      extension: {
        period: { workingDays: 5 },
        times: 1,
        noticeWithinFirstPeriod: true,
        upTo: true,
        citation:
          'Ley 1581 de 2012 art 14: where the query cannot be answered in time, the data subject is told the reasons ' +
          'and the date of the answer, which may not exceed five business days after the first period',
      },
      identityPause: { effect: 'none', citation: 'Ley 1581 de 2012 art 14: the period runs from receipt' },
      clarificationPause: {
        effect: 'none',
        citation:
          'Ley 1581 de 2012 art 14 (queries run from receipt); art 15(1) (an incomplete claim: not modelled, the ' +
          'earlier deadline)',
      },
      onMiss: 'breach',
      onMissCitation:
        'Ley 1581 de 2012 art 16 (complaint to the Superintendencia de Industria y Comercio after the query or ' +
        'claim); art 23 (sanctions)',
    },
  ],
};
