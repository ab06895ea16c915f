import { describe, expect, it } from 'vitest';
import { DPV_NOTICE, toDpvJsonLd } from '../src/dpv.js';
import { parseModel } from '../src/index.js';
import { FIXTURES, fixtureJson } from './fixtures/index.js';

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

  it.each(FIXTURES)('is deterministic JSON for %s', (name) => {
    const a = JSON.stringify(toDpvJsonLd(parseModel(fixtureJson(name))));
    expect(JSON.stringify(toDpvJsonLd(parseModel(fixtureJson(name))))).toBe(a);
    expect(a).toContain('"dct:rights"');
  });
});
