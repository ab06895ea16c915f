/**
 * @module
 * The New Hampshire Data Privacy Act (RSA ch 507-H), in force 1 January 2025: 45 days, extendable
 * by 45 with notice. New Hampshire's general rule on computing time was not confirmed for this
 * regime, so a last day on a weekend or holiday stays where it falls (the earlier deadline).
 */

import { usState } from './common.js';

/** @internal New Hampshire Data Privacy Act. */
export const NEW_HAMPSHIRE = /* @__PURE__ */ usState({
  id: 'new-hampshire',
  name: 'New Hampshire Data Privacy Act',
  jurisdiction: 'New Hampshire, USA',
  effectiveFrom: '2025-01-01',
  section: 'RSA 507-H:4',
  counting: 'RSA 507-H:4: 45 days after receipt of the request (the day of receipt is not counted)',
  noRoll:
    "New Hampshire's general computation rule was not confirmed: a last day on a weekend or holiday stays where " +
    'it falls (the earlier deadline)',
  extensionText:
    'RSA 507-H:4: may be extended by 45 additional days when reasonably necessary, the consumer informed of the ' +
    'extension and its reason within the initial 45-day period',
  evidence:
    "effective date from the New Hampshire Department of Justice; 45 + 45 days from the Attorney General's " +
    'guidance as reported and from secondary summaries; the subdivision and the notice timing were not read from ' +
    'the statute',
  appeal: 'RSA 507-H:4 (appeal); Attorney General enforcement (RSA 507-H)',
});
