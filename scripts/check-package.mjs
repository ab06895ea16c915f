#!/usr/bin/env node
// Checks a package as users get it: the tarball `npm pack` produces, through publint --strict
// (package.json exports, files, types) and Are The Types Wrong (`attw --pack`, esm-only profile:
// we ship ESM only, so the CommonJS-resolution rows are expected to be absent, not broken).
// Run from a package folder (`npm run check:package -w @privkit/<name>`).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules', '.bin', name);

function run(command, args) {
  console.log(`$ ${[command.replace(`${root}/`, ''), ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: process.cwd() });
  return result.status === 0;
}

const publintOk = run(bin('publint'), ['--strict', '--pack', 'npm']);
const attwOk = run(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped']);
process.exit(publintOk && attwOk ? 0 : 1);
