#!/usr/bin/env node
// Checks a package's minified+gzipped size against its budget.
// Run from a package folder (`npm run size -w @privkit/<name>`). Budgets live in the package's
// own package.json as `privkit.sizeBudget`: a list of { "entry": "<export path>", "imports":
// ["name", …] (optional: what a user imports; all of the entry when absent), "external":
// ["@privkit/ip", …] (optional: sibling packages counted in their own budgets), "limit": <bytes> }.
// Each is bundled the way a user's bundler sees it (esbuild, ESM, browser platform, minified,
// tree-shaken, the package's own dependencies included) and gzipped at level 9, as bundlephobia
// does. Budgets on named imports hold the cost of the common paths, not only of the whole entry.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const pkgDir = process.cwd();
const pkg = JSON.parse(readFileSync(resolve(pkgDir, 'package.json'), 'utf8'));
const budgets = pkg.privkit?.sizeBudget;
if (!Array.isArray(budgets) || budgets.length === 0) {
  console.error(`${pkg.name}: no privkit.sizeBudget in package.json`);
  process.exit(1);
}

let failed = false;
for (const { entry: subpath, imports, external = [], limit: budget } of budgets) {
  const spec = pkg.exports?.[subpath];
  const file = typeof spec === 'string' ? spec : (spec?.default ?? spec?.import);
  if (!file) {
    console.error(`${pkg.name}: export "${subpath}" not found in package.json exports`);
    failed = true;
    continue;
  }
  const target = resolve(pkgDir, file);
  const what = imports ? `{ ${imports.join(', ')} }` : '*';
  const result = await build({
    stdin: { contents: `export ${what} from ${JSON.stringify(target)};`, resolveDir: pkgDir },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    external,
  });
  const code = result.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const ok = gz <= budget;
  failed ||= !ok;
  const pct = ((gz / budget) * 100).toFixed(0);
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} import ${what} from '${pkg.name}${subpath === '.' ? '' : subpath.slice(1)}'` +
      `${external.length ? ` (without ${external.join(', ')})` : ''}: ` +
      `${code.length} B min, ${gz} B min+gzip, budget ${budget} B (${pct} %)`,
  );
}
process.exit(failed ? 1 : 0);
