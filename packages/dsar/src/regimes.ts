/**
 * @module
 * The regime DSL: each legal regime is plain data — its rights and a list of rules, each in force
 * from an effective date, with the period, how it is counted, roll-forward, extension,
 * acknowledgement, clock stops and what a miss means, every element with its citation. The rule
 * in force on the receipt date applies to the request. Eleven regimes ship; register your own
 * with {@link defineRegime}.
 */

import { DsarError } from './errors.js';

/**
 * A length of time: exactly one of calendar months, calendar days or working days.
 *
 * @example
 * ```ts
 * import type { Period } from '@privkit/dsar';
 *
 * const oneMonth: Period = { months: 1 };
 * const tenBusinessDays: Period = { businessDays: 10 };
 * ```
 */
export type Period =
  | {
      /** Calendar months (the same date in the last month, else its last day). */
      readonly months: number;
    }
  | {
      /** Calendar days. */
      readonly days: number;
    }
  | {
      /** Working days of the holiday calendar. */
      readonly businessDays: number;
    };

/**
 * A period with the provision that sets it.
 *
 * @example
 * ```ts
 * import type { PeriodRule } from '@privkit/dsar';
 *
 * const ack: PeriodRule = { period: { businessDays: 10 }, citation: '11 CCR § 7021(a)' };
 * ```
 */
export interface PeriodRule {
  /** The period. */
  readonly period: Period;
  /** The provision setting it. */
  readonly citation: string;
}

/**
 * How the first day of a period is counted.
 * - `next-day`: the day of the event is not counted; the period runs from the next day (Reg
 *   1182/71 Art 3(1), and most civil codes). One month from 31 January ends on 28 February.
 * - `receipt-day`: the day of receipt is day one (the CCPA regulations, 11 CCR § 7021(b)).
 *   Forty-five days from 31 January end on 16 March.
 */
export type StartAnchor = 'next-day' | 'receipt-day';

/**
 * What a request that asks the data subject for something does to the clock.
 * - `none`: the clock keeps running.
 * - `restart`: the period starts again from the day the answer arrives (the "relevant time").
 * - `stop`: the days from the request for information to its receipt, both included, do not
 *   count; the deadline moves by that many days.
 */
export type PauseEffect = 'none' | 'restart' | 'stop';

/** A clock rule with its legal source. */
export interface PauseRule {
  /** What the request for information does to the clock. */
  readonly effect: PauseEffect;
  /** The provision (or guidance) relied on. */
  readonly citation: string;
}

/**
 * One version of a regime's deadline rules, in force from `effectiveFrom`.
 *
 * @example
 * ```ts
 * import type { RegimeRule } from '@privkit/dsar';
 *
 * const rule: RegimeRule = {
 *   effectiveFrom: '2018-05-25',
 *   period: { months: 1 },
 *   citation: 'GDPR Art 12(3)',
 *   start: 'next-day',
 *   startCitation: 'Reg (EEC, Euratom) 1182/71 Art 3(1)',
 *   rollForward: true,
 *   rollForwardCitation: 'Reg 1182/71 Art 3(4)',
 *   onMiss: 'breach',
 *   onMissCitation: 'GDPR Arts 12(3), 83(5)(b)',
 * };
 * ```
 */
export interface RegimeRule {
  /** The first receipt date (ISO `YYYY-MM-DD`, in the controller's zone) this rule applies to. */
  readonly effectiveFrom: string;
  /** The response period. */
  readonly period: Period;
  /** The provision setting the period. */
  readonly citation: string;
  /** How the first day is counted. */
  readonly start: StartAnchor;
  /** The provision on counting. */
  readonly startCitation: string;
  /** Whether a deadline on a non-working day moves to the next working day. */
  readonly rollForward: boolean;
  /** The provision on roll-forward (or why there is none). */
  readonly rollForwardCitation?: string;
  /** The holiday calendar id used by default (`weekends` unless the regime names one). */
  readonly calendar?: string;
  /** Per-right periods that differ from `period` (such as CCPA opt-out of sale: 15 business days). */
  readonly rightPeriods?: Readonly<Record<string, PeriodRule>>;
  /** The extension available, if any. */
  readonly extension?: {
    /** The extra time, counted from the original start (never chained onto the first deadline). */
    readonly period?: Period;
    /** How many times the request may be extended. */
    readonly times: number;
    /** The subject must be told before the first period ends. */
    readonly noticeWithinFirstPeriod: boolean;
    /** The provision allowing it. */
    readonly citation: string;
  };
  /** A deadline to acknowledge receipt, if any. */
  readonly acknowledgement?: PeriodRule;
  /** What asking for identity information does to the clock. */
  readonly identityPause?: PauseRule;
  /** What asking the subject to clarify the request does to the clock. */
  readonly clarificationPause?: PauseRule;
  /** What a miss means: a breach of the duty, or the request deemed refused (PIPEDA, Quebec). */
  readonly onMiss: 'breach' | 'deemed-refusal';
  /** The provision on the consequence of a miss. */
  readonly onMissCitation: string;
}

/**
 * A legal regime: its rights and its rules over time.
 *
 * @example
 * ```ts
 * import { getRegime } from '@privkit/dsar';
 *
 * const gdpr = getRegime('gdpr');
 * gdpr.rights.includes('erasure'); // true
 * ```
 */
export interface Regime {
  /** A short id: `gdpr`, `uk-gdpr`, `ccpa`, … */
  readonly id: string;
  /** The law's name. */
  readonly name: string;
  /** Where it applies. */
  readonly jurisdiction: string;
  /** The rights a request may exercise under this regime. */
  readonly rights: readonly string[];
  /** The rules, oldest first; the last one whose `effectiveFrom` is on or before receipt applies. */
  readonly rules: readonly RegimeRule[];
}

const GDPR_RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'automated-decision',
] as const;

const EU_COUNTING = {
  start: 'next-day',
  startCitation:
    'Reg (EEC, Euratom) No 1182/71 Art 3(1) (the day of receipt is not counted), Art 3(2)(c) (months end on the same date, else the last day of the month)',
  rollForward: true,
  rollForwardCitation:
    'Reg 1182/71 Art 3(4) (a period ending on a public holiday, Saturday or Sunday ends on the next working day)',
} as const;

const GDPR: Regime = {
  id: 'gdpr',
  name: 'General Data Protection Regulation (EU) 2016/679',
  jurisdiction: 'EU/EEA',
  rights: GDPR_RIGHTS,
  rules: [
    {
      effectiveFrom: '2018-05-25',
      period: { months: 1 },
      citation: 'GDPR Art 12(3): without undue delay and in any event within one month of receipt of the request',
      ...EU_COUNTING,
      extension: {
        period: { months: 2 },
        times: 1,
        noticeWithinFirstPeriod: true,
        citation:
          'GDPR Art 12(3): may be extended by two further months; the subject informed within one month of receipt, with the reasons',
      },
      identityPause: {
        effect: 'none',
        citation:
          'GDPR Art 12(3) counts from receipt and no provision stops the clock (conservative reading; see EDPB Guidelines 01/2022 on the right of access, section 5.3 on timing)',
      },
      clarificationPause: { effect: 'none', citation: 'GDPR Art 12(3): no provision stops the clock' },
      onMiss: 'breach',
      onMissCitation: 'GDPR Art 12(3), Art 83(5)(b); complaint under Art 77',
    },
  ],
};

const UK_GDPR: Regime = {
  id: 'uk-gdpr',
  name: 'UK GDPR and Data Protection Act 2018',
  jurisdiction: 'United Kingdom',
  rights: GDPR_RIGHTS,
  rules: [
    {
      effectiveFrom: '2021-01-01',
      period: { months: 1 },
      citation: 'UK GDPR Art 12(3): within one month of receipt of the request',
      ...EU_COUNTING,
      startCitation:
        'Reg 1182/71 Art 3 (assimilated law); ICO guidance: respond by the corresponding calendar date, else the last day of the next month',
      calendar: 'gb-eaw',
      extension: {
        period: { months: 2 },
        times: 1,
        noticeWithinFirstPeriod: true,
        citation: 'UK GDPR Art 12(3): two further months where necessary, subject told within one month',
      },
      identityPause: {
        effect: 'restart',
        citation:
          'UK GDPR Art 12(6) and DPA 2018 s 54(3) as applied by ICO guidance: the time limit starts when the identity information is received',
      },
      clarificationPause: {
        effect: 'stop',
        citation: 'ICO guidance on the right of access ("stopping the clock" when asking for clarification)',
      },
      onMiss: 'breach',
      onMissCitation: 'UK GDPR Art 12(3), Art 83(5)(b)',
    },
    {
      // Data (Use and Access) Act 2025 s 76 inserted Art 12A; in force 5 February 2026
      // (The Data (Use and Access) Act 2025 (Commencement No. 6 …) Regulations 2026, SI 2026/82, reg 2).
      effectiveFrom: '2026-02-05',
      period: { months: 1 },
      citation:
        'UK GDPR Art 12A(2): one month beginning with the relevant time (inserted by the Data (Use and Access) Act 2025 s 76)',
      ...EU_COUNTING,
      startCitation:
        'Reg 1182/71 Art 3 (assimilated law); ICO guidance: the corresponding calendar date, else the last day of the next month',
      calendar: 'gb-eaw',
      extension: {
        period: { months: 2 },
        times: 1,
        noticeWithinFirstPeriod: true,
        citation:
          'UK GDPR Art 12A(3)–(4): two further months by notice given within one month of the relevant time, with reasons',
      },
      identityPause: {
        effect: 'restart',
        citation:
          'UK GDPR Art 12A(2): the relevant time is the latest of receipt, receipt of identity information (Art 12(6)) and payment of a fee',
      },
      clarificationPause: {
        effect: 'stop',
        citation: 'UK GDPR Art 12A(5)–(6): the days from asking for further information to receiving it do not count',
      },
      onMiss: 'breach',
      onMissCitation: 'UK GDPR Art 12(3), Art 83(5)(b)',
    },
  ],
};

const US_STATE_RIGHTS = [
  'access',
  'correction',
  'deletion',
  'portability',
  'opt-out-sale',
  'opt-out-targeted-advertising',
  'opt-out-profiling',
] as const;

const usState = (
  id: string,
  name: string,
  jurisdiction: string,
  effectiveFrom: string,
  section: string,
  counting: string,
  appeal: string,
): Regime => ({
  id,
  name,
  jurisdiction,
  rights: US_STATE_RIGHTS,
  rules: [
    {
      effectiveFrom,
      period: { days: 45 },
      citation: `${section}: respond within 45 days of receipt`,
      start: 'next-day',
      startCitation: counting,
      rollForward: true,
      rollForwardCitation: counting,
      calendar: 'us-federal',
      extension: {
        period: { days: 45 },
        times: 1,
        noticeWithinFirstPeriod: true,
        citation: `${section}: extendable once by 45 additional days when reasonably necessary, the consumer informed within the initial 45 days`,
      },
      identityPause: { effect: 'none', citation: `${section}: the period runs from receipt` },
      clarificationPause: { effect: 'none', citation: `${section}: the period runs from receipt` },
      onMiss: 'breach',
      onMissCitation: appeal,
    },
  ],
});

const REGIMES_LIST: readonly Regime[] = [
  GDPR,
  UK_GDPR,
  {
    id: 'ccpa',
    name: 'California Consumer Privacy Act as amended by the CPRA',
    jurisdiction: 'California, USA',
    rights: ['know', 'delete', 'correct', 'opt-out-sale-sharing', 'limit-sensitive'],
    rules: [
      {
        effectiveFrom: '2020-01-01',
        period: { days: 45 },
        citation: 'Cal. Civ. Code § 1798.130(a)(2); 11 CCR § 999.313(b): respond within 45 calendar days',
        start: 'receipt-day',
        startCitation: '11 CCR § 999.313(b): the 45-day period begins on the day the business receives the request',
        rollForward: true,
        rollForwardCitation:
          'Cal. Code Civ. Proc. §§ 12, 12a: a last day on a Saturday, Sunday or holiday moves to the next day that is not',
        calendar: 'us-federal',
        extension: {
          period: { days: 45 },
          times: 1,
          noticeWithinFirstPeriod: true,
          citation:
            'Cal. Civ. Code § 1798.130(a)(2); 11 CCR § 999.313(b): up to 90 days in total, with notice within the first 45 days',
        },
        acknowledgement: {
          period: { businessDays: 10 },
          citation: '11 CCR § 999.313(a): confirm receipt within 10 business days',
        },
        rightPeriods: {
          'opt-out-sale-sharing': {
            period: { businessDays: 15 },
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
        period: { days: 45 },
        citation: 'Cal. Civ. Code § 1798.130(a)(2)(A); 11 CCR § 7021(b): respond within 45 calendar days',
        start: 'receipt-day',
        startCitation:
          '11 CCR § 7021(b): the 45-day period begins on the day the business receives the request, regardless of time required to verify',
        rollForward: true,
        rollForwardCitation:
          'Cal. Code Civ. Proc. §§ 12, 12a: a last day on a Saturday, Sunday or holiday moves to the next day that is not',
        calendar: 'us-federal',
        extension: {
          period: { days: 45 },
          times: 1,
          noticeWithinFirstPeriod: true,
          citation:
            'Cal. Civ. Code § 1798.130(a)(2)(A); 11 CCR § 7021(b): an additional 45 calendar days (90 in total) with notice and explanation within the first 45 days',
        },
        acknowledgement: {
          period: { businessDays: 10 },
          citation:
            '11 CCR § 7021(a): confirm receipt and explain how the request will be processed within 10 business days',
        },
        rightPeriods: {
          'opt-out-sale-sharing': {
            period: { businessDays: 15 },
            citation: '11 CCR § 7026(f): comply with a request to opt-out of sale/sharing within 15 business days',
          },
          'limit-sensitive': {
            period: { businessDays: 15 },
            citation: '11 CCR § 7027(g): comply with a request to limit within 15 business days',
          },
        },
        identityPause: { effect: 'none', citation: '11 CCR § 7021(b): regardless of the time required to verify' },
        clarificationPause: { effect: 'none', citation: '11 CCR § 7021(b)' },
        onMiss: 'breach',
        onMissCitation: 'Cal. Civ. Code §§ 1798.155, 1798.199.90 (administrative fines per violation)',
      },
    ],
  },
  {
    id: 'lgpd',
    name: 'Lei Geral de Proteção de Dados (Lei 13.709/2018)',
    jurisdiction: 'Brazil',
    rights: [
      'confirmation',
      'access',
      'correction',
      'anonymisation-blocking-deletion',
      'portability',
      'deletion',
      'information-sharing',
      'consent-revocation',
      'review-automated-decision',
    ],
    rules: [
      {
        effectiveFrom: '2020-09-18',
        period: { days: 15 },
        citation: "LGPD Art 19(II): a complete declaration within 15 days from the data subject's request",
        start: 'next-day',
        startCitation: 'Código Civil Art 132: the day of the start is excluded and the day of the end included',
        rollForward: true,
        rollForwardCitation: 'Código Civil Art 132 §1: a period ending on a holiday runs to the next working day',
        identityPause: { effect: 'none', citation: 'LGPD Art 19' },
        clarificationPause: { effect: 'none', citation: 'LGPD Art 19' },
        onMiss: 'breach',
        onMissCitation: 'LGPD Arts 18 §1, 52 (petition to the ANPD; administrative sanctions)',
      },
    ],
  },
  {
    id: 'pipeda',
    name: 'Personal Information Protection and Electronic Documents Act',
    jurisdiction: 'Canada (federal)',
    rights: ['access', 'correction'],
    rules: [
      {
        effectiveFrom: '2001-01-01',
        period: { days: 30 },
        citation: 'PIPEDA s 8(3): respond not later than thirty days after receipt of the request',
        start: 'next-day',
        startCitation: 'Interpretation Act (R.S.C. 1985, c. I-21) s 27(2): "after" a day excludes that day',
        rollForward: true,
        rollForwardCitation:
          'Interpretation Act s 26: a time limit expiring on a holiday runs to the next day that is not a holiday',
        extension: {
          period: { days: 30 },
          times: 1,
          noticeWithinFirstPeriod: true,
          citation:
            'PIPEDA s 8(4): extendable by no more than thirty days, with notice within thirty days of receipt and the right to complain',
        },
        identityPause: { effect: 'none', citation: 'PIPEDA s 8(3)' },
        clarificationPause: { effect: 'none', citation: 'PIPEDA s 8(3)' },
        onMiss: 'deemed-refusal',
        onMissCitation: 'PIPEDA s 8(5): failure to respond within the time limit is deemed a refusal',
      },
    ],
  },
  {
    id: 'quebec',
    name: 'Act respecting the protection of personal information in the private sector (as amended by Law 25)',
    jurisdiction: 'Québec, Canada',
    rights: ['access', 'rectification', 'portability', 'de-indexation', 'withdrawal-of-consent'],
    rules: [
      {
        // s 32 has set 30 days since the Act came into force on 1 January 1994; Law 25 (SQ 2021,
        // c 25) kept the period and the deemed refusal.
        effectiveFrom: '1994-01-01',
        period: { days: 30 },
        citation:
          'Private Sector Act (CQLR c P-39.1) s 32: respond within 30 days of receipt (as amended by Law 25, SQ 2021, c 25)',
        start: 'next-day',
        startCitation: 'Interpretation Act (CQLR c I-16) s 52: the day of the event is not counted',
        rollForward: true,
        rollForwardCitation:
          'Interpretation Act (CQLR c I-16) s 52: a period ending on a holiday is extended to the next day that is not',
        identityPause: { effect: 'none', citation: 'Private Sector Act s 32' },
        clarificationPause: { effect: 'none', citation: 'Private Sector Act s 32' },
        onMiss: 'deemed-refusal',
        onMissCitation:
          'Private Sector Act s 32: a person who does not respond within 30 days is deemed to have refused',
      },
    ],
  },
  {
    id: 'ch-fadp',
    name: 'Swiss Federal Act on Data Protection (revFADP)',
    jurisdiction: 'Switzerland',
    rights: ['access', 'rectification', 'erasure', 'portability', 'objection', 'automated-decision'],
    rules: [
      {
        effectiveFrom: '2023-09-01',
        period: { days: 30 },
        citation: 'FADP Art 25(7): the information must normally be provided within 30 days',
        start: 'next-day',
        startCitation: 'Swiss Code of Obligations Art 77(1)(1): the day of the event is not counted',
        rollForward: true,
        rollForwardCitation:
          'Swiss Code of Obligations Art 78(1): a last day on a Sunday or public holiday moves to the next working day',
        extension: {
          times: 1,
          noticeWithinFirstPeriod: true,
          citation:
            'Data Protection Ordinance (DPO) Art 18(1): the controller informs the subject within the 30 days and names the period in which the information will be provided',
        },
        identityPause: { effect: 'none', citation: 'FADP Art 25(7)' },
        clarificationPause: { effect: 'none', citation: 'FADP Art 25(7)' },
        onMiss: 'breach',
        onMissCitation: 'FADP Arts 32, 60(1)(a)',
      },
    ],
  },
  /* @__PURE__ */ usState(
    'virginia',
    'Virginia Consumer Data Protection Act',
    'Virginia, USA',
    '2023-01-01',
    'Va. Code § 59.1-577(B)(1)',
    'Va. Code § 1-210: the first day is excluded; a last day on a Saturday, Sunday or legal holiday moves to the next business day',
    'Va. Code §§ 59.1-577(C), 59.1-584 (appeal; Attorney General enforcement)',
  ),
  /* @__PURE__ */ usState(
    'colorado',
    'Colorado Privacy Act',
    'Colorado, USA',
    '2023-07-01',
    'C.R.S. § 6-1-1306(2)(a)',
    'C.R.S. § 2-4-108: the first day is excluded; a last day on a Saturday, Sunday or legal holiday moves to the next business day',
    'C.R.S. §§ 6-1-1306(3), 6-1-1311 (appeal; enforcement)',
  ),
  /* @__PURE__ */ usState(
    'connecticut',
    'Connecticut Data Privacy Act',
    'Connecticut, USA',
    '2023-07-01',
    'Conn. Gen. Stat. § 42-518(c)(1)',
    'General rule of computation: the day of receipt is excluded; a last day on a weekend or holiday moves to the next business day',
    'Conn. Gen. Stat. §§ 42-518(d), 42-525 (appeal; Attorney General enforcement)',
  ),
  /* @__PURE__ */ usState(
    'texas',
    'Texas Data Privacy and Security Act',
    'Texas, USA',
    '2024-07-01',
    'Tex. Bus. & Com. Code § 541.052(b)',
    "Tex. Gov't Code § 311.014: the first day is excluded; a last day on a Saturday, Sunday or legal holiday moves to the next day that is not",
    'Tex. Bus. & Com. Code §§ 541.053, 541.151 (appeal; Attorney General enforcement)',
  ),
];

// Built on first use, so bundles that never look a regime up (hashing, suppression) drop the table.
let registryMap: Map<string, Regime> | undefined;
const registry = (): Map<string, Regime> => {
  registryMap ??= new Map(REGIMES_LIST.map((r) => [r.id, r]));
  return registryMap;
};

/**
 * The ids of the regimes that ship with the package.
 *
 * @example
 * ```ts
 * import { REGIME_IDS } from '@privkit/dsar';
 *
 * REGIME_IDS.includes('uk-gdpr'); // true
 * ```
 */
export const REGIME_IDS: readonly string[] = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ REGIMES_LIST.map((r) => r.id),
);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a regime and registers it (replacing one with the same id), so requests may name it.
 *
 * @param regime - the regime, as plain data.
 * @returns the same regime, frozen.
 * @throws DsarError `INVALID_ARGUMENT` if a rule is malformed (no rules, unsorted effective
 *   dates, a period that is not exactly one positive whole unit, a missing citation).
 * @example
 * ```ts
 * import { defineRegime, getRegime } from '@privkit/dsar';
 *
 * defineRegime({
 *   ...getRegime('gdpr'),
 *   id: 'gdpr-de',
 *   rules: getRegime('gdpr').rules.map((rule) => ({ ...rule, calendar: 'de-by' })),
 * });
 * ```
 */
export function defineRegime(regime: Regime): Regime {
  if (typeof regime?.id !== 'string' || regime.id.length === 0)
    throw new DsarError('INVALID_ARGUMENT', '"regime.id" must be a non-empty string');
  if (!Array.isArray(regime.rules) || regime.rules.length === 0)
    throw new DsarError('INVALID_ARGUMENT', '"regime.rules" must list at least one rule');
  let previous = '';
  regime.rules.forEach((rule, i) => {
    const where = `regime "${regime.id}" rules[${i}]`;
    if (!DATE.test(rule.effectiveFrom) || rule.effectiveFrom <= previous) {
      throw new DsarError('INVALID_ARGUMENT', `${where}.effectiveFrom must be an ISO date after the previous rule's`);
    }
    previous = rule.effectiveFrom;
    checkPeriod(rule.period, `${where}.period`);
    if (rule.extension?.period !== undefined) checkPeriod(rule.extension.period, `${where}.extension.period`);
    if (rule.acknowledgement !== undefined) checkPeriod(rule.acknowledgement.period, `${where}.acknowledgement.period`);
    for (const [right, over] of Object.entries(rule.rightPeriods ?? {})) {
      checkPeriod((over as PeriodRule).period, `${where}.rightPeriods.${right}`);
    }
    if (!rule.citation || !rule.startCitation || !rule.onMissCitation)
      throw new DsarError('INVALID_ARGUMENT', `${where} needs its citations`);
  });
  const frozen = Object.freeze({
    ...regime,
    rights: Object.freeze([...regime.rights]),
    rules: Object.freeze([...regime.rules]),
  });
  registry().set(regime.id, frozen);
  return frozen;
}

/** @internal Checks a period has exactly one positive whole unit. */
export function checkPeriod(period: Period, name: string): void {
  const entries = Object.entries(period ?? {});
  const [unit, n] = entries[0] ?? [];
  if (
    entries.length !== 1 ||
    !['months', 'days', 'businessDays'].includes(unit as string) ||
    !Number.isInteger(n) ||
    (n as number) <= 0
  ) {
    throw new DsarError(
      'INVALID_ARGUMENT',
      `"${name}" must be exactly one of months, days or businessDays, a positive integer`,
    );
  }
}

/**
 * A registered regime by id.
 *
 * @param id - `gdpr`, `uk-gdpr`, `ccpa`, `lgpd`, `pipeda`, `quebec`, `ch-fadp`, `virginia`,
 *   `colorado`, `connecticut`, `texas`, or one added with {@link defineRegime}.
 * @returns the regime.
 * @throws DsarError `UNKNOWN_REGIME`.
 * @example
 * ```ts
 * import { getRegime } from '@privkit/dsar';
 *
 * getRegime('ccpa').rules.at(-1)?.acknowledgement?.period; // { businessDays: 10 }
 * ```
 */
export function getRegime(id: string): Regime {
  const regime = registry().get(id);
  if (regime === undefined)
    throw new DsarError('UNKNOWN_REGIME', `"regime" names no registered regime (see REGIME_IDS, or defineRegime)`);
  return regime;
}

/**
 * The rule of a regime in force on a date: the last rule whose `effectiveFrom` is on or before it.
 *
 * @param regime - the regime (or its id).
 * @param date - the receipt date, ISO `YYYY-MM-DD` in the controller's time zone.
 * @returns the rule.
 * @throws DsarError `NO_RULE_IN_FORCE` for a date before the regime's first rule.
 * @example
 * ```ts
 * import { ruleInForce } from '@privkit/dsar';
 *
 * ruleInForce('uk-gdpr', '2026-03-01').effectiveFrom; // "2026-02-05" (Art 12A)
 * ruleInForce('uk-gdpr', '2025-03-01').effectiveFrom; // "2021-01-01"
 * ```
 */
export function ruleInForce(regime: Regime | string, date: string): RegimeRule {
  const r = typeof regime === 'string' ? getRegime(regime) : regime;
  let found: RegimeRule | undefined;
  for (const rule of r.rules) if (rule.effectiveFrom <= date) found = rule;
  if (found === undefined)
    throw new DsarError('NO_RULE_IN_FORCE', `regime "${r.id}" has no rule in force on the receipt date`);
  return found;
}
