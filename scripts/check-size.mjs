#!/usr/bin/env node
// Checks a package's minified+gzipped size against its budget.
// Run from a package folder (`npm run size -w @privkit/<name>`). The budget lives in the
// package's own package.json as `privkit.sizeBudget`: { "<export path>": <bytes> }.
// Each entry is bundled the way a user's bundler would see it (esbuild, ESM, browser platform,
// minified, the package's own dependencies included) and gzipped at level 9, as bundlephobia does.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const pkgDir = process.cwd();
const pkg = JSON.parse(readFileSync(resolve(pkgDir, 'package.json'), 'utf8'));
const budgets = pkg.privkit?.sizeBudget;
if (!budgets || Object.keys(budgets).length === 0) {
  console.error(`${pkg.name}: no privkit.sizeBudget in package.json`);
  process.exit(1);
}

let failed = false;
for (const [subpath, budget] of Object.entries(budgets)) {
  const target = pkg.exports?.[subpath];
  const file = typeof target === 'string' ? target : (target?.default ?? target?.import);
  if (!file) {
    console.error(`${pkg.name}: export "${subpath}" not found in package.json exports`);
    failed = true;
    continue;
  }
  const result = await build({
    entryPoints: [resolve(pkgDir, file)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const ok = gz <= budget;
  failed ||= !ok;
  const pct = ((gz / budget) * 100).toFixed(0);
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${pkg.name}${subpath === '.' ? '' : subpath.slice(1)}: ` +
      `${code.length} B min, ${gz} B min+gzip, budget ${budget} B (${pct} %)`,
  );
}
process.exit(failed ? 1 : 0);
