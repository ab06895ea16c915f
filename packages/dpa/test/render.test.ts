import { describe, expect, it } from 'vitest';
import { DpaError, parseModel, renderHtml, renderMarkdown } from '../src/index.js';
import { FIXTURE_DOCUMENTS, FIXTURES, fixtureJson } from './fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: tests mutate fixture JSON freely before parsing it
type Loose = any;

describe('rendering', () => {
  for (const name of FIXTURES)
    for (const kind of FIXTURE_DOCUMENTS[name])
      it(`${name} ${kind}: byte-deterministic Markdown and HTML`, () => {
        const a = parseModel(fixtureJson(name));
        const b = parseModel(JSON.parse(JSON.stringify(fixtureJson(name))));
        const md = renderMarkdown(a, kind);
        expect(renderMarkdown(b, kind)).toBe(md);
        expect(renderHtml(b, kind)).toBe(renderHtml(a, kind));
        expect(md.startsWith('# ')).toBe(true);
        expect(md.endsWith('\n')).toBe(true);
      });

  it("prints a transfer's safeguards in their order of precedence, each only as stated", () => {
    const json: Loose = fixtureJson('example-complete');
    json.transfers[0].alternatives = [{ type: 'scc', module: 2 }, { type: 'derogation' }];
    const model = parseModel(json);
    const order =
      'EU-U.S. Data Privacy Framework (importer certified); where it does not apply, in this order: ' +
      'Standard contractual clauses, (EU) 2021/914, Module Two (controller to processor); Derogation, Art. 49(1) GDPR';
    for (const kind of ['dpa', 'notice', 'record'] as const) expect(renderMarkdown(model, kind)).toContain(order);
    // Without alternatives nothing is added: the first safeguard stands alone.
    expect(renderMarkdown(parseModel(fixtureJson('example-complete')), 'notice')).not.toContain(
      'where it does not apply',
    );
  });

  it("prints a sub-processor's region beside its countries, or alone, in the list's words", () => {
    const json: Loose = fixtureJson('example-complete');
    json.subProcessors[0].region = 'Falkenstein';
    json.subProcessors[0].data = 'the report database';
    let md = renderMarkdown(parseModel(json), 'dpa');
    expect(md).toMatch(/\| DE \(Falkenstein\) \| Server hosting\. Data it receives: the report database \|/);
    delete json.subProcessors[0].country;
    json.subProcessors[0].region = 'Global edge network';
    md = renderMarkdown(parseModel(json), 'dpa');
    expect(md).toMatch(/\| Global edge network \| Server hosting/);
    // A missing service is labelled, so that "Not stated." is not read as the data's.
    delete json.subProcessors[0].service;
    md = renderMarkdown(parseModel(json), 'dpa');
    expect(md).toContain('| Global edge network | Service: Not stated. Data it receives: the report database |');
    json.subProcessors[0].service = 'Hosting (EU region).';
    md = renderMarkdown(parseModel(json), 'dpa');
    expect(md).toContain('| Hosting (EU region). Data it receives: the report database |');
    delete json.subProcessors[0].data;
    expect(renderMarkdown(parseModel(json), 'dpa')).toContain('| Hosting (EU region). |');
  });

  it('renders the DPA with its four annexes and the seed clauses', () => {
    const md = renderMarkdown(parseModel(fixtureJson('seed-003-exitbee-dpa')), 'dpa');
    for (const heading of [
      '## Annex I: List of parties',
      '## Annex II: Description of the processing',
      '## Annex III: Technical and organisational measures',
      '## Annex IV: List of sub-processors',
    ])
      expect(md).toContain(heading);
    expect(md).toContain(
      '| Rackspace | Not stated. | Not stated. | GB | Managed Services – Google Cloud Platform Infrastructure ' +
        '| None stated |',
    );
    expect(md).toContain('within 72 hours after becoming aware of it (clause 9.1)');
    expect(md).toContain('capped at EUR 100,000');
    expect(md).toContain('the Processor will not undertake any data deletion efforts');
    // all 17 Annex III headings, in order
    expect(md.match(/^### (Measures|Processes) /gm)).toHaveLength(17);
  });

  it('renders the notice and the record from the same entities', () => {
    const model = parseModel(fixtureJson('example-complete'));
    const notice = renderMarkdown(model, 'notice');
    const record = renderMarkdown(model, 'record');
    const retention =
      'Page views with a daily visitor hash: 30 days to 13 months after collection, ' +
      'rounded up to the end of the month, for audience measurement (Art. 6(1)(f) GDPR).';
    expect(notice).toContain(retention);
    expect(record).toContain(retention);
    expect(notice).toContain('| US | Mailer Inc. | EU-U.S. Data Privacy Framework (importer certified) |');
    expect(record).toContain('# Record of processing activities (Art. 30(1) GDPR)');
  });

  it('escapes Markdown and HTML in model text', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    m.parties[0].name = '<script>alert(1)</script> *Shop* | [x](y) & "co"';
    m.activities[0].name = '# not a heading';
    const model = parseModel(m);
    const html = renderHtml(model, 'dpa');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; *Shop* | [x](y) &amp; &quot;co&quot;');
    const md = renderMarkdown(model, 'dpa');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> \\*Shop\\* \\| \\[x\\](y) & "co"');
    expect(md).toContain('### \\# not a heading');
  });

  it('closes bidirectional controls inside the field that opened them', () => {
    const m = structuredClone(fixtureJson('example-complete')) as Loose;
    m.parties[0].name = '\u202EShop\u2069'; // an override left open, and a PDI that closes nothing
    m.parties[0].address = '\u2067Rue\n\u202Ade la Loi\u2069'; // an isolate across a line break
    const model = parseModel(m);
    const md = renderMarkdown(model, 'dpa');
    expect(md).toContain('Between \u202EShop\u2069\u202C (the controller)');
    const html = renderHtml(model, 'dpa');
    expect(html).toContain('<dd>\u202EShop\u2069\u202C</dd>');
    expect(html).toContain('<dd>\u2067Rue\u2069\n\u202Ade la Loi\u2069\u202C</dd>');
  });

  it('produces a standalone accessible page or a fragment', () => {
    const model = parseModel(fixtureJson('example-complete'));
    const page = renderHtml(model, 'dpa');
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain('<title>Data Processing Agreement</title>');
    expect(page).toContain('<main>');
    expect(page).toContain('<th scope="col">Transfer mechanism</th>');
    expect(page).toContain('@media print');
    const fragment = renderHtml(model, 'dpa', { fragment: true });
    expect(fragment.startsWith('<article>')).toBe(true);
    // every section opened is closed
    expect(page.match(/<section /g)?.length).toBe(page.match(/<\/section>/g)?.length);
  });

  it('refuses a document the model does not have', () => {
    const model = parseModel(fixtureJson('seed-001-xcommerce-notice'));
    expect(() => renderMarkdown(model, 'dpa')).toThrow(DpaError);
    expect(() => renderHtml(model, 'record')).toThrow(expect.objectContaining({ code: 'UNKNOWN_DOCUMENT' }));
  });
});
