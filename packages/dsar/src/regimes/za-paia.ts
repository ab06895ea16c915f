/**
 * @module
 * South Africa's Promotion of Access to Information Act 2 of 2000 (PAIA), in force 9 March 2001: a
 * request for access to a record, such as a data subject's request for the record of their own
 * personal information (the procedure POPIA s 25 points to), is decided within 30 days after it is
 * received (s 56(1) for private bodies; s 25(1) for public bodies), extendable once by not more than
 * 30 days with notice within the first 30 (ss 57, 26); an undecided request is deemed refused
 * (ss 58, 27). The Interpretation Act 33 of 1957 s 4 excludes the first day and moves a last day on
 * a Sunday or public holiday (not a Saturday) to the next day. POPIA s 23(1)(b) itself asks for the
 * record "within a reasonable time", which sets no number: this regime is PAIA's period, not one
 * invented for POPIA. Not modelled: third-party notice (s 71), which PAIA's deadlines count around.
 */

import type { Regime } from '../regime.js';

/** @internal PAIA, requests for records. */
export const ZA_PAIA: Regime = {
  id: 'za-paia',
  name: 'Promotion of Access to Information Act 2 of 2000 (South Africa)',
  jurisdiction: 'South Africa',
  rights: ['access'],
  rules: [
    {
      effectiveFrom: '2001-03-09',
      period: 'P30D',
      citation:
        'PAIA s 56(1) (private bodies), s 25(1) (public bodies): decide and notify as soon as reasonably possible, ' +
        'but in any event within 30 days after the request is received [s 25 from the Government Gazette text ' +
        '(No. 20852, 3 February 2000, Wikisource); s 56 and the commencement date not retrieved: check them]',
      start: 'next-day',
      startCitation: 'Interpretation Act 33 of 1957 s 4: days are reckoned exclusively of the first day',
      rollForward: true,
      rollForwardCitation:
        'Interpretation Act 33 of 1957 s 4: a last day on a Sunday or public holiday is excluded as well; Saturday ' +
        'is not (Public Holidays Act 36 of 1994)',
      calendar: 'za',
      extension: {
        period: 'P30D',
        times: 1,
        noticeWithinFirstPeriod: true,
        upTo: true,
        citation:
          'PAIA s 57(1)-(2) (private bodies), s 26(1)-(2) (public bodies): extendable once for a further period of ' +
          'not more than 30 days, the requester notified within 30 days after the request is received',
      },
      identityPause: { effect: 'none', citation: 'PAIA s 56(1): the 30 days run from receipt' },
      clarificationPause: { effect: 'none', citation: 'PAIA s 56(1): the 30 days run from receipt' },
      onMiss: 'deemed-refusal',
      onMissCitation:
        'PAIA s 58 (private bodies), s 27 (public bodies): a failure to decide within the period is regarded as a ' +
        'refusal',
    },
  ],
};
