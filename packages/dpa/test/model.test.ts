import { describe, expect, it } from 'vitest';
import { DpaError, parseModel, parseRetentionRule } from '../src/index.js';
import { modelJsonSchema } from '../src/schema.js';
import { FIXTURES, fixtureJson } from './fixtures/index.js';

describe('parseModel', () => {
  it.each(FIXTURES)('parses %s and round-trips model → JSON → model as identity', (name) => {
    const raw = fixtureJson(name);
    const model = parseModel(raw);
    expect(model).toEqual(raw);
    const again = parseModel(JSON.parse(JSON.stringify(model)));
    expect(again).toEqual(model);
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
  });

  it('accepts a draft with almost nothing in it', () => {
    const m = parseModel({
      id: 'draft',
      parties: [],
      activities: [{ id: 'a', name: 'A', roles: [] }],
      documents: { dpa: { id: 'd', controller: 'x', processor: 'y', activities: [] } },
    });
    expect(m.documents?.dpa?.id).toBe('d');
  });

  it('rejects wrong shapes with paths, and never echoes the values', () => {
    const secret = 'jane.doe@private.example';
    let error: unknown;
    try {
      parseModel({
        id: 'm',
        parties: [{ id: 'p', name: 'P', contact: { email: secret }, country: 'Belgium' }],
        activities: 'none',
        extra: secret,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DpaError);
    const e = error as DpaError;
    expect(e.code).toBe('INVALID_MODEL');
    const paths = e.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['activities', 'extra', 'parties[0].country']);
    expect(e.path).toBe('parties[0].country');
    expect(e.issues.map((i) => i.code)).toEqual(['INVALID_MODEL', 'INVALID_MODEL', 'UNKNOWN_KEY']);
    expect(JSON.stringify(e.issues) + e.message).not.toContain('jane');
    expect(JSON.stringify(e.issues)).not.toContain('Belgium');
  });

  it('rejects malformed durations, dates, ids and unknown enum values', () => {
    const bad = [
      { retention: [{ id: 'r', category: 'c', purpose: 'p', period: '7 days' }] },
      { retention: [{ id: 'r', category: 'c', purpose: 'p', period: { min: 'P1D' } }] },
      { date: '2026-13-01' },
      { parties: [{ id: 'has space', name: 'x' }] },
      { toms: [{ id: 't', heading: 'firewalls', measures: 'x' }] },
      { transfers: [{ id: 't', mechanism: { type: 'scc', module: 5 } }] },
    ];
    for (const patch of bad)
      expect(() => parseModel({ id: 'm', parties: [], activities: [], ...patch })).toThrow(DpaError);
  });

  it('accepts only assigned ISO 3166-1 country codes: UK, EU and XX are not countries', () => {
    const at = (to: string) => () => parseModel({ id: 'm', parties: [], activities: [], transfers: [{ id: 't', to }] });
    for (const to of ['UK', 'EU', 'XX', 'ZZ', 'gb', 'GBR']) {
      expect(at(to), to).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', path: 'transfers[0].to' }));
      expect(at(to), to).toThrow(/the United Kingdom is GB, not UK/);
    }
    expect(
      parseModel({ id: 'm', parties: [], activities: [], transfers: [{ id: 't', to: 'GB' }] }).transfers,
    ).toHaveLength(1);
  });

  it('exports a JSON Schema that describes the model', () => {
    const schema = modelJsonSchema() as {
      $schema: string;
      type: string;
      required: string[];
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['id', 'parties', 'activities']);
    expect(Object.keys(schema.properties)).toContain('subProcessors');
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('retention rules', () => {
  it('accepts the @privkit/retention shapes: ranges, event triggers, anchors, exceptions', () => {
    const rules = [
      { id: 'a', category: 'ip', purpose: 'security', period: 'P7D' },
      {
        id: 'b',
        category: 'logs',
        purpose: 'abuse',
        legalBasis: 'Art. 6(1)(f) GDPR',
        period: { min: 'P30D', max: 'P6M' },
      },
      {
        id: 'c',
        category: 'invoices',
        purpose: 'tax',
        citation: '§ 147 AO',
        period: 'P10Y',
        trigger: { type: 'event', event: 'invoiceIssued' },
        anchor: 'end-of-year',
      },
      {
        id: 'd',
        category: 'ip',
        purpose: 'incident',
        period: 'PT24H',
        trigger: { type: 'last-activity' },
        exceptionTo: 'a',
      },
    ];
    for (const r of rules) expect(parseRetentionRule(r)).toEqual(r);
  });
  it('rejects other shapes with the shared codes and paths', () => {
    for (const [r, code, path] of [
      [{ id: 'a', category: 'ip', purpose: 'x', period: 'P7D', keepForever: true }, 'UNKNOWN_KEY', 'rule.keepForever'],
      [{ id: 'a', category: 'ip', purpose: 'x', period: 'P0.5D' }, 'INVALID_DURATION', 'rule.period'],
      [
        { id: 'a', category: 'ip', purpose: 'x', period: 'P7D', trigger: { type: 'event' } },
        'INVALID_ARGUMENT',
        'rule.trigger.event',
      ],
      [
        { id: 'a', category: 'ip', purpose: 'x', period: 'P7D', anchor: 'endOfWeek' },
        'INVALID_ARGUMENT',
        'rule.anchor',
      ],
      [
        { id: 'a', category: 'ip', purpose: 'x', period: 'P7D', triger: { type: 'event' } },
        'UNKNOWN_KEY',
        'rule.triger',
      ],
      [{ id: 'a', category: 'ip', purpose: 'x', period: { min: 'P30D', max: 'P1M' } }, 'RANGE_INVERTED', 'rule.period'],
      [{ id: 'a', category: 'ip', purpose: ' ', period: 'P7D' }, 'INVALID_ARGUMENT', 'rule.purpose'],
    ] as const)
      expect(() => parseRetentionRule(r)).toThrow(expect.objectContaining({ code, path }));
  });

  it('words an unknown key as every privkit package does', () => {
    expect(() => parseRetentionRule({ id: 'a', category: 'ip', purpose: 'x', period: 'P7D', triger: {} })).toThrow(
      'unknown key "triger" at rule (did you mean "trigger"?); expected one of: id, category, purpose, legalBasis, ' +
        'citation, period, trigger, anchor, exceptionTo',
    );
    expect(() =>
      parseModel({
        id: 'm',
        parties: [],
        activities: [],
        retention: [{ id: 'a', category: 'ip', purpose: 'x', period: 'P7D', anchr: 'none' }],
      }),
    ).toThrow(/^unknown key "anchr" at retention\[0\] \(did you mean "anchor"\?\); expected one of: id, /);
  });
});
