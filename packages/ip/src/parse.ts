/**
 * @module
 * Strict parsing of IP address text into an {@link IpAddress}. Lenient parsers are a privacy
 * and security problem: `0177.0.0.1`, `127.1` or `0x7f.1` are read as `127.0.0.1` by
 * `inet_aton` and many libraries but as something else (or nothing) by others, which is how
 * allow lists, anonymisation and SSRF checks get bypassed (CVE-2024-29415 in the `ip` package).
 * Here only one reading is possible, and anything else fails closed with an `IpError`.
 *
 * Accepted text:
 * - IPv4: exactly four decimal parts 0–255 without leading zeros (`0` alone is fine).
 * - IPv6: every RFC 4291 §2.2 form: 1–4 hexadecimal digits per group in any case, at most one
 *   `::` standing for one or more zero groups, and a dotted quad (same IPv4 rules) as the last
 *   32 bits.
 * - A zone after an IPv6 address, `fe80::1%eth0` (RFC 4007 §11): one or more printable ASCII
 *   characters other than `%`, `/`, `[`, `]` and `,`. Inside brackets the RFC 6874 encoding
 *   `%25` is accepted and decoded (`[fe80::1%25eth0]` has zone `eth0`); further
 *   percent-encoding is not.
 * - One pair of brackets around an IPv6 address, and a port after the closing bracket
 *   (`[::1]:443`) or after an IPv4 address (`192.0.2.1:8080`): decimal 0–65535 without leading
 *   zeros, so `0` is accepted but `080` is not. Unbracketed IPv6 text is never split into
 *   address and port: `2001:db8::1:443` is the address `2001:db8::1:443`.
 * - At most 128 characters in all (`TOO_LONG`). The longest address with brackets, embedded
 *   IPv4 and port takes 53 of them, which leaves room for any real zone (Linux interface names
 *   have at most 15 characters) while bounding the work an attacker can cause.
 */

import { nonEmptyString, own, strictOptions } from '@privkit/internal/check';
import { createAddress, type IpAddress } from './address.js';
import { IpError, type IpErrorCode, raise } from './errors.js';

/** Longest text accepted, in UTF-16 code units, including brackets, zone and port. */
const MAX_LENGTH = 128;

/** The codes for text that is not an address; each has one wording in the message. */
export type AddressCode = Exclude<
  IpErrorCode,
  'INVALID_ARGUMENT' | 'INVALID_OPTIONS' | 'UNKNOWN_KEY' | 'NOT_AN_ADDRESS' | 'FORWARDED_SYNTAX'
>;

/**
 * Options for {@link parseIp} and `parseCidr`.
 *
 * @example
 * ```ts
 * import { parseIp, type ParseIpOptions } from '@privkit/ip';
 * const options: ParseIpOptions = { path: 'body.clientAddress' };
 * parseIp('192.0.2.1', options).toString(); // "192.0.2.1"
 * ```
 */
export interface ParseIpOptions {
  /**
   * Where the text came from, such as `"body.clientAddress"`: the error's `path`, and the name
   * its message cites. Defaults to `"ip"`; at most 200 characters.
   */
  path?: string;
}

// The scanner reports failure through these rather than by throwing, so that `tryParseIp`
// costs no exception on invalid input and `parseIp` builds its error only once, at the end.
// Parsing is synchronous, so nothing else can run between setting and reading them.
let failCode: AddressCode = 'EMPTY';
let failAt = 0;
/** The value of the last dotted quad read by `quad`, as an unsigned 32-bit integer. */
let quadValue = 0;

function fail(code: AddressCode, at: number): undefined {
  failCode = code;
  failAt = at;
  return undefined;
}

/** `fail` for the readers that return an index: records the reason and returns `FAILED`. */
function refuse(code: AddressCode, at: number): number {
  failCode = code;
  failAt = at;
  return FAILED;
}

/**
 * What each code means, for the message. One wording per code keeps the messages stable and
 * the bundle small; `position` says where.
 */
const DETAIL: Record<AddressCode, string> = {
  EMPTY: 'the text is empty',
  WHITESPACE: 'whitespace',
  INVALID_CHARACTER: 'unexpected character',
  LIST: 'a list of addresses',
  IPV4_LEADING_ZERO: 'an IPv4 part has a leading zero',
  IPV4_NON_DECIMAL: 'an IPv4 part is not decimal',
  IPV4_PART_COUNT: 'IPv4 needs exactly 4 parts',
  IPV4_PART_RANGE: 'an IPv4 part is above 255',
  IPV6_GROUP_COUNT: 'IPv6 needs 8 groups, or fewer with "::"',
  IPV6_GROUP_LENGTH: 'an IPv6 group has over 4 digits',
  IPV6_DOUBLE_COLON: 'a stray colon or a second "::"',
  IPV6_EMBEDDED_IPV4: 'a bad or misplaced embedded IPv4 address',
  ZONE: 'a bad or misplaced zone',
  BRACKETS: 'unbalanced or misplaced brackets',
  PORT: 'the port is not a decimal from 0 to 65535',
  TOO_LONG: `longer than ${MAX_LENGTH} characters`,
  CIDR: 'expected address/length with a length from 0 to 32 or 128',
};

/** `quad` result: the text is not a dotted quad but may be IPv6 (`1:…`, `12ab::`). */
const NOT_IPV4 = -2;
/** `quad` result: failure, recorded by `fail`. */
const FAILED = -1;

/**
 * Reads a strict dotted quad starting at `i` into `quadValue`; returns the index after it.
 * With `embedded` set (a quad inside IPv6), every failure is `IPV6_EMBEDDED_IPV4`.
 */
function quad(s: string, i: number, n: number, embedded: boolean): number {
  let value = 0;
  for (let part = 0; ; part++) {
    const start = i;
    let v = 0;
    // `c` is NaN at the end `n` (which may be before the string's end), and every comparison
    // with NaN is false. At most 128 digits (MAX_LENGTH) keep `v` a finite number, and only
    // `v > 255` matters.
    let c = i < n ? s.charCodeAt(i) : Number.NaN;
    while (c >= 48 && c <= 57) {
      v = v * 10 + c - 48;
      c = ++i < n ? s.charCodeAt(i) : Number.NaN;
    }
    // Only now is it known whether this is IPv4 at all: `2001:…` and `12ab::` are IPv6.
    if (part === 0 && !embedded && (c === 58 || isHexLetter(c) || (i === start && c !== 46))) {
      return NOT_IPV4;
    }
    let code: AddressCode = 'IPV4_PART_COUNT';
    let at = i;
    if (i === start) {
      if (i < n && c !== 46) code = stray(c);
    } else if ((c | 32) === 120 && v === 0 && i === start + 1) {
      code = 'IPV4_NON_DECIMAL';
      at = start;
    } else if (part === 0 && i === n) {
      // The 32-bit integer form `2130706433` that inet_aton accepts: one part, not four.
    } else if (i - start > 1 && s.charCodeAt(start) === 48) {
      // Refused rather than read as decimal or octal: inet_aton reads `010` as 8, others as 10.
      code = 'IPV4_LEADING_ZERO';
      at = start;
    } else if (v > 255) {
      code = 'IPV4_PART_RANGE';
      at = start;
    } else if (part === 3) {
      if (c !== 46) {
        quadValue = value * 256 + v;
        return i;
      }
      // A fifth part follows.
    } else if (c === 46) {
      value = value * 256 + v;
      i++;
      continue;
    } else if (i < n) {
      code = stray(c);
    }
    fail(embedded ? 'IPV6_EMBEDDED_IPV4' : code, at);
    return FAILED;
  }
}

function isHexLetter(c: number): boolean {
  c |= 32;
  return c >= 97 && c <= 102;
}

/** The error code for a character that cannot follow where it stands. */
function stray(c: number): AddressCode {
  return c === 91 || c === 93 ? 'BRACKETS' : c === 37 ? 'ZONE' : 'INVALID_CHARACTER';
}

/** Reads `:port` with the colon at `i`; the port must run to the end. Returns -1 on failure. */
function port(s: string, i: number, n: number): number {
  const start = ++i;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    // A leading zero would give one port two spellings (`080`, `80`); above 65535 is no port.
    if (v === 0 && i > start) {
      i = start;
      break;
    }
    v = v * 10 + c - 48;
    if (v > 65535) {
      i = start;
      break;
    }
  }
  if (i === n && i > start) return v;
  fail('PORT', i);
  return -1;
}

/**
 * Reads the groups of IPv6 text (and a dotted-quad tail) from `i` into `bytes` (all 16 are
 * written), up to the end `n`, a `%` (a zone follows) or, with `bracketed`, a `]`. Characters
 * at and past `n` are never read, so the text may be a range of a longer string. Returns the
 * index where the address ends, or `FAILED` with the reason recorded.
 */
function groups6(s: string, i: number, n: number, bytes: Uint8Array, bracketed: boolean): number {
  let groups = 0;
  let gap = -1; // group index where `::` stands
  let c = i < n ? s.charCodeAt(i) : Number.NaN;
  if (c === 58) {
    if (i + 1 >= n || s.charCodeAt(i + 1) !== 58) return refuse('IPV6_DOUBLE_COLON', i);
    gap = 0;
    i += 2;
    c = i < n ? s.charCodeAt(i) : Number.NaN;
  }
  // After a leading `::` the address may already be complete (`::`, `::%eth0`, `[::]`).
  if (gap < 0 || !(i === n || c === 37 || c === 93)) {
    for (;;) {
      const start = i;
      let v = 0;
      for (;;) {
        let h = c - 48;
        // Written so that NaN (at the end) fails both tests.
        if (!(h >= 0 && h <= 9)) {
          h = (c | 32) - 87;
          if (!(h >= 10 && h <= 15)) break;
        }
        if (i - start === 4) return refuse('IPV6_GROUP_LENGTH', i);
        v = (v << 4) | h;
        c = ++i < n ? s.charCodeAt(i) : Number.NaN;
      }
      if (c === 46) {
        // A dotted quad: only as the last 32 bits (RFC 4291 §2.2, form 3).
        if (groups === 0 && gap < 0) {
          return bracketed ? refuse('BRACKETS', 0) : refuse('INVALID_CHARACTER', start);
        }
        if (groups > (gap < 0 ? 6 : 5)) return refuse('IPV6_EMBEDDED_IPV4', start);
        i = quad(s, start, n, true);
        if (i < 0) return FAILED;
        c = i < n ? s.charCodeAt(i) : Number.NaN;
        if (c === 58) return refuse('IPV6_EMBEDDED_IPV4', i);
        bytes[2 * groups] = quadValue >>> 24;
        bytes[2 * groups + 1] = quadValue >>> 16;
        bytes[2 * groups + 2] = quadValue >>> 8;
        bytes[2 * groups + 3] = quadValue;
        groups += 2;
        break;
      }
      if (i === start) {
        if (groups === 0 && gap < 0) {
          // `[`, `[]`, `%eth0`, `]`: no address at all.
          return refuse(i === n || c === 93 ? 'BRACKETS' : stray(c), i);
        }
        // Nothing where a group must be: `1:`, `1:::`, `:::`.
        if (c === 58 || i === n || c === 37 || (bracketed && c === 93)) {
          return refuse('IPV6_DOUBLE_COLON', c === 58 ? i : i - 1);
        }
        return refuse(stray(c), i);
      }
      if (groups === (gap < 0 ? 8 : 7)) return refuse('IPV6_GROUP_COUNT', start);
      bytes[2 * groups] = v >> 8;
      bytes[2 * groups + 1] = v;
      groups++;
      if (c !== 58) break;
      c = ++i < n ? s.charCodeAt(i) : Number.NaN;
      if (c === 58) {
        if (gap >= 0) return refuse('IPV6_DOUBLE_COLON', i - 1);
        // `::` stands for at least one zero group (RFC 4291 §2.2, form 2).
        if (groups === 8) return refuse('IPV6_GROUP_COUNT', i - 1);
        gap = groups;
        c = ++i < n ? s.charCodeAt(i) : Number.NaN;
        if (i === n || c === 37 || c === 93) break;
      }
    }
  }
  if (!(i === n || c === 37 || (bracketed && c === 93))) return refuse(stray(c), i);
  if (gap < 0) {
    if (groups !== 8) return refuse('IPV6_GROUP_COUNT', i);
  } else if (groups < 8) {
    // Move the groups after `::` to the end and zero the gap they leave.
    const to = 16 - 2 * (groups - gap);
    bytes.copyWithin(to, 2 * gap, 2 * groups);
    bytes.fill(0, 2 * gap, to);
  }
  return i;
}

/**
 * Reads IPv6 text from `i` (1 inside brackets) to the end: groups, optional zone, and after
 * brackets an optional port.
 */
function ipv6(s: string, i: number, n: number): IpAddress | undefined {
  const bracketed = i === 1;
  const bytes = new Uint8Array(16);
  i = groups6(s, i, n, bytes, bracketed);
  if (i < 0) return undefined;
  let c = s.charCodeAt(i);

  let zone: string | undefined;
  if (c === 37) {
    let start = ++i;
    for (; i < n; i++) {
      c = s.charCodeAt(i);
      if (c === 93 || c === 91) break;
      // RFC 4007 §11 leaves the zone's characters to the system; printable ASCII covers
      // interface names and numbers. `%`, `/` and `,` would be mistaken for an encoding, a
      // prefix length or a list.
      if (c < 33 || c > 126 || c === 37 || c === 47 || c === 44) return fail('ZONE', i);
    }
    if (i === start) return fail('ZONE', i - 1);
    // RFC 6874 §2: in a URI the "%" before the zone is written "%25".
    if (bracketed && i - start > 2 && s.charCodeAt(start) === 50 && s.charCodeAt(start + 1) === 53) start += 2;
    zone = s.slice(start, i);
    c = s.charCodeAt(i);
  }

  if (!bracketed) {
    return i === n ? createAddress(bytes, zone) : fail(stray(c), i);
  }
  if (c !== 93) return fail(i === n ? 'BRACKETS' : stray(c), i);
  if (++i === n) return createAddress(bytes, zone);
  if (s.charCodeAt(i) !== 58) return fail('BRACKETS', i);
  const p = port(s, i, n);
  return p < 0 ? undefined : createAddress(bytes, zone, p);
}

/** The whole grammar; on failure returns `undefined` with the reason in `failCode` & co. */
function scan(s: string): IpAddress | undefined {
  const n = s.length;
  if (n === 0) return fail('EMPTY', 0);
  if (n > MAX_LENGTH) return fail('TOO_LONG', MAX_LENGTH);
  if (s.charCodeAt(0) === 91) return ipv6(s, 1, n);

  // IPv4 fast path: most traffic is IPv4, and a dotted quad is recognised by its first part.
  const end = quad(s, 0, n, false);
  if (end === NOT_IPV4) return ipv6(s, 0, n);
  if (end < 0) return undefined;
  const bytes = new Uint8Array(4);
  const v = quadValue;
  bytes[0] = v >>> 24;
  bytes[1] = v >>> 16;
  bytes[2] = v >>> 8;
  bytes[3] = v;
  if (end === n) return createAddress(bytes);
  const c = s.charCodeAt(end);
  if (c !== 58) return fail(stray(c), end);
  const p = port(s, end, n);
  return p < 0 ? undefined : createAddress(bytes, undefined, p);
}

/** The longest bare address: six groups of four digits and a dotted quad. */
const MAX_BARE = 45;

/**
 * The grammar of a bare address (no brackets, zone or port) over `s[start, end)`, into `out`
 * (16 bytes at least; IPv4 fills the first 4). Returns the family, or 0 when the range is not
 * exactly one address. Allocates nothing; internal, behind `parseIpInto` (`@privkit/ip/bytes`).
 */
export function scanInto(s: string, start: number, end: number, out: Uint8Array): 0 | 4 | 6 {
  if (end === start || end - start > MAX_BARE) return 0;
  const stop = quad(s, start, end, false);
  if (stop === NOT_IPV4) return groups6(s, start, end, out, false) === end ? 6 : 0;
  if (stop !== end) return 0;
  const v = quadValue;
  out[0] = v >>> 24;
  out[1] = v >>> 16;
  out[2] = v >>> 8;
  out[3] = v;
  return 4;
}

/**
 * Parses IPv4 or IPv6 text, strictly. Brackets, a `:port` and an IPv6 `%zone` are recognised
 * and kept apart from the address (see the module notes for the exact grammar).
 *
 * @param text - the address text, such as `192.0.2.1`, `2001:db8::1`, `[::1]:443` or
 *   `fe80::1%eth0`.
 * @param options - `path`: where the text came from, cited in errors (default `"ip"`).
 * @returns the address, with `zone` and `port` set when the text had them.
 * @throws {@link IpError} `INVALID_ARGUMENT` when "text" is not a string.
 * @throws {@link IpError} with the reason as its code (`EMPTY`, `WHITESPACE`, `LIST`,
 *   `IPV4_LEADING_ZERO`, …) when "text" is not exactly one address; `position` says where.
 *   Neither the error nor its message contains any part of the text. A comma anywhere gives
 *   `LIST` and otherwise whitespace anywhere gives `WHITESPACE`, whatever else is wrong;
 *   `EMPTY` and `TOO_LONG` are decided before the text is read.
 * @throws {@link IpError} `INVALID_OPTIONS` when "options.path" is not a non-empty string.
 * @throws {@link IpError} `UNKNOWN_KEY` when "options" has a key other than `path`.
 * @example
 * ```ts
 * import { parseIp } from '@privkit/ip';
 *
 * parseIp('192.0.2.1').toString();              // "192.0.2.1"
 * parseIp('2001:DB8:0:0:0:0:0:1').toString();   // "2001:db8::1"
 * parseIp('[fe80::1%eth0]:443').zone;           // "eth0"
 * parseIp('0177.0.0.1');                        // throws IpError, code "IPV4_LEADING_ZERO"
 * parseIp('1.2.3.4, 5.6.7.8', { path: 'body.ip' });
 * // throws IpError: "body.ip" is not a valid IPv4 or IPv6 address: a list of addresses (character 7)
 * ```
 */
export function parseIp(text: string, options?: ParseIpOptions): IpAddress {
  const path = options === undefined ? 'ip' : pathOption(options);
  if (typeof text !== 'string') throw new IpError('INVALID_ARGUMENT', `"${path}" must be a string`, { path });
  const ip = scan(text);
  if (ip !== undefined) return ip;
  throw textError(text, path, `"${path}"`);
}

/** The `path` option of `parseIp` and `parseCidr`, checked; internal. */
export function pathOption(options: ParseIpOptions, fallback = 'ip'): string {
  const path = own(strictOptions(options, ['path'], raise), 'path');
  return path === undefined ? fallback : nonEmptyString(path, 'options.path', raise, 'INVALID_OPTIONS', 200);
}

/**
 * The error for `text`, which `scan` has just refused: a list or stray whitespace is the most
 * useful thing to report, so it wins over whatever grammar rule happened to fail first. Internal,
 * shared with the proxy-header parser, which names entries by `label`.
 */
export function textError(text: string, path: string, label: string): IpError {
  // The error path only (so a regular expression costs valid input nothing). `\s` is what
  // `trim()` removes, Unicode spaces and BOM included.
  if (failCode !== 'EMPTY' && failCode !== 'TOO_LONG') {
    const list = text.indexOf(',');
    if (list >= 0) return addressError('LIST', list, path, label);
    const space = text.search(/\s/);
    if (space >= 0) return addressError('WHITESPACE', space, path, label);
  }
  return addressError(failCode, failAt, path, label);
}

/** The IpError for text that is not an address; internal, shared with the CIDR parser. */
export function addressError(code: AddressCode, at: number, path: string, label = `"${path}"`): IpError {
  return new IpError(code, `${label} is not a valid IPv4 or IPv6 address: ${DETAIL[code]} (character ${at})`, {
    path,
    position: at,
  });
}

/**
 * Like {@link parseIp}, but returns `undefined` instead of throwing, for any input that is
 * not exactly one address, including values that are not strings.
 *
 * @param text - the address text; any other value gives `undefined`.
 * @returns the address, or `undefined`.
 * @example
 * ```ts
 * import { tryParseIp } from '@privkit/ip';
 *
 * tryParseIp('::ffff:192.0.2.1')?.toString(); // "::ffff:192.0.2.1"
 * tryParseIp('127.1');                         // undefined
 * tryParseIp(undefined);                       // undefined
 * ```
 */
export function tryParseIp(text: unknown): IpAddress | undefined {
  return typeof text === 'string' ? scan(text) : undefined;
}
