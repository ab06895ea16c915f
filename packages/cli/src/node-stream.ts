/**
 * @module
 * The log anonymiser as a Node.js `Transform` stream: bytes in, bytes out, one output chunk per
 * input chunk, so a pipe from a web server (`CustomLog "|privkit logs anonymize"`) writes each
 * line as soon as it arrives. A line split across chunks waits for its end (held in parts, never
 * re-copied, and given up once longer than the maximum); a last line without a line break is
 * written without one.
 */

import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { oneOf, own } from '@privkit/internal/check';
import { rewriteLine } from './anonymizer.js';
import { raise } from './errors.js';
import { formatFor } from './formats/registry.js';
import { createEngine, type Engine, PendingSalt } from './internal/engine.js';
import { createLineSplitter, type Line } from './internal/lines.js';
import { type LineAnonymizerOptions, type LogAnonymizerSummary, resolveOptions } from './options.js';

/**
 * A Node.js `Transform` that anonymises access-log bytes, with its running summary.
 *
 * @example
 * ```ts
 * import { createLogAnonymizer, type LogAnonymizer } from '@privkit/cli';
 * const stream: LogAnonymizer = createLogAnonymizer();
 * stream.on('finish', () => console.error(stream.summary));
 * ```
 */
export type LogAnonymizer = Transform & {
  /** Counts so far: lines, masked, unparsable, per family. */
  readonly summary: Readonly<LogAnonymizerSummary>;
};

/**
 * How a stream turns bytes into text: `latin1` (default for every format but `jsonl`) maps each
 * byte to one character and back, so bytes that are not UTF-8 come out exactly as they went in;
 * `utf8` (default for `jsonl`) decodes UTF-8, with U+FFFD for invalid bytes.
 *
 * @example
 * ```ts
 * import type { LogEncoding } from '@privkit/cli';
 * const encoding: LogEncoding = 'utf8';
 * ```
 */
export type LogEncoding = 'latin1' | 'utf8';

/** Options of {@link createLogAnonymizer}: the line options plus the text encoding. */
export interface LogAnonymizerOptions extends LineAnonymizerOptions {
  /** How bytes become text; see {@link LogEncoding}. */
  encoding?: LogEncoding;
}

/** Rewrites split lines into one string of output; async only when a day's salt must load. */
export function rewriteLines(engine: Engine, lines: readonly Line[]): string | Promise<string> {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const { text, end } = lines[i] as Line;
    if (text === undefined) {
      engine.tooLong();
      continue;
    }
    const result = engine.rewrite(text);
    if (result instanceof PendingSalt) {
      const from = i;
      return (async () => {
        for (let j = from; j < lines.length; j++) {
          const line = lines[j] as Line;
          if (line.text === undefined) {
            engine.tooLong();
            continue;
          }
          const written = await rewriteLine(engine, line.text);
          if (written !== undefined) out += written + line.end;
        }
        return out;
      })();
    }
    if (result !== undefined) out += result + end;
  }
  return out;
}

/**
 * Creates a Node.js `Transform` that anonymises an access log: write the log's bytes in, read
 * the anonymised bytes out. Every line break a viewer shows ends a line (LF, CR LF, CR, VT, FF,
 * NEL, U+2028, U+2029), and each is written back as it was.
 *
 * @param options - format, masking, failure policy and encoding (see `createLineAnonymizer`).
 * @returns the stream, with a `summary` property.
 * @throws {@link CliError} `UNKNOWN_KEY` or `INVALID_OPTIONS` for a bad option.
 * @example
 * ```ts
 * import { createReadStream, createWriteStream } from 'node:fs';
 * import { pipeline } from 'node:stream/promises';
 * import { createLogAnonymizer } from '@privkit/cli';
 *
 * const anonymizer = createLogAnonymizer({ truncate: 'anonip' });
 * await pipeline(createReadStream('access.log'), anonymizer, createWriteStream('access.anon.log'));
 * console.error(anonymizer.summary); // { lines: …, masked: …, unparsable: …, ipv4: …, ipv6: … }
 * ```
 */
export function createLogAnonymizer(options?: LogAnonymizerOptions): LogAnonymizer {
  const resolved = resolveOptions(options, ['encoding']);
  const given = options === undefined ? undefined : own(options, 'encoding');
  const encoding: LogEncoding =
    given === undefined
      ? resolved.format === 'jsonl'
        ? 'utf8'
        : 'latin1'
      : oneOf(given, ['latin1', 'utf8'] as const, 'options.encoding', raise, 'INVALID_OPTIONS');
  const engine = createEngine(resolved, formatFor(resolved));
  const decoder = new StringDecoder(encoding);
  const splitter = createLineSplitter(encoding, resolved.maxLineLength);

  const emit = (stream: Transform, lines: Line[], callback: TransformCallback) => {
    let out: string | Promise<string>;
    try {
      out = rewriteLines(engine, lines);
    } catch (error) {
      callback(error as Error);
      return;
    }
    const push = (text: string) => {
      if (text !== '') stream.push(Buffer.from(text, encoding));
      callback();
    };
    if (typeof out === 'string') push(out);
    else out.then(push, (error: unknown) => callback(error as Error));
  };

  const stream = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      emit(this, splitter.push(text), callback);
    },
    flush(callback) {
      emit(this, [...splitter.push(decoder.end()), ...splitter.end()], callback);
    },
  });
  Object.defineProperty(stream, 'summary', { get: () => engine.summary, enumerable: true });
  return stream as LogAnonymizer;
}
