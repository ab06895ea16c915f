/**
 * An independent check of rendered Markdown: `markdown-it` (CommonMark with GFM tables and
 * strikethrough, raw HTML recognised) parses the output, and the document's structure (every
 * block and inline token but text, in order) is compared with the same document rendered from
 * harmless text. A field that opened anything (a list item, a rule, a heading, a code span, a
 * link, an HTML tag, a table cell, a line break) changes that structure. The check shares no code
 * with the renderer's escaping.
 */
import MarkdownIt, { type Token } from 'markdown-it';

const parser = new MarkdownIt({ html: true, linkify: false, typographer: false });

/** The token types of a Markdown document but text (its structure), in order. */
export function markdownShape(markdown: string): string[] {
  const out: string[] = [];
  const walk = (tokens: readonly Token[]) => {
    for (const t of tokens) {
      if (t.type === 'inline') {
        walk(t.children ?? []);
        continue;
      }
      if (t.type !== 'text') out.push(`${t.type}:${t.tag}:${t.nesting}`);
    }
  };
  walk(parser.parse(markdown, {}));
  return out;
}

/** The text a reader sees, one entry per inline run, white space collapsed. */
export function markdownTexts(markdown: string): string[] {
  const out: string[] = [];
  for (const t of parser.parse(markdown, {}))
    if (t.type === 'inline')
      out.push(collapse((t.children ?? []).map((c) => (c.type === 'text' ? c.content : '')).join('')));
  return out;
}

/** Every line break a viewer may show (CR LF, CR, LF, VT, FF, NEL, LS, PS) as a space, runs of white space as one. */
export function collapse(text: string): string {
  return text
    .replace(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
