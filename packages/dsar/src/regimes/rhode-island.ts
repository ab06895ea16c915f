/**
 * @module
 * The Rhode Island Data Transparency and Privacy Protection Act (R.I. Gen. Laws ch 6-48.1), in
 * force 1 January 2026: 45 days, extendable by 45 with notice within the first 45. The response
 * duties of § 6-48.1-6 reach for-profit entities over its thresholds (35,000 customers, or 10,000
 * and 20% of revenue from sales); the Act says "customer" where the other state laws say
 * "consumer". Rhode Island's general rule on computing time was not confirmed for this regime, so a
 * last day on a weekend or holiday stays where it falls (the earlier deadline).
 */

import { usState } from './common.js';

/** @internal Rhode Island Data Transparency and Privacy Protection Act. */
export const RHODE_ISLAND = /* @__PURE__ */ usState({
  id: 'rhode-island',
  name: 'Rhode Island Data Transparency and Privacy Protection Act',
  jurisdiction: 'Rhode Island, USA',
  effectiveFrom: '2026-01-01',
  section: 'R.I. Gen. Laws § 6-48.1-6(b)(1)',
  counting: 'R.I. Gen. Laws § 6-48.1-6(b)(1): "not later than forty-five (45) days after receipt of the request"',
  noRoll:
    "Rhode Island's general computation rule was not confirmed: a last day on a weekend or holiday stays where it " +
    'falls (the earlier deadline)',
  extensionText:
    'R.I. Gen. Laws § 6-48.1-6(b)(1): may be extended by 45 additional days when reasonably necessary, considering ' +
    "the complexity and number of the customer's requests, the customer informed within the initial 45-day " +
    'response period with the reason',
  evidence: "text of § 6-48.1-6 and the effective date from the General Assembly's official copy of the General Laws",
  appeal: 'R.I. Gen. Laws §§ 6-48.1-6(b)(2) (refusal with instructions to appeal), 6-48.1-8 (Attorney General)',
});
