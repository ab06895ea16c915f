/**
 * @module
 * Correctness oracle on the default database (DB-IP Lite Country): for more than 10,000
 * addresses drawn from the database's own tree (every network's edges and the addresses just
 * outside them) and uniformly from IPv4, `locate` agrees with libmaxminddb's `mmdblookup` and
 * with `mmdb-lib` (the reader most Node.js users reach for, kept as a development peer), and IPv4
 * written as IPv6 (mapped, NAT64, 6to4) agrees with the oracle's answer for the IPv4.
 */
import { Reader } from 'mmdb-lib';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, loadDefaultDatabaseSync } from '../src/default.js';
import { continentOf, createLocator } from '../src/index.js';
import { carriesIpv4, mmdblookup, mmdblookupAvailable, random, treeCorpus } from './support/oracle.js';

const file = defaultDatabasePath();
const database = loadDefaultDatabaseSync();
const geo = createLocator({ database, onStale: () => {} });

function corpus(): string[] {
  const rand = random(20261123);
  const uniform = Array.from({ length: 4000 }, () => [0, 0, 0, 0].map(() => Math.floor(rand() * 256)).join('.'));
  return [...new Set([...treeCorpus(database, 2400, 4242), ...uniform])];
}

describe('the default database against the oracles', () => {
  const ips = corpus();

  it.skipIf(!mmdblookupAvailable())(
    'agrees with mmdblookup for ≥ 10,000 addresses',
    async () => {
      const oracle = await mmdblookup(file, ips, ['country_code']);
      let compared = 0;
      let located = 0;
      for (const ip of ips) {
        const bucket = geo.locate(ip);
        // Special-purpose addresses are never looked up (and DB-IP has no record for them).
        // 6to4, Teredo and NAT64 are located by the IPv4 inside (checked apart); the database's own
        // record for their IPv6 block says nothing about the client.
        if (bucket.status === 'special' || carriesIpv4(ip)) continue;
        const code = oracle.get(ip) ?? null;
        expect(bucket.country, ip).toBe(code !== null && continentOf(code) !== null ? code : null);
        compared++;
        if (bucket.country !== null) located++;
      }
      expect(compared).toBeGreaterThanOrEqual(10_000);
      expect(located).toBeGreaterThan(compared * 0.8);

      // IPv4 written as IPv6 gets the oracle's answer for the IPv4.
      const v4 = ips.filter((ip) => !ip.includes(':') && geo.locate(ip).status !== 'special').slice(0, 1500);
      for (const ip of v4) {
        const [a, b, c, d] = ip.split('.').map(Number) as [number, number, number, number];
        const hex = (x: number, y: number) => ((x << 8) | y).toString(16);
        const code = oracle.get(ip) ?? null;
        const want = code !== null && continentOf(code) !== null ? code : null;
        for (const form of [`::ffff:${ip}`, `64:ff9b::${ip}`, `2002:${hex(a, b)}:${hex(c, d)}::1`]) {
          expect(geo.locate(form).country, form).toBe(want);
        }
      }
    },
    600_000,
  );

  it('agrees with mmdb-lib Reader.get on every address', () => {
    const peer = new Reader(database as Buffer);
    for (const ip of ips) {
      const bucket = geo.locate(ip);
      // 6to4, Teredo and NAT64 are located by the IPv4 inside (checked apart); the database's own
      // record for their IPv6 block says nothing about the client.
      if (bucket.status === 'special' || carriesIpv4(ip)) continue;
      const code = ((peer.get(ip) as { country_code?: string } | null)?.country_code ?? null) as string | null;
      expect(bucket.country, ip).toBe(code !== null && continentOf(code) !== null ? code : null);
    }
  });
});
