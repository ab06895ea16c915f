#!/usr/bin/env node
// The ad network's DPA (seed 003): its findings, its rendering, a sub-processor change notice
// between the 2018 text and the intended next version, and clause 15.1's 30-day
// return-or-delete run as a retention rule with its deletion log.
//
//   node examples/ad-network-dpa/main.mjs [--out DIR]    writes the documents to DIR
//   node examples/ad-network-dpa/main.mjs --self-check   checks every step, exits non-zero on failure
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkModel, renderChangeNoticeMarkdown, renderHtml, subProcessorChangeNotice } from '@privkit/dpa';
import { verifyProofBundle } from '@privkit/retention/verify';
import { endOfContract } from './end-of-contract.mjs';
import { intendedChanges, loadDpa2018, withRetention } from './model.mjs';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'self-check': { type: 'boolean' } } });
const out = values.out ?? join(tmpdir(), 'privkit-ad-network-dpa');
mkdirSync(out, { recursive: true });
const results = [];
const check = (name, ok, detail = '') => {
  results.push(ok);
  if (values['self-check']) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
};
const say = (text) => {
  if (!values['self-check']) console.log(text);
};

// 1. The model and its findings.
const v2018 = withRetention(loadDpa2018());
const findings = checkModel(v2018);
const bySeverity = (s) => findings.filter((f) => f.severity === s);
say(
  `The 2018 DPA: ${bySeverity('error').length} errors, ${bySeverity('warning').length} warnings, ` +
    `${bySeverity('info').length} notes`,
);
for (const f of bySeverity('error'))
  say(`  error ${f.rule} (${f.article}): ${f.message.slice(0, 140)}${f.message.length > 140 ? '…' : ''}`);
const rules = new Set(findings.map((f) => f.rule));
for (const rule of [
  'art28.2.notice',
  'carve-out.end-of-processing',
  'dpa.processing-location',
  'chapter5.subprocessor-mechanism',
]) {
  check(`the 2018 text is flagged: ${rule}`, rules.has(rule));
}

// 2. Rendering.
const html = renderHtml(v2018, 'dpa');
writeFileSync(join(out, 'dpa-2018.html'), html);
say(`\nRendered: ${join(out, 'dpa-2018.html')}`);
check('the DPA renders with its sub-processor annex', html.includes('Hetzner Online GmbH') && html.includes('<table'));

// 3. The change notice between the 2018 text and the intended version.
const next = withRetention(intendedChanges(loadDpa2018()));
const notice = subProcessorChangeNotice(v2018, next, { date: '2026-12-01', effective: '2027-01-01' });
const markdown = renderChangeNoticeMarkdown(notice);
writeFileSync(join(out, 'sub-processor-notice.md'), markdown);
writeFileSync(join(out, 'sub-processor-notice.json'), `${JSON.stringify(notice, null, 2)}\n`);
say(`\nSub-processor change notice (${join(out, 'sub-processor-notice.md')}):`);
for (const c of notice.changes)
  say(
    `  ${c.kind.padEnd(7)} ${c.name} ` +
      `[${c.countries.join(', ')}]${c.transfers.length ? ` ${c.transfers.join('; ')}` : ''}`,
  );
for (const d of notice.deadlines) say(`  ${d.customer} may object until ${d.deadline} (${d.period})`);
const kinds = Object.fromEntries(notice.changes.map((c) => [c.id, c.kind]));
check(
  'the notice lists the added, removed and changed sub-processors',
  kinds.cloudflare === 'added' && kinds.rackspace === 'removed' && kinds.elasticsearch === 'changed',
);
check(
  'each publisher gets its objection deadline',
  notice.deadlines.find((d) => d.contract === 'publisher-a')?.deadline === '2026-12-31' &&
    notice.deadlines.find((d) => d.contract === 'publisher-b')?.deadline === '2026-12-15',
);
const nextRules = new Set(checkModel(next).map((f) => f.rule));
check('the new version fixes the missing notice period', !nextRules.has('art28.2.notice'));
check(
  'and is flagged for processing outside the EEA (clause 4.2 needs the controller’s consent)',
  nextRules.has('dpa.processing-location'),
);

// 4. Clause 15.1 as retention: one publisher's contract ends on 31 December 2026.
const endedAt = Date.UTC(2026, 11, 31, 17, 0, 0);
const run = await endOfContract({ rules: v2018.retention, endedAt });
writeFileSync(join(out, 'deletion-log.manifest.json'), `${JSON.stringify(run.proof.manifest, null, 2)}\n`);
writeFileSync(join(out, 'deletion-log.jsonl'), run.proof.lines);
const verified = verifyProofBundle(run.proof);
say(`\nEnd of contract (clause 15.1, ${v2018.retention.length} rules, one per data category):`);
say(`  ${run.rows} records held; while the contracts run they are never due (${run.waitingStatus})`);
say(`  publisher-a's contract ends ${new Date(endedAt).toISOString()}: its data is due ${run.dueAt}`);
say(
  `  returned ${run.returned} records; sweep at +29 days deleted ${run.sweptAt29Days}, ` +
    `at +30 days ${run.sweptAt30Days}`,
);
say(`  left: ${JSON.stringify(run.left)}`);
say(
  `  deletion log: ${join(out, 'deletion-log.jsonl')} (${run.proof.manifest.entries} entries, ` +
    `head ${run.proof.manifest.head.slice(0, 16)}…), verifies: ${verified.valid}`,
);
check('records are never due while the contract runs', run.waitingStatus === 'waiting');
check('nothing is deleted before the 30 days', run.sweptAt29Days === 0);
check(
  'everything of the ended contract is deleted at 30 days, nothing of the other',
  run.sweptAt30Days === run.returned && run.left['publisher-a'] === 0 && run.left['publisher-b'] === run.returned,
);
check('the deletion log verifies offline', verified.valid && run.proof.manifest.deleted === run.returned);
const tampered = verifyProofBundle({
  manifest: run.proof.manifest,
  lines: run.proof.lines.replace(/"count":\d+/, '"count":0'),
});
check('a tampered deletion log does not', !tampered.valid);

if (values['self-check']) {
  const failed = results.filter((ok) => !ok).length;
  console.log(
    failed === 0
      ? `ad-network-dpa: all ${results.length} checks passed`
      : `ad-network-dpa: ${failed} of ${results.length} checks FAILED`,
  );
  process.exit(failed === 0 ? 0 : 1);
}
say(`\nEverything written to ${out}`);
