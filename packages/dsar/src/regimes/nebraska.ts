/**
 * @module
 * The Nebraska Data Privacy Act (Neb. Rev. Stat. § 87-1101 ff.), in force 1 January 2025: 45 days,
 * once extendable by 45 with notice within the first 45. Nebraska's general rule on computing time
 * was not confirmed for this regime, so a last day on a weekend or holiday stays where it falls
 * (the earlier deadline).
 */

import { usState } from './common.js';

/** @internal Nebraska Data Privacy Act. */
export const NEBRASKA = /* @__PURE__ */ usState({
  id: 'nebraska',
  name: 'Nebraska Data Privacy Act',
  jurisdiction: 'Nebraska, USA',
  effectiveFrom: '2025-01-01',
  section: 'Neb. Rev. Stat. § 87-1108(2)',
  counting:
    'Neb. Rev. Stat. § 87-1108(2): "within forty-five days after the date of receipt" (receipt day not counted)',
  noRoll:
    "Nebraska's general computation rule was not confirmed: a last day on a weekend or holiday stays where it " +
    'falls (the earlier deadline)',
  extensionText:
    'Neb. Rev. Stat. § 87-1108(2): may be extended once by an additional 45 days when reasonably necessary, ' +
    "taking into account the complexity and number of the consumer's requests, the consumer informed within the " +
    'initial 45-day response period with the reason',
  evidence: 'text of § 87-1108 from secondary copies (FindLaw, self-law.org); effective date from secondary sources',
  appeal: 'Neb. Rev. Stat. §§ 87-1108(3), 87-1109 (refusal and appeal); Attorney General enforcement',
});
