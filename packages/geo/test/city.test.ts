/**
 * @module
 * Bring-your-own City databases: GeoIP2/GeoLite2 City-schema MMDB files written at test time by
 * MaxMind's own writer, in all three record sizes and as an IPv4-only tree, plus the flat
 * ip-location-db schema. Expected buckets are computed here from test/vectors/city-networks.json
 * (the writer's input), and libmaxminddb's mmdblookup answers the same addresses.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type ContinentCode, createLocator, type GeoBucket, gridCell } from '../src/index.js';
import { buildCityDbs, NETWORKS_JSON, writerAvailable } from './support/city-db.js';
import { mmdblookup, mmdblookupAvailable, treeCorpus } from './support/oracle.js';

interface Sub {
  iso_code?: string;
  names?: Record<string, string>;
}
interface CityRecord {
  continent?: { code?: string };
  country?: { iso_code?: string };
  location?: { latitude?: number; longitude?: number; accuracy_radius?: number };
  subdivisions?: Sub[];
}
const vectors = JSON.parse(readFileSync(NETWORKS_JSON, 'utf8')) as {
  networks: Array<{ network: string; record: CityRecord }>;
  ipLocationDb: { network: string; record: Record<string, string | number> };
};

const canBuild = writerAvailable();
const built = canBuild ? buildCityDbs() : undefined;
afterAll(() => built?.cleanup());
const quiet = { onStale: () => {} };

/** What a bucket for this record must be, worked out from the writer's input. */
function expected(record: CityRecord, options: { region?: boolean; cell?: number; language?: string }): GeoBucket {
  const code = record.country?.iso_code;
  const country = code && code !== 'ZZ' ? code : null;
  const continent = (record.continent?.code ?? null) as ContinentCode | null;
  if (country === null) return { status: 'unknown', country, continent, inEU: false, inEEA: false };
  const inEU = !['GB', 'US', 'CN', 'NO'].includes(country);
  const bucket: { -readonly [K in keyof GeoBucket]: GeoBucket[K] } = {
    status: 'located',
    country,
    continent,
    inEU,
    inEEA: inEU || country === 'NO',
  };
  const sub = record.subdivisions?.[0];
  if (options.region && sub) {
    const region = sub.iso_code
      ? `${country}-${sub.iso_code}`
      : (sub.names?.[options.language ?? 'en'] ?? sub.names?.['en']);
    if (region) bucket.region = region;
  }
  const loc = record.location;
  if (options.cell && loc?.latitude !== undefined && loc.longitude !== undefined && (loc.accuracy_radius ?? 0) < 1000) {
    bucket.cell = gridCell(loc.latitude, loc.longitude, options.cell);
  }
  return bucket;
}

/** First, middle and last address of a network (the writer's input, so IPv4 or IPv6 text). */
function addresses(network: string): string[] {
  const [base = '', lengthText = ''] = network.split('/');
  const length = Number(lengthText);
  if (!base.includes(':')) {
    const n = base.split('.').reduce((a, p) => a * 256 + Number(p), 0);
    const size = 2 ** (32 - length);
    const text = (v: number) => [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join('.');
    return [text(n), text(n + Math.floor(size / 2) + 1), text(n + size - 1)];
  }
  // The IPv6 test networks are all /32 or shorter with a zero tail.
  const head = base.replace(/::$/, '');
  return [
    `${head}::`,
    `${head}:1234:5678::9`,
    `${head}:ffff:ffff:ffff:ffff:ffff:ffff`.split(':').slice(0, 8).join(':'),
  ];
}

describe.skipIf(!canBuild)('City-schema databases from MaxMind::DB::Writer', () => {
  const dbs = built?.dbs as NonNullable<typeof built>['dbs'];

  for (const name of ['v6r24', 'v6r28', 'v6r32', 'v4r28'] as const) {
    it(`${name}: locates every network's first, middle and last address as its record says`, () => {
      const db = dbs[name];
      const plain = createLocator({ database: db.bytes, ...quiet });
      const fine = createLocator({ database: db.bytes, region: true, cell: 50, ...quiet });
      let checked = 0;
      for (const { network, record } of vectors.networks) {
        const ipv6 = network.includes(':');
        for (const ip of addresses(network)) {
          if (network === '10.0.0.0/8') {
            // The file has a record for 10/8; a private address is still a private address.
            expect(fine.locate(ip)).toMatchObject({ status: 'special', special: 'private' });
            continue;
          }
          if (ipv6 && name === 'v4r28') {
            expect(fine.locate(ip).status, ip).toBe('unknown');
            continue;
          }
          expect(plain.locate(ip), `${name} ${ip}`).toEqual(expected(record, {}));
          expect(fine.locate(ip), `${name} ${ip}`).toEqual(expected(record, { region: true, cell: 50 }));
          if (!ipv6) expect(fine.locate(`::ffff:${ip}`)).toBe(fine.locate(ip));
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(name === 'v4r28' ? 21 : 30);
      expect(plain.provenance).toMatchObject({
        source: 'MaxMind GeoLite2',
        databaseType: 'GeoLite2-City',
        license: 'GeoLite2 End User License Agreement',
      });
      expect(plain.provenance.attribution).toContain('GeoLite2 data created by MaxMind');
    });
  }

  it('never lets coordinates, postcodes, city names or network owners out', () => {
    const geo = createLocator({ database: dbs.v6r28.bytes, region: true, cell: 20, ...quiet });
    for (const ip of ['81.2.69.160', '89.160.20.115', '216.160.83.57', '2a02:d280::1']) {
      const out = JSON.stringify(geo.locate(ip));
      for (const secret of [
        '51.51',
        '-0.09',
        'EC2V',
        '587 29',
        '98354',
        'London',
        'Linköping',
        'Milton',
        'Tallinn',
        'Andrews',
        '20712',
        'Europe/',
      ]) {
        expect(out).not.toContain(secret);
      }
      expect(Object.keys(geo.locate(ip)).sort()).toEqual([
        'cell',
        'continent',
        'country',
        'inEEA',
        'inEU',
        'region',
        'status',
      ]);
    }
  });

  it('names regions in the chosen language when the database has no ISO code', () => {
    expect(
      createLocator({ database: dbs.v6r24.bytes, region: true, language: 'de', ...quiet }).locate('2.125.160.217')
        .region,
    ).toBe('Bayern');
    expect(
      createLocator({ database: dbs.v6r24.bytes, region: true, language: 'fr', ...quiet }).locate('2.125.160.217')
        .region,
    ).toBe('Bavaria');
  });

  it('leaves the cell out when the database only knows the country (accuracy radius 1000 km)', () => {
    const geo = createLocator({ database: dbs.v6r32.bytes, cell: true, ...quiet });
    expect(geo.locate('89.160.20.200').cell).toBeUndefined();
    expect(geo.locate('89.160.20.115').cell).toBe(gridCell(58.4167, 15.6167, 50));
  });

  it('reads the flat ip-location-db City schema too', () => {
    const geo = createLocator({ database: dbs.flat.bytes, region: true, cell: 25, ...quiet });
    const { record } = vectors.ipLocationDb;
    expect(geo.locate('1.0.16.1')).toEqual({
      status: 'located',
      country: 'JP',
      continent: 'AS',
      inEU: false,
      inEEA: false,
      region: 'Tokyo',
      cell: gridCell(record['latitude'] as number, record['longitude'] as number, 25),
    });
    expect(geo.provenance).toMatchObject({ license: 'unknown', attribution: '', source: 'privkit-test-flat-City' });
  });

  // About 2,000 mmdblookup processes: slow on a loaded two-core machine, so a generous bound.
  it.skipIf(!mmdblookupAvailable())(
    'agrees with mmdblookup on country and region across the tree',
    async () => {
      for (const name of ['v6r24', 'v6r28', 'v6r32', 'v4r28'] as const) {
        const db = dbs[name];
        const corpus = treeCorpus(db.bytes, 120, 11, 0.4);
        const [countries, regions] = await Promise.all([
          mmdblookup(db.file, corpus, ['country', 'iso_code']),
          mmdblookup(db.file, corpus, ['subdivisions', '0', 'iso_code']),
        ]);
        const geo = createLocator({ database: db.bytes, region: true, ...quiet });
        let compared = 0;
        for (const ip of corpus) {
          const bucket = geo.locate(ip);
          if (bucket.status === 'special') continue;
          const country = countries.get(ip) ?? null;
          expect(bucket.country, `${name} ${ip}`).toBe(country === 'ZZ' ? null : country);
          const region = regions.get(ip) ?? null;
          if (region !== null) expect(bucket.region, `${name} ${ip}`).toBe(`${country}-${region}`);
          compared++;
        }
        expect(compared).toBeGreaterThan(50);
      }
    },
    600_000,
  );
});
