/**
 * @module
 * Canonical text (RFC 5952 for IPv6, dotted quad for IPv4): the RFC's own examples first, then
 * properties against an independent model of RFC 5952 §4, then `ipaddr.js`'s
 * `toRFC5952String()` as a differential peer.
 */

import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../src/index.js';
import { formatBytes } from '../src/internal/format.js';
import vectors from './vectors/rfc5952.json' with { type: 'json' };

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * A deliberately plain model of RFC 5952 §4 and §5, written from the RFC's wording and not from
 * the implementation: strings and `Array#join`, no tables, no index arithmetic shared with it.
 */
function model(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  // §5: IPv4-mapped addresses only.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${Array.from(bytes.subarray(12)).join('.')}`;
  }
  // §4.2.1–§4.2.3: the first of the longest runs of at least two zero groups.
  let best: [number, number] | undefined;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length >= 2 && (best === undefined || length > best[1])) best = [start, length];
  }
  const hex = groups.map((g) => g.toString(16)); // §4.1 and §4.3
  if (best === undefined) return hex.join(':');
  const [start, length] = best;
  return `${hex.slice(0, start).join(':')}::${hex.slice(start + length).join(':')}`;
}

/** 16 bytes in which whole zero groups are common, so that runs and ties occur often. */
const ipv6Bytes = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 0xff }) },
      { weight: 1, arbitrary: fc.integer({ min: 0x100, max: 0xffff }) },
      { weight: 1, arbitrary: fc.constant(0xffff) },
    ),
    { minLength: 8, maxLength: 8 },
  )
  .map((groups) => {
    const bytes = new Uint8Array(16);
    groups.forEach((g, i) => {
      bytes[2 * i] = g >> 8;
      bytes[2 * i + 1] = g & 0xff;
    });
    return bytes;
  });
const ipv4Bytes = fc.uint8Array({ minLength: 4, maxLength: 4 });
/** IPv4-mapped addresses, ::ffff:0:0/96, which a uniform generator almost never produces. */
const mappedBytes = ipv4Bytes.map((v4) => {
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set(v4, 12);
  return bytes;
});
const anyBytes = fc.oneof(ipv4Bytes, ipv6Bytes, fc.uint8Array({ minLength: 16, maxLength: 16 }), mappedBytes);

describe('formatBytes: known answers (test/vectors/rfc5952.json)', () => {
  it('cites its source', () => {
    expect(vectors.source).toMatch(/RFC 5952/);
    expect(vectors.vectors.length).toBeGreaterThan(20);
  });

  for (const vector of vectors.vectors) {
    it(`${vector.section}: ${vector.canonical}`, () => {
      expect(formatBytes(fromHex(vector.hex))).toBe(vector.canonical);
      for (const input of vector.inputs) {
        const ip = parseIp(input);
        expect(Array.from(ip.toBytes())).toEqual(Array.from(fromHex(vector.hex)));
        expect(ip.toString()).toBe(vector.canonical);
      }
    });
  }

  it('writes IPv4 as a dotted quad without leading zeros', () => {
    expect(formatBytes(Uint8Array.of(192, 0, 2, 1))).toBe('192.0.2.1');
    expect(formatBytes(Uint8Array.of(0, 0, 0, 0))).toBe('0.0.0.0');
    expect(formatBytes(Uint8Array.of(255, 255, 255, 255))).toBe('255.255.255.255');
  });

  it('writes only IPv4-mapped addresses with a dotted quad (RFC 5952 §5)', () => {
    expect(formatBytes(fromHex('00000000000000000000ffff00000000'))).toBe('::ffff:0.0.0.0');
    // IPv4-compatible, NAT64, IPv4-translated (::ffff:0:0:0/96) and 6to4 stay hexadecimal.
    expect(formatBytes(fromHex('000000000000000000000000c0000221'))).toBe('::c000:221');
    expect(formatBytes(fromHex('0064ff9b0000000000000000c0000221'))).toBe('64:ff9b::c000:221');
    expect(formatBytes(fromHex('0000000000000000ffff0000c0000221'))).toBe('::ffff:0:c000:221');
    expect(formatBytes(fromHex('00000000000000000001ffffc0000221'))).toBe('::1:ffff:c000:221');
  });
});

describe('formatBytes: properties', () => {
  it('agrees with a plain model of RFC 5952 §4 and §5', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(formatBytes(bytes)).toBe(model(bytes));
      }),
      { numRuns: 20_000 },
    );
  });

  it('writes only lower-case hexadecimal groups of 1–4 digits without leading zeros, and at most one "::"', () => {
    fc.assert(
      fc.property(ipv6Bytes, (bytes) => {
        const text = formatBytes(bytes);
        expect(text).toBe(text.toLowerCase());
        expect(text.split('::').length).toBeLessThanOrEqual(2);
        // A dotted quad only after "::ffff:" (§5); the rest must be hexadecimal groups.
        const hex = text.includes('.') ? text.slice(0, text.lastIndexOf(':')) : text;
        if (hex !== text) expect(hex).toBe('::ffff');
        for (const group of hex.split(/::?/).filter((g) => g !== '')) {
          expect(group).toMatch(/^(0|[1-9a-f][0-9a-f]{0,3})$/);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('is a fixed point: the canonical text of a canonical text is itself', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const text = formatBytes(bytes);
        expect(parseIp(text).toString()).toBe(text);
        expect(Array.from(parseIp(text).toBytes())).toEqual(Array.from(bytes));
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('formatBytes: differential against ipaddr.js toRFC5952String()', () => {
  it('matches wherever RFC 5952 §5 does not ask for a dotted quad', () => {
    fc.assert(
      fc.property(fc.oneof(ipv6Bytes, mappedBytes, fc.uint8Array({ minLength: 16, maxLength: 16 })), (bytes) => {
        const peer = ipaddr.fromByteArray(Array.from(bytes)) as ipaddr.IPv6;
        const text = formatBytes(bytes);
        // ipaddr.js writes IPv4-mapped addresses in hexadecimal (::ffff:c000:201).
        if (text.startsWith('::ffff:') && text.includes('.')) {
          expect(peer.toRFC5952String()).toBe(
            text.replace(/\d+\.\d+\.\d+\.\d+$/, () => {
              const hi = (((bytes[12] as number) << 8) | (bytes[13] as number)).toString(16);
              const lo = (((bytes[14] as number) << 8) | (bytes[15] as number)).toString(16);
              return `${hi}:${lo}`;
            }),
          );
        } else {
          expect(text).toBe(peer.toRFC5952String());
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('matches ipaddr.js for IPv4', () => {
    fc.assert(
      fc.property(ipv4Bytes, (bytes) => {
        expect(formatBytes(bytes)).toBe((ipaddr.fromByteArray(Array.from(bytes)) as ipaddr.IPv4).toString());
      }),
      { numRuns: 2_000 },
    );
  });
});
