/**
 * @module
 * The three documents as a small block tree (headings, paragraphs, definition lists, lists,
 * tables), built from the model's entities in model order. The Markdown and HTML renderers
 * only serialise this tree, so both say the same thing and both are deterministic.
 */

import { DpaError } from '../errors.js';
import { Lookup } from '../lookup.js';
import type { PrivacyModel } from '../model.js';
import { documentKind } from '../options.js';
import { balancedModel, requireModel } from '../schema/parse.js';
import type { DocumentKind, DocumentTree } from './blocks.js';
import { dpaTree } from './dpa-tree.js';
import { noticeTree, recordTree } from './notice-tree.js';

/** @internal Builds a document's tree. */
export function documentTree(input: PrivacyModel, kindInput: DocumentKind): DocumentTree {
  const kind = documentKind(kindInput);
  // Each field's bidirectional controls are closed inside it before any sentence is built.
  const model = balancedModel(requireModel(input, 'model'));
  if (model.documents?.[kind] === undefined) {
    throw new DpaError('UNKNOWN_DOCUMENT', `"model.documents.${kind}" is absent: the model has no ${kind} to render`, {
      path: `model.documents.${kind}`,
    });
  }
  const l = new Lookup(model);
  if (kind === 'dpa') return dpaTree(model, l);
  return kind === 'notice' ? noticeTree(model, l) : recordTree(model, l);
}
