/**
 * @module
 * The conventions of CONTRIBUTING.md ("Errors", "Every object a user hands privkit is checked
 * strictly"), checked on every function every package exports, through the built packages as a
 * user imports them. For each entry point in each package's `exports`, every exported function
 * must be listed in {@link CASES}: either with the call that hands it an options object (then a
 * misspelt option and a non-object in its place must both be the package's own error, with the
 * shared code, the path, and never the value), with a call that hands it a bad argument (the
 * package's error, never a bare `TypeError`), or with the reason it cannot fail. A new export
 * that is in no list fails the suite, so nothing escapes the walk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Every published package of the workspace (the private `@privkit/internal` is bundled, not imported). */
const PACKAGES = readdirSync(join(root, 'packages')).filter(
  (dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).private !== true,
);
/** The one error class of a package is named for it: `visitor-hash` → `VisitorHashError`. */
const errorClassOf = (pkg: string): string =>
  `${pkg
    .replace('@privkit/', '')
    .split('-')
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('')}Error`;

/** A value that must never appear in a message: it stands for an address, an e-mail or a key. */
const SECRET = '198.51.100.23 alice@example.com';
/** The misspelt option every options object is handed. */
const TYPO = 'notAnOption';

/** Calls an export with `options` in the place of its options object (valid ones spread in). */
type OptionsCase = { readonly options: (options: unknown) => unknown; readonly valid?: Record<string, unknown> };
/** Calls an export with a bad argument; the package's error is expected, with one of `codes`. */
type ArgumentCase = { readonly argument: () => unknown; readonly codes?: readonly string[] };
/** An export that takes nothing a caller can get wrong; the reason is the documentation. */
type TotalCase = { readonly total: string };
type Case = OptionsCase | ArgumentCase | TotalCase;

const load = async (specifier: string): Promise<Record<string, unknown>> =>
  (await import(specifier)) as Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: the walk calls exports of every shape
type Fn = (...args: any[]) => any;
const key = new Uint8Array(32).fill(7);
const queries: string[] = [];
/** A client that records what reaches it: a refused option must refuse before any query. */
const pgClient = {
  query: async (sql: string) => {
    queries.push(sql);
    throw new Error('not reached');
  },
};
const redisClient = {
  eval: async () => {
    queries.push('eval');
    throw new Error('not reached');
  },
  evalsha: async () => {
    queries.push('evalsha');
    throw new Error('not reached');
  },
};
const dpaModel = JSON.parse(readFileSync(join(root, 'packages/dpa/test/fixtures/example-complete.json'), 'utf8'));
const receive = {
  type: 'receive',
  at: '2025-04-10T09:00:00Z',
  id: 'REQ-1',
  regime: 'gdpr',
  right: 'access',
  subject: 'visitor-1',
  timeZone: 'Europe/Paris',
  channel: 'email',
};
const record = { id: 'e1', category: 'page-event', collectedAt: '2025-01-01T00:00:00Z' };

async function cases(): Promise<Record<string, Record<string, Case>>> {
  const ip = await load('@privkit/ip');
  const ipBytes = await load('@privkit/ip/bytes');
  const ipCdn = await load('@privkit/ip/cdn');
  const vh = await load('@privkit/visitor-hash');
  const vhRedis = await load('@privkit/visitor-hash/redis');
  const vhPg = await load('@privkit/visitor-hash/postgres');
  const geo = await load('@privkit/geo');
  const geoDefault = await load('@privkit/geo/default');
  const geoRollup = await load('@privkit/geo/rollup');
  const ret = await load('@privkit/retention');
  const retHolds = await load('@privkit/retention/holds');
  const retMemory = await load('@privkit/retention/memory');
  const retPg = await load('@privkit/retention/postgres');
  const retSchedule = await load('@privkit/retention/schedule');
  const retLog = await load('@privkit/retention/log');
  const retVerify = await load('@privkit/retention/verify');
  const retTenants = await load('@privkit/retention/tenants');
  const dsar = await load('@privkit/dsar');
  const deadlines = await load('@privkit/dsar/deadlines');
  const regimes = await load('@privkit/dsar/regimes');
  const fulfil = await load('@privkit/dsar/fulfilment');
  const dsarVerify = await load('@privkit/dsar/verify');
  const dsarPg = await load('@privkit/dsar/postgres');
  const dpa = await load('@privkit/dpa');
  const dpaRules = await load('@privkit/dpa/rules');
  const dpaDpv = await load('@privkit/dpa/dpv');
  const dpaDocx = await load('@privkit/dpa/docx');
  const cli = await load('@privkit/cli');
  const cliVerify = await load('@privkit/cli/verify');
  const req = await load('@privkit/request');
  const reqNode = await load('@privkit/request/node');
  const reqFetch = await load('@privkit/request/fetch');
  const reqExpress = await load('@privkit/request/express');
  const reqFastify = await load('@privkit/request/fastify');
  const reqHono = await load('@privkit/request/hono');
  const reqOtel = await load('@privkit/request/otel');
  const reqPino = await load('@privkit/request/pino');
  const f = (module: Record<string, unknown>, name: string) => module[name] as Fn;
  const tenantPolicies = f(retTenants, 'defineTenantPolicies')({ policy: { rules: [] } });

  const policy = f(
    ret,
    'definePolicy',
  )({
    rules: [{ id: 'events', category: 'page-event', purpose: 'analytics', period: 'P90D' }],
  });
  const store = f(retMemory, 'createMemoryStore')({ policy });
  const sweeper = f(ret, 'createSweeper')({ store, tenant: 't', key });
  const state = f(dsar, 'openRequest')(receive);
  const model = f(dpa, 'parseModel')(dpaModel);
  const saltStore = f(vh, 'createMemorySaltStore')();
  const hold = { id: 'h1', reason: 'litigation', scope: { subject: 'visitor-1' }, placedAt: '2025-01-01T00:00:00Z' };
  const calendar = (regimes.CALENDARS as Record<string, unknown>)['gb-eaw'];
  const reader = f(req, 'createRequestPrivacy')();

  return {
    '@privkit/ip': {
      clientIp: { options: (o) => f(ip, 'clientIp')(o), valid: { remoteAddress: '10.0.0.1' } },
      explainClientIp: { options: (o) => f(ip, 'explainClientIp')(o), valid: { remoteAddress: '10.0.0.1' } },
      parseIp: { options: (o) => f(ip, 'parseIp')('10.0.0.1', o) },
      parseCidr: { options: (o) => f(ip, 'parseCidr')('10.0.0.0/8', o) },
      truncateIp: { options: (o) => f(ip, 'truncateIp')('10.0.0.1', o), valid: { ipv4: 24, ipv6: 48 } },
      truncateIpToNetwork: {
        options: (o) => f(ip, 'truncateIpToNetwork')('10.0.0.1', o),
        valid: { ipv4: 24, ipv6: 48 },
      },
      compileTrust: { argument: () => f(ip, 'compileTrust')({ [TYPO]: SECRET }) },
      classifyIp: { argument: () => f(ip, 'classifyIp')(SECRET) },
      isPublicIp: { argument: () => f(ip, 'isPublicIp')(SECRET) },
      tryParseIp: { total: 'the non-throwing parse: anything that is not an address is undefined' },
      IpAddress: { argument: () => new (ip.IpAddress as new (...a: unknown[]) => unknown)(SECRET, 4, 0) },
    },
    '@privkit/ip/cdn': {
      cloudflare: { options: (o) => f(ipCdn, 'cloudflare')(o), valid: { onStale: () => {} } },
      fastly: { options: (o) => f(ipCdn, 'fastly')(o), valid: { onStale: () => {} } },
      cloudfront: { options: (o) => f(ipCdn, 'cloudfront')(o), valid: { onStale: () => {} } },
      googleCloud: { options: (o) => f(ipCdn, 'googleCloud')(o), valid: { onStale: () => {} } },
      akamai: { options: (o) => f(ipCdn, 'akamai')(o), valid: { ranges: ['192.0.2.0/24'] } },
      awsAlb: { options: (o) => f(ipCdn, 'awsAlb')(o), valid: { proxies: ['10.0.0.0/16'] } },
      ingressNginx: { options: (o) => f(ipCdn, 'ingressNginx')(o), valid: { proxies: ['10.0.0.0/16'] } },
      vercel: { options: (o) => f(ipCdn, 'vercel')(o), valid: {} },
      netlify: { options: (o) => f(ipCdn, 'netlify')(o), valid: {} },
      flyio: { options: (o) => f(ipCdn, 'flyio')(o), valid: {} },
    },
    '@privkit/ip/bytes': {
      parseIpInto: { argument: () => f(ipBytes, 'parseIpInto')(SECRET, 0, 99, new Uint8Array(16)) },
    },
    '@privkit/visitor-hash': {
      createVisitorHasher: { options: (o) => f(vh, 'createVisitorHasher')(o), valid: { store: saltStore } },
      describeVisitorHash: { options: (o) => f(vh, 'describeVisitorHash')(o), valid: { store: saltStore } },
      createStatelessSaltSource: {
        options: (o) => f(vh, 'createStatelessSaltSource')(o),
        valid: { secret: key },
      },
      zonedDays: { options: (o) => f(vh, 'zonedDays')(o), valid: { timeZone: 'Europe/Paris' } },
      unsafeUnkeyedSha256: {
        options: (o) => f(vh, 'unsafeUnkeyedSha256')(o),
        valid: { customerCode: 'c', userAgent: 'ua', ip: '10.0.0.1', date: '2025-01-01' },
      },
      createMemorySaltStore: { total: 'takes no argument' },
      utcDays: { total: 'takes no argument' },
      Secret: { argument: () => new (vh.Secret as new (...a: unknown[]) => unknown)(42) },
    },
    '@privkit/visitor-hash/redis': {
      createRedisSaltStore: { options: (o) => f(vhRedis, 'createRedisSaltStore')(o), valid: { client: redisClient } },
    },
    '@privkit/visitor-hash/postgres': {
      createPostgresSaltStore: { options: (o) => f(vhPg, 'createPostgresSaltStore')(o), valid: { client: pgClient } },
    },
    '@privkit/geo': {
      createLocator: {
        options: (o) => f(geo, 'createLocator')(o),
        valid: { database: f(geoDefault, 'loadDefaultDatabaseSync')() },
      },
      continentOf: { argument: () => f(geo, 'continentOf')(42) },
      isInEU: { argument: () => f(geo, 'isInEU')(42) },
      isInEEA: { argument: () => f(geo, 'isInEEA')(42) },
      gridCell: { argument: () => f(geo, 'gridCell')(91, 0, 10) },
    },
    '@privkit/geo/default': {
      createDefaultLocator: { options: (o) => f(geoDefault, 'createDefaultLocator')(o) },
      createDefaultLocatorSync: { options: (o) => f(geoDefault, 'createDefaultLocatorSync')(o) },
      defaultDatabasePath: { argument: () => f(geoDefault, 'defaultDatabasePath')(SECRET) },
      loadDefaultDatabase: { argument: () => f(geoDefault, 'loadDefaultDatabase')(SECRET) },
      loadDefaultDatabaseSync: { argument: () => f(geoDefault, 'loadDefaultDatabaseSync')(SECRET) },
    },
    '@privkit/geo/rollup': {
      rollUp: { options: (o) => f(geoRollup, 'rollUp')([], o), valid: { k: 5 } },
    },
    '@privkit/retention': {
      definePolicy: { options: (o) => f(ret, 'definePolicy')(o), valid: { rules: [] } },
      createSweeper: { options: (o) => f(ret, 'createSweeper')(o), valid: { store, tenant: 't', key } },
      plan: { options: (o) => f(ret, 'plan')(policy, [record], o), valid: { now: '2025-06-01T00:00:00Z' } },
      explain: { options: (o) => f(ret, 'explain')(policy, record, o), valid: { now: '2025-06-01T00:00:00Z' } },
      dueAt: { argument: () => f(ret, 'dueAt')(policy, { ...record, collectedAt: SECRET }) },
      scheduleRecord: { argument: () => f(ret, 'scheduleRecord')(policy, { ...record, [TYPO]: SECRET }) },
      RetentionPolicy: { argument: () => new (ret.RetentionPolicy as new (...a: unknown[]) => unknown)(SECRET) },
    },
    '@privkit/retention/holds': {
      isHoldActive: { options: (o) => f(retHolds, 'isHoldActive')(hold, '2025-06-01T00:00:00Z', o) },
      liftHold: {
        options: (o) => f(retHolds, 'liftHold')(policy, [record], 'h1', o),
        valid: { now: '2025-06-01T00:00:00Z' },
      },
      parseLegalHold: { argument: () => f(retHolds, 'parseLegalHold')({ ...hold, [TYPO]: SECRET }) },
    },
    '@privkit/retention/memory': {
      createMemoryStore: { options: (o) => f(retMemory, 'createMemoryStore')(o), valid: { policy } },
    },
    '@privkit/retention/postgres': {
      createPostgresStore: {
        options: (o) => f(retPg, 'createPostgresStore')(o),
        valid: { client: pgClient, table: 'events' },
      },
      createTenantSettingsStore: {
        options: (o) => f(retPg, 'createTenantSettingsStore')(o),
        valid: { client: pgClient },
      },
      compileDueAtSql: {
        options: (o) => f(retPg, 'compileDueAtSql')(policy, o),
        valid: { table: 'events' },
      },
    },
    '@privkit/retention/tenants': {
      defineTenantPolicies: {
        options: (o) => f(retTenants, 'defineTenantPolicies')(o),
        valid: { policy: { rules: [] } },
      },
      planTenants: {
        options: (o) => f(retTenants, 'planTenants')(tenantPolicies, [{ ...record, tenant: 't' }], o),
        valid: { now: '2025-06-01T00:00:00Z' },
      },
      explainTenant: {
        options: (o) => f(retTenants, 'explainTenant')(tenantPolicies, { ...record, tenant: 't' }, o),
        valid: { now: '2025-06-01T00:00:00Z' },
      },
      TenantPolicies: {
        argument: () => new (retTenants.TenantPolicies as new (...a: unknown[]) => unknown)(SECRET),
      },
    },
    '@privkit/retention/schedule': {
      scheduleSweeps: { options: (o) => f(retSchedule, 'scheduleSweeps')(sweeper, o), valid: { every: 'PT1H' } },
    },
    '@privkit/retention/log': {
      createLogJournal: { options: (o) => f(retLog, 'createLogJournal')(o), valid: { key, tenant: 't' } },
      exportProofBundle: { options: (o) => f(retLog, 'exportProofBundle')([], o) },
      createIdentifierHasher: { argument: () => f(retLog, 'createIdentifierHasher')(new Uint8Array(3)) },
      chainEntries: { argument: () => f(retLog, 'chainEntries')(SECRET, []) },
      findErasures: { argument: () => f(retLog, 'findErasures')([], SECRET, 'e1') },
    },
    '@privkit/retention/verify': {
      verifyLog: { options: (o) => f(retVerify, 'verifyLog')([], o) },
      verifyProofBundle: { argument: () => f(retVerify, 'verifyProofBundle')(SECRET) },
    },
    '@privkit/retention/store': {
      chainEntries: { argument: () => f(retLog, 'chainEntries')(SECRET, []) },
    },
    '@privkit/dsar': {
      createDsarService: {
        options: (o) => f(dsar, 'createDsarService')(o),
        valid: { store: f(dsar, 'createMemoryDsarStore')() },
      },
      openRequest: { options: (o) => f(dsar, 'openRequest')(receive, o) },
      transition: {
        options: (o) => f(dsar, 'transition')(state, { type: 'verify-identity', at: '2025-04-11T09:00:00Z' }, o),
      },
      holdsFor: { options: (o) => f(dsar, 'holdsFor')([state], o) },
      isOpen: { argument: () => f(dsar, 'isOpen')(SECRET) },
      toMermaid: { argument: () => f(dsar, 'toMermaid')(SECRET) },
      createMemoryDsarStore: { total: 'takes no argument' },
    },
    '@privkit/dsar/deadlines': {
      deadlinesFor: {
        options: (o) => f(deadlines, 'deadlinesFor')({ regime: 'gdpr', receivedAt: '2025-04-10T09:00:00Z' }, o),
      },
      dueDates: { options: (o) => f(deadlines, 'dueDates')(state, o) },
      explainDeadline: { options: (o) => f(deadlines, 'explainDeadline')(state, o) },
      dueWithin: { options: (o) => f(deadlines, 'dueWithin')([state], 'P7D', '2025-04-11T00:00:00Z', o) },
      overdue: { options: (o) => f(deadlines, 'overdue')([state], '2025-04-11T00:00:00Z', o) },
    },
    '@privkit/dsar/regimes': {
      createRegimeRegistry: { options: (o) => f(regimes, 'createRegimeRegistry')(o) },
      extendCalendar: {
        options: (o) => f(regimes, 'extendCalendar')(calendar, o),
        valid: { holidays: ['2026-06-01'] },
      },
      defineRegime: { argument: () => f(regimes, 'defineRegime')({ id: 'x', [TYPO]: SECRET }) },
      isWorkingDay: { argument: () => f(regimes, 'isWorkingDay')(calendar, '2025-02-30') },
    },
    '@privkit/dsar/fulfilment': {
      buildExportBundle: { options: (o) => f(fulfil, 'buildExportBundle')(state, [], o) },
      suppressionRecord: { options: (o) => f(fulfil, 'suppressionRecord')(key, 'email', 'a@b.example', 'erasure', o) },
      digestIdentifier: { argument: () => f(fulfil, 'digestIdentifier')(new Uint8Array(3), 'email', SECRET) },
      normalizeIdentifier: { argument: () => f(fulfil, 'normalizeIdentifier')('email', 42) },
      isSuppressed: { argument: () => f(fulfil, 'isSuppressed')([], new Uint8Array(3), 'email', SECRET) },
      findSubject: { argument: () => f(fulfil, 'findSubject')(SECRET, []) },
      eraseSubject: { argument: () => f(fulfil, 'eraseSubject')(SECRET, []) },
      rectifySubject: { argument: () => f(fulfil, 'rectifySubject')(SECRET, [], {}) },
      toCsv: { argument: () => f(fulfil, 'toCsv')(SECRET) },
    },
    '@privkit/dsar/verify': {
      replayLog: { options: (o) => f(dsarVerify, 'replayLog')([], o) },
      verifyLog: { options: (o) => f(dsarVerify, 'verifyLog')([], o) },
      appendEntry: { argument: () => f(dsarVerify, 'appendEntry')(undefined, { ...receive, [TYPO]: SECRET }) },
      verifyExportBundle: { argument: () => f(dsarVerify, 'verifyExportBundle')(SECRET) },
    },
    '@privkit/dsar/postgres': {
      createPostgresDsarStore: { options: (o) => f(dsarPg, 'createPostgresDsarStore')(o), valid: { client: pgClient } },
    },
    '@privkit/dpa': {
      checkModel: { options: (o) => f(dpa, 'checkModel')(model, o) },
      renderHtml: { options: (o) => f(dpa, 'renderHtml')(model, 'dpa', o) },
      subProcessorChangeNotice: {
        options: (o) => f(dpa, 'subProcessorChangeNotice')(model, model, o),
        valid: { date: '2026-11-23' },
      },
      parseModel: { argument: () => f(dpa, 'parseModel')({ ...dpaModel, [TYPO]: SECRET }) },
      parseRetentionRule: { argument: () => f(dpa, 'parseRetentionRule')({ id: 'r', [TYPO]: SECRET }) },
      checkRetentionAgainst: { argument: () => f(dpa, 'checkRetentionAgainst')(model, [{ id: 'r', [TYPO]: SECRET }]) },
      diffModels: { argument: () => f(dpa, 'diffModels')(model, SECRET) },
      renderMarkdown: { argument: () => f(dpa, 'renderMarkdown')(model, SECRET) },
      renderChangeNoticeMarkdown: { argument: () => f(dpa, 'renderChangeNoticeMarkdown')(SECRET) },
    },
    '@privkit/dpa/schema': {
      modelJsonSchema: { total: 'takes no argument' },
    },
    '@privkit/dpa/rules': {
      Lookup: { argument: () => new (dpaRules.Lookup as new (m: unknown) => unknown)(SECRET) },
    },
    '@privkit/dpa/dpv': {
      toDpvJsonLd: { options: (o) => f(dpaDpv, 'toDpvJsonLd')(model, o) },
    },
    '@privkit/dpa/docx': {
      renderDocx: { argument: () => f(dpaDocx, 'renderDocx')(model, SECRET) },
    },
    '@privkit/cli': {
      createLineAnonymizer: { options: (o) => f(cli, 'createLineAnonymizer')(o) },
      createLogAnonymizer: { options: (o) => f(cli, 'createLogAnonymizer')(o) },
      createLogAnonymizerStream: { options: (o) => f(cli, 'createLogAnonymizerStream')(o) },
    },
    '@privkit/request': {
      createRequestPrivacy: { options: (o) => f(req, 'createRequestPrivacy')(o) },
    },
    '@privkit/request/node': {
      readNodeRequest: { argument: () => f(reqNode, 'readNodeRequest')(reader, SECRET) },
    },
    '@privkit/request/fetch': {
      readFetchRequest: { argument: () => f(reqFetch, 'readFetchRequest')(reader, SECRET, SECRET) },
    },
    '@privkit/request/express': {
      expressPrivacy: { argument: () => f(reqExpress, 'expressPrivacy')(SECRET) },
    },
    '@privkit/request/fastify': {
      fastifyPrivacy: { argument: () => f(reqFastify, 'fastifyPrivacy')(SECRET) },
    },
    '@privkit/request/hono': {
      honoPrivacy: { argument: () => f(reqHono, 'honoPrivacy')(reader, SECRET) },
    },
    '@privkit/request/otel': {
      createPrivacySpanProcessor: { options: (o) => f(reqOtel, 'createPrivacySpanProcessor')(o) },
      createPrivacyLogRecordProcessor: { options: (o) => f(reqOtel, 'createPrivacyLogRecordProcessor')(o) },
    },
    '@privkit/request/pino': {
      createPinoRequestSerializer: { options: (o) => f(reqPino, 'createPinoRequestSerializer')(o) },
    },
    '@privkit/cli/verify': {
      findFullAddresses: { options: (o) => f(cliVerify, 'findFullAddresses')('x', o), valid: { ipv4: 24, ipv6: 48 } },
    },
  };
}

interface Entry {
  readonly pkg: string;
  readonly specifier: string;
}
const entries: Entry[] = PACKAGES.flatMap((name) => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, unknown>;
  };
  return Object.keys(manifest.exports)
    .filter((path) => path !== './package.json' && !path.endsWith('.json') && !path.includes('*'))
    .map((path) => ({ pkg: manifest.name, specifier: manifest.name + path.slice(1) }));
});

/** What a call raised (synchronously or as a rejection), or a failure when it raised nothing. */
async function raised(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, got a result');
}

const isClass = (fn: Fn): boolean => /^class[\s{]/.test(Function.prototype.toString.call(fn));

describe('every exported function of every entry point follows the error conventions', async () => {
  const table = await cases();

  for (const { pkg, specifier } of entries) {
    const className = errorClassOf(pkg);
    describe(specifier, async () => {
      const module = await load(specifier);
      const ErrorClass = module[className] ?? (await load(pkg))[className];
      const functions = Object.entries(module).filter(
        ([name, value]) => typeof value === 'function' && !/Error$/.test(name),
      ) as [string, Fn][];

      /** The package's own error: its class, name, an UPPER_SNAKE code, a path, no value. */
      const expectPackageError = (error: unknown, codes?: readonly string[]) => {
        expect(error, String(error)).toBeInstanceOf(ErrorClass as new () => Error);
        const e = error as Error & { code: string; path: unknown };
        expect(e.name).toBe(className);
        expect(e.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
        if (codes) expect(codes).toContain(e.code);
        expect(['string', 'undefined']).toContain(typeof e.path);
        expect(e.message).not.toContain('198.51.100.23');
        expect(e.message).not.toContain('alice@example.com');
        return e;
      };

      it('every exported function is in the walk', () => {
        const listed = table[specifier] ?? {};
        expect(functions.map(([name]) => name).filter((name) => !(name in listed))).toEqual([]);
        expect(Object.keys(listed).filter((name) => !functions.some(([n]) => n === name))).toEqual([]);
      });

      if (module[className] !== undefined)
        it(`${className} has the shared shape: (code, message, { path, cause })`, () => {
          const cause = new Error('driver');
          const Class = module[className] as new (c: string, m: string, o?: object) => Error;
          const error = new Class('INVALID_OPTIONS', '"options.x" must be an integer', { path: 'options.x', cause });
          expect(error).toBeInstanceOf(Error);
          expect({ ...error, name: error.name, message: error.message, cause: error.cause }).toMatchObject({
            name: className,
            code: 'INVALID_OPTIONS',
            path: 'options.x',
            message: '"options.x" must be an integer',
            cause,
          });
          const bare = new Class('INVALID_ARGUMENT', 'm');
          expect(bare.path).toBeUndefined();
          expect('cause' in bare).toBe(false);
        });

      for (const [name, fn] of functions) {
        const entry = table[specifier]?.[name];
        if (entry === undefined || 'total' in entry) continue;
        if ('options' in entry) {
          it(`${name}: a misspelt option is UNKNOWN_KEY naming it; a non-object is INVALID_OPTIONS`, async () => {
            const before = queries.length;
            const typo = expectPackageError(await raised(() => entry.options({ ...entry.valid, [TYPO]: SECRET })), [
              'UNKNOWN_KEY',
            ]);
            expect(typo.path).toMatch(new RegExp(`(^|\\.)${TYPO}$`));
            expect(typo.message).toContain(`"${TYPO}"`);
            expectPackageError(await raised(() => entry.options(SECRET)), ['INVALID_OPTIONS', 'INVALID_ARGUMENT']);
            expect(queries.length).toBe(before);
          });
        } else {
          it(`${name}: a bad argument is the package's error${isClass(fn) ? ' (constructor)' : ''}`, async () => {
            expectPackageError(await raised(entry.argument), entry.codes);
          });
        }
      }
    });
  }
});
