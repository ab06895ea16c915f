/**
 * @module
 * The Tennessee Information Protection Act (Tenn. Code Ann. § 47-18-3301 ff.), in force 1 July
 * 2025: 45 days, once extendable by 45 with notice within the first 45. Tenn. Code Ann. § 1-3-102,
 * Tennessee's computation rule, could not be read from a copy of the Code for this regime, so a
 * last day on a weekend or holiday stays where it falls (the earlier deadline); the `us-tn`
 * calendar (§ 15-1-101) is ready for the roll-forward once the provision is confirmed.
 */

import { usState } from './common.js';

/** @internal Tennessee Information Protection Act. */
export const TENNESSEE = /* @__PURE__ */ usState({
  id: 'tennessee',
  name: 'Tennessee Information Protection Act',
  jurisdiction: 'Tennessee, USA',
  effectiveFrom: '2025-07-01',
  section: 'Tenn. Code Ann. § 47-18-3304(b)(1)',
  counting:
    'Tenn. Code Ann. § 47-18-3304(b)(1): "within forty-five (45) days of receipt" (the day of receipt is not counted)',
  noRoll:
    'Tenn. Code Ann. § 1-3-102 was not confirmed from a copy of the Code: a last day on a weekend or holiday stays ' +
    'where it falls (the earlier deadline)',
  extensionText:
    'Tenn. Code Ann. § 47-18-3304(b)(1): may be extended once by 45 additional days when reasonably necessary, ' +
    "taking into account the complexity and number of the consumer's requests, the consumer informed within the " +
    'initial 45-day response period with the reason',
  evidence: 'text of § 47-18-3304 and the effective date from secondary copies (a statute deskbook, Casetext)',
  appeal: 'Tenn. Code Ann. § 47-18-3304 (appeal); Attorney General enforcement (TIPA)',
});
