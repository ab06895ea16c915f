/**
 * @module
 * The comparison behind the `parseIpInto` suites (bytes.test.ts, bytes.slow.test.ts): for any
 * range of any text, `parseIpInto` must give the family and bytes that
 * `tryParseIp(text.slice(start, end))` gives when that is a bare address (no brackets, zone or
 * port), and 0 otherwise; and the inputs: every string of the vector tables, generated spellings
 * of random addresses, their mutations and random strings over the grammar's alphabet. Seeded:
 * set PRIVKIT_SEED to replay a run.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { seededRandom } from '@privkit/internal/testing/random';
import { parseIpInto } from '../../src/bytes.js';
import { tryParseIp } from '../../src/index.js';
import { ALPHABET, spellIpv6, ZONE_CHARS } from './parse-checks.js';

const seed = Number(process.env['PRIVKIT_SEED'] ?? 0xb17e5) >>> 0;
const random = seededRandom(seed);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

/** What `parseIpInto` must give for `text[start, end)`: the family and bytes, or 0. */
function expected(text: string, start: number, end: number): { family: 0 | 4 | 6; bytes: number[] } {
  const slice = text.slice(start, end);
  const ip = tryParseIp(slice);
  if (ip === undefined || ip.zone !== undefined || ip.port !== undefined || slice.startsWith('[')) {
    return { family: 0, bytes: [] };
  }
  return { family: ip.family, bytes: [...ip.toBytes()] };
}

/** The output array every check reuses, as a scanner would. */
export const out = new Uint8Array(16);
/** The disagreement for one range, or `undefined`. */
function check(text: string, start: number, end: number): string | undefined {
  const want = expected(text, start, end);
  out.fill(0xa5);
  const family = parseIpInto(text, start, end, out);
  const bytes = family === 0 ? [] : [...out.subarray(0, family === 4 ? 4 : 16)];
  if (family === want.family && bytes.join() === want.bytes.join()) return undefined;
  const wanted = `${want.family} ${want.bytes.join('.')}`;
  return `${JSON.stringify(text)} [${start}, ${end}): got ${family} ${bytes.join('.')}, want ${wanted}`;
}

/** Checks `candidate` alone, and inside neighbours drawn from the grammar's own characters. */
export function checkAll(candidate: string, problems: string[]): void {
  const alone = check(candidate, 0, candidate.length);
  if (alone) problems.push(alone);
  let before = '';
  let after = '';
  for (let k = int(4); k > 0; k--) before += pick(NEIGHBOURS);
  for (let k = 1 + int(4); k > 0; k--) after += pick(NEIGHBOURS);
  const text = before + candidate + after;
  const inside = check(text, before.length, before.length + candidate.length);
  if (inside) problems.push(inside);
  // And a random range of the whole, which cuts addresses anywhere.
  const s = int(text.length + 1);
  const cut = check(text, s, s + int(text.length - s + 1));
  if (cut) problems.push(cut);
}

/** Characters that extend an address if read past the range: digits, hex letters, `:`, `.`, `%`, `]`. */
const NEIGHBOURS = [...'0123456789abcdefABCDEF:.%]', ' ', 'g'];

/** Every string in the vector tables (test/vectors/*.json), short enough to be an address. */
export function vectorStrings(): string[] {
  const dir = new URL('../vectors/', import.meta.url);
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length <= 60) found.add(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const name of readdirSync(dir)) walk(JSON.parse(readFileSync(new URL(name, dir), 'utf8')));
  return [...found];
}

function groupValue(): number {
  const r = random();
  return r < 0.5 ? 0 : r < 0.8 ? int(0x10000) : r < 0.95 ? 1 + int(0xff) : 0xffff;
}

/** A random address in any spelling, sometimes with brackets, a zone, a port or leading zeros. */
export function generated(): string {
  if (random() < 0.4) {
    const parts = Array.from({ length: 4 }, () => String(random() < 0.3 ? int(10) : int(256)));
    if (random() < 0.1) parts[int(4)] = `0${pick(parts)}`;
    let text = parts.join('.');
    if (random() < 0.1) text += `:${int(65536)}`;
    return text;
  }
  const groups = Array.from({ length: 8 }, groupValue);
  const pads = groups.map(() => int(4));
  const upper = Array.from({ length: 32 }, () => random() < 0.3);
  let text = spellIpv6(groups, pads, upper, int(64), random() < 0.25);
  if (random() < 0.05) text = text.replace(/(^|:)(\d+)\./, '$10$2.');
  const r = random();
  if (r < 0.05) text += `%${pick(ZONE_CHARS)}${pick(ZONE_CHARS)}`;
  else if (r < 0.1) text = `[${text}]`;
  else if (r < 0.12) text = `[${text}]:${int(65536)}`;
  return text;
}

export function mutate(text: string): string {
  let chars = [...text];
  for (let k = 1 + int(3); k > 0; k--) {
    const at = int(chars.length + 1);
    const op = int(3);
    if (op === 0) chars.splice(at, 0, pick(ALPHABET));
    else if (op === 1) chars.splice(at, 1);
    else chars[at] = pick(ALPHABET);
    chars = chars.filter((c) => c !== undefined);
  }
  return chars.join('');
}

/** A random string of up to 47 characters over the grammar's alphabet. */
export function junk(): string {
  let text = '';
  for (let n = int(48); n > 0; n--) text += pick(ALPHABET);
  return text;
}

/**
 * Compares `count` generated addresses, a mutation of each and as many random strings; returns
 * how many of the generated addresses were accepted.
 */
export function compareGenerated(count: number, problems: string[]): number {
  let accepted = 0;
  for (let k = 0; k < count; k++) {
    const text = generated();
    checkAll(text, problems);
    checkAll(mutate(text), problems);
    checkAll(junk(), problems);
    if (parseIpInto(text, 0, text.length, out) !== 0) accepted++;
  }
  return accepted;
}
