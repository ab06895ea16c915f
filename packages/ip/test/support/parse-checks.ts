/**
 * @module
 * The checks shared by the parse suites (parse.test.ts with fast-check, parse.slow.test.ts with a
 * million seeded inputs): the fail-closed invariants every string must satisfy, and the
 * differential comparison with `node:net` `isIP()` and `ipaddr.js`, with the intended
 * differences written down once.
 */

import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { type IpAddress, IpError, type IpErrorCode, parseIp, tryParseIp } from '../../src/index.js';
import { formatBytes } from '../../src/internal/format.js';

export const CODES: readonly IpErrorCode[] = [
  'EMPTY',
  'WHITESPACE',
  'INVALID_CHARACTER',
  'LIST',
  'IPV4_LEADING_ZERO',
  'IPV4_NON_DECIMAL',
  'IPV4_PART_COUNT',
  'IPV4_PART_RANGE',
  'IPV6_GROUP_COUNT',
  'IPV6_GROUP_LENGTH',
  'IPV6_DOUBLE_COLON',
  'IPV6_EMBEDDED_IPV4',
  'ZONE',
  'BRACKETS',
  'PORT',
  'TOO_LONG',
];

/** Characters the mutations draw from: everything that is meaningful somewhere in the grammar. */
export const ALPHABET = [...'0123456789abcdefABCDEF', '.', ':', '%', '[', ']', ' ', ',', 'x'];
/** Zone characters accepted by parseIp (printable ASCII but `%`, `/`, `[`, `]`, `,`). */
export const ZONE_CHARS = [...Array(94)].map((_, i) => String.fromCharCode(33 + i)).filter((c) => !'%/[],'.includes(c));

/**
 * Fail-closed invariants for any string: parseIp either returns or throws IpError (never
 * another error), tryParseIp agrees with it, and the error neither echoes the input nor points
 * outside it. Returns what is wrong, or `undefined`; plain comparisons keep it cheap enough to
 * run on every generated input.
 */
export function checkInvariants(input: string): {
  ip: IpAddress | undefined;
  problem: string | undefined;
  code: string;
} {
  let ip: IpAddress | undefined;
  let error: unknown;
  try {
    ip = parseIp(input);
  } catch (e) {
    error = e;
  }
  const tried = tryParseIp(input);
  let problem: string | undefined;
  if (ip === undefined) {
    if (!(error instanceof IpError)) problem = `threw ${String(error)}`;
    else if (!CODES.includes(error.code)) problem = `unknown code ${error.code}`;
    else if (error.position === undefined || error.position < 0 || error.position > input.length)
      problem = `position ${error.position} outside the input`;
    // Eight characters or more cannot occur by chance in the fixed wording of the messages
    // when drawn from ALPHABET (the longest such run in the wording is "bedded " in "embedded").
    else if (input.length >= 8 && error.message.includes(input)) problem = 'message contains the input';
    else if (tried !== undefined) problem = 'tryParseIp accepted what parseIp refused';
  } else if (tried === undefined) {
    problem = 'tryParseIp refused what parseIp accepted';
  } else if (!tried.equals(ip) || tried.zone !== ip.zone || tried.port !== ip.port || tried.family !== ip.family) {
    problem = 'tryParseIp and parseIp disagree';
  } else if (parseIp(ip.toString()).toString() !== ip.toString() || formatBytes(ip.toBytes()) !== ip.toString()) {
    problem = 'canonical text is not a fixed point';
  }
  const code = error instanceof IpError ? error.code : 'accepted';
  return { ip, problem: problem === undefined ? undefined : `${problem}: ${JSON.stringify(input)}`, code };
}

/** node:net's zone characters: `(?:%[0-9a-zA-Z-.:]{1,})?` in lib/internal/net.js. */
const NODE_ZONE = /^[0-9a-zA-Z.:-]+$/;
/** ipaddr.js 2.x zone characters: `%[0-9a-z]{1,}`, case-insensitive. */
const IPADDR_ZONE = /^[0-9a-z]+$/i;
/** ipaddr.js's "deprecatedTransitional" form, `::a.b.c.d`, which it reads as `::ffff:a.b.c.d`. */
const IPADDR_COMPATIBLE = /^::[0-9]+\.[^:]*$/;

function sameBytes(a: number[], b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Differential check against node:net `isIP()` and ipaddr.js. Where the three are meant to
 * differ, the expectation says so:
 *
 * - Brackets and ports: parseIp accepts `[v6]`, `[v6]:port` and `v4:port`; isIP and ipaddr.js
 *   accept neither, so for those inputs they must answer "invalid".
 * - Zones: all three accept a zone on IPv6 only. isIP allows `[0-9a-zA-Z.:-]` in it and
 *   ipaddr.js `[0-9a-zA-Z]`, parseIp any printable ASCII but `% / [ ] ,`; where our zone has
 *   other characters the peer must answer "invalid".
 * - Length: parseIp refuses more than 128 characters; the peers may accept such text (long zones),
 *   so it is not compared.
 * - ipaddr.js reads `::a.b.c.d` (IPv4-compatible, RFC 4291 §2.5.5.1) as the IPv4-mapped
 *   `::ffff:a.b.c.d`; for that one form its bytes are compared with 0xffff in bytes 10–11.
 * - ipaddr.js reads octal, hexadecimal and short IPv4 forms, also inside IPv6; for IPv4 its strict
 *   `isValidFourPartDecimal` is compared for validity, for IPv6 only addresses both accept are
 *   compared for value, and every address parseIp accepts must be accepted by ipaddr.js.
 *   ipaddr.js accepting what parseIp refuses is allowed only for text with a dotted quad in IPv6
 *   (its lenient embedded IPv4); such inputs are counted in `stats.lenient`.
 *
 * Returns what is wrong, or `undefined`.
 */
export function checkDifferential(
  input: string,
  ip: IpAddress | undefined,
  stats: { lenient: number },
): string | undefined {
  if (input.length > 128) return undefined;
  const bare = ip !== undefined && ip.port === undefined && input.charCodeAt(0) !== 91;
  const where = JSON.stringify(input);

  // node:net
  const nodeExpected = bare && (ip.zone === undefined || NODE_ZONE.test(ip.zone)) ? ip.family : 0;
  const node = isIP(input);
  if (node !== nodeExpected) return `isIP says ${node}, expected ${nodeExpected}: ${where}`;

  // ipaddr.js, IPv4
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(input);
  if (v4 !== (bare && ip.family === 4)) return `ipaddr.js isValidFourPartDecimal says ${v4}: ${where}`;
  if (v4 && ip !== undefined && !sameBytes(ipaddr.IPv4.parse(input).toByteArray(), ip.toBytes())) {
    return `ipaddr.js IPv4 value differs: ${where}`;
  }

  // ipaddr.js, IPv6
  const v6 = ipaddr.IPv6.isValid(input);
  if (bare && ip.family === 6) {
    if (!v6) {
      if (ip.zone === undefined || IPADDR_ZONE.test(ip.zone)) return `ipaddr.js IPv6 refuses: ${where}`;
    } else {
      const expected = ip.toBytes();
      if (IPADDR_COMPATIBLE.test(input)) expected.fill(0xff, 10, 12);
      if (!sameBytes(ipaddr.IPv6.parse(input).toByteArray(), expected)) return `ipaddr.js IPv6 value differs: ${where}`;
    }
  } else if (v6) {
    if (ip !== undefined || !input.includes('.')) return `ipaddr.js IPv6 accepts: ${where}`;
    stats.lenient++;
  }
  return undefined;
}

/**
 * Any RFC 4291 §2.2 spelling of the address `groups`: optional leading zeros up to four digits,
 * any letter case, `::` over any run of zero groups (or none), the last 32 bits optionally as a
 * dotted quad.
 */
export function spellIpv6(
  groups: number[],
  pads: number[],
  upper: boolean[],
  runPick: number,
  dotted: boolean,
): string {
  const last = dotted ? 6 : 8;
  const parts = groups.slice(0, last).map((g, i) => {
    const hex = g.toString(16);
    const padded = hex.padStart(Math.min(4, hex.length + (pads[i] ?? 0)), '0');
    return [...padded].map((c, j) => (upper[4 * i + j] ? c.toUpperCase() : c)).join('');
  });
  const g6 = groups[6] ?? 0;
  const g7 = groups[7] ?? 0;
  if (dotted) parts.push(`${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`);
  const runs: [number, number][] = [];
  for (let start = 0; start < last; start++) {
    for (let length = 1; start + length <= last && groups[start + length - 1] === 0; length++)
      runs.push([start, length]);
  }
  const run = runs[runPick % (runs.length + 1)];
  if (run === undefined) return parts.join(':');
  return `${parts.slice(0, run[0]).join(':')}::${parts.slice(run[0] + run[1]).join(':')}`;
}
