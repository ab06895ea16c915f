/**
 * @module
 * The locator's fast "surely public" test against `@privkit/ip`'s `classifyIp`, which it stands
 * in for: wherever the fast test says public, classifyIp must say public too. Random addresses
 * with every first byte, and the edges of every special-purpose block.
 */
import { classifyIp, parseIp } from '@privkit/ip';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSurelyPublic } from '../src/internal/public.js';

const v4 = (b: number[]) => b.join('.');
const v6 = (b: number[]) =>
  Array.from({ length: 8 }, (_, i) => (((b[2 * i] as number) << 8) | (b[2 * i + 1] as number)).toString(16)).join(':');

/** The fast test never calls an address public that classifyIp does not. */
function agrees(bytes: number[]): void {
  const text = bytes.length === 4 ? v4(bytes) : v6(bytes);
  if (isSurelyPublic(Uint8Array.from(bytes))) expect(classifyIp(parseIp(text)), text).toBe('public');
}

export const addressBytes = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
  // IPv6 in and around 2000::/3, where public and special blocks interleave.
  fc
    .tuple(
      fc.integer({ min: 0x1f, max: 0x40 }),
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 15, maxLength: 15 }),
    )
    .map(([a, rest]) => [a, ...rest]),
);

describe('isSurelyPublic', () => {
  it('agrees with classifyIp on random addresses', () => {
    fc.assert(fc.property(addressBytes, agrees), { numRuns: 20_000 });
  });

  it('agrees at the edges of every special-purpose block', () => {
    const edges = [
      '0.0.0.0',
      '0.255.255.255',
      '1.0.0.0',
      '9.255.255.255',
      '10.0.0.0',
      '11.0.0.0',
      '100.63.255.255',
      '100.64.0.0',
      '100.127.255.255',
      '100.128.0.0',
      '126.255.255.255',
      '127.0.0.0',
      '128.0.0.0',
      '169.253.255.255',
      '169.254.0.0',
      '169.255.0.0',
      '172.15.255.255',
      '172.16.0.0',
      '172.31.255.255',
      '172.32.0.0',
      '191.255.255.255',
      '192.0.0.0',
      '192.0.1.0',
      '192.0.2.0',
      '192.0.3.0',
      '192.88.99.0',
      '192.88.100.0',
      '192.167.255.255',
      '192.168.0.0',
      '192.169.0.0',
      '198.17.255.255',
      '198.18.0.0',
      '198.19.255.255',
      '198.20.0.0',
      '198.51.100.0',
      '198.51.101.0',
      '203.0.112.255',
      '203.0.113.0',
      '203.0.114.0',
      '223.255.255.255',
      '224.0.0.0',
      '255.255.255.255',
      '1fff:ffff::',
      '2000::',
      '2000:ffff::',
      '2001::',
      '2001:1ff:ffff::',
      '2001:200::',
      '2001:db8::',
      '2001:db9::',
      '2002::',
      '2003::',
      '3ffe:ffff::',
      '3fff::',
      '3fff:fff::',
      '3fff:1000::',
      '4000::',
      'fc00::',
      'fe80::',
      'ff00::',
    ];
    for (const text of edges) agrees([...parseIp(text).toBytes()]);
    // And it does take the fast path for ordinary public addresses.
    for (const text of ['8.8.8.8', '81.2.69.160', '2a00:1450::1', '2600::1', '3ffe::1']) {
      expect(isSurelyPublic(parseIp(text).toBytes()), text).toBe(true);
    }
  });
});
