/**
 * @module
 * One error class for everything `@privkit/ip` refuses: every exported function, given
 * arguments of the wrong type or bad options, raises `IpError` with the shared shape (`name`,
 * `code`, `path`, a message naming the path) and never the engine's own `TypeError`.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyIp,
  clientIp,
  compileTrust,
  IpError,
  isPublicIp,
  parseCidr,
  parseIp,
  truncateIp,
  truncateIpToNetwork,
} from '../src/index.js';

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const NOT_TEXT: unknown[] = [undefined, null, 0, 42n, true, {}, [], ['1.2.3.4'], new String('1.2.3.4'), Symbol('x')];
const LOOKALIKE = { family: 4, toBytes: () => Uint8Array.of(1, 2, 3, 4), toString: () => '1.2.3.4' };

describe('IpError', () => {
  it('has the shared constructor shape (code, message, { path, cause }) and keeps position', () => {
    const cause = new Error('inner');
    const error = new IpError('CIDR', '"cidr" is bad', { path: 'cidr', cause, position: 3 });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'IpError', code: 'CIDR', path: 'cidr', position: 3, cause });
    expect(new IpError('EMPTY', 'm')).toMatchObject({ path: undefined, position: undefined });
    expect('cause' in new IpError('EMPTY', 'm')).toBe(false);
  });
});

describe('every function: arguments of the wrong type are IpError INVALID_ARGUMENT, never a TypeError', () => {
  const functions: [string, (value: unknown) => unknown][] = [
    ['parseIp', (v) => parseIp(v as string)],
    ['classifyIp', (v) => classifyIp(v as string)],
    ['isPublicIp', (v) => isPublicIp(v as string)],
    ['truncateIp', (v) => truncateIp(v as string)],
    ['truncateIpToNetwork', (v) => truncateIpToNetwork(v as string)],
    ['parseCidr', (v) => parseCidr(v as string)],
    ['IpCidr.contains', (v) => parseCidr('10.0.0.0/8').contains(v as string)],
    ['IpAddress.equals', (v) => parseIp('1.2.3.4').equals(v as never)],
  ];
  it.each(functions)('%s', (_name, run) => {
    for (const value of [...NOT_TEXT.filter((v) => typeof v !== 'string'), LOOKALIKE]) {
      if (_name === 'parseIp' || _name === 'parseCidr') {
        if (value === LOOKALIKE) continue;
      }
      const error = caught(() => run(value));
      expect(error, String(typeof value)).toBeInstanceOf(IpError);
      expect((error as IpError).code).toBe('INVALID_ARGUMENT');
      expect((error as IpError).message).toMatch(/^"[^"]+" must be /);
    }
  });
  it('holds for any value fast-check makes', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        if (typeof value === 'string') return;
        for (const run of functions.map(([, f]) => f)) {
          const error = caught(() => run(value));
          expect(error).toBeInstanceOf(IpError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('bad options are IpError INVALID_OPTIONS or UNKNOWN_KEY naming the path', () => {
  const cases: [string, () => unknown, string, string][] = [
    ['clientIp: not an object', () => clientIp(null as never), 'INVALID_OPTIONS', 'options'],
    [
      'clientIp: a misspelt key',
      () => clientIp({ remoteAddress: '10.0.0.1', trustproxy: true } as never),
      'UNKNOWN_KEY',
      'options.trustproxy',
    ],
    [
      'clientIp: header',
      () => clientIp({ remoteAddress: '10.0.0.1', header: 'x-real-ip' } as never),
      'INVALID_OPTIONS',
      'options.header',
    ],
    [
      'clientIp: onMalformed',
      () => clientIp({ remoteAddress: '10.0.0.1', onMalformed: 'remote' } as never),
      'INVALID_OPTIONS',
      'options.onMalformed',
    ],
    [
      'clientIp: remoteAddress',
      () => clientIp({ remoteAddress: 42 } as never),
      'INVALID_OPTIONS',
      'options.remoteAddress',
    ],
    [
      'clientIp: remoteAddress text',
      () => clientIp({ remoteAddress: '127.1' }),
      'IPV4_PART_COUNT',
      'options.remoteAddress',
    ],
    [
      'clientIp: headers',
      () => clientIp({ remoteAddress: '10.0.0.1', headers: 'x' } as never),
      'INVALID_OPTIONS',
      'options.headers',
    ],
    [
      'clientIp: header value',
      () => clientIp({ remoteAddress: '10.0.0.1', trustProxy: true, headers: { 'x-forwarded-for': 7 } } as never),
      'INVALID_OPTIONS',
      'options.headers["x-forwarded-for"]',
    ],
    [
      'clientIp: trustProxy',
      () => clientIp({ remoteAddress: '10.0.0.1', trustProxy: 'loopback' } as never),
      'INVALID_OPTIONS',
      'trustProxy',
    ],
    ['compileTrust: hop count', () => compileTrust(-1), 'INVALID_OPTIONS', 'trustProxy'],
    ['compileTrust: fractional', () => compileTrust(1.5), 'INVALID_OPTIONS', 'trustProxy'],
    ['compileTrust: entry type', () => compileTrust(['loopback', 8 as never]), 'INVALID_OPTIONS', 'trustProxy[1]'],
    ['compileTrust: entry', () => compileTrust(['loopback', '10.0.0.0/33']), 'CIDR', 'trustProxy[1]'],
    ['compileTrust: entry address', () => compileTrust(['127.1']), 'IPV4_PART_COUNT', 'trustProxy[0]'],
    [
      'parseCidr: options',
      () => parseCidr('10.0.0.0/8', { argument: 'x' } as never),
      'UNKNOWN_KEY',
      'options.argument',
    ],
    ['truncateIp: preset', () => truncateIp('1.2.3.4', 'matomo' as never), 'INVALID_OPTIONS', 'policy'],
  ];
  it.each(cases)('%s', (_name, run, code, path) => {
    const error = caught(run);
    expect(error).toBeInstanceOf(IpError);
    expect(error).toMatchObject({ code, path });
  });
});
