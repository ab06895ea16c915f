/**
 * @module
 * Argentina's Personal Data Protection Law No 25.326 (2000): access within ten calendar days
 * ("diez días corridos") of the request (art 14(2)); rectification, updating or erasure within five
 * business days ("cinco días hábiles") of the claim (art 16(2)). The Civil and Commercial Code art 6
 * counts days whole and continuous from the day after the event, without excluding non-working
 * days, so a ten-day period ending on a weekend or holiday is not moved. The five business days
 * skip Saturdays, Sundays and the national holidays of Ley 27.399. Modelled from 1 January 2018,
 * the first year of the shipped Argentine calendar; earlier receipts have no rule here. No
 * extension exists for either period; a miss opens the habeas data action (art 14(3), art 16(3)).
 */

import type { Regime } from '../regime.js';

/** @internal Argentina Ley 25.326. */
export const AR_PDPA: Regime = {
  id: 'ar-pdpa',
  name: 'Ley 25.326 de Protección de los Datos Personales (Argentina)',
  jurisdiction: 'Argentina',
  rights: ['access', 'rectification', 'erasure', 'updating'],
  rules: [
    {
      effectiveFrom: '2018-01-01',
      period: 'P10D',
      citation:
        'Ley 25.326 art 14(2): provide the information within ten calendar days ("diez días corridos") of being ' +
        'formally requested [arts 14(2) and 16(2) read in verbatim quotations in secondary copies; InfoLEG not ' +
        'read]',
      start: 'next-day',
      startCitation:
        'Código Civil y Comercial art 6: in periods fixed in days the day of the event is excluded; the count is of ' +
        'whole, continuous days',
      rollForward: false,
      rollForwardCitation:
        'Código Civil y Comercial art 6: non-working days are not excluded, so a last day on a weekend or holiday ' +
        'stays; business days (art 16(2)) skip Saturdays, Sundays and the feriados nacionales of Ley 27.399',
      calendar: 'ar',
      rightPeriods: {
        rectification: {
          period: { workingDays: 5 },
          citation: 'Ley 25.326 art 16(2): rectify, update or erase within five business days of the claim',
        },
        erasure: {
          period: { workingDays: 5 },
          citation: 'Ley 25.326 art 16(2): rectify, update or erase within five business days of the claim',
        },
        updating: {
          period: { workingDays: 5 },
          citation: 'Ley 25.326 art 16(2): rectify, update or erase within five business days of the claim',
        },
      },
      identityPause: { effect: 'none', citation: 'Ley 25.326 arts 14(2), 16(2): the periods run from the request' },
      clarificationPause: {
        effect: 'none',
        citation: 'Ley 25.326 arts 14(2), 16(2): the periods run from the request',
      },
      onMiss: 'breach',
      onMissCitation:
        'Ley 25.326 art 14(3), art 16(3): once the period lapses the habeas data action is open; art 31 (sanctions)',
    },
  ],
};
