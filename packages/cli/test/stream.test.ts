import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createStatelessSaltSource } from '@privkit/visitor-hash';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CliError,
  createLineAnonymizer,
  createLogAnonymizer,
  createLogAnonymizerStream,
  type LineAnonymizerOptions,
} from '../src/index.js';

const combined = readFileSync(new URL('./fixtures/apache-combined.log', import.meta.url));
const jsonl = readFileSync(new URL('./fixtures/app.jsonl', import.meta.url));
const SECRET = 'q7Vd2pX9sLk3mN8bR4tW6yZ1cF5gH0jAzu3Ke9Lw2PbT';

/** The reference: line by line through createLineAnonymizer, joined again. */
async function byLines(input: Buffer, options: LineAnonymizerOptions, encoding: 'latin1' | 'utf8' = 'latin1') {
  const anonymizer = createLineAnonymizer(options);
  const text = input.toString(encoding);
  const lines = text.split('\n');
  const last = lines.pop() as string;
  const out: string[] = [];
  for (const line of lines) {
    const r = await anonymizer.line(line);
    if (r !== undefined) out.push(`${r}\n`);
  }
  if (last !== '') {
    const r = await anonymizer.line(last);
    if (r !== undefined) out.push(r);
  }
  return Buffer.from(out.join(''), encoding);
}

function chunks(input: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    parts.push(input.subarray(from, c));
    from = c;
  }
  parts.push(input.subarray(from));
  return parts.filter((p) => p.length > 0);
}

async function throughNode(parts: Buffer[], options: LineAnonymizerOptions) {
  const stream = createLogAnonymizer(options);
  const out = await buffer(Readable.from(parts).pipe(stream));
  return { out, summary: stream.summary };
}

async function throughWeb(parts: Buffer[], options: LineAnonymizerOptions) {
  const stream = createLogAnonymizerStream(options);
  const text = parts.map((p) => p.toString('latin1'));
  const readable = new ReadableStream<string>({
    start(controller) {
      for (const t of text) controller.enqueue(t);
      controller.close();
    },
  }).pipeThrough(stream);
  let out = '';
  for await (const chunk of readable as unknown as AsyncIterable<string>) out += chunk;
  return Buffer.from(out, 'latin1');
}

const OPTION_SETS: [string, LineAnonymizerOptions][] = [
  ['combined, anonip preset', { truncate: 'anonip' }],
  [
    'combined, visitor id column + country',
    { visitorId: { tenant: 't', store: createStatelessSaltSource({ secret: SECRET }) }, locate: () => 'DE' },
  ],
  ['combined, drop', { onUnparsable: 'drop' }],
  ['common', { format: 'common' }],
];

describe('Node Transform and web TransformStream', () => {
  for (const [name, options] of OPTION_SETS) {
    it(`${name}: same bytes as line by line, however the input is cut`, async () => {
      const input = Buffer.concat([
        combined,
        Buffer.from(
          '198.51.100.9 - - [24/Nov/2026:00:10:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"\r\n\n2001:db8::9 ' +
            '- - [24/Nov/2026:00:10:01 +0000] "GET / HTTP/1.1" 200 1',
        ),
      ]);
      const expected = await byLines(input, options);
      const lines = createLineAnonymizer(options);
      await lines.line(input.toString('latin1'));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (cuts) => {
          const parts = chunks(input, cuts);
          const node = await throughNode(parts, options);
          expect(node.out.equals(expected)).toBe(true);
          // Counted alike however the input is cut: a CR LF split between chunks is one break.
          expect(node.summary).toEqual(lines.summary);
          expect((await throughWeb(parts, options)).equals(expected)).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('JSON Lines through the stream (utf8)', async () => {
    const options: LineAnonymizerOptions = { format: 'jsonl', field: 'client.ip' };
    const expected = await byLines(jsonl, options, 'utf8');
    const { out, summary } = await throughNode(chunks(jsonl, [7, 100, 101, 333]), options);
    expect(out.toString('utf8')).toBe(expected.toString('utf8'));
    expect(summary).toMatchObject({ lines: 6, masked: 3, unparsable: 1, unmatched: 1 });
  });

  it('bytes that are not UTF-8 pass through unchanged', async () => {
    const line = Buffer.concat([
      Buffer.from('198.51.100.23 - - [23/Nov/2026:10:00:00 +0000] "GET /caf'),
      Buffer.from([0xe9, 0xff, 0xfe]),
      Buffer.from(' HTTP/1.1" 200 5\n'),
    ]);
    const { out } = await throughNode([line], {});
    expect(out.subarray(10).equals(line.subarray(13))).toBe(true);
    expect(out.subarray(0, 10).toString()).toBe('198.51.0.0');
  });

  it('loads the salt of each day as the log reaches it, mid-chunk', async () => {
    const days = ['21', '22', '23'].map(
      (d) => `198.51.100.23 - - [${d}/Nov/2026:12:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n`,
    );
    const { out, summary } = await throughNode([Buffer.from(days.join('') + days[2])], { visitorId: { tenant: 't' } });
    const ids = out
      .toString()
      .trimEnd()
      .split('\n')
      .map((l) => l.split(' ').at(-1));
    expect(new Set(ids.slice(0, 3)).size).toBe(3);
    expect(ids[3]).toBe(ids[2]);
    expect(summary).toMatchObject({ lines: 4, masked: 4 });
  });

  it('fail policy errors the stream with the typed error', async () => {
    const stream = createLogAnonymizer({ onUnparsable: 'fail' });
    const done = buffer(Readable.from([Buffer.from('198.51.100.23 x\n0177.0.0.1 x\n')]).pipe(stream));
    await expect(done).rejects.toBeInstanceOf(CliError);
  });
});
