/**
 * @module
 * `privkit logs anonymize` against Debian's `anonip` on the same 1,000,000-line combined log
 * (`tools/access-log/gen-access-log.mjs 1000000`: 70 % IPv4, 30 % IPv6), in the same run, both
 * as the programs users run (child processes reading the file, writing /dev/null):
 *
 * - truncation alone: `anonip -4 12 -6 84` (on a tenth of the log, per line the same) vs `privkit …
 *   --ipv4-prefix 20 --ipv6-prefix 44`
 *   (target ≥ 10× anonip's lines per second);
 * - with a daily visitor id column added (target ≥ 3× anonip's truncation);
 * - peak RSS of each (GNU time), and ours on 100,000 lines against 1,000,000: memory stays flat;
 * - with GNU time, lines per CPU-second (user + system) as well: on a shared machine the wall time
 *   of a round swings with the other processes' load, its CPU time far less. Node's CPU time
 *   includes its helper threads (garbage collection, file I/O), so the CPU ratio to anonip (one
 *   thread) is lower than the wall one on an idle machine: it is for comparing runs of privkit.
 *
 * Run: `npm run bench -w @privkit/cli` (builds first through turbo, or run `npm run build`).
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportRatio } from '@privkit/internal/testing/bench';

const LINES = Number(process.env['PRIVKIT_BENCH_LINES'] ?? 1_000_000);
const RUNS = 3;
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const generator = fileURLToPath(new URL('../../../tools/access-log/gen-access-log.mjs', import.meta.url));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

if (!existsSync(bin)) {
  console.error('bench: build first (npm run build -w @privkit/cli)');
  process.exit(1);
}
if (!existsSync(generator)) {
  console.error(`bench: ${generator} not found`);
  process.exit(1);
}
const anonip = ['/usr/bin/anonip', 'anonip'].find((c) => spawnSync(c, ['--version']).status === 0);

const dir = mkdtempSync(join(tmpdir(), 'privkit-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function generate(lines: number): string {
  const file = join(dir, `access-${lines}.log`);
  const r = spawnSync(process.execPath, [generator, String(lines)], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error('the generator failed');
  writeFileSync(file, r.stdout);
  return file;
}

interface Run {
  seconds: number;
  /** User + system CPU seconds (GNU time), or `undefined` without it. */
  cpuSeconds: number | undefined;
  rssMb: number | undefined;
  lines: number;
}

/** Runs a command once; wall time from here, peak RSS from GNU time when present. */
function run(command: string, args: string[]): Omit<Run, 'lines'> {
  const full = TIME ? [TIME, '-f', '%M %U %S', command, ...args] : [command, ...args];
  const start = performance.now();
  const r = spawnSync(full[0] as string, full.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${command} exited with ${r.status}: ${r.stderr.slice(-300)}`);
  const [kb, user, system] = TIME ? (r.stderr.trim().split('\n').at(-1) as string).split(' ').map(Number) : [];
  const cpu = (user ?? Number.NaN) + (system ?? Number.NaN);
  return {
    seconds,
    cpuSeconds: Number.isFinite(cpu) ? cpu : undefined,
    rssMb: kb !== undefined && Number.isFinite(kb) ? kb / 1024 : undefined,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (r: Run) => (r.rssMb === undefined ? 'n/a' : `${r.rssMb.toFixed(0)} MB`);

console.log(`generating a ${fmt(LINES)}-line combined log…`);
const file = generate(LINES);
const small = generate(Math.max(1, Math.floor(LINES / 10)));

const ours = (input: string, extra: string[] = []) =>
  run(process.execPath, [
    bin,
    'logs',
    'anonymize',
    '--ipv4-prefix',
    '20',
    '--ipv6-prefix',
    '44',
    '-q',
    '--no-progress',
    ...extra,
    input,
    '-o',
    '/dev/null',
  ]);
const fastest = (runs: Run[]) => runs.reduce((a, b) => (b.seconds / b.lines < a.seconds / a.lines ? b : a));

// The machine is shared: the programs take turns, RUNS rounds, and each keeps its best round, so
// a burst of load elsewhere slows one round, not one program. anonip reads a tenth of the log
// (its per-line cost does not depend on the length; the full log would take it ~15 s a round).
const peerFile = small;
const rounds: Record<'peer' | 'truncation' | 'visitor' | 'visitorSmall' | 'truncationSmall', Run[]> = {
  peer: [],
  truncation: [],
  visitor: [],
  visitorSmall: [],
  truncationSmall: [],
};
for (let round = 0; round < RUNS; round++) {
  if (anonip)
    rounds.peer.push({
      ...run(anonip, ['-4', '12', '-6', '84', '--input', peerFile, '-o', '/dev/null']),
      lines: LINES / 10,
    });
  rounds.truncation.push({ ...ours(file), lines: LINES });
  rounds.visitor.push({ ...ours(file, ['--visitor-id', 'column', '--tenant', 'bench']), lines: LINES });
}
rounds.truncationSmall.push({ ...ours(small), lines: LINES / 10 });
rounds.visitorSmall.push({ ...ours(small, ['--visitor-id', 'column', '--tenant', 'bench']), lines: LINES / 10 });
if (!anonip) console.log('anonip not installed (apt-get install anonip): ratios not printed');
const peer = anonip ? fastest(rounds.peer) : undefined;
const truncation = fastest(rounds.truncation);
const visitor = fastest(rounds.visitor);
const truncationSmall = rounds.truncationSmall[0] as Run;
const visitorSmall = rounds.visitorSmall[0] as Run;

const rate = (r: Run) => r.lines / r.seconds;
const rows = [
  ['anonip -4 12 -6 84', peer],
  ['privkit: truncation /20 /44', truncation],
  ['privkit: truncation + visitor id column', visitor],
] as const;
console.log(
  `\n${fmt(LINES)} lines for privkit, ${fmt(LINES / 10)} for anonip; best of ${RUNS} interleaved rounds (Node ` +
    `${process.version}):`,
);
console.log('| | lines/s | ours / anonip | target | peak RSS |');
console.log('|---|---|---|---|---|');
for (const [name, r] of rows) {
  if (r === undefined) continue;
  const ratio = peer && r !== peer ? rate(r) / rate(peer) : undefined;
  const target = r === truncation ? 10 : r === visitor ? 3 : undefined;
  const verdict =
    ratio === undefined || target === undefined ? '' : `≥ ${target}× ${ratio >= target ? 'met' : 'NOT met'}`;
  console.log(
    `| ${name} | ${fmt(rate(r))} | ${ratio === undefined ? '' : `**${ratio.toFixed(1)}×**`} | ${verdict} | ${mb(r)} |`,
  );
}
/** Lines per CPU-second in a program's best round, or `undefined` without GNU time. */
const cpuRate = (runs: Run[]): number | undefined => {
  const rates = runs.flatMap((r) => (r.cpuSeconds ? [r.lines / r.cpuSeconds] : []));
  return rates.length === 0 ? undefined : Math.max(...rates);
};
const cpuPeer = cpuRate(rounds.peer);
const cpuCells = [
  ['truncation', cpuRate(rounds.truncation)],
  ['visitor id column', cpuRate(rounds.visitor)],
] as const;
if (cpuCells.every(([, v]) => v !== undefined)) {
  const cells = cpuCells.map(
    ([name, v]) => `${name} ${fmt(v as number)}${cpuPeer ? ` (${((v as number) / cpuPeer).toFixed(1)}×)` : ''}`,
  );
  console.log(
    `in CPU time (user + system, best round), lines per CPU-s: ${cpuPeer ? `anonip ${fmt(cpuPeer)}, ` : ''}` +
      `${cells.join(', ')}`,
  );
}
if (peer !== undefined) {
  const common = { package: '@privkit/cli', bench: 'anonymize', peer: 'anonip -4 12 -6 84', unit: 'lines/s' } as const;
  reportRatio({
    ...common,
    case: 'combined log, 70 % IPv4 / 30 % IPv6, truncation',
    ours: 'privkit logs anonymize --ipv4-prefix 20 --ipv6-prefix 44',
    oursValue: rate(truncation),
    peerValue: rate(peer),
    target: 10,
  });
  reportRatio({
    ...common,
    case: 'combined log, truncation + daily visitor id column',
    ours: 'privkit logs anonymize … --visitor-id column',
    oursValue: rate(visitor),
    peerValue: rate(peer),
    target: 3,
  });
}
console.log(
  `\nflat memory: privkit peaks at ${mb(truncationSmall)} (truncation) and ${mb(visitorSmall)} (visitor id) ` +
    `on ${fmt(LINES / 10)} lines, ` +
    `${mb(truncation)} and ${mb(visitor)} on ${fmt(LINES)}.`,
);
