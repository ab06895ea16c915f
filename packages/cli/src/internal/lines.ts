/**
 * @module
 * Splitting a stream of log text into lines at every line break a log viewer shows, in linear
 * time and bounded memory.
 *
 * A line break is each mandatory break of Unicode's line-breaking algorithm (UAX #14, classes
 * BK, CR, LF and NL: LF, VT, FF, CR, CR LF, NEL U+0085, LS U+2028, PS U+2029) and the
 * information separators FS, GS and RS that Python's `str.splitlines()` also breaks at. A log
 * that reaches the anonymiser with any of them inside a "line" is, to whoever reads it later,
 * several lines, and each is anonymised as one. Each break is kept as it was, so a CR LF or CR
 * log comes out with the same line ends.
 *
 * Text read as latin1 (bytes) keeps its bytes: there the UTF-8 encodings of NEL, LS and PS
 * (`C2 85`, `E2 80 A8`, `E2 80 A9`) are the breaks a UTF-8 viewer shows; a lone byte 85 is not
 * one (it is `…` in Windows-1252, and a continuation byte in UTF-8 text).
 *
 * A line longer than the maximum is never held whole: its characters are dropped as they arrive
 * and the line is reported as too long when its break comes, so memory stays bounded and the
 * work linear whatever the input.
 */

/** How the text was decoded: latin1 (one character per byte) or UTF-8. */
export type TextEncoding = 'latin1' | 'utf8';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the breaks are control characters
const UTF8_BREAKS = /\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the breaks are control characters
const LATIN1_BREAKS = /\r\n|[\n\v\f\r\x1c-\x1e]|\xc2\x85|\xe2\x80[\xa8\xa9]/g;
const BREAKS: Record<TextEncoding, RegExp> = { utf8: UTF8_BREAKS, latin1: LATIN1_BREAKS };

/** The ends of a chunk that may be the start of a break completed by the next chunk. */
const PARTIAL: Record<TextEncoding, RegExp> = {
  utf8: /\r$/,
  latin1: /(?:\r|\xc2|\xe2\x80?)$/,
};

/** One piece of output of {@link LineSplitter}: a line and the break that ended it. */
export interface Line {
  /** The line without its break; `undefined` when it was longer than the maximum. */
  readonly text: string | undefined;
  /** The break that ended it, as it was; `''` for a last line without one. */
  readonly end: string;
}

/** Splits text fed in chunks into lines. */
export interface LineSplitter {
  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: string): Line[];
  /** Ends the input; returns the last line if there is one (without a break). */
  end(): Line[];
}

/**
 * Creates a splitter.
 * @param encoding - how the text was decoded.
 * @param maxLength - the longest line kept, in characters.
 */
export function createLineSplitter(encoding: TextEncoding, maxLength: number): LineSplitter {
  const breaks = new RegExp(BREAKS[encoding].source, 'g');
  const partial = PARTIAL[encoding];
  /** The current line's text so far, in parts (never joined until the line ends). */
  let parts: string[] = [];
  let length = 0;
  let tooLong = false;
  /** Characters held back because a break may continue in the next chunk. */
  let held = '';

  const add = (piece: string) => {
    if (tooLong || piece === '') return;
    if (length + piece.length > maxLength) {
      tooLong = true;
      parts = [];
      length = 0;
      return;
    }
    parts.push(piece);
    length += piece.length;
  };

  const finish = (end: string): Line => {
    const text = tooLong ? undefined : parts.length === 1 ? (parts[0] as string) : parts.join('');
    parts = [];
    length = 0;
    tooLong = false;
    return { text, end };
  };

  const split = (chunk: string, final: boolean): Line[] => {
    let text = chunk;
    // A CR (or the first bytes of a UTF-8 NEL, LS or PS) at the end may be half of a break the
    // next chunk completes: hold it back rather than read it as a break of its own.
    if (!final) {
      const tail = partial.exec(text);
      if (tail !== null) {
        held = tail[0];
        text = text.slice(0, text.length - held.length);
      }
    }
    const lines: Line[] = [];
    breaks.lastIndex = 0;
    let from = 0;
    let match = breaks.exec(text);
    while (match !== null) {
      add(text.slice(from, match.index));
      from = match.index + match[0].length;
      lines.push(finish(match[0]));
      match = breaks.exec(text);
    }
    add(text.slice(from));
    return lines;
  };

  return {
    push(chunk) {
      const text = held + chunk;
      held = '';
      return split(text, false);
    },
    end() {
      const lines = split(held, true);
      held = '';
      if (length > 0 || tooLong) lines.push(finish(''));
      return lines;
    },
  };
}
