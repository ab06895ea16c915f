/**
 * @module
 * Differential: 300,000 random visitors (IPv4, IPv6 in every spelling, IPv4-mapped, Unicode and
 * oversized user agents, extra entropy, tenants of any script) hashed by this package and by the
 * construction written independently with `node:crypto` (scripts/gen-vectors.ts). Every id must
 * agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceId } from '../scripts/gen-vectors.js';
import { createVisitorHasher } from '../src/index.js';
import { fixedSaltStore } from './support/fixed-store.js';

const SALT = '6b0c3a9f1e2d4c5b8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291';
const NOW = Date.UTC(2026, 10, 23, 12);

const octet = fc.nat(255);
const ipv4 = fc.tuple(octet, octet, octet, octet).map((p) => p.join('.'));
const group = fc.nat(0xffff).map((g) => g.toString(16));
const ipv6 = fc.oneof(
  fc.array(group, { minLength: 8, maxLength: 8 }).map((g) => g.join(':')),
  fc
    .tuple(fc.array(group, { minLength: 1, maxLength: 3 }), fc.array(group, { minLength: 1, maxLength: 3 }))
    .map(([a, b]) => `${a.join(':')}::${b.join(':')}`),
  ipv4.map((v4) => `::ffff:${v4}`),
);
const visitor = fc.record({
  tenant: fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }),
  ip: fc.oneof(ipv4, ipv6),
  userAgent: fc.oneof(
    fc.string({ minLength: 1, maxLength: 200 }),
    fc.string({ minLength: 1, maxLength: 700, unit: 'binary' }),
    fc.string({ minLength: 400, maxLength: 600, unit: 'grapheme-ascii' }),
  ),
  extra: fc.oneof(fc.constant(''), fc.string({ maxLength: 300, unit: 'binary' })),
});

describe('differential against node:crypto', () => {
  it('300,000 random visitors: every id agrees', async () => {
    const hasher = createVisitorHasher({ store: fixedSaltStore({ '2026-11-23@UTC': SALT }), clock: () => NOW });
    await hasher.prepare();
    let checked = 0;
    for (const v of fc.sample(visitor, { numRuns: 300_000, seed: 20261123 })) {
      const ours = hasher.idSync(v);
      const theirs = referenceId(SALT, v.tenant, '2026-11-23@UTC', v.ip, v.userAgent, v.extra);
      if (ours !== theirs) expect({ v, ours }).toEqual({ v, ours: theirs });
      checked++;
    }
    expect(checked).toBe(300_000);
  });
});
