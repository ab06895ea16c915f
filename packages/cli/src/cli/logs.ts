/**
 * @module
 * `privkit logs anonymize [files…]`: the log anonymiser from a shell, a cron job or a web server's
 * log pipe. Reads stdin or files (plain or gzip, detected by their magic bytes), writes stdout,
 * `-o FILE` (gzip when it ends in `.gz`) or each file in place with a backup, and prints a summary.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, chown, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { TRUNCATION_PRESETS, type TruncationPolicy, type TruncationPreset } from '@privkit/ip';
import { createMemorySaltStore, type SaltStore } from '@privkit/visitor-hash';
import { CliError } from '../errors.js';
import { emptySummary } from '../internal/engine.js';
import { createLogAnonymizer, type LogAnonymizerOptions } from '../node-stream.js';
import {
  LOG_FORMATS,
  type LogAnonymizerSummary,
  type LogFormat,
  MAX_LINE_LENGTH,
  type UnparsablePolicy,
  type VisitorIdOptions,
} from '../options.js';
import { createAutoGunzip, isGzipFile } from './gunzip.js';
import { colours, EXIT_FINDINGS, EXIT_OK, failure, type Io, integer, oneOf, parse, usage, write } from './io.js';
import { groupDigits, ProgressBar } from './progress.js';
import { createSaltDirStore } from './salt-dir.js';
import { secretFileSource } from './secret-file.js';

export const LOGS_HELP = `Usage: privkit logs anonymize [options] [files…]

Rewrites every IP address in access-log lines: the client address truncated to a network,
replaced by (or joined with) a daily visitor id, optionally with a country column, and every
other address (request, query string, referrer, user agent, any JSON field) truncated too. Fails
closed: a line it cannot vouch for is never written as it came. An address field that is not
exactly one IP address (0177.0.0.1, 127.1, a host name, a list with a bad entry) is replaced; a
line not in the format (fields that do not line up, JSON without the field) has every address
in it masked; a line longer than --max-line-length is left out. Each is counted, and the run
ends with status 1. Check the output with "privkit logs verify".

Every line break a log viewer shows ends a line (LF, CR LF, CR, VT, FF, NEL, U+2028, U+2029),
and is written back as it was.

Input is stdin or the files given (plain or gzip, recognised by content); output is stdout unless -o or --in-place.
As an Apache pipe:  CustomLog "|/usr/bin/privkit logs anonymize -o /var/log/apache2/access.log" combined
As an nginx pipe:   access_log syslog:… or a FIFO read by:  privkit logs anonymize < /run/nginx-access.fifo

Format
  --format NAME          combined (default), common, vhost-combined, jsonl, column, regex,
                         text (any text: every address anywhere is masked)
  --field PATH           jsonl: dotted path of the address (default ip)
  --ua-field PATH        jsonl: user agent, for visitor ids (default user_agent)
  --time-field PATH      jsonl: event time, RFC 3339 or epoch (default time)
  --column N             column: 1-based column of the address (default 1)
  --delimiter TEXT       column: field delimiter (default a space)
  --regex PATTERN        regex: group "ip" (or the first group) of every match is an address;
                         optional groups "ua" and "time"
  --encoding NAME        latin1 (default: bytes pass through unchanged) or utf8 (jsonl default)
  --scan WHERE           line (default): mask every address anywhere in the line; field: only
                         the format's address field (lines not in the format are always searched)
  --max-line-length N    longest line kept, in bytes (latin1) or characters (default ${MAX_LINE_LENGTH})

Masking
  --preset NAME          ${Object.keys(TRUNCATION_PRESETS).join(', ')} (default cnil: /16, /48)
  --ipv4-prefix N        bits of IPv4 to keep, 0–32 (anonip -4 12 is --ipv4-prefix 20)
  --ipv6-prefix N        bits of IPv6 to keep, 0–128 (anonip -6 84 is --ipv6-prefix 44)
  --visitor-id MODE      add a daily visitor id: column (after the line) or replace (the address)
  --tenant NAME          the site the log belongs to: ids of different tenants never match
                         (default "default"; give one per site)
  --salt-dir DIR         share each day's salt between runs; deleted after the day + 30 min
                         (a directory only you can write; salts privkit did not write stop the run)
  --salt-redis URL       share each day's salt through Redis (a fleet of servers; needs ioredis)
  --salt-prefix TEXT     Redis key prefix (default privkit:visitor-hash:salt:)
  --secret-file FILE     derive salts from a master secret: ids reproducible forever (cannot forget)
  --country              add a country column (@privkit/geo; "-" when unknown)
  --geo-db FILE          the MMDB database for --country (default DB-IP Lite Country)
  --on-unparsable WHAT   mask (default), drop or fail: what happens to a line it cannot vouch for
  --replacement TEXT     what replaces an address field that is not an address (default 0.0.0.0)

Output
  -o, --output FILE      write here (gzip if it ends in .gz); "-" for stdout
  -i, --in-place         rewrite each file, keeping the original as FILE.bak
  --backup-suffix TEXT   backup name suffix (default .bak)
  --no-backup            in place without a backup (the original personal data is gone)
  --no-progress          no progress bar (drawn only on a terminal, for files)
  --json                 the summary as one JSON line on stderr
  -q, --quiet            no summary
  -h, --help             this help

Exit status: 0 every line vouched for; 1 some line unparsable, not in the format or too long
(the output is still masked), or a failure; 2 usage error.
`;

interface Input {
  name: string;
  path?: string;
  size: number;
  gzip: boolean;
}

function policyFrom(values: Record<string, unknown>): TruncationPolicy | TruncationPreset {
  const preset = oneOf(
    'preset',
    values['preset'] as string | undefined,
    Object.keys(TRUNCATION_PRESETS) as TruncationPreset[],
  );
  const ipv4 = integer('ipv4-prefix', values['ipv4-prefix'] as string | undefined, 0, 32);
  const ipv6 = integer('ipv6-prefix', values['ipv6-prefix'] as string | undefined, 0, 128);
  const base = TRUNCATION_PRESETS[preset ?? 'cnil'];
  if (ipv4 === undefined && ipv6 === undefined) return preset ?? 'cnil';
  return { ipv4: ipv4 ?? base.ipv4, ipv6: ipv6 ?? base.ipv6 };
}

const add = (a: LogAnonymizerSummary, b: Readonly<LogAnonymizerSummary>) => {
  for (const key of Object.keys(a) as (keyof LogAnonymizerSummary)[]) a[key] += b[key];
};

/** Runs `privkit logs anonymize`. */
export async function logsAnonymize(
  args: string[],
  io: Io,
  locateFactory?: (database: string | undefined) => Promise<NonNullable<LogAnonymizerOptions['locate']>>,
): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    field: { type: 'string' },
    'ua-field': { type: 'string' },
    'time-field': { type: 'string' },
    column: { type: 'string' },
    delimiter: { type: 'string' },
    regex: { type: 'string' },
    encoding: { type: 'string' },
    scan: { type: 'string' },
    'max-line-length': { type: 'string' },
    preset: { type: 'string' },
    'ipv4-prefix': { type: 'string' },
    'ipv6-prefix': { type: 'string' },
    'visitor-id': { type: 'string' },
    tenant: { type: 'string' },
    'salt-dir': { type: 'string' },
    'salt-redis': { type: 'string' },
    'salt-prefix': { type: 'string' },
    'secret-file': { type: 'string' },
    country: { type: 'boolean' },
    'geo-db': { type: 'string' },
    'on-unparsable': { type: 'string' },
    replacement: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'in-place': { type: 'boolean', short: 'i' },
    'backup-suffix': { type: 'string' },
    'no-backup': { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (values.help) {
    await write(io.stdout, LOGS_HELP);
    return EXIT_OK;
  }
  const format = oneOf<LogFormat>('format', values.format, LOG_FORMATS) ?? 'combined';
  if (format === 'regex' && values.regex === undefined) throw usage('--format regex needs --regex PATTERN');
  if (values.regex !== undefined && format !== 'regex') throw usage('--regex needs --format regex');
  if (values['in-place'] && values.output !== undefined) throw usage('use either --output or --in-place');
  if (values['in-place'] && positionals.length === 0) throw usage('--in-place needs files');
  if (values['no-backup'] && values['backup-suffix'] !== undefined)
    throw usage('use either --backup-suffix or --no-backup');
  if (values['backup-suffix'] === '') throw usage('--backup-suffix must not be empty (use --no-backup)');
  if (values['geo-db'] !== undefined && !values.country) throw usage('--geo-db needs --country');
  if ([values['salt-dir'], values['salt-redis'], values['secret-file']].filter((v) => v !== undefined).length > 1) {
    throw usage('use one of --salt-dir, --salt-redis and --secret-file');
  }
  const visitorMode = oneOf('visitor-id', values['visitor-id'], ['column', 'replace'] as const);
  if (values['salt-prefix'] !== undefined && values['salt-redis'] === undefined)
    throw usage('--salt-prefix needs --salt-redis');
  if (
    visitorMode === undefined &&
    (values.tenant ?? values['salt-dir'] ?? values['salt-redis'] ?? values['secret-file']) !== undefined
  ) {
    throw usage('--tenant, --salt-dir, --salt-redis and --secret-file need --visitor-id');
  }
  const onUnparsable = oneOf<UnparsablePolicy>('on-unparsable', values['on-unparsable'], ['mask', 'drop', 'fail']);
  const scan = oneOf('scan', values.scan, ['line', 'field'] as const);
  if (format === 'text' && (visitorMode !== undefined || values.country))
    throw usage('--format text has no address field: --visitor-id and --country need another format');
  if (format === 'text' && scan === 'field') throw usage('--format text needs --scan line');
  const formatOnly: [string, LogFormat][] = [
    ['field', 'jsonl'],
    ['ua-field', 'jsonl'],
    ['time-field', 'jsonl'],
    ['column', 'column'],
    ['delimiter', 'column'],
  ];
  for (const [flag, only] of formatOnly) {
    if (values[flag as keyof typeof values] !== undefined && format !== only)
      throw usage(`--${flag} needs --format ${only}`);
  }
  if (values.replacement !== undefined && !/^[\x20-\x7e]+$/.test(values.replacement))
    throw usage('--replacement must be printable ASCII');
  const encoding = oneOf('encoding', values.encoding, ['latin1', 'utf8'] as const);
  let pattern: RegExp | undefined;
  if (values.regex !== undefined) {
    try {
      pattern = new RegExp(values.regex);
    } catch {
      throw usage('--regex is not a valid regular expression');
    }
    if (!/\((?!\?)|\(\?<ip>/.test(values.regex)) throw usage('--regex needs a group named ip or a capturing group');
  }

  const options: LogAnonymizerOptions = {
    format,
    truncate: policyFrom(values),
    ...(values.field !== undefined && { field: values.field }),
    ...(values['ua-field'] !== undefined && { userAgentField: values['ua-field'] }),
    ...(values['time-field'] !== undefined && { timeField: values['time-field'] }),
    ...(values.column !== undefined && { column: integer('column', values.column, 1, 100_000) as number }),
    ...(values.delimiter !== undefined && { delimiter: values.delimiter }),
    ...(pattern !== undefined && { pattern }),
    ...(encoding !== undefined && { encoding }),
    ...(onUnparsable !== undefined && { onUnparsable }),
    ...(scan !== undefined && { scan }),
    ...(values['max-line-length'] !== undefined && {
      maxLineLength: integer('max-line-length', values['max-line-length'], 1, 268_435_456) as number,
    }),
    ...(values.replacement !== undefined && { replacement: values.replacement }),
  };
  if (values.country) {
    if (locateFactory === undefined) throw failure('--country needs @privkit/geo, which this build does not include');
    options.locate = await locateFactory(values['geo-db']);
  }

  // Inputs.
  const inputs: Input[] = [];
  for (const path of positionals) {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw Object.assign(new Error(), { code: 'not a regular file' });
      size = info.size;
    } catch (error) {
      throw failure(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    inputs.push({ name: path, path, size, gzip: await isGzipFile(path) });
  }
  if (inputs.length === 0) inputs.push({ name: 'stdin', size: 0, gzip: false });
  // Writing over an input would truncate it before it is read: that is what --in-place is for.
  if (values.output !== undefined && values.output !== '-') {
    const target = await stat(values.output).catch(() => undefined);
    for (const input of inputs) {
      if (target === undefined || input.path === undefined) continue;
      const info = await stat(input.path);
      if (info.ino === target.ino && info.dev === target.dev)
        throw usage('--output is one of the inputs: use --in-place');
    }
  }

  let store: SaltStore | undefined;
  let closeStore: (() => Promise<void>) | undefined;
  if (visitorMode !== undefined) {
    if (values['secret-file'] !== undefined) {
      store = await secretFileSource(values['secret-file']);
    } else if (values['salt-dir'] !== undefined) {
      store = await createSaltDirStore(values['salt-dir']);
    } else if (values['salt-redis'] !== undefined) {
      const { openRedisSaltStore } = await import('./salt-redis.js');
      const redis = await openRedisSaltStore(values['salt-redis'], values['salt-prefix']);
      store = redis.store;
      closeStore = redis.close;
    } else {
      store = createMemorySaltStore();
    }
  }

  const total: LogAnonymizerSummary = emptySummary();
  let bytesRead = 0;
  const totalBytes = inputs.reduce((n, i) => n + i.size, 0);
  const started = performance.now();
  let current: { summary: Readonly<LogAnonymizerSummary> } | undefined;
  // Drawn for files on a terminal, and not over log lines written to the same terminal.
  const toTerminal = (values.output === undefined || values.output === '-') && io.stdout.isTTY === true;
  const showProgress =
    !values['no-progress'] && !values.quiet && io.stderr.isTTY === true && !toTerminal && inputs[0]?.path !== undefined;
  const bar = showProgress
    ? new ProgressBar(io.stderr, () => ({
        bytes: bytesRead,
        total: totalBytes,
        lines: total.lines + (current?.summary.lines ?? 0),
        elapsedMs: performance.now() - started,
      }))
    : undefined;

  const source = (input: Input): Readable => {
    if (input.path === undefined) return io.stdin as Readable;
    const stream = createReadStream(input.path, { highWaterMark: 1 << 18 });
    stream.on('data', (chunk) => {
      bytesRead += chunk.length;
    });
    return stream;
  };
  const stages = (input: Input): (Readable | Writable)[] =>
    input.path === undefined
      ? [source(input), createAutoGunzip()]
      : input.gzip
        ? [source(input), createGunzip()]
        : [source(input)];
  const anonymizerFor = () => {
    const anonymizer = createLogAnonymizer({
      ...options,
      ...(visitorMode !== undefined && {
        visitorId: {
          store: store as SaltStore,
          mode: visitorMode,
          tenant: values.tenant ?? 'default',
        } satisfies VisitorIdOptions,
      }),
    });
    current = anonymizer;
    return anonymizer;
  };

  // A web server stops its log pipe with SIGTERM (Apache on restart, after closing the pipe):
  // treat it, SIGINT and SIGHUP as the end of input, so the last lines (a partial one too) are
  // anonymised and written instead of lost. A second signal exits at once.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    (io.stdin as Readable).pause();
    io.stdin.emit('end');
  };
  const signals = inputs[0]?.path === undefined ? (['SIGTERM', 'SIGINT', 'SIGHUP'] as const) : [];
  for (const signal of signals) process.on(signal, onSignal);

  try {
    if (values['in-place']) {
      for (const input of inputs) {
        const path = input.path as string;
        const temporary = join(dirname(path), `.${basename(path)}.privkit-${process.pid}.tmp`);
        const anonymizer = anonymizerFor();
        try {
          const out = createWriteStream(temporary, { mode: 0o600 });
          await pipeline([...stages(input), anonymizer, ...(input.gzip ? [createGzip()] : []), out] as never);
          // The rewritten file keeps the original's mode and, where we may, its owner (a log
          // rotated by root for www-data stays www-data's).
          const original = await stat(path);
          await chmod(temporary, original.mode & 0o7777);
          await chown(temporary, original.uid, original.gid).catch(() => undefined);
          if (!values['no-backup']) await rename(path, path + (values['backup-suffix'] ?? '.bak'));
          await rename(temporary, path);
        } catch (error) {
          await unlink(temporary).catch(() => undefined);
          throw error;
        }
        add(total, anonymizer.summary);
        current = undefined;
      }
    } else {
      const toStdout = values.output === undefined || values.output === '-';
      const sink: Writable = toStdout
        ? (io.stdout as Writable)
        : createWriteStream(values.output as string, { flags: 'w' });
      const gzipOut = !toStdout && (values.output as string).endsWith('.gz') ? createGzip() : undefined;
      const target = gzipOut ?? sink;
      const sunk = gzipOut === undefined ? undefined : pipeline(gzipOut, sink);
      sunk?.catch(() => undefined);
      for (const input of inputs) {
        const anonymizer = anonymizerFor();
        await pipeline([
          ...stages(input),
          anonymizer,
          async (chunks: AsyncIterable<Buffer>) => {
            for await (const chunk of chunks) if (!target.write(chunk)) await once(target, 'drain');
          },
        ] as never);
        add(total, anonymizer.summary);
        current = undefined;
      }
      if (!toStdout) {
        target.end();
        await (sunk ?? finished(sink));
      }
    }
  } catch (error) {
    bar?.stop();
    await closeStore?.();
    if (interrupted) return EXIT_OK;
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return EXIT_OK;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') throw failure('a .gz input is corrupt or truncated');
    throw failure(`${code ?? (error as Error).message}`);
  }
  bar?.stop();
  await closeStore?.();
  for (const signal of signals) process.off(signal, onSignal);
  if (interrupted) (io.stdin as Readable).destroy();

  const findings = total.unparsable + total.unmatched + total.tooLong;
  if (values.json) {
    await write(
      io.stderr,
      `${JSON.stringify({ ...total, seconds: +((performance.now() - started) / 1000).toFixed(3) })}\n`,
    );
  } else if (!values.quiet) {
    const c = colours(io.stderr, io.env);
    const parts = [
      `${groupDigits(total.lines)} line${total.lines === 1 ? '' : 's'}`,
      `${c.green(`${groupDigits(total.masked)} masked`)} (IPv4 ${groupDigits(total.ipv4)}, ` +
        `IPv6 ${groupDigits(total.ipv6)})`,
      (total.unparsable > 0 ? c.yellow : (s: string) => s)(`${groupDigits(total.unparsable)} unparsable`),
    ];
    if (total.unmatched > 0) parts.push(c.yellow(`${groupDigits(total.unmatched)} not in the format`));
    if (total.tooLong > 0) parts.push(c.yellow(`${groupDigits(total.tooLong)} too long`));
    if (total.dropped > 0) parts.push(`${groupDigits(total.dropped)} dropped`);
    if (total.noAddress > 0) parts.push(`${groupDigits(total.noAddress)} without address`);
    await write(io.stderr, `privkit: ${parts.join(', ')}\n`);
  }
  return findings > 0 ? EXIT_FINDINGS : EXIT_OK;
}
