#!/usr/bin/env node
// Checks a package as users get it: the tarball `npm pack` produces, through publint --strict
// (package.json exports, files, types) and Are The Types Wrong (`attw --pack`, esm-only profile:
// we ship ESM only, so the CommonJS-resolution rows are expected to be absent, not broken).
// Run from a package folder (`npm run check:package -w @privkit/<name>`).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules', '.bin', name);

function run(command, args) {
  console.log(`$ ${[command.replace(`${root}/`, ''), ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: process.cwd() });
  return result.status === 0;
}

// What npm shows a user: the page the docs live on, where the source and the issues are, and a
// licence that travels with the code.
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const missing = ['homepage', 'repository', 'bugs', 'license'].filter((field) => manifest[field] === undefined);
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8' }))[0].files.map(
  (f) => f.path,
);
for (const file of ['LICENSE', 'README.md']) if (!packed.includes(file)) missing.push(`${file} in the tarball`);
if (missing.length > 0) console.error(`${manifest.name}: missing ${missing.join(', ')}`);
const manifestOk = missing.length === 0;

const publintOk = run(bin('publint'), ['--strict', '--pack', 'npm']);
const attwOk = run(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped']);
process.exit(manifestOk && publintOk && attwOk ? 0 : 1);
