/**
 * @module
 * The shapes that cross package boundaries, checked end to end: `@privkit/dsar` holds are what
 * `@privkit/retention` accepts, and the retention rules written in a `@privkit/dpa` model are a
 * policy that `@privkit/retention` runs. Neither package imports the other, so only a test that
 * uses both, as an application does, can prove they line up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRetentionAgainst, DpaError, parseModel, parseRetentionRule } from '@privkit/dpa';
import { createDsarService, createMemoryDsarStore, holdsFor, openRequest, transition } from '@privkit/dsar';
import { createRegimeRegistry, REGIME_IDS } from '@privkit/dsar/regimes';
import { definePolicy, type LegalHold, plan, RetentionError, scheduleRecord } from '@privkit/retention';
import { parseLegalHold } from '@privkit/retention/holds';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

describe('@privkit/dsar holds → @privkit/retention', () => {
  const policy = definePolicy({
    rules: [{ id: 'events', category: 'page-event', purpose: 'analytics', period: 'P90D' }],
  });
  const records = [
    { id: 'e1', category: 'page-event', subject: 'visitor-1', collectedAt: '2025-01-01T00:00:00Z' },
    { id: 'e2', category: 'page-event', subject: 'visitor-2', collectedAt: '2025-01-01T00:00:00Z' },
  ];

  it('an open request holds its subject’s due records; closing it releases them', () => {
    let request = openRequest({
      type: 'receive',
      at: '2025-04-10T09:00:00Z',
      id: 'REQ-1',
      regime: 'gdpr',
      right: 'erasure',
      subject: 'visitor-1',
      timeZone: 'Europe/Paris',
      channel: 'email',
    });
    const open = plan(policy, records, { now: '2025-04-11T00:00:00Z', holds: holdsFor([request]) });
    expect(open.due.map((r) => r.id)).toEqual(['e2']);
    expect(open.held.map((r) => [r.id, r.hold])).toEqual([['e1', 'dsar:REQ-1']]);

    request = transition(request, { type: 'withdraw', at: '2025-04-12T09:00:00Z' });
    const closed = plan(policy, records, { now: '2025-04-13T00:00:00Z', holds: holdsFor([request]) });
    expect(closed.due.map((r) => r.id).sort()).toEqual(['e1', 'e2']);
  });

  it('the hold’s own end event, once it has occurred, releases it too', () => {
    const request = openRequest({
      type: 'receive',
      at: '2025-04-10T09:00:00Z',
      id: 'REQ-2',
      regime: 'ccpa',
      right: 'know',
      subject: 'visitor-2',
      timeZone: 'America/Los_Angeles',
      channel: 'web',
    });
    const [hold] = holdsFor([request]);
    const until = hold?.until as { event: string };
    const released = plan(policy, records, {
      now: '2025-04-13T00:00:00Z',
      holds: [hold as never],
      occurred: { [until.event]: '2025-04-12T00:00:00Z' },
    });
    expect(released.held).toEqual([]);
  });

  it('every hold any open request produces is a valid retention hold', () => {
    // Every shipped regime, every right it grants, any receipt date from 2025 on which the regime is in force
    // (a day after its first rule takes effect, so that every zone's local date is covered).
    const regimes = createRegimeRegistry();
    const cases = REGIME_IDS.flatMap((regime) => {
      const first = Date.parse(`${regimes.get(regime).rules[0]!.effectiveFrom}T00:00:00Z`) + 86_400_000;
      // A law with no fixed period ("without delay") is tracked against an internal target the user sets.
      const open = regimes
        .get(regime)
        .rules.some((rule) => typeof rule.period === 'object' && 'noFixedPeriod' in rule.period);
      const options = open ? { targets: { [regime]: 'P14D' } } : undefined;
      return regimes.get(regime).rights.map((right) => ({ regime, right, first, options }));
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.stringMatching(/^[a-z0-9_-]{1,24}$/),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'America/Sao_Paulo'),
        ({ regime, right, first, options }, at, subject, timeZone) => {
          const request = openRequest(
            {
              type: 'receive',
              at: new Date(Math.max(at.getTime(), first)).toISOString(),
              id: `R-${subject}`,
              regime,
              right,
              subject,
              timeZone,
              channel: 'email',
            },
            options,
          );
          const holds = holdsFor([request]);
          expect(holds).toHaveLength(1);
          for (const hold of holds) expect(parseLegalHold(hold)).toEqual(hold);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('LegalHold: one shape in @privkit/dsar and @privkit/retention', () => {
  it('is the same type both ways (tests/types/legal-hold.ts compiles against the built declarations)', () => {
    const file = fileURLToPath(new URL('./types/legal-hold.ts', import.meta.url));
    const program = ts.createProgram([file], {
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it('every hold a store lists passes retention’s check', async () => {
    const dsar = createDsarService({ store: createMemoryDsarStore() });
    await dsar.receive({
      type: 'receive',
      at: '2025-04-10T09:00:00Z',
      id: 'REQ-9',
      regime: 'gdpr',
      right: 'erasure',
      subject: 'visitor-1',
      timeZone: 'Europe/Paris',
      channel: 'email',
    });
    const holds: LegalHold[] = await dsar.openHolds();
    for (const hold of holds) expect(parseLegalHold(hold)).toEqual(hold);
  });

  it('the README’s retention ↔ DSAR wiring: open requests hold their subject’s records against a sweep', async () => {
    const dsar = createDsarService({ store: createMemoryDsarStore() });
    await dsar.receive({
      type: 'receive',
      at: '2025-04-10T09:00:00Z',
      id: 'REQ-1',
      regime: 'gdpr',
      right: 'erasure',
      subject: 'visitor-1',
      timeZone: 'Europe/Paris',
      channel: 'email',
    });
    const policy = definePolicy({
      rules: [{ id: 'events', category: 'page-event', purpose: 'analytics', period: 'P90D' }],
    });
    const records = [
      { id: 'e1', category: 'page-event', subject: 'visitor-1', collectedAt: '2025-01-01T00:00:00Z' },
      { id: 'e2', category: 'page-event', subject: 'visitor-2', collectedAt: '2025-01-01T00:00:00Z' },
    ];
    const open = plan(policy, records, { now: '2025-04-11T00:00:00Z', holds: await dsar.openHolds() });
    expect(open.held.map((r) => [r.id, r.hold])).toEqual([['e1', 'dsar:REQ-1']]);
    await dsar.apply('REQ-1', { type: 'withdraw', at: '2025-04-12T09:00:00Z' });
    const closed = plan(policy, records, { now: '2025-04-13T00:00:00Z', holds: await dsar.openHolds() });
    expect(closed.due.map((r) => r.id).sort()).toEqual(['e1', 'e2']);
  });
});

describe('@privkit/dpa retention rules → @privkit/retention', () => {
  // The seed documents expressed in the model (reviewed fixtures of @privkit/dpa).
  const dir = fileURLToPath(new URL('../packages/dpa/test/fixtures/', import.meta.url));
  const models = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, model: parseModel(JSON.parse(readFileSync(join(dir, name), 'utf8'))) }));

  it('finds the seed models', () => {
    expect(models.map((m) => m.name)).toContain('seed-000-exatom-notice.json');
    expect(models.filter((m) => (m.model.retention ?? []).length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it.each(models.map((m) => [m.name, m.model] as const))(
    '%s: the documents’ rules are a policy retention runs, and agree with it',
    (_name, model) => {
      const rules = model.retention ?? [];
      if (rules.length === 0) return;
      const policy = definePolicy({ rules });
      expect(policy.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
      expect(checkRetentionAgainst(model, policy.rules)).toEqual([]);
      // Every rule can be scheduled: a record collected now has a due date or waits for its event.
      for (const rule of policy.rules) {
        const s = scheduleRecord(policy, {
          id: 'r',
          category: rule.category,
          purpose: rule.purpose,
          collectedAt: '2026-01-15T10:00:00Z',
        });
        expect(['scheduled', 'waiting']).toContain(s.status);
      }
    },
  );

  it('a running policy that drifts from the documents is reported', () => {
    const { model } = models.find((m) => m.name === 'seed-000-exatom-notice.json')!;
    const drifted = (model.retention ?? []).map((r, i) => (i === 0 ? { ...r, period: 'P2D' } : r));
    const findings = checkRetentionAgainst(model, definePolicy({ rules: drifted }).rules);
    expect(findings.map((f) => f.rule)).toContain('retention.period-mismatch');
  });

  // Rule objects of every kind: valid ones, and the mistakes an author makes (a misspelt key, a
  // camelCase anchor, a duration written as prose, an inverted range, a trigger without its event,
  // blank text, wrong types). Both packages must accept exactly the same ones and refuse the others
  // with the same code at the same place.
  const validDuration = fc
    .record({ y: fc.nat(30), m: fc.nat(30), w: fc.nat(10), d: fc.nat(400), h: fc.nat(100) })
    .map(({ y, m, w, d, h }) =>
      [
        'P',
        y ? `${y}Y` : '',
        m ? `${m}M` : '',
        w ? `${w}W` : '',
        d || !(y || m || w || h) ? `${d}D` : '',
        h ? `T${h}H` : '',
      ].join(''),
    );
  const badDuration = fc.constantFrom('P', 'PT', 'P1.5D', '7d', 'p7d', 'P7D ', 'P-1D', 'P10001Y', '', 7, null);
  const validText = fc.oneof(
    fc.stringMatching(/^[a-z][a-z -]{0,10}$/),
    fc.constantFrom('Art. 6(1)(f) GDPR', '§ 147 AO'),
  );
  const badText = fc.constantFrom('', ' ', '\t\n', 3, null, ['x']);
  const validRule = fc.record(
    {
      id: fc.stringMatching(/^[a-z][a-z0-9.:_-]{0,12}$/),
      category: validText,
      purpose: validText,
      legalBasis: validText,
      citation: validText,
      period: fc.oneof(
        validDuration,
        fc.record({ min: validDuration, max: validDuration }), // sometimes inverted
        fc.nat(400).map((d) => ({ min: `P${d}D`, max: `P${d + 1}Y` })),
      ),
      trigger: fc.oneof(
        fc.constantFrom({ type: 'collected' }, { type: 'last-activity' }),
        fc.record({ type: fc.constant('event'), event: validText }),
        fc.record({ type: fc.constantFrom('collected', 'last-activity'), label: validText }),
        fc.record({ type: fc.constant('event'), event: validText, label: validText }),
      ),
      anchor: fc.constantFrom('none', 'next-day', 'end-of-month', 'end-of-year'),
      // The words documents print (dpa), which retention keeps as given.
      dataCategories: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 3 }),
      purposeLabel: validText,
      variant: validText,
    },
    { requiredKeys: ['id', 'category', 'purpose', 'period'] },
  );
  // One mistake: a field set to a wrong value, a required field left out, or a key added.
  const mistake = fc.oneof(
    fc.tuple(fc.constant('id'), fc.constantFrom('', 'has space', '-x', 'a'.repeat(129), 7)),
    fc.tuple(fc.constantFrom('category', 'purpose', 'legalBasis', 'citation'), badText),
    fc.tuple(
      fc.constant('period'),
      fc.oneof(badDuration, fc.record({ min: badDuration, max: validDuration }), fc.record({ min: validDuration })),
    ),
    fc.tuple(
      fc.constant('trigger'),
      fc.constantFrom(
        { type: 'lastActivity' },
        { type: 'event' },
        { tpye: 'event', event: 'x' },
        { type: 'collected', event: 'x' },
        { type: 'event', event: ' ' },
        { type: 'event', event: 'x', label: '' },
        { type: 'collected', lable: 'x' },
        'collected',
        null,
      ),
    ),
    fc.tuple(fc.constant('dataCategories'), fc.constantFrom([], 'contact', ['has space'], [3], null)),
    fc.tuple(fc.constantFrom('purposeLabel', 'variant'), badText),
    fc.tuple(fc.constant('anchor'), fc.constantFrom('nextDay', 'endOfYear', 'NONE', '', 3)),
    fc.tuple(fc.constantFrom('id', 'category', 'purpose', 'period'), fc.constant(undefined)),
    fc.tuple(
      fc.oneof(
        fc.constantFrom('triger', 'anchr', 'exceptionto', 'Period', 'legal_basis', '__proto__', 'periods'),
        fc.string({ minLength: 1, maxLength: 8 }),
      ),
      fc.jsonValue(),
    ),
  );
  const ruleObject = fc.tuple(validRule, fc.array(mistake, { maxLength: 2 })).map(([rule, mistakes]) => {
    const out: Record<string, unknown> = { ...rule };
    for (const [key, value] of mistakes) {
      if (value === undefined) delete out[key];
      else Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
    }
    return out;
  });

  type Outcome = { ok: true } | { ok: false; code: string; path: string | undefined };
  const outcome = (run: () => unknown, type: typeof DpaError | typeof RetentionError): Outcome => {
    try {
      run();
      return { ok: true };
    } catch (error) {
      expect(error).toBeInstanceOf(type);
      const e = error as DpaError | RetentionError;
      return { ok: false, code: e.code, path: e.path };
    }
  };

  it('both packages accept exactly the same generated rule objects, and refuse the rest alike', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(ruleObject, (rule) => {
        const retention = outcome(() => definePolicy({ rules: [rule as never] }), RetentionError);
        const inModel = outcome(
          () => parseModel({ id: 'm', parties: [], activities: [], retention: [rule] }),
          DpaError,
        );
        const alone = outcome(() => parseRetentionRule(rule), DpaError);
        const at = (o: Outcome, from: string) => (o.ok ? o : { ...o, path: o.path?.replace(from, 'rules[0]') });
        expect(at(inModel, 'retention[0]')).toEqual(retention);
        expect(at(alone, 'rule')).toEqual(retention);
        if (retention.ok) accepted++;
        else refused++;
      }),
      { numRuns: 3_000 },
    );
    // Both kinds were generated in numbers (the property is not vacuous).
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
