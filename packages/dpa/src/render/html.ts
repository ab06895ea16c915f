/**
 * @module
 * HTML rendering of the three documents: a complete, standalone page with semantic structure
 * (one `main`, sections under headings, `dl` for fields, tables with `caption` and `th scope`),
 * a language, and CSS for screen and print (A4 margins, no page break inside a table row, link
 * targets printed). Byte-deterministic.
 */

import { boolean, own } from '@privkit/internal/check';
import { raise } from '../errors.js';
import { CONTROL } from '../internal/markdown.js';
import type { PrivacyModel } from '../model.js';
import { options as readOptions } from '../options.js';
import type { Block, DocumentKind } from './blocks.js';
import { documentTree } from './tree.js';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Produce only the `<article>` element, for embedding in your own page (default: a whole page). */
  readonly fragment?: boolean;
  /** Replace the built-in stylesheet (ignored with `fragment`). */
  readonly css?: string;
}

/**
 * The built-in stylesheet: readable on screen, A4 in print.
 *
 * @example
 * ```ts
 * import { DEFAULT_CSS, parseModel, renderHtml } from '@privkit/dpa';
 *
 * const model = parseModel({
 *   id: 'm',
 *   parties: [{ id: 'shop', name: 'Shop GmbH' }, { id: 'acme', name: 'Acme SA' }],
 *   activities: [],
 *   documents: {
 *     dpa: { id: 'dpa', controller: 'shop', processor: 'acme', activities: [] },
 *     notice: { id: 'notice', controller: 'shop', activities: [] },
 *   },
 * });
 * renderHtml(model, 'dpa', { css: `${DEFAULT_CSS} body { font-family: Georgia, serif; }` });
 * ```
 */
export const DEFAULT_CSS = `:root{color:#111;background:#fff}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.8rem}h2{font-size:1.35rem;margin-top:2rem;border-bottom:1px solid #555}h3{font-size:1.1rem}
dl{display:grid;grid-template-columns:minmax(10rem,auto) 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
dd ul{margin:0;padding-left:1.2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}caption{text-align:left;font-style:italic;padding:.25rem 0}
th,td{border:1px solid #555;padding:.3rem .4rem;text-align:left;vertical-align:top}th{background:#eee}
@media print{@page{size:A4;margin:20mm 18mm}body{margin:0;max-width:none;font-size:10.5pt}
h2,h3{break-after:avoid}tr,dl{break-inside:avoid}thead{display:table-header-group}
a[href^="http"]::after{content:" (" attr(href) ")"}}`;

// The stylesheet is written into a <style> element, whose text ends at the first "</style"
// (HTML Living Standard §13.1.2.6, raw text elements): refuse it rather than let a sheet close the
// element and open markup of its own.
function styleSheet(value: unknown): string {
  if (typeof value !== 'string') throw raise('INVALID_OPTIONS', 'options.css', '"options.css" must be a string');
  if (/<\/style/i.test(value)) {
    throw raise(
      'INVALID_OPTIONS',
      'options.css',
      '"options.css" must not contain "</style" (it would end the style element)',
    );
  }
  return value;
}

function esc(text: string): string {
  return text
    .replace(CONTROL, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const list = (items: readonly string[]) => `<ul>${items.map((v) => `<li>${esc(v)}</li>`).join('')}</ul>`;
// The first cell of a row names it (a sub-processor): a row header, for screen readers.
const row = (cells: readonly string[]) =>
  `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`;
const headCells = (head: readonly string[]) => head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');

function block(b: Block): string {
  switch (b.t) {
    case 'h':
      return `<h${b.level} id="${esc(b.id)}">${esc(b.text)}</h${b.level}>`;
    case 'p':
      return `<p>${esc(b.text)}</p>`;
    case 'ul':
      return `<ul>\n${b.items.map((i) => `<li>${esc(i)}</li>`).join('\n')}\n</ul>`;
    case 'dl':
      return `<dl>\n${b.items
        .map(([term, value]) => `<dt>${esc(term)}</dt><dd>${typeof value === 'string' ? esc(value) : list(value)}</dd>`)
        .join('\n')}\n</dl>`;
    case 'table':
      return (
        `<table>\n<caption>${esc(b.caption)}</caption>\n<thead><tr>${headCells(b.head)}</tr></thead>\n` +
        `<tbody>\n${b.rows.map(row).join('\n')}\n</tbody>\n</table>`
      );
  }
}

/**
 * Renders one document of the model as accessible, printable HTML. Sections are `section`
 * elements labelled by their headings; fields are definition lists; the sub-processor list is a
 * table with a caption and header cells. Headings never skip a level.
 *
 * @param model - a parsed model.
 * @param kind - `dpa`, `notice` or `record`.
 * @param options - fragment or page, stylesheet.
 * @returns the HTML text, ending with a newline.
 * @throws {@link DpaError} `UNKNOWN_DOCUMENT` when the model has no such document;
 * `INVALID_ARGUMENT` for another `kind`; `UNKNOWN_KEY` or `INVALID_OPTIONS` for a bad option;
 * `UNKNOWN_KEY` or `INVALID_MODEL` when `model` is not a model.
 *
 * @example
 * ```ts
 * import { parseModel, renderHtml } from '@privkit/dpa';
 *
 * const model = parseModel({
 *   id: 'm',
 *   parties: [{ id: 'shop', name: 'Shop GmbH' }, { id: 'acme', name: 'Acme SA' }],
 *   activities: [],
 *   documents: {
 *     dpa: { id: 'dpa', controller: 'shop', processor: 'acme', activities: [] },
 *     notice: { id: 'notice', controller: 'shop', activities: [] },
 *   },
 * });
 * const html = renderHtml(model, 'notice');
 * html.startsWith('<!doctype html>'); // true
 * ```
 */
export function renderHtml(model: PrivacyModel, kind: DocumentKind, options?: HtmlOptions): string {
  const tree = documentTree(model, kind);
  const o = readOptions(options, ['fragment', 'css']);
  const fragment = own(o, 'fragment') === undefined ? false : boolean(own(o, 'fragment'), 'options.fragment', raise);
  const css = own(o, 'css') === undefined ? DEFAULT_CSS : styleSheet(own(o, 'css'));
  // Sections: each h2 (and h3 inside it) opens a section labelled by its heading.
  const parts: string[] = [];
  const open: number[] = [];
  for (const b of tree.blocks) {
    if (b.t === 'h' && b.level > 1) {
      while (open.length && (open[open.length - 1] as number) >= b.level) {
        open.pop();
        parts.push('</section>');
      }
      parts.push(`<section aria-labelledby="${esc(b.id)}">`);
      open.push(b.level);
    }
    parts.push(block(b));
  }
  while (open.pop() !== undefined) parts.push('</section>');
  const article = `<article>\n${parts.join('\n')}\n</article>`;
  if (fragment) return `${article}\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(tree.title)}</title>
<style>
${css}
</style>
</head>
<body>
<main>
${article}
</main>
</body>
</html>
`;
}
