/**
 * @module
 * Countries, continents and the EU/EEA, as data. A database's country code is accepted only if
 * it is an ISO 3166-1 alpha-2 code assigned to a country or territory (plus `XK`, Kosovo, which
 * GeoNames, MaxMind and DB-IP all use): the placeholders that GeoIP databases emit for "no
 * country" (`ZZ`, `XX`, `EU`, `AP`, `A1`, `A2`, `O1`, `T1`) become an unknown country instead of
 * a fake one. Continents follow GeoNames, whose assignments MaxMind's and DB-IP's continent
 * fields use, so a country-only database (DB-IP Lite) gets the same continent a City database
 * would report.
 */

import { raise } from './errors.js';

/**
 * A continent code, as GeoNames and GeoIP2 databases spell them: Africa, Antarctica, Asia,
 * Europe, North America, Oceania, South America.
 *
 * @example
 * ```ts
 * import { continentOf, type ContinentCode } from '@privkit/geo';
 * const continent: ContinentCode | null = continentOf('BR'); // "SA"
 * ```
 */
export type ContinentCode = 'AF' | 'AN' | 'AS' | 'EU' | 'NA' | 'OC' | 'SA';

// Countries per continent, GeoNames countryInfo assignments (249 ISO 3166-1 codes + XK).
const CONTINENTS: Record<ContinentCode, string> = {
  AF:
    'AOBFBIBJBWCDCFCGCICMCVDJDZEGEHERETGAGHGMGNGQGWKEKMLRLSLYMAMG' +
    'MLMRMUMWMZNANENGRERWSCSDSHSLSNSOSSSTSZTDTGTNTZUGYTZAZMZW',
  AN: 'AQBVGSHMTF',
  AS: 'AEAFAMAZBDBHBNBTCCCNCXGEHKIDILINIOIQIRJOJPKGKHKPKRKWKZLALBLKMMMNMOMVMYNPOMPHPKPSQASASGSYTHTJTLTMTRTWUZVNYE',
  EU: 'ADALATAXBABEBGBYCHCYCZDEDKEEESFIFOFRGBGGGIGRHRHUIEIMISITJELILTLULVMCMDMEMKMTNLNOPLPTRORSRUSESISJSKSMUAVAXK',
  NA: 'AGAIAWBBBLBMBQBSBZCACRCUCWDMDOGDGLGPGTHNHTJMKNKYLCMFMQMSMXNIPAPMPRSVSXTCTTUSVCVGVI',
  OC: 'ASAUCKFJFMGUKIMHMPNCNFNRNUNZPFPGPNPWSBTKTOTVUMVUWFWS',
  SA: 'ARBOBRCLCOECFKGFGYPEPYSRUYVE',
};

let continentByCountry: Map<string, ContinentCode> | undefined;

function table(): Map<string, ContinentCode> {
  if (continentByCountry === undefined) {
    continentByCountry = new Map();
    for (const [continent, codes] of Object.entries(CONTINENTS)) {
      for (let i = 0; i < codes.length; i += 2)
        continentByCountry.set(codes.slice(i, i + 2), continent as ContinentCode);
    }
  }
  return continentByCountry;
}

/**
 * The 27 member states of the European Union (TEU Art. 52), as ISO 3166-1 alpha-2 codes.
 *
 * @example
 * ```ts
 * import { EU_MEMBER_STATES } from '@privkit/geo';
 * EU_MEMBER_STATES.includes('IE'); // true
 * EU_MEMBER_STATES.length;         // 27
 * ```
 */
export const EU_MEMBER_STATES: readonly string[] = Object.freeze(
  'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
);

// Parts of member states that ISO 3166-1 codes separately but where EU law, the GDPR included,
// applies as in the rest of the state: the outermost regions with a code of their own
// (TFEU Art. 349: Guadeloupe, French Guiana, Martinique, Mayotte, Réunion, Saint-Martin) and
// the Åland Islands (TFEU Art. 355(4)). Overseas countries and territories (Greenland, New
// Caledonia, Aruba, …; TFEU Annex II) are not part of the EU.
const EU_TERRITORIES = ['AX', 'GF', 'GP', 'MF', 'MQ', 'RE', 'YT'];
const EEA_ONLY = ['IS', 'LI', 'NO'];

/**
 * Whether EU law applies in the country or territory: one of the {@link EU_MEMBER_STATES}, or a
 * part of one that has its own ISO code (the outermost regions GF, GP, MF, MQ, RE, YT under
 * TFEU Art. 349, and AX, Åland).
 *
 * @param country - an ISO 3166-1 alpha-2 code, upper case.
 * @returns `true` inside the EU.
 * @throws {@link GeoError} `INVALID_ARGUMENT` when `country` is not a string (any string is a question
 *   with an answer: text that is not an assigned code is outside).
 * @example
 * ```ts
 * import { isInEU } from '@privkit/geo';
 * isInEU('FR'); // true
 * isInEU('RE'); // true (Réunion, an outermost region)
 * isInEU('CH'); // false
 * ```
 */
export function isInEU(country: string): boolean {
  requireCode(country);
  return EU_MEMBER_STATES.includes(country) || EU_TERRITORIES.includes(country);
}

/**
 * Whether the country or territory is in the European Economic Area: the EU (as {@link isInEU})
 * plus Iceland, Liechtenstein and Norway. The GDPR applies throughout the EEA.
 *
 * @param country - an ISO 3166-1 alpha-2 code, upper case.
 * @returns `true` inside the EEA.
 * @throws {@link GeoError} `INVALID_ARGUMENT` when `country` is not a string (any string is a question
 *   with an answer: text that is not an assigned code is outside).
 * @example
 * ```ts
 * import { isInEEA } from '@privkit/geo';
 * isInEEA('NO'); // true
 * isInEEA('GB'); // false
 * ```
 */
export function isInEEA(country: string): boolean {
  requireCode(country);
  return isInEU(country) || EEA_ONLY.includes(country);
}

/**
 * The continent of a country or territory, or `null` when the code is not an assigned
 * ISO 3166-1 alpha-2 code (or `XK`). Use it to tell a real country code from a database
 * placeholder: `continentOf('ZZ') === null`.
 *
 * @param country - an ISO 3166-1 alpha-2 code, upper case.
 * @returns the continent code, or `null`.
 * @throws {@link GeoError} `INVALID_ARGUMENT` when `country` is not a string (any string is a question
 *   with an answer: text that is not an assigned code is outside).
 * @example
 * ```ts
 * import { continentOf } from '@privkit/geo';
 * continentOf('JP'); // "AS"
 * continentOf('ZZ'); // null (DB-IP's "unknown")
 * continentOf('A1'); // null (GeoIP Legacy's "anonymous proxy")
 * ```
 */
export function continentOf(country: string): ContinentCode | null {
  requireCode(country);
  return table().get(country) ?? null;
}

/** A country argument must be text: a number or an object is a caller's mistake, not "outside". */
function requireCode(country: unknown): void {
  if (typeof country !== 'string') throw raise('INVALID_ARGUMENT', 'country', '"country" must be a string');
}
