/**
 * @module
 * `@privkit/dpa/dpv`: export of the model as JSON-LD with terms of the W3C Data Privacy Vocabulary (DPV 2) and its
 * GDPR extension (`eu-gdpr`). The output carries DPV's licence notice, as the DPV licence asks.
 */

import { own } from '@privkit/internal/check';
import { raise } from './errors.js';
import { Lookup } from './lookup.js';
import type { LegalBasis, NoticeDocument, PrivacyModel, Right, TransferMechanism } from './model.js';
import { options as readOptions } from './options.js';
import { describeRetention } from './render/phrases.js';
import { requireModel } from './schema/parse.js';

/**
 * DPV's licence and attribution notice, included in every export.
 *
 * @example
 * ```ts
 * import { DPV_NOTICE } from '@privkit/dpa/dpv';
 *
 * DPV_NOTICE.includes('W3C Software and Document License'); // true
 * ```
 */
export const DPV_NOTICE =
  'Uses terms of the Data Privacy Vocabulary (DPV), https://w3id.org/dpv, and its GDPR extension, ' +
  'https://w3id.org/dpv/legal/eu/gdpr. ' +
  'Copyright © 2019–2025 W3C Data Privacy Vocabularies and Controls Community Group (DPVCG). ' +
  'DPV is published under the W3C Software and Document License, https://www.w3.org/copyright/software-license-2023/.';

const BASIS: Record<LegalBasis, string> = {
  consent: 'eu-gdpr:A6-1-a',
  contract: 'eu-gdpr:A6-1-b',
  'legal-obligation': 'eu-gdpr:A6-1-c',
  'vital-interests': 'eu-gdpr:A6-1-d',
  'public-task': 'eu-gdpr:A6-1-e',
  'legitimate-interests': 'eu-gdpr:A6-1-f',
};

// The rights as the GDPR extension names them (its concepts are the articles: A7-3 is the right
// to withdraw consent, A77 the right to lodge a complaint).
// The CCPA's own rights have no concept there and are left out.
const RIGHT: Partial<Record<Right, string>> = {
  access: 'eu-gdpr:A15',
  rectification: 'eu-gdpr:A16',
  erasure: 'eu-gdpr:A17',
  restriction: 'eu-gdpr:A18',
  portability: 'eu-gdpr:A20',
  object: 'eu-gdpr:A21',
  'withdraw-consent': 'eu-gdpr:A7-3',
  'automated-decisions': 'eu-gdpr:A22',
  complaint: 'eu-gdpr:A77',
};

function mechanism(m: TransferMechanism | undefined): string | undefined {
  if (!m) return undefined;
  switch (m.type) {
    case 'adequacy':
    case 'dpf':
      return 'eu-gdpr:A45-3';
    case 'scc':
      return 'eu-gdpr:A46-2-c';
    case 'bcr':
      return 'eu-gdpr:A46-2-b';
    case 'derogation':
      return m.article ? `eu-gdpr:A49-1-${m.article}` : undefined;
  }
}

type Node = Record<string, unknown>;

/**
 * Exports the model as a JSON-LD document: parties as `dpv:LegalEntity` with their roles,
 * activities as `dpv:Process` (purposes, personal data, data subjects, legal bases `eu-gdpr:A6-1-*`,
 * recipients, measures; which basis goes with which purpose as one `dpv:hasProcess` per purpose;
 * storage durations with the rule's id, its words and what starts the period, and the criteria
 * where no period is stated as a `dpv:StorageCondition`), sub-processors as
 * `dpv:DataSubProcessor`, transfers with their legal basis (`eu-gdpr:A45-3`, `A46-2-c`,
 * `A46-2-b`, `A49-1-*`), the DPA as a `dpv:ControllerProcessorAgreement` and the notice as a
 * `dpv:PrivacyNotice` (controller, activities, the rights it offers as `eu-gdpr:A15` … `A77`, and
 * the recipients, transfers, legal bases and documents it states for the whole notice). Ids
 * become IRIs under `base`. Deterministic.
 *
 * @param model - a parsed model.
 * @param options - the IRI prefix for the model's own ids.
 * @returns a JSON-LD object with `@context`, `@graph` and DPV's licence notice.
 * @throws {@link index!DpaError} `UNKNOWN_KEY` or `INVALID_OPTIONS` for a bad option; `UNKNOWN_KEY` or
 * `INVALID_MODEL` when `model` is not a model.
 *
 * @example
 * ```ts
 * import { parseModel } from '@privkit/dpa';
 * import { toDpvJsonLd } from '@privkit/dpa/dpv';
 *
 * const model = parseModel({ id: 'shop', parties: [{ id: 'shop', name: 'Shop GmbH' }], activities: [] });
 * const doc = toDpvJsonLd(model, { base: 'https://shop.example/privacy#' });
 * JSON.stringify(doc, null, 2); // ready for a .jsonld file
 * ```
 */
export function toDpvJsonLd(model: PrivacyModel, options?: DpvOptions): Record<string, unknown> {
  const m = requireModel(model, 'model');
  const o = readOptions(options, ['base']);
  const base = own(o, 'base') === undefined ? `urn:privkit:${m.id}:` : iriPrefix(own(o, 'base'));
  return exportModel(m, base);
}

/** Options of {@link toDpvJsonLd}. */
export interface DpvOptions {
  /** The IRI prefix for the model's own ids (default `urn:privkit:<model id>:`). */
  readonly base?: string;
}

// An IRI (RFC 3987 §2.2) has no spaces, controls or the characters it excludes ("<>\"{}|\\^`").
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it refuses
const IRI = /^[^\s\u0000-\u001F\u007F-\u009F<>"{}|\\^`]{1,2048}$/;

function iriPrefix(value: unknown): string {
  if (typeof value !== 'string' || !IRI.test(value)) {
    throw raise('INVALID_OPTIONS', 'options.base', '"options.base" must be an IRI of at most 2048 characters');
  }
  return value;
}

function exportModel(model: PrivacyModel, base: string): Record<string, unknown> {
  const l = new Lookup(model);
  const ref = (kind: string, id: string) => ({ '@id': `ex:${kind}/${id}` });
  const refs = (kind: string, ids: readonly string[] | undefined) => (ids ?? []).map((id) => ref(kind, id));
  const graph: Node[] = [];
  const roles = new Map<string, Set<string>>();
  for (const a of model.activities)
    for (const r of a.roles) {
      const set = roles.get(r.party) ?? new Set<string>();
      // An undetermined role is exported as no role: DPV has no term for "not determined".
      if (r.role !== 'undetermined')
        set.add(
          r.role === 'controller'
            ? 'dpv:DataController'
            : r.role === 'joint-controller'
              ? 'dpv:JointDataControllers'
              : r.role === 'processor'
                ? 'dpv:DataProcessor'
                : 'dpv:DataSubProcessor',
        );
      roles.set(r.party, set);
    }
  for (const p of model.parties)
    graph.push({
      '@id': ref('party', p.id)['@id'],
      '@type': ['dpv:LegalEntity', ...[...(roles.get(p.id) ?? [])].sort()],
      'dpv:hasName': p.name,
      ...(p.address ? { 'dpv:hasAddress': p.address } : {}),
      ...(p.country ? { 'dpv:hasCountry': { '@id': `loc:${p.country}` } } : {}),
      ...(p.contact?.email ? { 'dpv:hasContact': `mailto:${p.contact.email}` } : {}),
      ...(p.dpo
        ? {
            'dpv:hasDataProtectionOfficer': {
              '@type': 'dpv:DataProtectionOfficer',
              ...(p.dpo.email ? { 'dpv:hasContact': `mailto:${p.dpo.email}` } : {}),
            },
          }
        : {}),
    });
  for (const c of model.dataCategories ?? [])
    graph.push({
      '@id': ref('data', c.id)['@id'],
      '@type':
        c.sensitivity === 'special'
          ? 'dpv:SpecialCategoryPersonalData'
          : c.sensitivity === 'criminal'
            ? 'dpv:SensitivePersonalData'
            : 'dpv:PersonalData',
      'skos:prefLabel': c.name,
    });
  for (const s of model.dataSubjects ?? [])
    graph.push({ '@id': ref('subject', s.id)['@id'], '@type': 'dpv:DataSubject', 'skos:prefLabel': s.name });
  for (const r of model.recipients ?? [])
    graph.push({ '@id': ref('recipient', r.id)['@id'], '@type': 'dpv:Recipient', 'dpv:hasName': r.name });
  for (const t of model.toms ?? [])
    graph.push({
      '@id': ref('tom', t.id)['@id'],
      '@type': 'dpv:TechnicalOrganisationalMeasure',
      'skos:prefLabel': t.heading,
      'dct:description': t.measures,
    });
  for (const s of model.subProcessors ?? [])
    graph.push({
      '@id': ref('subprocessor', s.id)['@id'],
      '@type': ['dpv:LegalEntity', 'dpv:DataSubProcessor'],
      'dpv:hasName': s.legalEntity ?? s.name,
      ...(s.country ? { 'dpv:hasCountry': { '@id': `loc:${s.country}` } } : {}),
      ...(s.service ? { 'dct:description': s.service } : {}),
      // The data it receives, in the list's words (DPV's personal data terms are categories).
      ...(s.data ? { 'skos:scopeNote': `Data it receives: ${s.data}` } : {}),
    });
  for (const t of model.transfers ?? []) {
    const basis = mechanism(t.mechanism);
    graph.push({
      '@id': ref('transfer', t.id)['@id'],
      '@type': 'dpv:Process',
      'dpv:hasProcessing': { '@id': 'dpv:Transfer' },
      ...(t.to ? { 'dpv:hasThirdCountry': { '@id': `loc:${t.to}` } } : {}),
      ...(t.importer
        ? {
            'dpv:hasRecipient': l.subProcessors.has(t.importer)
              ? ref('subprocessor', t.importer)
              : l.recipients.has(t.importer)
                ? ref('recipient', t.importer)
                : ref('party', t.importer),
          }
        : {}),
      ...(basis ? { 'dpv:hasLegalBasis': { '@id': basis } } : {}),
      // The safeguards that apply, in this order, where the first does not (a JSON-LD list keeps it).
      ...(t.alternatives?.length
        ? {
            'dct:relation': { '@list': t.alternatives.flatMap((m) => mechanism(m) ?? []).map((id) => ({ '@id': id })) },
          }
        : {}),
    });
  }
  const name = (id: string) => l.categories.get(id)?.name ?? id;
  for (const a of model.activities) {
    const byRole = (roles: string[]) => a.roles.filter((r) => roles.includes(r.role)).map((r) => ref('party', r.party));
    const storage: Node[] = (a.retention ?? [])
      .map((id) => l.retention.get(id))
      .filter((r) => r !== undefined)
      .map((r) => ({
        '@type': 'dpv:StorageDuration',
        'dpv:hasDuration':
          typeof r.period === 'string'
            ? { '@value': r.period, '@type': 'xsd:duration' }
            : [
                { '@value': r.period.min, '@type': 'xsd:duration' },
                { '@value': r.period.max, '@type': 'xsd:duration' },
              ],
        'dct:identifier': r.id,
        // The rule in the document's words: categories, period, what starts it, rounding, purpose.
        'dct:description': describeRetention(r, (r.dataCategories ?? [r.category]).map(name)),
        // What starts the period, in words (DPV has no term for a retention trigger).
        'skos:scopeNote': `The period starts at: ${trigger(r.trigger)}`,
      }));
    if (a.retentionCriteria) storage.push({ '@type': 'dpv:StorageCondition', 'dct:description': a.retentionCriteria });
    // Which basis goes with which purpose: one sub-process per purpose that states its basis.
    const perPurpose = (a.purposes ?? [])
      .filter((p) => p.legalBasis)
      .map((p) => ({
        '@type': 'dpv:Process',
        'dpv:hasPurpose': { '@type': 'dpv:Purpose', 'dct:description': p.description },
        'dpv:hasLegalBasis': { '@id': BASIS[p.legalBasis as LegalBasis] },
        ...(p.legitimateInterest ? { 'dct:description': `Legitimate interest: ${p.legitimateInterest}` } : {}),
        // The law the basis rests on (Art. 6(3)), in the document's words.
        ...(p.law?.length ? { 'dct:source': p.law } : {}),
      }));
    graph.push({
      '@id': ref('activity', a.id)['@id'],
      '@type': 'dpv:Process',
      'skos:prefLabel': a.name,
      'dpv:hasPurpose': (a.purposes ?? []).map((p) => ({ '@type': 'dpv:Purpose', 'dct:description': p.description })),
      'dpv:hasLegalBasis': [
        ...new Set((a.purposes ?? []).flatMap((p) => (p.legalBasis ? [BASIS[p.legalBasis]] : []))),
      ].map((id) => ({ '@id': id })),
      'dpv:hasPersonalData': refs('data', a.categories),
      'dpv:hasDataSubject': refs('subject', a.subjects),
      'dpv:hasDataController': byRole(['controller', 'joint-controller']),
      'dpv:hasDataProcessor': byRole(['processor', 'sub-processor']),
      'dpv:hasRecipient': refs('recipient', a.recipients),
      'dpv:hasTechnicalOrganisationalMeasure': refs('tom', a.toms ?? (model.toms ?? []).map((t) => t.id)),
      ...(storage.length ? { 'dpv:hasStorageCondition': storage } : {}),
      ...(perPurpose.length ? { 'dpv:hasProcess': perPurpose } : {}),
      ...(a.transfers?.length ? { 'dpv:hasContext': refs('transfer', a.transfers) } : {}),
    });
  }
  const notice = model.documents?.notice;
  if (notice) graph.push(noticeNode(notice, ref, refs));
  const dpa = model.documents?.dpa;
  if (dpa)
    graph.push({
      '@id': ref('document', dpa.id)['@id'],
      '@type': 'dpv:ControllerProcessorAgreement',
      ...(dpa.title ? { 'dct:title': dpa.title } : {}),
      ...(dpa.date ? { 'dct:date': dpa.date } : {}),
      'dpv:hasDataController': ref('party', dpa.controller),
      'dpv:hasDataProcessor': ref('party', dpa.processor),
      'dpv:hasDataSubProcessor': l.dpaSubProcessors().map((s) => ref('subprocessor', s.id)),
      'dct:hasPart': refs('activity', dpa.activities),
    });
  return {
    '@context': {
      dpv: 'https://w3id.org/dpv#',
      'eu-gdpr': 'https://w3id.org/dpv/legal/eu/gdpr#',
      loc: 'https://w3id.org/dpv/loc#',
      dct: 'http://purl.org/dc/terms/',
      skos: 'http://www.w3.org/2004/02/skos/core#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      ex: base,
    },
    'dct:license': { '@id': 'https://www.w3.org/copyright/software-license-2023/' },
    'dct:rights': DPV_NOTICE,
    '@graph': graph,
  };
}

type Ref = (kind: string, id: string) => { '@id': string };

// What starts a retention period: the rule's label where it has one, never an assumed start.
function trigger(t: NonNullable<PrivacyModel['retention']>[number]['trigger']): string {
  if (!t) return 'not stated';
  return (
    t.label ??
    (t.type === 'collected' ? 'collection' : t.type === 'event' ? `the event "${t.event}"` : 'the last activity')
  );
}

// The privacy notice (dpv:PrivacyNotice): its controller, activities, the rights it offers, and
// what it states for the whole notice (recipients, transfers, legal bases, other documents).
function noticeNode(
  n: NoticeDocument,
  ref: Ref,
  refs: (kind: string, ids: readonly string[] | undefined) => { '@id': string }[],
): Node {
  return {
    '@id': ref('document', n.id)['@id'],
    '@type': 'dpv:PrivacyNotice',
    ...(n.title ? { 'dct:title': n.title } : {}),
    ...(n.date ? { 'dct:date': n.date } : {}),
    'dpv:hasDataController': ref('party', n.controller),
    // The activities it covers, and those it describes as processed on another's behalf.
    'dct:hasPart': refs('activity', [...n.activities, ...(n.processorActivities ?? [])]),
    ...(n.rights
      ? {
          'dpv:hasRight': [...new Set(n.rights.flatMap((r) => RIGHT[r.right] ?? []))].map((id) => ({ '@id': id })),
        }
      : {}),
    ...(n.recipients ? { 'dpv:hasRecipient': refs('recipient', n.recipients) } : {}),
    ...(n.transfers ? { 'dpv:hasContext': refs('transfer', n.transfers) } : {}),
    ...(n.legalBases
      ? { 'dpv:hasLegalBasis': [...new Set(n.legalBases.map((b) => BASIS[b.basis]))].map((id) => ({ '@id': id })) }
      : {}),
    ...(n.references ? { 'dct:references': n.references.map((r) => r.at) } : {}),
  };
}
