/**
 * Masking never makes a new `%HH` or `\xHH` escape. An address written with escapes
 * (`%31%32%38%2E…`) is replaced by its truncation in plain text; before the fix, a `%`, `%3`, `\x`
 * or `\x3` just before it then joined the truncation's first characters into an escape the input
 * did not have, so the output, read as a viewer reads it, changed around the address, and could
 * hold a new full address (`1:2:3:4%` + `%33%61%30%31…` came out as `1:2:3:4%3a01:4f8:1::`, read
 * `1:2:3:4:01:4f8:1::`). The promise is checked with the detector of `@privkit/cli/verify`, which
 * shares no code with the masker, on generated text: every address spelling, written plainly,
 * with some or all characters as `%HH` (either case) or `\xHH`, or double-encoded (`%2531`), next
 * to stray `%`, `%%`, `%25`, `\`, `\x`, hex digits, `+` and separators.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineAnonymizer } from '../src/index.js';
import { createAddressScanner } from '../src/internal/scan.js';
import { findFullAddresses } from '../src/verify.js';
import { encoded, policies, separators, spelled } from './support/hostile.js';

const hex = (c: string, upper: boolean) => {
  const h = c.charCodeAt(0).toString(16).padStart(2, '0');
  return upper ? h.toUpperCase() : h;
};
/** Every character as `%HH`. */
const percent = (text: string, upper = true) => [...text].map((c) => `%${hex(c, upper)}`).join('');

const CNIL = { ipv4: 16, ipv6: 48 };

describe('masking makes no new escape (known answers)', () => {
  const cases: [string, string][] = [
    // The report: a literal % before a percent-encoded address.
    [`%${percent('128.1.2.3')}`, '%%3128.1.0.0'],
    // A new full IPv6 address: %3a would have been read as a colon joining 1:2:3:4.
    [`1:2:3:4%${percent('3a01:4f8:1:2:3:4:5:6')}`, '1:2:3:4%%33a01:4f8:1::'],
    // %3 before the address: the 3 is the address's first digit in the view (%31.2.3.4 read as
    // % 31.2.3.4), and %31 would have read the truncation's 31 as one character.
    [`%3${percent('1.2.3.4')}`, '%%331.2.0.0'],
    [`%3${percent('1.2.3.4', false)}`, '%%331.2.0.0'],
    // \x and \x3, as Apache and nginx escape.
    [`\\x${percent('12.3.4.5')}`, '\\x%312.3.0.0'],
    [`\\X3${percent('1.2.3.4')}`, '\\X%331.2.0.0'],
    // A NUL is dropped after escapes are read, so %<NUL>12 is no escape: nothing to join.
    [`%\0${percent('12.3.4.5')}`, '%\x0012.3.0.0'],
    // Nothing to join: %25 is an escape of its own, %% and %g are not escapes but cannot join.
    [`%25${percent('12.3.4.5')}`, '%2512.3.0.0'],
    [`%g${percent('12.3.4.5')}`, '%g12.3.0.0'],
    [`% ${percent('12.3.4.5')}`, '% 12.3.0.0'],
    // A plain address after a %: the input already read %12, nothing changes.
    ['%12.3.4.5', '%12.3.4.5'],
  ];
  for (const [line, out] of cases) {
    it(`${JSON.stringify(line)} → ${JSON.stringify(out)}`, () => {
      expect(createAddressScanner(CNIL).mask(line, { ipv4: 0, ipv6: 0 })).toBe(out);
      expect(findFullAddresses(out, CNIL)).toEqual([]);
    });
  }

  it('the line anonymiser writes the same, in every format that scans the line', () => {
    const line = `1:2:3:4%${percent('3a01:4f8:1:2:3:4:5:6')}`;
    const text = createLineAnonymizer({ format: 'text' }).lineSync(line) as string;
    expect(findFullAddresses(text, CNIL)).toEqual([]);
    const combined = createLineAnonymizer({}).lineSync(
      `203.0.113.7 - - [23/Nov/2026:10:00:00 +0000] "GET /?a=${line} HTTP/1.1" 200 5 "-" "-"`,
    ) as string;
    expect(findFullAddresses(combined, CNIL)).toEqual([]);
  });
});

/** An address in every spelling and every escaping a log or a URL gives it. */
const escapedAddress = fc.oneof(
  spelled,
  encoded(spelled),
  fc.tuple(spelled, fc.boolean()).map(([a, upper]) => percent(a, upper)),
  // Double-encoded: the view shows %HH, which is not an address; nothing to mask, nothing to find.
  spelled.map((a) => percent(a).replaceAll('%', '%25')),
  // Some characters double-encoded, some once, some plain.
  fc.tuple(spelled, fc.array(fc.constantFrom(0, 1, 2), { minLength: 1, maxLength: 16 })).map(([a, modes]) =>
    [...a]
      .map((c, i) => {
        const mode = modes[i % modes.length];
        return mode === 0 ? c : mode === 1 ? percent(c, i % 2 === 0) : `%25${hex(c, true)}`;
      })
      .join(''),
  ),
);

/** What stands next to it: stray escape starts, hex digits, address punctuation, separators. */
const edge = fc.oneof(
  fc.string({
    unit: fc.constantFrom('%', '%%', '%25', '%2', '%3', '%6', '%7', '\\', '\\x', '\\X', '\\x3', '\0', '+'),
    maxLength: 3,
  }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF.:%\\x+'.split('')), maxLength: 4 }),
  separators,
);

const line = fc
  .array(fc.tuple(edge, escapedAddress, edge), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map((p) => p.join('')).join(''));

describe('masking makes no new escape (generated)', () => {
  it('the masked text holds no full address for the independent detector, under any policy', () => {
    fc.assert(
      fc.property(line, policies, (text, policy) => {
        const out = createAddressScanner(policy).mask(text, { ipv4: 0, ipv6: 0 });
        expect(findFullAddresses(out, policy)).toEqual([]);
        // And nothing is left that the masker itself would still change.
        expect(createAddressScanner(policy).mask(out, { ipv4: 0, ipv6: 0 })).toBe(out);
      }),
      { numRuns: 20_000 },
    );
  });

  it('the same through the line anonymiser (text format)', () => {
    fc.assert(
      fc.property(line, policies, (text, policy) => {
        const out = createLineAnonymizer({ format: 'text', truncate: policy }).lineSync(text) as string;
        expect(findFullAddresses(out, policy)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });
});
