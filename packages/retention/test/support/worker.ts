/**
 * @module
 * A sweeper in a process of its own (support/sweep-worker.ts), for the suites that kill one with
 * SIGKILL or run several at once: the worker prints `marker` (`ready`, `paused`) when it reaches
 * the point a test waits for, and a JSON report line when it finishes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** How a worker process ended, with its report when it finished its sweep. */
export interface WorkerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly report?: { readonly deleted: number; readonly pid?: number };
}

/** A running worker: `reached` settles when it printed the marker (or exited), `done` when it exited. */
export interface WorkerRun {
  readonly child: ChildProcess;
  readonly reached: Promise<void>;
  readonly done: Promise<WorkerExit>;
}

/** Starts support/sweep-worker.ts with `config` (its JSON argument). */
export function startSweepWorker(config: Record<string, unknown>, marker: string): WorkerRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/sweep-worker.ts', JSON.stringify(config)], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let markReached: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    markReached = resolve;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes(`${marker}\n`)) markReached();
  });
  const done = new Promise<WorkerExit>((resolve) => {
    child.on('exit', (code, signal) => {
      markReached();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      resolve({ code, signal, ...(line ? { report: JSON.parse(line) } : {}) });
    });
  });
  return { child, reached, done };
}
