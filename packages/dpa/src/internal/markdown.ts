/**
 * @module
 * Escaping of model text for Markdown (CommonMark 0.31 with GFM tables and strikethrough), so
 * that a field is shown as the text it holds and can never open a block or an inline element of
 * its own. Never exported.
 *
 * The promise: parsed by a CommonMark parser, a rendered field is one run of text equal to the
 * field with each line break replaced by a space. How it is kept:
 *
 * - Every line break a viewer may show as a new line (CR LF, CR, LF, VT, FF, NEL U+0085, LS
 *   U+2028, PS U+2029) becomes a space. CommonMark ends lines at CR, LF and CR LF only (spec
 *   §2.1), but a field that reaches another tool (an editor, a diff, a converter) must not start
 *   a line there either.
 * - The ASCII punctuation that opens inline constructs is backslash-escaped (§2.4): `\` `` ` ``
 *   `*` `_` `[` `]` `<` `>` `|` `#` `~`, and `&` where it could start an entity or numeric
 *   character reference (§2.5). That covers code spans, emphasis, links, images, autolinks, raw
 *   HTML, GFM strikethrough and table cell separators, and ATX closing sequences.
 * - At the start of a line (a paragraph, a list item) the block markers that escaping everywhere
 *   would make unreadable are escaped there only: a leading `-`, `+` or `=` (bullet lists,
 *   thematic breaks, setext underlines, §4.1, §4.3, §5.2) and the `.` or `)` after leading digits
 *   (ordered lists, §5.2). Leading spaces and tabs are written as character references, so they
 *   can neither make an indented code block (§4.4) nor leave a blank line.
 */

// CR LF first, so it becomes one space rather than two.
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
const INLINE = /[\\`*_[\]<>|#~]|&(?=[#A-Za-z0-9])/g;
// Control characters other than tab and line breaks (a retention rule's text may hold them):
// shown as U+FFFD, never sent to a terminal or an editor as they are.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it replaces
export const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
// A quick test for text that needs none of the rewriting below (most model text).
// biome-ignore lint/suspicious/noControlCharactersInRegex: text with control characters is not plain
const PLAIN = /^(?![-+=\d \t])[^\\`*_[\]<>|#~&\u0000-\u001F\u007F-\u009F\u2028\u2029]*$/;
const LEADING_BLANKS = /^[ \t]+/;
const ORDERED_MARKER = /^(\d+)([.)])/;

/** Text for an inline position: a heading, a table cell, the rest of a line after a label. */
export function markdownInline(text: string): string {
  if (PLAIN.test(text)) return text;
  return text
    .replace(LINE_BREAK, ' ')
    .replace(CONTROL, '\uFFFD')
    .replace(INLINE, (c) => `\\${c}`);
}

/** Text at the start of a line: a paragraph or a list item's content. */
export function markdownLine(text: string): string {
  if (PLAIN.test(text)) return text;
  let out = markdownInline(text);
  const blanks = LEADING_BLANKS.exec(out);
  if (blanks !== null) {
    const refs = blanks[0].replace(/ /g, '&#32;').replace(/\t/g, '&#9;');
    return refs + out.slice(blanks[0].length);
  }
  const first = out.charCodeAt(0);
  if (first === 0x2d /* - */ || first === 0x2b /* + */ || first === 0x3d /* = */) return `\\${out}`;
  out = out.replace(ORDERED_MARKER, '$1\\$2');
  return out;
}
