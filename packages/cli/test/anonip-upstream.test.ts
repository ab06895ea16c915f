/**
 * anonip's own test cases (`test/vectors/anonip-upstream.json`, copied from its repository) through
 * the whole-line scan: `--format text`, which masks every address anywhere, and the line as
 * anonip's tests give it. Where truncation keeps the address (anonip's mask 0) anonip still
 * rewrites it in canonical form and privkit leaves the text as it was; every other output is
 * anonip's, character for character.
 */
import { readFileSync } from 'node:fs';
import { tryParseIp } from '@privkit/ip';
import { describe, expect, it } from 'vitest';
import { createLineAnonymizer } from '../src/index.js';
import { createAddressScanner } from '../src/internal/scan.js';
import { createReferenceScanner } from './support/scan-reference.js';

interface Case {
  test: string;
  input: string;
  v4mask: number;
  v6mask: number;
  expected: string;
}
const { cases } = JSON.parse(readFileSync(new URL('./vectors/anonip-upstream.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

/** What privkit writes: anonip's output, or the input where anonip only re-spelled a kept address. */
function ours(c: Case): string {
  const theirs = tryParseIp(c.expected);
  const input = tryParseIp(c.input);
  const kept = c.expected !== c.input && theirs !== undefined && input !== undefined && theirs.equals(input);
  return kept ? c.input : c.expected;
}

describe("anonip's own test cases", () => {
  it.each(cases.map((c) => [`${c.test}: ${c.input} -4 ${c.v4mask} -6 ${c.v6mask}`, c] as const))('%s', (_name, c) => {
    const truncate = { ipv4: 32 - c.v4mask, ipv6: 128 - c.v6mask };
    const anonymizer = createLineAnonymizer({ format: 'text', truncate });
    expect(anonymizer.lineSync(c.input)).toBe(ours(c));
    expect(createAddressScanner(truncate).mask(c.input, { ipv4: 0, ipv6: 0 })).toBe(
      createReferenceScanner(truncate).mask(c.input, { ipv4: 0, ipv6: 0 }),
    );
  });

  it('the one re-spelling exception is the /128 case, where the address is kept', () => {
    expect(cases.filter((c) => ours(c) !== c.expected).map((c) => c.v6mask)).toEqual([0]);
  });
});
