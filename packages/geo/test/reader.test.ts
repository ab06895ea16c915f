/**
 * @module
 * The MMDB reader's defences: hostile hand-made databases (pointer loops, self-referencing maps,
 * lengths past the end, keys that are not strings, a `__proto__` key) and random corruption of
 * real files end in `INVALID_DATABASE` or a normal answer, never in another exception, a hang or
 * an out-of-bounds read.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDefaultDatabaseSync } from '../src/default.js';
import { createLocator, GeoError } from '../src/index.js';
import { openMmdb } from '../src/internal/mmdb.js';
import { databaseWith, encode } from './support/hostile.js';
import { hostileDatabase } from './support/hostile-arbitrary.js';

const quiet = { onStale: () => {} };
const invalid = (f: () => unknown) =>
  expect(f).toThrow(expect.objectContaining({ name: 'GeoError', code: 'INVALID_DATABASE' }));

describe('hand-made databases', () => {
  it('reads a good one', () => {
    const db = databaseWith([0xe1, ...encode.str('country_code'), ...encode.str('FR')]);
    expect(createLocator({ database: db, ...quiet }).locate('8.8.8.8').country).toBe('FR');
    expect(openMmdb(db).metadata).toMatchObject({
      nodeCount: 1,
      recordSize: 24,
      ipVersion: 4,
      databaseType: 'hostile',
    });
  });

  it('refuses a pointer that points at itself', () => {
    // 001 00 000, 0x00: a pointer to data offset 0, i.e. to itself.
    const geo = createLocator({ database: databaseWith([0x20, 0x00]), ...quiet });
    invalid(() => geo.locate('8.8.8.8'));
  });

  it('refuses a map whose values point back to the map (exponential within the depth limit)', () => {
    // map of 2: "a" → pointer to 0, "b" → pointer to 0
    const data = [0xe2, ...encode.str('a'), 0x20, 0x00, ...encode.str('b'), 0x20, 0x00];
    const geo = createLocator({ database: databaseWith(data), ...quiet });
    const started = Date.now();
    invalid(() => geo.locate('8.8.8.8'));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses lengths past the end, non-string keys and unknown types', () => {
    for (const data of [
      [0x5c, 0x41], // a 28-byte string with one byte left
      [0xe1, 0xa1, 0x01, ...encode.str('x')], // map key is a uint16
      [0x00, 0x10], // extended type 23
      [0x0c, 0x00], // an extended type byte of 0, i.e. type 7 written the long way
      [0x3f, 0xff, 0xff, 0xff, 0xff], // 4-byte pointer far outside
      [0x61, 0x40], // a double of 1 byte
    ]) {
      const geo = createLocator({ database: databaseWith(data), ...quiet });
      invalid(() => geo.locate('1.1.1.1'));
    }
  });

  it('keeps a "__proto__" key an own property', () => {
    const data = [
      0xe2,
      ...encode.str('__proto__'),
      0xe1,
      ...encode.str('polluted'),
      ...encode.str('yes'),
      ...encode.str('country_code'),
      ...encode.str('DE'),
    ];
    const geo = createLocator({ database: databaseWith(data), ...quiet });
    expect(geo.locate('8.8.8.8').country).toBe('DE');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses metadata it cannot trust', () => {
    const good = databaseWith([0xe1, ...encode.str('country_code'), ...encode.str('FR')]);
    const text = new TextDecoder('latin1').decode(good);
    const at = text.indexOf('record_size') + 'record_size'.length;
    const bad = good.slice();
    bad[at + 2] = 23; // record size 23
    invalid(() => createLocator({ database: bad, ...quiet }));
    const noMarker = good.slice();
    noMarker[text.indexOf('MaxMind.com')] = 0x6d;
    invalid(() => createLocator({ database: noMarker, ...quiet }));
  });
});

describe('generated hostile files', () => {
  it('end in INVALID_DATABASE or a frozen answer: loops, shared huge strings, deep nesting, cuts', () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(hostileDatabase({ maxString: 70_000, maxContainer: 70_000, maxPieces: 24 }), (database) => {
        let outcome = 'answer';
        try {
          const geo = createLocator({ database, region: true, cell: 20, ...quiet });
          for (const ip of ['8.8.8.8', '1.1.1.1']) expect(Object.isFrozen(geo.locate(ip))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(GeoError);
          expect((error as GeoError).code).toBe('INVALID_DATABASE');
          outcome = 'invalid';
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: 400 },
    );
    // The generator reaches both sides: files the reader answers from and files it refuses.
    expect(outcomes.get('answer')).toBeGreaterThan(10);
    expect(outcomes.get('invalid')).toBeGreaterThan(10);
  });
});

describe('random corruption of real files', () => {
  const real = loadDefaultDatabaseSync();
  // A small real file: the first 64 KiB of the tree is enough to reach data.
  const small = readFileSync(new URL('../../../fixtures/runtime-smoke/geo.mjs', import.meta.url), 'utf8');
  // The base64 is written as a concatenation of quoted chunks (lines of at most 120 characters).
  const chunks = /const MMDB =([^;]+);/.exec(small)?.[1] ?? '';
  const base64 = [...chunks.matchAll(/'([^']*)'/g)].map((m) => m[1]).join('');
  const smoke = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

  it('starts from the whole 1,850-byte smoke database', () => {
    expect(smoke.length).toBe(1850);
  });

  it('ends in INVALID_DATABASE or an answer, for corrupted bytes anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 4,
          maxLength: 4,
        }),
        (edits, probes) => {
          const db = smoke.slice();
          for (const [at, value] of edits) db[at % db.length] = value;
          let geo: ReturnType<typeof createLocator>;
          try {
            geo = createLocator({ database: db, region: true, cell: 20, ...quiet });
          } catch (error) {
            expect(error).toBeInstanceOf(GeoError);
            return;
          }
          for (const ip of ['81.2.69.160', '2a02:d280::1', '2.125.160.217', probes.map(([a]) => a).join('.')]) {
            try {
              const bucket = geo.locate(ip);
              expect(Object.isFrozen(bucket)).toBe(true);
            } catch (error) {
              expect(error).toBeInstanceOf(GeoError);
              expect((error as GeoError).code).toBe('INVALID_DATABASE');
            }
          }
        },
      ),
      {
        numRuns: 3000,
        // Found by this property: a corrupted build_epoch past what a Date holds surfaced as a
        // RangeError from the provenance instead of INVALID_DATABASE.
        examples: [
          [
            [
              [367963012, 8],
              [0, 0],
            ],
            [
              [0, 0],
              [0, 0],
              [0, 0],
              [0, 0],
            ],
          ],
        ],
      },
    );
  });

  it('refuses every truncation of the default database without reading past it', () => {
    for (const length of [0, 1, 16, 1000, real.length >> 1, real.length - 100_000, real.length - 1]) {
      invalid(() => createLocator({ database: real.subarray(0, length), ...quiet }));
    }
  });
});
