/**
 * @module
 * `privkit logs verify [files…]`: the check to run after anonymising. Reads anonymised logs
 * (stdin or files, plain or gzip) and reports, by file, line and column, every IPv4 or IPv6
 * address the truncation would still change, found by the detector of `@privkit/cli/verify`,
 * which shares no code with the anonymiser. It never prints an address. Exit status 1 when it
 * finds one, or a line too long to check.
 */

import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { TRUNCATION_PRESETS, type TruncationPreset } from '@privkit/ip';
import { createLineSplitter, type Line } from '../internal/lines.js';
import { MAX_LINE_LENGTH } from '../options.js';
import { findFullAddresses, type VerifyPolicy } from '../verify.js';
import { createAutoGunzip, isGzipFile } from './gunzip.js';
import { colours, EXIT_FINDINGS, EXIT_OK, failure, type Io, integer, oneOf, parse, usage, write } from './io.js';
import { groupDigits } from './progress.js';

export const VERIFY_HELP = `Usage: privkit logs verify [options] [files…]

Checks anonymised logs: reports every IPv4 or IPv6 address that still carries more than the
truncation keeps, by file, line and column (never the address), with a detector written apart
from the anonymiser. Addresses are found as a log viewer shows them: percent-encoding and the
\\xHH escapes of Apache and nginx decoded, in every RFC 4291 IPv6 form (compressed, with an
embedded IPv4, IPv4-mapped, bracketed, with a zone) and as dotted quads.

In a pipeline:
  privkit logs anonymize access.log -o access.anon.log && privkit logs verify access.anon.log

Input is stdin or the files given (plain or gzip, recognised by content).

Options
  --preset NAME          the truncation the log was anonymised with: ${Object.keys(TRUNCATION_PRESETS).join(', ')}
                         (default cnil: /16, /48)
  --ipv4-prefix N        IPv4 bits kept, 0–32
  --ipv6-prefix N        IPv6 bits kept, 0–128
  --encoding NAME        latin1 (default) or utf8: how line breaks beyond LF are read
  --max-line-length N    longest line checked (default ${MAX_LINE_LENGTH}); a longer one is a finding
  --limit N              print at most N findings (default 100; all are counted)
  --json                 one JSON object per finding on stdout, the summary as JSON on stderr
  -q, --quiet            print nothing; the exit status says it
  -h, --help             this help

Exit status: 0 no full address, 1 a full address or a line too long to check (or a failure),
2 usage error.
`;

interface Counts {
  lines: number;
  findings: number;
  tooLong: number;
  printed: number;
}

/** Runs `privkit logs verify`. */
export async function logsVerify(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    preset: { type: 'string' },
    'ipv4-prefix': { type: 'string' },
    'ipv6-prefix': { type: 'string' },
    encoding: { type: 'string' },
    'max-line-length': { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (values.help) {
    await write(io.stdout, VERIFY_HELP);
    return EXIT_OK;
  }
  const preset = oneOf('preset', values.preset, Object.keys(TRUNCATION_PRESETS) as TruncationPreset[]) ?? 'cnil';
  const policy: VerifyPolicy = {
    ipv4: integer('ipv4-prefix', values['ipv4-prefix'], 0, 32) ?? TRUNCATION_PRESETS[preset].ipv4,
    ipv6: integer('ipv6-prefix', values['ipv6-prefix'], 0, 128) ?? TRUNCATION_PRESETS[preset].ipv6,
  };
  const encoding = oneOf('encoding', values.encoding, ['latin1', 'utf8'] as const) ?? 'latin1';
  const maxLength = integer('max-line-length', values['max-line-length'], 1, 268_435_456) ?? MAX_LINE_LENGTH;
  const limit = integer('limit', values.limit, 0, Number.MAX_SAFE_INTEGER) ?? 100;
  if (values.json && values.quiet) throw usage('use either --json or --quiet');
  const counts: Counts = { lines: 0, findings: 0, tooLong: 0, printed: 0 };
  const out: string[] = [];

  const report = (name: string, line: number, column: number, what: string, family?: 4 | 6) => {
    counts.printed++;
    if (values.quiet || counts.printed > limit) return;
    const kind = family === undefined ? { tooLong: true } : { family };
    out.push(
      values.json
        ? `${JSON.stringify({ file: name, line, column, ...kind })}\n`
        : `${name}:${line}:${column}: ${what}\n`,
    );
  };

  const check = (name: string, lines: Line[], first: number) => {
    lines.forEach(({ text }, i) => {
      const number = first + i;
      if (text === undefined) {
        counts.tooLong++;
        report(name, number, 1, `line longer than ${maxLength} characters, not checked`);
        return;
      }
      for (const finding of findFullAddresses(text, policy)) {
        counts.findings++;
        report(name, number, finding.index + 1, `a full IPv${finding.family} address`, finding.family);
      }
    });
    counts.lines += lines.length;
  };

  const inputs = positionals.length > 0 ? positionals : ['-'];
  for (const path of inputs) {
    const name = path === '-' ? 'stdin' : path;
    let source: Readable;
    if (path === '-') source = (io.stdin as Readable).pipe(createAutoGunzip());
    else {
      try {
        const gzip = await isGzipFile(path);
        source = createReadStream(path);
        if (gzip) source = source.pipe(createGunzip());
      } catch (error) {
        throw failure(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    const decoder = new StringDecoder(encoding);
    const splitter = createLineSplitter(encoding, maxLength);
    let number = 1;
    try {
      for await (const chunk of source) {
        const lines = splitter.push(decoder.write(chunk as Buffer));
        check(name, lines, number);
        number += lines.length;
        if (out.length > 0) await write(io.stdout, out.splice(0).join(''));
      }
      check(name, [...splitter.push(decoder.end()), ...splitter.end()], number);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
        throw failure(`${name}: a .gz input is corrupt or truncated`);
      throw failure(`cannot read ${path} (${code ?? 'error'})`, error);
    }
    if (out.length > 0) await write(io.stdout, out.splice(0).join(''));
  }

  const bad = counts.findings + counts.tooLong;
  if (values.json) {
    await write(
      io.stderr,
      `${JSON.stringify({ lines: counts.lines, findings: counts.findings, tooLong: counts.tooLong })}\n`,
    );
  } else if (!values.quiet) {
    const c = colours(io.stderr, io.env);
    const more = counts.printed > limit ? ` (${groupDigits(counts.printed - limit)} not printed)` : '';
    const summary =
      bad === 0
        ? c.green(`no full address in ${groupDigits(counts.lines)} line${counts.lines === 1 ? '' : 's'}`)
        : c.red(
            `${groupDigits(counts.findings)} full address${counts.findings === 1 ? '' : 'es'}` +
              `${
                counts.tooLong > 0
                  ? `, ${groupDigits(counts.tooLong)} line${counts.tooLong === 1 ? '' : 's'} too long to check`
                  : ''
              }` +
              ` in ${groupDigits(counts.lines)} line${counts.lines === 1 ? '' : 's'}${more}`,
          );
    await write(io.stderr, `privkit: ${summary}\n`);
  }
  return bad > 0 ? EXIT_FINDINGS : EXIT_OK;
}
