#!/usr/bin/env node
// Runs every example's self-check (`npm run examples:test`; CI runs it after the build). Each
// example runs in its own process, as a reader would run it; any failure makes the exit non-zero.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const examples = ['form-analytics', 'controller-statement', 'ad-network-dpa', 'page-views'];
const failed = [];
for (const name of examples) {
  console.log(`\n== examples/${name}`);
  const main = fileURLToPath(new URL(`./${name}/main.mjs`, import.meta.url));
  const { status, signal } = spawnSync(process.execPath, [main, '--self-check'], { stdio: 'inherit' });
  if (status !== 0) failed.push(`${name} (${signal ?? `exit ${status}`})`);
}
console.log(
  failed.length === 0
    ? `\nexamples: all ${examples.length} self-checks passed`
    : `\nexamples: FAILED: ${failed.join(', ')}`,
);
process.exit(failed.length === 0 ? 0 : 1);
