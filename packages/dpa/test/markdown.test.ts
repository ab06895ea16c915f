/**
 * Markdown escaping, checked by a real CommonMark parser (`markdown-it`): a model string can
 * never add structure to a rendered document, whatever Markdown constructs and line breaks it
 * holds, in any position a field is printed (a paragraph, a list item, a nested list item, a
 * definition, a heading, a table cell, the change notice).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModel, renderChangeNoticeMarkdown, renderMarkdown, subProcessorChangeNotice } from '../src/index.js';
import { fixtureJson } from './fixtures/index.js';
import { LINE_BREAKS, markdownText } from './support/hostile-text.js';
import { collapse, markdownShape, markdownTexts } from './support/markdown-checker.js';

// biome-ignore lint/suspicious/noExplicitAny: tests write fixture JSON freely before parsing it
type Loose = any;

/** The complete example with `text` in every kind of position a field is printed in. */
function withText(text: string): Loose {
  const m = structuredClone(fixtureJson('example-complete')) as Loose;
  m.parties[0].name = text; // a sentence's middle, a definition's value
  m.parties[0].address = text;
  m.activities[0].name = text; // an h3 heading
  m.activities[0].nature = [text, text]; // nested list items
  m.activities[0].subjectMatter = text;
  m.dataCategories[0].name = text; // a retention line begins with the category name
  m.toms[0].measures = text; // a list item of its own
  m.subProcessors[0].service = text; // a table cell
  m.subProcessors[0].name = text;
  m.documents.notice.statutoryRequirement = text; // a paragraph of its own
  m.documents.notice.rights[0].how = text;
  m.documents.notice.channels[0].value = text;
  m.documents.dpa.carveOuts = [{ id: 'c', quote: text, limits: ['audit'] }];
  m.contracts[0].customer = text; // the change notice's list items
  return m;
}

function rendered(text: string): string[] {
  const model = parseModel(withText(text));
  const out = (['dpa', 'notice', 'record'] as const).map((kind) => renderMarkdown(model, kind));
  const after = structuredClone(withText(text));
  after.subProcessors[0].service = `${text}!`;
  out.push(renderChangeNoticeMarkdown(subProcessorChangeNotice(model, parseModel(after), { date: '2026-11-23' })));
  return out;
}

describe('Markdown escaping', () => {
  const harmless = rendered('x').map(markdownShape);
  const expectHarmless = (docs: readonly string[], label: string) => {
    for (const [i, doc] of docs.entries()) expect(markdownShape(doc), `document ${i}, ${label}`).toEqual(harmless[i]);
  };

  const codePoints = (s: string) =>
    [...s].map((c) => `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`);
  it.each(LINE_BREAKS.map((b) => [codePoints(b).join(' '), b]))(
    'a %s line break cannot start a list item, a rule or a heading',
    (_name, br) => {
      for (const text of [`ok${br}- injected`, `ok${br}---`, `ok${br}# heading`, `ok${br}1. first`, `${br}> quote`]) {
        expectHarmless(rendered(text), JSON.stringify(text));
      }
    },
  );

  it('leading markers, indentation and rules at the start of a line stay text', () => {
    for (const text of ['---', '- - -', '***', '+ x', '1) x', '    code', '\tcode', ' ', '=', '> q', '```', '~~~']) {
      expectHarmless(rendered(text), JSON.stringify(text));
    }
  });

  it('random Markdown syntax and line breaks never change the structure, and read as written', () => {
    fc.assert(
      fc.property(markdownText, (text) => {
        const docs = rendered(text);
        expectHarmless(docs, JSON.stringify(text));
        const want = collapse(text);
        // The notice prints the statutory requirement as a paragraph of its own: exactly the text.
        expect(markdownTexts(docs[1] as string)).toContain(want);
        for (const doc of docs) expect(markdownTexts(doc).some((t) => t.includes(want))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
