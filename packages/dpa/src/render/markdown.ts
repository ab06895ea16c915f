/**
 * @module
 * Markdown (CommonMark with GFM tables) rendering of the three documents. Byte-deterministic:
 * the same model gives the same bytes on every runtime (no dates, locales or map orders).
 */

import { markdownInline as inline, markdownLine as line } from '../internal/markdown.js';
import type { PrivacyModel } from '../model.js';
import type { Block, DocumentKind } from './blocks.js';
import { documentTree } from './tree.js';

function block(b: Block): string {
  switch (b.t) {
    case 'h':
      return `${'#'.repeat(b.level)} ${inline(b.text)}`;
    case 'p':
      return line(b.text);
    case 'ul':
      return b.items.map((i) => `- ${line(i)}`).join('\n');
    case 'dl':
      return b.items
        .map(([term, value]) =>
          typeof value === 'string'
            ? `- **${inline(term)}:** ${inline(value)}`
            : `- **${inline(term)}:**\n${value.map((v) => `  - ${line(v)}`).join('\n')}`,
        )
        .join('\n');
    case 'table':
      return [
        `*${inline(b.caption)}*`,
        '',
        `| ${b.head.map(inline).join(' | ')} |`,
        `|${b.head.map(() => ' --- |').join('')}`,
        ...b.rows.map((r) => `| ${r.map(inline).join(' | ')} |`),
      ].join('\n');
  }
}

/**
 * Renders one document of the model as Markdown: the DPA with its Annexes I–IV, the privacy
 * notice, or the record of processing. What the model leaves out is printed as "Not stated.",
 * so a draft renders too.
 *
 * @param model - a parsed model.
 * @param kind - `dpa`, `notice` or `record`.
 * @returns the Markdown text, ending with a newline.
 * @throws {@link DpaError} `UNKNOWN_DOCUMENT` when the model has no such document;
 * `INVALID_ARGUMENT` for another `kind`; `UNKNOWN_KEY` or `INVALID_MODEL` when `model` is not a
 * model.
 *
 * @example
 * ```ts
 * import { parseModel, renderMarkdown } from '@privkit/dpa';
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
 * const markdown = renderMarkdown(model, 'dpa');
 * markdown.startsWith('# '); // true
 * ```
 */
export function renderMarkdown(model: PrivacyModel, kind: DocumentKind): string {
  return `${documentTree(model, kind).blocks.map(block).join('\n\n')}\n`;
}
