/**
 * @module
 * `classifyIp`: every registry block from test/vectors/classify.json, including the
 * CVE-2024-29415 spellings of loopback, then properties: mapped IPv4 classifies as the IPv4
 * inside it, and bad input raises the typed error.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyIp, type IpClass, IpParseError, isPublicIp, parseIp } from '../src/index.js';
import vectors from './vectors/classify.json' with { type: 'json' };

describe('classifyIp: known answers (test/vectors/classify.json)', () => {
  it('cites its sources', () => {
    expect(vectors.source).toMatch(/IANA/);
  });
  it.each(vectors.cases as [string, IpClass][])('%s is %s', (input, expected) => {
    expect(classifyIp(input)).toBe(expected);
    expect(classifyIp(parseIp(input))).toBe(expected);
    expect(isPublicIp(input)).toBe(expected === 'public');
  });
});

describe('classifyIp: properties', () => {
  it('classifies an IPv4-mapped address as the IPv4 address inside it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (b) => {
        const v4 = b.join('.');
        expect(classifyIp(`::ffff:${v4}`)).toBe(classifyIp(v4));
      }),
      { numRuns: 20_000 },
    );
  });
  it('calls no address in a special-purpose block public (spot check against the blocks)', () => {
    const blocks: [string, number][] = [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['127.0.0.0', 8],
      ['100.64.0.0', 10],
      ['169.254.0.0', 16],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...blocks), fc.integer({ min: 0, max: 2 ** 32 - 1 }), ([base, len], r) => {
        const b = parseIp(base).toBytes();
        const n = ((((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) + (r >>> len)) >>> 0;
        const ip = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
        expect(isPublicIp(ip)).toBe(false);
      }),
      { numRuns: 5_000 },
    );
  });
  it('refuses text that is not an address with IpParseError', () => {
    for (const bad of ['0177.0.0.1', '127.1', '0x7f000001', '2130706433', '::ffff:127.1']) {
      expect(() => classifyIp(bad)).toThrow(IpParseError);
    }
  });
});
