/**
 * @module
 * The UK GDPR and the Data Protection Act 2018: one month, with ICO guidance on clock stops until
 * Art 12A (inserted by the Data (Use and Access) Act 2025 s 76) put the "relevant time" and the
 * stopped days into the statute from 5 February 2026.
 */

import type { Regime } from '../regime.js';
import { EU_COUNTING, GDPR_EXTENSION, GDPR_RIGHTS } from './common.js';

// Bank holidays differ between England and Wales, Scotland and Northern Ireland.
const UK_CALENDARS = ['gb-eaw', 'gb-sct', 'gb-nir'] as const;

/** @internal UK GDPR, from the end of the transition period (1 January 2021). */
export const UK_GDPR: Regime = {
  id: 'uk-gdpr',
  name: 'UK GDPR and Data Protection Act 2018',
  jurisdiction: 'United Kingdom',
  rights: GDPR_RIGHTS,
  rules: [
    {
      effectiveFrom: '2021-01-01',
      period: 'P1M',
      citation: 'UK GDPR Art 12(3): within one month of receipt of the request',
      ...EU_COUNTING,
      startCitation:
        'Reg 1182/71 Art 3 (assimilated law); ICO guidance: respond by the corresponding calendar date, ' +
        'else the last day of the next month',
      calendars: UK_CALENDARS,
      extension: {
        ...GDPR_EXTENSION,
        citation: 'UK GDPR Art 12(3): two further months where necessary, subject told within one month',
      },
      identityPause: {
        effect: 'restart',
        citation:
          'UK GDPR Art 12(6) and DPA 2018 s 54(3) as applied by ICO guidance: the time limit starts when ' +
          'the identity information is received',
      },
      clarificationPause: {
        effect: 'stop',
        citation: 'ICO guidance on the right of access ("stopping the clock" when asking for clarification)',
      },
      onMiss: 'breach',
      onMissCitation: 'UK GDPR Art 12(3), Art 83(5)(b)',
    },
    {
      // Data (Use and Access) Act 2025 s 76 inserted Art 12A; in force 5 February 2026
      // (The Data (Use and Access) Act 2025 (Commencement No. 6 …) Regulations 2026, SI 2026/82, reg 2).
      effectiveFrom: '2026-02-05',
      period: 'P1M',
      citation:
        'UK GDPR Art 12A(2): one month beginning with the relevant time (inserted by the Data (Use and Access) ' +
        'Act 2025 s 76)',
      ...EU_COUNTING,
      startCitation:
        'Reg 1182/71 Art 3 (assimilated law); ICO guidance: the corresponding calendar date, ' +
        'else the last day of the next month',
      calendars: UK_CALENDARS,
      extension: {
        ...GDPR_EXTENSION,
        citation:
          'UK GDPR Art 12A(3)–(4): two further months by notice given within one month of the relevant time, ' +
          'with reasons',
      },
      identityPause: {
        effect: 'restart',
        citation:
          'UK GDPR Art 12A(2): the relevant time is the latest of receipt, receipt of identity information ' +
          '(Art 12(6)) and payment of a fee',
      },
      clarificationPause: {
        effect: 'stop',
        citation: 'UK GDPR Art 12A(5)–(6): the days from asking for further information to receiving it do not count',
      },
      onMiss: 'breach',
      onMissCitation: 'UK GDPR Art 12(3), Art 83(5)(b)',
    },
  ],
};
