/**
 * @module
 * The Utah Consumer Privacy Act (Utah Code § 13-61-101 ff.), in force 31 December 2023: 45 days,
 * once extendable by up to 45 with notice of its length, counted under Utah Code § 68-3-7, which
 * binds "a person" computing a period provided by law and moves a last day off a Saturday, Sunday
 * or legal holiday. Not modelled: § 13-61-203(2)(d), under which the 45 days do not apply to a
 * request the controller reasonably suspects is fraudulent and cannot authenticate in time (a
 * controller relying on it records the refusal). The UCPA gives no consumer appeal.
 */

import { usState } from './common.js';

/** @internal Utah Consumer Privacy Act. */
export const UTAH = /* @__PURE__ */ usState({
  id: 'utah',
  name: 'Utah Consumer Privacy Act',
  jurisdiction: 'Utah, USA',
  effectiveFrom: '2023-12-31',
  section: 'Utah Code § 13-61-203(2)',
  counting:
    'Utah Code § 13-61-203(2)(a): "within 45 days after the day on which a controller receives a request"; ' +
    'Utah Code § 68-3-7(1): a person computes a period provided by law excluding the first day, including the last',
  roll: {
    calendar: 'us-ut',
    citation:
      'Utah Code § 68-3-7(2): a last day that is a legal holiday (§ 63G-1-301), a Saturday or a Sunday is excluded, ' +
      'and the period runs to the end of the next day that is none of them',
  },
  // "Including the length of the extension" (2)(c)(i): the notice names the length, so 45 days is
  // the most the controller may take, not the only length it may choose.
  upTo: true,
  extensionText:
    'Utah Code § 13-61-203(2)(b)-(c): the initial 45-day period may be extended once by an additional 45 days ' +
    'when reasonably necessary (complexity or volume); before it expires the consumer is told of the extension, ' +
    'including its length, and the reasons',
  evidence:
    'text of §§ 13-61-203 and 68-3-7 and the effective date from secondary copies of the Utah Code ' +
    '(FindLaw, Lexace, Casetext, self-law.org)',
  appeal: 'Utah Code § 13-61-203 (no consumer appeal); ch 13-61 part 4 (enforcement by the Attorney General)',
});
