/**
 * @module
 * The locator on the default database (DB-IP Lite Country, installed as the optional
 * dependency): strict input, IPv4 inside IPv6, special-purpose buckets, frozen results,
 * truncation after location, provenance and the staleness warning.
 */
import { IpError, parseIp, tryParseIp } from '@privkit/ip';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDefaultLocatorSync, DBIP_PROVENANCE, loadDefaultDatabaseSync } from '../src/default.js';
import { createLocator, type GeoBucket, GeoError, type StaleDatabaseWarning } from '../src/index.js';

const database = loadDefaultDatabaseSync();
const quiet = { onStale: () => {} };
const geo = createLocator({ database, ...quiet });

describe('locate', () => {
  it('locates IPv4 and IPv6 to a country bucket', () => {
    expect(geo.locate('8.8.8.8')).toEqual({
      status: 'located',
      country: 'US',
      continent: 'NA',
      inEU: false,
      inEEA: false,
    });
    const pl = geo.locate('2a00:1450::1');
    expect(pl.country).toBe('PL');
    expect(pl.inEU).toBe(true);
  });

  it('locates IPv4 carried in IPv6 as that IPv4', () => {
    const v4 = geo.locate('8.8.8.8');
    for (const ip of [
      '::ffff:8.8.8.8',
      '::ffff:808:808',
      '64:ff9b::8.8.8.8',
      '2002:808:808::1',
      '2002:808:808:1234:5678::9',
    ]) {
      expect(geo.locate(ip), ip).toBe(v4);
    }
    // Teredo: the client's IPv4 is stored inverted in the last 32 bits (RFC 4380 §4).
    expect(geo.locate('2001:0:4136:e378:8000:63bf:f7f7:f7f7')).toBe(v4);
  });

  it('gives special-purpose addresses an explicit bucket, also when embedded', () => {
    const cases: Array<[string, string]> = [
      ['10.1.2.3', 'private'],
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:192.168.0.1', 'private'],
      ['64:ff9b::10.0.0.1', 'private'],
      ['2002:c0a8:101::1', 'private'],
      ['100.64.0.1', 'cgnat'],
      ['fe80::1%eth0', 'link-local'],
      ['2001:db8::1', 'documentation'],
      ['203.0.113.9', 'documentation'],
      ['224.0.0.1', 'multicast'],
      ['64:ff9b:1::1', 'nat64'],
      ['::8.8.8.8', 'reserved'], // IPv4-compatible, deprecated (RFC 4291 §2.5.5.1)
    ];
    for (const [ip, special] of cases) {
      expect(geo.locate(ip), ip).toEqual({
        status: 'special',
        country: null,
        continent: null,
        inEU: false,
        inEEA: false,
        special,
      });
    }
  });

  it('rejects what lenient readers accept, with a message that never holds the input', () => {
    for (const bad of [
      '0177.0.0.1',
      '1.2.3',
      '127.1',
      '0x7f.0.0.1',
      '8.8.8.8, 1.1.1.1',
      ' 8.8.8.8',
      '',
      '1.2.3.256',
      '::ffff:1.2.3',
    ]) {
      let error: unknown;
      try {
        geo.locate(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(GeoError);
      expect((error as GeoError).code).toBe('INVALID_IP');
      expect((error as GeoError).cause).toBeInstanceOf(IpError);
      if (bad.length > 2) expect((error as GeoError).message).not.toContain(bad.trim());
    }
    expect(() => geo.locate(42 as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', path: 'ip' }));
    expect(() => geo.locate({ toBytes: () => new Uint8Array(4) } as never)).toThrow(
      expect.objectContaining({ name: 'GeoError', code: 'INVALID_ARGUMENT' }),
    );
  });

  it('accepts an IpAddress from @privkit/ip', () => {
    expect(geo.locate(parseIp('[2a00:1450::1]:443')).country).toBe('PL');
  });

  it('returns frozen buckets', () => {
    const bucket = geo.locate('8.8.8.8');
    expect(Object.isFrozen(bucket)).toBe(true);
    expect(() => {
      (bucket as { country: string }).country = 'FR';
    }).toThrow(TypeError);
    expect(geo.locate('8.8.4.4').country).toBe('US');
    expect(Object.isFrozen(geo.locate('10.0.0.1'))).toBe(true);
  });
});

describe('locateAndTruncate', () => {
  it('locates the full address and returns the truncated prefix', () => {
    const row = geo.locateAndTruncate('81.2.69.160');
    expect(row).toEqual({ bucket: geo.locate('81.2.69.160'), prefix: '81.2.0.0' });
    expect(Object.isFrozen(row)).toBe(true);
    expect(geo.locateAndTruncate('2a00:1450:4001:81c::200e', { truncate: 'ga' }).prefix).toBe('2a00:1450:4001::');
    expect(geo.locateAndTruncate('::ffff:81.2.69.160', { truncate: { ipv4: 24, ipv6: 48 } }).prefix).toBe('81.2.69.0');
  });

  it('rejects a bad policy or option as GeoError, with the @privkit/ip error as cause', () => {
    const error = (() => {
      try {
        geo.locateAndTruncate('8.8.8.8', { truncate: 'nope' as never });
      } catch (e) {
        return e as GeoError;
      }
    })();
    expect(error).toMatchObject({ name: 'GeoError', code: 'INVALID_OPTIONS', path: 'options.truncate' });
    expect(error?.cause).toBeInstanceOf(IpError);
    expect(() => geo.locateAndTruncate('8.8.8.8', { truncate: { ipv4: 33, ipv6: 48 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'options.truncate' }),
    );
    expect(() => geo.locateAndTruncate('8.8.8.8', { truncat: 'ga' } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'options.truncat' }),
    );
  });
});

describe('provenance and staleness', () => {
  it('reports source, license, attribution and build date', () => {
    const locator = createDefaultLocatorSync(quiet);
    expect(locator.provenance).toMatchObject(DBIP_PROVENANCE);
    expect(locator.provenance.builtAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(Object.isFrozen(locator.provenance)).toBe(true);
  });

  it('warns once when the data is older than allowed, and not before', () => {
    const built = Date.parse(createLocator({ database, ...quiet }).provenance.builtAt);
    const warnings: StaleDatabaseWarning[] = [];
    let now = built + 10 * 86_400_000;
    const locator = createLocator({ database, staleAfter: 'P30D', clock: () => now, onStale: (w) => warnings.push(w) });
    expect(locator.age()).toBe('P10D');
    expect(locator.isStale()).toBe(false);
    expect(warnings).toEqual([]);
    now = built + 31 * 86_400_000;
    expect(locator.isStale()).toBe(true);
    // A long-running process: the age is re-checked every 65,536 lookups.
    for (let i = 0; i < 70_000; i++) locator.locate('8.8.8.8');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ age: 'P31D', staleAfter: 'P30D' });
    expect(warnings[0]?.message).toContain('31 days old');
    for (let i = 0; i < 70_000; i++) locator.locate('8.8.8.8');
    expect(warnings).toHaveLength(1);
  });

  it('warns at creation when already stale', () => {
    const built = Date.parse(createLocator({ database, ...quiet }).provenance.builtAt);
    const warnings: StaleDatabaseWarning[] = [];
    createLocator({ database, clock: () => built + 100 * 86_400_000, onStale: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.age)).toEqual(['P100D']);
    // Weeks count as seven days; a clock before the build is an age of zero days, not a negative one.
    const weeks = createLocator({ database, staleAfter: 'P2W', clock: () => built + 15 * 86_400_000, ...quiet });
    expect(weeks.isStale()).toBe(true);
    expect(createLocator({ database, clock: () => built - 86_400_000, ...quiet }).age()).toBe('P0D');
  });
});

describe('database input', () => {
  it('accepts an ArrayBuffer and a Uint8Array view into a larger buffer', () => {
    const copy = new Uint8Array(database.length + 10);
    copy.set(database, 5);
    const view = copy.subarray(5, 5 + database.length);
    expect(createLocator({ database: view, ...quiet }).locate('8.8.8.8').country).toBe('US');
    const ab = database.buffer.slice(database.byteOffset, database.byteOffset + database.byteLength) as ArrayBuffer;
    expect(createLocator({ database: ab, ...quiet }).locate('1.1.1.1').country).toBe('AU');
  });

  it('rejects bytes that are not a MaxMind DB with INVALID_DATABASE', () => {
    for (const bad of [
      new Uint8Array(0),
      new Uint8Array(1000),
      database.subarray(0, 100_000),
      database.subarray(database.length - 1000),
    ]) {
      expect(() => createLocator({ database: bad, ...quiet })).toThrow(
        expect.objectContaining({ code: 'INVALID_DATABASE' }),
      );
    }
    expect(() => createLocator({ database: 'x' as never })).toThrow(
      expect.objectContaining({ name: 'GeoError', code: 'INVALID_OPTIONS', path: 'options.database' }),
    );
  });

  it('checks its options strictly, as GeoError naming the option', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ cell: 5 }, 'INVALID_OPTIONS', 'options.cell'],
      [{ cell: 20.5 }, 'INVALID_OPTIONS', 'options.cell'],
      [{ cell: '50km' }, 'INVALID_OPTIONS', 'options.cell'],
      [{ region: 'yes' }, 'INVALID_OPTIONS', 'options.region'],
      [{ staleAfter: 'P0D' }, 'INVALID_OPTIONS', 'options.staleAfter'],
      [{ staleAfter: 'P1M' }, 'INVALID_DURATION', 'options.staleAfter'],
      [{ staleAfter: 35 }, 'INVALID_DURATION', 'options.staleAfter'],
      [{ staleAfterDays: 35 }, 'UNKNOWN_KEY', 'options.staleAfterDays'],
      [{ cacheSize: -1 }, 'INVALID_OPTIONS', 'options.cacheSize'],
      [{ language: '' }, 'INVALID_OPTIONS', 'options.language'],
      [{ clock: 5 }, 'INVALID_OPTIONS', 'options.clock'],
      [{ onStale: 'warn' }, 'INVALID_OPTIONS', 'options.onStale'],
      [{ provenance: { licence: 'CC0' } }, 'UNKNOWN_KEY', 'options.provenance.licence'],
      [{ provenance: { source: 5 } }, 'INVALID_OPTIONS', 'options.provenance.source'],
      [{ provenance: 'DB-IP' }, 'INVALID_OPTIONS', 'options.provenance'],
    ];
    for (const [options, code, path] of cases) {
      expect(() => createLocator({ database, ...quiet, ...options } as never), path).toThrow(
        expect.objectContaining({ name: 'GeoError', code, path }),
      );
    }
    expect(() => createLocator(undefined as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    const license = createLocator({ database, ...quiet, provenance: { license: 'CC BY 4.0' } }).provenance.license;
    expect(license).toBe('CC BY 4.0');
  });
});

describe('properties', () => {
  it('refuses exactly what @privkit/ip refuses, with INVALID_IP and without the input in the message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 50 }),
          fc.stringMatching(/^[0-9a-fA-F:.[\]%]{1,45}$/),
          fc.tuple(fc.nat(999), fc.nat(999), fc.nat(999), fc.nat(999)).map((p) => p.join('.')),
        ),
        (text) => {
          let bucket: GeoBucket | undefined;
          let error: unknown;
          try {
            bucket = geo.locate(text);
          } catch (e) {
            error = e;
          }
          if (tryParseIp(text) === undefined) {
            expect(error).toBeInstanceOf(GeoError);
            expect((error as GeoError).code).toBe('INVALID_IP');
            if (text.length >= 8 && /\d/.test(text)) expect((error as GeoError).message).not.toContain(text);
          } else {
            expect(error).toBeUndefined();
            expect(Object.isFrozen(bucket)).toBe(true);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('gives every spelling of an address the same bucket', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
        fc.nat(65535),
        (bytes, port) => {
          const groups = Array.from({ length: 8 }, (_, i) =>
            (((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number)).toString(16),
          );
          const canonical = parseIp(groups.join(':')).toString();
          const want = geo.locate(canonical);
          expect(geo.locate(groups.map((g) => g.padStart(4, '0').toUpperCase()).join(':'))).toBe(want);
          expect(geo.locate(`[${canonical}]:${port}`)).toBe(want);
          const v4 = bytes.slice(0, 4).join('.');
          expect(geo.locate(`::ffff:${v4}`)).toBe(geo.locate(v4));
          expect(geo.locate(`${v4}:${port}`)).toBe(geo.locate(v4));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('answers the same with a one-entry cache as with the default', () => {
    const tiny = createLocator({ database, cacheSize: 1, ...quiet });
    const none = createLocator({ database, cacheSize: 0, ...quiet });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (b) => {
        const ip = b.join('.');
        const want = geo.locate(ip);
        expect(tiny.locate(ip)).toEqual(want);
        expect(none.locate(ip)).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });
});
