/**
 * @module
 * The locator: an IP address in, a coarse bucket out (see `bucket.ts`). Addresses are parsed
 * strictly by `@privkit/ip`; IPv4 carried in IPv6 (mapped, NAT64, 6to4, Teredo) is located as
 * the IPv4 address it carries; special-purpose addresses get an explicit bucket. Nothing is
 * cached by address: buckets are cached by the database record they come from, so a record is
 * decoded once however many addresses share it. Options are read strictly: an unknown key
 * (`staleAfterDays`, `licence`) is an error naming it, never ignored.
 */

import { boolean, integerInRange, nonEmptyString, own, strictObject, strictOptions } from '@privkit/internal/check';
import { requireDuration } from '@privkit/internal/duration';
import {
  classifyIp,
  IpAddress,
  IpError,
  parseIp,
  type TruncationPolicy,
  type TruncationPreset,
  truncateIp,
} from '@privkit/ip';
import { type BucketFields, bucketOf, type GeoBucket, specialBucket, UNKNOWN } from './bucket.js';
import { MIN_CELL_KM } from './cell.js';
import { GeoError, raise } from './errors.js';
import { embeddedIpv4, isMapped } from './internal/embedded.js';
import { openMmdb } from './internal/mmdb.js';
import { isSurelyPublic } from './internal/public.js';
import {
  days,
  type GeoProvenance,
  type ProvenanceFields,
  provenanceOf,
  type StaleDatabaseWarning,
  staleness,
} from './provenance.js';

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
 * Options for {@link createLocator}.
 *
 * @example
 * ```ts
 * import { createLocator, type LocatorOptions } from '@privkit/geo';
 * declare const database: Uint8Array;
 * const options: LocatorOptions = { database, region: true, cell: 50, staleAfter: 'P30D' };
 * const locator = createLocator(options);
 * ```
 */
export interface LocatorOptions {
  /** The MMDB file's bytes (a `Uint8Array`, Node `Buffer` or `ArrayBuffer`); not copied, so do not change them. */
  database: Uint8Array | ArrayBuffer;
  /** Add `region` to buckets when the database has subdivisions. Default `false`. */
  region?: boolean;
  /**
   * Add a grid `cell` of at least this many km (a whole number from 20 to 20,000; `true` means
   * 50) when the database has coordinates. Default `false`.
   */
  cell?: boolean | number;
  /** Preferred language of subdivision names when the database has no ISO codes. Default `"en"`. */
  language?: string;
  /** Replaces any part of the provenance the package works out from the database's metadata. */
  provenance?: Partial<Pick<GeoProvenance, 'source' | 'license' | 'attribution'>>;
  /**
   * Data older than this is stale: an ISO 8601 duration of days or weeks. Default `P35D`: one
   * monthly release and a few days.
   */
  staleAfter?: string;
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
   * @throws {@link GeoError} `INVALID_ARGUMENT` for something that is neither text nor an `IpAddress`.
   * @throws {@link GeoError} `INVALID_DATABASE` when the address's record cannot be read.
   */
  locate(ip: string | IpAddress): GeoBucket;
  /**
   * Locates the full address, truncates it, and returns both: the one call an ingestion path
   * needs, so the full address is used once, in memory, and never stored.
   * @param ip - address text (strictly parsed) or an `IpAddress`.
   * @param options - the truncation policy.
   * @returns a frozen `{ bucket, prefix }`.
   * @throws {@link GeoError} `INVALID_IP` for text that is not an address.
   * @throws {@link GeoError} `INVALID_OPTIONS` or `UNKNOWN_KEY` for a bad policy or options.
   */
  locateAndTruncate(ip: string | IpAddress, options?: LocateAndTruncateOptions): LocatedPrefix;
  /** Source, license, attribution and build date of the data. */
  readonly provenance: GeoProvenance;
  /**
   * Whole days since the database was built, by the locator's clock.
   * @returns the age as an ISO 8601 duration, such as `P40D`.
   */
  age(): string;
  /**
   * Whether the data is older than `staleAfter`.
   * @returns `true` when stale.
   */
  isStale(): boolean;
}

const KEYS = ['database', 'region', 'cell', 'language', 'provenance', 'staleAfter', 'onStale', 'cacheSize', 'clock'];
const PROVENANCE_KEYS = ['source', 'license', 'attribution'];

function invalid(path: string, message: string): GeoError {
  return new GeoError('INVALID_OPTIONS', `"${path}" ${message}`, { path });
}

function functionOption<T>(value: unknown, path: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') throw invalid(path, 'must be a function');
  return value as T | undefined;
}

interface Settings extends BucketFields {
  readonly bytes: Uint8Array;
  readonly provenance: Partial<ProvenanceFields>;
  readonly staleAfterDays: number;
  readonly onStale: (warning: StaleDatabaseWarning) => void;
  readonly cacheSize: number;
  readonly clock: () => number;
}

function settle(options: LocatorOptions): Settings {
  const checked = strictOptions(options, KEYS, raise);
  const database = own(checked, 'database');
  let bytes: Uint8Array;
  if (database instanceof Uint8Array) bytes = database;
  else if (database instanceof ArrayBuffer) bytes = new Uint8Array(database);
  else throw invalid('options.database', 'must be a Uint8Array, Buffer or ArrayBuffer');

  const region = own(checked, 'region');
  const cell = own(checked, 'cell');
  let cellKm = 0;
  if (cell === true) cellKm = 50;
  else if (cell !== undefined && cell !== false) {
    cellKm = integerInRange(cell, MIN_CELL_KM, 20_000, 'options.cell', raise);
  }
  const language = own(checked, 'language');
  const provenance = own(checked, 'provenance');
  const set: Record<string, string> = {};
  if (provenance !== undefined) {
    const fields = strictObject(provenance, PROVENANCE_KEYS, 'options.provenance', raise, 'INVALID_OPTIONS');
    for (const key of PROVENANCE_KEYS) {
      const value = own(fields, key);
      if (value === undefined) continue;
      if (typeof value !== 'string') throw invalid(`options.provenance.${key}`, 'must be a string');
      set[key] = value;
    }
  }
  const staleAfter = own(checked, 'staleAfter');
  let staleAfterDays = 35;
  if (staleAfter !== undefined) {
    const parts = requireDuration(staleAfter, 'options.staleAfter', raise, ['weeks', 'days']);
    staleAfterDays = parts.weeks * 7 + parts.days;
    if (staleAfterDays < 1 || staleAfterDays > 36_500)
      throw invalid('options.staleAfter', 'must be from P1D to P36500D');
  }
  const cacheSize = own(checked, 'cacheSize');
  return {
    bytes,
    region: region === undefined ? false : boolean(region, 'options.region', raise),
    cellKm,
    language:
      language === undefined ? 'en' : nonEmptyString(language, 'options.language', raise, 'INVALID_OPTIONS', 35),
    provenance: set,
    staleAfterDays,
    onStale:
      functionOption<(warning: StaleDatabaseWarning) => void>(own(checked, 'onStale'), 'options.onStale') ??
      ((warning) => console.warn(`[@privkit/geo] ${warning.message}`)),
    cacheSize: cacheSize === undefined ? 50_000 : integerInRange(cacheSize, 0, 10_000_000, 'options.cacheSize', raise),
    clock: functionOption<() => number>(own(checked, 'clock'), 'options.clock') ?? Date.now,
  };
}

function parse(ip: string | IpAddress): IpAddress {
  if (ip instanceof IpAddress) return ip;
  if (typeof ip !== 'string') {
    throw new GeoError('INVALID_ARGUMENT', '"ip" must be a string or an IpAddress', { path: 'ip' });
  }
  try {
    return parseIp(ip);
  } catch (error) {
    // IpError's message names the reason and position, never the input.
    if (error instanceof IpError) throw new GeoError('INVALID_IP', error.message, { path: 'ip', cause: error });
    throw error;
  }
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
 * @throws {@link GeoError} `INVALID_OPTIONS`, `INVALID_DURATION` or `UNKNOWN_KEY` for bad options.
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
  const settings = settle(options);
  const reader = openMmdb(settings.bytes);
  const meta = reader.metadata;
  const provenance = provenanceOf(meta.databaseType, meta.buildEpoch, settings.provenance);
  const age = staleness(provenance, meta.buildEpoch, settings.staleAfterDays, settings.clock, settings.onStale);

  const cache = new Map<number, GeoBucket>();
  const { cacheSize } = settings;
  function atOffset(offset: number): GeoBucket {
    let bucket = cache.get(offset);
    if (bucket === undefined) {
      bucket = bucketOf(reader.read(offset), settings);
      if (cacheSize > 0) {
        // First in, first out: a Map iterates in insertion order, so the first key is the oldest.
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as number);
        cache.set(offset, bucket);
      }
    }
    return bucket;
  }

  function locateParsed(address: IpAddress): GeoBucket {
    age.tick();
    let bytes = address.toBytes();
    // IPv4-mapped (::ffff:0:0/96) is an IPv4 client seen through a dual-stack socket.
    if (isMapped(bytes)) bytes = bytes.subarray(12);
    if (!isSurelyPublic(bytes)) {
      let cls = classifyIp(address);
      const v4 = bytes.length === 16 ? embeddedIpv4(bytes, cls) : undefined;
      if (v4 !== undefined) {
        bytes = v4;
        cls = classifyIp(`${v4[0]}.${v4[1]}.${v4[2]}.${v4[3]}`);
      }
      if (cls !== 'public') return specialBucket(cls);
    }
    const offset = reader.find(bytes);
    return offset < 0 ? UNKNOWN : atOffset(offset);
  }

  return Object.freeze({
    locate: (ip: string | IpAddress) => locateParsed(parse(ip)),
    locateAndTruncate(ip: string | IpAddress, opts?: LocateAndTruncateOptions): LocatedPrefix {
      const truncate = own(strictOptions(opts, ['truncate'], raise), 'truncate') ?? 'cnil';
      const address = parse(ip);
      let prefix: string;
      try {
        prefix = truncateIp(address, truncate as TruncationPolicy | TruncationPreset);
      } catch (error) {
        if (!(error instanceof IpError)) throw error;
        throw new GeoError(
          'INVALID_OPTIONS',
          '"options.truncate" must be a truncation preset (cnil, ga, …) or { ipv4, ipv6 } prefix lengths',
          { path: 'options.truncate', cause: error },
        );
      }
      return Object.freeze({ bucket: locateParsed(address), prefix });
    },
    provenance,
    age: () => days(age.ageDays()),
    isStale: age.isStale,
  });
}
