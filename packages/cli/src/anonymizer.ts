/**
 * @module
 * The line anonymiser: finds the client address in one access-log line (Apache/nginx `common`
 * and `combined`, JSON Lines, a delimited column, or a regular expression), and rewrites it as a
 * truncated network, a daily visitor id, or both, optionally with a country column.
 *
 * It fails closed. anonip, the tool most sites use, writes a line unchanged when its address
 * does not parse, so an `X-Forwarded-For` list (`203.0.113.9, 10.0.0.1`), an octal or short
 * IPv4 form (`0177.0.0.1`, `127.1`) or a reverse-DNS host name reaches the "anonymised" log in
 * full. Here an address field that is not exactly one strict address (see `@privkit/ip`), or a
 * list whose every entry is one, is replaced with a fixed value, dropped, or stops the run; it
 * never passes through.
 */

import { type IpAddress, type TruncationPolicy, type TruncationPreset, truncateIp, tryParseIp } from '@privkit/ip';
import {
  createMemorySaltStore,
  createVisitorHasher,
  type DayBoundary,
  type SaltStore,
  utcDays,
  VisitorHashError,
  type VisitorHasher,
} from '@privkit/visitor-hash';
import { LogAnonymizerError } from './errors.js';
import { parseClfTime } from './internal/clf-time.js';

/**
 * Where the address is in each line.
 *
 * - `combined` (default): Apache/nginx `combined`; the address is the first field (a
 *   comma-separated `X-Forwarded-For` list there is read as one field), the user agent is the
 *   last quoted field and the time is the bracketed `[23/Nov/2026:10:00:00 +0000]`.
 * - `common`: the same without a user agent.
 * - `jsonl`: one JSON object per line; the address is at {@link LineAnonymizerOptions.field}.
 * - `column`: the {@link LineAnonymizerOptions.column}th field split on
 *   {@link LineAnonymizerOptions.delimiter} (anonip's `-c`/`-l`).
 * - `regex`: {@link LineAnonymizerOptions.pattern}'s group `ip` (or its first group).
 *
 * @example
 * ```ts
 * import { createLineAnonymizer, type LogFormat } from '@privkit/cli';
 * const format: LogFormat = 'jsonl';
 * createLineAnonymizer({ format, field: 'client.ip' }).line('{"client":{"ip":"198.51.100.23"}}');
 * // '{"client":{"ip":"198.51.0.0"}}'
 * ```
 */
export type LogFormat = 'combined' | 'common' | 'jsonl' | 'column' | 'regex';

/**
 * What happens to a line whose address field is not an address, or whose field the format
 * cannot find: `replace` (default) writes {@link LineAnonymizerOptions.replacement} in place of
 * the field (a line whose field cannot be found at all is dropped, since there is nothing to
 * replace), `drop` leaves the line out, `fail` throws {@link LogAnonymizerError}.
 *
 * @example
 * ```ts
 * import { createLineAnonymizer, type UnparsablePolicy } from '@privkit/cli';
 * const onUnparsable: UnparsablePolicy = 'drop';
 * createLineAnonymizer({ onUnparsable }).line('127.1 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5'); // undefined
 * ```
 */
export type UnparsablePolicy = 'replace' | 'drop' | 'fail';

/** Daily visitor ids through `@privkit/visitor-hash`; see {@link LineAnonymizerOptions.visitorId}. */
export interface VisitorIdOptions {
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
  /** The day boundary (`utcDays()`, the default, or `zonedDays(…)` from `@privkit/visitor-hash`). */
  days?: DayBoundary;
  /** Minutes after a day ends that its salt lives, in milliseconds; default 30 minutes. */
  graceMs?: number;
  /** Id length in bits, a multiple of 8 from 64 to 256; default 128. */
  outputBits?: number;
  /** Id text: `hex` (default) or `base64url`. */
  encoding?: 'hex' | 'base64url';
  /** IPv4 bits hashed; default 32. */
  ipv4PrefixLength?: number;
  /** IPv6 bits hashed; default 64 (privacy addresses rotate inside a /64). */
  ipv6PrefixLength?: number;
}

/** Options of {@link createLineAnonymizer}; every one is optional. */
export interface LineAnonymizerOptions {
  /** Where the address is; default `combined`. */
  format?: LogFormat;
  /** `jsonl`: dotted path of the address field, such as `remote_addr` or `client.ip`. Default `ip`. */
  field?: string;
  /** `jsonl`: dotted path of the user agent, for visitor ids. Default `user_agent`. */
  userAgentField?: string;
  /** `jsonl`: dotted path of the event time (ISO 8601 text, or epoch seconds or milliseconds). Default `time`. */
  timeField?: string;
  /** `jsonl`: name of the field the visitor id is written to in `column` mode. Default `visitor_id`. */
  visitorIdField?: string;
  /** `jsonl`: name of the field the country is written to. Default `country`. */
  countryField?: string;
  /** `column`: the 1-based column of the address. Default 1. */
  column?: number;
  /** `column`: the field delimiter. Default a space. */
  delimiter?: string;
  /**
   * `regex`: a pattern whose group `ip` (or first group) is the address; optional groups `ua`
   * and `time` feed visitor ids. With the `g` flag every match in a line is masked.
   */
  pattern?: RegExp | string;
  /** Truncation preset or prefix lengths (`@privkit/ip`); default `cnil` (/16, /48). */
  truncate?: TruncationPolicy | TruncationPreset;
  /** Add (or replace the address with) a daily visitor id. */
  visitorId?: VisitorIdOptions;
  /**
   * Add a country column: called with the full address before it is truncated; return an ISO
   * 3166-1 alpha-2 code, or `undefined` when unknown (written as `-`, or `null` in JSON).
   */
  locate?: (ip: IpAddress) => string | undefined;
  /** What to do with an unparsable address; default `replace`. */
  onUnparsable?: UnparsablePolicy;
  /** The text written in place of an unparsable address field. Default `0.0.0.0`. */
  replacement?: string;
}

/**
 * What an anonymiser has seen so far. Never holds an address.
 *
 * @example
 * ```ts
 * import { createLineAnonymizer, type LogAnonymizerSummary } from '@privkit/cli';
 * const anonymize = createLineAnonymizer();
 * anonymize.line('203.0.113.9 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5');
 * const summary: LogAnonymizerSummary = anonymize.summary; // { lines: 1, masked: 1, ipv4: 1, … }
 * ```
 */
export interface LogAnonymizerSummary {
  /** Lines read, empty ones included. */
  lines: number;
  /** Lines whose address (or every address of a list) was masked. */
  masked: number;
  /** Lines whose address field was not an address (replaced, dropped or failed on). */
  unparsable: number;
  /** Lines where the format could not find the address field (dropped or failed on). */
  unmatched: number;
  /** JSON lines without the address field (null or absent): written unchanged. */
  noAddress: number;
  /** Empty lines, written unchanged. */
  empty: number;
  /** Lines left out of the output (by `drop`, or unmatched under `replace`). */
  dropped: number;
  /** IPv4 addresses masked (a list counts each entry). */
  ipv4: number;
  /** IPv6 addresses masked, IPv4-mapped ones included. */
  ipv6: number;
}

/**
 * A configured line anonymiser. Holds no address beyond the line it is working on.
 */
export interface LineAnonymizer {
  /**
   * Anonymises one line (without its line break).
   * @param text - the line.
   * @returns the anonymised line, or `undefined` when the line is to be left out.
   * @throws {@link LogAnonymizerError} under `onUnparsable: 'fail'`, and `SALT_UNAVAILABLE` when
   *   a visitor id needs a day's salt that is not loaded yet (use {@link LineAnonymizer.lineAsync}).
   */
  line(text: string): string | undefined;
  /**
   * Like {@link LineAnonymizer.line}, loading the day's visitor-id salt first when needed.
   * @param text - the line.
   * @returns the anonymised line, or `undefined` when the line is to be left out.
   */
  lineAsync(text: string): Promise<string | undefined>;
  /** Counts so far. */
  readonly summary: Readonly<LogAnonymizerSummary>;
}

/** Thrown inside `line` when a visitor id needs a salt that `lineAsync` can load. */
const NOT_LOADED = "the visitor-id salt of this line's day is not loaded: use lineAsync() or a stream";

type FieldResult = string | undefined;

function checkPath(name: string, value: string | undefined, fallback: string): string[] {
  const path = value ?? fallback;
  if (typeof path !== 'string' || path === '' || path.split('.').some((p) => p === '')) {
    throw new TypeError(`"${name}" must be a dotted field path such as "client.ip"`);
  }
  return path.split('.');
}

function getPath(object: unknown, path: string[]): unknown {
  let value = object;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function setPath(object: unknown, path: string[], value: unknown): void {
  let target = object as Record<string, unknown>;
  for (let i = 0; i < path.length - 1; i++) target = target[path[i] as string] as Record<string, unknown>;
  target[path[path.length - 1] as string] = value;
}

/** A JSON time value as epoch milliseconds, or `undefined`. */
function jsonTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') {
    const clf = parseClfTime(value);
    if (clf !== undefined) return clf;
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/**
 * Creates a synchronous line anonymiser: the engine under {@link createLogAnonymizer} and
 * {@link createLogAnonymizerStream}, for code that already has lines (a queue consumer, say).
 *
 * @param options - format, masking and failure policy; all optional.
 * @returns the anonymiser, with its running {@link LogAnonymizerSummary}.
 * @throws TypeError or RangeError for an invalid option (an unknown preset, a bad pattern).
 * @example
 * ```ts
 * import { createLineAnonymizer } from '@privkit/cli';
 *
 * const anonymize = createLineAnonymizer({ truncate: { ipv4: 20, ipv6: 44 } });
 * anonymize.line('198.51.100.23 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512');
 * // '198.51.96.0 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512'
 * anonymize.line('203.0.113.9, 10.0.0.1 - - [23/Nov/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 5');
 * // '203.0.0.0, 10.0.0.0 - - …'   (every entry of an X-Forwarded-For list)
 * anonymize.line('0177.0.0.1 - - [23/Nov/2026:10:00:02 +0000] "GET / HTTP/1.1" 200 5');
 * // '0.0.0.0 - - …'                (an octal form never passes through)
 * ```
 */
export function createLineAnonymizer(options: LineAnonymizerOptions = {}): LineAnonymizer {
  if (typeof options !== 'object' || options === null) throw new TypeError('"options" must be an object');
  const format = options.format ?? 'combined';
  if (!['combined', 'common', 'jsonl', 'column', 'regex'].includes(format)) {
    throw new RangeError('"format" must be one of combined, common, jsonl, column, regex');
  }
  const policy = options.truncate ?? 'cnil';
  // Validates the policy once, at start-up, rather than on the first line.
  truncateIp('192.0.2.1', policy);
  const onUnparsable = options.onUnparsable ?? 'replace';
  if (onUnparsable !== 'replace' && onUnparsable !== 'drop' && onUnparsable !== 'fail') {
    throw new RangeError('"onUnparsable" must be replace, drop or fail');
  }
  const replacement = options.replacement ?? '0.0.0.0';
  if (typeof replacement !== 'string' || /[\r\n]/.test(replacement)) {
    throw new TypeError('"replacement" must be a string without line breaks');
  }
  const locate = options.locate;
  if (locate !== undefined && typeof locate !== 'function') throw new TypeError('"locate" must be a function');

  const summary: LogAnonymizerSummary = {
    lines: 0,
    masked: 0,
    unparsable: 0,
    unmatched: 0,
    noAddress: 0,
    empty: 0,
    dropped: 0,
    ipv4: 0,
    ipv6: 0,
  };

  // The hasher's clock follows the log: each line is hashed under the day it was written, and a
  // day's salt is dropped once the log has moved past that day plus the grace window. A line
  // without a time is hashed under the wall clock.
  let logClock = 0;
  let hasher: VisitorHasher | undefined;
  let tenant = '';
  let replaceWithId = false;
  let saltMissing = false;
  let days: DayBoundary = utcDays();
  // The last id: a browser's requests for a page and its assets come in a burst, so the previous
  // line is often the same visitor on the same day, and its HMAC need not be computed again.
  let lastIp: IpAddress | undefined;
  let lastAgent = '';
  let lastDay = '';
  let lastId = '';
  if (options.visitorId !== undefined) {
    const { store, tenant: t, mode = 'column', ...rest } = options.visitorId;
    if (typeof t !== 'string' || t === '') throw new TypeError('"visitorId.tenant" must be a non-empty string');
    if (mode !== 'column' && mode !== 'replace') throw new RangeError('"visitorId.mode" must be column or replace');
    tenant = t;
    replaceWithId = mode === 'replace';
    days = rest.days ?? utcDays();
    hasher = createVisitorHasher({ ...rest, days, store: store ?? createMemorySaltStore(), clock: () => logClock });
  }

  // Per-line scratch, committed to the summary only once the line is done, so a line retried
  // after its salt was loaded is counted once.
  let v4 = 0;
  let v6 = 0;
  let first: IpAddress | undefined;

  function maskOne(ip: IpAddress): string {
    if (ip.family === 4) v4++;
    else v6++;
    first ??= ip;
    return truncateIp(ip, policy);
  }

  /** The masked field, or `undefined` when it is not exactly an address or a list of them. */
  function maskField(text: string): FieldResult {
    const ip = tryParseIp(text);
    if (ip !== undefined) return maskOne(ip);
    if (text.indexOf(',') < 0) return undefined;
    // An X-Forwarded-For list: every entry must be an address, or the whole field is refused.
    const parts = text.split(',');
    const out: string[] = [];
    for (const part of parts) {
      const entry = tryParseIp(part.trim());
      if (entry === undefined) return undefined;
      out.push(maskOne(entry));
    }
    return out.join(', ');
  }

  function visitorId(userAgent: string | undefined, at: number | undefined): string {
    logClock = at ?? Date.now();
    const agent = userAgent === undefined || userAgent === '' ? '-' : userAgent;
    const ip = first as IpAddress;
    const day = days.window(logClock).key;
    if (day === lastDay && agent === lastAgent && lastIp !== undefined && ip.equals(lastIp)) return lastId;
    let id: string;
    try {
      id = (hasher as VisitorHasher).idSync({ tenant, ip, userAgent: agent, at: logClock });
    } catch (error) {
      if (error instanceof VisitorHashError && error.code === 'SALT_NOT_LOADED') {
        saltMissing = true;
        throw new LogAnonymizerError('SALT_UNAVAILABLE', summary.lines + 1, NOT_LOADED);
      }
      const reason = error instanceof VisitorHashError ? error.code : 'unknown failure';
      throw new LogAnonymizerError('SALT_UNAVAILABLE', summary.lines + 1, `no visitor id (${reason})`);
    }
    lastIp = ip;
    lastAgent = agent;
    lastDay = day;
    lastId = id;
    return id;
  }

  /** Unparsable field: the replacement under `replace`, `undefined` under `drop`. */
  function unparsable(): string | undefined {
    if (onUnparsable === 'fail') {
      throw new LogAnonymizerError('UNPARSABLE_ADDRESS', summary.lines + 1, 'the address field is not an IP address');
    }
    summary.unparsable++;
    if (onUnparsable === 'drop') {
      summary.dropped++;
      return undefined;
    }
    return replacement;
  }

  function unmatched(): undefined {
    if (onUnparsable === 'fail') {
      throw new LogAnonymizerError('UNMATCHED_LINE', summary.lines + 1, `the ${format} format found no address field`);
    }
    summary.unmatched++;
    summary.dropped++;
    return undefined;
  }

  function commit(): void {
    summary.masked++;
    summary.ipv4 += v4;
    summary.ipv6 += v6;
  }

  /** The extra text columns (visitor id, country) for a masked line. */
  function columns(id: string | undefined): string {
    let extra = '';
    if (id !== undefined && !replaceWithId) extra += ` ${id}`;
    if (locate !== undefined) extra += ` ${(first !== undefined && locate(first)) || '-'}`;
    return extra;
  }

  /** Extra columns for a line whose address was not usable: same shape, no values. */
  function emptyColumns(): string {
    let extra = '';
    if (hasher !== undefined && !replaceWithId) extra += ' -';
    if (locate !== undefined) extra += ' -';
    return extra;
  }

  // --- common / combined ------------------------------------------------------------------
  const withAgent = format === 'combined';
  /** Extra columns of the last {@link clfHead}, written at the end of the line. */
  let clfColumns = '';
  /**
   * The new first field of a CLF line (masked address, id or replacement), with its extra
   * columns in `clfColumns`; `undefined` to leave the line out. `source` reads the user agent
   * and time only when a visitor id needs them.
   */
  function clfHead(field: string, source: ClfSource): string | undefined {
    v4 = v6 = 0;
    first = undefined;
    const masked = maskField(field);
    if (masked === undefined) {
      const r = unparsable();
      clfColumns = emptyColumns();
      return r;
    }
    let id: string | undefined;
    if (hasher !== undefined) id = visitorId(withAgent ? source.userAgent() : undefined, source.time());
    commit();
    clfColumns = columns(id);
    return replaceWithId ? id : masked;
  }

  const stringSource = new (class implements ClfSource {
    line = '';
    end = 0;
    userAgent(): string | undefined {
      const { line, end } = this;
      const n = line.length;
      if (line.charCodeAt(n - 1) !== 34) return undefined;
      let q = n - 2;
      // The last quoted field; Apache and nginx write a quote inside it as \" (or \x22).
      while (q > end && !(line.charCodeAt(q) === 34 && line.charCodeAt(q - 1) !== 92)) q--;
      return q > end ? line.slice(q + 1, n - 1) : undefined;
    }
    time(): number | undefined {
      const open = this.line.indexOf(' [', this.end);
      return open >= 0 && this.line.charCodeAt(open + 28) === 93
        ? parseClfTime(this.line.slice(open + 2, open + 28))
        : undefined;
    }
  })();

  function clfLine(line: string): string | undefined {
    const n = line.length;
    let end = line.indexOf(' ');
    if (end < 0) end = n;
    // `203.0.113.9, 10.0.0.1 - - [` : a list logged in the address position spans fields.
    while (end < n && line.charCodeAt(end - 1) === 44) {
      const next = line.indexOf(' ', end + 1);
      end = next < 0 ? n : next;
    }
    stringSource.line = line;
    stringSource.end = end;
    const head = clfHead(line.slice(0, end), stringSource);
    return head === undefined ? undefined : head + line.slice(end) + clfColumns;
  }

  // --- column -------------------------------------------------------------------------------
  const delimiter = options.delimiter ?? ' ';
  if (typeof delimiter !== 'string' || delimiter === '') throw new TypeError('"delimiter" must be a non-empty string');
  const column = (options.column ?? 1) - 1;
  if (!Number.isInteger(column) || column < 0) throw new RangeError('"column" must be an integer from 1');
  function columnLine(line: string): string | undefined {
    const cells = line.split(delimiter);
    if (column >= cells.length) return unmatched();
    // A list written with ", " separators spans cells when the delimiter is a space.
    let last = column;
    while (last + 1 < cells.length && (cells[last] as string).endsWith(',')) last++;
    const field = cells.slice(column, last + 1).join(delimiter);
    v4 = v6 = 0;
    first = undefined;
    let masked = maskField(field);
    let id: string | undefined;
    let extra: string;
    if (masked === undefined) {
      const r = unparsable();
      if (r === undefined) return undefined;
      masked = r;
      extra = emptyColumns();
    } else {
      if (hasher !== undefined) id = visitorId(undefined, undefined);
      commit();
      if (replaceWithId) masked = id as string;
      extra = columns(id);
    }
    cells.splice(column, last + 1 - column, masked);
    return cells.join(delimiter) + extra;
  }

  // --- regex --------------------------------------------------------------------------------
  let regex: RegExp | undefined;
  if (format === 'regex') {
    const pattern = options.pattern;
    if (pattern === undefined) throw new TypeError('"pattern" is required for the regex format');
    const source = typeof pattern === 'string' ? pattern : pattern.source;
    const flags = typeof pattern === 'string' ? '' : pattern.flags.replace(/[dy]/g, '');
    try {
      regex = new RegExp(source, `${flags}d`);
    } catch {
      throw new TypeError('"pattern" is not a valid regular expression');
    }
    if (!/\((?!\?)|\(\?<ip>/.test(source)) throw new TypeError('"pattern" needs a group `ip` or a capturing group');
  }
  function regexLine(line: string): string | undefined {
    const re = regex as RegExp;
    const all = re.global ? [...line.matchAll(re)] : [re.exec(line)].filter((m) => m !== null);
    const spans: [number, number, string][] = [];
    let ua: string | undefined;
    let at: number | undefined;
    for (const m of all as RegExpExecArray[]) {
      const span = m.indices?.groups?.['ip'] ?? m.indices?.[1];
      if (span === undefined) continue;
      spans.push([span[0], span[1], line.slice(span[0], span[1])]);
      ua ??= m.groups?.['ua'];
      if (at === undefined && m.groups?.['time'] !== undefined) at = jsonTime(m.groups['time']);
    }
    if (spans.length === 0) return unmatched();
    v4 = v6 = 0;
    first = undefined;
    const masked: string[] = [];
    for (const [, , text] of spans) {
      const m = maskField(text);
      if (m === undefined) {
        const r = unparsable();
        if (r === undefined) return undefined;
        return (
          splice(
            line,
            spans,
            spans.map(() => r),
          ) + emptyColumns()
        );
      }
      masked.push(m);
    }
    let id: string | undefined;
    if (hasher !== undefined) id = visitorId(ua, at);
    commit();
    return splice(line, spans, replaceWithId ? masked.map(() => id as string) : masked) + columns(id);
  }

  // --- JSON Lines ---------------------------------------------------------------------------
  const fieldPath = checkPath('field', options.field, 'ip');
  const uaPath = checkPath('userAgentField', options.userAgentField, 'user_agent');
  const timePath = checkPath('timeField', options.timeField, 'time');
  const idPath = checkPath('visitorIdField', options.visitorIdField, 'visitor_id');
  const countryPath = checkPath('countryField', options.countryField, 'country');
  function jsonLine(line: string): string | undefined {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return unmatched();
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return unmatched();
    const value = getPath(record, fieldPath);
    if (value === undefined || value === null) {
      summary.noAddress++;
      return line;
    }
    v4 = v6 = 0;
    first = undefined;
    const masked = typeof value === 'string' ? maskField(value) : undefined;
    if (masked === undefined) {
      const r = unparsable();
      if (r === undefined) return undefined;
      setPath(record, fieldPath, r);
      if (hasher !== undefined && !replaceWithId) setTop(record, idPath, null);
      if (locate !== undefined) setTop(record, countryPath, null);
      return JSON.stringify(record);
    }
    let id: string | undefined;
    if (hasher !== undefined) {
      const ua = getPath(record, uaPath);
      id = visitorId(typeof ua === 'string' ? ua : undefined, jsonTime(getPath(record, timePath)));
    }
    commit();
    setPath(record, fieldPath, replaceWithId ? id : masked);
    if (id !== undefined && !replaceWithId) setTop(record, idPath, id);
    if (locate !== undefined) setTop(record, countryPath, (first !== undefined && locate(first)) || null);
    return JSON.stringify(record);
  }

  const process =
    format === 'jsonl' ? jsonLine : format === 'column' ? columnLine : format === 'regex' ? regexLine : clfLine;

  function line(text: string): string | undefined {
    if (text.length === 0 || (text.length === 1 && text.charCodeAt(0) === 13)) {
      summary.lines++;
      summary.empty++;
      return text;
    }
    // CRLF logs keep their line ends; the format sees the line without the CR.
    if (text.charCodeAt(text.length - 1) === 13) {
      const out = process(text.slice(0, -1));
      summary.lines++;
      return out === undefined ? undefined : `${out}\r`;
    }
    const out = process(text);
    summary.lines++;
    return out;
  }

  const anonymizer: LineAnonymizer = {
    line,
    async lineAsync(text) {
      try {
        return line(text);
      } catch (error) {
        if (!(saltMissing && error instanceof LogAnonymizerError)) throw error;
        saltMissing = false;
        try {
          await (hasher as VisitorHasher).prepare(logClock);
        } catch (cause) {
          const reason = cause instanceof VisitorHashError ? cause.code : 'unknown failure';
          throw new LogAnonymizerError('SALT_UNAVAILABLE', summary.lines + 1, `no visitor id (${reason})`);
        }
        return line(text);
      }
    },
    get summary() {
      return summary;
    },
  };
  if (format === 'combined' || format === 'common') {
    engines.set(anonymizer, {
      head: clfHead,
      columns: () => clfColumns,
      counted(empty) {
        summary.lines++;
        if (empty) summary.empty++;
      },
      prepare: async () => {
        saltMissing = false;
        try {
          await (hasher as VisitorHasher).prepare(logClock);
        } catch (cause) {
          const reason = cause instanceof VisitorHashError ? cause.code : 'unknown failure';
          throw new LogAnonymizerError('SALT_UNAVAILABLE', summary.lines + 1, `no visitor id (${reason})`);
        }
      },
    });
  }
  return anonymizer;
}

/** Lazily reads the user agent and time of the CLF line being processed. */
export interface ClfSource {
  /** The last quoted field, or `undefined`. */
  userAgent(): string | undefined;
  /** The `[…]` time as epoch milliseconds, or `undefined`. */
  time(): number | undefined;
}

/** The CLF internals a byte-level stream drives directly (internal to the package). */
export interface ClfEngine {
  /** See `clfHead`: the new first field, or `undefined` to drop the line. */
  head(field: string, source: ClfSource): string | undefined;
  /** The extra columns of the last `head`. */
  columns(): string;
  /** Counts a finished line. */
  counted(empty: boolean): void;
  /** Loads the salt the last `head` was missing. */
  prepare(): Promise<void>;
}

const engines = new WeakMap<LineAnonymizer, ClfEngine>();

/** The byte-level CLF engine of an anonymiser, when its format is `common` or `combined`. */
export function clfEngineOf(anonymizer: LineAnonymizer): ClfEngine | undefined {
  return engines.get(anonymizer);
}

function setTop(record: unknown, path: string[], value: unknown): void {
  let target = record as Record<string, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    let next = target[key];
    if (typeof next !== 'object' || next === null) {
      next = {};
      target[key] = next;
    }
    target = next as Record<string, unknown>;
  }
  target[path[path.length - 1] as string] = value;
}

function splice(line: string, spans: [number, number, string][], values: string[]): string {
  let out = '';
  let at = 0;
  spans.forEach(([start, end], i) => {
    out += line.slice(at, start) + values[i];
    at = end;
  });
  return out + line.slice(at);
}

/** Whether the anonymiser wants its salt loaded before it can go on (internal to the streams). */
export function isSaltPending(error: unknown): boolean {
  return error instanceof LogAnonymizerError && error.code === 'SALT_UNAVAILABLE' && error.message.endsWith(NOT_LOADED);
}
