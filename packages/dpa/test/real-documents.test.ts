/**
 * Real public documents (issue 19), modelled with the public API alone and kept with their source
 * URL and retrieval date in test/fixtures/real/. Side by side: each statement of the source is
 * paired with the model fields that hold it and the words the rendering prints for it, with how
 * faithfully it is held (faithful, with loss, not expressible). Every finding the rule packs
 * report is listed in the fixture with whether it is true of the text, so a new or changed
 * finding fails here until someone has judged it against the source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toDpvJsonLd } from '../src/dpv.js';
import { checkModel, parseModel, renderHtml, renderMarkdown } from '../src/index.js';

interface Statement {
  readonly source: string;
  readonly status: 'faithful' | 'with-loss' | 'not-expressible';
  readonly paths?: readonly string[];
  readonly rendered?: readonly string[];
  readonly note?: string;
}
interface RealDocument {
  readonly source: { readonly url: string; readonly retrieved: string; readonly kind: string; readonly covers: string };
  readonly model: unknown;
  readonly statements: readonly Statement[];
  readonly findings: Readonly<Record<string, string>>;
  /** False findings the document showed, fixed since: they must not come back. */
  readonly falseFindingsFixed?: Readonly<Record<string, string>>;
}

const dir = new URL('./fixtures/real/', import.meta.url);
const documents = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as RealDocument] as const);

const at = (root: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as never)[k] : undefined), root);

describe.each(documents)('real document %s', (_name, doc) => {
  const model = parseModel(doc.model);
  const kinds = (['dpa', 'notice', 'record'] as const).filter((k) => model.documents?.[k]);
  const text = kinds.map((k) => renderMarkdown(model, k)).join('\n');

  it('names its source and when it was retrieved', () => {
    expect(doc.source.url).toMatch(/^https:\/\/[^\s]+$/);
    expect(doc.source.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(doc.source.covers.length).toBeGreaterThan(10);
  });

  it('holds each modelled statement in the fields it names, and prints it in the words it pairs', () => {
    for (const s of doc.statements) {
      if (s.status === 'not-expressible') {
        expect(s.note, s.source).toBeTruthy();
        continue;
      }
      expect(s.paths?.length, s.source).toBeGreaterThan(0);
      for (const p of s.paths ?? []) expect(at(model, p), `${s.source} -> ${p}`).toBeDefined();
      for (const words of s.rendered ?? []) expect(text, s.source).toContain(words);
      if (s.status === 'with-loss') expect(s.note, s.source).toBeTruthy();
    }
  });

  it('reports exactly the findings judged against the source', () => {
    const found = [...new Set(checkModel(model).map((f) => `${f.severity} ${f.rule} ${f.path}`))];
    expect(found.sort()).toEqual(Object.keys(doc.findings).sort());
    for (const gone of Object.keys(doc.falseFindingsFixed ?? {})) expect(found).not.toContain(gone);
  });

  it('renders to Markdown and HTML and exports to DPV', () => {
    for (const k of kinds) expect(renderHtml(model, k)).toContain('<main');
    expect(JSON.stringify(toDpvJsonLd(model))).toContain('"@graph"');
    // Every negative printed is one of the source's statements, paired above.
    const paired = doc.statements.flatMap((s) => s.rendered ?? []);
    for (const line of text.split('\n').filter((l) => /\bwe do not\b|\*\* none\b|: none\b/i.test(l)))
      expect(
        paired.some((words) => line.includes(words)),
        line,
      ).toBe(true);
  });
});

describe('real documents, counted', () => {
  it('keeps the counts the report gives', () => {
    const counts = Object.fromEntries(
      documents.map(([name, doc]) => [
        name,
        ['faithful', 'with-loss', 'not-expressible'].map((s) => doc.statements.filter((x) => x.status === s).length),
      ]),
    );
    expect(counts).toEqual({
      'bathnes-feedback-notice': [15, 1, 0],
      'bathnes-record-office-notice': [14, 1, 1],
      'discountfilters-ccpa-notice': [9, 2, 1],
      'litestats-dpa': [13, 1, 1],
      'nutra4life-lgpd-notice': [6, 3, 2],
      'personio-app-notice': [18, 1, 0],
      'personio-recruiting-notice': [12, 2, 0],
      'plausible-data-policy': [7, 2, 3],
      'stripe-dta': [3, 4, 4],
      'plauditly-subprocessors': [27, 4, 1],
      'your-server-dpa': [14, 3, 1],
    });
  });
});
