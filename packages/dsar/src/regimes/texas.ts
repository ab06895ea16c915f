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
  counting: "Tex. Gov't Code § 311.014(a): the first day is excluded and the last included",
  roll: {
    calendar: 'us-tx',
    citation:
      "Tex. Gov't Code § 311.014(b): a last day on a Saturday, Sunday or legal holiday (§ 662.021) " +
      'extends to the next day that is none of them',
  },
  extensionText:
    'Tex. Bus. & Com. Code § 541.052(b): may be extended once by an additional 45 days when reasonably necessary, ' +
    'the consumer informed within the initial 45-day period with the reason',
  evidence: "effective date and the text of Gov't Code § 311.014 from secondary sources",
  appeal: 'Tex. Bus. & Com. Code §§ 541.053, 541.151 (appeal; Attorney General enforcement)',
});
