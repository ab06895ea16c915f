/**
 * The optional Word renderer (`@privkit/dpa/docx`): a valid Office Open XML package whose body
 * holds the document's headings, fields and the sub-processor table, with the same body for the
 * same model.
 */
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderDocx } from '../src/docx.js';
import { parseModel } from '../src/index.js';
import { FIXTURE_DOCUMENTS, FIXTURES, fixtureJson } from './fixtures/index.js';

/** The entries of a zip file, read through its central directory (APPNOTE.TXT 4.3). */
function unzip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('bad central directory');
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + size);
    out.set(name, new TextDecoder().decode(method === 8 ? inflateRawSync(data) : data));
    at += 46 + skip;
  }
  return out;
}

describe('renderDocx', () => {
  for (const name of FIXTURES)
    for (const kind of FIXTURE_DOCUMENTS[name])
      it(`${name} ${kind}: a Word package with the document's text, the same body every time`, async () => {
        const model = parseModel(fixtureJson(name));
        const files = unzip(await renderDocx(model, kind));
        expect(files.has('[Content_Types].xml')).toBe(true);
        const body = files.get('word/document.xml') as string;
        expect(body).toContain('<w:pStyle w:val="Heading1"/>');
        expect(unzip(await renderDocx(model, kind)).get('word/document.xml')).toBe(body);
      });

  it('holds the DPA annexes and the sub-processor table with a repeating header row', async () => {
    const body = unzip(await renderDocx(parseModel(fixtureJson('seed-003-exitbee-dpa')), 'dpa')).get(
      'word/document.xml',
    ) as string;
    expect(body).toContain('Annex IV: List of sub-processors');
    expect(body).toContain('<w:tblHeader/>');
    expect(body).toContain('Rackspace');
    expect(body).toContain('the Processor will not undertake any data deletion efforts');
    expect(body.match(/<w:tr>/g)?.length).toBe(9); // header + 8 sub-processors
  });

  it('escapes model text as XML', async () => {
    const m = structuredClone(fixtureJson('example-complete')) as { parties: { name: string }[] };
    m.parties[0]!.name = '<w:p>Shop & "Co"</w:p>';
    const body = unzip(await renderDocx(parseModel(m), 'notice')).get('word/document.xml') as string;
    expect(body).toContain('&lt;w:p&gt;Shop &amp;');
    expect(body).not.toContain('<w:p>Shop');
  });
});
