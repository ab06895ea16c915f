/**
 * @module
 * Pieces several regime files share: the GDPR family's rights and its counting rules (Reg
 * 1182/71, which the EU applies and the UK keeps as assimilated law), and the shape of the US
 * state comprehensive privacy laws, which share a 45-day period with one 45-day extension.
 */

import type { ExtensionRule, Regime, RegimeRule } from '../regime.js';

/** @internal The rights of GDPR Arts 15–22, as the GDPR family names them. */
export const GDPR_RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'automated-decision',
] as const;

/** @internal How Reg (EEC, Euratom) No 1182/71 counts periods, with its citations. */
export const EU_COUNTING = {
  start: 'next-day',
  startCitation:
    'Reg (EEC, Euratom) No 1182/71 Art 3(1) (the day of receipt is not counted), Art 3(2)(c) ' +
    '(months end on the same date, else the last day of the month)',
  rollForward: true,
  rollForwardCitation:
    'Reg 1182/71 Art 3(4) (a period ending on a public holiday, Saturday or Sunday ends on the next working day), ' +
    'Art 2(1) (the public holidays of the Member State where the act is to be done)',
} as const satisfies Partial<RegimeRule>;

/**
 * @internal The GDPR family's extension (Art 12(3)) without its citation, which each rule gives:
 * "extended by two further months where necessary" caps the extension; the duty to answer "without
 * undue delay" (Art 12(3)) stands, so a controller may announce a shorter one.
 */
export const GDPR_EXTENSION = {
  period: 'P2M',
  times: 1,
  noticeWithinFirstPeriod: true,
  upTo: true,
} as const satisfies Partial<ExtensionRule>;

/**
 * @internal The national calendars of the EEA: the EU-27 and Iceland, Liechtenstein and Norway
 * (Reg 1182/71 Art 2(1): the public holidays of the Member State where the act is done).
 */
export const EEA_CALENDARS = [
  'at',
  'be',
  'bg',
  'hr',
  'cy',
  'cz',
  'dk',
  'ee',
  'fi',
  'fr',
  'de',
  'gr',
  'hu',
  'ie',
  'it',
  'lv',
  'lt',
  'lu',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'si',
  'es',
  'se',
  'is',
  'li',
  'no',
] as const;

/** @internal The calendars of the Swiss cantons (Code of Obligations Art 78: the place of performance). */
export const SWISS_CALENDARS = [
  'ch-ag',
  'ch-ai',
  'ch-ar',
  'ch-be',
  'ch-bl',
  'ch-bs',
  'ch-fr',
  'ch-ge',
  'ch-gl',
  'ch-gr',
  'ch-ju',
  'ch-lu',
  'ch-ne',
  'ch-nw',
  'ch-ow',
  'ch-sg',
  'ch-sh',
  'ch-so',
  'ch-sz',
  'ch-tg',
  'ch-ti',
  'ch-ur',
  'ch-vd',
  'ch-vs',
  'ch-zg',
  'ch-zh',
] as const;

/** @internal The rights the US state comprehensive privacy laws grant. */
export const US_STATE_RIGHTS = [
  'access',
  'correction',
  'deletion',
  'portability',
  'opt-out-sale',
  'opt-out-targeted-advertising',
  'opt-out-profiling',
] as const;

/** @internal What differs between two US state laws of the common shape. */
export interface UsStateLaw {
  readonly id: string;
  readonly name: string;
  readonly jurisdiction: string;
  readonly effectiveFrom: string;
  /** The section setting the period and its extension. */
  readonly section: string;
  /** The period when it is not 45 days (Iowa: 90). */
  readonly period?: string;
  /** The state's rule on the first day (excluded everywhere in these laws). */
  readonly counting: string;
  /**
   * Where the state's computation statute moves a last day off a weekend or holiday: the calendar
   * and the provision. Absent: no general rule reaches a private controller's deadline, so the
   * last day stays where it falls (the earlier, conservative reading).
   */
  readonly roll?: { readonly calendar: string; readonly citation: string };
  /** Why there is no roll-forward, where `roll` is absent. */
  readonly noRoll?: string;
  /** "Once" in the statute: one extension. */
  readonly extensionText?: string;
  /** The extension is stated as a maximum (Utah: the notice states its length). */
  readonly upTo?: boolean;
  /** The authentication rule where it stops the clock (Oregon). */
  readonly identityPause?: { readonly effect: 'none' | 'restart' | 'stop'; readonly citation: string };
  /** Where a fact rests on secondary sources: said in the citations. */
  readonly evidence?: string;
  /** Appeal and enforcement provisions. */
  readonly appeal: string;
}

/** @internal A US state regime of the common shape: 45 days (or the law's), once extendable by 45 with notice. */
export function usState(law: UsStateLaw): Regime {
  const period = law.period ?? 'P45D';
  const days = period.slice(1, -1);
  const note = law.evidence ? ` [${law.evidence}]` : '';
  return {
    id: law.id,
    name: law.name,
    jurisdiction: law.jurisdiction,
    rights: US_STATE_RIGHTS,
    rules: [
      {
        effectiveFrom: law.effectiveFrom,
        period,
        citation: `${law.section}: respond within ${days} days of receipt${note}`,
        start: 'next-day',
        startCitation: law.counting,
        rollForward: law.roll !== undefined,
        rollForwardCitation:
          law.roll?.citation ??
          law.noRoll ??
          "No computation statute of the state reaches a private controller's deadline: " +
            'a last day on a weekend or holiday stays (the earlier reading)',
        ...(law.roll ? { calendar: law.roll.calendar } : {}),
        extension: {
          period: 'P45D',
          times: 1,
          noticeWithinFirstPeriod: true,
          ...(law.upTo ? { upTo: true } : {}),
          citation:
            law.extensionText ??
            `${law.section}: extendable by 45 additional days when reasonably necessary, ` +
              `the consumer informed within the initial ${days} days with the reason${note}`,
        },
        identityPause: law.identityPause ?? {
          effect: 'none',
          citation:
            `${law.section}: the period runs from receipt; a request that cannot be authenticated need not ` +
            `be complied with, but the clock is not stopped`,
        },
        clarificationPause: { effect: 'none', citation: `${law.section}: the period runs from receipt` },
        onMiss: 'breach',
        onMissCitation: law.appeal,
      },
    ],
  };
}
