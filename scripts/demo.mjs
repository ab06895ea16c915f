#!/usr/bin/env node
// `npm start`: privkit end to end, on this machine alone (no database server, no network).
//
//   1. builds the packages (turbo; cached after the first run)
//   2. writes a sample access log and anonymises it with the `privkit` command (progress bar)
//   3. starts the form-analytics example on the embedded PGlite and sends it traffic
//   4. a visitor files an access request; the processor forwards it; the customer answers it
//   5. the retention sweeps run at +25 hours, +8 days and +98 days, with their deletion log
//   6. the DPA and the privacy notice are rendered and checked against the running app
//
// Everything it writes goes to .demo/ (emptied at the start of each run).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, '.demo');
const LINES = 300_000;
const HOUR = 3_600_000;
const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[22m` : s);
const step = (n, title) => console.log(`\n${bold(`${n}. ${title}`)}`);
const rel = (p) => relative(process.cwd(), p) || '.';
const written = [];
const wrote = (path, what) => {
  written.push({ what, path: rel(path) });
  return path;
};

/** Lines no anonymiser may write unmasked, with why. */
const HOSTILE_ADDRESSES = [
  ['an X-Forwarded-For list with a private hop', '198.51.100.23, 10.0.0.1'],
  ['an octal IPv4 form (inet_aton: 127.0.0.1)', '0177.0.0.1'],
  ['a short IPv4 form', '127.1'],
  ['a host name (HostnameLookups On)', 'host-203-0-113-9.example.net'],
];

const HOSTILE = HOSTILE_ADDRESSES.map(([why, address]) => ({ why, line: hostileLine(address) }));

const started = Date.now();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

// 0. Build. The examples import the packages by their public names, which resolve to each
// package's dist/ through the workspace links.
console.log(bold('privkit demo'));
console.log('Building the packages (turbo run build; cached after the first run) …');
const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
  cwd: root,
  encoding: 'utf8',
  shell: process.platform === 'win32',
});
if (build.status !== 0) {
  console.error(`${build.stdout}${build.stderr}\nThe build failed; see above.`);
  process.exit(1);
}

// 1. A sample access log, anonymised by the CLI.
step(1, 'Anonymise an access log with the privkit command');
const log = wrote(join(OUT, 'access.log'), 'sample access log (combined format)');
const source = await writeAccessLog(log, LINES);
console.log(
  `Wrote ${LINES.toLocaleString('en')} lines from ${source}, plus ${HOSTILE.length} lines whose address field`,
);
console.log('naive anonymisers pass through unmasked: an X-Forwarded-For list, 0177.0.0.1, 127.1, a host name.');
const anonymised = wrote(join(OUT, 'access.anonymized.log'), 'the same log, anonymised');
const cli = join(root, 'packages', 'cli', 'dist', 'bin.js');
const args = [
  'logs',
  'anonymize',
  log,
  '-o',
  anonymised,
  '--visitor-id',
  'column',
  '--tenant',
  'example.org',
  '--country',
];
console.log(`$ privkit ${args.map((a) => rel(a)).join(' ')}`);
// stderr is the terminal: the CLI draws its progress bar there, then its summary.
const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
// Exit 1 means "some line was unparsable and replaced": expected, the hostile lines are.
if (run.status !== 0 && run.status !== 1) {
  console.error(`privkit exited with ${run.status ?? run.signal}`);
  process.exit(1);
}
const check = await inspectAnonymised(log, anonymised);
console.log(`before: ${check.firstBefore}`);
console.log(`after:  ${check.firstAfter}`);
console.log(
  `${check.lines.toLocaleString('en')} lines out; full client addresses left in the output: ${check.leaked} ` +
    `(checked ${check.sampled.toLocaleString('en')})`,
);
for (const { why, after } of check.hostile) console.log(`  ${why.padEnd(44)} → ${after}`);
if (check.leaked > 0 || check.lines !== LINES + HOSTILE.length) {
  console.error('The anonymised log is not what it should be.');
  process.exit(1);
}

// 2. The form-analytics processor on the embedded PGlite.
step(2, 'Start the form-analytics example (embedded PGlite) and send it traffic');
const { startFormAnalytics } = await import('../examples/form-analytics/start.mjs');
const { makeVisitors, sendTraffic } = await import('../examples/form-analytics/traffic.mjs');
const { createCustomerDesk } = await import('../examples/form-analytics/customer.mjs');
const today = new Date();
// The demo's clock starts at noon UTC today, so no step straddles midnight, and then moves on.
let offset = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12) - Date.now();
const now = () => Date.now() + offset;
let stale;
const app = await startFormAnalytics({ url: '', now, onStale: (w) => (stale = w) });
const base = await app.listen();
console.log(`Listening on ${base} (PGlite in memory). POST /v1/events behind a trusted proxy on loopback.`);
const visitors = makeVisitors(60);
const sent = await sendTraffic(base, visitors);
const stats = await (await fetch(`${base}/v1/stats?customer=shop-example`)).json();
const day = stats.days[0];
console.log(
  `${sent} events from ${visitors.length} browsers: ${day.visitors} unique daily visitor ids (one user agent at one ` +
    `address,`,
);
console.log('or in one IPv6 /64, is one visitor), stored without any IP address or user agent.');
console.log(
  `Visitors by location, countries under ${app.config.minVisitorsPerCountry} rolled up: ` +
    `${day.locations.map((l) => `${l.location} ${l.visitors}`).join(', ')}`,
);
const funnel = ['form-view', 'form-start', 'form-submit'].map((e) => `${e} ${day.events[`contact/${e}`] ?? 0}`);
console.log(`Funnel: ${funnel.join(' → ')}. ${stats.attribution}.`);
if (stale) console.log(`(Note: ${stale.message}.)`);
writeFileSync(
  wrote(join(OUT, 'stats.json'), "the customer's statistics (GET /v1/stats)"),
  `${JSON.stringify(stats, null, 2)}\n`,
);

// 3. A data-subject request: filed with the processor, answered by the controller.
step(3, 'File and answer a data-subject request');
const visitor = visitors[0];
const filed = await (
  await fetch(`${base}/v1/requests`, {
    method: 'POST',
    headers: { 'x-forwarded-for': visitor.ip, 'user-agent': visitor.userAgent },
    body: JSON.stringify({ customer: 'shop-example', right: 'access' }),
  })
).json();
console.log(
  `A visitor asks for access from the browser that visited: request ${filed.id}, ${filed.status} (forward ` +
    `by ${filed.forwardBy}).`,
);
console.log(`  "${filed.message}"`);
const message = app.dsar.outbox[0];
mkdirSync(join(OUT, 'dsar'), { recursive: true });
writeFileSync(
  wrote(join(OUT, 'dsar', 'forwarded.json'), 'the request as forwarded to the customer'),
  `${JSON.stringify(message, null, 2)}\n`,
);
offset += 2 * HOUR;
const customer = createCustomerDesk({
  customer: 'shop-example',
  token: app.config.customers['shop-example'].token,
  baseUrl: base,
  now,
});
const answer = await customer.answer(message);
for (const file of answer.processor.bundle.files)
  writeFileSync(wrote(join(OUT, 'dsar', file.path), `export bundle: ${file.path}`), file.content);
console.log(
  `The customer (controller) opens its own request, due ${answer.due.respondBy.date} (GDPR Art 12(3)), ` +
    `instructs an export,`,
);
console.log(
  `and closes it ${answer.state.status} two hours later with ${answer.processor.bundle.manifest.sources[0].records} ` +
    `events. Audit logs verify: ${answer.verified && answer.processor.request.auditLogVerifies}.`,
);

// 4. Retention.
step(4, 'Sweep retention: 24 hours, 7 days, 90 days');
const rows = (c) => `${c.visits} visits, ${c.security_log} security copies, ${c.daily_stats} daily aggregates`;
console.log(`Now:        ${rows(await app.counts())}`);
for (const [label, hours] of [
  ['+25 hours', 25],
  ['+8 days', 7 * 24],
  ['+98 days', 90 * 24],
]) {
  offset += hours * HOUR;
  const sweep = await app.retention.sweep();
  const by =
    Object.entries(sweep.byRule)
      .map(([rule, n]) => `${rule} ${n}`)
      .join(', ') || 'nothing due';
  console.log(`${label.padEnd(10)}  ${rows(await app.counts())}  (deleted: ${by})`);
}
const proof = await app.retention.proof();
const { verifyProofBundle } = await import('@privkit/retention/verify');
writeFileSync(
  wrote(join(OUT, 'deletion-log.manifest.json'), 'deletion log: manifest (head hash, counts)'),
  `${JSON.stringify(proof.manifest, null, 2)}\n`,
);
writeFileSync(
  wrote(join(OUT, 'deletion-log.jsonl'), 'deletion log: hash-chained entries (ids keyed-hashed)'),
  proof.lines,
);
console.log(
  `Deletion log: ${proof.manifest.entries} entries, ${proof.manifest.deleted} rows, ` +
    `head ${proof.manifest.head.slice(0, 16)}…; verifies offline: ${verifyProofBundle(proof).valid}`,
);

// 5. The documents.
step(5, 'Render the DPA and the privacy notice, checked against the running app');
writeFileSync(wrote(join(OUT, 'dpa.html'), 'DPA (Art. 28) with its annexes'), app.documents.dpa);
writeFileSync(wrote(join(OUT, 'privacy-notice.html'), 'services privacy policy (Arts. 13/14)'), app.documents.notice);
const severity = (s) => app.findings.filter((f) => f.severity === s).length;
console.log(
  `One model (examples/form-analytics/privacy-model.json): ${severity('error')} errors, ${severity('warning')} ` +
    `warnings, ${severity('info')} notes.`,
);
console.log('The retention rules, the visitor-id paragraph, the security prefix and the DSAR forwarding period in');
console.log('the documents are compared with what the code runs; a drift would be an error here.');
await app.close();
await app.db.close();

// The report.
console.log(`\n${bold('What the demo wrote')} (in ${rel(OUT)}/, ${((Date.now() - started) / 1000).toFixed(0)} s):`);
for (const { what, path } of written) console.log(`  ${path.padEnd(42)} ${what}`);
console.log('\nNext: the examples (examples/*/README.md), `npm run docs` for the guides and the API, `npm test`.');
if (severity('error') > 0) process.exit(1);

// ---------------------------------------------------------------------------------------------

function hostileLine(address) {
  const request = '"GET /contact HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64)"';
  return `${address} - - [${clfDate(new Date())}] ${request}`;
}

function clfDate(d) {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (x) => String(x).padStart(2, '0');
  return (
    `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:` +
    `${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

/**
 * The sample log: the workspace's shared generator when it is beside the clone, else the
 * repository's byte-identical copy (tools/access-log), then the hostile lines.
 */
async function writeAccessLog(file, n) {
  const shared = join(root, '..', 'shared', 'tools', 'gen-access-log.mjs');
  const from = existsSync(shared) ? shared : join(root, 'tools', 'access-log', 'gen-access-log.mjs');
  const out = createWriteStream(file);
  const child = spawn(process.execPath, [from, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.pipe(out, { end: false });
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`gen-access-log.mjs exited with ${code}`);
  out.end(`${HOSTILE.map((h) => h.line).join('\n')}\n`);
  await once(out, 'finish');
  return relative(root, from);
}

/**
 * Reads both logs side by side: counts lines, and checks that no client address of the input
 * appears anywhere in the output line made from it (every 7th line, and every hostile one).
 */
async function inspectAnonymised(before, after) {
  const a = createInterface({ input: createReadStream(before), crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
  let lines = 0;
  let leaked = 0;
  let sampled = 0;
  let firstBefore = '';
  let firstAfter = '';
  const hostile = [];
  const hostileStart = LINES;
  for await (const out of createInterface({ input: createReadStream(after), crlfDelay: Number.POSITIVE_INFINITY })) {
    const { value: input } = await a.next();
    if (lines === 0) [firstBefore, firstAfter] = [input, out];
    const address = input?.slice(0, input.indexOf(' - - ['));
    if (lines >= hostileStart) {
      hostile.push({ why: HOSTILE[lines - hostileStart]?.why ?? '?', after: out.slice(0, out.indexOf(' - - [')) });
    }
    if (address && (lines % 7 === 0 || lines >= hostileStart)) {
      sampled++;
      // The address as a whole token, or any bare IPv4 part of a hostile field.
      const parts = lines >= hostileStart ? address.split(/[ ,]+/).filter((p) => /\d/.test(p)) : [address];
      if (parts.some((p) => out.split(' ').some((token) => token === p || token === `${p},`))) leaked++;
    }
    lines++;
  }
  return { lines, leaked, sampled, firstBefore, firstAfter, hostile, bytes: statSync(after).size };
}
