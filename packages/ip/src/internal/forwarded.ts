/**
 * @module
 * Reading proxy headers from the right. `X-Forwarded-For` and RFC 7239 `Forwarded` are lists
 * that each proxy appends to, so the entries nearest the right end are written by your own
 * proxies and everything further left may be written by the client. These helpers find one entry
 * at a time, from the right, without reading what lies left of it: a client cannot shift the
 * boundaries of the entries your proxies wrote (with an unterminated quote, say) nor make a
 * request fail by the size or shape of what it prepends.
 */

import type { IpAddress } from '../address.js';
import { tryParseIp } from '../parse.js';

/**
 * Why an entry gave no address: `code` for a problem of the header's own syntax, or `text`, the
 * address text that the address parser refused (its error is built only when it is thrown).
 */
export type EntryProblem = { readonly code: 'NOT_AN_ADDRESS' | 'FORWARDED_SYNTAX' } | { readonly text: string };

/** `forwardedElementStart`: a quoted string still open at the start of the header. */
export const UNTERMINATED = -1;
/** `forwardedElementStart`: the element runs past the part of the header that is read. */
export const PAST_FLOOR = -2;

/** Where the entry ending at `end` (exclusive) starts, for `X-Forwarded-For`. */
export function xffEntryStart(value: string, end: number): number {
  return end === 0 ? 0 : value.lastIndexOf(',', end - 1) + 1;
}

/**
 * Where the `Forwarded` element ending at `end` (exclusive) starts: after the nearest comma to
 * its left that is outside a quoted string. Scanning leftwards, a `"` opens a quoted string
 * and the next `"` not escaped by an odd run of backslashes closes it (RFC 9110 §5.6.4). Returns
 * {@link UNTERMINATED} or {@link PAST_FLOOR} when there is no such start at or after `floor`.
 */
export function forwardedElementStart(value: string, end: number, floor: number): number {
  let quoted = false;
  for (let i = end - 1; i >= floor; i--) {
    const c = value.charCodeAt(i);
    if (c === 34) {
      if (!quoted) {
        quoted = true;
      } else {
        let k = 0;
        while (i - 1 - k >= 0 && value.charCodeAt(i - 1 - k) === 92) k++;
        if (k % 2 === 0) quoted = false;
      }
    } else if (c === 44 && !quoted) {
      return i + 1;
    }
  }
  if (floor > 0) return PAST_FLOOR;
  return quoted ? UNTERMINATED : 0;
}

const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

/** RFC 9110 §5.6.2 `tchar`: a letter, a digit or one of `!#$%&'*+-.^_\`|~`. */
function isTchar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    TCHAR_SYMBOLS.includes(String.fromCharCode(c))
  );
}

/** SP or HTAB: the optional whitespace of RFC 9110 §5.6.3. */
function isOws(c: number): boolean {
  return c === 32 || c === 9;
}

function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isOws(text.charCodeAt(start))) start++;
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/**
 * The `for=` value of one `Forwarded` element (RFC 7239 §4), unquoted, or the problem. Pairs are
 * `token=value`, the value a token or a quoted string; a parameter may occur once. Unquoted
 * values may also hold `:`, `[` and `]` (as a proxy configured with `for=$remote_addr` writes an
 * IPv6 address): none of them can end a pair or an element, so nothing becomes ambiguous.
 */
export function forwardedFor(element: string): string | EntryProblem {
  const seen = new Set<string>();
  let found: string | undefined;
  let i = 0;
  const n = element.length;
  for (;;) {
    while (i < n && isOws(element.charCodeAt(i))) i++;
    if (i === n) break;
    if (element.charCodeAt(i) === 59) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && isTchar(element.charCodeAt(i))) i++;
    if (i === nameStart || element.charCodeAt(i) !== 61) return { code: 'FORWARDED_SYNTAX' };
    const name = element.slice(nameStart, i).toLowerCase();
    if (seen.has(name)) return { code: 'FORWARDED_SYNTAX' };
    seen.add(name);
    i++;
    let value = '';
    if (element.charCodeAt(i) === 34) {
      i++;
      for (;;) {
        if (i >= n) return { code: 'FORWARDED_SYNTAX' };
        const c = element.charCodeAt(i);
        if (c === 34) break;
        if (c === 92) {
          i++;
          if (i >= n) return { code: 'FORWARDED_SYNTAX' };
        }
        const d = element.charCodeAt(i);
        // qdtext and quoted-pair: HTAB, SP, visible ASCII, obs-text; never a control character.
        if (d !== 9 && (d < 32 || d === 127 || d > 255)) return { code: 'FORWARDED_SYNTAX' };
        value += element[i];
        i++;
      }
      i++;
    } else {
      const start = i;
      for (; i < n; i++) {
        const c = element.charCodeAt(i);
        if (!isTchar(c) && c !== 58 && c !== 91 && c !== 93) break;
      }
      value = element.slice(start, i);
    }
    while (i < n && isOws(element.charCodeAt(i))) i++;
    if (i < n && element.charCodeAt(i) !== 59) return { code: 'FORWARDED_SYNTAX' };
    if (name === 'for') found = value;
  }
  return found ?? { code: 'NOT_AN_ADDRESS' };
}

/** RFC 7239 §6 `obfnode`/`obfport` characters after the underscore: ALPHA, DIGIT, `.`, `_`, `-`. */
const OBFUSCATED = /^_[A-Za-z0-9._-]+$/;
const PORT = /^[0-9]{1,5}$/;

/**
 * The address in an RFC 7239 §6 node (`nodename [":" node-port]`), or the problem. The port,
 * a number or an obfuscated `_identifier`, is checked and dropped; `unknown` and obfuscated
 * node names name no address.
 */
export function forwardedNode(node: string): IpAddress | EntryProblem {
  let name = node;
  let port: string | undefined;
  if (node.charCodeAt(0) === 91) {
    const close = node.indexOf(']');
    if (close > 0 && close < node.length - 1) {
      name = node.slice(0, close + 1);
      port = node.slice(close + 1);
    }
  } else {
    const colon = node.indexOf(':');
    // One colon: IPv4, `unknown` or an obfuscated name with a port. More: an unbracketed IPv6
    // address, which has no port (RFC 7239 asks for brackets; it is read as parseIp reads it).
    if (colon >= 0 && node.indexOf(':', colon + 1) < 0) {
      name = node.slice(0, colon);
      port = node.slice(colon);
    }
  }
  if (port !== undefined) {
    const digits = port.slice(1);
    if (port.charCodeAt(0) !== 58 || !(PORT.test(digits) || OBFUSCATED.test(digits))) {
      return { code: 'FORWARDED_SYNTAX' };
    }
  }
  if (name.toLowerCase() === 'unknown' || OBFUSCATED.test(name)) return { code: 'NOT_AN_ADDRESS' };
  return addressIn(name);
}

/**
 * The address in an `X-Forwarded-For` entry, or the problem. Only SP and HTAB around it are
 * ignored; `unknown` (as Squid writes it) and `_identifiers` name no address.
 */
export function xffNode(entry: string): IpAddress | EntryProblem {
  const text = trimOws(entry);
  if (text.toLowerCase() === 'unknown' || OBFUSCATED.test(text)) return { code: 'NOT_AN_ADDRESS' };
  return addressIn(text);
}

function addressIn(text: string): IpAddress | EntryProblem {
  return tryParseIp(text) ?? { text };
}
