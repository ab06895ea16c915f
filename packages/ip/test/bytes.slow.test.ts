/**
 * @module
 * The slow run of the `parseIpInto` comparison (`npm run test:slow -w @privkit/ip`): 400,000
 * generated addresses, a mutation of each and as many random strings, each checked alone, inside
 * text and cut at a random range (3.6 million ranges) against `tryParseIp`. PRIVKIT_SEED replays a run.
 */

import { describe, expect, it } from 'vitest';
import { compareGenerated } from './support/bytes-checks.js';

describe('parseIpInto: the same answers as tryParseIp, 3.6 million ranges', () => {
  it('agrees on every one', () => {
    const problems: string[] = [];
    const accepted = compareGenerated(400_000, problems);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(accepted).toBeGreaterThan(200_000);
  });
});
