/**
 * The hostile-input suite (issue 16): generated logs of every format with addresses in every
 * position and spelling, every line break between lines, shifted fields, missing fields, bad
 * address fields, junk bytes, lines past the maximum, gzip, cut into chunks anywhere. The promise
 * is checked with the detector of `@privkit/cli/verify`, which shares no code with the anonymiser:
 *
 * - no full address survives, in any output line;
 * - every line is counted as what it is: in the format and masked, its address field unparsable,
 *   not in the format, too long (never written) or without any address; so a run with any line
 *   the anonymiser cannot vouch for ends non-zero;
 * - nothing but the lines it could not vouch for goes missing.
 *
 * Debian's anonip runs on the same hostile lines as the peer: the detector finds what it leaks,
 * which shows the detector is not blind.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineAnonymizer, createLogAnonymizer, type LogAnonymizerSummary } from '../src/index.js';
import { findFullAddresses, type VerifyPolicy } from '../src/verify.js';
import { ANONIP, anonipMissing } from './support/anonip.js';
import {
  freeText,
  type GeneratedFormat,
  type GeneratedLine,
  junk,
  type LineClass,
  latin1Breaks,
  linesOf,
  policies,
  REGEX_PATTERN,
} from './support/hostile.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const BIN = ['--import', TSX, join(pkg, 'src/bin.ts')];

// The test's own reading of line breaks (latin1 text): LF, CR LF, CR, VT, FF, FS, GS, RS, and
// UTF-8 NEL, LS, PS.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the line breaks are control characters
const BREAKS = /\r\n|[\n\v\f\r\x1c-\x1e]|\xc2\x85|\xe2\x80[\xa8\xa9]/;

const MAX = 4000;
const FORMATS: GeneratedFormat[] = ['combined', 'common', 'vhost-combined', 'jsonl', 'column', 'regex'];
/** The options each generated format runs with. */
const FORMAT_OPTIONS: Record<GeneratedFormat, Record<string, unknown>> = {
  combined: {},
  common: {},
  'vhost-combined': {},
  jsonl: {},
  column: { column: 2, delimiter: '\t' },
  regex: { pattern: REGEX_PATTERN },
};
const FORMAT_ARGS: Record<GeneratedFormat, string[]> = {
  combined: [],
  common: [],
  'vhost-combined': [],
  jsonl: [],
  column: ['--column', '2', '--delimiter', '\t'],
  regex: ['--regex', REGEX_PATTERN],
};

/** The class a generated line must be counted as, under a policy. */
function expected(line: GeneratedLine, policy: VerifyPolicy): LineClass {
  if (line.text.length > MAX) return 'tooLong';
  if (line.class !== 'missing') return line.class;
  // A JSON line without the field: not in the format when a viewer of the JSON would see a full address.
  return findFullAddresses(JSON.stringify(JSON.parse(line.text)), policy).length > 0 ? 'unmatched' : 'noAddress';
}

/** A log: lines of one format (some made too long), each ended by a random line break. */
const log = (format: GeneratedFormat) =>
  fc
    .array(
      fc.tuple(
        linesOf(format),
        latin1Breaks,
        fc.oneof(
          { weight: 12, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.integer({ min: MAX + 1, max: 3 * MAX }) },
        ),
      ),
      { minLength: 1, maxLength: 30 },
    )
    .map((rows) =>
      rows.map(([line, end, long]) =>
        long === 0
          ? { line, end }
          : { line: { ...line, text: `${line.text} ${'a'.repeat(long - line.text.length)}` }, end },
      ),
    );

function cuts(text: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(text.subarray(from, p));
    from = p;
  }
  parts.push(text.subarray(from));
  return parts.filter((p) => p.length > 0);
}

function assertNoFullAddress(output: string, policy: VerifyPolicy): void {
  output.split(BREAKS).forEach((line, i) => {
    const found = findFullAddresses(line, policy);
    if (found.length > 0) expect.fail(`output line ${i + 1}: a full IPv${found[0]?.family} address survived`);
  });
}

describe('hostile logs through the Node Transform', () => {
  for (const format of FORMATS) {
    it(`${format}: no full address survives, every line is counted as what it is`, async () => {
      await fc.assert(
        fc.asyncProperty(
          log(format),
          policies,
          fc.constantFrom('mask' as const, 'drop' as const),
          fc.array(fc.nat(), { maxLength: 8 }),
          async (rows, policy, onUnparsable, at) => {
            const input = Buffer.from(rows.map((r) => r.line.text + r.end).join(''), 'latin1');
            const stream = createLogAnonymizer({
              format,
              ...FORMAT_OPTIONS[format],
              truncate: policy,
              onUnparsable,
              maxLineLength: MAX,
              // JSON is read as UTF-8 by default; here the bytes are latin1 text.
              encoding: 'latin1',
            });
            const out = (await buffer(Readable.from(cuts(input, at)).pipe(stream))).toString('latin1');
            assertNoFullAddress(out, policy);
            const want: Record<LineClass, number> = {
              masked: 0,
              unparsable: 0,
              unmatched: 0,
              tooLong: 0,
              noAddress: 0,
            };
            for (const r of rows) want[expected(r.line, policy)]++;
            const summary: LogAnonymizerSummary = stream.summary;
            expect(summary).toMatchObject({ ...want, lines: rows.length, empty: 0 });
            const unvouched = want.unparsable + want.unmatched + want.tooLong;
            expect(summary.dropped).toBe(onUnparsable === 'drop' ? unvouched : want.tooLong);
            // Every line that was not dropped was written, each with one break.
            const written = out === '' ? 0 : out.split(BREAKS).length - (BREAKS.test(out.slice(-3)) ? 1 : 0);
            expect(written).toBeLessThanOrEqual(rows.length - summary.dropped);
          },
        ),
        { numRuns: 1000 },
      );
    });
  }

  it('text: any line, every address anywhere is masked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.oneof(freeText, junk), latin1Breaks), { maxLength: 30 }),
        policies,
        fc.array(fc.nat(), { maxLength: 8 }),
        async (rows, policy, at) => {
          const input = Buffer.from(rows.map(([t, e]) => t + e).join(''), 'latin1');
          const stream = createLogAnonymizer({ format: 'text', truncate: policy });
          const out = (await buffer(Readable.from(cuts(input, at)).pipe(stream))).toString('latin1');
          assertNoFullAddress(out, policy);
          expect(stream.summary.unmatched + stream.summary.unparsable).toBe(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the masker and the detector agree on 200,000 generated texts', () => {
    const alphabet = fc.string({ unit: fc.constantFrom(...'019afAFgG::::....%25\\x\0 []'.split('')), maxLength: 30 });
    const tokens = fc
      .array(
        fc.constantFrom(
          '1',
          '2',
          '0',
          '00',
          '1.',
          '.',
          ':',
          '::',
          'ffff',
          '%2E',
          '%3A',
          '\\x2e',
          '\0',
          'g',
          ' ',
          '255',
          '256',
          '0001',
          '1.2.3.4',
          '::1',
        ),
        { maxLength: 20 },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(freeText, junk, alphabet, tokens), policies, (text, policy) => {
        const out = createLineAnonymizer({ format: 'text', truncate: policy }).lineSync(text) as string;
        expect(findFullAddresses(out, policy)).toEqual([]);
        expect(out !== text).toBe(findFullAddresses(text, policy).length > 0);
      }),
      { numRuns: 200_000 },
    );
  });
});

describe('hostile logs through the command', () => {
  const run = (args: string[], input: Buffer) =>
    spawnSync(process.execPath, [...BIN, 'logs', ...args], {
      input,
      maxBuffer: 1 << 30,
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('gzip in, exit 1 exactly when a line could not be vouched for, and logs verify passes on the output', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FORMATS), fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (format, seed) => {
        const [rows] = fc.sample(log(format), { seed, numRuns: 1 }) as [{ line: GeneratedLine; end: string }[]];
        const input = Buffer.from(rows.map((r) => r.line.text + r.end).join(''), 'latin1');
        const cnil = { ipv4: 16, ipv6: 48 };
        const args = ['anonymize', '--format', format, ...FORMAT_ARGS[format], '--encoding', 'latin1'];
        args.push('--max-line-length', String(MAX), '-q');
        const r = run(args, gzipSync(input));
        const unvouched = rows.filter((row) => !['masked', 'noAddress'].includes(expected(row.line, cnil))).length;
        expect(r.status).toBe(unvouched > 0 ? 1 : 0);
        assertNoFullAddress(r.stdout.toString('latin1'), cnil);
        expect(run(['verify', '-q', '--max-line-length', String(MAX)], r.stdout).status).toBe(0);
      }),
      { numRuns: 25 },
    );
  });

  it('a 64 MB line is refused in bounded time and never echoed; the lines around it are anonymised', () => {
    const requestPath = `/${'a'.repeat(64 << 20)}`;
    const huge = `198.51.100.23 - - [23/Nov/2026:10:00:00 +0000] "GET ${requestPath}" 200 5 "-" "203.0.113.77"`;
    const line = '198.51.100.24 - - [23/Nov/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "x"';
    const r = run(['anonymize', '--json'], Buffer.from(`${line}\n${huge}\n${line}\n`));
    expect(r.status).toBe(1);
    expect(r.stdout.toString()).toBe(`${line.replace('198.51.100.24', '198.51.0.0')}\n`.repeat(2));
    expect(JSON.parse(r.stderr.toString())).toMatchObject({ lines: 3, masked: 2, tooLong: 1, dropped: 1 });
  });
});

describe.skipIf(anonipMissing() !== undefined)('Debian anonip on the same hostile lines (the peer)', () => {
  it('the detector finds what anonip leaks, and nothing in ours', () => {
    const policy = { ipv4: 20, ipv6: 44 };
    const rows = fc.sample(linesOf('combined'), { seed: 16, numRuns: 3000 }).filter((r) => r.class !== 'missing');
    const input = `${rows.map((r) => r.text.replaceAll('\0', '')).join('\n')}\n`;
    const theirs = spawnSync(ANONIP as string, ['-4', '12', '-6', '84'], {
      input,
      encoding: 'latin1',
      maxBuffer: 1 << 28,
    });
    const ours = createLineAnonymizer({ truncate: policy });
    let leaked = 0;
    let kept = 0;
    theirs.stdout
      .replace(/\n$/, '')
      .split('\n')
      .forEach((line, i) => {
        if (findFullAddresses(line, policy).length > 0) leaked++;
        const mine = ours.lineSync(input.split('\n')[i] as string) as string;
        if (findFullAddresses(mine, policy).length > 0) kept++;
      });
    console.log(`anonip -4 12 -6 84: ${leaked} of ${rows.length} hostile lines keep a full address; privkit: ${kept}`);
    expect(kept).toBe(0);
    expect(leaked).toBeGreaterThan(rows.length / 2);
  });
});
