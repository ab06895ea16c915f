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

/**
 * Rewrites split lines, handing each written line (with its break) to `write`; async only when a
 * day's salt must load.
 */
export function rewriteLines(
  engine: Engine,
  lines: readonly Line[],
  write: (text: string) => void,
): void | Promise<void> {
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
          if (written !== undefined) write(written + line.end);
        }
      })();
    }
    if (result !== undefined) write(result + end);
  }
}

/**
 * Text is decoded and encoded in pieces of at most this many bytes or characters. A string over
 * 128 KB is allocated apart from the young generation, and decoding a 256 KB read in one piece
 * (or encoding its output in one) cost the anonymiser a third of its time (issue 17).
 */
const PIECE = 1 << 15;

/** Output text encoded in pieces, gathered into one Buffer per input chunk. */
class Encoder {
  private parts: Buffer[] = [];
  private text = '';
  constructor(private readonly encoding: LogEncoding) {}
  readonly write = (text: string): void => {
    this.text += text;
    if (this.text.length >= PIECE) this.flush();
  };
  private flush(): void {
    if (this.text === '') return;
    this.parts.push(Buffer.from(this.text, this.encoding));
    this.text = '';
  }
  /** Everything written since the last call, or `undefined` when nothing was. */
  take(): Buffer | undefined {
    this.flush();
    const parts = this.parts;
    this.parts = [];
    return parts.length <= 1 ? parts[0] : Buffer.concat(parts);
  }
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

  const encoder = new Encoder(encoding);

  const emit = (stream: Transform, lines: Line[], callback: TransformCallback) => {
    let pending: void | Promise<void>;
    try {
      pending = rewriteLines(engine, lines, encoder.write);
    } catch (error) {
      callback(error as Error);
      return;
    }
    const push = () => {
      const out = encoder.take();
      if (out !== undefined) stream.push(out);
      callback();
    };
    if (pending === undefined) push();
    else pending.then(push, (error: unknown) => callback(error as Error));
  };

  /** The lines a chunk completes, decoded piece by piece. */
  const linesOf = (chunk: Buffer | string): Line[] => {
    if (typeof chunk === 'string') return splitter.push(chunk);
    if (chunk.length <= PIECE) return splitter.push(decoder.write(chunk));
    const lines: Line[] = [];
    for (let at = 0; at < chunk.length; at += PIECE) {
      for (const line of splitter.push(decoder.write(chunk.subarray(at, at + PIECE)))) lines.push(line);
    }
    return lines;
  };

  const stream = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      emit(this, linesOf(chunk), callback);
    },
    flush(callback) {
      emit(this, [...splitter.push(decoder.end()), ...splitter.end()], callback);
    },
  });
  Object.defineProperty(stream, 'summary', { get: () => engine.summary, enumerable: true });
  return stream as LogAnonymizer;
}
