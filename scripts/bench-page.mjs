#!/usr/bin/env node
// Turns the benchmarks' own output into the docs site's benchmarks page,
// docs/guides/benchmarks.md. Figures live there, generated, never in a README by hand.
//
// Each bench prints one line per comparison (packages/internal/testing/bench.ts, `reportRatio`):
//   privkit-bench {"format":"privkit-bench/1","package":"@privkit/ip","bench":"parse-truncate",
//   "case":"…","ours":"…","peer":"…","unit":"addresses/s","ours_value":…,"peer_value":…,
//   "ratio":…,"target":3,"node":"v20.19.0","platform":"linux-x64","cpu":"…","cores":2,"at":"…"}
// Everything else in the output is ignored. The page keeps every record it shows in a comment
// at its end, so a run of one package's bench replaces that package's rows and keeps the others.
//
// Usage: npm run bench -w @privkit/ip | tee bench.log; node scripts/bench-page.mjs bench.log [more.log …]
//        (or pipe the output in: npm run bench | node scripts/bench-page.mjs)
//        --check: exit 1 if the page is not what the records it holds would generate (CI).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicPackages, root } from './lib/proc.mjs';

const publicPackageNames = () =>
  publicPackages()
    .map((pkg) => pkg.name)
    .sort();

const PAGE = join(root, 'docs', 'guides', 'benchmarks.md');
const PREFIX = 'privkit-bench ';
const FORMAT = 'privkit-bench/1';
const RECORDS_START = '<!-- privkit-bench records (written by scripts/bench-page.mjs; do not edit)';
const RECORDS_END = '-->';
const FIELDS = {
  package: 'string',
  bench: 'string',
  case: 'string',
  ours: 'string',
  peer: 'string',
  unit: 'string',
  ours_value: 'number',
  peer_value: 'number',
  ratio: 'number',
  node: 'string',
  platform: 'string',
  cpu: 'string',
  cores: 'number',
  at: 'string',
};

/** The records in a bench run's output; a malformed `privkit-bench` line is an error. */
export function parseBenchOutput(text, source = 'input') {
  const records = [];
  text.split('\n').forEach((line, i) => {
    const at = line.indexOf(PREFIX);
    if (at < 0) return;
    let record;
    try {
      record = JSON.parse(line.slice(at + PREFIX.length));
    } catch (error) {
      throw new Error(`${source}:${i + 1}: a privkit-bench line that is not JSON (${error.message})`);
    }
    if (record?.format !== FORMAT) throw new Error(`${source}:${i + 1}: format must be "${FORMAT}"`);
    for (const [field, type] of Object.entries(FIELDS)) {
      if (typeof record[field] !== type || (type === 'number' && !Number.isFinite(record[field]))) {
        throw new Error(`${source}:${i + 1}: "${field}" must be a ${type}`);
      }
    }
    if (record.target !== null && typeof record.target !== 'number') {
      throw new Error(`${source}:${i + 1}: "target" must be a number or null`);
    }
    records.push(record);
  });
  return records;
}

const key = (r) => `${r.package}\u0000${r.bench}\u0000${r.case}`;

function recordsOfPage(page) {
  const start = page.indexOf(RECORDS_START);
  if (start < 0) return [];
  const body = page.slice(start + RECORDS_START.length, page.indexOf(RECORDS_END, start)).trim();
  return body ? body.split('\n').map((line) => JSON.parse(line)) : [];
}

const number = (value) =>
  value >= 100 ? Math.round(value).toLocaleString('en') : value.toLocaleString('en', { maximumSignificantDigits: 3 });

/** The page for a set of records (sorted, so the same records always give the same page). */
export function renderPage(records) {
  const sorted = [...records].sort((a, b) => key(a).localeCompare(key(b)));
  const lines = [
    '---',
    'title: Benchmarks',
    'group: Examples and benchmarks',
    '---',
    '',
    '# Benchmarks',
    '',
    'Each package is measured against the library or the hand-written code a user would otherwise',
    'use (its *peer*), both in the same process on the same input, after checking that both give',
    'the same answers. The ratio is ours ÷ peer: above 1 is faster than the peer. Figures from a',
    'shared machine move by 10–20 % from run to run; read the ratios, not the third digit.',
    '',
    "This page is generated from the benchmarks' own output (`scripts/bench-page.mjs`, format in",
    "`CONTRIBUTING.md`); do not edit it by hand. To refresh a package's rows:",
    '',
    '```text',
    'npm run bench -w @privkit/ip | tee bench.log',
    'node scripts/bench-page.mjs bench.log',
    '```',
    '',
  ];
  if (sorted.length === 0) lines.push('No benchmark has reported yet.', '');
  const packages = [...new Set(sorted.map((r) => r.package))];
  for (const pkg of packages) {
    const rows = sorted.filter((r) => r.package === pkg);
    lines.push(`## ${pkg}`, '');
    lines.push('| case | ours | peer | ours ÷ peer | target | unit |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      const target = r.target === null ? '–' : `≥ ${r.target}× (${r.ratio >= r.target ? 'met' : 'not met'})`;
      lines.push(
        `| ${r.case} | ${r.ours}: ${number(r.ours_value)} | ${r.peer}: ${number(r.peer_value)} | ` +
          `**${r.ratio.toFixed(2)}×** | ${target} | ${r.unit} |`,
      );
    }
    const machines = [...new Set(rows.map((r) => `Node ${r.node}, ${r.platform}, ${r.cpu} (${r.cores} cores)`))];
    const dates = rows.map((r) => r.at.slice(0, 10)).sort();
    const bench = [...new Set(rows.map((r) => r.bench))].map((b) => `\`bench/${b}.bench.ts\``).join(', ');
    lines.push(
      '',
      `Measured by ${bench} on ${dates[0] === dates.at(-1) ? dates[0] : `${dates[0]} to ${dates.at(-1)}`}, ` +
        `${machines.join('; ')}.`,
      '',
    );
  }
  const missing = publicPackageNames().filter((name) => !packages.includes(name));
  if (missing.length > 0) {
    lines.push(
      '## Not on this page yet',
      '',
      `${missing.map((name) => `\`${name}\``).join(', ')}: their benchmarks (\`npm run bench\`) print their`,
      'tables but no `privkit-bench` lines yet.',
      '',
    );
  }
  lines.push(RECORDS_START, ...sorted.map((r) => JSON.stringify(r)), RECORDS_END, '');
  return lines.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const page = readFileSync(PAGE, 'utf8');
  const existing = recordsOfPage(page);
  if (args.includes('--check')) {
    if (renderPage(existing) !== page) {
      console.error(`${PAGE}: not what scripts/bench-page.mjs generates from its records; regenerate it`);
      process.exit(1);
    }
    console.log(`bench page: ${existing.length} records, up to date`);
    return;
  }
  let fresh = [];
  if (args.length === 0) {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    fresh = parseBenchOutput(Buffer.concat(chunks).toString('utf8'), 'stdin');
  } else {
    for (const file of args) fresh.push(...parseBenchOutput(readFileSync(file, 'utf8'), file));
  }
  if (fresh.length === 0) {
    console.error('no privkit-bench lines in the input: run a bench that calls reportRatio()');
    process.exit(1);
  }
  // A package's fresh run replaces all of that package's rows (a removed case disappears).
  const refreshed = new Set(fresh.map((r) => r.package));
  const merged = [...existing.filter((r) => !refreshed.has(r.package)), ...fresh];
  writeFileSync(PAGE, renderPage(merged));
  console.log(`bench page: ${fresh.length} fresh records for ${[...refreshed].join(', ')}; ${merged.length} in all`);
}

await main();
