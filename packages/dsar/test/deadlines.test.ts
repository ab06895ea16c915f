/**
 * @module
 * The worked deadline tables (test/vectors/regimes/<regime>.json, one file per regime,
 * hand-worked from the provisions they cite), then the engine's edges: the rule in force by
 * receipt date, holiday calendars, end of the local day, `overdue` and `dueWithin`, and the
 * typed errors.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type DeadlineOptions,
  deadlinesFor,
  dueDates,
  dueWithin,
  explainDeadline,
  overdue,
} from '../src/deadlines/index.js';
import { DsarError, type DsarEvent, openRequest, type ReceiveEvent, TRANSITIONS, transition } from '../src/index.js';
import {
  CALENDARS,
  createRegimeRegistry,
  defineRegime,
  extendCalendar,
  isWorkingDay,
  REGIME_IDS,
  type Regime,
  type RegimeRule,
} from '../src/regimes/index.js';

const US_FEDERAL = CALENDARS['us-federal']!;
const ENGLAND_AND_WALES = CALENDARS['gb-eaw']!;
const registry = createRegimeRegistry();
const getRegime = (id: string) => registry.get(id);
const ruleInForce = (id: string, date: string) => registry.ruleInForce(id, date);

/** One worked case: a receipt, the events after it, and the deadlines the provisions give. */
interface Case {
  readonly name: string;
  readonly source: string;
  readonly receive: Partial<ReceiveEvent>;
  readonly events?: readonly unknown[];
  /** Deadline options for the case: `targets` where the law sets no fixed period. */
  readonly options?: DeadlineOptions;
  readonly expect: Readonly<Record<string, string | number>>;
}
/** A regime's vector file. */
interface RegimeVectors {
  readonly regime: string;
  readonly source: string;
  readonly cases: readonly Case[];
}

const dir = new URL('./vectors/regimes/', import.meta.url);
const files: RegimeVectors[] = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as RegimeVectors);

function replayCase(c: Case) {
  const receive = { type: 'receive', id: 'V', subject: 's', channel: 'email', ...c.receive } as ReceiveEvent;
  let state = openRequest(receive, c.options);
  for (const event of c.events ?? []) state = transition(state, event as DsarEvent, c.options);
  return state;
}

describe('worked deadline tables', () => {
  it('every shipped regime has a vector file, and every case cites its source', () => {
    expect(files.map((f) => f.regime).sort()).toEqual([...REGIME_IDS].sort());
    for (const f of files) {
      expect(f.source.length).toBeGreaterThan(50);
      expect(f.cases.length).toBeGreaterThan(0);
      for (const c of f.cases) {
        expect(c.source.length).toBeGreaterThan(5);
        expect(c.receive.regime).toBe(f.regime);
      }
    }
  });
  for (const c of files.flatMap((f) => f.cases)) {
    it(c.name, () => {
      const e = c.expect;
      // "error": the last event (or the receipt) is refused with this code.
      if (e['error'] !== undefined) {
        expect(() => replayCase(c)).toThrowError(expect.objectContaining({ code: e['error'] }));
        return;
      }
      const d = dueDates(replayCase(c), c.options);
      // "none": the regime sets no such deadline for this request.
      const date = (due: { date: string } | undefined) => due?.date ?? 'none';
      if (e['respondBy']) expect(d.respondBy.date).toBe(e['respondBy']);
      if (e['firstPeriodEnds']) expect(d.firstPeriodEnds.date).toBe(e['firstPeriodEnds']);
      if (e['latestExtended']) expect(date(d.latestExtended)).toBe(e['latestExtended']);
      if (e['acknowledgeBy']) expect(date(d.acknowledgeBy)).toBe(e['acknowledgeBy']);
      if (e['forwardBy']) expect(date(d.forwardBy)).toBe(e['forwardBy']);
      if (e['endsAt']) expect(d.respondBy.endsAt).toBe(e['endsAt']);
      if (e['receivedOn']) expect(d.receivedOn).toBe(e['receivedOn']);
      if (e['startsOn']) expect(d.startsOn).toBe(e['startsOn']);
      if (e['onMiss']) expect(d.onMiss).toBe(e['onMiss']);
      if (e['basis']) expect(d.basis).toBe(e['basis']);
      if (e['ruleEffectiveFrom']) expect(d.ruleEffectiveFrom).toBe(e['ruleEffectiveFrom']);
      if (e['pausedDays'] !== undefined) expect(d.pausedDays).toBe(e['pausedDays']);
      if (e['calendar']) expect(d.calendar).toBe(e['calendar']);
    });
  }
});

const gdpr = (at: string, extra: Partial<ReceiveEvent> = {}) =>
  openRequest({
    type: 'receive',
    at,
    id: 'R1',
    regime: 'gdpr',
    right: 'access',
    subject: 's1',
    timeZone: 'Europe/Paris',
    channel: 'email',
    ...extra,
  });

describe('deadline engine', () => {
  it('applies the rule in force on the receipt date (UK GDPR Art 12A from 5 February 2026)', () => {
    expect(ruleInForce('uk-gdpr', '2026-02-04').effectiveFrom).toBe('2021-01-01');
    expect(ruleInForce('uk-gdpr', '2026-02-05').effectiveFrom).toBe('2026-02-05');
    expect(ruleInForce('ccpa', '2023-03-28').citation).toContain('999.313');
    expect(() => ruleInForce('texas', '2024-06-30')).toThrowError(
      expect.objectContaining({ code: 'NO_RULE_IN_FORCE' }),
    );
    expect(() =>
      openRequest({
        type: 'receive',
        at: '2024-06-30T12:00:00Z',
        id: 'T',
        regime: 'texas',
        right: 'access',
        subject: 's',
        timeZone: 'America/Chicago',
        channel: 'email',
      }),
    ).toThrowError(expect.objectContaining({ code: 'NO_RULE_IN_FORCE' }));
  });

  it('explains every step with citations', () => {
    const { steps, dates } = explainDeadline(gdpr('2025-10-31T12:00:00Z'));
    expect(dates.respondBy.date).toBe('2025-12-01');
    const text = steps.map((s) => s.step).join('\n');
    expect(text).toContain('2025-11-30 is not a working day');
    expect(steps.some((s) => s.citation?.includes('Art 3(4)'))).toBe(true);
    expect(steps.some((s) => s.citation?.includes('Art 12(3)'))).toBe(true);
  });

  it('the deadline is the end of the local day in the controller zone', () => {
    const r = gdpr('2025-01-31T09:30:00Z');
    expect(overdue([r], '2025-02-28T22:59:59.999Z')).toEqual([]);
    const [alert] = overdue([r], '2025-02-28T23:00:00Z');
    expect(alert).toMatchObject({ id: 'R1', kind: 'response', onMiss: 'breach', due: { date: '2025-02-28' } });
    const tokyo = gdpr('2025-01-31T09:30:00Z', { timeZone: 'Asia/Tokyo' });
    expect(dueDates(tokyo).respondBy.endsAt).toBe('2025-02-28T15:00:00.000Z');
  });

  it('overdue skips closed requests and stopped clocks, and reports missed acknowledgements', () => {
    const closed = transition(gdpr('2025-01-31T09:30:00Z'), { type: 'withdraw', at: '2025-02-01T10:00:00Z' });
    expect(overdue([closed], '2026-01-01T00:00:00Z')).toEqual([]);
    const uk = openRequest({
      type: 'receive',
      at: '2026-03-02T10:00:00Z',
      id: 'U',
      regime: 'uk-gdpr',
      right: 'access',
      subject: 's',
      timeZone: 'Europe/London',
      channel: 'email',
    });
    const paused = transition(transition(uk, { type: 'identity-verified', at: '2026-03-02T11:00:00Z' }), {
      type: 'request-clarification',
      at: '2026-03-03T10:00:00Z',
    });
    expect(dueDates(paused).paused).toBe(true);
    expect(overdue([paused], '2026-12-01T00:00:00Z')).toEqual([]);
    const ccpa = openRequest({
      type: 'receive',
      at: '2025-01-31T17:00:00-08:00',
      id: 'C',
      regime: 'ccpa',
      right: 'know',
      subject: 's',
      timeZone: 'America/Los_Angeles',
      channel: 'email',
    });
    expect(overdue([ccpa], '2025-02-19T08:00:00Z').map((a) => a.kind)).toEqual(['acknowledgement']);
    const acked = transition(ccpa, { type: 'acknowledge', at: '2025-02-03T10:00:00Z' });
    expect(overdue([acked], '2025-02-19T08:00:00Z')).toEqual([]);
    expect(overdue([ccpa, acked], '2025-04-01T00:00:00Z').map((a) => `${a.id}:${a.kind}`)).toEqual([
      'C:acknowledgement',
      'C:response',
      'C:response',
    ]);
  });

  it('dueWithin lists coming deadlines, soonest first', () => {
    const a = gdpr('2025-01-31T09:30:00Z');
    const b = gdpr('2025-02-10T09:30:00Z', { id: 'R2' });
    expect(dueWithin([b, a], 'P7D', '2025-02-22T12:00:00Z').map((x) => x.id)).toEqual(['R1']);
    expect(dueWithin([b, a], 'P30D', '2025-02-22T12:00:00Z').map((x) => x.id)).toEqual(['R1', 'R2']);
    expect(dueWithin([a], 'PT48H', '2025-03-01T00:00:00Z')).toEqual([]);
    expect(() => dueWithin([a], 'one week')).toThrowError(expect.objectContaining({ code: 'INVALID_DURATION' }));
    expect(() => dueWithin([a], 'P1M')).toThrowError(expect.objectContaining({ code: 'INVALID_DURATION' }));
    expect(() => overdue([a], 'yesterday')).toThrowError(DsarError);
  });

  it('holiday calendars: weekday holidays, extension, unknown ids', () => {
    for (const cal of [ENGLAND_AND_WALES, US_FEDERAL]) {
      // Substitute days are published, so no listed holiday may fall on a weekend.
      for (const day of cal.holidays)
        expect(isWorkingDay({ ...cal, holidays: [] }, day), `${cal.id} ${day}`).toBe(true);
      for (const day of cal.holidays) expect(isWorkingDay(cal, day)).toBe(false);
    }
    expect(isWorkingDay(CALENDARS['weekends']!, '2025-11-29')).toBe(false);
    const extended = extendCalendar(ENGLAND_AND_WALES, { id: 'gb-x', holidays: ['2025-02-28'] });
    expect(ENGLAND_AND_WALES.holidays.includes('2025-02-28')).toBe(false);
    const r = openRequest(
      {
        type: 'receive',
        at: '2025-01-31T09:30:00Z',
        id: 'R1',
        regime: 'gdpr',
        right: 'access',
        subject: 's1',
        timeZone: 'Europe/Paris',
        channel: 'email',
        calendar: 'gb-x',
      },
      { calendars: { 'gb-x': extended } },
    );
    expect(dueDates(r, { calendars: { 'gb-x': extended } }).respondBy.date).toBe('2025-03-03');
    expect(() => dueDates(r)).toThrowError(expect.objectContaining({ code: 'UNKNOWN_CALENDAR' }));
    expect(() => extendCalendar(WEEKDAY_ONLY, { holidays: ['2025-02-30'] })).toThrowError(
      expect.objectContaining({ code: 'INVALID_DATE', path: 'extra.holidays[0]' }),
    );
    expect(() => isWorkingDay(ENGLAND_AND_WALES, '31/01/2025')).toThrowError(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });

  it('rejects bad input without echoing it', () => {
    const secret = 'jane.doe@example.com';
    for (const bad of [{ timeZone: secret }, { at: secret }, { right: secret }, { regime: secret }]) {
      try {
        gdpr('2025-01-31T09:30:00Z', bad as Partial<ReceiveEvent>);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DsarError);
        expect(String((error as Error).message)).not.toContain('jane');
      }
    }
  });
});

const WEEKDAY_ONLY = CALENDARS['weekends']!;

describe('deadlinesFor (a receipt without a request)', () => {
  it('matches the worked vectors and validates its input', () => {
    expect(
      deadlinesFor({ regime: 'gdpr', receivedAt: '2025-01-31', timeZone: 'Europe/Paris' }).dates.respondBy.date,
    ).toBe('2025-02-28');
    const ccpa = deadlinesFor({
      regime: 'ccpa',
      receivedAt: '2025-01-31T17:00:00-08:00',
      timeZone: 'America/Los_Angeles',
    }).dates;
    expect([ccpa.respondBy.date, ccpa.acknowledgeBy?.date]).toEqual(['2025-03-17', '2025-02-18']);
    expect(
      deadlinesFor({
        regime: 'ccpa',
        right: 'opt-out-sale-sharing',
        receivedAt: '2025-01-31',
        timeZone: 'America/Los_Angeles',
      }).dates.respondBy.date,
    ).toBe('2025-02-25');
    expect(
      deadlinesFor({ regime: 'uk-gdpr', receivedAt: '2025-11-26', timeZone: 'Europe/London' }).steps.some((s) =>
        s.step.includes('gb-eaw'),
      ),
    ).toBe(true);
    expect(() => deadlinesFor({ regime: 'gdpr', receivedAt: '2025-02-30', timeZone: 'UTC' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_INSTANT' }),
    );
    expect(() => deadlinesFor({ regime: 'gdpr', receivedAt: '2025-02-03', timeZone: 'Mars/Olympus' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() =>
      deadlinesFor({ regime: 'gdpr', right: 'know', receivedAt: '2025-02-03', timeZone: 'UTC' }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('regimes are data', () => {
  it('every shipped regime is plain JSON with citations on every rule', () => {
    for (const id of REGIME_IDS) {
      const regime = getRegime(id);
      expect(JSON.parse(JSON.stringify(regime))).toEqual(regime);
      for (const rule of regime.rules) {
        for (const c of [rule.citation, rule.startCitation, rule.onMissCitation, rule.rollForwardCitation])
          expect(c?.length ?? 0).toBeGreaterThan(5);
        if (rule.extension) expect(rule.extension.citation.length).toBeGreaterThan(5);
      }
    }
    expect(JSON.parse(JSON.stringify(TRANSITIONS))).toEqual(TRANSITIONS);
  });

  it(
    'defineRegime refuses impossible dates, acknowledgements for unknown rights and "up to" without a maximum; ' +
      'shipped regimes stay',
    () => {
      const base = getRegime('ccpa');
      const rule = base.rules[1]!;
      expect(() => defineRegime({ ...base, id: 'x', rules: [{ ...rule, effectiveFrom: '2018-02-30' }] })).toThrowError(
        expect.objectContaining({ code: 'INVALID_DATE', path: 'regime.rules[0].effectiveFrom' }),
      );
      expect(() =>
        defineRegime({
          ...base,
          id: 'x',
          rules: [{ ...rule, acknowledgement: { ...rule.acknowledgement!, rights: ['sell'] } }],
        }),
      ).toThrowError(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'regime.rules[0].acknowledgement.rights[0]' }),
      );
      const { period: _, ...noPeriod } = rule.extension!;
      expect(() => defineRegime({ ...base, id: 'x', rules: [{ ...rule, extension: noPeriod }] })).toThrowError(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'regime.rules[0].extension.upTo' }),
      );
      expect(() => createRegimeRegistry({ regimes: [{ ...base, rules: [{ ...rule, period: 'P90D' }] }] })).toThrowError(
        expect.objectContaining({ code: 'REGIME_EXISTS' }),
      );
      expect(createRegimeRegistry().get('ccpa').rules[1]?.period).toBe('P45D');
    },
  );

  it('defineRegime validates and registers a regime; requests can then name it', () => {
    const base = getRegime('gdpr');
    expect(() => defineRegime({ ...base, id: 'bad', rules: [] })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => defineRegime({ ...base, id: 'bad', rules: [{ ...base.rules[0]!, period: 'P0M' }] })).toThrowError(
      expect.objectContaining({ code: 'INVALID_DURATION' }),
    );
    expect(() => defineRegime({ ...base, id: 'bad', rules: [base.rules[0]!, base.rules[0]!] })).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    const own = createRegimeRegistry();
    own.register({ ...base, id: 'gdpr-ie', rules: [{ ...base.rules[0]!, calendar: 'ie' }] });
    const ie = extendCalendar(WEEKDAY_ONLY, { id: 'ie', name: 'Ireland', holidays: ['2025-03-17'] });
    // 17 February + 1 month = 17 March 2025, St Patrick's Day in Ireland → 18 March.
    const input = { regime: 'gdpr-ie', receivedAt: '2025-02-17', timeZone: 'Europe/Dublin' };
    expect(deadlinesFor(input, { regimes: own, calendars: { ie } }).dates.respondBy.date).toBe('2025-03-18');
    // Another registry (and the default one) does not know it: no process-wide table.
    expect(() => deadlinesFor(input, { calendars: { ie } })).toThrowError(
      expect.objectContaining({ code: 'UNKNOWN_REGIME' }),
    );
    expect(() => getRegime('gdpr-ie')).toThrowError(expect.objectContaining({ code: 'UNKNOWN_REGIME' }));
  });
});

describe('laws with no fixed period', () => {
  const jp = (at: string, right = 'access') =>
    ({
      type: 'receive',
      at,
      id: 'JP',
      regime: 'jp-appi',
      right,
      subject: 's',
      timeZone: 'Asia/Tokyo',
      channel: 'email',
    }) as const;

  it('track the internal target, say it is one, and never call it a statutory deadline', () => {
    const options = { targets: { 'jp-appi': 'P14D' } };
    const r = openRequest(jp('2025-12-26T03:00:00Z'), options);
    const { steps, dates } = explainDeadline(r, options);
    expect(dates.basis).toBe('internal-target');
    expect(dates.respondBy.date).toBe('2026-01-09');
    expect(dates.latestExtended).toBeUndefined();
    const text = steps.map((s) => s.step).join('\n');
    expect(text).toContain('no statutory period for "access": the law asks for a response without delay');
    expect(text).toContain('not a legal deadline');
    expect(text).toContain('internal target: the end of 2026-01-09');
    expect(text).not.toContain('a miss is');
    expect(steps.find((s) => s.step.startsWith('no statutory period'))?.citation).toContain('APPI art 33(2)');
    // Extending a request whose law sets no period is not available.
    expect(() =>
      transition(r, { type: 'extend', at: '2025-12-30T03:00:00Z', reason: 'complexity' }, options),
    ).toThrowError(expect.objectContaining({ code: 'EXTENSION_NOT_AVAILABLE' }));
    // A statutory regime under the same options is unchanged.
    expect(dueDates(gdpr('2025-01-31T09:30:00Z'), options).basis).toBe('statute');
  });

  it('overdue and dueWithin report the target with its basis; without a target every entry point refuses', () => {
    const options = { targets: { 'jp-appi': { workingDays: 5 } } };
    // Friday 26 December 2025: five weekdays after it end Friday 2 January 2026 (the calendar is weekends).
    const r = openRequest(jp('2025-12-26T03:00:00Z'), options);
    expect(overdue([r], '2026-01-02T14:59:59Z', options)).toEqual([]);
    expect(overdue([r], '2026-01-02T15:00:00Z', options)).toEqual([
      {
        id: 'JP',
        kind: 'response',
        due: { date: '2026-01-02', endsAt: '2026-01-02T15:00:00.000Z' },
        onMiss: 'breach',
        basis: 'internal-target',
      },
    ]);
    expect(dueWithin([r], 'P2D', '2026-01-01T00:00:00Z', options).map((a) => a.basis)).toEqual(['internal-target']);
    const refused = expect.objectContaining({ code: 'NO_STATUTORY_PERIOD', path: 'options.targets' });
    expect(() => openRequest(jp('2025-12-26T03:00:00Z'))).toThrowError(refused);
    expect(() => dueDates(r)).toThrowError(refused);
    expect(() => explainDeadline(r)).toThrowError(refused);
    expect(() => overdue([r], '2026-01-02T15:00:00Z')).toThrowError(refused);
    expect(() => dueDates(r, { targets: { 'au-app': 'P30D' } })).toThrowError(refused);
    // A receipt date alone (deadlinesFor): Australia's APP 12.4(a)(ii), a 30-day target, not moved.
    const au = { regime: 'au-app', receivedAt: '2025-01-31', timeZone: 'Australia/Sydney' };
    expect(deadlinesFor(au, { targets: { 'au-app': 'P30D' } }).dates).toMatchObject({
      basis: 'internal-target',
      respondBy: { date: '2025-03-02' },
    });
    expect(() => deadlinesFor(au)).toThrowError(refused);
  });

  it('targets and regimes are checked strictly', () => {
    for (const bad of ['P0D', '30 days', 'PT12H', { workingDays: 0 }, { days: 3 }, null]) {
      expect(
        () => dueDates(gdpr('2025-01-31T09:30:00Z'), { targets: { 'jp-appi': bad as never } }),
        String(bad),
      ).toThrowError(DsarError);
    }
    // A target for a misspelt regime, or for one whose law sets the period, would never be used.
    for (const id of ['jp-api', 'gdpr', '__proto__']) {
      expect(
        () => dueDates(gdpr('2025-01-31T09:30:00Z'), { targets: JSON.parse(`{"${id}": "P14D"}`) }),
        id,
      ).toThrowError(expect.objectContaining({ code: 'UNKNOWN_KEY', path: joinPathOf(id) }));
    }
    const base = {
      effectiveFrom: '2026-01-01',
      period: { noFixedPeriod: 'without delay' },
      citation: 'Example Act s 1',
      start: 'next-day',
      startCitation: 'Example Act s 2',
      rollForward: false,
      onMiss: 'breach',
      onMissCitation: 'Example Act s 3',
    } as const;
    const regime = (rule: object): Regime => ({
      id: 'example',
      name: 'Example',
      jurisdiction: 'X',
      rights: ['access'],
      rules: [rule as RegimeRule],
    });
    expect(defineRegime(regime(base)).rules[0]?.period).toEqual({ noFixedPeriod: 'without delay' });
    expect(() =>
      defineRegime(
        regime({ ...base, extension: { period: 'P1M', times: 1, noticeWithinFirstPeriod: true, citation: 'x' } }),
      ),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'regime.rules[0].extension' }));
    expect(() => defineRegime(regime({ ...base, period: { noFixedPeriod: '' } }))).toThrowError(DsarError);
    expect(() => defineRegime(regime({ ...base, period: { noFixedPeriod: 'soon', days: 3 } }))).toThrowError(
      expect.objectContaining({ code: 'UNKNOWN_KEY' }),
    );
  });
});

/** The path the checks give a key of `options.targets`. */
function joinPathOf(id: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(id) ? `options.targets.${id}` : `options.targets[${JSON.stringify(id)}]`;
}
