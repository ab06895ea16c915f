/**
 * @module
 * The Delaware Personal Data Privacy Act (6 Del. C. ch 12D), in force 1 January 2025: 45 days,
 * extendable by 45 with notice within the first 45. Delaware's general rule on computing time was
 * not confirmed for this regime, so a last day on a weekend or holiday stays where it falls (the
 * earlier deadline).
 */

import { usState } from './common.js';

/** @internal Delaware Personal Data Privacy Act. */
export const DELAWARE = /* @__PURE__ */ usState({
  id: 'delaware',
  name: 'Delaware Personal Data Privacy Act',
  jurisdiction: 'Delaware, USA',
  effectiveFrom: '2025-01-01',
  section: '6 Del. C. § 12D-104(c)(1)',
  counting:
    '6 Del. C. § 12D-104(c)(1): "not later than 45 days after receipt of the request" (receipt day not counted)',
  noRoll:
    "Delaware's general computation rule was not confirmed: a last day on a weekend or holiday stays where it " +
    'falls (the earlier deadline)',
  extensionText:
    '6 Del. C. § 12D-104(c)(1): may be extended by 45 additional days when reasonably necessary, considering the ' +
    "complexity and number of the consumer's requests, the consumer informed within the initial 45-day response " +
    'period with the reason',
  evidence:
    'text of § 12D-104 from a statute deskbook (secondary copy); effective date from the Delaware Department of ' +
    "Justice's FAQ",
  appeal: '6 Del. C. § 12D-104(d) (appeal decided within 60 days of its receipt); Department of Justice enforcement',
});
