/**
 * @module
 * The locator: an IP address in, a coarse **bucket** out (country, continent, EU/EEA, and on
 * request a region and a grid cell of at least 20 km), never coordinates, postcodes or network
 * names. Addresses are parsed strictly by `@privkit/ip`; IPv4 carried in IPv6 (mapped, NAT64,
 * 6to4, Teredo) is located as the IPv4 address it carries; special-purpose addresses get an
 * explicit bucket. Nothing is cached by address: buckets are cached by the database record they
 * come from, so a record is decoded once however many addresses share it.
 */

import {
  classifyIp,
  type IpAddress,
  type IpClass,
  IpError,
  parseIp,
  type TruncationPolicy,
  type TruncationPreset,
  truncateIp,
} from '@privkit/ip';
import { gridCell, MIN_CELL_KM } from './cell.js';
import { type ContinentCode, continentOf, isInEEA, isInEU } from './countries.js';
import { GeoError } from './errors.js';
import { type MmdbValue, openMmdb } from './internal/mmdb.js';
import { isSurelyPublic } from './internal/public.js';

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

/**
 * A bucket and the truncated address, as returned by {@link Locator.locateAndTruncate}.
 *
 * @example
 * ```ts
 * import { createLocator, type LocatedPrefix } from '@privkit/geo';
 * declare const database: Uint8Array;
 * const row: LocatedPrefix = createLocator({ database }).locateAndTruncate('203.0.113.77');
 * row.prefix; // "203.0.0.0"
 * ```
 */
export interface LocatedPrefix {
  /** The bucket of the full address. */
  readonly bucket: GeoBucket;
  /** The address truncated by `@privkit/ip` `truncateIp` under the chosen policy. */
  readonly prefix: string;
}

/**
 * Where the data comes from, and what its licence asks of you.
 *
 * @example
 * ```ts
 * import { createLocator, type GeoProvenance } from '@privkit/geo';
 * declare const database: Uint8Array;
 * const p: GeoProvenance = createLocator({ database }).provenance;
 * console.log(`${p.source}, ${p.licence}, built ${p.builtAt}. ${p.attribution}`);
 * ```
 */
export interface GeoProvenance {
  /** Who made the data, e.g. `"DB-IP Lite Country (db-ip.com)"`; the database type when unknown. */
  readonly source: string;
  /** The licence, e.g. `"CC BY 4.0"`, or `"unknown"`. */
  readonly licence: string;
  /** The attribution text the licence requires you to show, or `""` when none is known. */
  readonly attribution: string;
  /** The database's `database_type` metadata, e.g. `"GeoLite2-City"`. */
  readonly databaseType: string;
  /** When the database was built (its `build_epoch` metadata), ISO 8601 in UTC. */
  readonly builtAt: string;
}

/**
 * Handed to {@link LocatorOptions.onStale} when the database is older than allowed.
 *
 * @example
 * ```ts
 * import type { StaleDatabaseWarning } from '@privkit/geo';
 * const log = (w: StaleDatabaseWarning) => console.warn(w.message, w.ageDays);
 * ```
 */
export interface StaleDatabaseWarning {
  /** A sentence for a log: source, age and limit (never an address). */
  readonly message: string;
  /** Whole days since the database was built. */
  readonly ageDays: number;
  /** The configured limit. */
  readonly staleAfterDays: number;
  /** The database's provenance. */
  readonly provenance: GeoProvenance;
}

/**
 * Options for {@link createLocator}.
 *
 * @example
 * ```ts
 * import { createLocator, type LocatorOptions } from '@privkit/geo';
 * declare const database: Uint8Array;
 * const options: LocatorOptions = { database, region: true, cell: 50, staleAfterDays: 30 };
 * const locator = createLocator(options);
 * ```
 */
export interface LocatorOptions {
  /** The MMDB file's bytes (a `Uint8Array`, Node `Buffer` or `ArrayBuffer`); not copied, so do not change them. */
  database: Uint8Array | ArrayBuffer;
  /** Add `region` to buckets when the database has subdivisions. Default `false`. */
  region?: boolean;
  /**
   * Add a grid `cell` of at least this many km (a whole number ≥ 20; `true` means 50) when the
   * database has coordinates. Default `false`.
   */
  cell?: boolean | number;
  /** Preferred language of subdivision names when the database has no ISO codes. Default `"en"`. */
  language?: string;
  /** Replaces any part of the provenance the package works out from the database's metadata. */
  provenance?: Partial<Pick<GeoProvenance, 'source' | 'licence' | 'attribution'>>;
  /** Data older than this many days is stale. Default 35: one monthly release and a few days. */
  staleAfterDays?: number;
  /**
   * Called once when the locator finds the data stale (at creation, or later in a long-running
   * process: the age is re-checked every 65,536 lookups). Default: `console.warn` of the message.
   */
  onStale?: (warning: StaleDatabaseWarning) => void;
  /** Records decoded into buckets kept in memory at most. Default 50,000 (a country database has ~250). */
  cacheSize?: number;
  /** The clock, in epoch milliseconds, for the age of the data. Default `Date.now`. */
  clock?: () => number;
}

/**
 * Options for {@link Locator.locateAndTruncate}.
 *
 * @example
 * ```ts
 * import type { LocateAndTruncateOptions } from '@privkit/geo';
 * const options: LocateAndTruncateOptions = { truncate: 'ga' };
 * ```
 */
export interface LocateAndTruncateOptions {
  /** An `@privkit/ip` truncation preset or prefix lengths. Default `"cnil"` (/16 and /48). */
  truncate?: TruncationPolicy | TruncationPreset;
}

/**
 * A locator over one database, made by {@link createLocator}.
 *
 * @example
 * ```ts
 * import { createLocator, type Locator } from '@privkit/geo';
 * declare const database: Uint8Array;
 * const locator: Locator = createLocator({ database });
 * locator.locate('2a00:1450:4001::1').country; // e.g. "DE"
 * ```
 */
export interface Locator {
  /**
   * The bucket of an address.
   * @param ip - address text (strictly parsed) or an `IpAddress` from `@privkit/ip`.
   * @returns a frozen bucket; `special` for special-purpose addresses, `unknown` when the
   * database has no country.
   * @throws {@link GeoError} `INVALID_IP` for text that is not an address.
   */
  locate(ip: string | IpAddress): GeoBucket;
  /**
   * Locates the full address, truncates it, and returns both: the one call an ingestion path
   * needs, so the full address is used once, in memory, and never stored.
   * @param ip - address text (strictly parsed) or an `IpAddress`.
   * @param options - the truncation policy.
   * @returns a frozen `{ bucket, prefix }`.
   * @throws {@link GeoError} `INVALID_IP` for text that is not an address; `RangeError` or
   * `TypeError` for a bad policy.
   */
  locateAndTruncate(ip: string | IpAddress, options?: LocateAndTruncateOptions): LocatedPrefix;
  /** Source, licence, attribution and build date of the data. */
  readonly provenance: GeoProvenance;
  /**
   * Whole days since the database was built, by the locator's clock.
   * @returns the age in days.
   */
  ageDays(): number;
  /**
   * Whether the data is older than `staleAfterDays`.
   * @returns `true` when stale.
   */
  isStale(): boolean;
}

const DAY = 86_400_000;

/** Known providers by `database_type`, for the provenance of files the caller brings. */
function knownProvenance(type: string): Pick<GeoProvenance, 'source' | 'licence' | 'attribution'> {
  if (/^GeoLite2-/i.test(type)) {
    return {
      source: 'MaxMind GeoLite2',
      licence: 'GeoLite2 End User License Agreement',
      attribution: 'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com.',
    };
  }
  if (/^GeoIP2-/i.test(type))
    return { source: 'MaxMind GeoIP2', licence: 'MaxMind commercial licence', attribution: '' };
  if (/^DBIP-.*Lite/i.test(type)) {
    return {
      source: 'DB-IP Lite (db-ip.com)',
      licence: 'CC BY 4.0',
      attribution: 'IP Geolocation by DB-IP (https://db-ip.com)',
    };
  }
  return { source: type || 'unknown', licence: 'unknown', attribution: '' };
}

type Rec = { [key: string]: MmdbValue };
const isMap = (v: unknown): v is Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const get = (v: unknown, key: string): MmdbValue | undefined =>
  isMap(v) && Object.hasOwn(v, key) ? v[key] : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function freeze(bucket: GeoBucket): GeoBucket {
  return Object.freeze(bucket);
}

const UNKNOWN = freeze({ status: 'unknown', country: null, continent: null, inEU: false, inEEA: false });
const specials = new Map<IpClass, GeoBucket>();
function special(cls: IpClass): GeoBucket {
  let bucket = specials.get(cls);
  if (bucket === undefined) {
    bucket = freeze({ status: 'special', country: null, continent: null, inEU: false, inEEA: false, special: cls });
    specials.set(cls, bucket);
  }
  return bucket;
}

/** The IPv4 address an IPv6 address of class `cls` carries, or `undefined`. */
function embeddedIpv4(bytes: Uint8Array, cls: IpClass): Uint8Array | undefined {
  // 64:ff9b::/96, the NAT64 well-known prefix (RFC 6052 §2.1): IPv4 in the last 32 bits
  // (`classifyIp` gives such an address the class of that IPv4 address). The local-use
  // 64:ff9b:1::/48 (RFC 8215) puts it where the operator chose, so it stays unknown.
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) {
    for (let i = 4; i < 12; i++) if (bytes[i] !== 0) return undefined;
    return bytes.subarray(12);
  }
  // 2002::/16, 6to4 (RFC 3056 §2): the site's IPv4 in bits 16–47.
  if (cls === '6to4') return bytes.subarray(2, 6);
  // 2001::/32, Teredo (RFC 4380 §4): the client's public IPv4 (its NAT's outside address), bit
  // by bit inverted, in the last 32 bits. (Bits 32–63 hold the Teredo server, which says where
  // the relay is, not the client: MaxMind's writer aliases those, libmaxminddb follows.)
  if (cls === 'teredo') return bytes.slice(12).map((b) => b ^ 0xff);
  return undefined;
}

/**
 * Creates a locator over a MaxMind DB (MMDB) file held in memory: GeoIP2/GeoLite2 Country or
 * City, DB-IP Lite, or any MMDB with `country.iso_code` or `country_code` fields. Reads no file
 * and imports nothing from `node:`, so it runs in browsers and edge runtimes; in Node,
 * `@privkit/geo/default` loads the bundled DB-IP Lite Country database for you.
 *
 * @param options - the database and what to put in buckets; see {@link LocatorOptions}.
 * @returns the {@link Locator}.
 * @throws {@link GeoError} `INVALID_DATABASE` when the bytes are not a MaxMind DB.
 * @throws `TypeError` or `RangeError` for bad options.
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { createLocator } from '@privkit/geo';
 *
 * const locator = createLocator({ database: await readFile('GeoLite2-City.mmdb'), region: true, cell: 50 });
 * locator.locate('81.2.69.160');
 * // { status: "located", country: "GB", continent: "EU", inEU: false, inEEA: false, region: "GB-ENG", cell: "50km:…" }
 * locator.locate('::ffff:10.1.2.3'); // { status: "special", special: "private", country: null, … }
 * locator.provenance.attribution;   // "This product includes GeoLite2 data created by MaxMind, …"
 * ```
 */
export function createLocator(options: LocatorOptions): Locator {
  if (typeof options !== 'object' || options === null) throw new TypeError('"options" must be an object');
  const { database } = options;
  let bytes: Uint8Array;
  if (database instanceof Uint8Array) bytes = database;
  else if (database instanceof ArrayBuffer) bytes = new Uint8Array(database);
  else throw new TypeError('"database" must be a Uint8Array, Buffer or ArrayBuffer');

  const wantRegion = options.region === true;
  const cellKm = options.cell === true ? 50 : options.cell === false || options.cell === undefined ? 0 : options.cell;
  if (cellKm !== 0 && (!Number.isInteger(cellKm) || cellKm < MIN_CELL_KM || cellKm > 20000)) {
    throw new RangeError(`"cell" must be a boolean or whole km from ${MIN_CELL_KM} to 20000`);
  }
  const staleAfterDays = options.staleAfterDays ?? 35;
  if (!(staleAfterDays > 0)) throw new RangeError('"staleAfterDays" must be a positive number');
  const cacheSize = options.cacheSize ?? 50_000;
  if (!Number.isInteger(cacheSize) || cacheSize < 0) throw new RangeError('"cacheSize" must be a whole number');
  const clock = options.clock ?? Date.now;
  const language = options.language ?? 'en';
  const onStale =
    options.onStale ??
    ((warning: StaleDatabaseWarning) => {
      console.warn(`[@privkit/geo] ${warning.message}`);
    });

  const reader = openMmdb(bytes);
  const meta = reader.metadata;
  const provenance: GeoProvenance = Object.freeze({
    ...knownProvenance(meta.databaseType),
    ...options.provenance,
    databaseType: meta.databaseType,
    builtAt: new Date(meta.buildEpoch * 1000).toISOString(),
  });

  const ageDays = () => Math.floor((clock() - meta.buildEpoch * 1000) / DAY);
  const isStale = () => ageDays() > staleAfterDays;
  let warned = false;
  let untilCheck = 0;
  function checkAge(): void {
    untilCheck = 65_536;
    if (warned || !isStale()) return;
    warned = true;
    const age = ageDays();
    onStale(
      Object.freeze({
        message: `${provenance.source} data built ${provenance.builtAt.slice(0, 10)} is ${age} days old (limit ${staleAfterDays}): update it`,
        ageDays: age,
        staleAfterDays,
        provenance,
      }),
    );
  }
  checkAge();

  /** Builds the bucket for a database record; called once per record thanks to the cache. */
  function bucketOf(record: MmdbValue): GeoBucket {
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
        : freeze({ status: 'unknown', country, continent, inEU: false, inEEA: false });
    }
    const bucket: { -readonly [K in keyof GeoBucket]: GeoBucket[K] } = {
      status: 'located',
      country,
      continent,
      inEU: isInEU(country),
      inEEA: isInEEA(country),
    };
    if (wantRegion) {
      // GeoIP2 lists subdivisions largest first: the first is the ISO 3166-2 region.
      const list = get(record, 'subdivisions');
      const subdivision = Array.isArray(list) ? list[0] : undefined;
      const code = text(get(subdivision, 'iso_code'));
      const names = get(subdivision, 'names');
      const name = text(get(names, language)) ?? text(get(names, 'en')) ?? text(get(record, 'state1'));
      // MaxMind stores the part after the hyphen ("BY"); ISO 3166-2 is "DE-BY".
      const region = code !== undefined ? (code.includes('-') ? code : `${country}-${code}`) : name;
      if (region !== undefined) bucket.region = region;
    }
    if (cellKm !== 0) {
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
        bucket.cell = gridCell(lat, lon, cellKm);
      }
    }
    return freeze(bucket);
  }

  const cache = new Map<number, GeoBucket>();
  function atOffset(offset: number): GeoBucket {
    let bucket = cache.get(offset);
    if (bucket === undefined) {
      bucket = bucketOf(reader.read(offset));
      if (cacheSize > 0) {
        // First in, first out: a Map iterates in insertion order, so the first key is the oldest.
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as number);
        cache.set(offset, bucket);
      }
    }
    return bucket;
  }

  function parse(ip: string | IpAddress): IpAddress {
    if (typeof ip === 'string') {
      try {
        return parseIp(ip);
      } catch (error) {
        // IpError's message names the reason and position, never the input.
        if (error instanceof IpError) throw new GeoError('INVALID_IP', error.message, { cause: error });
        throw error;
      }
    }
    if (typeof ip !== 'object' || ip === null || typeof (ip as IpAddress).toBytes !== 'function') {
      throw new TypeError('"ip" must be a string or an IpAddress');
    }
    return ip;
  }

  function locateParsed(address: IpAddress): GeoBucket {
    if (--untilCheck <= 0) checkAge();
    let bytes = address.toBytes();
    // IPv4-mapped (::ffff:0:0/96) is an IPv4 client seen through a dual-stack socket.
    if (bytes.length === 16 && bytes[10] === 0xff && bytes[11] === 0xff && isZero(bytes, 10))
      bytes = bytes.subarray(12);
    if (!isSurelyPublic(bytes)) {
      let cls = classifyIp(address);
      const v4 = bytes.length === 16 ? embeddedIpv4(bytes, cls) : undefined;
      if (v4 !== undefined) {
        bytes = v4;
        cls = classifyIp(`${v4[0]}.${v4[1]}.${v4[2]}.${v4[3]}`);
      }
      if (cls !== 'public') return special(cls);
    }
    const offset = reader.find(bytes);
    return offset < 0 ? UNKNOWN : atOffset(offset);
  }

  return Object.freeze({
    locate: (ip: string | IpAddress) => locateParsed(parse(ip)),
    locateAndTruncate(ip: string | IpAddress, opts?: LocateAndTruncateOptions): LocatedPrefix {
      const address = parse(ip);
      const prefix = truncateIp(address, opts?.truncate ?? 'cnil');
      return Object.freeze({ bucket: locateParsed(address), prefix });
    },
    provenance,
    ageDays,
    isStale,
  });
}

function isZero(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[i] !== 0) return false;
  return true;
}
