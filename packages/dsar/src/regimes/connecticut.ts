/**
 * @module
 * The Connecticut Data Privacy Act (Conn. Gen. Stat. § 42-515 ff.), in force 1 July 2023.
 */

import { usState } from './common.js';

/** @internal Connecticut DPA. */
export const CONNECTICUT = /* @__PURE__ */ usState({
  id: 'connecticut',
  name: 'Connecticut Data Privacy Act',
  jurisdiction: 'Connecticut, USA',
  effectiveFrom: '2023-07-01',
  section: 'Conn. Gen. Stat. § 42-518(c)(1)',
  counting:
    'Lamberti v. City of Stamford, 131 Conn. 396 (1944); Rutter v. Janis (Conn. 2020): the day of the act is excluded',
  noRoll:
    'Connecticut has no general computation statute; its roll-forward rules cover court filings and agency offices: ' +
    "a controller's deadline stays where it falls",
  appeal: 'Conn. Gen. Stat. §§ 42-518(d), 42-525 (appeal; Attorney General enforcement)',
});
