/**
 * @module
 * `classifyIp`: every registry block from test/vectors/classify.json, including the
 * CVE-2024-29415 spellings of loopback, then properties: mapped IPv4 classifies as the IPv4
 * inside it, and bad input raises the typed error.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyIp, type IpClass, IpError, isPublicIp, parseIp } from '../src/index.js';
import vectors from './vectors/classify.json' with { type: 'json' };

interface RegistryEntry {
  registry: string;
  block: string;
  name: string;
  rfc: string;
  globallyReachable: boolean | 'N/A' | 'terminated';
  probes: [string, IpClass][];
}

describe('classifyIp: every entry of the IANA special-purpose registries (test/vectors/classify.json)', () => {
  it('cites its sources', () => {
    expect(vectors.source).toMatch(/IANA IPv4 Special-Purpose/);
    expect(vectors.source).toMatch(/IPv6 Special-Purpose/);
  });
  it('holds all 25 entries of each registry', () => {
    const entries = vectors.registries as RegistryEntry[];
    expect(entries.filter((e) => e.registry === 'IPv4').length).toBe(25);
    expect(entries.filter((e) => e.registry === 'IPv6').length).toBe(25);
  });
  it.each(vectors.registries as RegistryEntry[])('$block ($name, $rfc)', (entry) => {
    expect(entry.probes.length).toBeGreaterThan(0);
    for (const [probe, expected] of entry.probes) {
      expect(classifyIp(probe), probe).toBe(expected);
      expect(isPublicIp(parseIp(probe)), probe).toBe(expected === 'public');
      // "Globally Reachable" decides public, except where the block carries another address
      // (the well-known NAT64 prefix of a non-global IPv4, RFC 6052 §3.1).
      if (entry.globallyReachable === true && !entry.block.startsWith('64:ff9b::')) expect(expected).toBe('public');
      if (entry.globallyReachable !== true && !entry.block.startsWith('::ffff:')) expect(expected).not.toBe('public');
    }
  });
});

describe('classifyIp: addresses around and outside the registries (test/vectors/classify.json)', () => {
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
  it('refuses text that is not an address with IpError', () => {
    for (const bad of ['0177.0.0.1', '127.1', '0x7f000001', '2130706433', '::ffff:127.1']) {
      expect(() => classifyIp(bad)).toThrow(IpError);
    }
  });
});
