import { describe, expect, it } from 'vitest';
import { DPV_NOTICE, toDpvJsonLd } from '../src/dpv.js';
import { parseModel } from '../src/index.js';
import { FIXTURES, fixtureJson } from './fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: tests edit fixture JSON freely before parsing it
type Loose = any;
const BASIS_IDS: Record<string, string> = {
  consent: 'eu-gdpr:A6-1-a',
  contract: 'eu-gdpr:A6-1-b',
  'legal-obligation': 'eu-gdpr:A6-1-c',
  'vital-interests': 'eu-gdpr:A6-1-d',
  'public-task': 'eu-gdpr:A6-1-e',
  'legitimate-interests': 'eu-gdpr:A6-1-f',
};

describe('toDpvJsonLd', () => {
  it('maps the model to DPV and eu-gdpr terms, with the licence notice', () => {
    const doc = toDpvJsonLd(parseModel(fixtureJson('example-complete')), { base: 'https://shop.example/privacy#' }) as {
      '@context': Record<string, string>;
      '@graph': Record<string, unknown>[];
      'dct:rights': string;
    };
    expect(doc['@context']['dpv']).toBe('https://w3id.org/dpv#');
    expect(doc['@context']['eu-gdpr']).toBe('https://w3id.org/dpv/legal/eu/gdpr#');
    expect(doc['dct:rights']).toBe(DPV_NOTICE);
    expect(DPV_NOTICE).toContain('W3C Software and Document License');
    const byId = new Map(doc['@graph'].map((n) => [n['@id'], n]));
    const analytics = byId.get('ex:activity/web-analytics') as Record<string, unknown>;
    expect(analytics['@type']).toBe('dpv:Process');
    expect(analytics['dpv:hasLegalBasis']).toEqual([{ '@id': 'eu-gdpr:A6-1-f' }]);
    expect(analytics['dpv:hasDataController']).toEqual([{ '@id': 'ex:party/shop' }]);
    expect(analytics['dpv:hasDataProcessor']).toEqual([{ '@id': 'ex:party/acme' }]);
    expect(byId.get('ex:transfer/t-mailer')).toMatchObject({
      'dpv:hasThirdCountry': { '@id': 'loc:US' },
      'dpv:hasLegalBasis': { '@id': 'eu-gdpr:A45-3' },
    });
    expect(byId.get('ex:document/acme-dpa')).toMatchObject({ '@type': 'dpv:ControllerProcessorAgreement' });
    expect(byId.get('ex:party/acme')).toMatchObject({ '@type': ['dpv:LegalEntity', 'dpv:DataProcessor'] });
  });

  it('carries the notice, which basis goes with which purpose, and retention triggers and criteria', () => {
    const raw = structuredClone(fixtureJson('example-complete')) as Loose;
    raw.documents.notice.legalBases = [{ basis: 'consent', whereRequired: true }];
    raw.documents.notice.references = [{ kind: 'cookie-policy', at: 'https://shop.example/cookies' }];
    raw.activities[1].purposes.push({ id: 'p-unmapped', description: 'Fraud checks' });
    raw.activities[1].retentionCriteria = 'As long as the contract runs, then the statutory period';
    const model = parseModel(raw);
    const graph = (toDpvJsonLd(model) as { '@graph': Loose[] })['@graph'];
    const byId = new Map(graph.map((n) => [n['@id'], n]));
    const notice = byId.get(`ex:document/${raw.documents.notice.id}`);
    expect(notice['@type']).toBe('dpv:PrivacyNotice');
    expect(notice['dpv:hasDataController']).toEqual({ '@id': `ex:party/${raw.documents.notice.controller}` });
    expect(notice['dct:hasPart']).toEqual(
      raw.documents.notice.activities.map((id: string) => ({ '@id': `ex:activity/${id}` })),
    );
    const rights: Record<string, string> = {
      access: 'A15',
      'withdraw-consent': 'A7-3',
      complaint: 'A77',
      erasure: 'A17',
    };
    for (const r of raw.documents.notice.rights.map((x: Loose) => x.right).filter((r: string) => rights[r]))
      expect(notice['dpv:hasRight']).toContainEqual({ '@id': `eu-gdpr:${rights[r]}` });
    expect(notice['dpv:hasLegalBasis']).toEqual([{ '@id': 'eu-gdpr:A6-1-a' }]);
    expect(notice['dct:references']).toEqual(['https://shop.example/cookies']);
    // per purpose: only purposes that state a basis, each with its own
    for (const a of raw.activities) {
      const node = byId.get(`ex:activity/${a.id}`);
      const stated = a.purposes.filter((p: Loose) => p.legalBasis);
      expect(
        node['dpv:hasProcess'].map((p: Loose) => [p['dpv:hasPurpose']['dct:description'], p['dpv:hasLegalBasis']]),
      ).toEqual(stated.map((p: Loose) => [p.description, { '@id': BASIS_IDS[p.legalBasis] }]));
    }
    const orders = byId.get('ex:activity/orders');
    const conditions = orders['dpv:hasStorageCondition'];
    expect(conditions.at(-1)).toEqual({
      '@type': 'dpv:StorageCondition',
      'dct:description': 'As long as the contract runs, then the statutory period',
    });
    const rules = new Map(raw.retention.map((r: Loose) => [r.id, r]));
    for (const c of conditions.slice(0, -1)) {
      const rule = rules.get(c['dct:identifier']) as Loose;
      expect(rule).toBeDefined();
      const t = rule.trigger;
      const start = !t
        ? undefined
        : (t.label ??
          (t.type === 'collected'
            ? 'collection'
            : t.type === 'event'
              ? `the event "${t.event}"`
              : 'the last activity'));
      expect(c['skos:scopeNote']).toBe(`The period starts at: ${start ?? 'not stated'}`);
      expect(c['dct:description']).toContain(start ? `after ${start}` : 'the start of the period is not stated');
    }
  });

  it.each(FIXTURES)('is deterministic JSON for %s', (name) => {
    const a = JSON.stringify(toDpvJsonLd(parseModel(fixtureJson(name))));
    expect(JSON.stringify(toDpvJsonLd(parseModel(fixtureJson(name))))).toBe(a);
    expect(a).toContain('"dct:rights"');
  });
});
