/**
 * @module
 * `explainClientIp`: the same answer as `clientIp` on every vector and on random chains (the
 * walk is shared, so this checks the recorder does not change it), each decision on a known
 * request, the rule named for each kind of trust, and the trace's promise: no raw text of an
 * entry that did not parse, in the hops or in the error.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClientIpOptions,
  type ClientIpTrace,
  clientIp,
  compileTrust,
  explainClientIp,
  IpError,
  parseCidr,
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
  error?: string;
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** What clientIp does with these options: its address text, or its error code. */
function outcome(options: ClientIpOptions): string {
  try {
    return `ip ${clientIp(options)?.toString()}`;
  } catch (error) {
    return `error ${(error as IpError).code}`;
  }
}

function traced(t: ClientIpTrace): string {
  return t.decision === 'rejected' ? `error ${t.error?.code}` : `ip ${t.ip?.toString()}`;
}

describe('explainClientIp: the answer is clientIp’s', () => {
  it.each(vectors.cases as Case[])('$name', (c) => {
    for (const onMalformed of ['use-last-trusted', 'throw'] as const) {
      const o: ClientIpOptions = { remoteAddress: c.remote, headers: c.headers, onMalformed };
      if (c.header) o.header = c.header;
      if (c.trust !== undefined) o.trustProxy = c.trust;
      let t: ClientIpTrace;
      try {
        t = explainClientIp(o);
      } catch (error) {
        // Bad options (here the socket address) throw from both.
        expect(`error ${(error as IpError).code}`).toBe(outcome(o));
        return;
      }
      expect(traced(t)).toBe(outcome(o));
      expect(t.hops[0]?.address).toBe(parseIp(c.remote).toString());
      expect(t.hops.map((h) => h.hop)).toEqual(t.hops.map((_, i) => i));
    }
  });

  it('on random chains and trust rules', () => {
    const address = fc.oneof(
      fc.constantFrom('10.0.0.1', '10.9.9.9', '127.0.0.1', 'fd00::7', '192.0.2.1', '2001:db8::1'),
      fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `198.51.${a}.${b}`),
    );
    const entry = fc.oneof(
      { weight: 6, arbitrary: address },
      { weight: 1, arbitrary: fc.constantFrom('unknown', '_hidden', '0177.0.0.1', '', ' 10.0.0.2 ', '[::1]:80') },
    );
    const trusts: TrustProxy[] = [
      false,
      true,
      0,
      1,
      2,
      5,
      ['10.0.0.0/8', 'loopback'],
      ['private'],
      (ip) => ip.family === 6,
    ];
    fc.assert(
      fc.property(
        address,
        fc.array(entry, { maxLength: 6 }),
        fc.constantFrom(...trusts),
        fc.constantFrom('use-last-trusted' as const, 'throw' as const),
        (remoteAddress, entries, trustProxy, onMalformed) => {
          const o: ClientIpOptions = {
            remoteAddress,
            headers: { 'x-forwarded-for': entries.join(', ') },
            trustProxy,
            onMalformed,
          };
          const t = explainClientIp(o);
          expect(traced(t)).toBe(outcome(o));
          // Every hop but the last was trusted: the walk crosses only trusted hops.
          expect(t.hops.slice(0, -1).every((h) => h.trusted === true)).toBe(true);
          const last = t.hops.at(-1);
          if (t.decision === 'untrusted-hop' || t.decision === 'socket-untrusted') expect(last?.trusted).toBe(false);
          if (t.decision === 'malformed-entry' || t.decision === 'rejected') expect(last?.problem).toBeDefined();
          // A list rule names an entry that holds the address.
          for (const h of t.hops) {
            if (h.rule?.kind === 'list' && h.rule.entry?.includes('/') && h.address !== undefined) {
              expect(parseCidr(h.rule.entry).contains(parseIp(h.address))).toBe(true);
            }
          }
        },
      ),
      { numRuns: 3000, seed: 0x7ace },
    );
  });
});

describe('explainClientIp: each decision', () => {
  const xff = (value: string) => ({ 'x-forwarded-for': value });
  const cases: [ClientIpTrace['decision'], ClientIpOptions, string | undefined][] = [
    ['socket-untrusted', { remoteAddress: '203.0.113.9', headers: xff('1.2.3.4') }, '203.0.113.9'],
    ['no-header', { remoteAddress: '10.0.0.5', headers: {}, trustProxy: ['10.0.0.0/8'] }, '10.0.0.5'],
    ['no-header', { remoteAddress: '10.0.0.5', trustProxy: true }, '10.0.0.5'],
    [
      'untrusted-hop',
      { remoteAddress: '10.0.0.5', headers: xff('6.6.6.6, 198.51.100.2'), trustProxy: 1 },
      '198.51.100.2',
    ],
    [
      'left-most-entry',
      { remoteAddress: '10.0.0.5', headers: xff('198.51.100.2, 10.1.1.1'), trustProxy: true },
      '198.51.100.2',
    ],
    ['malformed-entry', { remoteAddress: '10.0.0.5', headers: xff('1.2.3.4, unknown'), trustProxy: true }, '10.0.0.5'],
    [
      'read-limit',
      { remoteAddress: '10.0.0.5', headers: xff(Array(2000).fill('10.0.0.9').join(',')), trustProxy: true },
      '10.0.0.9',
    ],
    [
      'rejected',
      { remoteAddress: '10.0.0.5', headers: xff('0177.0.0.1'), trustProxy: true, onMalformed: 'throw' },
      undefined,
    ],
    ['no-remote-address', { remoteAddress: undefined, headers: xff('1.2.3.4'), trustProxy: true }, undefined],
  ];
  it.each(cases)('%s', (decision, options, address) => {
    const t = explainClientIp(options);
    expect(t.decision).toBe(decision);
    expect(t.ip?.toString()).toBe(address);
    expect(t.headerRead).toBe(!['socket-untrusted', 'no-header', 'no-remote-address'].includes(decision));
    expect(Object.isFrozen(t) && Object.isFrozen(t.hops) && t.hops.every(Object.isFrozen)).toBe(true);
  });

  it('rejected carries the error clientIp throws, by code, path and message', () => {
    const options: ClientIpOptions = {
      remoteAddress: '10.0.0.5',
      headers: { forwarded: 'for=192.0.2.1, for="[2001:db8::1', 'x-forwarded-for': '1.1.1.1' },
      header: 'forwarded',
      trustProxy: true,
      onMalformed: 'throw',
    };
    const thrown = caught(() => clientIp(options)) as IpError;
    const t = explainClientIp(options);
    expect(t.error).toEqual({ code: thrown.code, path: thrown.path, message: thrown.message });
    expect(t.header).toBe('forwarded');
    expect(t.hops.at(-1)).toMatchObject({ hop: 1, problem: 'FORWARDED_SYNTAX', trusted: undefined, rule: undefined });
  });
});

describe('explainClientIp: the rule that decided', () => {
  const remoteAddress = '127.0.0.1';
  const rule = (trustProxy: TrustProxy) => explainClientIp({ remoteAddress, trustProxy }).hops[0]?.rule;
  it('names the list entry, the named set, the count, or the kind', () => {
    expect(rule(['10.0.0.0/8', '127.0.0.1'])).toEqual({ kind: 'list', entry: '127.0.0.1', preset: undefined });
    expect(rule(['10.0.0.0/8', 'loopback'])).toEqual({ kind: 'list', entry: 'loopback', preset: undefined });
    expect(rule(['10.0.0.0/8'])).toEqual({ kind: 'list', entry: undefined, preset: undefined });
    expect(rule(compileTrust(['loopback']))).toEqual({ kind: 'list', entry: 'loopback', preset: undefined });
    expect(rule(2)).toEqual({ kind: 'hop-count', entry: '2', preset: undefined });
    expect(rule(true)).toEqual({ kind: 'all', entry: undefined, preset: undefined });
    expect(rule(false)).toEqual({ kind: 'none', entry: undefined, preset: undefined });
    expect(rule(() => true)).toEqual({ kind: 'function', entry: undefined, preset: undefined });
  });
  it('keeps the rule out of a log line of the predicate itself', () => {
    expect(Object.keys(compileTrust(['loopback']))).toEqual([]);
  });
});

describe('explainClientIp: what it refuses, and what passes through', () => {
  it('throws for bad options, as clientIp does', () => {
    for (const bad of [{ remoteAddress: '1.2.3.4', hedaers: {} }, { remoteAddress: '127.1' }, { remoteAddress: 7 }]) {
      const a = caught(() => clientIp(bad as never)) as IpError;
      const b = caught(() => explainClientIp(bad as never)) as IpError;
      expect(b).toBeInstanceOf(IpError);
      expect(b.code).toBe(a.code);
    }
  });
  it('lets an exception of your own trust predicate through', () => {
    const boom = new Error('boom');
    const trustProxy = () => {
      throw boom;
    };
    expect(caught(() => explainClientIp({ remoteAddress: '10.0.0.1', trustProxy }))).toBe(boom);
  });
});

describe('explainClientIp: no raw text of an entry that is no address', () => {
  // Letters no canonical address, error code or message word is made of in this order.
  const marker = fc.stringMatching(/^[g-zG-Z]{6}Qx[g-z]{4}$/);
  const wrap = fc.constantFrom(
    (m: string) => m,
    (m: string) => `1.2.3.${m}`,
    (m: string) => `fe80::1%${m}`,
    (m: string) => `[::1]:${m}`,
    (m: string) => `for="${m}`,
    (m: string) => `for=${m}`,
    (m: string) => `_${m}`,
    (m: string) => `\n${m}\r\n`,
  );
  it('in the hops, the error or anywhere in the JSON', () => {
    fc.assert(
      fc.property(
        marker,
        wrap,
        fc.array(fc.constantFrom('10.0.0.1', 'fd00::1', '198.51.100.1'), { maxLength: 3 }),
        fc.constantFrom<'x-forwarded-for' | 'forwarded'>('x-forwarded-for', 'forwarded'),
        fc.constantFrom('use-last-trusted' as const, 'throw' as const),
        (m, bad, right, header, onMalformed) => {
          const entries = [bad(m), ...right].map((e) =>
            header === 'forwarded' && !e.includes('=') ? `for="${e}"` : e,
          );
          const t = explainClientIp({
            remoteAddress: '10.0.0.9',
            headers: { [header]: entries.join(', ') },
            header,
            trustProxy: true,
            onMalformed,
          });
          expect(JSON.stringify(t)).not.toContain(m);
        },
      ),
      { numRuns: 2000, seed: 0x5afe },
    );
  });
});
