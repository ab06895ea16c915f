/**
 * @module
 * `parseIpInto` (`@privkit/ip/bytes`) against `tryParseIp` (the comparison and the inputs are in
 * support/bytes-checks.ts): every string in the vector tables (the RFC examples, the
 * CVE-2024-29415 forms, the peers' documented behaviour) and 20,000 generated addresses with a
 * mutation of each and as many random strings, each alone, inside text whose neighbouring
 * characters would change the answer if the range were overrun, and cut at a random range. The
 * slow suite runs 400,000.
 */

import { describe, expect, it } from 'vitest';
import { parseIpInto } from '../src/bytes.js';
import { IpError } from '../src/index.js';
import { checkAll, compareGenerated, out, vectorStrings } from './support/bytes-checks.js';

describe('parseIpInto: the same answers as tryParseIp on the same characters', () => {
  it('on every string of the vector tables (RFCs, CVE-2024-29415 forms, peers), alone and inside text', () => {
    const strings = vectorStrings();
    expect(strings.length).toBeGreaterThan(300);
    const problems: string[] = [];
    for (const text of strings) {
      for (let k = 0; k < 4; k++) checkAll(text, problems);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('on 60,000 generated addresses, their mutations and random strings, alone and inside text', () => {
    const problems: string[] = [];
    const accepted = compareGenerated(20_000, problems);
    expect(problems.slice(0, 10)).toEqual([]);
    // The generator must reach both outcomes often, or the comparison proves little.
    expect(accepted).toBeGreaterThan(10_000);
    expect(accepted).toBeLessThan(19_000);
  });

  it('never reads past the range: a complete address stays one whatever follows', () => {
    const out6 = new Uint8Array(16);
    expect(parseIpInto('2001:db8::1:2', 0, 11, out6)).toBe(6);
    expect([...out6.subarray(12)]).toEqual([0, 0, 0, 1]);
    expect(parseIpInto('1.2.3.45', 0, 7, out6)).toBe(4);
    expect([...out6.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    expect(parseIpInto('::ffff:1.2.3.4%eth0', 0, 14, out6)).toBe(6);
    expect(parseIpInto('::ffff:1.2.3.4%eth0', 0, 19, out6)).toBe(0);
    expect(parseIpInto('x[::1]:443', 1, 10, out6)).toBe(0);
    expect(parseIpInto('x[::1]:443', 2, 5, out6)).toBe(6);
    expect(parseIpInto('1:2:3:4:5:6:7:8:9', 0, 15, out6)).toBe(6);
    expect(parseIpInto('abc', 1, 1, out6)).toBe(0);
  });

  it('refuses bad arguments with IpError INVALID_ARGUMENT, naming none of the text', () => {
    const bad: [unknown, unknown, unknown, unknown][] = [
      [42, 0, 0, out],
      ['198.51.100.23', 0, 13, new Uint8Array(4)],
      ['198.51.100.23', 0, 13, [0]],
      ['198.51.100.23', -1, 13, out],
      ['198.51.100.23', 0, 14, out],
      ['198.51.100.23', 5, 4, out],
      ['198.51.100.23', 0.5, 13, out],
      ['198.51.100.23', 0, Number.NaN, out],
    ];
    for (const args of bad) {
      let error: unknown;
      try {
        (parseIpInto as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IpError);
      expect((error as IpError).code).toBe('INVALID_ARGUMENT');
      expect((error as IpError).message).not.toContain('198.51');
    }
  });
});
