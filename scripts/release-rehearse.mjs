#!/usr/bin/env node
// The release rehearsal: everything `changeset publish` would do, against a throwaway copy and
// a local registry, followed by what users do next. A maintainer runs it before a release; CI
// runs it on every change.
//
// 1. copy the working tree (without .git, node_modules, build output) to a temporary folder;
// 2. `changeset version` there, so the versions rehearsed are the ones the release would publish;
// 3. build every package there with tsup;
// 4. start verdaccio on 127.0.0.1 (tools/verdaccio) with no uplink for @privkit/*, so nothing
//    already on the public registry can stand in for what was just built;
// 5. `npm publish` every public package to it;
// 6. install them *by version* into fresh consumer projects from fixtures/consumers and run
//    them: Node ESM, CommonJS require(), tsc under nodenext and bundler, an esbuild browser
//    bundle run in headless Chromium.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { runInChromium } from './lib/chromium.mjs';
import { ensureTool, publicPackages, report, root, run, start } from './lib/proc.mjs';

const work = mkdtempSync(join(tmpdir(), 'privkit-rehearsal-'));
const rows = [];
let registry;
const step = (text) => console.log(`\n-- ${text}`);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(url, seconds) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

function attempt(name, detail, fn) {
  try {
    const result = fn();
    rows.push({ check: name, detail, result: `pass${result ? ` (${result})` : ''}` });
  } catch (error) {
    rows.push({
      check: name,
      detail,
      result: `FAIL: ${error.message.split('\n').slice(0, 6).join(' ').slice(0, 400)}`,
    });
  }
}

let failed = false;
try {
  step('copy the working tree');
  const copy = join(work, 'repo');
  const skipNames = new Set(['.git', 'node_modules', 'dist', '.turbo']);
  const skipPaths = new Set(['docs/api']);
  cpSync(root, copy, {
    recursive: true,
    filter: (src) => !skipNames.has(src.split('/').pop()) && !skipPaths.has(relative(root, src)),
  });
  // The tools (tsup, changesets, typescript) come from the original install.
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');

  step('changeset version');
  run(join(root, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: copy });

  step('build');
  const packages = publicPackages(copy);
  for (const pkg of packages) run(join(root, 'node_modules', '.bin', 'tsup'), [], { cwd: pkg.dir, quiet: true });
  for (const pkg of packages) console.log(`    ${pkg.name}@${pkg.version}`);

  step('start verdaccio on 127.0.0.1');
  const verdaccio = ensureTool('verdaccio');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = join(work, 'verdaccio.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(work, 'storage')}`,
      'auth: {}',
      'uplinks: {}',
      'packages:',
      "  '@privkit/*': { access: $all, publish: $all, unpublish: $all }",
      "  '**': { access: $all }",
      'log: { type: stdout, format: pretty, level: warn }',
      'max_body_size: 50mb',
      '',
    ].join('\n'),
  );
  registry = start(process.execPath, [
    join(verdaccio, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
    '--config',
    config,
    '--listen',
    `127.0.0.1:${port}`,
  ]);
  await waitFor(`${url}-/ping`, 60);
  const npmrc = join(work, 'publish.npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=rehearsal\n`);

  step('publish');
  for (const pkg of packages) {
    // Provenance needs the OIDC token of a CI release job; a rehearsal has none.
    attempt('publish', `${pkg.name}@${pkg.version}`, () => {
      run('npm', ['publish', '--registry', url, '--userconfig', npmrc, '--provenance=false', '--no-git-checks'], {
        cwd: pkg.dir,
        quiet: true,
      });
      const seen = JSON.parse(
        run(
          'npm',
          ['view', `${pkg.name}@${pkg.version}`, 'version', '--json', '--registry', url, '--userconfig', npmrc],
          { quiet: true },
        ),
      );
      if (seen !== pkg.version) throw new Error(`registry reports ${seen}`);
    });
  }

  step('consumer projects');
  const specs = packages.map((pkg) => `${pkg.name}@${pkg.version}`);
  const consumerRc = `@privkit:registry=${url}\n`;
  const consumer = (name) => {
    const dir = join(work, 'consumers', name);
    mkdirSync(dir, { recursive: true });
    cpSync(join(root, 'fixtures', 'consumers', name), dir, { recursive: true });
    writeFileSync(join(dir, '.npmrc'), consumerRc);
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...specs], { cwd: dir, quiet: true });
    const installed = JSON.parse(
      readFileSync(join(dir, 'node_modules', packages[0].name, 'package.json'), 'utf8'),
    ).version;
    if (installed !== packages[0].version) throw new Error(`installed ${installed}, expected ${packages[0].version}`);
    return dir;
  };
  const tsc = join(root, 'node_modules', '.bin', 'tsc');

  attempt('node ESM import', 'fixtures/consumers/esm', () =>
    run(process.execPath, ['index.mjs'], { cwd: consumer('esm'), quiet: true }).trim(),
  );
  attempt('CommonJS require()', `fixtures/consumers/cjs on ${process.version}`, () =>
    run(process.execPath, ['index.cjs'], { cwd: consumer('cjs'), quiet: true }).trim(),
  );
  const typescript = consumer('typescript');
  for (const resolution of ['nodenext', 'bundler']) {
    attempt(`tsc, moduleResolution ${resolution}`, `fixtures/consumers/typescript/tsconfig.${resolution}.json`, () => {
      run(tsc, ['-p', `tsconfig.${resolution}.json`], { cwd: typescript, quiet: true });
    });
  }
  const dir = consumer('browser');
  const bundle = await build({
    entryPoints: [join(dir, 'index.mjs')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  attempt('esbuild browser bundle', 'no node: or Node built-in imports', () => {
    const inputs = Object.keys(bundle.metafile.inputs);
    const node = inputs.filter((input) => input.startsWith('node:') || input.includes('(disabled)'));
    if (node.length > 0) throw new Error(`bundle pulls in ${node.join(', ')}`);
    return `${bundle.outputFiles[0].contents.length} bytes, ${inputs.length} modules`;
  });
  const verdict = runInChromium(bundle.outputFiles[0].text);
  if (verdict.skipped && !process.env.CI) {
    console.log(`headless Chromium: skipped (${verdict.detail}); CI installs it`);
  } else {
    attempt('bundle runs in headless Chromium', 'fixtures/consumers/browser', () => {
      if (!verdict.ok) throw new Error(verdict.detail);
      return verdict.detail;
    });
  }
} catch (error) {
  console.error(error.message);
  failed = true;
} finally {
  registry?.stop();
  rmSync(work, { recursive: true, force: true });
}

const ok = report('release rehearsal', rows) && !failed && rows.length > 0;
console.log(ok ? 'release rehearsal: all passed' : 'release rehearsal: FAILED');
process.exit(ok ? 0 : 1);
