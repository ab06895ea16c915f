#!/usr/bin/env node
// The release rehearsal: the release a maintainer runs from a laptop (`npm run version-packages`,
// then `npm run release`), against a throwaway copy and a local registry, followed by what users
// do next, and a check of what the CI release (.github/workflows/release.yml) relies on. A
// maintainer runs it before a release; CI runs it on every change.
//
// 1. the CI path: the workflow publishes with provenance (OIDC `id-token: write`, Node 20,
//    `npm ci`, the build, changesets/action running `npm run release` with
//    NPM_CONFIG_PROVENANCE=true), and no package.json turns provenance on for every publish
//    (npm refuses it outside a supported CI, which would break the laptop path);
// 2. copy the working tree (without .git, node_modules, build output) into a fresh git
//    repository, so changelog entries get their commit links as in the real repository;
// 3. the pending changesets: a package that was never released (version 0.0.0) has exactly one,
//    `<package>-initial-release.md`;
// 4. `npm run version-packages` (changeset version); each first-release CHANGELOG.md says it is
//    the first release and what the package does, has no breaking or migration entries and no
//    bare commit hashes (scripts/changelog.cjs writes links);
// 5. start verdaccio on 127.0.0.1 (tools/verdaccio) with no uplink for @privkit/*, so nothing
//    already on the public registry can stand in for what was just built;
// 6. `npm run release` (the build, then `changeset publish`) with no provenance, as from a
//    laptop; each published tarball holds CHANGELOG.md, LICENSE and README.md;
// 7. install them *by version* into fresh consumer projects from fixtures/consumers and run
//    them: Node ESM, CommonJS require(), tsc under nodenext and bundler, an esbuild browser
//    bundle run in headless Chromium.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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
    console.error(`FAIL ${name} (${detail}):\n${error.message.replace(/^/gm, '    ')}`);
    rows.push({
      check: name,
      detail,
      result: `FAIL: ${error.message.split('\n').slice(0, 6).join(' ').slice(0, 400)}`,
    });
  }
}

const NEVER_RELEASED = '0.0.0';
const REPOSITORY = 'git+https://github.com/privkit/privkit.git';
// A fixed identity and clock for the throwaway repository's commit (no global git config needed).
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'release rehearsal',
  GIT_AUTHOR_EMAIL: 'rehearsal@localhost',
  GIT_COMMITTER_NAME: 'release rehearsal',
  GIT_COMMITTER_EMAIL: 'rehearsal@localhost',
};

/** What the CI release relies on, read from the workflow and the manifests. */
function checkCiPath() {
  const file = join(root, '.github', 'workflows', 'release.yml');
  const workflow = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const expect = [
    ['permissions: id-token: write (provenance)', /^\s+id-token:\s*write\b/m],
    ['permissions: contents: write (version commit, tags)', /^\s+contents:\s*write\b/m],
    ['permissions: pull-requests: write (version pull request)', /^\s+pull-requests:\s*write\b/m],
    ['Node 20', /node-version:\s*['"]?20\b/],
    ['the npm registry', /registry-url:\s*https:\/\/registry\.npmjs\.org/],
    ['npm ci', /-\s*run:\s*npm ci\s*$/m],
    ['the build', /-\s*run:\s*npm run build\s*$/m],
    ['changesets/action', /uses:\s*changesets\/action@v\d+/],
    ['publish: npm run release', /publish:\s*npm run release\s*$/m],
    ['version: npm run version-packages', /version:\s*npm run version-packages\s*$/m],
    ['NPM_CONFIG_PROVENANCE=true', /NPM_CONFIG_PROVENANCE:\s*['"]?true['"]?\s*$/m],
  ];
  attempt('CI release workflow', '.github/workflows/release.yml', () => {
    if (!workflow) throw new Error('.github/workflows/release.yml is missing');
    const missing = expect.filter(([, pattern]) => !pattern.test(workflow)).map(([what]) => what);
    if (missing.length > 0) throw new Error(`the workflow lacks: ${missing.join('; ')}`);
    return `${expect.length} promises`;
  });
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
  attempt('root scripts', 'release, version-packages', () => {
    if (!/\bbuild\b.*&&\s*changeset publish\s*$/.test(scripts.release ?? '')) {
      throw new Error(`"release" must build and then run changeset publish, is "${scripts.release}"`);
    }
    if (scripts['version-packages'] !== 'changeset version')
      throw new Error('"version-packages" must be "changeset version"');
  });
  for (const pkg of publicPackages()) {
    attempt('manifest for provenance', pkg.name, () => {
      // npm refuses `provenance: true` outside a supported CI: it belongs to the workflow only.
      if (pkg.publishConfig?.provenance !== undefined) throw new Error('publishConfig.provenance is set');
      if (pkg.publishConfig?.access !== 'public') throw new Error('publishConfig.access is not "public"');
      // Provenance is verified against the repository the workflow runs in.
      if (pkg.repository?.url !== REPOSITORY || pkg.repository?.directory !== `packages/${pkg.folder}`) {
        throw new Error(`repository must be ${REPOSITORY}, directory packages/${pkg.folder}`);
      }
      if (!pkg.files?.includes('CHANGELOG.md')) throw new Error('"files" lacks CHANGELOG.md');
    });
  }
}

/** A never-released package has exactly one pending changeset: <folder>-initial-release.md. */
function checkInitialChangesets(copy, packages) {
  const dir = join(copy, '.changeset');
  const changesets = readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));
  for (const pkg of packages.filter((p) => p.version === NEVER_RELEASED)) {
    attempt('one initial-release changeset', pkg.name, () => {
      const naming = changesets.filter(({ text }) => {
        const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
        return front.split('\n').some((line) => line.replace(/['"]/g, '').split(':')[0].trim() === pkg.name);
      });
      const expected = `${pkg.folder}-initial-release.md`;
      const names = naming.map((c) => c.file);
      if (names.length !== 1 || names[0] !== expected) {
        throw new Error(`expected only .changeset/${expected}, found ${names.join(', ') || 'none'}`);
      }
    });
  }
}

/** The CHANGELOG.md `changeset version` wrote for a package's first release. */
function checkFirstChangelog(pkg) {
  attempt('first-release changelog', `${pkg.name}@${pkg.version}`, () => {
    const file = join(pkg.dir, 'CHANGELOG.md');
    if (!existsSync(file)) throw new Error('no CHANGELOG.md');
    const text = readFileSync(file, 'utf8');
    const problems = [];
    // A first release is 0.1.0: a higher version means changesets bumped the package for a
    // dependency (a peer dependency's minor bump makes its dependents major).
    if (pkg.version !== '0.1.0') problems.push(`version ${pkg.version}, not 0.1.0`);
    const versions = text.match(/^## .*/gm) ?? [];
    if (versions.length !== 1 || versions[0] !== `## ${pkg.version}`)
      problems.push(`version headings ${versions.join(', ')}`);
    const sections = (text.match(/^### .*/gm) ?? []).filter((h) => h !== '### Minor Changes');
    if (sections.length > 0) problems.push(`sections other than the release itself: ${sections.join(', ')}`);
    if (!new RegExp(`first release of \`${pkg.name.replace('/', '\\/')}\``, 'i').test(text)) {
      problems.push(`does not say "First release of \`${pkg.name}\`"`);
    }
    const body = text.replace(/^#.*$/gm, '').replace(/\s+/g, ' ').trim();
    if (body.length < 200) problems.push(`says too little about what the package does (${body.length} characters)`);
    const breaking = /\bbreaking\b|\bmigration (guide|steps?)\b|\bhow to migrate\b/i.exec(text);
    if (breaking) problems.push(`mentions "${breaking[0]}" (nothing to migrate from before a first release)`);
    const links = text.match(/\[[0-9a-f]{7}\]\(https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/commit\/[0-9a-f]{40}\)/g) ?? [];
    if (links.length === 0) problems.push('no commit link');
    const bare = /\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b/.exec(
      text.replace(/\[[0-9a-f]{7}\]\(https:\/\/github\.com\/[^)]*\)/g, ''),
    );
    if (bare) problems.push(`a bare commit hash ${bare[0]}`);
    if (problems.length > 0) throw new Error(problems.join('; '));
    return `${body.length} characters, ${links.length} commit link(s)`;
  });
}

let failed = false;
try {
  step('the CI release path');
  checkCiPath();

  step('copy the working tree into a fresh git repository');
  const copy = join(work, 'repo');
  const skipNames = new Set(['.git', 'node_modules', 'dist', '.turbo']);
  const skipPaths = new Set(['docs/api']);
  cpSync(root, copy, {
    recursive: true,
    filter: (src) => !skipNames.has(src.split('/').pop()) && !skipPaths.has(relative(root, src)),
  });
  // The tools (tsup, changesets, typescript, turbo) come from the original install.
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const git = (...args) => run('git', args, { cwd: copy, env: gitEnv, quiet: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'release rehearsal');

  const before = publicPackages(copy);
  const firstReleases = before.filter((pkg) => pkg.version === NEVER_RELEASED);
  step('pending changesets');
  checkInitialChangesets(copy, before);

  step('npm run version-packages (changeset version)');
  run('npm', ['run', 'version-packages'], { cwd: copy, env: gitEnv, quiet: true });
  const packages = publicPackages(copy);
  for (const pkg of packages) console.log(`    ${pkg.name}@${pkg.version}`);
  step('the first-release changelogs');
  for (const pkg of packages.filter((p) => firstReleases.some((f) => f.name === p.name))) checkFirstChangelog(pkg);

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

  step('npm run release (the laptop path: the build, then changeset publish, without provenance)');
  // changeset publish reads the registry from the lower-case npm_config_registry (npm reads
  // either case); anything pointing elsewhere, and any provenance setting, is dropped.
  const laptop = { ...gitEnv };
  for (const name of Object.keys(laptop))
    if (/^npm_config_(registry|userconfig|provenance)$/i.test(name)) delete laptop[name];
  Object.assign(laptop, { npm_config_registry: url, npm_config_userconfig: npmrc });
  const seen = run('npm', ['config', 'get', 'registry'], { cwd: copy, env: laptop, quiet: true }).trim();
  if (seen !== url) throw new Error(`npm would publish to ${seen}, not the rehearsal's registry ${url}`);
  attempt('npm run release', `${packages.length} packages, no provenance`, () => {
    const out = run('npm', ['run', 'release'], { cwd: copy, env: laptop, quiet: true, timeout: 900_000 });
    const published = packages.filter((pkg) => out.includes(`${pkg.name}@${pkg.version}`));
    if (published.length !== packages.length) throw new Error(`changeset publish output:\n${out}`);
    return `${published.length} published`;
  });
  for (const pkg of packages) {
    attempt('published tarball', `${pkg.name}@${pkg.version}`, () => {
      const [packed] = JSON.parse(
        run('npm', ['pack', `${pkg.name}@${pkg.version}`, '--dry-run', '--json'], {
          cwd: work,
          env: laptop,
          quiet: true,
        }),
      );
      const files = new Set(packed.files.map((f) => f.path));
      const missing = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].filter((f) => !files.has(f));
      if (missing.length > 0) throw new Error(`the tarball lacks ${missing.join(', ')}`);
      return `${files.size} files, CHANGELOG.md included`;
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
