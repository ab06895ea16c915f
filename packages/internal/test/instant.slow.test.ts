/**
 * The character-by-character fast path of `parseInstant` against the regular-expression parser
 * it sits in front of (copied here as it was before the fast path, so the test does not share the
 * code under test) and against the calendar as `Date.UTC` knows it: on generated text around RFC
 * 3339 (every field in and out of range, impossible days, leap years, leap seconds, fractions of
 * 0 to 12 digits, every offset spelling, years 0000–9999 and beyond, stray characters), both
 * accept exactly the same strings and read the same epoch milliseconds, and `canonicalInstant`
 * writes what `toISOString` writes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalInstant, parseInstant } from '../src/instant.js';

// --- the reference: parseInstant's text branch before the fast path --------------------------
const REF_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const REF_MIN = -62_167_219_200_000;
const REF_MAX = 253_402_300_799_999;

function referenceInstant(value: string): number | undefined {
  if (value.length > 40) return undefined;
  const m = REF_DATE_TIME.exec(value);
  if (m === null) return undefined;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as number[];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // The calendar through Date.UTC (setUTCFullYear, so years 0–99 are not taken as 1900–1999).
  const probe = new Date(0);
  probe.setUTCFullYear(year as number, (month as number) - 1, day as number);
  if (probe.getUTCMonth() !== (month as number) - 1 || probe.getUTCDate() !== day) return undefined;
  if ((hour as number) > 23 || (minute as number) > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (oh * 60 + om) * (m[9] === '-' ? -1 : 1);
  }
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  probe.setUTCHours(hour as number, minute as number, second, millis);
  const ms = probe.getTime() - offsetMinutes * 60_000;
  return ms >= REF_MIN && ms <= REF_MAX ? ms : undefined;
}

// --- generated text ----------------------------------------------------------------------------
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const num = (width: number, max: number) =>
  fc.oneof(
    fc.integer({ min: 0, max }).map((n) => pad(n, width)),
    fc.integer({ min: 0, max: 10 ** width - 1 }).map((n) => pad(n, width)),
    fc.constantFrom('', '0', '000000', '1a', ' 1', '١٢', '+1', '-1', '1.', '0x'),
  );
const year = fc.oneof(
  fc.integer({ min: 0, max: 9999 }).map((n) => pad(n, 4)),
  fc.constantFrom('0000', '0004', '0100', '0400', '1900', '2000', '2024', '2025', '2100', '9999'),
  fc.constantFrom('10000', '+2025', '-0001', '999', '20 5', '２０２５'),
);
const month = fc.oneof(num(2, 12), fc.constantFrom('02', '00', '13'));
const day = fc.oneof(num(2, 31), fc.constantFrom('28', '29', '30', '31', '00', '32'));
const separator = fc.constantFrom('T', 'T', 'T', 't', ' ', '_', 'TT', '');
const time = fc
  .tuple(num(2, 23), num(2, 59), fc.option(num(2, 60), { nil: undefined }))
  .map(([h, m, s]) => `${h}:${m}${s === undefined ? '' : `:${s}`}`);
const fraction = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^\.[0-9]{0,12}$/),
  fc.constantFrom('.', '.5', '.05', '.999', '.9999999999', '.1a', ',5'),
);
const offset = fc.oneof(
  fc.constantFrom('Z', 'z', 'Z', '', 'UTC', '+00:00', '-00:00', '+24:00', '+23:59', '-23:60', '+0100', '+01', 'ZZ'),
  fc
    .tuple(fc.constantFrom('+', '-', '−'), num(2, 23), fc.constantFrom(':', ':', ''), num(2, 59))
    .map((p) => p.join('')),
);
const rfc3339ish = fc
  .tuple(year, month, day, separator, time, fraction, offset)
  .map(([y, mo, d, sep, t, f, o]) => `${y}-${mo}-${d}${sep}${t}${t.length > 5 ? f : ''}${o}`);
// Stray characters: a generated string with one character replaced, inserted or removed.
const edited = fc
  .tuple(
    rfc3339ish,
    fc.nat(40),
    fc.constantFrom('replace', 'insert', 'remove'),
    fc.string({ minLength: 1, maxLength: 1 }),
  )
  .map(([s, at, op, c]) => {
    const i = at % (s.length + 1);
    if (op === 'insert') return s.slice(0, i) + c + s.slice(i);
    if (op === 'remove') return s.slice(0, i) + s.slice(i + 1);
    return s.slice(0, i) + c + s.slice(i + 1);
  });
// Every canonical instant of the whole range, and the neighbours of its ends.
const canonical = fc
  .integer({ min: REF_MIN - 86_400_000, max: REF_MAX + 86_400_000 })
  .map((ms) => new Date(ms).toISOString());
const text = fc.oneof(rfc3339ish, rfc3339ish, edited, canonical, fc.string({ maxLength: 45 }));

describe('parseInstant (fast path) against the regular-expression parser and Date.UTC', () => {
  it('accepts and refuses exactly the same text, with the same milliseconds (150,000 cases)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(text, (s) => {
        const ours = parseInstant(s);
        expect(ours).toBe(referenceInstant(s));
        if (ours !== undefined) {
          accepted++;
          expect(canonicalInstant(s)).toBe(new Date(ours).toISOString());
        } else expect(canonicalInstant(s)).toBeUndefined();
      }),
      { numRuns: 150_000 },
    );
    // The generator reaches both sides: a test that only ever saw refusals could not fail.
    expect(accepted).toBeGreaterThan(15_000);
  });

  it('agrees on about a day a month of years 0000–9999, canonical and as Z text without a fraction', () => {
    for (let ms = REF_MIN; ms <= REF_MAX; ms += 29 * 86_400_000 + 3_723_001) {
      const iso = new Date(ms).toISOString();
      expect(parseInstant(iso)).toBe(ms);
      const short = `${iso.slice(0, 19)}Z`;
      expect(parseInstant(short)).toBe(referenceInstant(short));
      expect(canonicalInstant(short)).toBe(`${iso.slice(0, 19)}.000Z`);
    }
  });
});
