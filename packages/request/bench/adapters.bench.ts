/**
 * @module
 * Each adapter's overhead under real load: autocannon against a hello-world app on 127.0.0.1,
 * served by the real framework without the adapter and with it (visitor id and country on), in
 * the same run. The app runs in a child process (`support/hello.ts`), so the load generator and
 * the server each have an event loop (and, on a two-core machine, a core) of their own. Both
 * variants are started, warmed up for a second, then loaded in turn, `BENCH_ROUNDS` (default 3)
 * times each, `BENCH_SECONDS` (default 3) over `BENCH_CONNECTIONS` (default 10) connections. Each
 * round's ratio (with ÷ without, measured back to back) is taken and the median reported, so a
 * burst of load from elsewhere on the machine moves one round, not the figure; the requests/s
 * shown are the medians too. The load average is printed beside each row: read the ratio with it.
 * Run: `npm run bench:adapters -w @privkit/request`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { reportRatio } from '@privkit/internal/testing/bench';
import autocannon from 'autocannon';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const FRAMEWORKS = (process.env['BENCH_FRAMEWORKS'] ?? 'node:http,fetch,express,fastify,hono').split(',');
const app = fileURLToPath(new URL('./support/hello.ts', import.meta.url));
const tsx = fileURLToPath(import.meta.resolve('tsx'));
const headers = {
  // A trusted loopback proxy handing over a public client: the walk, the id and the country all run.
  'x-forwarded-for': '6.6.6.6, 8.8.8.8',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0',
};

async function start(framework: string, variant: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', tsx, app, framework, variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8');
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const match = /port (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${framework} ${variant} exited with ${code}`)));
  });
  return { child, port };
}

async function load(port: number, duration: number): Promise<number> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}/`, connections: CONNECTIONS, duration, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Requests/s of each variant, loaded in turn, `ROUNDS` times; the medians and the median ratio. */
async function measure(framework: string): Promise<{ plain: number; privacy: number; ratio: number }> {
  const plain = await start(framework, 'plain');
  const privacy = await start(framework, 'privacy');
  try {
    await load(plain.port, 1);
    await load(privacy.port, 1);
    const rounds = { plain: [] as number[], privacy: [] as number[], ratio: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const without = await load(plain.port, SECONDS);
      const withAdapter = await load(privacy.port, SECONDS);
      rounds.plain.push(without);
      rounds.privacy.push(withAdapter);
      rounds.ratio.push(withAdapter / without);
    }
    return { plain: median(rounds.plain), privacy: median(rounds.privacy), ratio: median(rounds.ratio) };
  } finally {
    for (const { child } of [plain, privacy]) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

const rows: Record<string, string>[] = [];
for (const framework of FRAMEWORKS) {
  const { plain, privacy, ratio } = await measure(framework);
  reportRatio({
    package: '@privkit/request',
    bench: 'adapters',
    case: `${framework}: hello world over HTTP, ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s (autocannon)`,
    ours: 'with the adapter (prefix, class, visitor id, country)',
    peer: 'the same app without it',
    unit: 'requests/s',
    // The median ratio applied to the median without: the pair reportRatio divides back to it.
    oursValue: plain * ratio,
    peerValue: plain,
    target: 0.9,
  });
  rows.push({
    framework,
    'without (req/s)': Math.round(plain).toLocaleString('en'),
    'with (req/s)': Math.round(privacy).toLocaleString('en'),
    'median round ratio': ratio.toFixed(3),
    overhead: `${((1 - ratio) * 100).toFixed(1)} %`,
    'µs added per request': ((1 / (plain * ratio) - 1 / plain) * 1e6).toFixed(1),
    'load average (1 min)': loadavg()[0]?.toFixed(2) ?? '',
  });
}
console.log(`Node ${process.version}; load generator and app on 127.0.0.1, one process each`);
console.table(rows);
