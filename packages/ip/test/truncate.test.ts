/**
 * @module
 * `truncateIp` / `truncateIpToNetwork`: known answers per preset and per IPv4-in-IPv6 embedding
 * (test/vectors/truncate.json), then the invariants a privacy user relies on: the result never
 * keeps more bits than the policy, no embedded IPv4 survives past the IPv4 policy, truncation is
 * idempotent, the result is the input's own network, and plain addresses agree with ipaddr.js.
 */

import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import {
  IpParseError,
  parseIp,
  TRUNCATION_PRESETS,
  type TruncationPolicy,
  type TruncationPreset,
  truncateIp,
  truncateIpToNetwork,
} from '../src/index.js';
import { keptBitsViolation, policyArb, randomAddressArb } from './support/truncate-checks.js';
import vectors from './vectors/truncate.json' with { type: 'json' };

describe('truncateIp: known answers (test/vectors/truncate.json)', () => {
  it('cites its sources', () => {
    expect(vectors.source).toMatch(/RFC 6052/);
  });
  it.each(vectors.cases)('$input under $policy → $expected', ({ input, policy, expected, cidr }) => {
    const p = policy as TruncationPolicy | TruncationPreset;
    expect(truncateIp(input, p)).toBe(expected);
    expect(truncateIp(parseIp(input), p)).toBe(expected);
    const net = truncateIpToNetwork(input, p);
    expect(net.cidr).toBe(cidr);
    expect(net.address.toString()).toBe(expected);
    expect(Object.isFrozen(net)).toBe(true);
  });
  it('defaults to the cnil preset (/16, /48)', () => {
    expect(truncateIp('198.51.100.23')).toBe('198.51.0.0');
    expect(truncateIp('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1::');
    expect(TRUNCATION_PRESETS.cnil).toEqual({ ipv4: 16, ipv6: 48 });
  });
  it('keeps the presets frozen', () => {
    expect(Object.isFrozen(TRUNCATION_PRESETS)).toBe(true);
    expect(Object.isFrozen(TRUNCATION_PRESETS.ga)).toBe(true);
  });
});

describe('truncateIp: bad input raises a typed error and says nothing of the input', () => {
  it('refuses lenient forms with IpParseError', () => {
    for (const bad of ['0177.0.0.1', '127.1', '1.2.3', '0x7f.0.0.1', ' 1.2.3.4', '1.2.3.4, 5.6.7.8', '']) {
      expect(() => truncateIp(bad)).toThrow(IpParseError);
    }
  });
  it('refuses unknown presets and out-of-range policies', () => {
    expect(() => truncateIp('1.2.3.4', 'nope' as TruncationPreset)).toThrow(RangeError);
    expect(() => truncateIp('1.2.3.4', 'toString' as TruncationPreset)).toThrow(RangeError);
    expect(() => truncateIp('1.2.3.4', { ipv4: 33, ipv6: 48 })).toThrow(
      /"policy.ipv4" must be an integer from 0 to 32/,
    );
    expect(() => truncateIp('1.2.3.4', { ipv4: 16, ipv6: 129 })).toThrow(/"policy.ipv6"/);
    expect(() => truncateIp('1.2.3.4', { ipv4: 1.5, ipv6: 48 })).toThrow(RangeError);
    expect(() => truncateIp('1.2.3.4', { ipv4: -1, ipv6: 48 })).toThrow(RangeError);
    expect(() => truncateIp('1.2.3.4', null as unknown as TruncationPolicy)).toThrow(TypeError);
  });
  it('leaves the input address unchanged', () => {
    const ip = parseIp('203.0.113.77');
    truncateIp(ip, { ipv4: 0, ipv6: 0 });
    expect(ip.toString()).toBe('203.0.113.77');
  });
});

describe('truncateIp: properties', () => {
  it('never keeps a bit beyond the policy, nor an embedded IPv4 bit beyond the IPv4 policy', () => {
    fc.assert(
      fc.property(randomAddressArb, policyArb, (bytes, policy) => {
        expect(keptBitsViolation(bytes, policy)).toBeUndefined();
      }),
      { numRuns: 20_000 },
    );
  });
  it('is idempotent and returns a network that contains the input', () => {
    fc.assert(
      fc.property(randomAddressArb, policyArb, (bytes, policy) => {
        const ip = parseIp(formatForParse(bytes));
        const once = truncateIp(ip, policy);
        expect(truncateIp(once, policy)).toBe(once);
        const net = truncateIpToNetwork(ip, policy);
        const input = ipaddr.parse(ip.toString());
        const network = ipaddr.parse(net.address.toString());
        if (input.kind() === network.kind() && !isEmbedding(bytes)) {
          expect(input.match(network, net.prefixLength)).toBe(true);
        }
      }),
      { numRuns: 5_000 },
    );
  });
  it('agrees with ipaddr.js masking for addresses that embed no IPv4', () => {
    fc.assert(
      fc.property(randomAddressArb, policyArb, (bytes, policy) => {
        if (isEmbedding(bytes)) return;
        const ip = parseIp(formatForParse(bytes));
        const length = ip.family === 4 ? policy.ipv4 : policy.ipv6;
        const peer = ipaddr.parseCIDR(`${ip.toString()}/${length}`);
        const masked =
          peer[0].kind() === 'ipv4'
            ? ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${length}`)
            : ipaddr.IPv6.networkAddressFromCIDR(`${ip}/${length}`);
        expect(parseIp(truncateIp(ip, policy)).toBytes()).toEqual(Uint8Array.from(masked.toByteArray()));
      }),
      { numRuns: 5_000 },
    );
  });
});

function formatForParse(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

/** IPv6 forms that carry IPv4 (first 64 bits zero, NAT64, 6to4, Teredo), truncated specially. */
function isEmbedding(b: Uint8Array): boolean {
  if (b.length === 4) return false;
  return (
    b.subarray(0, 8).every((x) => x === 0) ||
    (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) ||
    (b[0] === 0x20 && b[1] === 0x02) ||
    (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0)
  );
}
