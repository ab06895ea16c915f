/**
 * @module
 * The Montana Consumer Data Privacy Act (MCA § 30-14-2801 ff.), in force 1 October 2024: 45 days,
 * extendable by 45 with notice within the first 45. MCA § 1-1-306 counts the time for "any act
 * provided by law" and excludes a last day that is a holiday; Sundays and the days of MCA § 1-1-216
 * are holidays, Saturdays are not, so a Saturday last day stays (§ 1-1-307, on an act appointed for
 * a particular day, is not read into a period: the earlier deadline). The 2025 amendments (SB 297)
 * were not checked for changes to the period and are not modelled.
 */

import { usState } from './common.js';

/** @internal Montana Consumer Data Privacy Act. */
export const MONTANA = /* @__PURE__ */ usState({
  id: 'montana',
  name: 'Montana Consumer Data Privacy Act',
  jurisdiction: 'Montana, USA',
  effectiveFrom: '2024-10-01',
  section: 'MCA § 30-14-2808(4)(a)',
  counting:
    'MCA § 1-1-306: the time in which an act provided by law is to be done excludes the first day, includes the last',
  roll: {
    calendar: 'us-mt',
    citation:
      'MCA § 1-1-306: a last day that is a holiday is also excluded; holidays are each Sunday and the days of ' +
      'MCA § 1-1-216 (Saturday is not one)',
  },
  extensionText:
    'MCA § 30-14-2808(4)(a): may be extended by 45 additional days when reasonably necessary, considering the ' +
    "complexity and number of the consumer's requests, the consumer informed within the initial 45-day response " +
    'period with the reason',
  evidence: 'text of §§ 30-14-2808 and 1-1-306 from secondary copies (a statute deskbook, LawServer, getpocketlaw)',
  appeal: 'MCA § 30-14-2808 (appeal); Attorney General enforcement after a notice of violation (MCDPA s 12)',
});
