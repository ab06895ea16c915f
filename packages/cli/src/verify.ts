/**
 * @module
 * `@privkit/cli/verify`: an address detector for auditors of anonymised logs, written apart from
 * the anonymiser. It shares no code with it and does not use `@privkit/ip`: its IPv6 grammar is
 * RFC 3986 §3.2.2's `IPv6address` ABNF as a regular expression, its arithmetic its own, so a
 * mistake in the anonymiser's parser is not repeated here. `privkit logs verify` runs it over
 * files; the hostile-input suite holds the anonymiser to it.
 *
 * What it looks for is the definition in the README's security model: the line as a viewer shows
 * it (`%HH` and `\xHH` decoded where HH is ASCII, NUL removed); IPv4 as a maximal dotted run of
 * exactly four numbers of one to three digits, each at most 255; IPv6 as a maximal run of hex
 * digits, colons and dots (trailing dots and a single leading or trailing colon are punctuation)
 * that is an RFC 4291 address and is not run into a letter g–z. An address is *full* when the
 * truncation would change it: bits beyond the prefix, or beyond the IPv4 prefix for the IPv4
 * address an IPv6 address carries (IPv4-mapped, -compatible, NAT64, 6to4, Teredo).
 */

import { integerInRange, own, strictObject } from '@privkit/internal/check';
import { raise } from './errors.js';

export { CliError, type CliErrorCode } from './errors.js';

/** Prefix lengths the log was truncated to: `ipv4` 0–32, `ipv6` 0–128. */
export interface VerifyPolicy {
  /** IPv4 bits kept (and of an IPv4 address carried in IPv6). */
  readonly ipv4: number;
  /** IPv6 bits kept. */
  readonly ipv6: number;
}

/**
 * A full address found in a line. It holds where, never the address.
 *
 * @example
 * ```ts
 * import { findFullAddresses, type AddressFinding } from '@privkit/cli/verify';
 * const [finding]: AddressFinding[] = findFullAddresses('from 203.0.113.77', { ipv4: 16, ipv6: 48 });
 * finding?.index; // 5
 * ```
 */
export interface AddressFinding {
  /** Where the address starts in the line as given (before decoding), from 0. */
  readonly index: number;
  /** How many characters of the line it takes (before decoding). */
  readonly length: number;
  /** 4 or 6. */
  readonly family: 4 | 6;
}

const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])';
const IPV4 = `${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}`;
const H16 = '[0-9A-Fa-f]{1,4}';
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
/** RFC 3986 §3.2.2, `IPv6address`, with a dotted quad whose parts may have leading zeros. */
const IPV6 = new RegExp(
  `^(?:${[
    `(?:${H16}:){6}${LS32}`,
    `::(?:${H16}:){5}${LS32}`,
    `(?:${H16})?::(?:${H16}:){4}${LS32}`,
    `(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3}${LS32}`,
    `(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}${LS32}`,
    `(?:(?:${H16}:){0,3}${H16})?::${H16}:${LS32}`,
    `(?:(?:${H16}:){0,4}${H16})?::${LS32}`,
    `(?:(?:${H16}:){0,5}${H16})?::${H16}`,
    `(?:(?:${H16}:){0,6}${H16})?::`,
  ].join('|')})$`,
);
/** A dotted quad that starts and ends a dotted-number run (parts checked for ≤ 255 after). */
const QUAD = /(?<![0-9])(?<![0-9]\.)([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})(?![0-9])(?!\.[0-9])/g;
const RUN = /[0-9A-Fa-f:.]+/g;
const GLUE = /[G-Zg-z]/;
const ESCAPES = /%([0-7][0-9A-Fa-f])|\\[xX]([0-7][0-9A-Fa-f])|\0/g;

/** The line as a viewer shows it, with `origin[i]` the index in the line of decoded character `i`. */
function decode(line: string): { text: string; origin: number[] } {
  const origin: number[] = [];
  let text = '';
  let last = 0;
  const copy = (to: number) => {
    for (let i = last; i < to; i++) origin.push(i);
    text += line.slice(last, to);
  };
  for (const m of line.matchAll(ESCAPES)) {
    copy(m.index);
    const hex = m[1] ?? m[2];
    const char = hex === undefined ? '' : String.fromCharCode(Number.parseInt(hex, 16));
    if (char !== '' && char !== '\0') {
      origin.push(m.index);
      text += char;
    }
    last = m.index + m[0].length;
  }
  copy(line.length);
  origin.push(line.length);
  return { text, origin };
}

/** The 16 bytes of an IPv6 text the grammar accepted. */
function ipv6Bytes(text: string): number[] {
  const words: number[] = [];
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
        out.push(a * 256 + b, c * 256 + d);
      } else out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const gap = text.indexOf('::');
  if (gap < 0) words.push(...groups(text));
  else {
    const head = groups(text.slice(0, gap));
    const tail = groups(text.slice(gap + 2));
    words.push(...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail);
  }
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** Whether any bit from `from` (inclusive) to `to` (exclusive) of `bytes` is set. */
function anyBit(bytes: readonly number[], from: number, to: number): boolean {
  for (let bit = from; bit < to; bit++) {
    if (((bytes[bit >> 3] as number) >> (7 - (bit & 7))) & 1) return true;
  }
  return false;
}

function fullIpv4(bytes: readonly number[], p4: number): boolean {
  return anyBit(bytes, p4, 32);
}

function fullIpv6(b: readonly number[], policy: VerifyPolicy): boolean {
  const p4 = policy.ipv4;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  // RFC 4291 §2.5.5.2: IPv4-mapped, an IPv4 client; its IPv6 bits say nothing more.
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return fullIpv4(b.slice(12), p4);
  if (anyBit(b, policy.ipv6, 128)) return true;
  // RFC 4291 §2.5.5.1 (IPv4-compatible, and any ::/64 address but :: and ::1).
  if (zero(0, 8) && !zero(0, 15)) return anyBit(b, 96 + p4, 128);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) {
    // RFC 8215: 64:ff9b:1::/48, the IPv4 anywhere after bit 48; RFC 6052 §2.1: 64:ff9b::/96.
    return b[4] === 0 && b[5] === 1 ? anyBit(b, 48 + p4, 128) : anyBit(b, 96 + p4, 128);
  }
  // RFC 3056 §2: 6to4, the IPv4 in bits 16–47.
  if (b[0] === 0x20 && b[1] === 0x02) return anyBit(b, 16 + p4, 48);
  // RFC 4380 §4: Teredo, the server's IPv4 in bits 32–63, the client's port and IPv4 in 80–127.
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) return anyBit(b, 32 + p4, 64) || anyBit(b, 80, 128);
  return false;
}

function checkPolicy(policy: unknown): asserts policy is VerifyPolicy {
  const object = strictObject(policy, ['ipv4', 'ipv6'], 'policy', raise);
  integerInRange(own(object, 'ipv4'), 0, 32, 'policy.ipv4', raise, 'INVALID_ARGUMENT');
  integerInRange(own(object, 'ipv6'), 0, 128, 'policy.ipv6', raise, 'INVALID_ARGUMENT');
}

/**
 * Every full address in one line: an address as software writes it (see the module) that the
 * truncation to `policy` would change. An anonymised log has none.
 *
 * @param line - one line, without its line break.
 * @param policy - the prefix lengths the log was truncated to (`cnil` is `{ ipv4: 16, ipv6: 48 }`).
 * @returns the findings, in order; empty when the line holds no full address.
 * @throws {@link CliError} `INVALID_ARGUMENT` or `UNKNOWN_KEY` when `policy` is not
 *   `{ ipv4: 0–32, ipv6: 0–128 }`.
 * @example
 * ```ts
 * import { findFullAddresses } from '@privkit/cli/verify';
 *
 * const cnil = { ipv4: 16, ipv6: 48 };
 * findFullAddresses('203.0.0.0 - - "GET /?ip=203.0.113.77"', cnil).length; // 1
 * findFullAddresses('203.0.0.0 - - "GET /?ip=2001:db8:1::"', cnil).length; // 0
 * ```
 */
export function findFullAddresses(line: string, policy: VerifyPolicy): AddressFinding[] {
  checkPolicy(policy);
  const { text, origin } = decode(line);
  const found: { at: number; end: number; family: 4 | 6 }[] = [];
  for (const m of text.matchAll(RUN)) {
    let s = m.index;
    let e = s + m[0].length;
    if (!m[0].includes(':')) continue;
    while (e > s && text[e - 1] === '.') e--;
    if (text[e - 1] === ':' && text[e - 2] !== ':') e--;
    if (text[s] === ':' && text[s + 1] !== ':') s++;
    if (s >= e || GLUE.test(text[s - 1] ?? '') || GLUE.test(text[e] ?? '')) continue;
    const candidate = text.slice(s, e);
    if (IPV6.test(candidate) && fullIpv6(ipv6Bytes(candidate), policy)) found.push({ at: s, end: e, family: 6 });
  }
  const sixes = found.length;
  for (const m of text.matchAll(QUAD)) {
    const parts = m.slice(1, 5).map(Number);
    if (parts.some((p) => p > 255) || !fullIpv4(parts, policy.ipv4)) continue;
    const at = m.index;
    // The dotted tail of an IPv6 address already reported is the same address.
    if (found.some((f, i) => i < sixes && f.at <= at && at < f.end)) continue;
    found.push({ at, end: at + m[0].length, family: 4 });
  }
  found.sort((a, b) => a.at - b.at);
  return found.map(({ at, end, family }) => {
    const index = origin[at] as number;
    return { index, length: (origin[end] as number) - index, family };
  });
}
