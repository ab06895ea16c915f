/**
 * @module
 * The options of the log anonymiser, their defaults, and the strict check every entry point runs
 * before any line is read: an unknown key, an option that does not apply to the format, or a
 * value out of range is a {@link CliError} naming the option, never a silently different run.
 */

import { integerInRange, nonEmptyString, oneOf, own, strictObject, strictOptions } from '@privkit/internal/check';
import { TRUNCATION_PRESETS, type TruncationPolicy, type TruncationPreset } from '@privkit/ip';
import type { SaltStore, VisitorHasherOptions } from '@privkit/visitor-hash';
import { CliError, raise } from './errors.js';

/**
 * Where the client address is in each line.
 *
 * - `combined` (default): Apache/nginx `combined`, `%h %l %u %t "%r" %>s %b "%{Referer}i"
 *   "%{User-agent}i"`, with any further fields after it. The address is the first field (an
 *   `X-Forwarded-For` list there is read whole), the user agent the quoted field after the
 *   referrer, the time the bracketed `[23/Nov/2026:10:00:00 +0000]` (or RFC 3339).
 * - `common`: `%h %l %u %t "%r" %>s %b`, with any further fields after it.
 * - `vhost-combined`: Debian's Apache `vhost_combined`, `%v:%p` before `combined`.
 * - `jsonl`: one JSON object per line; the address is at {@link LineAnonymizerOptions.field}.
 * - `column`: the {@link LineAnonymizerOptions.column}th field split on
 *   {@link LineAnonymizerOptions.delimiter} (anonip's `-c`/`-l`).
 * - `regex`: every match of {@link LineAnonymizerOptions.pattern}; its group `ip` (or its first
 *   group) is an address field.
 * - `text`: any text; there is no address field, and every address anywhere is masked.
 *
 * @example
 * ```ts
 * import { createLineAnonymizer, type LogFormat } from '@privkit/cli';
 * const format: LogFormat = 'jsonl';
 * await createLineAnonymizer({ format, field: 'client.ip' }).line('{"client":{"ip":"198.51.100.23"}}');
 * // '{"client":{"ip":"198.51.0.0"}}'
 * ```
 */
export type LogFormat = 'combined' | 'common' | 'vhost-combined' | 'jsonl' | 'column' | 'regex' | 'text';

/** Every {@link LogFormat}. */
export const LOG_FORMATS: readonly LogFormat[] = [
  'combined',
  'common',
  'vhost-combined',
  'jsonl',
  'column',
  'regex',
  'text',
];

/**
 * What happens to a line the anonymiser cannot vouch for: its address field is not an address,
 * the line is not in the format, or it is longer than {@link LineAnonymizerOptions.maxLineLength}.
 *
 * - `mask` (default): an address field that is not an address is replaced with
 *   {@link LineAnonymizerOptions.replacement}; a line not in the format is written with every
 *   address in it masked; a line that is too long is left out.
 * - `drop`: the line is left out.
 * - `fail`: {@link CliError} (`UNPARSABLE_ADDRESS`, `UNMATCHED_LINE`, `LINE_TOO_LONG`).
 *
 * Whatever the policy, such a line is counted in the summary, so a run can end non-zero.
 *
 * @example
 * ```ts
 * import { createLineAnonymizer, type UnparsablePolicy } from '@privkit/cli';
 * const onUnparsable: UnparsablePolicy = 'drop';
 * await createLineAnonymizer({ onUnparsable }).line('127.1 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5');
 * // undefined
 * ```
 */
export type UnparsablePolicy = 'mask' | 'drop' | 'fail';

/**
 * How far the search for addresses goes: `line` (default) masks every address anywhere in the
 * line (request, query string, referrer, user agent, every JSON field) besides the address field;
 * `field` masks only the format's address field, for logs whose other fields are known to hold
 * none. Lines not in the format are searched whole either way.
 *
 * @example
 * ```ts
 * import type { ScanMode } from '@privkit/cli';
 * const scan: ScanMode = 'line';
 * ```
 */
export type ScanMode = 'line' | 'field';

/**
 * Daily visitor ids through `@privkit/visitor-hash`; see {@link LineAnonymizerOptions.visitorId}.
 * The hasher options (`days`, `outputBits`, `encoding`, prefix lengths, the grace window) are
 * `@privkit/visitor-hash`'s; its clock is the log's: each line is hashed under its own day.
 *
 * @example
 * ```ts
 * import type { VisitorIdOptions } from '@privkit/cli';
 * const visitorId: VisitorIdOptions = { tenant: 'shop.example', mode: 'replace' };
 * ```
 */
export type VisitorIdOptions = Omit<VisitorHasherOptions, 'store' | 'clock'> & {
  /** The site or customer the log belongs to: ids of different tenants never match. */
  tenant: string;
  /**
   * `column` (default): keep the truncated address and add the id as a column (JSON: a field).
   * `replace`: write the id where the address was.
   */
  mode?: 'column' | 'replace';
  /**
   * Where daily salts live. Default: a memory store, so every run has its own salts, forgotten
   * when the process ends (and, for a long-running pipe, when each day ends plus the grace
   * window). `createStatelessSaltSource` gives reproducible ids across runs but never forgets.
   */
  store?: SaltStore;
};

/** Options of `createLineAnonymizer`; every one is optional. */
export interface LineAnonymizerOptions {
  /** Where the address is; default `combined`. */
  format?: LogFormat;
  /** `jsonl`: dotted path of the address field, such as `remote_addr` or `client.ip`. Default `ip`. */
  field?: string;
  /** `jsonl`: dotted path of the user agent, for visitor ids. Default `user_agent`. */
  userAgentField?: string;
  /** `jsonl`: dotted path of the event time (RFC 3339, or epoch seconds or milliseconds). Default `time`. */
  timeField?: string;
  /** `jsonl`: dotted path the visitor id is written to in `column` mode. Default `visitor_id`. */
  visitorIdField?: string;
  /** `jsonl`: dotted path the country is written to. Default `country`. */
  countryField?: string;
  /** `column`: the 1-based column of the address. Default 1. */
  column?: number;
  /** `column`: the field delimiter. Default a space. */
  delimiter?: string;
  /**
   * `regex`: a pattern whose group `ip` (or first group) is the address; optional groups `ua`
   * and `time` feed visitor ids. Every match in a line is masked, with or without the `g` flag.
   */
  pattern?: RegExp | string;
  /** Truncation preset or prefix lengths (`@privkit/ip`); default `cnil` (/16, /48). */
  truncate?: TruncationPolicy | TruncationPreset;
  /** How far the search for addresses goes; default `line` (see {@link ScanMode}). */
  scan?: ScanMode;
  /** Add (or replace the address with) a daily visitor id. */
  visitorId?: VisitorIdOptions;
  /**
   * Add a country column: called with the full address before it is truncated; return an ISO
   * 3166-1 alpha-2 code, or `undefined` when unknown (written as `-`, or `null` in JSON). Anything
   * but two letters is written as unknown.
   */
  locate?: (ip: import('@privkit/ip').IpAddress) => string | undefined;
  /** What to do with a line the anonymiser cannot vouch for; default `mask`. */
  onUnparsable?: UnparsablePolicy;
  /** The text written in place of an address field that is not an address. Default `0.0.0.0`. */
  replacement?: string;
  /**
   * The longest line kept, in characters (bytes, for latin1 text); a longer line is never
   * written, and is counted as `tooLong`. Default {@link MAX_LINE_LENGTH}.
   */
  maxLineLength?: number;
}

/**
 * The default longest line, 1 MiB: room for a request line, referrer and user agent at the
 * largest sizes Apache (`LimitRequestLine`, `LimitRequestFieldSize`: 8 KiB each) and nginx accept,
 * and for application JSON with a stack trace, while bounding the memory one line can take.
 *
 * @example
 * ```ts
 * import { MAX_LINE_LENGTH } from '@privkit/cli';
 * MAX_LINE_LENGTH; // 1048576
 * ```
 */
export const MAX_LINE_LENGTH = 1_048_576;

/** The largest `maxLineLength` accepted: 256 MiB. */
const LINE_LENGTH_LIMIT = 268_435_456;

/**
 * What an anonymiser has seen so far. Never holds an address. Each line is counted once, in the
 * first of `unmatched`, `unparsable`, `tooLong`, `masked`, `noAddress` and `empty` that applies
 * (lines of the `text` format with no address are `noAddress`).
 *
 * @example
 * ```ts
 * import { createLineAnonymizer, type LogAnonymizerSummary } from '@privkit/cli';
 * const anonymizer = createLineAnonymizer();
 * await anonymizer.line('203.0.113.9 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5');
 * const summary: LogAnonymizerSummary = anonymizer.summary; // { lines: 1, masked: 1, ipv4: 1, … }
 * ```
 */
export interface LogAnonymizerSummary {
  /** Lines read, empty ones included. */
  lines: number;
  /** Lines whose address field was masked (`text`: lines in which an address was masked). */
  masked: number;
  /** Lines whose address field was not an address (written with the replacement, dropped or failed on). */
  unparsable: number;
  /** Lines not in the format (written with every address masked, dropped or failed on). */
  unmatched: number;
  /** Lines longer than the maximum: never written. */
  tooLong: number;
  /** Lines without an address field or any address (JSON lines without the field), written as they are. */
  noAddress: number;
  /** Empty lines, written as they are. */
  empty: number;
  /** Lines left out of the output. */
  dropped: number;
  /** IPv4 addresses masked, wherever they were (a list counts each entry). */
  ipv4: number;
  /** IPv6 addresses masked, IPv4-mapped ones included. */
  ipv6: number;
}

/** Options after checking, with defaults filled in (internal). */
export interface ResolvedOptions {
  format: LogFormat;
  field: string[];
  userAgentField: string[];
  timeField: string[];
  visitorIdField: string[];
  countryField: string[];
  column: number;
  delimiter: string;
  pattern: RegExp | undefined;
  truncate: TruncationPolicy;
  scan: ScanMode;
  visitorId: VisitorIdOptions | undefined;
  locate: LineAnonymizerOptions['locate'];
  onUnparsable: UnparsablePolicy;
  replacement: string;
  maxLineLength: number;
}

const KEYS = [
  'format',
  'field',
  'userAgentField',
  'timeField',
  'visitorIdField',
  'countryField',
  'column',
  'delimiter',
  'pattern',
  'truncate',
  'scan',
  'visitorId',
  'locate',
  'onUnparsable',
  'replacement',
  'maxLineLength',
] as const;

/** Options that apply to one format only. */
const FORMAT_ONLY: Record<string, LogFormat> = {
  field: 'jsonl',
  userAgentField: 'jsonl',
  timeField: 'jsonl',
  visitorIdField: 'jsonl',
  countryField: 'jsonl',
  column: 'column',
  delimiter: 'column',
  pattern: 'regex',
};

/** Characters that end a line for some log viewer (see `internal/lines.ts`), and other controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function invalid(path: string, message: string): CliError {
  return new CliError('INVALID_OPTIONS', message, { path });
}

function fieldPath(value: unknown, name: string, fallback: string): string[] {
  if (value === undefined) return fallback.split('.');
  const path = `options.${name}`;
  const text = nonEmptyString(value, path, raise, 'INVALID_OPTIONS', 1000);
  const parts = text.split('.');
  if (parts.some((p) => p === '')) throw invalid(path, `"${path}" must be a dotted field path such as "client.ip"`);
  return parts;
}

function truncation(value: unknown): TruncationPolicy {
  if (value === undefined) return TRUNCATION_PRESETS.cnil;
  if (typeof value === 'string') {
    const name = oneOf(
      value,
      Object.keys(TRUNCATION_PRESETS) as TruncationPreset[],
      'options.truncate',
      raise,
      'INVALID_OPTIONS',
    );
    return TRUNCATION_PRESETS[name];
  }
  const object = strictObject(value, ['ipv4', 'ipv6'], 'options.truncate', raise, 'INVALID_OPTIONS');
  // Frozen, so @privkit/ip checks it on the first address only, not on every one.
  return Object.freeze({
    ipv4: integerInRange(own(object, 'ipv4'), 0, 32, 'options.truncate.ipv4', raise),
    ipv6: integerInRange(own(object, 'ipv6'), 0, 128, 'options.truncate.ipv6', raise),
  });
}

function regex(value: unknown): RegExp {
  if (value === undefined) throw invalid('options.pattern', '"options.pattern" is required for the regex format');
  let source: string;
  let flags: string;
  if (typeof value === 'string') {
    source = value;
    flags = '';
  } else if (value instanceof RegExp) {
    source = value.source;
    flags = value.flags.replace(/[gdy]/g, '');
  } else throw invalid('options.pattern', '"options.pattern" must be a RegExp or a string');
  let compiled: RegExp;
  try {
    // Every match is an address field (`g`), and `d` gives each group's position.
    compiled = new RegExp(source, `${flags}gd`);
  } catch (cause) {
    throw new CliError('INVALID_OPTIONS', '"options.pattern" is not a valid regular expression', {
      path: 'options.pattern',
      cause,
    });
  }
  // A group `ip`, or any capturing group.
  if (!/\((?!\?)|\(\?<ip>/.test(source)) {
    throw invalid('options.pattern', '"options.pattern" needs a group named ip or a capturing group');
  }
  return compiled;
}

function visitorIdOptions(value: unknown): VisitorIdOptions | undefined {
  if (value === undefined) return undefined;
  const path = 'options.visitorId';
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(path, `"${path}" must be an object`);
  nonEmptyString(own(value, 'tenant'), `${path}.tenant`, raise, 'INVALID_OPTIONS', 1000);
  const mode = own(value, 'mode');
  if (mode !== undefined) oneOf(mode, ['column', 'replace'] as const, `${path}.mode`, raise, 'INVALID_OPTIONS');
  // The hasher options are @privkit/visitor-hash's, checked by it when the engine builds the hasher.
  return value as VisitorIdOptions;
}

/**
 * Checks the options and fills in the defaults.
 * @throws {@link CliError} `UNKNOWN_KEY` or `INVALID_OPTIONS`, naming the option.
 */
export function resolveOptions(input: unknown, extraKeys: readonly string[] = []): ResolvedOptions {
  const options = strictOptions(input, [...KEYS, ...extraKeys], raise);
  const format = (own(options, 'format') ?? 'combined') as LogFormat;
  oneOf(format, LOG_FORMATS, 'options.format', raise, 'INVALID_OPTIONS');
  for (const [key, only] of Object.entries(FORMAT_ONLY)) {
    if (own(options, key) !== undefined && format !== only)
      throw invalid(`options.${key}`, `"options.${key}" applies to the ${only} format only`);
  }
  const visitorId = visitorIdOptions(own(options, 'visitorId'));
  const locate = own(options, 'locate');
  if (locate !== undefined && typeof locate !== 'function')
    throw invalid('options.locate', '"options.locate" must be a function');
  if (format === 'text' && (visitorId !== undefined || locate !== undefined)) {
    throw invalid(
      visitorId !== undefined ? 'options.visitorId' : 'options.locate',
      'the text format has no address field: visitor ids and countries need another format',
    );
  }
  const scan = (own(options, 'scan') ?? 'line') as ScanMode;
  oneOf(scan, ['line', 'field'] as const, 'options.scan', raise, 'INVALID_OPTIONS');
  if (format === 'text' && scan === 'field')
    throw invalid('options.scan', '"options.scan" must be line for the text format');
  const onUnparsable = (own(options, 'onUnparsable') ?? 'mask') as UnparsablePolicy;
  oneOf(onUnparsable, ['mask', 'drop', 'fail'] as const, 'options.onUnparsable', raise, 'INVALID_OPTIONS');
  const replacement = own(options, 'replacement') ?? '0.0.0.0';
  nonEmptyString(replacement, 'options.replacement', raise, 'INVALID_OPTIONS', 100);
  if (!/^[\x20-\x7e]+$/.test(replacement as string))
    throw invalid('options.replacement', '"options.replacement" must be printable ASCII');
  const delimiter = own(options, 'delimiter') ?? ' ';
  nonEmptyString(delimiter, 'options.delimiter', raise, 'INVALID_OPTIONS', 100);
  if (CONTROL.test(delimiter as string) && delimiter !== '\t')
    throw invalid('options.delimiter', '"options.delimiter" must not contain line breaks or control characters');
  const column = own(options, 'column');
  return {
    format,
    field: fieldPath(own(options, 'field'), 'field', 'ip'),
    userAgentField: fieldPath(own(options, 'userAgentField'), 'userAgentField', 'user_agent'),
    timeField: fieldPath(own(options, 'timeField'), 'timeField', 'time'),
    visitorIdField: fieldPath(own(options, 'visitorIdField'), 'visitorIdField', 'visitor_id'),
    countryField: fieldPath(own(options, 'countryField'), 'countryField', 'country'),
    column: column === undefined ? 1 : integerInRange(column, 1, 100_000, 'options.column', raise),
    delimiter: delimiter as string,
    pattern: format === 'regex' ? regex(own(options, 'pattern')) : undefined,
    truncate: truncation(own(options, 'truncate')),
    scan,
    visitorId,
    locate: locate as LineAnonymizerOptions['locate'],
    onUnparsable,
    replacement: replacement as string,
    maxLineLength:
      own(options, 'maxLineLength') === undefined
        ? MAX_LINE_LENGTH
        : integerInRange(own(options, 'maxLineLength'), 1, LINE_LENGTH_LIMIT, 'options.maxLineLength', raise),
  };
}
