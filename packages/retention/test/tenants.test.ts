/**
 * @module
 * Per-tenant retention: overrides cascade over the global policy, bounds fixed by law or contract
 * are never crossed (checked against Temporal on generated periods, zones and instants, not on the
 * implementation's own reference days), explanations name the level that decided, and a plan of
 * many tenants is each tenant's own plan.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { definePolicy, plan, RetentionError, type RetentionErrorCode } from '../src/index.js';
import {
  defineTenantPolicies,
  explainTenant,
  planTenants,
  type TenantPoliciesInput,
  type TenantRecord,
} from '../src/tenants.js';

const GLOBAL = {
  timeZone: 'Europe/Berlin',
  rules: [
    { id: 'invoices', category: 'invoice', purpose: 'tax', period: 'P10Y', anchor: 'end-of-year' as const },
    { id: 'pageviews', category: 'pageview', purpose: 'analytics', period: 'P13M' },
    { id: 'security', category: 'pageview', purpose: 'security', period: 'P7D', exceptionTo: 'pageviews' },
  ],
};
const BOUNDS = [
  { rule: 'invoices', min: 'P10Y', source: 'HGB §257(4)' },
  { rule: 'pageviews', max: 'P25M', source: 'DPA clause 7.2' },
];

function codeOf(fn: () => unknown): { code: RetentionErrorCode; path: string | undefined; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RetentionError);
    const e = error as RetentionError;
    return { code: e.code, path: e.path, message: e.message };
  }
  throw new Error('expected a RetentionError');
}

describe('defineTenantPolicies', () => {
  const policies = defineTenantPolicies({
    policy: GLOBAL,
    bounds: BOUNDS,
    tenants: {
      'site-42': { overrides: [{ rule: 'pageviews', period: 'P6M', reason: 'site setting' }] },
      'shop-1': { overrides: [{ rule: 'invoices', period: 'P12Y' }], timeZone: 'America/New_York' },
    },
  });

  it('builds each tenant its own policy over the global rule ids', () => {
    expect(policies.policyFor('site-42').rule('pageviews')?.period).toBe('P6M');
    expect(policies.policyFor('site-42').rule('invoices')?.period).toBe('P10Y');
    expect(policies.policyFor('shop-1').timeZone).toBe('America/New_York');
    expect(policies.policyFor('nobody')).toBe(policies.global);
    expect(policies.tenants()).toEqual(['shop-1', 'site-42']);
  });

  it('names the level that set a period, with its bound', () => {
    expect(policies.levelOf('site-42', 'pageviews')).toEqual({
      level: 'tenant',
      period: 'P6M',
      reason: 'site setting',
      bound: BOUNDS[1],
    });
    expect(policies.levelOf('site-7', 'pageviews')).toEqual({ level: 'global', period: 'P13M', bound: BOUNDS[1] });
    expect(policies.levelOf('site-42', 'security')).toEqual({ level: 'global', period: 'P7D' });
    expect(codeOf(() => policies.levelOf('site-42', 'nope')).code).toBe('UNKNOWN_RULE');
  });

  it('refuses an override that crosses a bound, naming the path and the source', () => {
    const short = codeOf(() => policies.withTenant('shop-2', { overrides: [{ rule: 'invoices', period: 'P5Y' }] }));
    expect(short).toMatchObject({ code: 'OUT_OF_BOUNDS', path: 'tenants["shop-2"].overrides[0].period' });
    expect(short.message).toContain('HGB §257(4)');
    const long = codeOf(() =>
      policies.withTenant('site-9', { overrides: [{ rule: 'pageviews', period: { min: 'P1M', max: 'P26M' } }] }),
    );
    expect(long.code).toBe('OUT_OF_BOUNDS');
    // 25 months is 758 to 762 days (31 January 2025 + P25M is 28 February 2027): 759 days is
    // longer from some start, so it is refused; 758 never is.
    expect(
      codeOf(() => policies.withTenant('site-9', { overrides: [{ rule: 'pageviews', period: 'P759D' }] })).code,
    ).toBe('OUT_OF_BOUNDS');
    expect(policies.withTenant('site-9', { overrides: [{ rule: 'pageviews', period: 'P758D' }] }).tenants()).toContain(
      'site-9',
    );
    // The bound itself is allowed; the policies given are not changed by a refusal.
    expect(policies.withTenant('site-9', { overrides: [{ rule: 'pageviews', period: 'P25M' }] })).not.toBe(policies);
    expect(policies.tenants()).toEqual(['shop-1', 'site-42']);
  });

  it('compares days with exact hours across offset changes outside UTC only', () => {
    const input = (timeZone: string): TenantPoliciesInput => ({
      policy: { timeZone, rules: [{ id: 'r', category: 'c', purpose: 'p', period: 'PT20H' }] },
      bounds: [{ rule: 'r', max: 'PT24H', source: 'contract' }],
      tenants: { t: { overrides: [{ rule: 'r', period: 'P1D' }] } },
    });
    // In Berlin a day lasts 25 hours on the last Sunday of October: P1D can exceed PT24H.
    expect(codeOf(() => defineTenantPolicies(input('Europe/Berlin'))).code).toBe('OUT_OF_BOUNDS');
    expect(defineTenantPolicies(input('UTC')).tenants()).toEqual(['t']);
  });

  it('counts days as 24 hours in a zone of one offset, and refuses control characters in printed text', () => {
    const tokyo: TenantPoliciesInput = {
      policy: { timeZone: 'Asia/Tokyo', rules: [{ id: 'r', category: 'c', purpose: 'p', period: 'PT20H' }] },
      bounds: [{ rule: 'r', max: 'P1D', source: 'contract' }],
      tenants: { t: { overrides: [{ rule: 'r', period: 'PT24H' }] } },
    };
    expect(defineTenantPolicies(tokyo).policyFor('t').rule('r')?.period).toBe('PT24H');
    const berlin = { ...tokyo, policy: { ...tokyo.policy, timeZone: 'Europe/Berlin' } };
    expect(codeOf(() => defineTenantPolicies(berlin)).code).toBe('OUT_OF_BOUNDS');
    const ansi = '\u001b[2J';
    expect(
      codeOf(() => policies.withTenant('t', { overrides: [{ rule: 'pageviews', period: 'P6M', reason: `a${ansi}` }] })),
    ).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'tenants["t"].overrides[0].reason' });
    expect(
      codeOf(() => defineTenantPolicies({ policy: GLOBAL, bounds: [{ rule: 'pageviews', max: 'P2Y', source: ansi }] })),
    ).toMatchObject({ code: 'INVALID_ARGUMENT', path: 'bounds[0].source' });
  });

  it('refuses a global rule that breaks its own bound, and bounds that make no sense', () => {
    expect(
      codeOf(() => defineTenantPolicies({ policy: GLOBAL, bounds: [{ rule: 'pageviews', max: 'P12M', source: 'x' }] })),
    ).toMatchObject({ code: 'OUT_OF_BOUNDS', path: 'policy.rules[1].period' });
    expect(
      codeOf(() => defineTenantPolicies({ policy: GLOBAL, bounds: [{ rule: 'x', max: 'P1Y', source: 's' }] })),
    ).toMatchObject({ code: 'UNKNOWN_RULE', path: 'bounds[0].rule' });
    expect(
      codeOf(() =>
        defineTenantPolicies({ policy: GLOBAL, bounds: [{ rule: 'pageviews', min: 'P2Y', max: 'P1Y', source: 's' }] }),
      ).code,
    ).toBe('RANGE_INVERTED');
    expect(
      codeOf(() => defineTenantPolicies({ policy: GLOBAL, bounds: [{ rule: 'pageviews', source: 's' }] })).code,
    ).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(() => defineTenantPolicies({ policy: GLOBAL, bounds: [{ rule: 'pageviews', max: 'P2Y' } as never] })).path,
    ).toBe('bounds[0].source');
    expect(
      codeOf(() =>
        defineTenantPolicies({
          policy: GLOBAL,
          bounds: [
            { rule: 'pageviews', max: 'P2Y', source: 's' },
            { rule: 'pageviews', min: 'P1M', source: 's' },
          ],
        }),
      ).code,
    ).toBe('CONFLICTING_RULES');
  });

  it('reads every object strictly: misspelt keys, prototype keys, bad ids and periods', () => {
    const cases: [unknown, RetentionErrorCode, string][] = [
      [{ policy: GLOBAL, tenant: {} }, 'UNKNOWN_KEY', 'tenant'],
      [{ policy: GLOBAL, tenants: { a: { overides: [] } } }, 'UNKNOWN_KEY', 'tenants["a"].overides'],
      [
        { policy: GLOBAL, tenants: { a: { overrides: [{ rule: 'pageviews', perod: 'P1D' }] } } },
        'UNKNOWN_KEY',
        'tenants["a"].overrides[0].perod',
      ],
      [
        JSON.parse('{"policy":{"rules":[]},"tenants":{"__proto__":{"overrides":[]}}}'),
        'INVALID_ARGUMENT',
        'tenants["__proto__"]',
      ],
      [{ policy: GLOBAL, tenants: { 'a b': { overrides: [] } } }, 'INVALID_ARGUMENT', 'tenants["a b"]'],
      [
        { policy: GLOBAL, tenants: { a: { overrides: [{ rule: 'nope', period: 'P1D' }] } } },
        'UNKNOWN_RULE',
        'tenants["a"].overrides[0].rule',
      ],
      [
        { policy: GLOBAL, tenants: { a: { overrides: [{ rule: 'pageviews', period: 'P1.5M' }] } } },
        'INVALID_DURATION',
        'tenants["a"].overrides[0].period',
      ],
      [
        { policy: GLOBAL, tenants: { a: { overrides: [{ rule: 'pageviews', period: { min: 'P30D', max: 'P1M' } }] } } },
        'RANGE_INVERTED',
        'tenants["a"].overrides[0].period',
      ],
      [
        {
          policy: GLOBAL,
          tenants: {
            a: {
              overrides: [
                { rule: 'pageviews', period: 'P1M' },
                { rule: 'pageviews', period: 'P2M' },
              ],
            },
          },
        },
        'CONFLICTING_RULES',
        'tenants["a"].overrides[1]',
      ],
      [
        { policy: GLOBAL, tenants: { a: { overrides: [], timeZone: 'Mars/Olympus' } } },
        'INVALID_TIME_ZONE',
        'tenants["a"].timeZone',
      ],
      [
        { policy: GLOBAL, bounds: [{ rule: 'pageviews', max: { min: 'P1M', max: 'P2M' }, source: 's' }] },
        'INVALID_DURATION',
        'bounds[0].max',
      ],
      ['not an object', 'INVALID_ARGUMENT', 'input'],
    ];
    for (const [input, code, path] of cases) {
      expect(
        codeOf(() => defineTenantPolicies(input as TenantPoliciesInput)),
        JSON.stringify(input),
      ).toMatchObject({
        code,
        path,
      });
    }
  });

  it('serialises back to an input that builds the same policies', () => {
    const round = defineTenantPolicies(JSON.parse(JSON.stringify(policies)));
    expect(round.toJSON()).toEqual(policies.toJSON());
    expect(round.policyFor('shop-1').toJSON()).toEqual(policies.policyFor('shop-1').toJSON());
    expect(Object.isFrozen(policies)).toBe(true);
    expect(policies.withoutTenant('site-42').policyFor('site-42')).toBe(policies.global);
  });
});

describe('planTenants and explainTenant', () => {
  const policies = defineTenantPolicies({
    policy: GLOBAL,
    bounds: BOUNDS,
    tenants: { 'site-42': { overrides: [{ rule: 'pageviews', period: 'P6M', reason: 'site setting' }] } },
  });
  const now = '2026-12-01T00:00:00Z';

  it('plans each record by its own tenant, as plan() does per tenant', () => {
    const records: TenantRecord[] = [];
    for (let i = 0; i < 300; i++) {
      const tenant = ['site-42', 'site-7', 'shop-1'][i % 3] as string;
      const day = Temporal.PlainDate.from('2024-01-01').add({ days: i * 3 });
      records.push({
        tenant,
        id: `r${i}`,
        category: i % 5 === 0 ? 'invoice' : 'pageview',
        collectedAt: `${day}T10:00:00Z`,
      });
    }
    const result = planTenants(policies, records, { now });
    for (const tenant of ['site-42', 'site-7', 'shop-1']) {
      const own = records.filter((r) => r.tenant === tenant).map(({ tenant: _, ...r }) => r);
      const alone = plan(policies.policyFor(tenant), own, { now });
      const ids = (list: { id: string; tenant?: string }[]) => list.filter((r) => r.tenant === tenant).map((r) => r.id);
      expect(ids(result.due)).toEqual(alone.due.map((r) => r.id));
      expect(ids(result.retained)).toEqual(alone.retained.map((r) => r.id));
    }
    expect(result.due.some((r) => r.tenant === 'site-42')).toBe(true);
    expect(result.due.length).toBeGreaterThan(0);
  });

  it('names the tenant level, the global level and the bound in the explanation', () => {
    const record = { id: 'a', category: 'pageview', collectedAt: '2026-01-10T00:00:00Z' };
    const tenant = explainTenant(policies, { ...record, tenant: 'site-42' }, { now });
    expect(tenant.status).toBe('due');
    expect(tenant.reasons[1]).toBe(
      'Period P6M set by tenant "site-42" (site setting); bound: at most P25M (DPA clause 7.2).',
    );
    const global = explainTenant(policies, { ...record, tenant: 'site-7' }, { now });
    expect(global.status).toBe('retained');
    expect(global.reasons[1]).toContain('from the global policy');
    expect(global.level?.level).toBe('global');
  });

  it('refuses records without a tenant or with hidden keys, naming the record', () => {
    const record = { id: 'a', category: 'pageview', collectedAt: '2026-01-10T00:00:00Z' };
    expect(codeOf(() => planTenants(policies, [record as TenantRecord], { now }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      path: 'records[0].tenant',
    });
    const hidden = Object.defineProperty({ ...record, tenant: 't' }, 'purpose', {
      value: 'security',
      enumerable: false,
    });
    expect(codeOf(() => planTenants(policies, [hidden], { now })).path).toBe('records[0].purpose');
    expect(
      codeOf(() => planTenants(policies, [{ ...record, tenant: 't', tenantt: 'x' } as TenantRecord], { now })).code,
    ).toBe('UNKNOWN_KEY');
  });
});

// Zones with offset changes of every size (30 minutes, 1 and 2 hours, Ramadan suspensions); starts
// from 2012 (after Samoa's date-line move) to 2100.
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Antarctica/Troll',
  'Asia/Tehran',
  'America/Santiago',
  'Africa/Casablanca',
  'Pacific/Chatham',
  'Asia/Kolkata',
];
const durationArb = fc
  .record({
    years: fc.integer({ min: 0, max: 3 }),
    months: fc.integer({ min: 0, max: 14 }),
    days: fc.integer({ min: 0, max: 40 }),
    hours: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 800 })),
  })
  .filter((d) => d.years + d.months + d.days + d.hours > 0);
// Days against nearly as many hours, either way round: where a change of UTC offset decides.
const nearPair = fc
  .tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: -3, max: 3 }), fc.boolean())
  .map(([days, delta, swap]) => {
    const calendar = { years: 0, months: 0, days, hours: 0 };
    const clock = { years: 0, months: 0, days: 0, hours: days * 24 + delta };
    return swap ? [clock, calendar] : [calendar, clock];
  });
const pairArb = fc.oneof(fc.tuple(durationArb, durationArb), nearPair);
const text = (d: { years: number; months: number; days: number; hours: number }) =>
  `P${d.years ? `${d.years}Y` : ''}${d.months ? `${d.months}M` : ''}${d.days ? `${d.days}D` : ''}` +
  `${d.hours ? `T${d.hours}H` : ''}`;

describe('bounds hold against Temporal (generated)', () => {
  it('an accepted override never ends before the minimum or after the maximum, from any instant', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        pairArb,
        fc.boolean(),
        fc.integer({ min: 2012, max: 2099 }),
        fc.array(fc.integer({ min: 0, max: 800 * 3_600_000 }), { minLength: 20, maxLength: 20 }),
        (timeZone, [boundParts, overrideParts], isMax, year, before) => {
          const bound = text(boundParts);
          const override = text(overrideParts);
          const global = isMax ? 'PT1H' : 'P40Y';
          let policies: ReturnType<typeof defineTenantPolicies>;
          try {
            policies = defineTenantPolicies({
              policy: { timeZone, rules: [{ id: 'r', category: 'c', purpose: 'p', period: global }] },
              bounds: [{ rule: 'r', ...(isMax ? { max: bound } : { min: bound }), source: 'generated' }],
              tenants: { t: { overrides: [{ rule: 'r', period: override }] } },
            });
          } catch (error) {
            if ((error as RetentionError).code === 'OUT_OF_BOUNDS') return;
            throw error;
          }
          accepted++;
          const tenantPolicy = policies.policyFor('t');
          // Starts shortly before a change of UTC offset (where days and hours part), or anywhere
          // in the year for zones without one.
          const jan1 = Temporal.PlainDate.from({ year, month: 1, day: 1 }).toZonedDateTime(timeZone);
          const change = jan1.getTimeZoneTransition('next')?.epochMilliseconds ?? jan1.epochMilliseconds + 2e10;
          for (const at of before.map((ms) => change - ms)) {
            const start = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone);
            const limit = start.add(Temporal.Duration.from(boundParts)).epochMilliseconds;
            const collectedAt = new Date(at).toISOString();
            const dueText = plan(tenantPolicy, [{ id: 'x', category: 'c', collectedAt }], { now: collectedAt })
              .retained[0]?.dueAt as string;
            const due = Date.parse(dueText);
            if (isMax)
              expect(due, `${timeZone} ${override} vs max ${bound} from ${collectedAt}`).toBeLessThanOrEqual(limit);
            else
              expect(due, `${timeZone} ${override} vs min ${bound} from ${collectedAt}`).toBeGreaterThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('accepts every override equal to its bound, and the same global policy as definePolicy', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), durationArb, (timeZone, parts) => {
        const period = text(parts);
        const policies = defineTenantPolicies({
          policy: { timeZone, rules: [{ id: 'r', category: 'c', purpose: 'p', period }] },
          bounds: [{ rule: 'r', min: period, max: period, source: 'generated' }],
          tenants: { t: { overrides: [{ rule: 'r', period }] } },
        });
        expect(policies.policyFor('t').toJSON()).toEqual(
          definePolicy({ timeZone, rules: policies.global.rules }).toJSON(),
        );
      }),
      { numRuns: 300 },
    );
  });
});
