/**
 * @module
 * A sweeper in a process of its own (support/sweep-worker.ts), for the suites that kill one with
 * SIGKILL or run several at once: the worker prints `marker` (`ready`, `paused`) when it reaches
 * the point a test waits for, and a JSON report line when it finishes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { IdentifierHasher } from '../../src/log.js';
import type { createPostgresStore, PgQueryable } from '../../src/postgres.js';
import { verifyLog } from '../../src/verify.js';

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

/**
 * What must hold after any sweep, killed or not, of rows `1..rows`: the log verifies, no id is
 * logged twice, every row gone was `deletable`, and the logged ids are exactly the gone rows'.
 */
export async function checkSweptRows(
  admin: PgQueryable,
  schema: string,
  store: ReturnType<typeof createPostgresStore>,
  hasher: IdentifierHasher,
  rows: number,
  deletable: (i: number) => boolean,
) {
  const left = new Set(
    ((await admin.query(`SELECT id::int AS id FROM ${schema}.events`)).rows as { id: number }[]).map((r) => r.id),
  );
  const log = await store.readLog('acme');
  const check = verifyLog(log);
  expect(check.valid).toBe(true);
  const logged = log.flatMap((e) => e.ids);
  expect(new Set(logged).size).toBe(logged.length); // nothing deleted twice
  const gone = new Set<string>();
  for (let i = 1; i <= rows; i++) {
    if (left.has(i)) continue;
    expect(deletable(i)).toBe(true); // never a row that was not due, or held
    gone.add(hasher.hash(String(i)));
  }
  expect(new Set(logged)).toEqual(gone); // every deleted row logged, every logged row deleted
  return { left: left.size, deleted: rows - left.size, log, check };
}
