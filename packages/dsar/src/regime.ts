/**
 * @module
 * The regime DSL: each legal regime is plain data — its rights and a list of rules, each in force
 * from an effective date, with the period, how it is counted, roll-forward, extension,
 * acknowledgement, clock stops and what a miss means, every element with its citation. The rule
 * in force on the receipt date applies to the request (`ruleOn`). The types are here; the strict
 * check that makes a regime usable (`defineRegime`) is in `regime-check.ts`.
 */

import { DsarError } from './errors.js';

/**
 * A length of time: an ISO 8601 duration of calendar units (`P1M`, `P45D`, `P2W`, `P1Y`), or a
 * number of working days of the holiday calendar (`{ workingDays: 10 }`), which ISO 8601 cannot
 * spell.
 *
 * @example
 * ```ts
 * import type { Period } from '@privkit/dsar/regimes';
 *
 * const oneMonth: Period = 'P1M';
 * const tenBusinessDays: Period = { workingDays: 10 };
 * ```
 */
export type Period =
  | string
  | {
      /** Working days of the holiday calendar, counted from the day after the start. */
      readonly workingDays: number;
    };

/**
 * A law that sets no fixed period: it asks for a response "without delay" (Japan's APPI art 33(2))
 * or "within a reasonable period" (Australia's APP 12.4(a)(ii)). The regime states the law's words
 * and invents no number; the deadline a request is tracked against is an internal target the user
 * sets for the regime (`options.targets`), and the result says so (`basis: 'internal-target'`).
 *
 * @example
 * ```ts
 * import type { NoFixedPeriod } from '@privkit/dsar/regimes';
 *
 * const appi: NoFixedPeriod = { noFixedPeriod: 'without delay' };
 * ```
 */
export interface NoFixedPeriod {
  /** The law's words for the time allowed, as they complete "respond …": "without delay". */
  readonly noFixedPeriod: string;
}

/** @internal Whether a rule's period is the law's words rather than a length. */
export const isNoFixedPeriod = (p: Period | NoFixedPeriod): p is NoFixedPeriod =>
  typeof p === 'object' && 'noFixedPeriod' in p;

/**
 * A period with the provision that sets it.
 *
 * @example
 * ```ts
 * import type { PeriodRule } from '@privkit/dsar/regimes';
 *
 * const ack: PeriodRule = { period: { workingDays: 10 }, citation: '11 CCR § 7021(a)' };
 * ```
 */
export interface PeriodRule {
  /** The period. */
  readonly period: Period;
  /** The provision setting it. */
  readonly citation: string;
}

/**
 * A deadline to acknowledge receipt, for the rights it applies to.
 *
 * @example
 * ```ts
 * import type { AcknowledgementRule } from '@privkit/dsar/regimes';
 *
 * const ack: AcknowledgementRule = {
 *   period: { workingDays: 10 },
 *   rights: ['know', 'delete', 'correct'],
 *   citation: '11 CCR § 7021(a)',
 * };
 * ```
 */
export interface AcknowledgementRule extends PeriodRule {
  /** The rights whose requests must be acknowledged; every right of the regime when absent. */
  readonly rights?: readonly string[];
}

/**
 * How the first day of a period is counted.
 * - `next-day`: the day of the event is not counted; the period runs from the next day (Reg
 *   1182/71 Art 3(1), and most civil codes). One month from 31 January ends on 28 February.
 * - `receipt-day`: the day of receipt is day one. Forty-five days from 31 January end on 16 March.
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

/**
 * A clock rule with its legal source.
 *
 * @example
 * ```ts
 * import type { PauseRule } from '@privkit/dsar/regimes';
 *
 * const stop: PauseRule = { effect: 'stop', citation: 'UK GDPR Art 12A(5)–(6)' };
 * ```
 */
export interface PauseRule {
  /** What the request for information does to the clock. */
  readonly effect: PauseEffect;
  /** The provision (or guidance) relied on. */
  readonly citation: string;
}

/**
 * The extension a rule allows.
 *
 * @example
 * ```ts
 * import type { ExtensionRule } from '@privkit/dsar/regimes';
 *
 * const gdpr: ExtensionRule = { period: 'P2M', times: 1, noticeWithinFirstPeriod: true, citation: 'GDPR Art 12(3)' };
 * ```
 */
export interface ExtensionRule {
  /** The extra time, counted from the original start; absent where the controller names the date (Swiss DPO Art 18). */
  readonly period?: Period;
  /** How many times the request may be extended. */
  readonly times: number;
  /**
   * The law allows an extension of "up to" the period (GDPR Art 12(3) "by two further months",
   * read by the EDPB as a maximum; 11 CCR § 7021(b) "up to an additional 45 calendar days"): the
   * controller may name an earlier last day (`extend` with `until`). Without it the extension is
   * the whole period.
   */
  readonly upTo?: boolean;
  /** The subject must be told before the first period ends. */
  readonly noticeWithinFirstPeriod: boolean;
  /** The provision allowing it. */
  readonly citation: string;
}

/**
 * One version of a regime's deadline rules, in force from `effectiveFrom`.
 *
 * @example
 * ```ts
 * import type { RegimeRule } from '@privkit/dsar/regimes';
 *
 * const rule: RegimeRule = {
 *   effectiveFrom: '2018-05-25',
 *   period: 'P1M',
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
  /** The first receipt date (`YYYY-MM-DD`, in the controller's zone) this rule applies to. */
  readonly effectiveFrom: string;
  /**
   * The response period, or the law's words where it sets none ({@link NoFixedPeriod}: the request
   * is then tracked against the internal target of `options.targets`).
   */
  readonly period: Period | NoFixedPeriod;
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
  /** The holiday calendar id used when the request names none. */
  readonly calendar?: string;
  /**
   * The calendars of the places the regime applies in, where holidays differ by place (the EEA
   * Member States for the GDPR, the UK's three bank-holiday calendars, the Swiss cantons). A
   * request names one; where it names none and the rule has no `calendar`, a deadline is computed
   * only when every one of them gives the same day (`CALENDAR_REQUIRED` otherwise).
   */
  readonly calendars?: readonly string[];
  /** Per-right periods that differ from `period` (such as CCPA opt-out of sale: 15 business days). */
  readonly rightPeriods?: Readonly<Record<string, PeriodRule>>;
  /** The extension available, if any. */
  readonly extension?: ExtensionRule;
  /** A deadline to acknowledge receipt, if any. */
  readonly acknowledgement?: AcknowledgementRule;
  /** What asking for identity information does to the clock. */
  readonly identityPause?: PauseRule;
  /** What asking the subject to clarify the request does to the clock. */
  readonly clarificationPause?: PauseRule;
  /** What a miss means: a breach of the duty, or the request deemed refused (PIPEDA, Québec). */
  readonly onMiss: 'breach' | 'deemed-refusal';
  /** The provision on the consequence of a miss. */
  readonly onMissCitation: string;
}

/**
 * A legal regime: its rights and its rules over time.
 *
 * @example
 * ```ts
 * import { createRegimeRegistry } from '@privkit/dsar/regimes';
 *
 * const gdpr = createRegimeRegistry().get('gdpr');
 * gdpr.rights.includes('erasure'); // true
 * ```
 */
export interface Regime {
  /** A short kebab-case id: `gdpr`, `uk-gdpr`, `ccpa`, … */
  readonly id: string;
  /** The law's name. */
  readonly name: string;
  /** Where it applies. */
  readonly jurisdiction: string;
  /** The rights a request may exercise under this regime (kebab-case ids). */
  readonly rights: readonly string[];
  /** The rules, oldest first; the last one whose `effectiveFrom` is on or before receipt applies. */
  readonly rules: readonly RegimeRule[];
}

/** @internal The rule of `regime` in force on `date` (`YYYY-MM-DD`). */
export function ruleOn(regime: Regime, date: string): RegimeRule {
  let found: RegimeRule | undefined;
  for (const r of regime.rules) if (r.effectiveFrom <= date) found = r;
  if (found === undefined)
    throw new DsarError('NO_RULE_IN_FORCE', `regime "${regime.id}" has no rule in force on the receipt date`, {
      path: 'receivedAt',
    });
  return found;
}
