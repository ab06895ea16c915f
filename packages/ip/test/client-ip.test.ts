/**
 * @module
 * `clientIp` / `compileTrust`: the RFC 7239 and proxy-addr scenarios in
 * test/vectors/client-ip.json, WHATWG `Headers`, then model-based properties: for a random chain
 * with a random trusted suffix the result is exactly the right-most untrusted hop; entries an
 * attacker prepends never change it; error messages never carry a header value.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClientIpOptions,
  clientIp,
  compileTrust,
  type HeadersLike,
  IpParseError,
  parseIp,
  type TrustProxy,
} from '../src/index.js';
import vectors from './vectors/client-ip.json' with { type: 'json' };

interface Case {
  name: string;
  remote: string;
  headers: Record<string, string | string[]>;
  header?: 'x-forwarded-for' | 'forwarded';
  trust?: TrustProxy;
  onMalformed?: 'throw' | 'remote';
  expected?: string;
  error?: string;
}

function options(c: Case): ClientIpOptions {
  const o: ClientIpOptions = { remoteAddress: c.remote, headers: c.headers };
  if (c.header) o.header = c.header;
  if (c.trust !== undefined) o.trustProxy = c.trust;
  if (c.onMalformed) o.onMalformed = c.onMalformed;
  return o;
}

describe('clientIp: known answers (test/vectors/client-ip.json)', () => {
  it('cites its sources', () => {
    expect(vectors.source).toMatch(/RFC 7239/);
  });
  it.each(vectors.cases as Case[])('$name', (c) => {
    if (c.error === undefined) {
      expect(clientIp(options(c)).toString()).toBe(c.expected);
      // The same answer through a WHATWG Headers object.
      const h = new Headers();
      for (const [k, v] of Object.entries(c.headers)) for (const one of [v].flat()) h.append(k, one);
      expect(clientIp({ ...options(c), headers: h }).toString()).toBe(c.expected);
    } else {
      let error: unknown;
      try {
        clientIp(options(c));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IpParseError);
      expect((error as IpParseError).code).toBe(c.error);
      for (const value of Object.values(c.headers).flat()) {
        for (const part of value.split(/[,;= ]+/).filter((p) => p.length > 3)) {
          expect((error as IpParseError).message).not.toContain(part);
        }
      }
    }
  });
  it('names the header and entry in the message', () => {
    expect(() =>
      clientIp({
        remoteAddress: '10.0.0.5',
        headers: { 'x-forwarded-for': '198.51.100.1, 127.1' },
        trustProxy: ['10.0.0.0/8'],
      }),
    ).toThrow(/^"x-forwarded-for entry 2" is not a valid/);
  });
  it('requires a socket address and refuses bad trust rules at compile time', () => {
    expect(() => clientIp({ remoteAddress: undefined })).toThrow(TypeError);
    expect(() => compileTrust(['10.0.0.0/33'])).toThrow(IpParseError);
    expect(() => compileTrust(['127.1'])).toThrow(IpParseError);
    expect(() => compileTrust(-1)).toThrow(RangeError);
    expect(() => compileTrust('loopback' as unknown as TrustProxy)).toThrow(TypeError);
  });
  it('compiles a list once, so passing it straight to clientIp costs no parsing per request', () => {
    const list = ['loopback', '10.0.0.0/8'];
    expect(compileTrust(list)).toBe(compileTrust(list));
  });
  it('accepts single addresses in the trust list', () => {
    const trusted = compileTrust(['10.0.0.5', '::1']);
    expect(trusted(parseIp('10.0.0.5'), 0)).toBe(true);
    expect(trusted(parseIp('10.0.0.6'), 0)).toBe(false);
    expect(trusted(parseIp('::1'), 0)).toBe(true);
  });
  it('caps the header length', () => {
    const long = Array.from({ length: 1000 }, () => '198.51.100.1').join(', ');
    expect(() =>
      clientIp({ remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': long }, trustProxy: true }),
    ).toThrow(IpParseError);
  });
});

const publicV4 = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((p) => p.join('.'));
const proxyV4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => `10.${p.join('.')}`);

describe('clientIp: properties', () => {
  const trustProxy = compileTrust(['10.0.0.0/8']);
  it('returns the right-most untrusted hop of any chain', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(publicV4, proxyV4), { minLength: 1, maxLength: 12 }), proxyV4, (chain, socket) => {
        const got = clientIp({ remoteAddress: socket, headers: { 'x-forwarded-for': chain.join(', ') }, trustProxy });
        const untrusted = [...chain].reverse().find((ip) => !ip.startsWith('10.'));
        expect(got.toString()).toBe(untrusted ?? chain[0]);
      }),
      { numRuns: 5_000 },
    );
  });
  it('ignores anything an attacker prepends left of an untrusted hop, garbage included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }),
        publicV4,
        fc.array(proxyV4, { maxLength: 4 }),
        (junk, client, proxies) => {
          const header = [...junk.map((j) => j.replace(/,/g, '')), client, ...proxies].join(', ');
          const got = clientIp({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': header }, trustProxy });
          expect(got.toString()).toBe(client);
        },
      ),
      { numRuns: 5_000 },
    );
  });
  it('never puts a header value into an error message', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (value) => {
        const marker = `zq${value}qz`;
        try {
          clientIp({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': marker } as HeadersLike, trustProxy });
        } catch (e) {
          expect(e).toBeInstanceOf(IpParseError);
          expect((e as Error).message).not.toContain(marker);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
