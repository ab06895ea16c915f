/**
 * @module
 * The New Jersey Data Privacy Act (N.J.S.A. 56:8-166.4 ff., P.L.2023, c.266), in force 15 January
 * 2025: 45 days, extendable by 45 with notice within the first 45. New Jersey's general rule on
 * computing time was not confirmed for this regime, so a last day on a weekend or holiday stays
 * where it falls (the earlier deadline). Section 166.7(b) leaves out personal data collected
 * before the effective date and not processed since; that scoping is the controller's to apply.
 */

import { usState } from './common.js';

/** @internal New Jersey Data Privacy Act. */
export const NEW_JERSEY = /* @__PURE__ */ usState({
  id: 'new-jersey',
  name: 'New Jersey Data Privacy Act',
  jurisdiction: 'New Jersey, USA',
  effectiveFrom: '2025-01-15',
  section: 'N.J.S.A. 56:8-166.7(a)',
  counting:
    'N.J.S.A. 56:8-166.7(a): "within 45 days of the controller\'s receipt of the request" (receipt day not counted)',
  noRoll:
    "New Jersey's general computation rule was not confirmed: a last day on a weekend or holiday stays where it " +
    'falls (the earlier deadline)',
  extensionText:
    'N.J.S.A. 56:8-166.7(a): may be extended by 45 additional days where reasonably necessary, considering the ' +
    "complexity and number of the consumer's requests, the consumer informed within the initial 45-day response " +
    'period with the reason',
  evidence: 'text of § 56:8-166.7 and the effective date from secondary copies (Casetext, a statute deskbook)',
  appeal:
    'N.J.S.A. 56:8-166.7(c) (refusal with instructions to appeal); Attorney General enforcement (P.L.2023, c.266)',
});
