#!/usr/bin/env node
// A controller's privacy statement (seed 001) made to work: purposes and legal bases as a
// @privkit/dpa model, checked and rendered; the marketing opt-out kept as a keyed-hash
// suppression record ("we will retain minimum personal data to note that you opted out");
// and data-subject requests handled with their GDPR deadlines (@privkit/dsar).
//
//   node examples/controller-statement/main.mjs [--out DIR]    prints the steps, writes the files
//   node examples/controller-statement/main.mjs --self-check   checks every step
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkModel, parseModel, renderHtml } from '@privkit/dpa';
import { createDsarService, createMemoryDsarStore } from '@privkit/dsar';
import { dueDates, explainDeadline } from '@privkit/dsar/deadlines';
import { buildExportBundle, eraseSubject, isSuppressed, suppressionRecord } from '@privkit/dsar/fulfilment';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'self-check': { type: 'boolean' } } });
const out = values.out ?? join(tmpdir(), 'privkit-controller-statement');
mkdirSync(out, { recursive: true });
const results = [];
const check = (name, ok, detail = '') => {
  results.push(ok);
  if (values['self-check']) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
};
const say = (text) => {
  if (!values['self-check']) console.log(text);
};

// 1. The statement as a model: purposes and their legal bases.
const model = parseModel(JSON.parse(readFileSync(new URL('./statement-2018.json', import.meta.url), 'utf8')));
say('Purposes and legal bases (Art. 13(1)(c)):');
for (const activity of model.activities) {
  for (const purpose of activity.purposes ?? [])
    say(`  ${activity.name.padEnd(48)} ${purpose.legalBasis ?? 'NONE STATED'}`);
}
const findings = checkModel(model);
for (const f of findings.filter((x) => x.severity !== 'info')) say(`  ${f.severity} ${f.rule}: ${f.message}`);
say(
  `  and ${findings.filter((x) => x.severity === 'info').length} notes: retention is stated only as criteria, ` +
    `which no sweep can enforce`,
);
check(
  'the CRM purpose without a legal basis is an error',
  findings.some((f) => f.rule === 'art13.1.c.legal-basis' && f.path.includes('purposes')),
);
check(
  'every other purpose has its basis',
  model.activities.filter((a) => a.id !== 'crm').every((a) => a.purposes?.every((p) => p.legalBasis)),
);
const html = renderHtml(model, 'notice');
writeFileSync(join(out, 'privacy-statement.html'), html);
say(`  rendered: ${join(out, 'privacy-statement.html')}`);
check('the statement renders', html.includes('office@xcommerce.eu') && html.includes('Belgian Privacy Commission'));

// 2. The marketing opt-out as a suppression record. The key lives apart from the list (a
// secret store): the list alone gives no address back, and cannot be tested against guesses.
const suppressionKey = randomBytes(32);
const newsletter = new Set(['ann@example.com', 'jan@example.com', 'piet@example.org']);
const suppression = [];
const unsubscribe = (email, at) => {
  newsletter.delete(email);
  suppression.push(
    suppressionRecord(suppressionKey, 'email', email, 'marketing-opt-out', {
      createdAt: at,
      source: 'unsubscribe-link',
    }),
  );
};
unsubscribe('jan@example.com', '2026-01-20T08:15:00Z');
writeFileSync(join(out, 'suppression-list.json'), `${JSON.stringify(suppression, null, 2)}\n`);
// Months later a trade-fair lead list is imported into the CRM; the opted-out address comes
// back, spelt differently. The import consults the suppression list.
const leads = [' JAN@Example.com', 'marie@example.net', 'ann@example.com'];
const imported = leads.filter((email) => !isSuppressed(suppression, suppressionKey, 'email', email));
say('\nMarketing opt-out:');
say(
  `  jan unsubscribes; the suppression list holds ${suppression.length} record: ` +
    `${JSON.stringify(suppression[0]).slice(0, 110)}…`,
);
say(`  a lead import of ${leads.length} addresses keeps ${imported.length}; the opted-out one is skipped`);
check('the suppression list holds no address', !JSON.stringify(suppression).toLowerCase().includes('jan'));
check(
  'the opted-out address is suppressed however it is spelt',
  imported.length === 2 && !imported.some((e) => e.toLowerCase().includes('jan')),
);

// 3. Data-subject requests by e-mail to office@xcommerce.eu, with their deadlines.
const dsar = createDsarService({ store: createMemoryDsarStore() });
const crm = new Map([
  ['crm-17', { email: 'ann@example.com', company: 'Ann BV', lastContact: '2025-11-02' }],
  ['crm-42', { email: 'jan@example.com', company: 'Jan & Co', lastContact: '2025-12-12' }],
]);
const sources = [
  {
    name: 'crm',
    description: 'Customer relationship management database',
    async export(s) {
      return crm.has(s.subject) ? [crm.get(s.subject)] : [];
    },
    async erase(s) {
      return crm.delete(s.subject) ? { status: 'erased', records: 1 } : { status: 'not-found' };
    },
  },
  {
    name: 'marketing-suppression',
    description: 'Keyed hash of your address if you opted out of marketing',
    async export() {
      return [];
    },
    async erase() {
      // Deleting the record would let the address be imported and mailed again.
      return {
        status: 'retained',
        reason: 'to honour your marketing opt-out (a keyed hash, no address)',
        citation: 'GDPR Art 17(3)(b), Art 21(3)',
      };
    },
  },
];

// Ann asks for a copy of her data on Saturday 31 January.
const access = 'XC-2026-001';
await dsar.receive({
  type: 'receive',
  at: '2026-01-31T10:00:00+01:00',
  id: access,
  regime: 'gdpr',
  right: 'access',
  subject: 'crm-17',
  timeZone: 'Europe/Brussels',
  channel: 'email',
});
let state = await dsar.get(access);
const first = dueDates(state);
say('\nAccess request received Saturday 2026-01-31:');
for (const step of explainDeadline(state).steps) say(`  ${step.step}`);
check(
  'one month from 31 January is 28 February, a Saturday, so Monday 2 March',
  first.respondBy.date === '2026-03-02',
  first.respondBy.date,
);
check('an extension could reach 30 April', first.latestExtended?.date === '2026-04-30');
await dsar.apply(access, {
  type: 'request-information',
  at: '2026-02-02T09:00:00+01:00',
  note: 'asked to reply from the registered address',
});
await dsar.apply(access, { type: 'information-received', at: '2026-02-03T11:00:00+01:00' });
await dsar.apply(access, { type: 'identity-verified', at: '2026-02-03T11:05:00+01:00' });
state = await dsar.get(access);
const bundle = await buildExportBundle(state, sources, { generatedAt: '2026-02-04T10:00:00+01:00' });
state = await dsar.apply(access, { type: 'fulfil', at: '2026-02-04T10:05:00+01:00', outcomes: bundle.outcomes });
for (const file of bundle.files) writeFileSync(join(out, `access-${file.path}`), file.content);
say(`  verified, answered on 2026-02-04 with ${bundle.files.map((f) => f.path).join(', ')} (written to ${out})`);
check(
  'the access request is fulfilled with an export bundle',
  state.status === 'fulfilled' && bundle.manifest.sources[0].records === 1,
);

// Jan asks for erasure; his CRM record goes, the suppression record stays, and the answer says so.
const erasure = 'XC-2026-002';
await dsar.receive({
  type: 'receive',
  at: '2026-02-10T16:30:00+01:00',
  id: erasure,
  regime: 'gdpr',
  right: 'erasure',
  subject: 'crm-42',
  timeZone: 'Europe/Brussels',
  channel: 'email',
});
await dsar.apply(erasure, { type: 'identity-verified', at: '2026-02-11T09:00:00+01:00' });
const outcomes = await eraseSubject(await dsar.get(erasure), sources);
state = await dsar.apply(erasure, { type: 'fulfil-partially', at: '2026-02-11T09:10:00+01:00', outcomes });
say('\nErasure request:');
for (const o of outcomes) say(`  ${o.source}: ${o.status}${o.citation ? ` (${o.reason}; ${o.citation})` : ''}`);
check(
  'the CRM record is erased, the suppression record kept with its citation',
  !crm.has('crm-42') && outcomes.some((o) => o.status === 'retained' && o.citation),
);
check('the request closes as partially fulfilled', state.status === 'partially-fulfilled');

// A third request, forgotten in the inbox: the reminder finds it.
await dsar.receive({
  type: 'receive',
  at: '2026-03-01T12:00:00+01:00',
  id: 'XC-2026-003',
  regime: 'gdpr',
  right: 'rectification',
  subject: 'crm-99',
  timeZone: 'Europe/Brussels',
  channel: 'email',
});
const overdue = await dsar.overdue('2026-04-15T08:00:00Z');
say(
  `\nOn 15 April: ${overdue.length} request overdue (${overdue.map((o) => `${o.id}, due ${o.due.date}`).join('; ')})`,
);
check('a forgotten request shows up as overdue', overdue.length === 1 && overdue[0].id === 'XC-2026-003');
const audits = await Promise.all([access, erasure].map((id) => dsar.verify(id)));
check(
  'every request’s audit log verifies',
  audits.every((a) => a.valid),
);

if (values['self-check']) {
  const failed = results.filter((ok) => !ok).length;
  console.log(
    failed === 0
      ? `controller-statement: all ${results.length} checks passed`
      : `controller-statement: ${failed} of ${results.length} checks FAILED`,
  );
  process.exit(failed === 0 ? 0 : 1);
}
say(`\nEverything written to ${out}`);
