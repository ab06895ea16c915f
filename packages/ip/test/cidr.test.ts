/**
 * @module
 * `parseCidr`: strict parsing, host bits cleared, IPv4-mapped addresses matched as IPv4, and
 * `contains` agreeing with ipaddr.js `match` on random addresses and blocks.
 */

import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { IpError, parseCidr } from '../src/index.js';

describe('parseCidr', () => {
  it('parses blocks and clears host bits', () => {
    expect(parseCidr('10.0.0.0/8').toString()).toBe('10.0.0.0/8');
    expect(parseCidr('10.1.2.3/8').toString()).toBe('10.0.0.0/8');
    expect(parseCidr('2001:DB8::1/32').toString()).toBe('2001:db8::/32');
    expect(parseCidr('0.0.0.0/0').contains('203.0.113.9')).toBe(true);
    expect(parseCidr('::/0').contains('203.0.113.9')).toBe(false);
    expect(parseCidr('192.0.2.1/32').prefixLength).toBe(32);
  });
  it('matches an IPv4-mapped address against IPv4 blocks', () => {
    expect(parseCidr('10.0.0.0/8').contains('::ffff:10.9.8.7')).toBe(true);
    expect(parseCidr('10.0.0.0/8').contains('::ffff:11.9.8.7')).toBe(false);
  });
  it.each([
    ['10.0.0.0', 'CIDR'],
    ['10.0.0.0/', 'CIDR'],
    ['10.0.0.0/33', 'CIDR'],
    ['10.0.0.0/08', 'CIDR'],
    ['10.0.0.0/8/8', 'CIDR'],
    ['2001:db8::/129', 'CIDR'],
    ['fe80::%eth0/64', 'CIDR'],
    ['[2001:db8::]/32', 'CIDR'],
    ['010.0.0.0/8', 'IPV4_LEADING_ZERO'],
    ['10.0/8', 'IPV4_PART_COUNT'],
    [' 10.0.0.0/8', 'WHITESPACE'],
  ])('refuses %s with %s, without echoing it', (text, code) => {
    try {
      parseCidr(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IpError);
      expect((error as IpError).code).toBe(code);
      expect((error as IpError).message).toMatch(/^"cidr"/);
      expect((error as IpError).message).not.toContain(text.trim());
    }
  });
  it('contains() agrees with ipaddr.js match()', () => {
    const v4 = fc.tuple(
      fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 32 }),
    );
    const v6 = fc.tuple(
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc.integer({ min: 0, max: 128 }),
    );
    fc.assert(
      fc.property(fc.oneof(v4, v6), fc.boolean(), ([net, addr, len], share) => {
        // Half the time, make the address share the block's first bits so matches are common.
        const a = share ? Uint8Array.from(net.map((x, i) => (i * 8 < len ? x : addr[i]!))) : addr;
        const netIp = ipaddr.fromByteArray([...net]);
        const addrIp = ipaddr.fromByteArray([...a]);
        const block = parseCidr(`${netIp.toString()}/${len}`);
        expect(block.contains(addrIp.toString())).toBe(addrIp.match(netIp, len));
      }),
      { numRuns: 10_000 },
    );
  });
});
