/**
 * Million-line runs: a 1,000,000-line generated combined log through the Node stream, every line
 * checked (address truncated exactly as @privkit/ip does, the rest of the line byte for byte);
 * 300,000 lines against anonip; 200,000 random address fields through the fail-closed property.
 */
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { truncateIp, tryParseIp } from '@privkit/ip';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineAnonymizer, createLogAnonymizer } from '../src/index.js';
import { anonipMissing, compare } from './support/anonip.js';

const generator = fileURLToPath(new URL('../../../tools/access-log/gen-access-log.mjs', import.meta.url));
const generate = (lines: number, seed: number) => {
  const r = spawnSync(process.execPath, [generator, String(lines), String(seed)], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${generator} failed`);
  return r.stdout as Buffer;
};

// White space, and the line breaks that are not white space to \s (FS, GS, RS, NEL).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters looked for
const BREAK_OR_SPACE = /[\s\x1c-\x1e\x85]/;

describe('million-line runs', () => {
  it('1,000,000 lines through the Node Transform: every address truncated, every other byte kept', async () => {
    const input = generate(1_000_000, 99);
    const parts: Buffer[] = [];
    for (let i = 0; i < input.length; i += 65_521) parts.push(input.subarray(i, i + 65_521));
    const stream = createLogAnonymizer({ truncate: 'anonip' });
    const out = (await buffer(Readable.from(parts).pipe(stream))).toString('latin1');
    const inLines = input.toString('latin1').split('\n');
    const outLines = out.split('\n');
    expect(outLines).toHaveLength(inLines.length);
    for (let i = 0; i < inLines.length - 1; i++) {
      const a = inLines[i] as string;
      const b = outLines[i] as string;
      const cutA = a.indexOf(' ');
      const cutB = b.indexOf(' ');
      if (a.slice(cutA) !== b.slice(cutB) || b.slice(0, cutB) !== truncateIp(a.slice(0, cutA), 'anonip')) {
        expect.fail(`line ${i + 1} differs`);
      }
    }
    expect(stream.summary).toMatchObject({ lines: 1_000_000, masked: 1_000_000, unparsable: 0 });
  });

  it.skipIf(anonipMissing() !== undefined)('300,000 lines against anonip: identical masked addresses', () => {
    const lines = generate(300_000, 1234).toString('latin1').trimEnd().split('\n');
    expect(compare(lines).identical).toBe(300_000);
  });

  it('200,000 random fields: the written field is a truncated address or the replacement', () => {
    const rest = ' - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1';
    const anonymize = createLineAnonymizer({ format: 'common', truncate: 'anonip' });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.ipV4Extended(),
          fc.ipV6(),
          fc
            .string({ unit: 'binary-ascii', minLength: 1, maxLength: 60 })
            .filter((s) => !BREAK_OR_SPACE.test(s) && !s.endsWith(',')),
          fc
            .array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), { minLength: 2, maxLength: 5 })
            .map((a) => a.join(',')),
        ),
        (field) => {
          const out = anonymize.lineSync(field + rest) as string;
          const written = out.slice(0, out.length - rest.length);
          if (written === '0.0.0.0') return;
          for (const entry of written.split(', ')) {
            const ip = tryParseIp(entry);
            expect(ip !== undefined && truncateIp(ip, 'anonip') === entry).toBe(true);
          }
        },
      ),
      { numRuns: 200_000 },
    );
  });
});
