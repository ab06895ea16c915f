/**
 * @module
 * The Iowa Consumer Data Protection Act (Iowa Code ch 715D), in force 1 January 2025: 90 days,
 * once extendable by 45 with notice within the first 90, the longest first period of the US state
 * laws. Iowa's general computation rule (Iowa Code § 4.1(34)) could not be read from a copy of the
 * Code for this regime, so a last day on a weekend or holiday stays where it falls (the earlier
 * deadline) until it is.
 */

import { usState } from './common.js';

/** @internal Iowa Consumer Data Protection Act. */
export const IOWA = /* @__PURE__ */ usState({
  id: 'iowa',
  name: 'Iowa Consumer Data Protection Act',
  jurisdiction: 'Iowa, USA',
  effectiveFrom: '2025-01-01',
  section: 'Iowa Code § 715D.3(2)',
  period: 'P90D',
  counting: 'Iowa Code § 715D.3(2): "within ninety days of receipt" (the day of receipt is not counted)',
  noRoll:
    'Iowa Code § 4.1(34) was not confirmed from a copy of the Code: a last day on a weekend or holiday stays ' +
    'where it falls (the earlier deadline)',
  extensionText:
    'Iowa Code § 715D.3(2): may be extended once by an additional 45 days when reasonably necessary, the consumer ' +
    'informed of the extension and its reason within the initial 90-day period',
  evidence:
    'wording of § 715D.3(2) from secondary sources (a compliance checklist, law-firm and legal-information ' +
    'summaries); effective date from the same',
  appeal:
    'Iowa Code §§ 715D.3(3) (appeal decided within 60 days of its receipt), 715D.8 (Attorney General enforcement)',
});
