/**
 * @module
 * What the command-line suites share: the `privkit` binary run from source through tsx in a
 * temporary working directory (removed after the file's tests), the fixtures and a test secret.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';

export const pkg = fileURLToPath(new URL('../..', import.meta.url));
// The source runs through tsx (resolved here, since the children run in a temporary directory).
export const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const BIN = ['--import', TSX, join(pkg, 'src/bin.ts')];
export const dir = mkdtempSync(join(tmpdir(), 'privkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

export const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
export const SECRET = 'q7Vd2pX9sLk3mN8bR4tW6yZ1cF5gH0jAzu3Ke9Lw2PbT';
export const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined } as NodeJS.ProcessEnv;
delete env['FORCE_COLOR'];

export function privkit(
  args: string[],
  input?: string | Buffer,
  extraEnv: NodeJS.ProcessEnv = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...BIN, ...args], {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
    timeout: 30_000,
  });
}
