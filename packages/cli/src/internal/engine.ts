/**
 * @module
 * The anonymiser's engine: one format (see `../formats/`), the masking it asks for, visitor ids,
 * countries, the running summary and the policy for lines it cannot vouch for. The line
 * function and both streams drive it through {@link Engine}; nothing else reaches into it.
 *
 * Counting is per line and committed only when the line is done, so a line rewritten again after
 * its day's salt was loaded is counted once.
 */

import { type IpAddress, type TruncationPolicy, truncateIp, tryParseIp } from '@privkit/ip';
import {
  createMemorySaltStore,
  createVisitorHasher,
  VisitorHashError,
  type VisitorHasher,
} from '@privkit/visitor-hash';
import { CliError } from '../errors.js';
import type { LineContext, LineFormat } from '../formats/format.js';
import type { LogAnonymizerSummary, ResolvedOptions } from '../options.js';
import { createAddressScanner, type ScanCounts } from './scan.js';

/** A line that needs its day's visitor-id salt loaded before it can be rewritten. */
export class PendingSalt {
  /** @param at - an instant of the day whose salt is missing. */
  constructor(readonly at: number) {}
}

/** What {@link Engine.rewrite} gives back: the line, `undefined` to leave it out, or a wait. */
export type Rewritten = string | undefined | PendingSalt;

/** The engine the line function and the streams share. */
export interface Engine {
  /** Rewrites one line (without its break). Throws {@link CliError} under `onUnparsable: 'fail'`. */
  rewrite(line: string): Rewritten;
  /** Counts a line longer than the maximum (never written). Throws under `onUnparsable: 'fail'`. */
  tooLong(): void;
  /** Loads the salt a {@link PendingSalt} asked for. */
  prepare(pending: PendingSalt): Promise<void>;
  /** Counts so far. */
  readonly summary: Readonly<LogAnonymizerSummary>;
  /** The longest line kept, in characters. */
  readonly maxLineLength: number;
}

const TWO_LETTERS = /^[A-Za-z]{2}$/;

/** An empty summary. */
export function emptySummary(): LogAnonymizerSummary {
  return {
    lines: 0,
    masked: 0,
    unparsable: 0,
    unmatched: 0,
    tooLong: 0,
    noAddress: 0,
    empty: 0,
    dropped: 0,
    ipv4: 0,
    ipv6: 0,
  };
}

/**
 * Creates the engine for checked options.
 * @param options - options already checked by `resolveOptions`.
 * @param format - the format module's line reader.
 */
export function createEngine(options: ResolvedOptions, format: LineFormat): Engine {
  const policy: TruncationPolicy = options.truncate;
  const scanner = createAddressScanner(policy);
  const summary = emptySummary();
  const { onUnparsable, replacement, locate } = options;
  const scanLine = options.scan === 'line';
  if (scanner.mask(replacement, { ipv4: 0, ipv6: 0 }) !== replacement) {
    throw new CliError(
      'INVALID_OPTIONS',
      '"options.replacement" must not hold an IP address the truncation would change',
      {
        path: 'options.replacement',
      },
    );
  }

  let hasher: VisitorHasher | undefined;
  /** The time of the line being hashed: the hasher's clock follows the log, not the wall. */
  let logClock = Date.now();
  if (options.visitorId !== undefined) {
    const { tenant: _tenant, mode: _mode, store, ...rest } = options.visitorId;
    try {
      hasher = createVisitorHasher({ ...rest, store: store ?? createMemorySaltStore(), clock: () => logClock });
    } catch (cause) {
      throw new CliError('INVALID_OPTIONS', `"options.visitorId" is not valid for @privkit/visitor-hash`, {
        path: 'options.visitorId',
        cause,
      });
    }
  }
  const tenant = options.visitorId?.tenant ?? '';
  const visitorIds = options.visitorId === undefined ? 'off' : (options.visitorId.mode ?? 'column');

  // Per-line scratch.
  const counts: ScanCounts = { ipv4: 0, ipv6: 0 };
  let first: IpAddress | undefined;
  let wasMasked = false;
  let wasUnparsable = false;
  let wasUnmatched = false;
  let wasNoAddress = false;
  // The previous line's id: a page and its assets come in a burst from one visitor in one second.
  let lastIp: IpAddress | undefined;
  let lastAgent = '';
  let lastAt = Number.NaN;
  let lastId = '';

  const where = () => ({ path: `line ${summary.lines + 1}` });

  function maskOne(ip: IpAddress): string {
    if (ip.family === 4) counts.ipv4++;
    else counts.ipv6++;
    first ??= ip;
    return truncateIp(ip, policy);
  }

  const context: LineContext = {
    address(field) {
      const ip = tryParseIp(field);
      if (ip !== undefined) return maskOne(ip);
      if (field.indexOf(',') < 0) return undefined;
      // An X-Forwarded-For list: every entry must be an address, or the whole field is refused.
      const entries: IpAddress[] = [];
      for (const part of field.split(',')) {
        const entry = tryParseIp(part.startsWith(' ') ? part.slice(1) : part);
        if (entry === undefined) return undefined;
        entries.push(entry);
      }
      return entries.map(maskOne).join(', ');
    },
    scanValue(text) {
      return scanLine ? scanner.mask(text, counts) : text;
    },
    scanning: scanLine,
    unparsable() {
      if (onUnparsable === 'fail') {
        throw new CliError(
          'UNPARSABLE_ADDRESS',
          `line ${summary.lines + 1}: the address field is not an IP address`,
          where(),
        );
      }
      wasUnparsable = true;
      return onUnparsable === 'drop' ? undefined : replacement;
    },
    unmatched() {
      if (onUnparsable === 'fail') {
        throw new CliError(
          'UNMATCHED_LINE',
          `line ${summary.lines + 1}: the line is not in the ${options.format} format`,
          where(),
        );
      }
      wasUnmatched = true;
      return onUnparsable !== 'drop';
    },
    noAddress() {
      wasNoAddress = true;
    },
    visitorIds,
    countries: locate !== undefined,
    visitorId(userAgent, at) {
      const ip = first as IpAddress;
      const agent = userAgent === undefined || userAgent === '' ? '-' : userAgent;
      const when = at ?? Date.now();
      if (when === lastAt && agent === lastAgent && lastIp !== undefined && ip.equals(lastIp)) return lastId;
      logClock = when;
      let id: string;
      try {
        id = (hasher as VisitorHasher).idSync({ tenant, ip, userAgent: agent, at: when });
      } catch (error) {
        if (error instanceof VisitorHashError && error.code === 'SALT_NOT_LOADED') throw new PendingSalt(when);
        throw saltError(error, summary.lines + 1);
      }
      lastIp = ip;
      lastAgent = agent;
      lastAt = when;
      lastId = id;
      return id;
    },
    country() {
      if (locate === undefined || first === undefined) return undefined;
      const code = locate(first);
      // Whatever the callback returns, only a two-letter code reaches the log.
      return typeof code === 'string' && TWO_LETTERS.test(code) ? code.toUpperCase() : undefined;
    },
    columns(id) {
      let extra = '';
      if (id !== undefined && visitorIds === 'column') extra += ` ${id}`;
      if (locate !== undefined) extra += ` ${context.country() ?? '-'}`;
      return extra;
    },
    emptyColumns() {
      let extra = '';
      if (visitorIds === 'column') extra += ' -';
      if (locate !== undefined) extra += ' -';
      return extra;
    },
    masked() {
      wasMasked = true;
    },
    get first() {
      return first;
    },
  };

  function reset(): void {
    counts.ipv4 = counts.ipv6 = 0;
    first = undefined;
    wasMasked = wasUnparsable = wasUnmatched = wasNoAddress = false;
  }

  function commit(out: string | undefined): void {
    summary.lines++;
    if (wasUnmatched) summary.unmatched++;
    else if (wasUnparsable) summary.unparsable++;
    else if (wasMasked) summary.masked++;
    else if (wasNoAddress) summary.noAddress++;
    if (out === undefined) summary.dropped++;
    else {
      summary.ipv4 += counts.ipv4;
      summary.ipv6 += counts.ipv6;
    }
  }

  return {
    rewrite(line) {
      if (line.length === 0) {
        summary.lines++;
        summary.empty++;
        return line;
      }
      if (line.length > options.maxLineLength) {
        this.tooLong();
        return undefined;
      }
      reset();
      let out: string | undefined;
      try {
        out = format.rewrite(line, context);
      } catch (error) {
        if (error instanceof PendingSalt) return error;
        throw error;
      }
      // Everything the format did not read exactly is searched for addresses; a line it could not
      // read at all always is, whatever the scan setting.
      if (out !== undefined && (scanLine || wasUnmatched)) out = scanner.mask(out, counts);
      if (options.format === 'text') {
        if (counts.ipv4 + counts.ipv6 > 0) wasMasked = true;
        else wasNoAddress = true;
      }
      commit(out);
      return out;
    },
    tooLong() {
      if (onUnparsable === 'fail') {
        throw new CliError(
          'LINE_TOO_LONG',
          `line ${summary.lines + 1}: longer than ${options.maxLineLength} characters`,
          where(),
        );
      }
      summary.lines++;
      summary.tooLong++;
      summary.dropped++;
    },
    async prepare(pending) {
      logClock = pending.at;
      try {
        await (hasher as VisitorHasher).prepare(pending.at);
      } catch (error) {
        throw saltError(error, summary.lines + 1);
      }
    },
    summary,
    maxLineLength: options.maxLineLength,
  };
}

function saltError(error: unknown, line: number): CliError {
  const reason = error instanceof VisitorHashError ? error.code : 'unknown failure';
  return new CliError('SALT_UNAVAILABLE', `line ${line}: no visitor id (${reason})`, {
    path: `line ${line}`,
    cause: error,
  });
}
