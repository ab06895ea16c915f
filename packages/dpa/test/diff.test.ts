import { describe, expect, it } from 'vitest';
import {
  DpaError,
  diffModels,
  parseModel,
  renderChangeNoticeMarkdown,
  subProcessorChangeNotice,
} from '../src/index.js';
import { fixtureJson } from './fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: tests mutate fixture JSON freely before parsing it
type Loose = any;
const v1 = () => structuredClone(fixtureJson('example-complete')) as Loose;

function v2(): Loose {
  const m = v1();
  m.subProcessors.push({
    id: 'tracker',
    name: 'Tracker Ltd',
    address: '1 Canal St, Dublin',
    country: 'IE',
    service: 'Error tracking',
    contact: { email: 'dpo@tracker.example' },
  });
  m.subProcessors = m.subProcessors.filter((s: Loose) => s.id !== 'hetzner');
  m.transfers[0].mechanism = { type: 'scc', module: 3, tia: true };
  m.retention[1].period = { min: 'P30D', max: 'P25M' };
  m.toms[0].measures = 'Visitor ids are HMAC-SHA-256 with a daily key; AES-256 at rest';
  return m;
}

describe('diffModels', () => {
  it('is empty for the same model, and for a JSON round trip of it', () => {
    const a = parseModel(v1());
    expect(diffModels(a, a).changes).toEqual([]);
    expect(diffModels(a, parseModel(JSON.parse(JSON.stringify(a)))).changes).toEqual([]);
  });

  it('keys changes on stable ids and names the changed fields', () => {
    const { changes } = diffModels(parseModel(v1()), parseModel(v2()));
    expect(changes.map((c) => `${c.kind} ${c.entity} ${c.id} ${c.fields?.join(',') ?? ''}`.trim())).toEqual([
      'added subProcessors tracker',
      'removed subProcessors hetzner',
      'changed transfers t-mailer mechanism',
      'changed toms tom-pseudonymisationEncryption measures',
      'changed retention page-views-13m period',
    ]);
  });

  it('sees a document term change', () => {
    const b = v1();
    b.documents.dpa.breach.notifyWithin = 'PT48H';
    const { changes } = diffModels(parseModel(v1()), parseModel(b));
    expect(changes).toEqual([
      {
        kind: 'changed',
        entity: 'documents',
        id: 'dpa',
        fields: ['breach'],
        before: parseModel(v1()).documents?.dpa,
        after: parseModel(b).documents?.dpa,
      },
    ]);
  });
});

describe('subProcessorChangeNotice (Art. 28(2))', () => {
  it(
    "lists changed (transfer mechanism), added and removed sub-processors in model order with each contract's " +
      'deadline',
    () => {
      const notice = subProcessorChangeNotice(parseModel(v1()), parseModel(v2()), {
        date: '2026-11-23',
        effective: '2027-01-01',
      });
      expect(notice).toEqual({
        processor: 'Acme Analytics SA',
        date: '2026-11-23',
        effective: '2027-01-01',
        changes: [
          {
            kind: 'changed',
            id: 'mailer',
            name: 'Mailer Inc.',
            countries: ['US'],
            service: 'Sending report e-mails',
            transfers: ['US: Standard contractual clauses, (EU) 2021/914, Module Three (processor to processor)'],
            fields: ['transfers'],
          },
          {
            kind: 'added',
            id: 'tracker',
            name: 'Tracker Ltd',
            countries: ['IE'],
            service: 'Error tracking',
            transfers: [],
          },
          {
            kind: 'removed',
            id: 'hetzner',
            name: 'Hetzner Online GmbH',
            countries: ['DE'],
            service: 'Server hosting',
            transfers: [],
          },
        ],
        deadlines: [
          {
            contract: 'shop-msa',
            customer: 'Shop GmbH',
            channel: 'privacy@shop.example',
            period: 'P30D',
            deadline: '2026-12-23',
          },
          // no period in the contract: the DPA's notice period (P30D) applies
          {
            contract: 'bakery-msa',
            customer: 'Bakery SARL',
            channel: 'dpo@bakery.example',
            period: 'P30D',
            deadline: '2026-12-23',
          },
        ],
      });
      expect(JSON.parse(JSON.stringify(notice))).toEqual(notice);
    },
  );

  it('computes calendar deadlines: months clamp to the month end, hours round up to days', () => {
    const after = v1();
    after.contracts = [
      { id: 'a', customer: 'A', objectionPeriod: 'P1M' },
      { id: 'b', customer: 'B', objectionPeriod: 'P2W' },
      { id: 'c', customer: 'C', objectionPeriod: 'PT36H' },
      { id: 'd', customer: 'D', objectionPeriod: 'P1Y' },
    ];
    const at = (date: string) =>
      subProcessorChangeNotice(parseModel(v1()), parseModel(after), { date }).deadlines.map((d) => d.deadline);
    expect(at('2027-01-31')).toEqual(['2027-02-28', '2027-02-14', '2027-02-02', '2028-01-31']);
    expect(at('2028-02-29')).toEqual(['2028-03-29', '2028-03-14', '2028-03-02', '2029-02-28']);
    expect(at('2026-12-20')).toEqual(['2027-01-20', '2027-01-03', '2026-12-22', '2027-12-20']);
  });

  it('renders Markdown and says when no period is agreed', () => {
    const after = v2();
    delete after.documents.dpa.subProcessing.noticePeriod;
    const md = renderChangeNoticeMarkdown(
      subProcessorChangeNotice(parseModel(v1()), parseModel(after), { date: '2026-11-23' }),
    );
    expect(md).toContain('# Notice of changes to sub-processors');
    expect(md).toContain('| added | Tracker Ltd | IE | Error tracking | none |');
    expect(md).toContain(
      '- Shop GmbH (contract shop-msa): you may object until 2026-12-23 (30 days from this notice) ' +
        'by writing to privacy@shop.example.',
    );
    expect(md).toContain('- Bakery SARL (contract bakery-msa): no objection period is agreed');
    expect(
      renderChangeNoticeMarkdown(subProcessorChangeNotice(parseModel(v1()), parseModel(after), { date: '2026-11-23' })),
    ).toBe(md);
  });

  it('rejects a malformed date', () => {
    expect(() => subProcessorChangeNotice(parseModel(v1()), parseModel(v1()), { date: '23/11/2026' })).toThrow(
      DpaError,
    );
  });
});
