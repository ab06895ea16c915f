/**
 * @module
 * Where a database's data comes from, what its licence asks of the user, and how old it is.
 * IP geolocation data goes stale (networks move between countries every month, and the
 * GeoLite2 licence asks for current releases), so a locator warns once when its data is older
 * than allowed, at creation and, in a long-running process, when it becomes so.
 */

import { formatDuration } from '@privkit/internal/duration';
import { formatInstant } from '@privkit/internal/instant';

/**
 * Where the data comes from, and what its license asks of you.
 *
 * @example
 * ```ts
 * import { createLocator, type GeoProvenance } from '@privkit/geo';
 * declare const database: Uint8Array;
 * const p: GeoProvenance = createLocator({ database }).provenance;
 * console.log(`${p.source}, ${p.license}, built ${p.builtAt}. ${p.attribution}`);
 * ```
 */
export interface GeoProvenance {
  /** Who made the data, e.g. `"DB-IP Lite Country (db-ip.com)"`; the database type when unknown. */
  readonly source: string;
  /** The license, e.g. `"CC BY 4.0"`, or `"unknown"`. */
  readonly license: string;
  /** The attribution text the license requires you to show, or `""` when none is known. */
  readonly attribution: string;
  /** The database's `database_type` metadata, e.g. `"GeoLite2-City"`. */
  readonly databaseType: string;
  /** When the database was built (its `build_epoch` metadata), RFC 3339 in UTC with milliseconds. */
  readonly builtAt: string;
}

/**
 * Handed to `onStale` (see `LocatorOptions`) when the database is older than allowed.
 *
 * @example
 * ```ts
 * import type { StaleDatabaseWarning } from '@privkit/geo';
 * const log = (w: StaleDatabaseWarning) => console.warn(w.message, w.age, w.staleAfter);
 * ```
 */
export interface StaleDatabaseWarning {
  /** A sentence for a log: source, age and limit (never an address). */
  readonly message: string;
  /** Whole days since the database was built, as an ISO 8601 duration (`P40D`). */
  readonly age: string;
  /** The configured limit, as an ISO 8601 duration of days (`P35D`). */
  readonly staleAfter: string;
  /** The database's provenance. */
  readonly provenance: GeoProvenance;
}

/** The parts of a provenance a caller may set. */
export type ProvenanceFields = Pick<GeoProvenance, 'source' | 'license' | 'attribution'>;

/** Known providers by `database_type`, for the provenance of files the caller brings. */
export function knownProvenance(type: string): ProvenanceFields {
  if (/^GeoLite2-/i.test(type)) {
    return {
      source: 'MaxMind GeoLite2',
      license: 'GeoLite2 End User License Agreement',
      attribution: 'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com.',
    };
  }
  if (/^GeoIP2-/i.test(type))
    return { source: 'MaxMind GeoIP2', license: 'MaxMind commercial license', attribution: '' };
  if (/^DBIP-.*Lite/i.test(type)) {
    return {
      source: 'DB-IP Lite (db-ip.com)',
      license: 'CC BY 4.0',
      attribution: 'IP Geolocation by DB-IP (https://db-ip.com)',
    };
  }
  return { source: type || 'unknown', license: 'unknown', attribution: '' };
}

/** The provenance of a database: what its metadata says, then what the caller sets. */
export function provenanceOf(databaseType: string, buildEpoch: number, set: Partial<ProvenanceFields>): GeoProvenance {
  return Object.freeze({
    ...knownProvenance(databaseType),
    ...set,
    databaseType,
    builtAt: formatInstant(buildEpoch * 1000),
  });
}

const DAY_MS = 86_400_000;
/** Lookups between two checks of the age in a long-running process. */
const CHECK_EVERY = 65_536;

/** `n` days as an ISO 8601 duration. */
export const days = (n: number) =>
  formatDuration({ years: 0, months: 0, weeks: 0, days: n, hours: 0, minutes: 0, seconds: 0 }).replace('PT0S', 'P0D');

/** The age of a database and the one-time staleness warning. */
export interface Staleness {
  /** Whole days since the build, never negative. */
  ageDays(): number;
  /** Whether the age is past the limit. */
  isStale(): boolean;
  /** Counts one lookup; every {@link CHECK_EVERY} lookups the age is checked again. */
  tick(): void;
}

/** Tracks the age of data built at `buildEpoch` (seconds) by `clock`, warning once past `limitDays`. */
export function staleness(
  provenance: GeoProvenance,
  buildEpoch: number,
  limitDays: number,
  clock: () => number,
  onStale: (warning: StaleDatabaseWarning) => void,
): Staleness {
  const ageDays = () => Math.max(0, Math.floor((clock() - buildEpoch * 1000) / DAY_MS));
  const isStale = () => ageDays() > limitDays;
  let warned = false;
  let untilCheck = 0;
  function check(): void {
    untilCheck = CHECK_EVERY;
    if (warned || !isStale()) return;
    warned = true;
    const age = ageDays();
    onStale(
      Object.freeze({
        message:
          `${provenance.source} data built ${provenance.builtAt.slice(0, 10)} is ${age} days old (limit ` +
          `${limitDays}): update it`,
        age: days(age),
        staleAfter: days(limitDays),
        provenance,
      }),
    );
  }
  check();
  return {
    ageDays,
    isStale,
    tick() {
      if (--untilCheck <= 0) check();
    },
  };
}
