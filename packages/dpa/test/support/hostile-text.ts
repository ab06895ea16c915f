/**
 * Generators of hostile text: every Markdown and HTML construct an attacker would try, every
 * kind of line break, bidirectional controls, invisible characters, and the letters of
 * right-to-left scripts.
 */
import fc from 'fast-check';

/** Line breaks of every kind a viewer may show. */
export const LINE_BREAKS = ['\r\n', '\r', '\n', '\v', '\f', '\u0085', '\u2028', '\u2029'] as const;

/** Pieces of Markdown syntax, block and inline, CommonMark and GFM. */
export const MARKDOWN_PIECES = [
  '#',
  '###### ',
  '>',
  '> ',
  '-',
  '- ',
  '+ ',
  '* ',
  '1. ',
  '2) ',
  '123456789. ',
  '---',
  '- - -',
  '***',
  '___',
  '===',
  '```',
  '~~~',
  '~~',
  '`',
  '*',
  '**',
  '_',
  '[',
  ']',
  '](x)',
  '![',
  '[x]: /url',
  '[^1]',
  '- [ ] ',
  '<',
  '>',
  '<b>',
  '</p>',
  '<script>',
  '<!--',
  '<div>',
  '<http://a.example>',
  '&amp;',
  '&#35;',
  '&#x23;',
  '&',
  '|',
  '| --- |',
  '\\',
  ':',
  '    ',
  ' ',
  '\t',
  '  ',
  'a',
  'Z',
  '9',
  '.',
  ')',
  '(',
  '=',
] as const;

/** Random text made of Markdown syntax, line breaks and letters. */
export const markdownText = fc
  .array(fc.constantFrom(...MARKDOWN_PIECES, ...LINE_BREAKS), { minLength: 1, maxLength: 14 })
  .map((parts) => parts.join(''));

/** Pieces of HTML, and characters that end attributes or open references. */
export const HTML_PIECES = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</td></tr></table>',
  '</style>',
  '<![CDATA[',
  ']]>',
  '-->',
  '"',
  "'",
  '&lt;',
  '&#60;',
  '<svg/onload=alert(1)>',
  '<a href="javascript:alert(1)">',
] as const;

/** Explicit bidirectional controls (UAX #9 §2), marks, and invisible characters. */
export const BIDI_PIECES = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  '\uFEFF',
  'שלום',
  'مرحبا',
] as const;

/** Random hostile text: Markdown, HTML, line breaks, bidirectional controls, right-to-left letters. */
export const hostileText = fc
  .array(fc.constantFrom(...MARKDOWN_PIECES, ...LINE_BREAKS, ...HTML_PIECES, ...BIDI_PIECES), {
    minLength: 1,
    maxLength: 24,
  })
  .map((parts) => parts.join(''));

const NO_LATIN = /[A-Za-wyz]/;

/**
 * Random text whose only ASCII letter is `x`, with bidirectional controls: a checker can tell
 * the renderer's own words (every other ASCII letter) apart from it.
 */
export const bidiText = fc
  .array(
    fc.constantFrom(
      ...[...MARKDOWN_PIECES, ...LINE_BREAKS, ...HTML_PIECES].filter((p) => !NO_LATIN.test(p)),
      ...BIDI_PIECES,
      ...BIDI_PIECES,
      'x',
    ),
    { minLength: 1, maxLength: 24 },
  )
  .map((parts) => parts.join(''));
