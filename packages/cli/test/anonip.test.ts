/**
 * Differential test against Debian's anonip with the same masks (`-4 12 -6 84`, our IPv4 /20 and
 * IPv6 /44): on every line anonip parses, the masked address must be the same. Where an IPv6
 * address carries an IPv4 address (mapped, NAT64, 6to4, Teredo, compatible) @privkit/ip also
 * truncates the embedded IPv4 under the IPv4 policy, so ours must lie inside anonip's network.
 * Where anonip does not parse the field it writes it unchanged: we check it still does
 * (test/vectors/fail-closed.json) and that we never do.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonipMissing, compare, runAnonip } from './support/anonip.js';

const skip = anonipMissing();
const vectors = JSON.parse(readFileSync(new URL('./vectors/fail-closed.json', import.meta.url), 'utf8')) as {
  cases: { field: string; out: string; anonip: string; anonipLeaks: boolean }[];
};
const REST = ' - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.5.0"';

describe.skipIf(skip !== undefined)('differential: anonip -4 12 -6 84 vs --ipv4-prefix 20 --ipv6-prefix 44', () => {
  it('the fail-closed vectors: anonip still behaves as recorded, and leaks where marked', () => {
    const theirs = runAnonip(`${vectors.cases.map((c) => `${c.field} x`).join('\n')}\n`);
    vectors.cases.forEach((c, i) => {
      expect(theirs[i]).toBe(`${c.anonip} x`);
      if (c.anonipLeaks) expect(theirs[i]?.startsWith(c.field)).toBe(true);
    });
  });

  it('a generated combined log (20,000 lines, 30 % IPv6): identical masked addresses', () => {
    // The repository's access-log generator (tools/access-log).
    const tool = fileURLToPath(new URL('../../../tools/access-log/gen-access-log.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [tool, '20000', '7'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.status).toBe(0);
    const counts = compare(r.stdout.trimEnd().split('\n'));
    expect(counts.identical).toBe(20_000);
  });

  it(
    'every IPv4/IPv6 spelling fast-check generates, with ports and brackets: identical or, with embedded IPv4, ' +
      'coarser',
    () => {
      const fields = [
        ...fc.sample(fc.ipV4(), { seed: 42, numRuns: 3000 }),
        ...fc.sample(fc.ipV6(), { seed: 43, numRuns: 6000 }),
        ...fc
          .sample(fc.tuple(fc.ipV6(), fc.integer({ min: 1, max: 65535 })), { seed: 44, numRuns: 1000 })
          .map(([ip, port]) => `[${ip}]:${port}`),
        ...fc
          .sample(fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })), { seed: 45, numRuns: 1000 })
          .map(([ip, port]) => `${ip}:${port}`),
      ];
      const counts = compare(fields.map((f) => f + REST));
      console.log(`anonip differential: ${JSON.stringify(counts)}`);
      expect(counts.identical).toBeGreaterThan(9000);
      expect(counts.identical + counts.embedded + counts.anonipUnparsed).toBe(fields.length);
      // anonip's Python parser rejects no address that the strict grammar accepts, except forms
      // it reads as a URL port (IPv6 with a trailing :digits group is not one of them here).
      expect(counts.anonipUnparsed).toBeLessThan(fields.length / 100);
    },
  );
});
