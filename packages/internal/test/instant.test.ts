import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { RaiseError } from '../src/errors.js';
import {
  civilFromDays,
  daysFromCivil,
  formatDate,
  formatInstant,
  MAX_EPOCH_MS,
  MIN_EPOCH_MS,
  parseDate,
  parseInstant,
  requireDate,
  requireInstant,
} from '../src/instant.js';

const raise: RaiseError = (code, path, message) => Object.assign(new Error(message), { code, path });

describe('parseInstant', () => {
  it('reads RFC 3339 text with an offset, Dates and integer epoch milliseconds', () => {
    expect(parseInstant('2025-03-01T10:00:00Z')).toBe(Date.UTC(2025, 2, 1, 10));
    expect(parseInstant('2025-03-01t10:00:00z')).toBe(Date.UTC(2025, 2, 1, 10));
    expect(parseInstant('2025-03-01 11:00:00+01:00')).toBe(Date.UTC(2025, 2, 1, 10));
    expect(parseInstant('2025-03-01T05:30-04:30')).toBe(Date.UTC(2025, 2, 1, 10));
    expect(parseInstant('2025-03-01T11:00:00+0100')).toBe(Date.UTC(2025, 2, 1, 10));
    expect(parseInstant('2024-02-29T23:59:59.999999999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseInstant('0001-01-01T00:00:00Z')).toBe(-62135596800000);
    expect(parseInstant(new Date(5))).toBe(5);
    expect(parseInstant(1_700_000_000_000)).toBe(1_700_000_000_000);
  });

  it('refuses impossible calendar fields that Date.parse rolls over', () => {
    for (const text of [
      '2025-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2100-02-29T00:00:00Z',
      '2025-04-31T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-00-10T00:00:00Z',
      '2025-01-00T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T23:60:00Z',
      '2016-12-31T23:59:60Z',
      '2025-01-01T00:00:00+24:00',
      '2025-01-01T00:00:00+01:60',
    ]) {
      expect(parseInstant(text), text).toBeUndefined();
    }
    expect(Number.isNaN(Date.parse('2025-02-30T10:00:00Z'))).toBe(false); // why this parser exists
  });

  it('refuses wall-clock times, other spellings and other types', () => {
    for (const value of [
      '2025-03-01T10:00:00',
      '2025-03-01',
      '2025-3-1T10:00:00Z',
      ' 2025-03-01T10:00:00Z',
      '2025-03-01T10:00:00Z\n',
      '+002025-03-01T10:00:00Z',
      'March 1, 2025',
      '1740823200000',
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      8.64e15,
      253_402_300_800_000,
      -62_167_219_200_001,
      new Date(Number.NaN),
      new Date(8.64e15),
      null,
      undefined,
      {},
      [],
    ]) {
      expect(parseInstant(value), String(value)).toBeUndefined();
    }
  });

  it('agrees with Temporal.Instant.from on random valid and invalid date-times', () => {
    const field = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        field(14),
        field(32),
        field(25),
        field(61),
        field(61),
        fc.constantFrom('Z', '+00:00', '-05:00', '+05:45', '+14:00', '-12:00', '+23:59'),
        (year, month, day, hour, minute, second, offset) => {
          const text = `${String(year).padStart(4, '0')}-${month}-${day}T${hour}:${minute}:${second}${offset}`;
          let expected: number | undefined;
          try {
            // Temporal refuses day/month overflow in Instant.from; it accepts a leap second by
            // clamping it to :59, which privkit refuses (a Date cannot hold it either).
            expected = Number(second) === 60 ? undefined : Temporal.Instant.from(text).epochMilliseconds;
          } catch {
            expected = undefined;
          }
          expect(parseInstant(text)).toBe(expected);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('requireInstant raises INVALID_INSTANT naming the path, never the value', () => {
    try {
      requireInstant('2025-02-30T10:00:00Z', 'receivedAt', raise);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_INSTANT', path: 'receivedAt' });
      expect((error as Error).message).toContain('"receivedAt"');
      expect((error as Error).message).not.toContain('2025-02-30');
    }
  });

  it('formatInstant writes UTC with milliseconds, and every instant it accepts reads back', () => {
    expect(formatInstant(0)).toBe('1970-01-01T00:00:00.000Z');
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(parseInstant(formatInstant(ms))).toBe(ms);
      }),
      { numRuns: 5000 },
    );
    expect(formatInstant(parseInstant('9999-12-31T23:59:59.999Z')!)).toBe('9999-12-31T23:59:59.999Z');
    expect(formatInstant(parseInstant('0000-01-01T00:00:00Z')!)).toBe('0000-01-01T00:00:00.000Z');
  });

  it('formatInstant writes what Date.prototype.toISOString writes, in range and out of it', () => {
    const edges = [
      MIN_EPOCH_MS,
      MAX_EPOCH_MS,
      MIN_EPOCH_MS - 1,
      MAX_EPOCH_MS + 1,
      0,
      -0,
      -1,
      1,
      999,
      -86_400_000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29),
      Date.UTC(1900, 1, 28, 23, 59, 59, 999),
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(1000, 0, 1),
      Date.UTC(99, 0, 1) - 1,
      8.64e15,
      -8.64e15,
      1.5,
      -1.5,
    ];
    for (const ms of edges) expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
    expect(() => formatInstant(Number.NaN)).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: MIN_EPOCH_MS, max: MAX_EPOCH_MS }),
          // Around day, month and year boundaries, where the civil fields change.
          fc
            .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: -2, max: 2 }))
            .map(([y, m, d]) => Date.UTC(y, m, 1) + d * 86_400_000 - 1)
            .filter((ms) => ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS),
        ),
        (ms) => {
          expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('calendar dates', () => {
  it('parseDate refuses impossible dates', () => {
    expect(parseDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const text of ['2025-02-29', '2025-02-30', '2025-13-01', '2025-1-1', '20250101', '2025-01-01T00:00:00Z']) {
      expect(parseDate(text), text).toBeUndefined();
    }
    expect(() => requireDate('2018-02-30', 'effectiveFrom', raise)).toThrow(/"effectiveFrom"/);
  });

  it('daysFromCivil and civilFromDays round-trip and agree with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_528, max: 2_932_896 }), (days) => {
        const civil = civilFromDays(days);
        expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(days);
        const d = new Date(days * 86_400_000);
        expect(formatDate(civil)).toBe(d.toISOString().slice(0, 10));
      }),
      { numRuns: 5000 },
    );
  });
});
