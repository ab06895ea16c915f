import { describe, expect, it } from 'vitest';
import { COUNTRY_PATTERN, isCountryCode } from '../src/country.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALL = [...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b));

// Codes ICU names that ISO 3166-1 does not assign to a country or territory: exceptionally
// reserved (AC, CP, CQ, DG, EA, EU, EZ, FX, IC, TA, UK, UN), transitionally reserved or withdrawn
// (AN, BU, CS, DD, DY, HV, NH, RH, SU, TP, VD, YD, YU, ZR), user-assigned (QO, XA, XB, XK, ZZ).
const NOT_ASSIGNED = new Set(
  'AC CP CQ DG EA EU EZ FX IC TA UK UN AN BU CS DD DY HV NH RH SU TP VD YD YU ZR QO XA XB XK ZZ'.split(' '),
);

describe('ISO 3166-1 alpha-2', () => {
  it('accepts exactly the 249 officially assigned codes', () => {
    expect(ALL.filter(isCountryCode)).toHaveLength(249);
  });

  it("agrees with the region names of Node's ICU data, less the codes ISO does not assign", () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
    const named = ALL.filter((c) => names.of(c) !== c);
    expect(ALL.filter(isCountryCode)).toEqual(named.filter((c) => !NOT_ASSIGNED.has(c)));
  });

  it('refuses placeholders, lower case and anything but two letters', () => {
    for (const bad of ['UK', 'EU', 'XX', 'ZZ', 'gb', 'GBR', 'G', '', ' GB', 'GB\n', 7])
      expect(isCountryCode(bad), String(bad)).toBe(false);
    expect(COUNTRY_PATTERN.test('GB')).toBe(true);
  });
});
