/**
 * The hostile-input suite (issue 16): generated input of every class an attacker or a careless
 * author would try, against the promise itself, checked by code that shares nothing with the code
 * under test.
 *
 * - Unknown keys (random, near-miss spellings of real keys, `__proto__`, keys with line breaks)
 *   anywhere in a model: `UNKNOWN_KEY` at exactly that path, nothing returned.
 * - Impossible dates: refused exactly when the calendar (checked through `Date.UTC`) has no such
 *   day; the JSON Schema's date pattern agrees with `parseDate` on every day of years 0–9999.
 * - Hostile strings (Markdown and HTML syntax, every line break, bidirectional controls,
 *   right-to-left letters) in every field the documents print: the rendered Markdown has the
 *   structure `markdown-it` sees in the same document rendered from harmless text, the HTML the
 *   structure `parse5` sees, the text reads as written, and no bidirectional control reaches past
 *   its field (the levels `bidi-js` computes for the renderer's own words stay at 0).
 * - Huge strings and deep or cyclic structures: a typed error or a rendering, never a crash.
 * - Anything at all as a model or as options: a `DpaError` or a result, never another error, and
 *   never the value in the message.
 */
import bidiImport from 'bidi-js';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDpvJsonLd } from '../src/dpv.js';
import {
  checkModel,
  DpaError,
  diffModels,
  parseModel,
  renderChangeNoticeMarkdown,
  renderHtml,
  renderMarkdown,
  subProcessorChangeNotice,
} from '../src/index.js';
import { modelJsonSchema } from '../src/schema.js';
import { fixtureJson } from './fixtures/index.js';
import { modelArbitrary } from './support/arbitrary.js';
import { bidiText, hostileText, LINE_BREAKS } from './support/hostile-text.js';
import { htmlShape, htmlText } from './support/html-checker.js';
import { collapse, markdownShape, markdownTexts } from './support/markdown-checker.js';

// biome-ignore lint/suspicious/noExplicitAny: the suite builds and breaks JSON freely
type Loose = any;

const schema = modelJsonSchema() as Loose;

// bidi-js declares an ES default export on a CommonJS package: take the factory from either shape.
type BidiFactory = () => { getEmbeddingLevels(text: string, direction: 'ltr' | 'rtl'): { levels: Uint8Array } };
const bidiFactory = ((bidiImport as unknown as { default?: BidiFactory }).default ?? bidiImport) as BidiFactory;

/** Every property name the model's JSON Schema knows, anywhere. */
function schemaKeys(node: Loose, out = new Set<string>()): Set<string> {
  if (node === null || typeof node !== 'object') return out;
  if (node.properties) for (const k of Object.keys(node.properties)) out.add(k);
  for (const v of Object.values(node)) schemaKeys(v, out);
  return out;
}
const KNOWN = schemaKeys(schema);

/** The plain objects of a JSON value, with the path segments that lead to each. */
function objectsOf(value: Loose, at: (string | number)[] = [], out: [(string | number)[], Loose][] = []) {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) objectsOf(v, [...at, i], out);
  } else if (value !== null && typeof value === 'object') {
    out.push([at, value]);
    for (const [k, v] of Object.entries(value)) objectsOf(v, [...at, k], out);
  }
  return out;
}

/** `a.b[0]["odd key"]`, written independently of the library's path formatter. */
function pathText(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}…` : s)}]`;
  }
  return out;
}

/** Near-miss spellings of a key: a letter dropped, doubled, swapped or changed in case. */
const nearMiss = (key: string) =>
  fc
    .nat(key.length - 1)
    .chain((i) =>
      fc.constantFrom(
        key.slice(0, i) + key.slice(i + 1),
        key.slice(0, i) + key[i] + key.slice(i),
        key.slice(0, i) + (key[i + 1] ?? '') + key[i] + key.slice(i + 2),
        key.toLowerCase(),
        key.toUpperCase(),
        `${key} `,
        `${key}\r\n`,
      ),
    );

function caught(run: () => unknown): DpaError {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DpaError)) throw error;
    return error;
  }
  throw new Error('expected a DpaError');
}

describe('unknown keys anywhere in a model', () => {
  it('a random, near-miss or prototype key at any object is UNKNOWN_KEY at exactly its path', () => {
    const key = fc.oneof(
      fc.string({ minLength: 1, maxLength: 60 }),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
      fc.constantFrom(...KNOWN).chain(nearMiss),
    );
    fc.assert(
      fc.property(modelArbitrary, fc.nat(), key, (raw, pick, k) => {
        fc.pre(!KNOWN.has(k));
        const model = JSON.parse(JSON.stringify(raw));
        const objects = objectsOf(model);
        const [at, target] = objects[pick % objects.length] as [(string | number)[], Loose];
        Object.defineProperty(target, k, { value: 'x', enumerable: true, configurable: true, writable: true });
        const e = caught(() => parseModel(model));
        const issue = e.issues.find((i) => i.code === 'UNKNOWN_KEY');
        expect(issue?.path).toBe(pathText([...at, k]));
        expect(issue?.message).toContain('expected one of: ');
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('dates', () => {
  // The calendar as `Date` knows it, by a route that shares nothing with `parseDate`.
  const exists = (y: number, m: number, d: number) => {
    if (m < 1 || m > 12 || d < 1) return false;
    const date = new Date(0);
    date.setUTCFullYear(y, m - 1, d);
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  };
  const pad = (n: number, w: number) => String(n).padStart(w, '0');

  it('a model date is accepted exactly when the day exists, anywhere a model has one', () => {
    const where = ['date', 'dpa', 'notice', 'record'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.constantFrom(...where),
        (y, m, d, place) => {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          const raw = structuredClone(fixtureJson('example-complete')) as Loose;
          if (place === 'date') raw.date = text;
          else raw.documents[place].date = text;
          if (exists(y, m, d)) expect(parseModel(raw)).toBeDefined();
          else
            expect(caught(() => parseModel(raw))).toMatchObject({
              code: 'INVALID_DATE',
              path: place === 'date' ? 'date' : `documents.${place}.date`,
            });
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('date-times, offsets, week dates and other spellings are refused', () => {
    for (const text of [
      '2025-02-28T00:00:00Z',
      '2025-02-28 ',
      ' 2025-02-28',
      '2025-2-28',
      '20250228',
      '2025-W09-5',
      '+02025-02-28',
      '2025-02-28\n',
    ]) {
      expect(caught(() => parseModel({ id: 'm', parties: [], activities: [], date: text })).code).toBe('INVALID_DATE');
    }
  });

  it('the JSON Schema pattern and parseDate agree on every day of years 0000–9999', () => {
    const pattern = new RegExp(schema.properties.date.pattern, 'u');
    let checked = 0;
    for (let y = 0; y <= 9999; y++)
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          if (pattern.test(text) !== exists(y, m, d)) throw new Error(`pattern and calendar disagree on ${text}`);
          checked++;
        }
    expect(checked).toBe(10_000 * 14 * 33);
  });
});

/** The complete example with `text` in every field the documents print. */
function withText(text: string): Loose {
  const m = structuredClone(fixtureJson('example-complete')) as Loose;
  m.title = text;
  m.parties[0].name = text;
  m.parties[0].address = text;
  m.parties[0].contact = { name: text, email: text, phone: text, url: text };
  m.parties[1].dpo = { name: text };
  m.activities[0].name = text;
  m.activities[0].nature = [text, text];
  m.activities[0].subjectMatter = text;
  m.activities[0].duration = text;
  m.activities[0].purposes[0].description = text;
  m.activities[0].purposes[0].legitimateInterest = text;
  m.activities[0].retentionCriteria = text;
  m.dataCategories[0].name = text;
  m.dataCategories[0].description = text;
  m.dataSubjects[0].name = text;
  m.recipients[0].name = text;
  m.toms[0].measures = text;
  m.subProcessors[0].service = text;
  m.subProcessors[0].name = text;
  m.subProcessors[0].legalEntity = text;
  // A rule's text is never blank (the parser @privkit/retention shares refuses it): lead with a
  // letter, in place of the first character when the text is already as long as a field may be.
  const ruleText = text.length >= 100_000 ? `r${text.slice(1)}` : `r${text}`;
  m.retention[0].purpose = ruleText;
  m.retention[0].legalBasis = ruleText;
  m.retention[0].citation = ruleText;
  m.transfers[0].mechanism = { type: 'bcr', approvedBy: text };
  m.documents.dpa.title = text;
  m.documents.dpa.governingLaw = text;
  m.documents.dpa.breach.clause = text;
  m.documents.dpa.carveOuts = [{ id: 'c', clause: text, quote: text, limits: ['audit'] }];
  m.documents.dpa.liability = [{ party: m.parties[0].id, cap: 'insurance', note: text }];
  m.documents.notice.title = text;
  m.documents.notice.statutoryRequirement = text;
  m.documents.notice.rights[0].how = text;
  m.documents.notice.channels[0].value = text;
  m.documents.notice.supervisoryAuthority = { name: text };
  m.documents.record.title = text;
  m.contracts[0].customer = text;
  m.contracts[0].noticeChannel = text;
  return m;
}

function renderAll(text: string): { markdown: string[]; html: string[] } {
  const model = parseModel(withText(text));
  const kinds = ['dpa', 'notice', 'record'] as const;
  const after = withText(text);
  after.subProcessors[0].locations = ['IS']; // a change, so the notice lists the sub-processor
  const notice = subProcessorChangeNotice(model, parseModel(after), { date: '2026-11-23' });
  return {
    markdown: [...kinds.map((k) => renderMarkdown(model, k)), renderChangeNoticeMarkdown(notice)],
    html: kinds.map((k) => renderHtml(model, k)),
  };
}

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

describe('hostile strings in every printed field', () => {
  const harmless = renderAll('x');
  const harmlessMarkdown = harmless.markdown.map(markdownShape);
  const harmlessHtml = harmless.html.map(htmlShape);

  it('never add structure to Markdown (markdown-it) or HTML (parse5), and read as written', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const { markdown, html } = renderAll(text);
        markdown.forEach((doc, i) => {
          expect(markdownShape(doc), `markdown ${i}`).toEqual(harmlessMarkdown[i]);
        });
        html.forEach((doc, i) => {
          expect(htmlShape(doc), `html ${i}`).toEqual(harmlessHtml[i]);
        });
        const want = collapse(text.replace(BIDI_CONTROLS, ''));
        if (want !== '') {
          for (const [i, doc] of markdown.entries())
            expect(
              markdownTexts(doc)
                .map((t) => collapse(t.replace(BIDI_CONTROLS, '')))
                .join('\n'),
              `markdown ${i}`,
            ).toContain(want);
          for (const [i, doc] of html.entries())
            expect(collapse(htmlText(doc).replace(BIDI_CONTROLS, '')), `html ${i}`).toContain(want);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('bidirectional controls never reach past their field (bidi-js levels of the renderer’s words)', () => {
    const bidi = bidiFactory();
    const renderer = /[A-Za-wyz]/; // bidiText holds no ASCII letter but x
    fc.assert(
      fc.property(bidiText, (text) => {
        const { markdown, html } = renderAll(text);
        // A browser applies the algorithm to text with its character references decoded.
        const decoded = html.map((doc) =>
          doc.replace(
            /&(lt|gt|amp|quot|#39);/g,
            (_, n: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[n] as string,
          ),
        );
        for (const doc of [...markdown, ...decoded])
          for (const line of doc.split('\n')) {
            if (!BIDI_CONTROLS.test(line)) continue;
            BIDI_CONTROLS.lastIndex = 0;
            const { levels } = bidi.getEmbeddingLevels(line, 'ltr');
            for (let i = 0; i < line.length; i++)
              if (renderer.test(line[i] as string)) expect(levels[i], JSON.stringify(line)).toBe(0);
          }
      }),
      { numRuns: 500 },
    );
  });

  it('every kind of line break alone, at the start, in the middle and at the end of a field', () => {
    for (const br of LINE_BREAKS)
      for (const text of [br, `${br}- x`, `a${br}# x`, `a${br}`, `${br}${br}---${br}`]) {
        const { markdown, html } = renderAll(text);
        markdown.forEach((doc, i) => {
          expect(markdownShape(doc)).toEqual(harmlessMarkdown[i]);
        });
        html.forEach((doc, i) => {
          expect(htmlShape(doc)).toEqual(harmlessHtml[i]);
        });
      }
  });
});

describe('sizes and shapes', () => {
  it('a field of 100,000 characters renders; one character more is refused with its path', () => {
    const big = '*\r-'.repeat(33_333).padEnd(100_000, '#');
    const { markdown, html } = renderAll(big);
    expect(markdownShape(markdown[0] as string)).toEqual(markdownShape(renderAll('x').markdown[0] as string));
    expect(htmlShape(html[0] as string)).toEqual(htmlShape(renderAll('x').html[0] as string));
    const raw = withText('x');
    raw.parties[0].name = `${big}!`;
    expect(caught(() => parseModel(raw))).toMatchObject({ code: 'INVALID_MODEL', path: 'parties[0].name' });
  });

  it('deep and cyclic structures are a typed error, not a stack overflow', () => {
    let deep: Loose = {};
    for (let i = 0; i < 10_000; i++) deep = { documents: deep };
    expect(caught(() => parseModel({ id: 'm', parties: [], activities: [], documents: deep })).code).toBe(
      'INVALID_MODEL',
    );
    const cyclic: Loose = { id: 'm', parties: [], activities: [] };
    cyclic.documents = { dpa: cyclic };
    expect(caught(() => parseModel(cyclic)).code).toBe('INVALID_MODEL');
    const array: Loose[] = [];
    array.push(array);
    expect(caught(() => renderMarkdown({ id: 'm', parties: array, activities: [] } as Loose, 'dpa')).code).toBe(
      'INVALID_MODEL',
    );
  });
});

describe('anything at all', () => {
  const CANARY = 'canary-7f3a@private.example';
  const anything = fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withBoxedValues: true,
    key: fc.string(),
    values: [fc.constant(CANARY), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)],
  });
  const model = parseModel(fixtureJson('example-complete'));
  const calls: [string, (x: unknown) => unknown][] = [
    ['parseModel', (x) => parseModel(x)],
    ['renderMarkdown', (x) => renderMarkdown(x as Loose, 'notice')],
    ['renderHtml model', (x) => renderHtml(x as Loose, 'dpa')],
    ['renderHtml options', (x) => renderHtml(model, 'dpa', x as Loose)],
    ['checkModel options', (x) => checkModel(model, x as Loose)],
    ['diffModels', (x) => diffModels(model, x as Loose)],
    ['subProcessorChangeNotice options', (x) => subProcessorChangeNotice(model, model, x as Loose)],
    ['renderChangeNoticeMarkdown', (x) => renderChangeNoticeMarkdown(x as Loose)],
    ['toDpvJsonLd options', (x) => toDpvJsonLd(model, x as Loose)],
  ];

  it.each(calls)('%s: a DpaError or a result, never another error, never the value', (_name, call) => {
    fc.assert(
      fc.property(anything, (x) => {
        try {
          call(x);
        } catch (error) {
          expect(error).toBeInstanceOf(DpaError);
          const e = error as DpaError;
          // Keys are the user's typos and may be quoted; values (the canary) never are.
          expect(e.message).not.toContain('canary-7f3a');
          for (const issue of e.issues) expect(issue.message).not.toContain('canary-7f3a');
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
