/**
 * @module
 * The construction a hasher runs, as data and as a paragraph for a privacy notice, built from
 * the same options the hasher takes, so the notice cannot drift from the code. A function of the
 * options rather than a hasher method, so the notice text is not in the bundle of code that
 * never prints it.
 */

import { formatDuration } from '@privkit/internal/duration';
import { SALT_BYTES, VISITOR_HASH_VERSION } from './construction.js';
import { settle, type VisitorHasherOptions } from './options.js';
import { CLOCK_TOLERANCE_MS } from './store.js';

/** Prefix lengths the addresses are reduced to before hashing. */
export interface IpPrefixLengths {
  /** Bits of an IPv4 address kept (32: all). */
  ipv4: number;
  /** Bits of an IPv6 address kept (64: the network, without the interface identifier). */
  ipv6: number;
}

/**
 * A machine-readable account of a hasher's construction, with a paragraph a privacy notice can
 * quote. Returned by {@link describeVisitorHash}.
 */
export interface VisitorHashDescription {
  /** Construction version (the first byte of every message). */
  version: number;
  /** The pseudo-random function. */
  prf: 'HMAC-SHA-256';
  /** How each tenant's key comes from the daily salt. */
  keyDerivation: 'HKDF-SHA-256';
  /** The inputs, in message order. */
  inputs: string[];
  /** Bits of random salt per day. */
  saltBits: number;
  /** Bits of id kept. */
  outputBits: number;
  /** Id text encoding. */
  encoding: 'hex' | 'base64url';
  /** Prefix lengths the addresses are reduced to before hashing. */
  ipPrefixLengths: IpPrefixLengths;
  /** Default time zone of the day boundary. */
  timeZone: string;
  /** Whether the visitor's own time zone is honoured. */
  visitorTimeZone: boolean;
  /** How long after the day ends the previous salt still answers: an ISO 8601 duration (`PT30M`). */
  grace: string;
  /**
   * The longest a salt can exist, as an ISO 8601 duration: from five minutes (the tolerated clock
   * skew) before its day starts to the day's end (24 hours, or 25 on a DST day in a zone) plus
   * the grace window.
   */
  maxSaltLifetime: string;
  /** The salt store's kind. */
  store: string;
  /** Whether salts are deleted (false only for the stateless source). */
  forgets: boolean;
  /** Plain-English paragraph for a privacy notice. */
  text: string;
}

/** Hours, minutes and seconds of `ms` as an ISO 8601 duration. */
function clockDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return formatDuration({
    years: 0,
    months: 0,
    weeks: 0,
    days: 0,
    hours: Math.floor(seconds / 3600),
    minutes: Math.floor((seconds % 3600) / 60),
    seconds: seconds % 60,
  });
}

/** "30 minutes", "1 hour 30 minutes", "45 seconds", "0 minutes". */
function words(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const parts: string[] = [];
  const add = (n: number, unit: string) => {
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  };
  add(Math.floor(seconds / 3600), 'hour');
  add(Math.floor((seconds % 3600) / 60), 'minute');
  add(seconds % 60, 'second');
  return parts.length === 0 ? '0 minutes' : parts.join(' ');
}

/**
 * Describes the construction a hasher with these options uses: for a privacy notice, a record
 * of processing or a DPA annex.
 *
 * @param options - the same options as {@link createVisitorHasher}.
 * @returns the description, with a plain-English `text`.
 * @throws {@link VisitorHashError} `INVALID_OPTIONS`, `INVALID_DURATION` or `UNKNOWN_KEY` for
 *   options `createVisitorHasher` would refuse.
 * @example
 * ```ts
 * import { describeVisitorHash, createMemorySaltStore } from '@privkit/visitor-hash';
 *
 * const about = describeVisitorHash({ store: createMemorySaltStore() });
 * about.prf;   // "HMAC-SHA-256"
 * about.grace; // "PT30M"
 * console.log(about.text);
 * ```
 */
export function describeVisitorHash(options: VisitorHasherOptions): VisitorHashDescription {
  const { store, days, graceMs, outputBytes, encoding, ipv4Prefix, ipv6Prefix } = settle(options);
  const zoneText = days.visitorTimeZone
    ? `in the visitor's own time zone (or ${days.timeZone} when it is unknown)`
    : `in ${days.timeZone}`;
  const ipText =
    ipv4Prefix === 32
      ? `your IP address (an IPv6 address shortened to its /${ipv6Prefix} network)`
      : `your IP address shortened to its /${ipv4Prefix} (IPv4) or /${ipv6Prefix} (IPv6) network`;
  const lifetime = store.forgets
    ? `The key is a random ${SALT_BYTES * 8}-bit secret created for each day, ${zoneText}, ` +
      `and deleted from our ${store.kind} store ${words(graceMs)} after that day ends. Once it is deleted, nobody, ` +
      `including us, can link that day's identifiers to an IP address or browser, ` +
      `and identifiers of different days cannot be linked to each other.`
    : `The key for each day, ${zoneText}, is derived from a long-term secret that is not deleted: ` +
      `whoever holds that secret can recompute any day's identifiers from an IP address and browser. Identifiers ` +
      `of different days cannot be linked to each other without it.`;
  // A UTC day is always 24 hours; a day in a zone with daylight saving time can last 25.
  const longestDayMs = (days.timeZone === 'UTC' && !days.visitorTimeZone ? 24 : 25) * 3_600_000;
  return {
    version: VISITOR_HASH_VERSION,
    prf: 'HMAC-SHA-256',
    keyDerivation: 'HKDF-SHA-256',
    inputs: ['version', 'tenant', 'day', 'ip', 'userAgent', 'extra'],
    saltBits: SALT_BYTES * 8,
    outputBits: outputBytes * 8,
    encoding,
    ipPrefixLengths: { ipv4: ipv4Prefix, ipv6: ipv6Prefix },
    timeZone: days.timeZone,
    visitorTimeZone: days.visitorTimeZone,
    grace: clockDuration(graceMs),
    maxSaltLifetime: clockDuration(CLOCK_TOLERANCE_MS + longestDayMs + graceMs),
    store: store.kind,
    forgets: store.forgets,
    text:
      `To count unique visitors without cookies, we compute a daily identifier with HMAC-SHA-256 from ${ipText}, ` +
      `your browser's user agent, the website and the date. ` +
      `${lifetime} The identifier is ${outputBytes * 8} bits long; we do not store your IP address or user agent ` +
      `with it.`,
  };
}
