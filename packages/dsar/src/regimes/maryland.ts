/**
 * @module
 * The Maryland Online Data Privacy Act of 2024 (Md. Code, Com. Law §§ 14-4601 to 14-4614, 2024 Md.
 * Laws ch. 455, SB 541), in force 1 October 2025: 45 days, extendable once by 45 with notice and the
 * reason within the first 45. The rule applies from the Act's effective date, not from 1 April 2026
 * (the date from which the Act reaches processing activities, uncodified s 3): the earlier duty. No
 * general computation statute of Maryland was confirmed to reach a controller's deadline, so a last
 * day on a weekend or holiday stays (the earlier deadline).
 */

import { usState } from './common.js';

/** @internal Maryland Online Data Privacy Act. */
export const MARYLAND = /* @__PURE__ */ usState({
  id: 'maryland',
  name: 'Maryland Online Data Privacy Act of 2024',
  jurisdiction: 'Maryland, USA',
  effectiveFrom: '2025-10-01',
  section: 'Md. Code, Com. Law § 14-4605',
  counting: 'The 45 days run from receipt of the request; the day of receipt is not counted (the common reading)',
  noRoll:
    "No Maryland computation statute was confirmed to reach a controller's deadline (Md. Rule 1-203 governs " +
    'court periods): a last day on a weekend or holiday stays (the earlier reading)',
  evidence:
    'rights from a copy of § 14-4605 (casetext); 45 + 45 days with notice within the first 45 and the effective ' +
    'date from secondary sources (Clifford Chance, White & Case); enrolled text 2024 Md. Laws ch. 455 not read',
  appeal: 'Md. Code, Com. Law §§ 14-4605 (appeal), 14-4613 (unfair, abusive or deceptive trade practice)',
});
