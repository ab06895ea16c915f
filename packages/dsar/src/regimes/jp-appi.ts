/**
 * @module
 * Japan's Act on the Protection of Personal Information (APPI, Act No 57 of 2003): a business
 * operator discloses retained personal data "without delay" (遅滞なく) once asked (art 33(2) since
 * 1 April 2022; art 28(2) from 30 May 2017, art 25(1) before), corrects after investigating
 * "without delay" (art 34(2)), and stops using or erases without delay where the request is well
 * founded (art 35). The Act sets no number of days, and none is invented here: a request is tracked
 * against the internal target you set for `jp-appi` (`options.targets`). Art 39(1) lets the person
 * sue only two weeks after the request reached the operator; that bars an earlier suit and is not a
 * response period, so it is not used as one. Modelled from 1 April 2005, when the operators' duties
 * took effect.
 */

import type { Regime } from '../regime.js';

/** @internal Japan APPI. */
export const JP_APPI: Regime = {
  id: 'jp-appi',
  name: 'Act on the Protection of Personal Information (Japan)',
  jurisdiction: 'Japan',
  rights: ['access', 'correction', 'cessation'],
  rules: [
    {
      effectiveFrom: '2005-04-01',
      period: { noFixedPeriod: 'without delay' },
      citation:
        'APPI art 33(2) (disclosure), art 34(2) (correction), art 35 (cessation and erasure): "without delay" ' +
        "(遅滞なく), no number of days [art 33 wording from the Personal Information Protection Commission's " +
        'General Guidelines 3-8-2 as quoted in secondary copies; earlier numbering (arts 25, 28) from secondary ' +
        'sources]',
      start: 'next-day',
      startCitation: 'Civil Code art 140: a period in days does not count the first day (applied to your target)',
      rollForward: false,
      rollForwardCitation:
        'The law sets no last day to move; the target is yours and is not moved (no Japanese holiday calendar ships)',
      identityPause: { effect: 'none', citation: 'APPI art 33(2): without delay once the request is received' },
      clarificationPause: { effect: 'none', citation: 'APPI art 33(2): without delay once the request is received' },
      onMiss: 'breach',
      onMissCitation:
        'APPI art 39(1) (a suit for disclosure may be brought two weeks after the request reached the operator); ' +
        'art 148 (recommendations and orders of the Personal Information Protection Commission)',
    },
  ],
};
