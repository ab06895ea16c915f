/**
 * @module
 * What a locator returns: a coarse, frozen **bucket** (country, continent, EU/EEA, and on
 * request a region and a grid cell of at least 20 km), built once per database record from
 * the fields GeoIP2/GeoLite2, DB-IP and the flat ip-location-db schemas use. Coordinates,
 * postcodes, city names and network owners are read only to build the bucket, never kept.
 */

import type { IpClass } from '@privkit/ip';
import { gridCell } from './cell.js';
import { type ContinentCode, continentOf, isInEEA, isInEU } from './countries.js';
import type { MmdbValue } from './internal/mmdb.js';

/**
 * What a bucket is:
 * - `located`: the database places the address in a country.
 * - `unknown`: a public address the database has no country for (no record, or a placeholder
 *   code such as `ZZ`).
 * - `special`: a special-purpose address (private, loopback, documentation, …; see
 *   {@link GeoBucket.special}), which has no location; the database is not consulted.
 *
 * @example
 * ```ts
 * import type { GeoBucketStatus } from '@privkit/geo';
 * const status: GeoBucketStatus = 'special';
 * ```
 */
export type GeoBucketStatus = 'located' | 'unknown' | 'special';

/**
 * A coarse location. Frozen; never holds coordinates, a postcode, a city name or an ASN.
 *
 * @example
 * ```ts
 * import { createLocator, type GeoBucket } from '@privkit/geo';
 * declare const database: Uint8Array;
 * const bucket: GeoBucket = createLocator({ database }).locate('192.168.1.20');
 * // { status: "special", special: "private", country: null, continent: null, inEU: false, inEEA: false }
 * ```
 */
export interface GeoBucket {
  /** What kind of bucket this is; see {@link GeoBucketStatus}. */
  readonly status: GeoBucketStatus;
  /** ISO 3166-1 alpha-2 country code (upper case), or `null` when unknown or special. */
  readonly country: string | null;
  /** Continent code, or `null`. From the database when it has one, else from the country. */
  readonly continent: ContinentCode | null;
  /** Whether EU law applies at this location (see `isInEU`). */
  readonly inEU: boolean;
  /** Whether the location is in the European Economic Area (see `isInEEA`). */
  readonly inEEA: boolean;
  /**
   * Only with `region: true` and a database that has subdivisions: the ISO 3166-2 code
   * (`"DE-BY"`) when the database gives codes, else the subdivision's name from the database.
   */
  readonly region?: string;
  /**
   * Only with `cell` set and a database that has coordinates: the grid cell (see `gridCell`) of
   * at least `cell` km holding the database's point. Left out when the database says its point
   * is only known to 1,000 km or worse (a country centroid).
   */
  readonly cell?: string;
  /** For `special` buckets: the `@privkit/ip` class of the address (`"private"`, `"loopback"`, …). */
  readonly special?: IpClass;
}

/** The bucket of an address without a country in the database. */
export const UNKNOWN: GeoBucket = Object.freeze({
  status: 'unknown',
  country: null,
  continent: null,
  inEU: false,
  inEEA: false,
});

const specials = new Map<IpClass, GeoBucket>();

/** The one frozen bucket of a special-purpose class. */
export function specialBucket(cls: IpClass): GeoBucket {
  let bucket = specials.get(cls);
  if (bucket === undefined) {
    bucket = Object.freeze({
      status: 'special',
      country: null,
      continent: null,
      inEU: false,
      inEEA: false,
      special: cls,
    });
    specials.set(cls, bucket);
  }
  return bucket;
}

type Rec = { [key: string]: MmdbValue };
const isMap = (v: unknown): v is Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const get = (v: unknown, key: string): MmdbValue | undefined =>
  isMap(v) && Object.hasOwn(v, key) ? v[key] : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What a locator puts in its buckets beyond the country. */
export interface BucketFields {
  /** Add the region. */
  readonly region: boolean;
  /** Add a grid cell of this many km (0: none). */
  readonly cellKm: number;
  /** Preferred language of subdivision names. */
  readonly language: string;
}

/** The bucket of a database record. */
export function bucketOf(record: MmdbValue, fields: BucketFields): GeoBucket {
  const iso = text(get(get(record, 'country'), 'iso_code')) ?? text(get(record, 'country_code'));
  const country = iso !== undefined && continentOf(iso.toUpperCase()) !== null ? iso.toUpperCase() : null;
  const fromDb = text(get(get(record, 'continent'), 'code'));
  const continent =
    fromDb !== undefined && /^(AF|AN|AS|EU|NA|OC|SA)$/.test(fromDb)
      ? (fromDb as ContinentCode)
      : country === null
        ? null
        : continentOf(country);
  if (country === null) {
    return continent === null
      ? UNKNOWN
      : Object.freeze({ status: 'unknown', country, continent, inEU: false, inEEA: false });
  }
  const bucket: { -readonly [K in keyof GeoBucket]: GeoBucket[K] } = {
    status: 'located',
    country,
    continent,
    inEU: isInEU(country),
    inEEA: isInEEA(country),
  };
  if (fields.region) {
    // GeoIP2 lists subdivisions largest first: the first is the ISO 3166-2 region.
    const list = get(record, 'subdivisions');
    const subdivision = Array.isArray(list) ? list[0] : undefined;
    const code = text(get(subdivision, 'iso_code'));
    const names = get(subdivision, 'names');
    const name = text(get(names, fields.language)) ?? text(get(names, 'en')) ?? text(get(record, 'state1'));
    // MaxMind stores the part after the hyphen ("BY"); ISO 3166-2 is "DE-BY".
    const region = code !== undefined ? (code.includes('-') ? code : `${country}-${code}`) : name;
    if (region !== undefined) bucket.region = region;
  }
  if (fields.cellKm !== 0) {
    const location = get(record, 'location');
    const lat = num(get(location, 'latitude')) ?? num(get(record, 'latitude'));
    const lon = num(get(location, 'longitude')) ?? num(get(record, 'longitude'));
    const radius = num(get(location, 'accuracy_radius'));
    if (
      lat !== undefined &&
      lon !== undefined &&
      Math.abs(lat) <= 90 &&
      Math.abs(lon) <= 180 &&
      !(radius !== undefined && radius >= 1000)
    ) {
      bucket.cell = gridCell(lat, lon, fields.cellKm);
    }
  }
  return Object.freeze(bucket);
}
