import { createLocator, type GeoBucket, GeoError } from '@privkit/geo';
import { loadDefaultDatabaseSync } from '@privkit/geo/default';
import { IpError } from '@privkit/ip';
import { cloudflare } from '@privkit/ip/cdn';
import { createMemorySaltStore, createVisitorHasher, VisitorHashError } from '@privkit/visitor-hash';
import { describe, expect, it } from 'vitest';
import { createRequestPrivacy, type RequestError } from '../src/index.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0';
const database = loadDefaultDatabaseSync();

async function rejection(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    return error as RequestError;
  }
  throw new Error('expected a rejection');
}

describe('read: the client address', () => {
  it('walks from the socket across trusted hops only: a spoofed left-most entry never wins', async () => {
    const privacy = createRequestPrivacy({ trustProxy: ['loopback'] });
    const context = await privacy.read({
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.23', 'user-agent': UA },
    });
    expect(context).toEqual({
      ipPrefix: '198.51.0.0',
      ipClass: 'documentation',
      visitorId: undefined,
      location: undefined,
    });
    expect(Object.isFrozen(context)).toBe(true);
  });

  it('ignores the header behind an untrusted socket peer (the default trusts none)', async () => {
    const context = await createRequestPrivacy().read({
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': '198.51.100.23' },
    });
    expect(context.ipPrefix).toBe('203.0.0.0');
  });

  it('truncates IPv6 and IPv4-mapped socket addresses by the policy', async () => {
    const privacy = createRequestPrivacy({ truncate: 'ga' });
    expect((await privacy.read({ remoteAddress: '2001:db8:85a3:8d3::7348', headers: {} })).ipPrefix).toBe(
      '2001:db8:85a3::',
    );
    const mapped = await privacy.read({ remoteAddress: '::ffff:203.0.113.77', headers: {} });
    expect(mapped.ipPrefix).toBe('203.0.113.0');
    expect(mapped.ipClass).toBe('documentation');
  });

  it('reads RFC 7239 Forwarded when told to, and Headers objects', async () => {
    const privacy = createRequestPrivacy({ trustProxy: ['10.0.0.0/8'], header: 'forwarded' });
    const headers = new Headers({ Forwarded: 'for=6.6.6.6, for="[2001:db8::7]:4711"' });
    expect((await privacy.read({ remoteAddress: '10.0.0.5', headers })).ipPrefix).toBe('2001:db8::');
  });

  it('returns a context of undefined fields when the connection has closed', async () => {
    const context = await createRequestPrivacy().read({ remoteAddress: undefined, headers: {} });
    expect(context).toEqual({ ipPrefix: undefined, ipClass: undefined, visitorId: undefined, location: undefined });
  });

  it('by default a malformed entry makes the last trusted hop the client, never a half-parsed value', async () => {
    const privacy = createRequestPrivacy({ trustProxy: ['loopback'] });
    const context = await privacy.read({
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '198.51.100.23, 10.0.0.1.5' },
    });
    expect(context.ipPrefix).toBe('127.0.0.0');
  });

  it('with onMalformed: "throw" rejects with MALFORMED_HEADER, naming the entry and never its text', async () => {
    const privacy = createRequestPrivacy({ trustProxy: ['loopback'], onMalformed: 'throw' });
    const error = await rejection(
      privacy.read({ remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.23, 0177.0.0.1' } }),
    );
    expect(error.name).toBe('RequestError');
    expect(error.code).toBe('MALFORMED_HEADER');
    expect(error.path).toBe('request.headers["x-forwarded-for"][-1]');
    expect(error.cause).toBeInstanceOf(IpError);
    expect(error.message).not.toContain('0177');
    expect(error.message).not.toContain('198.51.100.23');
  });

  it('refuses a request that is not one, without echoing it', async () => {
    const privacy = createRequestPrivacy();
    const bad = await rejection(privacy.read({ remoteAddress: '198.51.100.023', headers: {} }));
    expect([bad.code, bad.path]).toEqual(['INVALID_ARGUMENT', 'request.remoteAddress']);
    expect(bad.message).not.toContain('198.51.100.23');
    const noHeaders = await rejection(privacy.read({ remoteAddress: '198.51.100.23' } as never));
    expect([noHeaders.code, noHeaders.path]).toEqual(['INVALID_ARGUMENT', 'request.headers']);
    const typo = await rejection(privacy.read({ remoteAddress: '198.51.100.23', headers: {}, ip: 'x' } as never));
    expect(typo.code).toBe('UNKNOWN_KEY');
  });
});

describe('read: visitor id and location', () => {
  const hasher = createVisitorHasher({ store: createMemorySaltStore() });
  const locator = createLocator({ database });

  it('gives a daily id from the full address and user agent, which stay out of the context', async () => {
    const privacy = createRequestPrivacy({ hasher, tenant: 'shop.example', locator });
    const request = { remoteAddress: '2a00:1450:4001:82a::200e', headers: { 'user-agent': UA } };
    const context = await privacy.read(request);
    expect(context.visitorId).toBe(
      await hasher.id({ tenant: 'shop.example', ip: request.remoteAddress, userAgent: UA }),
    );
    expect(context.visitorId).toMatch(/^[0-9a-f]{32}$/);
    expect((context.location as GeoBucket).country).toBe(locator.locate(request.remoteAddress).country);
    expect(context.ipPrefix).toBe('2a00:1450:4001::');
    const text = JSON.stringify(context);
    expect(text).not.toContain('82a');
    expect(text).not.toContain('Firefox');
  });

  it('ids differ by tenant; no user agent means no id, not a failure', async () => {
    const a = createRequestPrivacy({ hasher, tenant: 'a.example' });
    const b = createRequestPrivacy({ hasher, tenant: 'b.example' });
    const request = { remoteAddress: '198.51.100.23', headers: { 'user-agent': UA } };
    expect((await a.read(request)).visitorId).not.toBe((await b.read(request)).visitorId);
    expect((await a.read({ remoteAddress: '198.51.100.23', headers: {} })).visitorId).toBeUndefined();
    expect((await a.read({ remoteAddress: '198.51.100.23', headers: { 'user-agent': '' } })).visitorId).toBeUndefined();
  });

  it('passes the instant to the hasher, whose refusal is VISITOR_ID_FAILED', async () => {
    const privacy = createRequestPrivacy({ hasher, tenant: 't' });
    const headers = { 'user-agent': UA };
    const error = await rejection(
      privacy.read({ remoteAddress: '198.51.100.23', headers, at: '2001-01-01T00:00:00Z' }),
    );
    expect(error.code).toBe('VISITOR_ID_FAILED');
    expect(error.cause).toBeInstanceOf(VisitorHashError);
  });

  it('a locator that fails is LOCATION_FAILED, its error the cause', async () => {
    const cause = new GeoError('INVALID_DATABASE', 'the record of the address cannot be read');
    const privacy = createRequestPrivacy({
      locator: {
        locate: () => {
          throw cause;
        },
      },
    });
    const error = await rejection(privacy.read({ remoteAddress: '198.51.100.23', headers: {} }));
    expect([error.code, error.cause]).toEqual(['LOCATION_FAILED', cause]);
  });
});

describe('createRequestPrivacy: options', () => {
  const fail = (options: unknown): RequestError => {
    try {
      createRequestPrivacy(options as never);
    } catch (error) {
      return error as RequestError;
    }
    throw new Error('expected an error');
  };
  it('checks every option at creation', () => {
    expect(fail({ trustProxies: true }).code).toBe('UNKNOWN_KEY');
    const trust = fail({ trustProxy: ['198.51.100.0/33'] });
    expect([trust.code, trust.path]).toEqual(['INVALID_OPTIONS', 'options.trustProxy']);
    expect(trust.message).not.toContain('198.51.100');
    expect(fail({ truncate: { ipv4: 40, ipv6: 48 } }).path).toBe('options.truncate');
    expect(fail({ header: 'x-real-ip' }).path).toBe('options.header');
    expect(fail({ onMalformed: 'ignore' }).path).toBe('options.onMalformed');
    expect(fail({ hasher: {} }).path).toBe('options.hasher');
    expect(fail({ hasher: createVisitorHasher({ store: createMemorySaltStore() }) }).path).toBe('options.tenant');
    expect(fail({ tenant: 't' }).path).toBe('options.tenant');
    expect(fail({ locator: { lookup() {} } }).path).toBe('options.locator');
    expect(fail({ cdn: { header: 'cf-connecting-ip' } }).path).toBe('options.cdn');
  });

  it('takes the presets of @privkit/ip/cdn, spread', async () => {
    const privacy = createRequestPrivacy({ ...cloudflare({ onStale: () => {} }), truncate: 'ga' });
    const headers = { 'cf-connecting-ip': '198.51.100.23' };
    expect((await privacy.read({ remoteAddress: '173.245.48.10', headers })).ipPrefix).toBe('198.51.100.0');
    expect((await privacy.read({ remoteAddress: '203.0.113.9', headers })).ipPrefix).toBe('203.0.113.0');
    const strict = createRequestPrivacy({ ...cloudflare({ onStale: () => {} }), onMalformed: 'throw' });
    const error = await rejection(
      strict.read({ remoteAddress: '173.245.48.10', headers: { 'cf-connecting-ip': 'x' } }),
    );
    expect([error.code, error.path]).toEqual(['MALFORMED_HEADER', 'request.headers["cf-connecting-ip"][-1]']);
  });
});
