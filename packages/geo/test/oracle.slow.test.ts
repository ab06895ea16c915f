/**
 * @module
 * The large runs: 20,000 more addresses against mmdblookup (small networks, both families),
 * a million random addresses against mmdb-lib in process, and the fast public-address path
 * against classifyIp on a million addresses.
 */

import { classifyIp, parseIp } from '@privkit/ip';
import fc from 'fast-check';
import { Reader } from 'mmdb-lib';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, loadDefaultDatabaseSync } from '../src/default.js';
import { continentOf, createLocator } from '../src/index.js';
import { isSurelyPublic } from '../src/internal/public.js';
import { carriesIpv4, mmdblookup, mmdblookupAvailable, random, treeCorpus } from './support/oracle.js';

const file = defaultDatabasePath();
const database = loadDefaultDatabaseSync();
const geo = createLocator({ database, onStale: () => {} });
const want = (code: string | null | undefined) => (code && continentOf(code) !== null ? code : null);

describe('slow: the default database against the oracles', () => {
  it.skipIf(!mmdblookupAvailable())(
    'agrees with mmdblookup on 20,000 more addresses around small networks',
    async () => {
      const ips = treeCorpus(database, 6000, 777, 0.5, 0.9);
      const oracle = await mmdblookup(file, ips, ['country_code']);
      let compared = 0;
      for (const ip of ips) {
        const bucket = geo.locate(ip);
        // 6to4, Teredo and NAT64 are located by the IPv4 inside (checked apart); the database's own
        // record for their IPv6 block says nothing about the client.
        if (bucket.status === 'special' || carriesIpv4(ip)) continue;
        expect(bucket.country, ip).toBe(want(oracle.get(ip)));
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(20_000);
    },
    300_000,
  );

  it('agrees with mmdb-lib on a million random addresses', () => {
    const peer = new Reader(database as Buffer);
    const rand = random(1);
    const hex = () => Math.floor(rand() * 65536).toString(16);
    const prefixes = ['2a0', '240', '260', '280', '2c0', '200', '2a1', '2001:4', '2605'];
    let compared = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const ip =
        rand() < 0.7
          ? [0, 0, 0, 0].map(() => Math.floor(rand() * 256)).join('.')
          : `${prefixes[Math.floor(rand() * prefixes.length)]}${Math.floor(rand() * 16).toString(16)}:${hex()}:` +
            `${hex()}::${hex()}`;
      let bucket: ReturnType<typeof geo.locate>;
      try {
        bucket = geo.locate(ip);
      } catch {
        continue; // a generated group of five digits: not an address, rightly refused
      }
      // 6to4, Teredo and NAT64 are located by the IPv4 inside (checked apart); the database's own
      // record for their IPv6 block says nothing about the client.
      if (bucket.status === 'special' || carriesIpv4(ip)) continue;
      const theirs = peer.get(ip) as { country_code?: string } | null;
      if (bucket.country !== want(theirs?.country_code)) expect(bucket.country, ip).toBe(want(theirs?.country_code));
      compared++;
    }
    expect(compared).toBeGreaterThan(700_000);
  }, 300_000);

  it('never calls an address public that classifyIp does not, over a million', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
          fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
        ),
        (bytes) => {
          if (!isSurelyPublic(Uint8Array.from(bytes))) return;
          const text =
            bytes.length === 4
              ? bytes.join('.')
              : Array.from({ length: 8 }, (_, i) =>
                  (((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number)).toString(16),
                ).join(':');
          expect(classifyIp(parseIp(text))).toBe('public');
        },
      ),
      { numRuns: 1_000_000 },
    );
  }, 300_000);
});
