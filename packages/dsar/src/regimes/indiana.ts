/**
 * @module
 * The Indiana Consumer Data Protection Act (IC 24-15), in force 1 January 2026: 45 days, once
 * extendable by 45 with notice within the first 45. Indiana's general rule on computing time was
 * not confirmed for this regime, so a last day on a weekend or holiday stays where it falls (the
 * earlier deadline).
 */

import { usState } from './common.js';

/** @internal Indiana Consumer Data Protection Act. */
export const INDIANA = /* @__PURE__ */ usState({
  id: 'indiana',
  name: 'Indiana Consumer Data Protection Act',
  jurisdiction: 'Indiana, USA',
  effectiveFrom: '2026-01-01',
  section: 'IC 24-15-3-1(c)(1)',
  counting:
    'IC 24-15-3-1(c)(1): "not later than forty-five (45) days after receipt" (the day of receipt is not counted)',
  noRoll:
    "Indiana's general computation rule was not confirmed: a last day on a weekend or holiday stays where it " +
    'falls (the earlier deadline)',
  extensionText:
    'IC 24-15-3-1(c)(1): may be extended once by an additional 45 days when reasonably necessary, taking into ' +
    "account the complexity and number of the consumer's requests, the consumer informed within the initial " +
    '45-day response period with the reason',
  evidence: 'text of IC 24-15-3-1 and the effective date from secondary copies (a statute deskbook, Counsel Stack)',
  appeal: 'IC 24-15-3-1(d) (appeal); Attorney General enforcement (IC 24-15)',
});
