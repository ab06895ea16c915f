/**
 * @module
 * The Colorado Privacy Act (C.R.S. § 6-1-1301 ff.), in force 1 July 2023.
 */

import { usState } from './common.js';

/** @internal Colorado Privacy Act. */
export const COLORADO = /* @__PURE__ */ usState({
  id: 'colorado',
  name: 'Colorado Privacy Act',
  jurisdiction: 'Colorado, USA',
  effectiveFrom: '2023-07-01',
  section: 'C.R.S. § 6-1-1306(2)(a)',
  counting: 'C.R.S. § 2-4-108(1): the first day is excluded and the last included',
  roll: {
    calendar: 'us-co',
    citation:
      'C.R.S. § 2-4-108(2): a last day on a Saturday, Sunday or legal holiday (C.R.S. § 24-11-101) ' +
      'extends to the next day that is none of them',
  },
  evidence: 'the wording of § 6-1-1306(2) from secondary sources; C.R.S. § 2-4-108 primary',
  appeal: 'C.R.S. §§ 6-1-1306(3), 6-1-1311 (appeal; enforcement)',
});
