/**
 * @module
 * The truncation invariant shared by the fast property test and the million-input slow run:
 * "a truncated result never contains more bits than the policy keeps", including the bits of an
 * IPv4 address embedded in an IPv6 address, checked against an independent model of where
 * each embedding puts its IPv4 bits.
 */

import fc from 'fast-check';
import { parseIp, type TruncationPolicy, truncateIp } from '../../src/index.js';

/** Random 4- or 16-byte addresses, biased towards the IPv6 embeddings. */
export const randomAddressArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 4, maxLength: 4 }),
  fc.uint8Array({ minLength: 16, maxLength: 16 }),
  ...[
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0],
    [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0x64, 0xff, 0x9b, 0, 1],
    [0x20, 0x02],
    [0x20, 0x01, 0, 0],
  ].map((prefix) =>
    fc
      .uint8Array({ minLength: 16 - prefix.length, maxLength: 16 - prefix.length })
      .map((rest) => Uint8Array.from([...prefix, ...rest])),
  ),
  // ISATAP interface identifiers (RFC 5214 §6.1) under random prefixes, 6to4 ones included.
  fc
    .tuple(
      fc.oneof(
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.uint8Array({ minLength: 6, maxLength: 6 }).map((r) => Uint8Array.from([0x20, 0x02, ...r])),
      ),
      fc.integer({ min: 0, max: 3 }),
      fc.uint8Array({ minLength: 4, maxLength: 4 }),
    )
    .map(([prefix, ug, v4]) => Uint8Array.from([...prefix, ug, 0, 0x5e, 0xfe, ...v4])),
);

export const policyArb: fc.Arbitrary<TruncationPolicy> = fc.record({
  ipv4: fc.integer({ min: 0, max: 32 }),
  ipv6: fc.integer({ min: 0, max: 128 }),
});

function bit(bytes: Uint8Array, i: number): number {
  return (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
}

function text(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

/**
 * Truncates `bytes` under `policy` and returns a description of the first bit the result keeps
 * that the policy does not allow, or `undefined` when there is none.
 */
export function keptBitsViolation(bytes: Uint8Array, policy: TruncationPolicy): string | undefined {
  const input = text(bytes);
  const out = parseIp(truncateIp(input, policy)).toBytes();
  const allowed: [from: number, to: number][] = [];
  const mapped =
    bytes.length === 16 && bytes.subarray(0, 10).every((x) => x === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (out.length === 4) {
    if (bytes.length !== 4 && !mapped) return `IPv6 ${input} came back as IPv4`;
    allowed.push([0, policy.ipv4]);
  } else {
    if (mapped) return `mapped ${input} came back as IPv6`;
    // Where each embedding puts IPv4 bits (RFC 4291 §2.5.5, RFC 6052 §2.2, RFC 8215, RFC 3056 §2,
    // RFC 4380 §4, RFC 5214 §6.1): only the first `ipv4` bits of each window may stay, and the
    // Teredo client (stored inverted, bits 80–127) must go whole.
    const b = bytes;
    const windows: [number, number][] = [];
    let drop: [number, number] | undefined;
    if (b.subarray(0, 8).every((x) => x === 0)) {
      if (!b.subarray(0, 15).every((x) => x === 0)) windows.push([96, 128]);
    } else if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) {
      windows.push(b[4] === 0 && b[5] === 1 ? [48, 128] : [96, 128]);
    } else if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) {
      windows.push([32, 64]);
      drop = [80, 128];
    } else {
      if (b[0] === 0x20 && b[1] === 0x02) windows.push([16, 48]);
      if ((b[8]! & 0xfc) === 0 && b[9] === 0 && b[10] === 0x5e && b[11] === 0xfe) windows.push([96, 128]);
    }
    allowed.push([0, policy.ipv6]);
    for (let i = 0; i < 128; i++) {
      if (bit(out, i) === 0) continue;
      const inDrop = drop !== undefined && i >= drop[0] && i < drop[1];
      const beyond = windows.some(([from, to]) => i >= from + policy.ipv4 && i < to);
      if (inDrop || beyond) return `${input} under ${JSON.stringify(policy)} kept embedded IPv4 bit ${i}`;
    }
  }
  for (let i = 0; i < out.length * 8; i++) {
    if (bit(out, i) === 0) continue;
    if (!allowed.some(([from, to]) => i >= from && i < to))
      return `${input} under ${JSON.stringify(policy)} kept bit ${i}`;
  }
  return undefined;
}
