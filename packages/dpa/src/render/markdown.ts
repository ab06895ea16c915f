/**
 * @module
 * Markdown (CommonMark with GFM tables) rendering of the three documents. Byte-deterministic:
 * the same model gives the same bytes on every runtime (no dates, locales or map orders).
 */

import type { PrivacyModel } from '../model.js';
import { type Block, type DocumentKind, documentTree } from './tree.js';

/** Escapes text so Markdown shows it literally (inline). */
const SPECIAL = /[\\`*_[\]<>|#~\n]|^(?:[-+=]|\d+[.)])(?:\s|$)/;

function esc(text: string): string {
  // Most model text needs no escaping: test once before the three rewriting passes.
  if (!SPECIAL.test(text)) return text;
  return text
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ')
    .replace(
      /^([-+=]|\d+[.)])(\s|$)/,
      (_, m: string, s: string) => `${m.replace(/([.)])$/, '\\$1').replace(/^([-+=])$/, '\\$1')}${s}`,
    );
}

function block(b: Block): string {
  switch (b.t) {
    case 'h':
      return `${'#'.repeat(b.level)} ${esc(b.text)}`;
    case 'p':
      return esc(b.text);
    case 'ul':
      return b.items.map((i) => `- ${esc(i)}`).join('\n');
    case 'dl':
      return b.items
        .map(([term, value]) =>
          typeof value === 'string'
            ? `- **${esc(term)}:** ${esc(value)}`
            : `- **${esc(term)}:**\n${value.map((v) => `  - ${esc(v)}`).join('\n')}`,
        )
        .join('\n');
    case 'table':
      return [
        `*${esc(b.caption)}*`,
        '',
        `| ${b.head.map(esc).join(' | ')} |`,
        `|${b.head.map(() => ' --- |').join('')}`,
        ...b.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
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
 * @throws {@link DpaError} `UNKNOWN_DOCUMENT` when the model has no such document.
 *
 * @example
 * ```ts
 * import { parseModel, renderMarkdown } from '@privkit/dpa';
 *
 * const markdown = renderMarkdown(parseModel(json), 'dpa');
 * markdown.startsWith('# '); // true
 * ```
 */
export function renderMarkdown(model: PrivacyModel, kind: DocumentKind): string {
  return `${documentTree(model, kind).blocks.map(block).join('\n\n')}\n`;
}
