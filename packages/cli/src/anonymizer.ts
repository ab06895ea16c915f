/**
 * @module
 * The line anonymiser: rewrites the client addresses of access-log lines (truncated networks,
 * daily visitor ids, a country column) and masks every other address in them, for code that
 * already has lines (a queue consumer, a log shipper's callback). The streams in
 * `node-stream.ts` and `web-stream.ts` drive the same engine over bytes and text.
 *
 * It fails closed. anonip, the tool most sites use, writes a line unchanged when its address does
 * not parse, so an `X-Forwarded-For` list, an octal IPv4 form (`0177.0.0.1`) or a host name
 * reaches the "anonymised" log in full. Here a line is written only once the anonymiser can vouch
 * that no address in it survives: an address field that is not exactly one strict address (or a
 * list of them) is replaced, a line that is not in the format has every address in it masked,
 * and both are counted so the run can end non-zero.
 */

import { CliError } from './errors.js';
import { formatFor } from './formats/registry.js';
import { createEngine, type Engine, PendingSalt } from './internal/engine.js';
import { createLineSplitter, type Line } from './internal/lines.js';
import { type LineAnonymizerOptions, type LogAnonymizerSummary, resolveOptions } from './options.js';

/** A configured line anonymiser. Holds no address beyond the line it is working on. */
export interface LineAnonymizer {
  /**
   * Anonymises one line (without its line break), loading the day's visitor-id salt first when
   * it needs one. Text with line breaks inside (CR, NEL, U+2028, …) is several lines: each is
   * anonymised, and they are joined again with their breaks.
   * @param text - the line.
   * @returns the anonymised line, or `undefined` when it is left out.
   * @throws {@link CliError} `UNPARSABLE_ADDRESS`, `UNMATCHED_LINE` or `LINE_TOO_LONG` under
   *   `onUnparsable: 'fail'`.
   * @throws {@link CliError} `SALT_UNAVAILABLE` when the day's salt cannot be loaded.
   */
  line(text: string): Promise<string | undefined>;
  /**
   * Like {@link LineAnonymizer.line}, synchronously, for a day whose visitor-id salt is already
   * loaded (or without visitor ids).
   * @param text - the line.
   * @returns the anonymised line, or `undefined` when it is left out.
   * @throws {@link CliError} `SALT_NOT_LOADED` when a visitor id needs a day's salt that is not
   *   loaded yet (call {@link LineAnonymizer.line} instead), and what `line` throws.
   */
  lineSync(text: string): string | undefined;
  /** Counts so far. */
  readonly summary: Readonly<LogAnonymizerSummary>;
}

/** The lines of `text`: every break a viewer shows ends one. */
function linesOf(engine: Engine, text: string): Line[] {
  if (text === '') return [{ text, end: '' }];
  const splitter = createLineSplitter('utf8', engine.maxLineLength);
  return [...splitter.push(text), ...splitter.end()];
}

/** Rewrites one line, loading its day's salt first when it needs one. */
export async function rewriteLine(engine: Engine, line: string): Promise<string | undefined> {
  let result = engine.rewrite(line);
  if (result instanceof PendingSalt) {
    await engine.prepare(result);
    result = engine.rewrite(line);
    // Loaded, and still missing: the store gave a salt for another day.
    if (result instanceof PendingSalt) {
      const at = engine.summary.lines + 1;
      throw new CliError('SALT_UNAVAILABLE', `line ${at}: no visitor id (the salt did not load)`, {
        path: `line ${at}`,
      });
    }
  }
  return result;
}

/**
 * Creates a line anonymiser: the engine under `createLogAnonymizer` and
 * `createLogAnonymizerStream`, for code that already has lines.
 *
 * @param options - format, masking and failure policy; all optional.
 * @returns the anonymiser, with its running {@link LogAnonymizerSummary}.
 * @throws {@link CliError} `UNKNOWN_KEY` for an option it does not know, `INVALID_OPTIONS` for a
 *   bad value or an option that does not apply to the format.
 * @example
 * ```ts
 * import { createLineAnonymizer } from '@privkit/cli';
 *
 * const anonymizer = createLineAnonymizer({ truncate: { ipv4: 20, ipv6: 44 } });
 * await anonymizer.line('198.51.100.23 - - [23/Nov/2026:10:00:00 +0000] "GET /?from=203.0.113.9 HTTP/1.1" 200 512');
 * // '198.51.96.0 - - [23/Nov/2026:10:00:00 +0000] "GET /?from=203.0.112.0 HTTP/1.1" 200 512'
 * await anonymizer.line('0177.0.0.1 - - [23/Nov/2026:10:00:02 +0000] "GET / HTTP/1.1" 200 5');
 * // '0.0.0.0 - - …' (an octal form never passes through; counted as unparsable)
 * anonymizer.summary.unparsable; // 1
 * ```
 */
export function createLineAnonymizer(options?: LineAnonymizerOptions): LineAnonymizer {
  const resolved = resolveOptions(options);
  const engine = createEngine(resolved, formatFor(resolved));
  const notLoaded = (): never => {
    throw new CliError(
      'SALT_NOT_LOADED',
      `line ${engine.summary.lines + 1}: the visitor-id salt of this line's day is not loaded: use line()`,
      { path: `line ${engine.summary.lines + 1}` },
    );
  };
  return {
    async line(text) {
      let out: string | undefined;
      for (const { text: piece, end } of linesOf(engine, text)) {
        let written: string | undefined;
        if (piece === undefined) engine.tooLong();
        else written = await rewriteLine(engine, piece);
        if (written !== undefined) out = (out ?? '') + written + end;
      }
      return out;
    },
    lineSync(text) {
      let out: string | undefined;
      for (const { text: piece, end } of linesOf(engine, text)) {
        let written: string | undefined;
        if (piece === undefined) engine.tooLong();
        else {
          const result = engine.rewrite(piece);
          if (result instanceof PendingSalt) notLoaded();
          else written = result;
        }
        if (written !== undefined) out = (out ?? '') + written + end;
      }
      return out;
    },
    get summary() {
      return engine.summary;
    },
  };
}
