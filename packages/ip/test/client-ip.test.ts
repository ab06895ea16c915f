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
  IpError,
  MAX_HEADER_READ,
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
  onMalformed?: 'use-last-trusted' | 'throw';
  expected?: string;
  error?: string;
  fallback?: string;
  always?: boolean;
}

function options(c: Case, onMalformed = c.onMalformed): ClientIpOptions {
  const o: ClientIpOptions = { remoteAddress: c.remote, headers: c.headers };
  if (c.header) o.header = c.header;
  if (c.trust !== undefined) o.trustProxy = c.trust;
  if (onMalformed) o.onMalformed = onMalformed;
  return o;
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function asHeaders(record: Record<string, string | string[]>): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(record)) for (const one of [v].flat()) h.append(k, one);
  return h;
}

describe('clientIp: known answers (test/vectors/client-ip.json)', () => {
  it('cites its sources', () => {
    expect(vectors.source).toMatch(/RFC 7239/);
  });
  it.each(vectors.cases as Case[])('$name', (c) => {
    if (c.error === undefined) {
      expect(clientIp(options(c))?.toString()).toBe(c.expected);
      // The same answer through a WHATWG Headers object (which rejects line breaks itself).
      if (!JSON.stringify(c.headers).includes('\\n')) {
        expect(clientIp({ ...options(c), headers: asHeaders(c.headers) })?.toString()).toBe(c.expected);
      }
      return;
    }
    const error = caught(() => clientIp(options(c, 'throw')));
    expect(error).toBeInstanceOf(IpError);
    expect((error as IpError).code).toBe(c.error);
    for (const value of Object.values(c.headers).flat()) {
      for (const part of value.split(/[,;= ]+/).filter((p) => p.length > 3)) {
        expect((error as IpError).message).not.toContain(part);
      }
    }
    if (c.always) {
      expect(() => clientIp(options(c, 'use-last-trusted'))).toThrow(IpError);
    } else {
      // Under the default the walk stops at the last trusted hop and never throws.
      expect(clientIp(options(c, undefined))?.toString()).toBe(c.fallback);
    }
  });
  it('names the header and entry in the message and the path', () => {
    const error = caught(() =>
      clientIp({
        remoteAddress: '10.0.0.5',
        headers: { 'x-forwarded-for': '127.1, 198.51.100.1, 10.1.1.1' },
        trustProxy: ['10.0.0.0/8', '198.51.100.1'],
        onMalformed: 'throw',
      }),
    ) as IpError;
    expect(error.message).toMatch(/^"x-forwarded-for" entry 3 from the right is not a valid/);
    expect(error.path).toBe('options.headers["x-forwarded-for"][-3]');
    expect(error.position).toBe(5);
  });
  it('returns undefined when the socket has no address (the connection has closed)', () => {
    expect(clientIp({ remoteAddress: undefined, headers: { 'x-forwarded-for': '1.2.3.4' }, trustProxy: true })).toBe(
      undefined,
    );
  });
  it('compiles a list once, so passing it straight to clientIp costs no parsing per request', () => {
    const list = ['loopback', '10.0.0.0/8'];
    expect(compileTrust(list)).toBe(compileTrust(list));
  });
  it('follows a trust list edited in place after first use (issue 16)', () => {
    const trustProxy = ['10.0.0.0/8', '192.0.2.0/24'];
    const request = { remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': '6.6.6.6, 192.0.2.7' }, trustProxy };
    expect(clientIp(request).toString()).toBe('6.6.6.6');
    // The proxy at 192.0.2.7 is retired: its entry, and the spoofed one behind it, lose trust.
    trustProxy.pop();
    expect(clientIp(request).toString()).toBe('192.0.2.7');
    trustProxy.push('192.0.2.7');
    expect(clientIp(request).toString()).toBe('6.6.6.6');
    trustProxy[1] = '192.0.2.8';
    expect(clientIp(request).toString()).toBe('192.0.2.7');
    // compileTrust is the explicit snapshot.
    const snapshot = compileTrust(trustProxy);
    trustProxy[1] = '192.0.2.7';
    expect(snapshot(parseIp('192.0.2.7'), 1)).toBe(false);
    expect(compileTrust(trustProxy)(parseIp('192.0.2.7'), 1)).toBe(true);
    // A list edited into something invalid is refused, not used half-compiled.
    trustProxy.push('10.0.0.0/33');
    expect(() => clientIp(request)).toThrow(IpError);
  });
  it('accepts single addresses in the trust list', () => {
    const trusted = compileTrust(['10.0.0.5', '::1']);
    expect(trusted(parseIp('10.0.0.5'), 0)).toBe(true);
    expect(trusted(parseIp('10.0.0.6'), 0)).toBe(false);
    expect(trusted(parseIp('::1'), 0)).toBe(true);
  });
  it('trusts a hop only when the predicate returns true', () => {
    const headers = { 'x-forwarded-for': '198.51.100.1, 198.51.100.2' };
    for (const answer of [1, 'yes', {}, undefined]) {
      const trustProxy = () => answer as unknown as boolean;
      expect(clientIp({ remoteAddress: '10.0.0.5', headers, trustProxy }).toString()).toBe('10.0.0.5');
    }
  });
  it('reads at most MAX_HEADER_READ characters from the right, whatever a client prepends', () => {
    const prefix = `${'6.6.6.6, '.repeat(20_000)}x`;
    const headers = { 'x-forwarded-for': `${prefix}, 198.51.100.23, 10.1.1.1` };
    expect(clientIp({ remoteAddress: '10.0.0.5', headers, trustProxy: ['10.0.0.0/8'] }).toString()).toBe(
      '198.51.100.23',
    );
    // A chain of trusted hops longer than what is read stops at the last one read.
    const long = Array.from({ length: 1000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(', ');
    const chain = { remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': long }, trustProxy: ['10.0.0.0/8'] };
    const got = clientIp(chain).toString();
    expect(long.slice(-MAX_HEADER_READ)).toContain(got);
    expect(caught(() => clientIp({ ...chain, onMalformed: 'throw' }))).toMatchObject({ code: 'TOO_LONG' });
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
          clientIp({
            remoteAddress: '10.0.0.1',
            headers: { 'x-forwarded-for': `${marker}, 10.0.0.2` } as HeadersLike,
            trustProxy,
            onMalformed: 'throw',
          });
        } catch (e) {
          expect(e).toBeInstanceOf(IpError);
          expect((e as Error).message).not.toContain(marker);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
