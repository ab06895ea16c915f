/**
 * @module
 * The EU General Data Protection Regulation: one month from receipt (Art 12(3)), counted under
 * Reg (EEC, Euratom) No 1182/71, extendable once by two months with notice in the first month.
 */

import type { Regime } from '../regime.js';
import { EEA_CALENDARS, EU_COUNTING, GDPR_EXTENSION, GDPR_RIGHTS } from './common.js';

/** @internal GDPR, in force from 25 May 2018 (Art 99(2)). */
export const GDPR: Regime = {
  id: 'gdpr',
  name: 'General Data Protection Regulation (EU) 2016/679',
  jurisdiction: 'EU/EEA',
  rights: GDPR_RIGHTS,
  rules: [
    {
      effectiveFrom: '2018-05-25',
      period: 'P1M',
      citation: 'GDPR Art 12(3): without undue delay and in any event within one month of receipt of the request',
      ...EU_COUNTING,
      // Art 3(4) rolls over the public holidays of the Member State concerned (Art 2(1)): the request
      // names its Member State's calendar; without one, a deadline stands only where all agree.
      calendars: EEA_CALENDARS,
      extension: {
        ...GDPR_EXTENSION,
        citation:
          'GDPR Art 12(3): may be extended by two further months; the subject informed within one month of receipt, ' +
          'with the reasons',
      },
      identityPause: {
        effect: 'none',
        citation:
          'GDPR Art 12(3) counts from receipt and no provision stops the clock (conservative reading; ' +
          'see EDPB Guidelines 01/2022 on the right of access, section 5.3 on timing)',
      },
      clarificationPause: { effect: 'none', citation: 'GDPR Art 12(3): no provision stops the clock' },
      onMiss: 'breach',
      onMissCitation: 'GDPR Art 12(3), Art 83(5)(b); complaint under Art 77',
    },
  ],
};
