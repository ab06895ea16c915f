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
    'General rule of computation: the day of receipt is excluded; a last day on a weekend or holiday moves to the next business day',
  appeal: 'Conn. Gen. Stat. §§ 42-518(d), 42-525 (appeal; Attorney General enforcement)',
});
