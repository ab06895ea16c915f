/**
 * @module
 * The log anonymiser as a WHATWG `TransformStream` of text, for runtimes with web streams (Node,
 * Deno, Bun, workers): put a `TextDecoderStream` in front of it and a `TextEncoderStream` after.
 */

import { formatFor } from './formats/registry.js';
import { createEngine } from './internal/engine.js';
import { createLineSplitter } from './internal/lines.js';
import { rewriteLines } from './node-stream.js';
import { type LineAnonymizerOptions, type LogAnonymizerSummary, resolveOptions } from './options.js';

/**
 * A web `TransformStream` of log text with its running summary.
 *
 * @example
 * ```ts
 * import { createLogAnonymizerStream, type LogAnonymizerStream } from '@privkit/cli';
 * const stream: LogAnonymizerStream = createLogAnonymizerStream();
 * stream.summary.lines; // 0
 * ```
 */
export interface LogAnonymizerStream extends TransformStream<string, string> {
  /** Counts so far: lines, masked, unparsable, per family. */
  readonly summary: Readonly<LogAnonymizerSummary>;
}

/**
 * Creates a web `TransformStream` that anonymises access-log text. Each output chunk is the
 * anonymised complete lines of the text so far, each with its line break as it was; a final line
 * without a line break is written without one.
 *
 * @param options - format, masking and failure policy (see `createLineAnonymizer`).
 * @returns the stream, with a `summary` property.
 * @throws {@link CliError} `UNKNOWN_KEY` or `INVALID_OPTIONS` for a bad option.
 * @example
 * ```ts
 * import { createLogAnonymizerStream } from '@privkit/cli';
 *
 * const response = await fetch('https://logs.example/access.log');
 * const anonymized = response.body
 *   ?.pipeThrough(new TextDecoderStream())
 *   .pipeThrough(createLogAnonymizerStream({ truncate: 'ga' }))
 *   .pipeThrough(new TextEncoderStream());
 * ```
 */
export function createLogAnonymizerStream(options?: LineAnonymizerOptions): LogAnonymizerStream {
  const resolved = resolveOptions(options);
  const engine = createEngine(resolved, formatFor(resolved));
  const splitter = createLineSplitter('utf8', resolved.maxLineLength);
  const stream = new TransformStream<string, string>({
    async transform(chunk, controller) {
      let out = '';
      await rewriteLines(engine, splitter.push(chunk), (text) => {
        out += text;
      });
      if (out !== '') controller.enqueue(out);
    },
    async flush(controller) {
      let out = '';
      await rewriteLines(engine, splitter.end(), (text) => {
        out += text;
      });
      if (out !== '') controller.enqueue(out);
    },
  }) as LogAnonymizerStream;
  Object.defineProperty(stream, 'summary', { get: () => engine.summary, enumerable: true });
  return stream;
}
