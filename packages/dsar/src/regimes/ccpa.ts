/**
 * @module
 * The California Consumer Privacy Act as amended by the CPRA: 45 calendar days (Cal. Civ. Code
 * § 1798.130(a)(2)), the CCPA regulations' acknowledgement within 10 business days, and 15
 * business days for opt-outs and limits. The 2020 rule follows 11 CCR § 999.313; the CPPA's
 * regulations (11 CCR § 7000 ff.) replaced it on 29 March 2023.
 *
 * The first day is excluded: § 7021(b) sets "45 calendar days after receipt of the request", and
 * California computes a time "in which any act provided by law is to be done" by excluding the
 * first day and including the last (Civ. Code § 10; Code Civ. Proc. § 12). The regulation's next
 * sentence, "the 45-day period will begin on the day that the business receives the request,
 * regardless of time required to verify", fixes the event the period runs from (receipt, not
 * verification) — it does not make the receipt day day one, which would contradict "after
 * receipt". So a request received on 31 January 2025 is due on 17 March (day 45 is Sunday 16 March;
 * Saturday and Sunday are holidays under Code Civ. Proc. § 12a), and the 90-day maximum is
 * "90 calendar days from the day the request is received", receipt + 90.
 */

import type { ExtensionRule, Regime, RegimeRule } from '../regime.js';

/** Both rules: a last day on a non-court day rolls forward on California's judicial calendar. */
const CALIFORNIA_ROLL_FORWARD = {
  rollForward: true,
  rollForwardCitation:
    'Cal. Code Civ. Proc. §§ 12, 12a, 135: a last day on a Saturday, Sunday or judicial holiday moves ' +
    'to the next day that is not',
  calendar: 'us-ca-judicial',
} as const satisfies Partial<RegimeRule>;

/** Both rules' extension: once, up to 45 more days, noticed within the first 45 (citations per rule). */
const EXTENSION_45_DAYS = {
  period: 'P45D',
  times: 1,
  noticeWithinFirstPeriod: true,
  upTo: true,
} as const satisfies Partial<ExtensionRule>;

/** @internal CCPA/CPRA. */
export const CCPA: Regime = {
  id: 'ccpa',
  name: 'California Consumer Privacy Act as amended by the CPRA',
  jurisdiction: 'California, USA',
  rights: ['know', 'delete', 'correct', 'opt-out-sale-sharing', 'limit-sensitive'],
  rules: [
    {
      effectiveFrom: '2020-01-01',
      period: 'P45D',
      citation: 'Cal. Civ. Code § 1798.130(a)(2); 11 CCR § 999.313(b): respond within 45 calendar days',
      start: 'next-day',
      startCitation:
        'Cal. Civ. Code § 10; Code Civ. Proc. § 12: the first day is excluded and the last included (11 CCR ' +
        '§ 999.313(b): the period begins on receipt, regardless of verification)',
      ...CALIFORNIA_ROLL_FORWARD,
      extension: {
        ...EXTENSION_45_DAYS,
        citation:
          'Cal. Civ. Code § 1798.130(a)(2); 11 CCR § 999.313(b): up to an additional 45 days (90 in total), ' +
          'with notice within the first 45 days',
      },
      acknowledgement: {
        period: { workingDays: 10 },
        rights: ['know', 'delete'],
        citation: '11 CCR § 999.313(a): confirm receipt of a request to know or to delete within 10 business days',
      },
      rightPeriods: {
        'opt-out-sale-sharing': {
          period: { workingDays: 15 },
          citation: '11 CCR § 999.315(e): act on an opt-out within 15 business days',
        },
      },
      identityPause: { effect: 'none', citation: '11 CCR § 999.313(b): regardless of the time required to verify' },
      clarificationPause: { effect: 'none', citation: '11 CCR § 999.313(b)' },
      onMiss: 'breach',
      onMissCitation: 'Cal. Civ. Code §§ 1798.155, 1798.199.90',
    },
    {
      effectiveFrom: '2023-03-29',
      period: 'P45D',
      citation: 'Cal. Civ. Code § 1798.130(a)(2)(A); 11 CCR § 7021(b): respond within 45 calendar days',
      start: 'next-day',
      startCitation:
        'Cal. Civ. Code § 10; Code Civ. Proc. § 12: the first day is excluded and the last included; ' +
        '11 CCR § 7021(b): "45 calendar days after receipt", the period beginning on receipt regardless of time ' +
        'required to verify',
      ...CALIFORNIA_ROLL_FORWARD,
      extension: {
        ...EXTENSION_45_DAYS,
        citation:
          'Cal. Civ. Code § 1798.130(a)(2)(A); 11 CCR § 7021(b): up to an additional 45 calendar days, ' +
          'a maximum of 90 from the day the request is received, with notice and explanation within ' +
          'the first 45 days',
      },
      acknowledgement: {
        period: { workingDays: 10 },
        rights: ['know', 'delete', 'correct'],
        citation:
          '11 CCR § 7021(a): confirm receipt of a request to delete, to correct or to know within 10 business days ' +
          '(not of an opt-out or a request to limit)',
      },
      rightPeriods: {
        'opt-out-sale-sharing': {
          period: { workingDays: 15 },
          citation: '11 CCR § 7026(f): comply with a request to opt-out of sale/sharing within 15 business days',
        },
        'limit-sensitive': {
          period: { workingDays: 15 },
          citation: '11 CCR § 7027(g): comply with a request to limit within 15 business days',
        },
      },
      identityPause: { effect: 'none', citation: '11 CCR § 7021(b): regardless of the time required to verify' },
      clarificationPause: { effect: 'none', citation: '11 CCR § 7021(b)' },
      onMiss: 'breach',
      onMissCitation: 'Cal. Civ. Code §§ 1798.155, 1798.199.90 (administrative fines per violation)',
    },
  ],
};
