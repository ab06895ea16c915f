/**
 * @module
 * The whole-line address scanner as it was before issue 17 (commit 081eecb), kept unchanged as the
 * oracle for `src/internal/scan.ts`: two plain passes (IPv6 runs, then dotted quads), every
 * candidate parsed and truncated by `@privkit/ip` to decide. The faster scanner must mask exactly
 * what this one masks, on any text.
 */

import { type IpAddress, type TruncationPolicy, truncateIp, truncateIpToNetwork, tryParseIp } from '@privkit/ip';

const DIGIT = 1;
const HEX_LETTER = 2;
const COLON = 4;
const DOT = 8;
/** Letters that end an IPv6 candidate's claim to be an address: g–z, G–Z. */
const GLUE = 16;
const RUN6 = DIGIT | HEX_LETTER | COLON | DOT;

const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = c <= 70 ? HEX_LETTER : GLUE;
for (let c = 97; c <= 122; c++) CLASS[c] = c <= 102 ? HEX_LETTER : GLUE;
CLASS[58] = COLON;
CLASS[46] = DOT;

const cls = (c: number): number => (c < 128 ? (CLASS[c] as number) : 0);

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
    if (p.length < 1 || p.length > 3) return undefined;
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
export function createReferenceScanner(policy: TruncationPolicy): AddressScanner {
  // Replacements in view coordinates: [start, end) pairs and their text, in order.
  const spans: number[] = [];
  const texts: string[] = [];

  function push6(view: string, s: number, e: number, counts: ScanCounts): void {
    const original = view.slice(s, e);
    const ip = parseIpv6(original);
    if (ip === undefined) return;
    if (!truncationChanges(ip, policy)) return;
    spans.push(s, e);
    texts.push(truncateIp(ip, policy));
    counts.ipv6++;
  }

  function ipv6Runs(view: string, counts: ScanCounts): void {
    const n = view.length;
    let i = 0;
    while (i < n) {
      if ((cls(view.charCodeAt(i)) & RUN6) === 0) {
        i++;
        continue;
      }
      let s = i;
      let colons = 0;
      while (i < n) {
        const k = cls(view.charCodeAt(i));
        if ((k & RUN6) === 0) break;
        if (k === COLON) colons++;
        i++;
      }
      let e = i;
      if (colons === 0) continue;
      while (e > s && view.charCodeAt(e - 1) === 46) e--;
      if (e - s >= 1 && view.charCodeAt(e - 1) === 58 && !(e - s >= 2 && view.charCodeAt(e - 2) === 58)) e--;
      if (view.charCodeAt(s) === 58 && view.charCodeAt(s + 1) !== 58) s++;
      if (e - s < 2 || e - s > MAX_IPV6) continue;
      if (s > 0 && cls(view.charCodeAt(s - 1)) === GLUE) continue;
      if (e < n && cls(view.charCodeAt(e)) === GLUE) continue;
      push6(view, s, e, counts);
    }
  }

  /** Dotted quads, skipping those inside an IPv6 replacement already made. */
  function ipv4Runs(view: string, counts: ScanCounts): void {
    const n = view.length;
    const six = spans.length;
    let next6 = 0;
    let i = 0;
    while (i < n) {
      if (cls(view.charCodeAt(i)) !== DIGIT) {
        i++;
        continue;
      }
      const s = i;
      let numbers = 0;
      let ok = true;
      for (;;) {
        const from = i;
        let value = 0;
        while (i < n && cls(view.charCodeAt(i)) === DIGIT) {
          value = value * 10 + view.charCodeAt(i) - 48;
          i++;
        }
        if (i - from > 3 || value > 255) ok = false;
        numbers++;
        if (i + 1 < n && view.charCodeAt(i) === 46 && cls(view.charCodeAt(i + 1)) === DIGIT) i++;
        else break;
      }
      if (!ok || numbers !== 4) continue;
      while (next6 < six && (spans[next6 + 1] as number) <= s) next6 += 2;
      if (next6 < six && (spans[next6] as number) < i) continue;
      const ip = tryParseIp(plainQuad(view.slice(s, i)) as string) as IpAddress;
      if (!truncationChanges(ip, policy)) continue;
      spans.push(s, i);
      texts.push(truncateIp(ip, policy));
      counts.ipv4++;
    }
  }

  return {
    mask(text, counts) {
      const view = viewOf(text);
      spans.length = 0;
      texts.length = 0;
      ipv6Runs(view.text, counts);
      const sixes = spans.length;
      ipv4Runs(view.text, counts);
      if (spans.length === 0) return text;
      // IPv6 spans come first, IPv4 after; each list is in order. Merge them by start.
      const order: number[] = [];
      for (let a = 0, b = sixes; a < sixes || b < spans.length; ) {
        if (b >= spans.length || (a < sixes && (spans[a] as number) < (spans[b] as number))) {
          order.push(a);
          a += 2;
        } else {
          order.push(b);
          b += 2;
        }
      }
      const at = (k: number) => (view.starts === undefined ? k : (view.starts[k] as number));
      let out = '';
      let from = 0;
      for (const k of order) {
        out += text.slice(from, at(spans[k] as number)) + texts[k / 2];
        from = at(spans[k + 1] as number);
      }
      return out + text.slice(from);
    },
  };
}
