/**
 * @module
 * The slow differential suite for `parseIp` (`npm run test:slow -w @privkit/ip`): 1,000,000+
 * generated addresses, mutations of them and random strings, each checked for the fail-closed
 * invariants and compared with `node:net` `isIP()` and `ipaddr.js`. A seeded PRNG replaces
 * fast-check here because its per-input overhead would make a million inputs take many minutes;
 * set PRIVKIT_SEED to replay a run. The intended differences from the peers are the ones listed
 * on `checkDifferential` (the same rules as the small run in parse.test.ts).
 */

import { seededRandom } from '@privkit/internal/testing/random';
import { describe, expect, it } from 'vitest';
import { ALPHABET, checkDifferential, checkInvariants, spellIpv6, ZONE_CHARS } from './support/parse-checks.js';

const ALNUM = [...'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];

const BASES = 200_000;
const MUTANTS_PER_BASE = 4;
const RANDOM_STRINGS = 50_000;

// Seeded (@privkit/internal/testing/random): PRIVKIT_SEED replays a run.
const seed = Number(process.env['PRIVKIT_SEED'] ?? 0x5eed1e55) >>> 0;
const random = seededRandom(seed);
function int(n: number): number {
  return Math.floor(random() * n);
}
function pick<T>(items: readonly T[]): T {
  return items[int(items.length)] as T;
}

/** A group value, mostly zero so that `::` runs and ties are frequent. */
function groupValue(): number {
  const r = random();
  return r < 0.5 ? 0 : r < 0.8 ? int(0x10000) : r < 0.95 ? 1 + int(0xff) : 0xffff;
}

/** Any RFC 4291 §2.2 spelling of a random IPv6 address, maybe with zone, brackets and port. */
function ipv6Text(): string {
  const groups = Array.from({ length: 8 }, groupValue);
  const dotted = random() < 0.25;
  const pads = groups.map(() => int(4));
  const upper = Array.from({ length: 32 }, () => random() < 0.3);
  let text = spellIpv6(groups, pads, upper, int(64), dotted);
  const port = random() < 0.15;
  const bracketed = port || random() < 0.15;
  if (random() < 0.2) {
    const chars = random() < 0.7 ? ALNUM : ZONE_CHARS;
    let zone = '';
    for (let i = 1 + int(8); i > 0; i--) zone += pick(chars);
    text += bracketed && (random() < 0.5 || zone.startsWith('25')) ? `%25${zone}` : `%${zone}`;
  }
  if (bracketed) text = `[${text}]`;
  if (port) text += `:${int(65536)}`;
  return text;
}

function ipv4Text(): string {
  const text = `${int(256)}.${int(256)}.${int(256)}.${int(256)}`;
  return random() < 0.15 ? `${text}:${int(65536)}` : text;
}

function mutate(text: string): string {
  let out = text;
  for (let edits = 1 + int(3); edits > 0; edits--) {
    const op = int(3);
    const i = int(out.length + 1);
    if (op === 0) out = out.slice(0, i) + pick(ALPHABET) + out.slice(i);
    else if (op === 1) out = out.slice(0, i) + out.slice(i + 1);
    else out = out.slice(0, i) + pick(ALPHABET) + out.slice(i + 1);
  }
  return out;
}

function randomString(): string {
  let out = '';
  for (let n = int(46); n > 0; n--) out += pick(ALPHABET);
  return out;
}

describe('parseIp: slow differential against node:net isIP() and ipaddr.js', () => {
  it('agrees on 1,000,000+ generated, mutated and random inputs', () => {
    const stats = { lenient: 0 };
    const problems: string[] = [];
    const codes = new Map<string, number>();
    let checked = 0;
    let accepted = 0;

    const check = (input: string): void => {
      checked++;
      const { ip, problem, code } = checkInvariants(input);
      const found = problem ?? checkDifferential(input, ip, stats);
      if (found !== undefined && problems.length < 20) problems.push(found);
      if (ip !== undefined) accepted++;
      else codes.set(code, (codes.get(code) ?? 0) + 1);
    };

    for (let i = 0; i < BASES; i++) {
      const base = random() < 0.35 ? ipv4Text() : ipv6Text();
      check(base);
      for (let k = 0; k < MUTANTS_PER_BASE; k++) check(mutate(base));
    }
    for (let i = 0; i < RANDOM_STRINGS; i++) check(randomString());

    console.log(
      `parseIp slow differential: ${checked} inputs checked (seed ${seed}), ${accepted} accepted, ` +
        `${checked - accepted} refused, ${stats.lenient} accepted only by ipaddr.js (lenient embedded IPv4); ` +
        `refusals by code: ${JSON.stringify(Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])))}`,
    );
    expect(checked).toBeGreaterThanOrEqual(1_000_000);
    expect(problems).toEqual([]);
  });
});
