/**
 * @module
 * ISO 3166-1 alpha-2: the 249 codes officially assigned to a country or territory, as one
 * regular expression so that a JSON Schema can say exactly what a parser accepts. Reserved,
 * transitional and withdrawn codes are not countries: `UK` (the United Kingdom is `GB`), `EU`,
 * `UN`, `XK`, `YU`, `ZZ`, … are refused. Source: the ISO 3166 Maintenance Agency's list of
 * officially assigned codes (ISO 3166-1:2020 and its newsletters); the test checks it against
 * the region names of the ICU data Node.js ships.
 */

// Officially assigned codes, grouped by first letter: "A[DEFGILMOQRSTUWXZ]" is AD, AE, AF, …
const ASSIGNED: Readonly<Record<string, string>> = {
  A: 'DEFGILMOQRSTUWXZ',
  B: 'ABDEFGHIJLMNOQRSTVWYZ',
  C: 'ACDFGHIKLMNORUVWXYZ',
  D: 'EJKMOZ',
  E: 'CEGHRST',
  F: 'IJKMOR',
  G: 'ABDEFGHILMNPQRSTUWY',
  H: 'KMNRTU',
  I: 'DELMNOQRST',
  J: 'EMOP',
  K: 'EGHIMNPRWYZ',
  L: 'ABCIKRSTUVY',
  M: 'ACDEFGHKLMNOPQRSTUVWXYZ',
  N: 'ACEFGILOPRUZ',
  O: 'M',
  P: 'AEFGHKLMNRSTWY',
  Q: 'A',
  R: 'EOSUW',
  S: 'ABCDEGHIJKLMNORSTVXYZ',
  T: 'CDFGHJKLMNORTVWZ',
  U: 'AGMSYZ',
  V: 'ACEGINU',
  W: 'FS',
  Y: 'ET',
  Z: 'AMW',
};

/** @internal An officially assigned ISO 3166-1 alpha-2 code, as a pattern (JSON Schema dialect). */
export const COUNTRY_PATTERN: RegExp = new RegExp(
  `^(?:${Object.entries(ASSIGNED)
    .map(([first, seconds]) => `${first}[${seconds}]`)
    .join('|')})$`,
);

/** @internal Whether a string is an officially assigned ISO 3166-1 alpha-2 code. */
export const isCountryCode = (s: unknown): s is string => typeof s === 'string' && COUNTRY_PATTERN.test(s);
