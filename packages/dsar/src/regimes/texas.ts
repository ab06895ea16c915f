/**
 * @module
 * The Texas Data Privacy and Security Act (Tex. Bus. & Com. Code ch 541), in force 1 July 2024.
 */

import { usState } from './common.js';

/** @internal Texas DPSA. */
export const TEXAS = /* @__PURE__ */ usState({
  id: 'texas',
  name: 'Texas Data Privacy and Security Act',
  jurisdiction: 'Texas, USA',
  effectiveFrom: '2024-07-01',
  section: 'Tex. Bus. & Com. Code § 541.052(b)',
  counting:
    "Tex. Gov't Code § 311.014: the first day is excluded; a last day on a Saturday, Sunday or legal holiday moves to the next day that is not",
  appeal: 'Tex. Bus. & Com. Code §§ 541.053, 541.151 (appeal; Attorney General enforcement)',
});
