/**
 * @module
 * New Zealand's Privacy Act 2020, in force 1 December 2020: an agency decides an access or
 * correction request as soon as reasonably practicable and within 20 working days after the day it
 * is received (s 44 for access; the correction time limits to which s 65 refers), and may extend
 * that limit for a reasonable period, by a notice given within the 20 working days that names the
 * period and the reasons (s 48 for access, s 65 for correction): the agency names the date. Working
 * days are those of s 7 (no weekends, Waitangi Day, Good Friday, Easter Monday, Anzac Day, the
 * Sovereign's birthday, Matariki, Labour Day, or 25 December to 15 January), the `nz-working-day`
 * calendar. Requests made under the Privacy Act 1993 (s 40, the same 20 working days) are not
 * modelled; a receipt before 1 December 2020 has no rule in force.
 */

import type { Regime } from '../regime.js';

/** @internal New Zealand Privacy Act 2020. */
export const NZ_PRIVACY_ACT: Regime = {
  id: 'nz-privacy-act',
  name: 'Privacy Act 2020 (New Zealand)',
  jurisdiction: 'New Zealand',
  rights: ['access', 'correction'],
  rules: [
    {
      effectiveFrom: '2020-12-01',
      period: { workingDays: 20 },
      citation:
        'Privacy Act 2020 s 44 (access) and the correction time limits (ss 62-65): as soon as reasonably ' +
        'practicable, and not later than 20 working days after the day on which the request is received ' +
        '[s 44 read through its source, Privacy Act 1993 s 40(1) (official text), and the OPC guidance]',
      start: 'next-day',
      startCitation: 'Privacy Act 2020 s 44: "after the day on which the request is received"; s 7 "working day"',
      rollForward: false,
      rollForwardCitation: 'A period of working days ends on a working day (s 7): there is nothing to roll',
      calendar: 'nz-working-day',
      extension: {
        times: 1,
        noticeWithinFirstPeriod: true,
        citation:
          'Privacy Act 2020 ss 48 (access), 65 (correction): the time limit may be extended for a reasonable ' +
          'period where the request is for a large quantity of information, needs consultations or is complex, ' +
          'by notice within 20 working days after receipt stating the period and the reasons [s 65 from a ' +
          'plain-language copy of the Act; s 48 is its access counterpart]',
      },
      identityPause: { effect: 'none', citation: 'Privacy Act 2020 s 44: the time limit runs from receipt' },
      clarificationPause: { effect: 'none', citation: 'Privacy Act 2020 s 44: the time limit runs from receipt' },
      onMiss: 'breach',
      onMissCitation:
        'Privacy Act 2020 s 69 (failing to answer, or undue delay, is an interference with privacy); Part 5 ' +
        '(complaints to the Privacy Commissioner)',
    },
  ],
};
