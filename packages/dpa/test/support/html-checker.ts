/**
 * An independent check of rendered HTML: `parse5` (the WHATWG HTML parsing algorithm, as a
 * browser runs it) parses the page, and its structure (every element with its attributes, every
 * comment, in document order) is compared with the same page rendered from harmless text. A field
 * that opened a tag, closed one, added an attribute or a comment changes that structure.
 */
import { parse } from 'parse5';

interface Node {
  readonly nodeName: string;
  readonly attrs?: readonly { name: string; value: string }[];
  readonly childNodes?: readonly Node[];
  readonly content?: Node;
  readonly value?: string;
  readonly data?: string;
}

/** Elements with their attributes, and comments, in document order; text left out. */
export function htmlShape(html: string): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === '#text') return;
    if (node.nodeName === '#comment') out.push('#comment');
    else if (node.nodeName !== '#document' && node.nodeName !== '#document-fragment') {
      // Anchors (`id`, `aria-labelledby`) are slugs of heading text: their value is the renderer's.
      const attrs = (node.attrs ?? []).map((a) =>
        a.name === 'id' || a.name === 'aria-labelledby' ? a.name : `${a.name}=${a.value}`,
      );
      out.push([node.nodeName, ...attrs].join(' '));
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content !== undefined) walk(node.content);
  };
  walk(parse(html) as unknown as Node);
  return out;
}

/** The text of the page's body (scripts and styles left out). */
export function htmlText(html: string): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === '#text') parts.push(node.value ?? '');
    else if (node.nodeName !== 'style' && node.nodeName !== 'title')
      for (const child of node.childNodes ?? []) walk(child);
  };
  walk(parse(html) as unknown as Node);
  return parts.join(' ');
}
