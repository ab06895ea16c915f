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
  counting: 'Va. Code § 1-210(A): the day of the event is not counted',
  noRoll:
    'Va. Code § 1-210(B), (C), (E) move a last day off a weekend or holiday only in judicial proceedings, ' +
    "for bringing an action and at a closed government office: a controller's deadline stays where it falls",
  extensionText:
    'Va. Code § 59.1-577(B)(1): may be extended once by 45 additional days when reasonably necessary, ' +
    'the consumer informed within the initial 45-day period with the reason',
  evidence: 'effective date from secondary sources',
  appeal: 'Va. Code §§ 59.1-577(C), 59.1-584 (appeal; Attorney General enforcement)',
});
