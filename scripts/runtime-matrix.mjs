#!/usr/bin/env node
// The runtime matrix: every public package, packed as users get it, on Node 20, 22 and 24 and
// in headless Chromium. Node 22 and 24 come from the npm registry's platform packages
// (tools/runtimes), so nothing but the registry is needed.
//
// For each runtime: the package's smoke test (fixtures/runtime-smoke/<folder>.mjs) runs against
// the tarball installed in a fresh project, and on Node 22 and 24 the package's own unit suite
// runs too (Node 20 runs it in `npm test`). In Chromium the smoke test runs as a browser bundle.
// Requires built packages (`npm run build`).
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runInChromium } from './lib/chromium.mjs';
import { ensureTool, publicPackages, report, root, run } from './lib/proc.mjs';

const runtimes = [{ name: 'node 20 (this process)', bin: process.execPath, unit: false }];
if (process.platform === 'linux' && process.arch === 'x64') {
  const dir = ensureTool('runtimes');
  for (const major of [22, 24])
    runtimes.push({ name: `node ${major}`, bin: join(dir, 'node_modules', `node${major}`, 'bin', 'node'), unit: true });
} else {
  console.log(
    `Node 22 and 24: skipped, tools/runtimes ships linux-x64 binaries only (this ` +
      `is ${process.platform}-${process.arch})`,
  );
}

const work = mkdtempSync(join(tmpdir(), 'privkit-runtimes-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const rows = [];
let failed = false;

try {
  // One consumer project with every packed package installed, as `npm install` would.
  const packages = publicPackages();
  const tarballs = packages.map((pkg) => {
    const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkg.dir, quiet: true }));
    return join(work, out[0].filename);
  });
  const project = join(work, 'consumer');
  cpSync(join(root, 'fixtures', 'runtime-smoke'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs], { cwd: project, quiet: true });

  for (const pkg of packages) {
    const smoke = join(project, `${pkg.folder}.mjs`);
    if (!existsSync(smoke)) {
      rows.push({
        package: pkg.name,
        runtime: '-',
        smoke: `FAIL: fixtures/runtime-smoke/${pkg.folder}.mjs is missing`,
        unit: '-',
      });
      continue;
    }
    for (const runtime of runtimes) {
      const row = {
        package: pkg.name,
        runtime: `${runtime.name} ${run(runtime.bin, ['--version'], { quiet: true }).trim()}`,
        smoke: '',
        unit: 'in npm test',
      };
      try {
        const code = `import(${JSON.stringify(smoke)}).then(async (m) => console.log('checks:', await m.default()))`;
        const printed = run(runtime.bin, ['--input-type=module', '-e', code], { cwd: project, quiet: true });
        row.smoke = `pass (${printed.trim()})`;
      } catch (error) {
        row.smoke = `FAIL: ${error.message.split('\n').slice(-3).join(' ')}`;
      }
      if (runtime.unit) {
        try {
          const out = run(
            runtime.bin,
            [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'unit'],
            {
              cwd: pkg.dir,
              quiet: true,
              timeout: 900_000,
              env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
            },
          );
          row.unit = `pass (${/Tests\s+(\d+ passed)/.exec(out)?.[1] ?? 'ok'})`;
        } catch (error) {
          row.unit = `FAIL: ${error.message.split('\n').slice(-5).join(' ')}`;
        }
      }
      rows.push(row);
    }

    // The browser: the same smoke test, bundled for the browser platform. A Node-only package
    // (the CLI) says so in its package.json (`privkit.runtimes: ["node"]`) and is not bundled.
    if (pkg.privkit?.runtimes && !pkg.privkit.runtimes.includes('browser')) {
      rows.push({ package: pkg.name, runtime: 'headless chromium', smoke: 'n/a (Node-only package)', unit: '-' });
      continue;
    }
    const bundle = await build({
      stdin: {
        contents:
          `import smoke from './${pkg.folder}.mjs'; Promise.resolve().then(smoke).then((n) ` +
          `=> { document.body.textContent = 'PASS ' + n + ' checks'; }, (e) => { document.body.textContent = 'FAIL: ` +
          `' + e.message; });`,
        resolveDir: project,
      },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const verdict = runInChromium(bundle.outputFiles[0].text);
    if (verdict.skipped && !process.env.CI) {
      console.log(`Chromium: skipped for ${pkg.name} (${verdict.detail}); CI installs it`);
    } else {
      rows.push({
        package: pkg.name,
        runtime: 'headless chromium',
        smoke: verdict.ok ? `pass (${verdict.detail})` : `FAIL: ${verdict.detail}`,
        unit: '-',
      });
    }
  }
} catch (error) {
  console.error(error.message);
  failed = true;
}

const ok = report('runtime matrix', rows) && !failed;
console.log(ok ? 'runtime matrix: all passed' : 'runtime matrix: FAILED');
process.exit(ok ? 0 : 1);
