/**
 * @module
 * The block tree the renderers serialise: headings, paragraphs, definition lists, lists and
 * tables, and the builder the three documents are written with. Never exported (but
 * {@link DocumentKind}).
 */

/** Which document to render. */
export type DocumentKind = 'dpa' | 'notice' | 'record';

/** @internal One block of a rendered document. */
export type Block =
  | { readonly t: 'h'; readonly level: 1 | 2 | 3; readonly text: string; readonly id: string }
  | { readonly t: 'p'; readonly text: string }
  | { readonly t: 'dl'; readonly items: readonly (readonly [string, string | readonly string[]])[] }
  | { readonly t: 'ul'; readonly items: readonly string[] }
  | {
      readonly t: 'table';
      readonly caption: string;
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    };

/** @internal A document: its title and blocks. */
export interface DocumentTree {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** @internal What a renderer prints where the model says nothing. */
export const NOT_STATED = 'Not stated.';

/** @internal A heading's anchor: lower-case letters, digits and hyphens. */
export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'section';

/** @internal Appends blocks; headings get unique anchors. */
export class Builder {
  readonly blocks: Block[] = [];
  private readonly ids = new Map<string, number>();
  h(level: 1 | 2 | 3, text: string) {
    const base = slug(text);
    const n = this.ids.get(base) ?? 0;
    this.ids.set(base, n + 1);
    this.blocks.push({ t: 'h', level, text, id: n ? `${base}-${n + 1}` : base });
  }
  p(text: string) {
    this.blocks.push({ t: 'p', text });
  }
  dl(items: (readonly [string, string | readonly string[]])[]) {
    this.blocks.push({ t: 'dl', items });
  }
  // An empty list says "Not stated." as a paragraph under its heading, not as a bullet that reads
  // like one of the list's items.
  ul(items: readonly string[]) {
    this.blocks.push(items.length ? { t: 'ul', items } : { t: 'p', text: NOT_STATED });
  }
  table(caption: string, head: string[], rows: string[][]) {
    this.blocks.push({ t: 'table', caption, head, rows });
  }
}
