/**
 * @module
 * Country data: every ISO 3166-1 code once with a continent, placeholders rejected, the EU and
 * EEA as the treaties define them, and the grid cell's size guarantee as a property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { continentOf, EU_MEMBER_STATES, gridCell, isInEEA, isInEU, MIN_CELL_KM } from '../src/index.js';

const ALPHA2 = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)));

describe('countries', () => {
  it('knows the 249 ISO 3166-1 codes and XK, each with one continent', () => {
    const known = ALPHA2.filter((c) => continentOf(c) !== null);
    expect(known).toHaveLength(250);
    expect(known).toContain('XK');
    for (const placeholder of ['ZZ', 'XX', 'EU', 'AP', 'A1', 'A2', 'O1', 'T1', 'UK', 'zz', 'de', '']) {
      expect(continentOf(placeholder), placeholder).toBeNull();
    }
    expect([
      continentOf('DE'),
      continentOf('BR'),
      continentOf('AU'),
      continentOf('AQ'),
      continentOf('EG'),
      continentOf('US'),
      continentOf('RU'),
    ]).toEqual(['EU', 'SA', 'OC', 'AN', 'AF', 'NA', 'EU']);
  });

  it('has the 27 EU member states, their outermost regions, and the EEA', () => {
    expect(EU_MEMBER_STATES).toHaveLength(27);
    expect(Object.isFrozen(EU_MEMBER_STATES)).toBe(true);
    for (const c of EU_MEMBER_STATES) {
      expect(isInEU(c)).toBe(true);
      expect(isInEEA(c)).toBe(true);
      expect(continentOf(c)).toBe('EU');
    }
    for (const c of ['RE', 'GP', 'MQ', 'GF', 'YT', 'MF', 'AX']) expect(isInEU(c), c).toBe(true);
    for (const c of ['IS', 'LI', 'NO']) expect([isInEU(c), isInEEA(c)], c).toEqual([false, true]);
    for (const c of ['GB', 'CH', 'GL', 'FO', 'NC', 'AW', 'GI', 'TR', 'US', 'ZZ'])
      expect([isInEU(c), isInEEA(c)], c).toEqual([false, false]);
    expect(ALPHA2.filter(isInEEA)).toHaveLength(27 + 7 + 3);
  });
});

/** The bounds of a cell, worked out again from its name and the documented construction. */
function bounds(cell: string) {
  const [kmText = '', rowText = '', colText = ''] = cell.replace('km', '').split(':');
  const km = Number(kmText);
  const R = 6371.0088;
  const rows = Math.floor((Math.PI * R) / km);
  const band = 180 / rows;
  const south = -90 + Number(rowText) * band;
  const poleward = Math.max(Math.abs(south), Math.abs(south + band));
  const columns = Math.max(1, Math.floor((2 * Math.PI * R * Math.cos((poleward * Math.PI) / 180)) / km));
  const width = 360 / columns;
  return {
    km,
    south,
    north: south + band,
    west: -180 + Number(colText) * width,
    east: -180 + (Number(colText) + 1) * width,
    poleward,
    R,
  };
}

describe('gridCell', () => {
  it('gives known cells', () => {
    // Worked by hand: 400 bands of 0.45°, row 306 (47.70–48.15° N), 534 columns at 48.15°, column 284.
    expect(gridCell(48.1374, 11.5755, 50)).toBe('50km:306:284');
    expect(gridCell(0, 0, 20)).toBe('20km:500:1000');
    expect(gridCell(90, 0, 50)).toBe(gridCell(89.9, 179, 50)); // one cell round the pole
    expect(gridCell(-90, -180, 20000)).toBe('20000km:0:0');
  });

  it('holds the point, and is at least km tall and km wide along its narrowest edge', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.integer({ min: MIN_CELL_KM, max: 500 }),
        (lat, lon, km) => {
          const b = bounds(gridCell(lat, lon, km));
          expect(lat).toBeGreaterThanOrEqual(b.south - 1e-9);
          expect(lat).toBeLessThanOrEqual(b.north + 1e-9);
          expect(lon).toBeGreaterThanOrEqual(b.west - 1e-9);
          expect(lon).toBeLessThanOrEqual(b.east + 1e-9);
          const rad = Math.PI / 180;
          expect(((b.north - b.south) * rad * b.R) / km).toBeGreaterThanOrEqual(1 - 1e-9);
          // Width along the parallel nearest the pole (the shortest edge); a polar cap is one cell.
          if (b.east - b.west < 360)
            expect(((b.east - b.west) * rad * b.R * Math.cos(b.poleward * rad)) / km).toBeGreaterThanOrEqual(1 - 1e-9);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('rejects cells under 20 km and points off the globe', () => {
    const bad = (path: string) => expect.objectContaining({ name: 'GeoError', code: 'INVALID_ARGUMENT', path });
    expect(() => gridCell(0, 0, 19)).toThrow(bad('km'));
    expect(() => gridCell(0, 0, 25.5)).toThrow(bad('km'));
    expect(() => gridCell(91, 0, 50)).toThrow(bad('latitude'));
    expect(() => gridCell(0, Number.NaN, 50)).toThrow(bad('longitude'));
  });
});
