/**
 * @module
 * Starts worker processes (test/support/worker.ts), each with its own clock skew, waits until
 * every one is connected, tells them all the same real start instant, and collects what they
 * print.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerConfig } from './worker.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

interface Running {
  ready: Promise<void>;
  done: Promise<string>;
  start(at: number): void;
}

function worker(config: WorkerConfig, skew: number, timeoutMs: number): Running {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './test/support/skewed-clock.ts', 'test/support/worker.ts', JSON.stringify(config)],
    { cwd: packageDir, env: { ...process.env, PRIVKIT_TEST_CLOCK_SKEW_MS: String(skew) }, timeout: timeoutMs },
  );
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out.slice('ready\n'.length));
      else reject(new Error(`worker (skew ${skew} ms) exited with ${code ?? signal}: ${err.slice(-2000)}`));
    });
  });
  // A worker that dies before it is ready must not leave the fleet waiting.
  done.catch(() => onReady());
  return { ready, done, start: (at) => child.stdin.end(`${at}\n`) };
}

/**
 * Runs one worker per skew (milliseconds its clock is ahead; negative: behind), starts them all
 * at `afterMs` past the first day boundary that is at least `leadMs` after the last is ready, and
 * parses what each prints. Returns the start instant and the outputs, in the order of `skews`.
 */
export async function fleet<T>(
  config: WorkerConfig,
  skews: number[],
  { leadMs = 300, afterMs = 50, timeoutMs = 120_000 } = {},
): Promise<{ startAt: number; outputs: T[] }> {
  const workers = skews.map((skew) => worker(config, skew, timeoutMs));
  await Promise.all(workers.map((w) => w.ready));
  const earliest = Date.now() + leadMs;
  const startAt = Math.ceil((earliest - afterMs) / config.dayMs) * config.dayMs + afterMs;
  for (const w of workers) w.start(startAt);
  const outputs = await Promise.all(workers.map((w) => w.done));
  return { startAt, outputs: outputs.map((text) => JSON.parse(text) as T) };
}
