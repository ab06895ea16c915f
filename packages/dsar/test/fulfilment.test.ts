/**
 * @module
 * Fulfilment: the export bundle (JSON + CSV per source, manifest digests checked against
 * node:crypto), erasure outcomes including retention under a legal obligation, rectification,
 * keyed identifier digests and suppression records (HMAC-SHA-256 cross-checked with
 * node:crypto), and the audit hash checked the same way.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildExportBundle,
  type DataSource,
  digestIdentifier,
  eraseSubject,
  isSuppressed,
  rectifySubject,
  suppressionRecord,
  toCsv,
} from '../src/fulfilment/index.js';
import { openRequest, transition } from '../src/index.js';
import { appendEntry, GENESIS_HASH } from '../src/verify/index.js';

const request = openRequest({
  type: 'receive',
  at: '2025-01-31T09:30:00Z',
  id: 'REQ-42',
  regime: 'gdpr',
  right: 'portability',
  subject: 'cust_8812',
  timeZone: 'Europe/Paris',
  channel: 'email',
});
const key = new Uint8Array(32).map((_, i) => i);

describe('export bundle', () => {
  const sources: DataSource[] = [
    {
      name: 'profile',
      description: 'account profile',
      export: async () => [{ name: 'Ada, Countess', email: 'ada@example.com', tags: ['a', 'b'] }],
    },
    {
      name: 'orders',
      export: async () => [
        { id: 'A-1', total: 12.5 },
        { id: 'A-2', total: 3, note: '=HYPERLINK("x")' },
      ],
    },
    { name: 'empty', export: async () => [] },
    {
      name: 'broken',
      export: async () => {
        throw new Error('db down for ada@example.com');
      },
    },
    { name: 'erase-only', erase: async () => ({ status: 'erased' }) },
  ];

  it('has JSON and CSV per source and a manifest of digests', async () => {
    const bundle = await buildExportBundle(request, sources, { generatedAt: '2025-02-10T10:00:00Z' });
    expect(bundle.files.map((f) => f.path)).toEqual([
      'profile.json',
      'profile.csv',
      'orders.json',
      'orders.csv',
      'empty.json',
      'empty.csv',
      'manifest.json',
    ]);
    for (const source of bundle.manifest.sources) {
      for (const file of source.files) {
        const content = bundle.files.find((f) => f.path === file.path)!.content;
        expect(file.sha256).toBe(createHash('sha256').update(content, 'utf8').digest('hex'));
        expect(file.bytes).toBe(Buffer.byteLength(content));
      }
    }
    expect(JSON.parse(bundle.files.at(-1)!.content)).toEqual(bundle.manifest);
    expect(JSON.parse(bundle.files[2]!.content)).toEqual([
      { id: 'A-1', total: 12.5 },
      { id: 'A-2', total: 3, note: '=HYPERLINK("x")' },
    ]);
    expect(bundle.files[1]!.content).toBe('name,email,tags\r\n"Ada, Countess",ada@example.com,"[""a"",""b""]"\r\n');
    expect(bundle.files[3]!.content).toBe('id,total,note\r\nA-1,12.5,\r\nA-2,3,"\'=HYPERLINK(""x"")"\r\n');
    expect(bundle.outcomes).toEqual([
      { source: 'profile', status: 'done', records: 1 },
      { source: 'orders', status: 'done', records: 2 },
      { source: 'empty', status: 'not-found', records: 0 },
      { source: 'broken', status: 'failed', reason: 'the source failed to export' },
    ]);
    expect(JSON.stringify(bundle.outcomes)).not.toContain('ada@');
    // A failed source makes the request partially fulfilled.
    const done = transition(transition(request, { type: 'identity-verified', at: '2025-02-01T10:00:00Z' }), {
      type: 'fulfil-partially',
      at: '2025-02-10T10:00:00Z',
      outcomes: bundle.outcomes,
    });
    expect(done.status).toBe('partially-fulfilled');
  });

  it('rejects unsafe or duplicate source names', async () => {
    await expect(buildExportBundle(request, [{ name: '../etc', export: async () => [] }])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(buildExportBundle(request, [{ name: 'a' }, { name: 'a' }])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('CSV round-trips through an RFC 4180 reader', () => {
    const parse = (csv: string): string[][] => {
      const rows: string[][] = [];
      let row: string[] = [];
      let field = '';
      let quoted = false;
      for (let i = 0; i < csv.length; i++) {
        const c = csv[i]!;
        if (quoted) {
          if (c === '"' && csv[i + 1] === '"') {
            field += '"';
            i++;
          } else if (c === '"') quoted = false;
          else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          row.push(field);
          field = '';
        } else if (c === '\r' && csv[i + 1] === '\n') {
          row.push(field);
          rows.push(row);
          row = [];
          field = '';
          i++;
        } else field += c;
      }
      return rows;
    };
    fc.assert(
      fc.property(fc.array(fc.record({ a: fc.string(), b: fc.string() }), { maxLength: 5 }), (records) => {
        const rows = parse(toCsv(records));
        expect(rows[0]).toEqual(records.length ? ['a', 'b'] : ['']);
        records.forEach((r, i) => {
          const unformula = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
          expect(rows[i + 1]).toEqual([unformula(r.a), unformula(r.b)]);
        });
      }),
    );
  });
});

describe('erasure and rectification', () => {
  it('records per-source outcomes, including retention under a legal obligation', async () => {
    const outcomes = await eraseSubject(request, [
      { name: 'profile', erase: async () => ({ status: 'erased', records: 1 }) },
      {
        name: 'invoices',
        erase: async () => ({
          status: 'retained',
          reason: 'tax records',
          citation: 'AO § 147(3): 10 years',
          retainUntil: '2035-12-31',
        }),
      },
      { name: 'newsletter', erase: async () => ({ status: 'not-found' }) },
      {
        name: 'legacy',
        erase: async () => {
          throw new Error('timeout for cust_8812');
        },
      },
      { name: 'export-only', export: async () => [] },
    ]);
    expect(outcomes).toEqual([
      { source: 'profile', status: 'done', records: 1 },
      {
        source: 'invoices',
        status: 'retained',
        reason: 'tax records',
        citation: 'AO § 147(3): 10 years',
        retainUntil: '2035-12-31',
      },
      { source: 'newsletter', status: 'not-found', records: 0 },
      { source: 'legacy', status: 'failed', reason: 'the source failed to erase' },
    ]);
    await expect(
      eraseSubject(request, [{ name: 'x', erase: async () => ({ status: 'retained', reason: 'r', citation: '' }) }]),
    ).rejects.toMatchObject({ code: 'MISSING_CITATION' });
    expect(
      await rectifySubject(
        request,
        [
          { name: 'crm', rectify: async () => 2 },
          { name: 'old', rectify: async () => 0 },
        ],
        { city: 'Paris' },
      ),
    ).toEqual([
      { source: 'crm', status: 'done', records: 2 },
      { source: 'old', status: 'not-found', records: 0 },
    ]);
  });
});

describe('keyed digests and suppression', () => {
  it('digestIdentifier is HMAC-SHA-256(key, type NUL normalised value), as node:crypto computes it', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 64 }).filter((k) => !k.every((b) => b === k[0])),
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
        (k, value) => {
          const expected = createHmac('sha256', k)
            .update(`customer-id\u0000${value.normalize('NFC').trim()}`, 'utf8')
            .digest('hex');
          expect(digestIdentifier(k, 'customer-id', value).digest).toBe(expected);
        },
      ),
    );
    expect(digestIdentifier(key, 'email', ' Ada@Example.COM').digest).toBe(
      digestIdentifier(key, 'email', 'ada@example.com').digest,
    );
    expect(digestIdentifier(key, 'phone', '+44 20 7946 0000').digest).toBe(
      digestIdentifier(key, 'phone', '+442079460000').digest,
    );
    expect(digestIdentifier(key, 'email', 'a@b.example').digest).not.toBe(
      digestIdentifier(
        new Uint8Array(32).map((_, i) => 255 - i),
        'email',
        'a@b.example',
      ).digest,
    );
    expect(() => digestIdentifier(new Uint8Array(16), 'email', 'a@b.example')).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('suppression records hold only the keyed digest', () => {
    const record = suppressionRecord(key, 'email', 'ada@example.com', 'erasure', {
      createdAt: '2025-02-01T10:00:00Z',
      source: 'dsar:REQ-42',
    });
    expect(Object.keys(record).sort()).toEqual(['createdAt', 'digest', 'reason', 'source', 'type']);
    expect(JSON.stringify(record)).not.toMatch(/ada|example/);
    expect(isSuppressed([record], key, 'email', 'ADA@example.com ')).toBe(true);
    expect(isSuppressed([record], key, 'email', 'bob@example.com')).toBe(false);
    expect(isSuppressed([record], key, 'phone', 'ada@example.com')).toBe(false);
  });
});

describe('audit hash', () => {
  it('is SHA-256 over the domain tag and canonical JSON, as node:crypto computes it', () => {
    const event = {
      type: 'receive',
      at: '2025-01-31T09:30:00Z',
      id: 'R1',
      regime: 'gdpr',
      right: 'access',
      subject: 's1',
      timeZone: 'UTC',
      channel: 'email',
    } as const;
    const entry = appendEntry(undefined, event);
    const canonical =
      '{"event":{"at":"2025-01-31T09:30:00.000Z","channel":"email","id":"R1","regime":"gdpr","right":"access",' +
      `"subject":"s1","timeZone":"UTC","type":"receive"},"prev":"${GENESIS_HASH}","requestId":"R1","seq":1}`;
    expect(entry.hash).toBe(createHash('sha256').update(`privkit-dsar-audit/v1\n${canonical}`).digest('hex'));
    // Key order does not change the hash.
    const shuffled = appendEntry(undefined, {
      channel: 'email',
      timeZone: 'UTC',
      subject: 's1',
      right: 'access',
      regime: 'gdpr',
      id: 'R1',
      at: '2025-01-31T09:30:00Z',
      type: 'receive',
    });
    expect(shuffled.hash).toBe(entry.hash);
  });
});
