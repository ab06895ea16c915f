/**
 * @module
 * The slow truncation run (`npm run test:slow -w @privkit/ip`): the kept-bits invariant over
 * 1,000,000 seeded random addresses and policies, a quarter of them in the IPv6 forms that
 * embed IPv4. fast-check's per-run overhead is too high for a million inputs, so a seeded
 * generator feeds the same check as the fast property test; PRIVKIT_SEED replays a run.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptBitsViolation, policyArb, randomAddressArb } from './support/truncate-checks.js';

const RUNS = 1_000_000;

describe('truncateIp: slow invariant run', () => {
  it(`keeps no bit beyond the policy on ${RUNS.toLocaleString('en')} random inputs`, () => {
    const seed = Number(process.env['PRIVKIT_SEED'] ?? 0x7eed) >>> 0;
    const samples = fc.sample(fc.tuple(randomAddressArb, policyArb), { numRuns: RUNS, seed });
    let checked = 0;
    const failures: string[] = [];
    for (const [bytes, policy] of samples) {
      const problem = keptBitsViolation(bytes, policy);
      if (problem !== undefined && failures.length < 10) failures.push(problem);
      checked++;
    }
    console.log(
      `truncateIp: ${checked.toLocaleString('en')} inputs checked (seed ${seed}), ${failures.length} violations`,
    );
    expect(failures).toEqual([]);
    expect(checked).toBe(RUNS);
  });
});
