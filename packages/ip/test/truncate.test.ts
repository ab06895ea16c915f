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
  IpError,
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
  it('refuses lenient forms with IpError', () => {
    for (const bad of ['0177.0.0.1', '127.1', '1.2.3', '0x7f.0.0.1', ' 1.2.3.4', '1.2.3.4, 5.6.7.8', '']) {
      expect(() => truncateIp(bad)).toThrow(IpError);
    }
  });
  it('refuses unknown presets, unknown keys and out-of-range policies with IpError', () => {
    const code = (policy: unknown) => {
      try {
        truncateIp('1.2.3.4', policy as TruncationPolicy);
      } catch (error) {
        expect(error).toBeInstanceOf(IpError);
        return [(error as IpError).code, (error as IpError).path];
      }
      return undefined;
    };
    expect(code('nope')).toEqual(['INVALID_OPTIONS', 'policy']);
    expect(code('toString')).toEqual(['INVALID_OPTIONS', 'policy']);
    expect(() => truncateIp('1.2.3.4', { ipv4: 33, ipv6: 48 })).toThrow(
      /"policy.ipv4" must be an integer from 0 to 32/,
    );
    expect(code({ ipv4: 16, ipv6: 129 })).toEqual(['INVALID_OPTIONS', 'policy.ipv6']);
    expect(code({ ipv4: 1.5, ipv6: 48 })).toEqual(['INVALID_OPTIONS', 'policy.ipv4']);
    expect(code({ ipv4: -1, ipv6: 48 })).toEqual(['INVALID_OPTIONS', 'policy.ipv4']);
    expect(code({ ipv4: 24 })).toEqual(['INVALID_OPTIONS', 'policy.ipv6']);
    expect(code({ ipv4: 24, ipv6: 48, ipv5: 8 })).toEqual(['UNKNOWN_KEY', 'policy.ipv5']);
    expect(code({ ipv4: 24, ipv6: 48, __proto__: { ipv4: 32 } })).toEqual(['INVALID_OPTIONS', 'policy']);
    expect(code(null)).toEqual(['INVALID_OPTIONS', 'policy']);
    expect(code(24)).toEqual(['INVALID_OPTIONS', 'policy']);
  });
  it('checks a frozen policy once, and a bad frozen policy every time', () => {
    const policy = Object.freeze({ ipv4: 20, ipv6: 44 });
    for (let k = 0; k < 3; k++) {
      expect(truncateIp('198.51.100.23', policy)).toBe('198.51.96.0');
      expect(truncateIpToNetwork('2001:db8:85a3::1', policy).cidr).toBe('2001:db8:85a0::/44');
    }
    const bad = Object.freeze({ ipv4: 20, ipv6: 44, ipv5: 8 });
    for (let k = 0; k < 2; k++) expect(() => truncateIp('198.51.100.23', bad)).toThrow(/unknown key "ipv5"/);
    // An accessor is read when the policy is checked, and what it gave then is what is used.
    let reads = 0;
    const getter = Object.freeze(
      Object.defineProperty({ ipv6: 48 }, 'ipv4', { enumerable: true, get: () => (reads++ === 0 ? 8 : 32) }),
    );
    expect(truncateIp('198.51.100.23', getter as TruncationPolicy)).toBe('198.0.0.0');
    expect(truncateIp('198.51.100.23', getter as TruncationPolicy)).toBe('198.0.0.0');
    // An unfrozen policy is read again on every call: a change is seen.
    const open = { ipv4: 8, ipv6: 48 };
    expect(truncateIp('198.51.100.23', open)).toBe('198.0.0.0');
    open.ipv4 = 16;
    expect(truncateIp('198.51.100.23', open)).toBe('198.51.0.0');
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

describe('truncateIp: what each preset removes from an embedded IPv4 address', () => {
  // Each form written from its RFC, independently of src/: where the 32 IPv4 bits go.
  // RFC 6052 §2.2: after a network-specific prefix of 32, 40, 48, 56, 64 or 96 bits, skipping
  // bits 64–71 (the "u" octet); the operator's prefix cannot be told from the address.
  const nsp = (length: number) => (prefix: Uint8Array, v4: number[]) => {
    const out = Uint8Array.from(prefix);
    out.fill(0, length / 8);
    const bits: number[] = [];
    for (let i = length; bits.length < 32; i++) if (i < 64 || i >= 72) bits.push(i);
    return { bytes: setBits(out, bits, v4), bits };
  };
  const at = (start: number, fixed: number[]) => (prefix: Uint8Array, v4: number[]) => {
    const out = Uint8Array.from(prefix);
    fixed.forEach((byte, i) => {
      out[i] = byte;
    });
    const bits = Array.from({ length: 32 }, (_, i) => start + i);
    return { bytes: setBits(out, bits, v4), bits };
  };
  type Form = readonly [string, (prefix: Uint8Array, v4: number[]) => { bytes: Uint8Array; bits: number[] }];
  const forms: Form[] = [
    ...[32, 40, 48, 56, 64, 96].map((l) => [`RFC 6052 network-specific /${l}`, nsp(l)] as Form),
    ['RFC 6052 well-known 64:ff9b::/96', at(96, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])],
    ...[48, 56, 64, 96].map(
      (l) =>
        [
          `RFC 8215 64:ff9b:1::/48 as a /${l} prefix`,
          (p: Uint8Array, v4: number[]) => nsp(l)(Uint8Array.from([0, 0x64, 0xff, 0x9b, 0, 1, ...p.subarray(6)]), v4),
        ] as Form,
    ),
    ['RFC 3056 6to4', at(16, [0x20, 0x02])],
    ['RFC 4291 IPv4-compatible', at(96, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])],
    ['RFC 5214 ISATAP (private)', at(96, [0x20, 0x01, 0x0d, 0xb8, 1, 2, 3, 4, 0, 0, 0x5e, 0xfe])],
    ['RFC 5214 ISATAP (global)', at(96, [0x2a, 0x01, 0x0d, 0xb8, 1, 2, 3, 4, 2, 0, 0x5e, 0xfe])],
    ['RFC 4380 Teredo server', at(32, [0x20, 0x01, 0, 0])],
  ];
  const v4Arb = fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 32, maxLength: 32 });
  for (const [preset, policy] of Object.entries(TRUNCATION_PRESETS)) {
    it(`${preset} (/${policy.ipv4}, /${policy.ipv6}) keeps at most ${policy.ipv4} bits of any embedded IPv4`, () => {
      // Every preset satisfies the bound that makes the unrecognisable /32 prefix safe.
      expect(policy.ipv6).toBeLessThanOrEqual(32 + policy.ipv4);
      for (const [name, form] of forms) {
        fc.assert(
          fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), v4Arb, (prefix, v4) => {
            const { bytes, bits } = form(prefix, v4);
            const out = parseIp(truncateIp(formatForParse(bytes), preset as TruncationPreset)).toBytes();
            bits.forEach((position, i) => {
              if (i >= policy.ipv4) expect(getBit(out, position), `${name}: IPv4 bit ${i}`).toBe(0);
            });
          }),
          { numRuns: 200 },
        );
      }
    });
  }
});

function setBits(bytes: Uint8Array, positions: number[], values: number[]): Uint8Array {
  positions.forEach((p, i) => {
    if (values[i]) bytes[p >> 3]! |= 0x80 >> (p & 7);
    else bytes[p >> 3]! &= ~(0x80 >> (p & 7));
  });
  return bytes;
}

function getBit(bytes: Uint8Array, p: number): number {
  return (bytes[p >> 3]! >> (7 - (p & 7))) & 1;
}

function formatForParse(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

/** IPv6 forms that carry IPv4 (first 64 bits zero, NAT64, 6to4, Teredo, ISATAP), truncated specially. */
function isEmbedding(b: Uint8Array): boolean {
  if (b.length === 4) return false;
  return (
    b.subarray(0, 8).every((x) => x === 0) ||
    ((b[8]! & 0xfc) === 0 && b[9] === 0 && b[10] === 0x5e && b[11] === 0xfe) ||
    (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) ||
    (b[0] === 0x20 && b[1] === 0x02) ||
    (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0)
  );
}
