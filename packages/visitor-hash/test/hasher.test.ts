/**
 * @module
 * The hasher's promises, as properties: same inputs give the same id; another day, tenant or
 * visitor gives another; equivalent addresses (mapped IPv4, one IPv6 /64, a port) hash alike;
 * oversized inputs are capped, not rejected; bad input raises a typed error that holds none of
 * the input and changes nothing; keys never print; and once a day's salt has expired, no id of
 * that day can be computed again.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMemorySaltStore,
  createStatelessSaltSource,
  createVisitorHasher,
  describeVisitorHash,
  type SaltStore,
  VisitorHashError,
  type VisitorHasherOptions,
  type VisitorInput,
  zonedDays,
} from '../src/index.js';

const NOON = Date.UTC(2026, 10, 23, 12);
const DAY = 86_400_000;
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0';

function clockAt(start: number) {
  let now = start;
  const clock = () => now;
  return { clock, set: (t: number) => (now = t) };
}

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map((g) => g.map((x) => x.toString(16)).join(':'));
const visitor = fc.record({
  tenant: fc.string({ minLength: 1, maxLength: 40 }),
  ip: fc.oneof(ipv4, ipv6),
  userAgent: fc.string({ minLength: 1, maxLength: 300 }),
  extra: fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
});

function strip(v: { tenant: string; ip: string; userAgent: string; extra?: string | undefined }): VisitorInput {
  const { extra, ...rest } = v;
  return extra === undefined ? rest : { ...rest, extra };
}

describe('ids', () => {
  it('same inputs, same day: the same id, from any hasher on the same store', async () => {
    const store = createMemorySaltStore();
    const a = createVisitorHasher({ store, clock: () => NOON });
    const b = createVisitorHasher({ store, clock: () => NOON + 3_600_000 });
    await fc.assert(
      fc.asyncProperty(visitor, async (v) => {
        expect(await a.id(strip(v))).toBe(await b.id(strip(v)));
      }),
      { numRuns: 200 },
    );
  });

  it('another day: an unrelated id', async () => {
    const t = clockAt(NOON);
    const hasher = createVisitorHasher({ store: createMemorySaltStore(), clock: t.clock });
    const inputs = fc.sample(visitor, 300).map(strip);
    const day1 = await Promise.all(inputs.map((v) => hasher.id(v)));
    t.set(NOON + DAY);
    const day2 = await Promise.all(inputs.map((v) => hasher.id(v)));
    const seen = new Set(day1);
    for (const id of day2) expect(seen.has(id)).toBe(false);
  });

  it('another tenant, address or user agent: another id', async () => {
    const hasher = createVisitorHasher({ store: createMemorySaltStore(), clock: () => NOON });
    await fc.assert(
      fc.asyncProperty(visitor, fc.string({ minLength: 1, maxLength: 40 }), async (v, other) => {
        fc.pre(other !== v.tenant);
        const base = strip(v);
        const id = await hasher.id(base);
        expect(await hasher.id({ ...base, tenant: other })).not.toBe(id);
        expect(await hasher.id({ ...base, userAgent: `${base.userAgent}!` })).not.toBe(id);
        expect(await hasher.id({ ...base, extra: `${base.extra ?? ''}x` })).not.toBe(id);
      }),
      { numRuns: 200 },
    );
  });

  it('inputs cannot shift across fields (length-prefixed, unlike plain concatenation)', async () => {
    const hasher = createVisitorHasher({ store: createMemorySaltStore(), clock: () => NOON });
    const ip = '192.0.2.1';
    const a = await hasher.id({ tenant: 'ab', ip, userAgent: 'c', extra: 'd' });
    const b = await hasher.id({ tenant: 'ab', ip, userAgent: 'cd' });
    const c = await hasher.id({ tenant: 'ab', ip, userAgent: 'c', extra: '' });
    const d = await hasher.id({ tenant: 'ab', ip, userAgent: 'c' });
    expect(a).not.toBe(b);
    expect(c).toBe(d); // empty extra is the same as none, as documented
  });

  it('one visitor behind equivalent addresses gets one id', async () => {
    const hasher = createVisitorHasher({ store: createMemorySaltStore(), clock: () => NOON });
    const id = (ip: string) => hasher.id({ tenant: 't', ip, userAgent: UA });
    expect(await id('::ffff:203.0.113.9')).toBe(await id('203.0.113.9'));
    expect(await id('203.0.113.9:443')).toBe(await id('203.0.113.9'));
    expect(await id('2001:db8:5:6::1')).toBe(await id('2001:db8:5:6:ffff:eeee:dddd:cccc'));
    expect(await id('[2001:db8:5:6::1]:8080')).toBe(await id('2001:db8:5:6::2'));
    expect(await id('2001:db8:5:7::1')).not.toBe(await id('2001:db8:5:6::1'));
    expect(await id('203.0.113.10')).not.toBe(await id('203.0.113.9'));
  });

  it('honours the configured prefix lengths, output size and encoding', async () => {
    const store = createMemorySaltStore();
    const wide = createVisitorHasher({ store, clock: () => NOON, ipv6PrefixLength: 48, ipv4PrefixLength: 24 });
    const id = (ip: string) => wide.id({ tenant: 't', ip, userAgent: UA });
    expect(await id('2001:db8:5:6::1')).toBe(await id('2001:db8:5:ffff::1'));
    expect(await id('203.0.113.9')).toBe(await id('203.0.113.200'));
    for (const bits of [64, 72, 128, 200, 256]) {
      const h = createVisitorHasher({ store, clock: () => NOON, outputBits: bits });
      expect(await h.id({ tenant: 't', ip: '192.0.2.1', userAgent: UA })).toMatch(
        new RegExp(`^[0-9a-f]{${bits / 4}}$`),
      );
      const b = createVisitorHasher({ store, clock: () => NOON, outputBits: bits, encoding: 'base64url' });
      expect(await b.id({ tenant: 't', ip: '192.0.2.1', userAgent: UA })).toMatch(
        new RegExp(`^[A-Za-z0-9_-]{${Math.ceil(((bits / 8) * 4) / 3)}}$`),
      );
    }
  });

  it('caps an oversized user agent at 512 bytes instead of rejecting it', async () => {
    const hasher = createVisitorHasher({ store: createMemorySaltStore(), clock: () => NOON });
    const id = (userAgent: string) => hasher.id({ tenant: 't', ip: '192.0.2.1', userAgent });
    const long = 'a'.repeat(512);
    expect(await id(`${long}tail`)).toBe(await id(long));
    expect(await id(long.slice(1))).not.toBe(await id(long));
    // A character that does not fit whole is dropped, never split.
    expect(await id(`${'a'.repeat(511)}é`)).toBe(await id('a'.repeat(511)));
    expect(await id('x'.repeat(100_000))).toBe(await id('x'.repeat(512)));
  });
});

describe('idSync and prepare', () => {
  it('answers synchronously once the day is loaded, exactly as id() does', async () => {
    const t = clockAt(Date.UTC(2026, 10, 24, 0, 10));
    const hasher = createVisitorHasher({ store: createMemorySaltStore(), clock: t.clock });
    const input = { tenant: 'shop', ip: '203.0.113.9', userAgent: UA };
    expect(() => hasher.idSync(input)).toThrow(expect.objectContaining({ code: 'SALT_NOT_LOADED' }));
    await hasher.prepare();
    const sync = hasher.idSync(input);
    expect(sync).toBe(await hasher.id(input));
    // Within the grace window prepare() also loaded yesterday's salt.
    expect(hasher.idSync({ ...input, at: Date.UTC(2026, 10, 23, 23, 59) })).toBe((await hasher.candidates(input))[1]);
    t.set(Date.UTC(2026, 10, 24, 0, 30));
    expect(() => hasher.idSync({ ...input, at: Date.UTC(2026, 10, 23, 23, 59) })).toThrow(
      expect.objectContaining({ code: 'OUTSIDE_WINDOW' }),
    );
    expect(() => hasher.idSync({ ...input, ip: 'nope' })).toThrow(expect.objectContaining({ code: 'INVALID_IP' }));
  });
});

describe('bad input', () => {
  const hasher = createVisitorHasher({ store: createMemorySaltStore(), clock: () => NOON });
  const good: VisitorInput = { tenant: 'shop', ip: '203.0.113.9', userAgent: UA };
  const cases: [string, VisitorInput, string][] = [
    ['empty tenant', { ...good, tenant: '' }, 'MISSING_TENANT'],
    ['oversized tenant', { ...good, tenant: 'é'.repeat(200) }, 'TENANT_TOO_LONG'],
    ['octal IPv4', { ...good, ip: '0177.0.0.1' }, 'INVALID_IP'],
    ['short IPv4', { ...good, ip: '203.0.113' }, 'INVALID_IP'],
    ['an XFF list', { ...good, ip: '203.0.113.9, 10.0.0.1' }, 'INVALID_IP'],
    ['empty user agent', { ...good, userAgent: '' }, 'EMPTY_USER_AGENT'],
    ['invalid date', { ...good, at: new Date('nope') }, 'INVALID_INSTANT'],
    ['NaN time', { ...good, at: Number.NaN }, 'INVALID_INSTANT'],
    ['a fractional millisecond', { ...good, at: NOON + 0.5 }, 'INVALID_INSTANT'],
    ['an impossible date', { ...good, at: '2026-02-30T10:00:00Z' }, 'INVALID_INSTANT'],
    ['a date without an offset', { ...good, at: '2026-11-23T10:00:00' }, 'INVALID_INSTANT'],
    ['a misspelt key', { ...good, userAgnet: UA } as VisitorInput, 'UNKNOWN_KEY'],
    ['a key from another API', { ...good, time: NOON } as VisitorInput, 'UNKNOWN_KEY'],
    ['an expired day', { ...good, at: NOON - 2 * DAY }, 'OUTSIDE_WINDOW'],
    ['the far future', { ...good, at: NOON + 10 * 60_000 }, 'OUTSIDE_WINDOW'],
  ];
  for (const [name, input, code] of cases) {
    it(`${name} → VisitorHashError ${code}, without the input in the message`, async () => {
      const error = await hasher.id(input).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(VisitorHashError);
      expect((error as VisitorHashError).code).toBe(code);
      const text = `${(error as Error).message} ${inspect(error)}`;
      for (const secret of [String(input.ip), 'Firefox', input.tenant.slice(0, 20)]) {
        if (secret.length > 3) expect(text).not.toContain(secret);
      }
    });
  }

  it('wrong types are INVALID_ARGUMENT naming the field, never a TypeError', async () => {
    for (const [input, path] of [
      [{ ...good, tenant: 42 }, 'input.tenant'],
      [{ ...good, ip: 3232235777 }, 'input.ip'],
      [{ ...good, userAgent: null }, 'input.userAgent'],
      [{ ...good, extra: 1 }, 'input.extra'],
      [{ ...good, timeZone: 1 }, 'input.timeZone'],
      [null, 'input'],
    ] as const) {
      const error = await hasher.id(input as unknown as VisitorInput).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VisitorHashError);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', path });
    }
  });

  it('an instant is a Date, integer epoch milliseconds or RFC 3339 text with an offset', async () => {
    const at = Date.UTC(2026, 10, 23, 9, 30);
    const id = await hasher.id({ ...good, at });
    expect(await hasher.id({ ...good, at: new Date(at) })).toBe(id);
    expect(await hasher.id({ ...good, at: '2026-11-23T09:30:00Z' })).toBe(id);
    expect(await hasher.id({ ...good, at: '2026-11-23T10:30:00+01:00' })).toBe(id);
  });

  it('invalid options are rejected when the hasher is built, as VisitorHashError with the path', () => {
    const store = createMemorySaltStore();
    const cases: [unknown, string, string][] = [
      [{ store, outputBits: 32 }, 'INVALID_OPTIONS', 'options.outputBits'],
      [{ store, outputBits: 100 }, 'INVALID_OPTIONS', 'options.outputBits'],
      [{ store, grace: 'PT7H' }, 'INVALID_OPTIONS', 'options.grace'],
      [{ store, grace: 'P1D' }, 'INVALID_DURATION', 'options.grace'],
      [{ store, grace: '-PT1M' }, 'INVALID_DURATION', 'options.grace'],
      [{ store, grace: 1_800_000 }, 'INVALID_DURATION', 'options.grace'],
      [{ store, graceMs: 1_800_000 }, 'UNKNOWN_KEY', 'options.graceMs'],
      [{ store, ipv6PrefixLength: 129 }, 'INVALID_OPTIONS', 'options.ipv6PrefixLength'],
      [{ store, encoding: 'base32' }, 'INVALID_OPTIONS', 'options.encoding'],
      [{ store, clock: 5 }, 'INVALID_OPTIONS', 'options.clock'],
      [{ store, days: {} }, 'INVALID_OPTIONS', 'options.days'],
      [{ store: {} }, 'INVALID_OPTIONS', 'options.store'],
      [{}, 'INVALID_OPTIONS', 'options.store'],
      [undefined, 'INVALID_OPTIONS', 'options.store'],
      ['store', 'INVALID_OPTIONS', 'options'],
    ];
    for (const [options, code, path] of cases) {
      const error = (() => {
        try {
          createVisitorHasher(options as VisitorHasherOptions);
        } catch (e) {
          return e;
        }
      })();
      expect(error, JSON.stringify(options)).toBeInstanceOf(VisitorHashError);
      expect(error).toMatchObject({ code, path });
    }
    // A polluted prototype supplies nothing: the grace stays the default.
    const proto = Object.prototype as Record<string, unknown>;
    proto['grace'] = 'PT6H';
    try {
      expect(describeVisitorHash({ store }).grace).toBe('PT30M');
    } finally {
      delete proto['grace'];
    }
  });

  it('a rejected input creates no salt', async () => {
    let created = 0;
    const memory = createMemorySaltStore();
    const store: SaltStore = {
      kind: memory.kind,
      forgets: true,
      getOrCreate: (request) => {
        created++;
        return memory.getOrCreate(request);
      },
      delete: memory.delete,
      purgeExpired: memory.purgeExpired,
    };
    const h = createVisitorHasher({ store, clock: () => NOON });
    await h.id({ ...good, ip: 'garbage' }).catch(() => {});
    await h.id({ ...good, userAgent: '' }).catch(() => {});
    expect(created).toBe(0);
  });
});

describe('keys never print', () => {
  it('hasher, stores and the stateless secret print as redacted', async () => {
    const secret = 'k9Q2v7LxR4tB8nZ1wE6yU3iO5pA0sD7fG2hJ4kL6zX8cV1bN3mQ';
    const store = createStatelessSaltSource({ secret });
    const hasher = createVisitorHasher({ store, clock: () => NOON });
    await hasher.id({ tenant: 'shop', ip: '203.0.113.9', userAgent: UA });
    for (const value of [hasher, store, createMemorySaltStore()]) {
      for (const text of [
        inspect(value, { depth: 10, showHidden: true }),
        JSON.stringify(value),
        String(value),
        `${value}`,
      ]) {
        expect(text).toMatch(/redacted/);
        expect(text).not.toContain(secret.slice(0, 12));
      }
    }
  });
});

describe('the salt lifecycle', () => {
  it('after day end + grace no id of that day can be computed again, and the salt is gone', async () => {
    const t = clockAt(NOON);
    const store = createMemorySaltStore();
    const hasher = createVisitorHasher({ store, clock: t.clock });
    const input = { tenant: 'shop', ip: '203.0.113.9', userAgent: UA, at: NOON };
    const id = await hasher.id(input);
    const end = Date.UTC(2026, 10, 24) + 30 * 60_000;
    t.set(end - 1);
    expect(await hasher.id(input)).toBe(id);
    t.set(end);
    // The first call after the expiry drops the salt here and purges it from the store.
    await expect(hasher.id(input)).rejects.toMatchObject({ code: 'OUTSIDE_WINDOW' });
    expect(await hasher.purge()).toBe(0);
    // Nothing can bring the salt back: not a new hasher on the same store, nor a direct request.
    const again = createVisitorHasher({ store, clock: t.clock });
    await expect(again.id(input)).rejects.toMatchObject({ code: 'OUTSIDE_WINDOW' });
    const direct = await store.getOrCreate({
      dayKey: '2026-11-23@UTC',
      notBefore: 0,
      expiresAt: end,
      now: end,
      candidate: (await import('../src/index.js')).Secret.from(new Uint8Array(32)),
    });
    expect(direct).toBe('expired');
  });

  it('the stateless source refuses weak secrets and cannot forget', async () => {
    for (const secret of [
      'short',
      'a'.repeat(64),
      'replace-me-with-a-random-string-0123456789',
      'changeme-changeme-changeme-changeme!',
      new Uint8Array(32),
    ]) {
      expect(() => createStatelessSaltSource({ secret })).toThrow(VisitorHashError);
    }
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const t = clockAt(NOON);
    const a = createVisitorHasher({ store: createStatelessSaltSource({ secret }), clock: t.clock });
    const b = createVisitorHasher({ store: createStatelessSaltSource({ secret }), clock: t.clock });
    const input = { tenant: 'shop', ip: '203.0.113.9', userAgent: UA };
    expect(await a.id(input)).toBe(await b.id(input));
    const store = createStatelessSaltSource({ secret });
    expect(store.forgets).toBe(false);
    expect(await store.delete('2026-11-23@UTC')).toBe(false);
    expect(describeVisitorHash({ store }).text).toMatch(/not deleted/);
  });
});

describe('describe', () => {
  it('states the construction and a notice paragraph', () => {
    const about = describeVisitorHash({ store: createMemorySaltStore() });
    expect(about).toMatchObject({
      version: 1,
      prf: 'HMAC-SHA-256',
      keyDerivation: 'HKDF-SHA-256',
      saltBits: 256,
      outputBits: 128,
      ipPrefixLengths: { ipv4: 32, ipv6: 64 },
      timeZone: 'UTC',
      grace: 'PT30M',
      maxSaltLifetime: 'PT24H35M',
      store: 'memory',
      forgets: true,
    });
    expect(about.text).toMatch(/deleted from our memory store 30 minutes after that day ends/);
    const zoned = describeVisitorHash({
      store: createMemorySaltStore(),
      days: zonedDays({ timeZone: 'Europe/Paris' }),
      grace: 'PT90M',
    });
    expect(zoned).toMatchObject({ grace: 'PT1H30M', maxSaltLifetime: 'PT26H35M', timeZone: 'Europe/Paris' });
    expect(zoned.text).toMatch(/1 hour 30 minutes after that day ends/);
  });
});
