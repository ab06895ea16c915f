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
  counting:
    'C.R.S. § 2-4-108: the first day is excluded; a last day on a Saturday, Sunday or legal holiday moves to the next business day',
  appeal: 'C.R.S. §§ 6-1-1306(3), 6-1-1311 (appeal; enforcement)',
});
