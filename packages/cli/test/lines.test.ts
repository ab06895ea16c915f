/**
 * The line splitter: every break a viewer shows ends a line, each is kept as it was, the lines
 * are the same however the text is cut into chunks (a CR LF or a UTF-8 LS split between two
 * chunks is one break), and a line over the maximum is never held whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineSplitter, type Line, type TextEncoding } from '../src/internal/lines.js';

function split(encoding: TextEncoding, chunks: string[], max = 1000): Line[] {
  const splitter = createLineSplitter(encoding, max);
  return [...chunks.flatMap((c) => splitter.push(c)), ...splitter.end()];
}

describe('createLineSplitter', () => {
  it.each([
    ['latin1', 'a\nb\r\nc\rd\ve\ff\x1cg\x1dh\x1ei\xc2\x85j\xe2\x80\xa8k\xe2\x80\xa9l', 12],
    ['utf8', 'a\nb\r\nc\rd\ve\ff\x1cg\x1dh\x1ei\x85j\u2028k\u2029l', 12],
  ] as const)('%s: every break ends a line and is kept', (encoding, text, count) => {
    const lines = split(encoding, [text]);
    expect(lines).toHaveLength(count);
    expect(lines.map((l) => `${l.text}${l.end}`).join('')).toBe(text);
  });

  it('latin1: a lone byte 85 is no break (… in Windows-1252, a UTF-8 continuation byte)', () => {
    expect(split('latin1', ['\xd1\x85 \x85'])).toEqual([{ text: '\xd1\x85 \x85', end: '' }]);
  });

  it('the same lines however the text is cut', () => {
    const piece = fc.constantFrom(
      'a',
      ' ',
      '\n',
      '\r',
      '\r\n',
      '\v',
      '\xc2\x85',
      '\xe2\x80\xa8',
      '\xe2',
      '\xc2',
      '\x80',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 10 }), (pieces, cuts) => {
        const text = pieces.join('');
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const c of at) {
          chunks.push(text.slice(from, c));
          from = c;
        }
        chunks.push(text.slice(from));
        expect(split('latin1', chunks)).toEqual(split('latin1', [text]));
      }),
      { numRuns: 5000 },
    );
  });

  it('a line over the maximum is reported without its text, in parts or whole', () => {
    expect(split('latin1', ['abcd', 'ef\nok\n', 'x'], 5)).toEqual([
      { text: undefined, end: '\n' },
      { text: 'ok', end: '\n' },
      { text: 'x', end: '' },
    ]);
    expect(split('latin1', ['abcdef'], 5)).toEqual([{ text: undefined, end: '' }]);
  });
});
