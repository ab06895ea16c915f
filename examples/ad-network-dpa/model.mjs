// The ad network's DPA (seed document 003) as a @privkit/dpa model, and the two things derived
// from it: clause 15.1's return-or-delete as retention rules, and the next version with the
// intended sub-processor changes.
import { readFileSync } from 'node:fs';
import { parseModel } from '@privkit/dpa';

/** The DPA as written in 2018 (dpa-2018.json), validated. */
export function loadDpa2018() {
  return parseModel(JSON.parse(readFileSync(new URL('./dpa-2018.json', import.meta.url), 'utf8')));
}

/**
 * Clause 15.1: "upon completion of the contractual work … within a reasonable time which shall
 * not exceed 30 calendar days, the Processor must return … or delete". As retention rules: every
 * category of the controller's data is due `endOfProcessing.within` after the event
 * `contract-ended`, and never before it (a record whose contract runs is never due).
 */
export function returnOrDeleteRules(model) {
  const end = model.documents?.dpa?.endOfProcessing;
  if (!end?.within) throw new Error('the DPA states no deadline for return or deletion');
  return (model.dataCategories ?? []).map((category) => ({
    id: `return-or-delete-${category.id}`,
    category: category.id,
    purpose: 'end of processing',
    legalBasis: 'Art. 28(3)(g) GDPR',
    citation: `DPA clause ${end.clause ?? '?'}: return or delete within ${end.within} of completion`,
    period: end.within,
    trigger: { type: 'event', event: 'contract-ended' },
  }));
}

/** The model with its return-or-delete rules stated in it (the `retention` of the model). */
export function withRetention(model) {
  return parseModel({ ...model, retention: returnOrDeleteRules(model) });
}

/**
 * The next version, as the processor intends it: Cloudflare added for bot filtering (in the US,
 * under the EU–US Data Privacy Framework), Rackspace (UK) removed, Elasticsearch moved from
 * Frankfurt to Dublin, and a 30-day notice period for such changes (the 2018 text has none:
 * finding `art28.2.notice`).
 */
export function intendedChanges(model) {
  const json = JSON.parse(JSON.stringify(model));
  json.version = '2026-12';
  json.date = '2026-12-01';
  json.subProcessors = json.subProcessors
    .filter((sp) => sp.id !== 'rackspace')
    .map((sp) =>
      sp.id === 'elasticsearch'
        ? { ...sp, country: 'IE', service: 'Amazon Web Services, Amazon OpenSearch Service (Dublin)' }
        : sp,
    );
  json.subProcessors.push({
    id: 'cloudflare',
    name: 'Cloudflare, Inc.',
    address: '101 Townsend St, San Francisco, CA 94107, USA',
    country: 'US',
    service: 'Bot filtering and content delivery in front of the ad server',
    transfers: ['cloudflare-dpf'],
    contact: { name: 'Data Protection Officer', email: 'dpo@cloudflare.example' },
  });
  json.transfers = [
    ...(json.transfers ?? []),
    {
      id: 'cloudflare-dpf',
      to: 'US',
      importer: 'cloudflare',
      mechanism: { type: 'dpf', certified: true },
      description: 'IP addresses and request headers, for bot filtering',
    },
  ];
  json.documents.dpa.subProcessing = { ...json.documents.dpa.subProcessing, noticePeriod: 'P30D' };
  return parseModel(json);
}
