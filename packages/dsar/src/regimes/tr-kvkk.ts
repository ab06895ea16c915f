/**
 * @module
 * Turkey's Law No 6698 on the Protection of Personal Data (KVKK): the controller concludes an
 * application "as soon as possible and at the latest within thirty days" (art 13(2)), free of
 * charge unless the Board's tariff applies. Art 13 took effect six months after publication in the
 * Official Gazette of 7 April 2016 (art 32(b)), on 7 October 2016. The first day is not counted.
 * No Turkish holiday calendar ships and no rule moving a controller's statutory deadline off a
 * holiday was confirmed (Turkish Code of Obligations art 93 concerns contractual performance), so a
 * last day on a weekend or holiday stays (the earlier deadline). The law provides no extension; an
 * unanswered application may be taken to the Board (art 14).
 */

import type { Regime } from '../regime.js';

/** @internal Turkey KVKK. */
export const TR_KVKK: Regime = {
  id: 'tr-kvkk',
  name: 'Law No 6698 on the Protection of Personal Data (Türkiye)',
  jurisdiction: 'Türkiye',
  rights: ['access', 'rectification', 'erasure', 'objection'],
  rules: [
    {
      effectiveFrom: '2016-10-07',
      period: 'P30D',
      citation:
        'KVKK art 13(2): the controller concludes the requests in the application as soon as possible and at the ' +
        'latest within thirty days, free of charge [Turkish text from secondary copies (law firm and DPO pages); ' +
        'in force six months after publication under art 32, from secondary sources]',
      start: 'next-day',
      startCitation:
        'Code of Civil Procedure No 6100 art 92(1), the general Turkish rule for periods in days: the period runs ' +
        'from the end of the day on which it starts [not retrieved: check it]',
      rollForward: false,
      rollForwardCitation:
        "No rule moving a controller's statutory deadline off a weekend or holiday was confirmed and no Turkish " +
        'holiday calendar ships: a last day on a weekend or holiday stays (the earlier deadline)',
      identityPause: { effect: 'none', citation: 'KVKK art 13(2): the thirty days run from the application' },
      clarificationPause: { effect: 'none', citation: 'KVKK art 13(2): the thirty days run from the application' },
      onMiss: 'breach',
      onMissCitation:
        'KVKK art 14(1): an application not answered in time may be brought to the Board within thirty days, and ' +
        'in any case sixty days from the application; art 18 (sanctions)',
    },
  ],
};
