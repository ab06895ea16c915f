/**
 * @module
 * The log anonymiser as a WHATWG `TransformStream` of text, for runtimes with web streams (Node,
 * Deno, Bun, workers): put a `TextDecoderStream` in front of it and a `TextEncoderStream` after.
 */

import {
  createLineAnonymizer,
  isSaltPending,
  type LineAnonymizerOptions,
  type LogAnonymizerSummary,
} from './anonymizer.js';

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
 * anonymised complete lines of the text so far, each ending in `\n`; a final line without a
 * line break is written without one.
 *
 * @param options - format, masking and failure policy (see {@link createLineAnonymizer}).
 * @returns the stream, with a `summary` property.
 * @throws TypeError or RangeError for an invalid option.
 * @example
 * ```ts
 * import { createLogAnonymizerStream } from '@privkit/cli';
 *
 * const response = await fetch('https://logs.example/access.log');
 * const anonymized = response.body!
 *   .pipeThrough(new TextDecoderStream())
 *   .pipeThrough(createLogAnonymizerStream({ truncate: 'ga' }))
 *   .pipeThrough(new TextEncoderStream());
 * ```
 */
export function createLogAnonymizerStream(options: LineAnonymizerOptions = {}): LogAnonymizerStream {
  const anonymizer = createLineAnonymizer(options);
  let tail = '';
  const run = async (lines: string[], final: boolean, controller: TransformStreamDefaultController<string>) => {
    const out: string[] = [];
    for (const text of lines) {
      let result: string | undefined;
      try {
        result = anonymizer.line(text);
      } catch (error) {
        if (!isSaltPending(error)) throw error;
        result = await anonymizer.lineAsync(text);
      }
      if (result !== undefined) out.push(result);
    }
    if (out.length > 0) controller.enqueue(final ? out.join('\n') : `${out.join('\n')}\n`);
  };
  const stream = new TransformStream<string, string>({
    transform(chunk, controller) {
      const text = tail + chunk;
      const cut = text.lastIndexOf('\n');
      if (cut < 0) {
        tail = text;
        return;
      }
      tail = text.slice(cut + 1);
      return run(text.slice(0, cut).split('\n'), false, controller);
    },
    flush(controller) {
      const text = tail;
      tail = '';
      if (text !== '') return run([text], true, controller);
    },
  }) as LogAnonymizerStream;
  Object.defineProperty(stream, 'summary', { get: () => anonymizer.summary, enumerable: true });
  return stream;
}
