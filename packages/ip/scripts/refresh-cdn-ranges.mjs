#!/usr/bin/env node
// Refreshes the CDN ranges that @privkit/ip/cdn ships (src/internal/cdn-ranges.ts) from the
// providers' own published lists, and stamps each with today's date and where it came from:
//
//   cloudflare  https://www.cloudflare.com/ips-v4/ and /ips-v6/ (one CIDR block a line)
//   fastly      https://api.fastly.com/public-ip-list ({ addresses, ipv6_addresses })
//   cloudfront  https://ip-ranges.amazonaws.com/ip-ranges.json (service CLOUDFRONT_ORIGIN_FACING:
//               the servers that connect to origins, as AWS's origin-facing prefix list holds)
//   google      https://cloud.google.com/load-balancing/docs/firewall-rules: a documented list,
//               not data; the script only checks that the page still names every block shipped
//
// Usage: node scripts/refresh-cdn-ranges.mjs [--dry-run]
// Every list is checked before anything is written: each entry must be a CIDR block, and a list
// may not shrink by more than half (a truncated download must not untrust most of a CDN). Run
// the package's tests afterwards, then commit the file with the date in the message.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../src/internal/cdn-ranges.ts', import.meta.url));
const dryRun = process.argv.includes('--dry-run');
const today = new Date().toISOString().slice(0, 10);

const V4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(?:3[0-2]|[12]?\d)$/;
const V6 = /^[0-9a-f:]+\/(?:12[0-8]|1[01]\d|[1-9]?\d)$/i;

async function get(url) {
  const response = await fetch(url, { headers: { 'user-agent': 'privkit refresh-cdn-ranges' } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

function check(name, family, list, previous) {
  const pattern = family === 4 ? V4 : V6;
  const bad = list.filter((cidr) => !pattern.test(cidr));
  if (bad.length > 0) throw new Error(`${name} IPv${family}: ${bad.length} entries are not CIDR blocks`);
  if (list.length === 0 || list.length < previous.length / 2) {
    throw new Error(`${name} IPv${family}: ${list.length} blocks where ${previous.length} were shipped`);
  }
  return [...new Set(list)];
}

const lines = (text) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

const { RANGES: shipped } = await import('../dist/cdn.js').then(
  (m) => ({ RANGES: m.CDN_RANGES }),
  () => {
    throw new Error('build the package first (npm run build): the script compares with dist/cdn.js');
  },
);

const next = {};

{
  const [v4, v6] = await Promise.all([get(shipped.cloudflare.source[0]), get(shipped.cloudflare.source[1])]);
  next.cloudflare = {
    source: shipped.cloudflare.source,
    retrieved: today,
    snapshot: `fetched ${today} by scripts/refresh-cdn-ranges.mjs from the source`,
    ipv4: check('cloudflare', 4, lines(v4), shipped.cloudflare.ipv4),
    ipv6: check('cloudflare', 6, lines(v6), shipped.cloudflare.ipv6),
  };
}
{
  const json = JSON.parse(await get(shipped.fastly.source[0]));
  next.fastly = {
    source: shipped.fastly.source,
    retrieved: today,
    snapshot: `fetched ${today} by scripts/refresh-cdn-ranges.mjs from the source`,
    ipv4: check('fastly', 4, json.addresses ?? [], shipped.fastly.ipv4),
    ipv6: check('fastly', 6, json.ipv6_addresses ?? [], shipped.fastly.ipv6),
  };
}
{
  const json = JSON.parse(await get(shipped.cloudfront.source[0]));
  const service = 'CLOUDFRONT_ORIGIN_FACING';
  next.cloudfront = {
    source: shipped.cloudfront.source,
    retrieved: today,
    snapshot:
      `fetched ${today} by scripts/refresh-cdn-ranges.mjs from the source (syncToken ${json.syncToken}, ` +
      `createDate ${json.createDate}): the ${service} prefixes`,
    ipv4: check(
      'cloudfront',
      4,
      json.prefixes.filter((p) => p.service === service).map((p) => p.ip_prefix),
      shipped.cloudfront.ipv4,
    ),
    ipv6: check(
      'cloudfront',
      6,
      json.ipv6_prefixes.filter((p) => p.service === service).map((p) => p.ipv6_prefix),
      shipped.cloudfront.ipv6,
    ),
  };
}
{
  const page = await get(shipped.google.source[0]);
  const missing = [...shipped.google.ipv4, ...shipped.google.ipv6].filter((cidr) => !page.includes(cidr));
  if (missing.length > 0) {
    throw new Error(`google: the page no longer lists ${missing.join(', ')}: read it and update the ranges by hand`);
  }
  next.google = {
    ...shipped.google,
    retrieved: today,
    snapshot: `${shipped.google.snapshot.split(' (read')[0]} (read ${today})`,
  };
}

for (const name of Object.keys(next)) {
  const before = new Set([...shipped[name].ipv4, ...shipped[name].ipv6]);
  const after = new Set([...next[name].ipv4, ...next[name].ipv6]);
  const added = [...after].filter((c) => !before.has(c));
  const removed = [...before].filter((c) => !after.has(c));
  console.log(`${name}: ${after.size} blocks (+${added.length} -${removed.length})`);
  for (const c of added) console.log(`  + ${c}`);
  for (const c of removed) console.log(`  - ${c}`);
}

const q = (s) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
/** Long text as a concatenation of pieces, so no line of the file is over 120 characters. */
function text(s) {
  const pieces = [];
  let piece = '';
  for (const word of s.split(' ')) {
    if (piece !== '' && piece.length + word.length + 1 > 90) {
      pieces.push(`${piece} `);
      piece = word;
    } else piece = piece === '' ? word : `${piece} ${word}`;
  }
  pieces.push(piece);
  return `\n${pieces.map((p) => `      ${q(p)}`).join(' +\n')}`;
}
const list = (items) => `[\n${items.map((item) => `      ${q(item)},\n`).join('')}    ]`;
const body = Object.entries(next)
  .map(
    ([name, r]) =>
      `  ${name}: {\n    source: ${list(r.source)},\n    retrieved: ${q(r.retrieved)},\n` +
      `    snapshot:${text(r.snapshot)},\n` +
      `    ipv4: ${list(r.ipv4)},\n    ipv6: ${list(r.ipv6)},\n  },`,
  )
  .join('\n');

const file = `/**
 * @module
 * The CDN ranges \`@privkit/ip/cdn\` ships, with where and when each snapshot was taken. Generated
 * by \`scripts/refresh-cdn-ranges.mjs\` from the providers' published lists; never edited by hand
 * (the Google ranges are documented on a page, not published as data: the script checks that
 * the page still lists them).
 */

import type { RangeSnapshot } from './cdn-snapshot.js';

/** The snapshots, by provider. */
export const RANGES: Readonly<Record<'cloudflare' | 'fastly' | 'cloudfront' | 'google', RangeSnapshot>> = {
${body}
};
`;

if (dryRun) console.log('dry run: nothing written');
else {
  writeFileSync(OUT, file);
  console.log(`wrote ${OUT}: run npx biome format --write on it, then the tests`);
}
