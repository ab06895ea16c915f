/**
 * @module
 * `@privkit/dpa/docx`: the three documents as Word files (Office Open XML), built with the
 * `docx` package (an optional peer dependency: install it to use this subpath). The document
 * body is deterministic; the zip container and the core properties carry the time of writing,
 * as every Word file does, so two files are equal in content, not byte for byte.
 */

import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { PrivacyModel } from './model.js';
import type { Block, DocumentKind } from './render/blocks.js';
import { documentTree } from './render/tree.js';

const HEADING = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

function paragraphs(b: Block): (Paragraph | Table)[] {
  switch (b.t) {
    case 'h':
      return [new Paragraph({ text: b.text, heading: HEADING[b.level] })];
    case 'p':
      return [new Paragraph({ text: b.text })];
    case 'ul':
      return b.items.map((i) => new Paragraph({ text: i, bullet: { level: 0 } }));
    case 'dl':
      return b.items.flatMap(([term, value]) =>
        typeof value === 'string'
          ? [new Paragraph({ children: [new TextRun({ text: `${term}: `, bold: true }), new TextRun(value)] })]
          : [
              new Paragraph({ children: [new TextRun({ text: `${term}:`, bold: true })] }),
              ...value.map((v) => new Paragraph({ text: v, bullet: { level: 1 } })),
            ],
      );
    case 'table':
      return [
        new Paragraph({ children: [new TextRun({ text: b.caption, italics: true })] }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({
              tableHeader: true,
              children: b.head.map(
                (h) =>
                  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: h, bold: true })] })] }),
              ),
            }),
            ...b.rows.map(
              (r) =>
                new TableRow({
                  cantSplit: true,
                  children: r.map((c) => new TableCell({ children: [new Paragraph(c)] })),
                }),
            ),
          ],
        }),
      ];
  }
}

/**
 * Renders one document of the model as a `.docx` file: the same content as
 * `renderMarkdown`, with Word headings (so the navigation pane and a table of contents
 * work), bullet lists, bold field names and a repeating header row in the sub-processor table.
 *
 * @param model - a parsed model.
 * @param kind - `dpa`, `notice` or `record`.
 * @returns the file's bytes.
 * @throws `DpaError` `UNKNOWN_DOCUMENT` when the model has no such document.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { parseModel } from '@privkit/dpa';
 * import { renderDocx } from '@privkit/dpa/docx';
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
 * await writeFile('dpa.docx', await renderDocx(model, 'dpa'));
 * ```
 */
export async function renderDocx(model: PrivacyModel, kind: DocumentKind): Promise<Uint8Array> {
  const tree = documentTree(model, kind);
  const doc = new Document({
    title: tree.title,
    creator: '@privkit/dpa',
    sections: [{ children: tree.blocks.flatMap(paragraphs) }],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
