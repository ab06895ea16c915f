/**
 * @module
 * Rendering a DPA with 200 sub-processors (Annexes I–IV, every field filled), in one process:
 *
 * - ours: `renderMarkdown` and `renderHtml` from the parsed model (lookups, transfer mechanisms
 *   and retention worded from the entities, escaping), `checkModel` (every rule pack), and
 *   the whole pipeline from JSON text (parse + check + Markdown);
 * - peer: the same Markdown through a generic template engine (`mustache`), the approach of a
 *   document-template tool: a view object prepared in plain JS (the same lookups), one template
 *   with sections for the annexes and the sub-processor table, precompiled.
 *
 * Run: `npm run bench -w @privkit/dpa`.
 */
import Mustache from 'mustache';
import { checkModel, type PrivacyModel, parseModel, renderHtml, renderMarkdown } from '../src/index.js';
import { largeDpaJson } from './support.js';

const SUB_PROCESSORS = 200;
const json = largeDpaJson(SUB_PROCESSORS);
const text = JSON.stringify(json);
const model = parseModel(json);

// --- peer: a generic template -------------------------------------------------------------
const TEMPLATE =
  `# {{title}}

Between {{controller.name}} (the controller) and {{processor.name}} (the processor), ` +
  `under Article 28 of Regulation (EU) 2016/679 (GDPR).

## Obligations of the processor
{{#obligations}}
- {{.}}
{{/obligations}}

## Annex I: List of parties
{{#parties}}
### {{role}}

- **Name:** {{name}}
- **Address:** {{address}}
- **Contact:** {{contact}}
{{/parties}}

## Annex II: Description of the processing
{{#activities}}
### {{name}}

- **Categories of data subjects:**
{{#subjects}}
  - {{.}}
{{/subjects}}
- **Categories of personal data:**
{{#categories}}
  - {{.}}
{{/categories}}
- **Nature of the processing:**
{{#nature}}
  - {{.}}
{{/nature}}
- **Duration:** {{duration}}
{{/activities}}

## Annex III: Technical and organisational measures
{{#toms}}
### {{heading}}

- {{measures}}
{{/toms}}

## Annex IV: List of sub-processors

| Name | Address | Contact | Country | Processing | Transfer mechanism |
| --- | --- | --- | --- | --- | --- |
{{#subProcessors}}
| {{name}} | {{address}} | {{contact}} | {{country}} | {{service}} | {{transfers}} |
{{/subProcessors}}
`;
Mustache.parse(TEMPLATE);
// Markdown escaping of model text, as ours does (Mustache escapes HTML by default: replaced).
Mustache.escape = (s: string) => s.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);

function peer(m: PrivacyModel): string {
  const parties = new Map(m.parties.map((p) => [p.id, p]));
  const transfers = new Map((m.transfers ?? []).map((t) => [t.id, t]));
  const names = <T extends { id: string; name: string }>(list: readonly T[] | undefined) =>
    new Map((list ?? []).map((x) => [x.id, x.name]));
  const cats = names(m.dataCategories);
  const subjects = names(m.dataSubjects);
  const dpa = m.documents?.dpa;
  if (!dpa) throw new Error('no DPA');
  const view = {
    title: dpa.title,
    controller: parties.get(dpa.controller),
    processor: parties.get(dpa.processor),
    obligations: [
      'The processor processes personal data only on documented instructions from the controller.',
      'Persons authorised to process the data are bound to confidentiality.',
      'The processor takes the measures required by Article 32.',
    ],
    parties: [dpa.controller, dpa.processor].map((id, i) => {
      const p = parties.get(id);
      return {
        role: i ? 'Processor' : 'Controller',
        name: p?.name,
        address: p?.address ?? 'Not stated.',
        contact: p?.contact?.email ?? 'Not stated.',
      };
    }),
    activities: m.activities
      .filter((a) => dpa.activities.includes(a.id))
      .map((a) => ({
        ...a,
        subjects: (a.subjects ?? []).map((s) => subjects.get(s)),
        categories: (a.categories ?? []).map((c) => cats.get(c)),
      })),
    toms: m.toms,
    subProcessors: (m.subProcessors ?? []).map((s) => ({
      name: s.name,
      address: s.address ?? 'Not stated.',
      contact: [s.contact?.name, s.contact?.email].filter(Boolean).join(', '),
      country: s.country,
      service: s.service,
      transfers:
        (s.transfers ?? [])
          .map((id) => transfers.get(id))
          .map((t) => `${t?.to}: ${t?.mechanism?.type}`)
          .join('; ') || 'None stated',
    })),
  };
  return Mustache.render(TEMPLATE, view);
}

// Interleaved rounds: each round times every task back to back, so a burst of load from other
// processes on the shared machine hits ours and the peer alike; the ratio is the median of the
// per-round ratios.
const tasks: [string, () => unknown][] = [
  ['ours: renderMarkdown(dpa)', () => renderMarkdown(model, 'dpa')],
  ['ours: renderHtml(dpa)', () => renderHtml(model, 'dpa')],
  ['ours: checkModel (all packs)', () => checkModel(model)],
  [
    'ours: JSON text → parse + check + Markdown',
    () => {
      const m = parseModel(JSON.parse(text));
      checkModel(m);
      return renderMarkdown(m, 'dpa');
    },
  ],
  ['peer: mustache template (Markdown)', () => peer(model)],
];
const ROUNDS = 15;
const timePerTask = (fn: () => unknown) => {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 150) {
    fn();
    n++;
  }
  return (performance.now() - start) / n;
};
for (const [, fn] of tasks) timePerTask(fn); // warm-up
const rounds: number[][] = [];
for (let r = 0; r < ROUNDS; r++) rounds.push(tasks.map(([, fn]) => timePerTask(fn)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (i: number) => median(rounds.map((r) => r[i] as number));
const ratio = (i: number, j: number) => median(rounds.map((r) => (r[i] as number) / (r[j] as number)));

console.log(
  `DPA with ${SUB_PROCESSORS} sub-processors: Markdown ${renderMarkdown(model, 'dpa').length.toLocaleString('en')} ` +
    `chars, HTML ${renderHtml(model, 'dpa').length.toLocaleString('en')} chars; Node ${process.version}; ${ROUNDS} ` +
    `interleaved rounds`,
);
console.table(tasks.map(([name], i) => ({ task: name, 'ms per document (median)': ms(i).toFixed(3) })));
console.log(
  `renderMarkdown / mustache peer: ours takes ${ratio(0, 4).toFixed(2)}× the peer's time (median of per-round ratios)`,
);
console.log(`renderHtml     / mustache peer: ${ratio(1, 4).toFixed(2)}× the peer's time`);
