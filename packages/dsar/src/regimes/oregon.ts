/**
 * @module
 * The Oregon Consumer Privacy Act (ORS 646A.570 to 646A.589), in force 1 July 2024 (for nonprofit
 * organisations from 1 July 2025): 45 days, extendable by 45 with notice within the first 45.
 * ORS 174.120, Oregon's computation rule, reaches only acts under the civil and criminal procedure
 * statutes and in the courts, so a last day on a weekend or holiday stays. A controller that tells
 * the consumer it cannot authenticate the request without more information need not comply until
 * the information arrives (ORS 646A.576(5)(d)): modelled as a stop of the clock.
 */

import { usState } from './common.js';

/** @internal Oregon Consumer Privacy Act. */
export const OREGON = /* @__PURE__ */ usState({
  id: 'oregon',
  name: 'Oregon Consumer Privacy Act',
  jurisdiction: 'Oregon, USA',
  effectiveFrom: '2024-07-01',
  section: 'ORS 646A.576(5)(a)',
  counting:
    'ORS 646A.576(5)(a): "not later than 45 days after receiving the request" (the day of receipt is not counted)',
  noRoll:
    'ORS 174.120(1)-(4) move a last day off a Saturday or legal holiday only for acts under the civil and criminal ' +
    "procedure statutes and in the courts: a controller's deadline stays where it falls",
  extensionText:
    'ORS 646A.576(5)(a): may be extended by an additional 45 days when reasonably necessary, given the complexity ' +
    "and number of the consumer's requests; a controller that intends to extend notifies the consumer within the " +
    'initial 45-day response period and explains the reason',
  // "Does not have to comply with the request until the consumer provides the information": the
  // duty is suspended, the period is not said to start again, so the days waited are set aside
  // (the earlier of the two readings that give the words effect).
  identityPause: {
    effect: 'stop',
    citation:
      'ORS 646A.576(5)(d): after notifying the consumer that the request cannot be authenticated without more ' +
      'information, the controller need not comply until the information is provided; the days from the request ' +
      'to the answer, both included, are not counted (the period is not restarted)',
  },
  evidence:
    'text of ORS 646A.576 from secondary copies (a statute deskbook, myctrl.tools); the 45 + 45 days and the ' +
    "effective date confirmed by the Oregon Department of Justice's business privacy FAQ",
  appeal: 'ORS 646A.576(6) (appeal decided within 45 days of its receipt), 646A.589 (Attorney General enforcement)',
});
