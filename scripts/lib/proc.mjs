// Small process and workspace helpers shared by the release rehearsal and the runtime matrix.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a command to completion; throws with its output when it fails or times out. */
export function run(command, args, { cwd = root, env = process.env, timeout = 300_000, quiet = false } = {}) {
  const result = spawnSync(command, args, { cwd, env, timeout, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error || result.status !== 0) {
    const why = result.error
      ? result.error.message
      : `exit ${result.status}${result.signal ? ` (${result.signal})` : ''}`;
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${why}\n${output.trim()}`);
  }
  if (!quiet && output.trim()) console.log(output.trim().replace(/^/gm, '    '));
  return result.stdout;
}

/** Starts a long-running process in its own process group; `stop()` kills the whole group. */
export function start(command, args, { cwd = root, env = process.env } = {}) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  };
  process.on('exit', stop);
  return { child, stop, log: () => log };
}

/** The publishable packages of the workspace: folder, name, version. */
export function publicPackages(base = root) {
  const dir = join(base, 'packages');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .map((name) => ({
      dir: join(dir, name),
      folder: name,
      ...JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')),
    }))
    .filter((pkg) => !pkg.private);
}

/** Installs a tools/<name> folder from its lock file when its node_modules is missing. */
export function ensureTool(name) {
  const dir = join(root, 'tools', name);
  if (!existsSync(join(dir, 'node_modules'))) {
    console.log(`installing tools/${name} (npm ci)`);
    run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, timeout: 600_000, quiet: true });
  }
  return dir;
}

/** Prints a table and returns whether every row passed. */
export function report(title, rows) {
  console.log(`\n${title}`);
  console.table(rows);
  return rows.every((row) => Object.values(row).every((v) => typeof v !== 'string' || !v.startsWith('FAIL')));
}
