/**
 * @module
 * The Kentucky Consumer Data Protection Act (KRS 367.3611 to 367.3629, 2024 Ky. Acts ch. 72, SB 15),
 * in force 1 January 2026: 45 days, extendable once by 45 with notice and the reason within the
 * first 45 (KRS 367.3615). KRS 446.030(1)(a) computes any period "prescribed or allowed ... by any
 * applicable statute": the first day is excluded and a last day on a Saturday, Sunday or legal
 * holiday runs to the next day that is none of these. The holidays are those of KRS 2.110(1), on
 * the dates it names.
 */

import { usState } from './common.js';

/** @internal Kentucky Consumer Data Protection Act. */
export const KENTUCKY = /* @__PURE__ */ usState({
  id: 'kentucky',
  name: 'Kentucky Consumer Data Protection Act',
  jurisdiction: 'Kentucky, USA',
  effectiveFrom: '2026-01-01',
  section: 'KRS 367.3615',
  counting: 'KRS 446.030(1)(a): the day of the event after which the period runs is not included',
  roll: {
    calendar: 'us-ky',
    citation:
      'KRS 446.030(1)(a): a last day on a Saturday, Sunday or legal holiday runs until the end of the next day ' +
      'that is none of them; the holidays of KRS 2.110(1)',
  },
  extensionText:
    'KRS 367.3615: may be extended once by 45 additional days when reasonably necessary, taking into account the ' +
    "complexity and number of the consumer's requests, the consumer informed within the initial 45-day period " +
    'with the reason',
  evidence:
    'KRS 367.3615 rights from a copy of the section (self-law.org); 45 + 45 days, the notice and the effective date ' +
    'from secondary summaries (National Law Review, Revision Legal); KRS 446.030 and 2.110 from secondary copies',
  appeal: 'KRS 367.3615 (appeal); KRS 367.3629 (Attorney General enforcement after a 30-day cure notice)',
});
