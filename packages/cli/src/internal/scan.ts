/**
 * @module
 * Find-every-address masking: every IPv4 and IPv6 address anywhere in a piece of text is
 * replaced by its truncated network (`@privkit/ip`). It is what the anonymiser runs over
 * everything a log format does not read exactly (request lines, referrers, user agents, other
 * JSON fields, lines that do not match the format), so an address in a query string, a vhost
 * prefix or a proxy list is masked wherever it is.
 *
 * What counts as an address is the definition in the README's security model, applied to the
 * text as a log viewer shows it:
 *
 * - The text is read with `%HH` (RFC 3986 §2.1) and `\xHH` (the escape Apache and nginx write for
 *   bytes they do not log raw) decoded, one level, where HH is an ASCII character, and with NUL
 *   characters removed (terminals show nothing for them, and they are how UTF-16 text looks
 *   byte by byte).
 * - IPv4: a maximal run of decimal numbers joined by single dots that has exactly four numbers,
 *   each of one to three digits and at most 255 (leading zeros allowed: `010.001.002.003`).
 * - IPv6: a maximal run of hexadecimal digits, colons and dots, without its trailing dots and
 *   without a single leading or trailing colon (punctuation, as in `client:2001:db8::1`), that is
 *   an RFC 4291 §2.2 address (a dotted-quad tail may have leading zeros) and is not run into a
 *   letter other than a–f (so `Foo::Bar` and `std::fmt` are identifiers, not `::ba` and `::f`).
 *
 * The work is linear in the length of the text: one pass builds the decoded view (only when it has
 * a `%`, `\` or NUL), and one finds the runs, jumping with `indexOf` from colon to dot (every
 * candidate has one) and reading only the runs around them. A run is parsed by `@privkit/ip` only
 * when `./unchanged.ts` cannot prove from its characters that truncation leaves it as it is, which
 * spares the client field just truncated and version numbers (`Chrome/124.0.0.0`): the scan had
 * made the anonymiser five times slower (issue 17).
 *
 * The same definition is implemented independently, with regular expressions, by the checker
 * behind `privkit logs verify`; the hostile-input suite holds this masker to that checker.
 */

import { type IpAddress, type TruncationPolicy, truncateIp, truncateIpToNetwork, tryParseIp } from '@privkit/ip';
import { parseIpInto } from '@privkit/ip/bytes';
import { ipv4Unchanged, ipv6Unchanged } from './unchanged.js';

const DIGIT = 1;
const HEX_LETTER = 2;
const COLON = 4;
const DOT = 8;
/** Letters that end an IPv6 candidate's claim to be an address: g–z, G–Z. */
const GLUE = 16;
const RUN6 = DIGIT | HEX_LETTER | COLON | DOT;
const HEX = DIGIT | HEX_LETTER;

// Indexed by any UTF-16 code unit, so a lookup needs no range check.
const CLASS = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = c <= 70 ? HEX_LETTER : GLUE;
for (let c = 97; c <= 122; c++) CLASS[c] = c <= 102 ? HEX_LETTER : GLUE;
CLASS[58] = COLON;
CLASS[46] = DOT;

const cls = (c: number): number => CLASS[c] as number;

/** The longest IPv6 text: six groups of four, then a dotted quad (`ffff:…:ffff:255.255.255.255`). */
const MAX_IPV6 = 45;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** The text as a viewer shows it, and where each of its characters starts in the original. */
interface View {
  text: string;
  /** `starts[i]` is where view character `i` begins in the original; `starts[length]` its end. */
  starts: Int32Array | undefined;
}

function viewOf(text: string): View {
  if (text.indexOf('%') < 0 && text.indexOf('\\') < 0 && text.indexOf('\0') < 0) return { text, starts: undefined };
  const n = text.length;
  const starts = new Int32Array(n + 1);
  const codes = new Uint16Array(n);
  let length = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let code = c;
    let width = 1;
    if (c === 37 /* % */ && i + 2 < n) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi >= 0 && hi < 8 && lo >= 0) {
        code = hi * 16 + lo;
        width = 3;
      }
    } else if (c === 92 /* \ */ && i + 3 < n && (text.charCodeAt(i + 1) | 32) === 120 /* x */) {
      const hi = hexValue(text.charCodeAt(i + 2));
      const lo = hexValue(text.charCodeAt(i + 3));
      if (hi >= 0 && hi < 8 && lo >= 0) {
        code = hi * 16 + lo;
        width = 4;
      }
    }
    if (code !== 0) {
      starts[length] = i;
      codes[length++] = code;
    }
    i += width;
  }
  starts[length] = n;
  let decoded = '';
  for (let k = 0; k < length; k += 8192) {
    decoded += String.fromCharCode.apply(null, codes.subarray(k, Math.min(length, k + 8192)) as unknown as number[]);
  }
  return { text: decoded, starts };
}

/** How many characters of `s` the view reads as one at `i`: 3 for `%HH`, 4 for `\\xHH`, else 1 (as `viewOf`). */
function unitWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  let hi = -1;
  let lo = -1;
  let width = 1;
  if (c === 37 /* % */ && i + 2 < s.length) {
    hi = hexValue(s.charCodeAt(i + 1));
    lo = hexValue(s.charCodeAt(i + 2));
    width = 3;
  } else if (c === 92 /* \ */ && i + 3 < s.length && (s.charCodeAt(i + 1) | 32) === 120 /* x */) {
    hi = hexValue(s.charCodeAt(i + 2));
    lo = hexValue(s.charCodeAt(i + 3));
    width = 4;
  }
  return hi >= 0 && hi < 8 && lo >= 0 ? width : 1;
}

/**
 * `replacement` as it must be written at `p` of `text` so that the view reads it as it is. Masking
 * takes out the original spelling, which may have been `%HH` escapes, so what stood before the
 * address (a literal `%`, `%3`, `\x`, `\x3`) can join the replacement's first characters into a new
 * escape: `%` + `%31%32%38…` (`%128…` in the view) would be written `%128.…` and read `\x12` `8.…`,
 * and `1:2:3:4%` + `%33%61…` would be read `1:2:3:4:01:…`, a new full address. Such a replacement's
 * first character is written as `%HH` instead, which no escape can absorb (`%` is neither a hex digit
 * nor `x`) and which the view reads back as that character, so the view of the output is the view
 * of the input with each address replaced, nothing else. `b` is where the view reads a character
 * at least three characters before `p` (or 0): a point where its reading of `text` is known, since
 * an escape that joins starts at most three characters back (`\xH` + one).
 */
function unjoined(text: string, b: number, p: number, replacement: string): string {
  // It reaches at most two characters into the replacement (`%` + two).
  const window = text.slice(b, p) + replacement.slice(0, 2);
  const end = p - b;
  let i = 0;
  while (i < end) {
    const width = unitWidth(window, i);
    if (i + width > end) {
      const code = replacement.charCodeAt(0);
      return `%${code < 16 ? '0' : ''}${code.toString(16).toUpperCase()}${replacement.slice(1)}`;
    }
    i += width;
  }
  return replacement;
}

/** Addresses found and masked in one call, by family (IPv4-mapped IPv6 counts as IPv6). */
export interface ScanCounts {
  ipv4: number;
  ipv6: number;
}

/** Masks every address in a text. */
export interface AddressScanner {
  /**
   * `text` with every address that the truncation changes replaced by its truncation; the same
   * string when there is none. Adds what it masked to `counts`.
   */
  mask(text: string, counts: ScanCounts): string;
}

/**
 * Whether truncating `ip` changes its value. Compared as bytes, not text: `010.0.0.0` and
 * `::ffff:10.0.0.0` are already networks under /8, whatever their spelling.
 */
function truncationChanges(ip: IpAddress, policy: TruncationPolicy): boolean {
  const before = ip.toBytes();
  const after = truncateIpToNetwork(ip, policy).address.toBytes();
  // An IPv4-mapped address truncates to the IPv4 address it carries.
  const offset = before.length - after.length;
  for (let i = 0; i < after.length; i++) if (after[i] !== before[offset + i]) return true;
  return false;
}

/** Normalises a dotted quad with leading zeros for the strict parser, or `undefined` if it is none. */
function plainQuad(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // Digits only: Number() would also read `1e2` (a hex word's letter) as 100.
    if (p.length < 1 || p.length > 3 || !/^[0-9]+$/.test(p)) return undefined;
    const v = Number(p);
    if (!(v <= 255)) return undefined;
    out.push(v);
  }
  return out.join('.');
}

/** An IPv6 candidate in the strict parser's form (leading zeros dropped from a dotted tail). */
function parseIpv6(text: string): IpAddress | undefined {
  let candidate = text;
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  if (tail.includes('.')) {
    const quad = plainQuad(tail);
    if (quad === undefined) return undefined;
    candidate = text.slice(0, colon + 1) + quad;
  }
  const ip = tryParseIp(candidate);
  return ip !== undefined && ip.family === 6 && ip.port === undefined && ip.zone === undefined ? ip : undefined;
}

/**
 * Creates the masker for a truncation policy.
 * @param policy - the truncation that replaces each address.
 */
export function createAddressScanner(policy: TruncationPolicy): AddressScanner {
  // Replacements in view coordinates: [start, end) pairs and their text, in order.
  const spans: number[] = [];
  const texts: string[] = [];
  const bytes = new Uint8Array(16);

  /** The IPv6 candidate of the run `[s, e)` that has a colon; whether it was replaced. */
  function ipv6Run(view: string, s0: number, e0: number, counts: ScanCounts): boolean {
    const n = view.length;
    let s = s0;
    let e = e0;
    while (e > s && view.charCodeAt(e - 1) === 46) e--;
    if (e - s >= 1 && view.charCodeAt(e - 1) === 58 && !(e - s >= 2 && view.charCodeAt(e - 2) === 58)) e--;
    if (view.charCodeAt(s) === 58 && view.charCodeAt(s + 1) !== 58) s++;
    if (e - s < 2 || e - s > MAX_IPV6) return false;
    if (s > 0 && cls(view.charCodeAt(s - 1)) === GLUE) return false;
    if (e < n && cls(view.charCodeAt(e)) === GLUE) return false;
    // Checked again on the trimmed candidate, which may have lost a colon at either end.
    let colons = 0;
    let gap = false;
    for (let i = s; i < e; i++) {
      if (view.charCodeAt(i) !== 58) continue;
      colons++;
      if (view.charCodeAt(i + 1) === 58) gap = true;
    }
    if (!gap && colons < 6) return false;
    // A dotted tail with leading zeros (`::ffff:010.0.0.1`) is no address to the strict parser:
    // it is left to the full path below, as is everything not proven unchanged.
    if (parseIpInto(view, s, e, bytes) === 6 && ipv6Unchanged(bytes, policy)) return false;
    const ip = parseIpv6(view.slice(s, e));
    if (ip === undefined || !truncationChanges(ip, policy)) return false;
    spans.push(s, e);
    texts.push(truncateIp(ip, policy));
    counts.ipv6++;
    return true;
  }

  /** The dotted quads of the run `[s, e)`. */
  function ipv4Run(view: string, s0: number, e: number, counts: ScanCounts): void {
    let i = s0;
    while (i < e) {
      if (cls(view.charCodeAt(i)) !== DIGIT) {
        i++;
        continue;
      }
      const s = i;
      let numbers = 0;
      let ok = true;
      let a = 0;
      let b = 0;
      let c = 0;
      let value = 0;
      for (;;) {
        const from = i;
        value = 0;
        while (i < e && cls(view.charCodeAt(i)) === DIGIT) {
          value = value * 10 + view.charCodeAt(i) - 48;
          i++;
        }
        if (i - from > 3 || value > 255) ok = false;
        numbers++;
        if (numbers === 1) a = value;
        else if (numbers === 2) b = value;
        else if (numbers === 3) c = value;
        if (i + 1 < e && view.charCodeAt(i) === 46 && cls(view.charCodeAt(i + 1)) === DIGIT) i++;
        else break;
      }
      if (!ok || numbers !== 4 || ipv4Unchanged(a, b, c, value, policy)) continue;
      const ip = tryParseIp(plainQuad(view.slice(s, i)) as string) as IpAddress;
      spans.push(s, i);
      texts.push(truncateIp(ip, policy));
      counts.ipv4++;
    }
  }

  /**
   * One pass over the maximal runs of hex digits, colons and dots: a run with a colon is an IPv6
   * candidate; unless that was replaced, the run's dotted quads are IPv4 candidates (an IPv4
   * address's digits and dots never leave the run they are in, so no run hides one from another).
   * Spans come out in order.
   */
  function runs(view: string, counts: ScanCounts): void {
    const n = view.length;
    let colon = view.indexOf(':');
    let dot = view.indexOf('.');
    let from = 0;
    for (;;) {
      // Every candidate run holds a colon or a dot: jump to the next one (indexOf is native), back
      // to the start of its run, then through the run.
      if (colon >= 0 && colon < from) colon = view.indexOf(':', from);
      if (dot >= 0 && dot < from) dot = view.indexOf('.', from);
      const p = colon < 0 ? dot : dot < 0 || colon < dot ? colon : dot;
      if (p < 0) return;
      let s = p;
      while (s > 0 && (cls(view.charCodeAt(s - 1)) & HEX) !== 0) s--;
      let i = p;
      let colons = 0;
      let dots = 0;
      let gap = false;
      let last = 0;
      while (i < n) {
        const k = cls(view.charCodeAt(i));
        if ((k & RUN6) === 0) break;
        if (k === COLON) {
          colons++;
          if (last === COLON) gap = true;
        } else if (k === DOT) dots++;
        last = k;
        i++;
      }
      from = i;
      // Every IPv6 text has a "::" or at least six colons: times (`2026:10:00:00`) and `rv:125.0`
      // stop here. (Trimming a run's ends never removes a "::" and only lowers the count.)
      if ((gap || colons >= 6) && ipv6Run(view, s, i, counts)) continue;
      if (dots >= 3) ipv4Run(view, s, i, counts);
    }
  }

  return {
    mask(text, counts) {
      const view = viewOf(text);
      spans.length = 0;
      texts.length = 0;
      runs(view.text, counts);
      if (spans.length === 0) return text;
      const starts = view.starts;
      if (starts === undefined) {
        // No `%` or `\` in the text: a replacement cannot join an escape.
        let out = '';
        let from = 0;
        for (let k = 0; k < spans.length; k += 2) {
          out += text.slice(from, spans[k]) + texts[k / 2];
          from = spans[k + 1] as number;
        }
        return out + text.slice(from);
      }
      let out = '';
      let from = 0;
      for (let k = 0; k < spans.length; k += 2) {
        const v = spans[k] as number;
        const p = starts[v] as number;
        out += text.slice(from, p) + unjoined(text, v < 3 ? 0 : (starts[v - 3] as number), p, texts[k / 2] as string);
        from = starts[spans[k + 1] as number] as number;
      }
      return out + text.slice(from);
    },
  };
}
