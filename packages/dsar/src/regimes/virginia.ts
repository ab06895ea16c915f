/**
 * @module
 * The Virginia Consumer Data Protection Act (Va. Code § 59.1-575 ff.), in force 1 January 2023.
 */

import { usState } from './common.js';

/** @internal Virginia CDPA. */
export const VIRGINIA = /* @__PURE__ */ usState({
  id: 'virginia',
  name: 'Virginia Consumer Data Protection Act',
  jurisdiction: 'Virginia, USA',
  effectiveFrom: '2023-01-01',
  section: 'Va. Code § 59.1-577(B)(1)',
  counting:
    'Va. Code § 1-210: the first day is excluded; a last day on a Saturday, Sunday or legal holiday moves to the next business day',
  appeal: 'Va. Code §§ 59.1-577(C), 59.1-584 (appeal; Attorney General enforcement)',
});
