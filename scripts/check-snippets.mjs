#!/usr/bin/env node
// docs:snippets: every code block in the READMEs and guides, run the way a newcomer from npm
// would run it. Each public package is packed (`npm pack`) and the tarballs are installed into a
// fresh project in a temporary folder, with the third-party packages the blocks import (at the
// versions of this repository's lock file). Then every ```ts, ```js and ```sh block of
// README.md, packages/*/README.md, docs/*.md and docs/guides/*.md is
//   - type-checked (ts) under `strict` against the installed packages' declarations, and
//   - run (ts through esbuild, js with node, sh with bash) in a folder of its own inside that
//     project, with the files of fixtures/snippets/ copied in; it must exit 0 within a minute.
//
// A block is run unless an HTML comment right before it says otherwise (see CONTRIBUTING.md,
// "READMEs and docs"):
//   <!-- snippet: typecheck — needs a PostgreSQL server -->   compile only (sh: `bash -n`)
//   <!-- snippet: skip — an Apache configuration line -->      neither (a reason is required)
//   <!-- snippet: continue -->                                 appended to the previous block
// Lines after the first line of the comment are hidden set-up code, put before the block:
//   <!-- snippet: run
//   declare const before: import('@privkit/dpa').PrivacyModel;
//   -->
// A line of a ts/js block ending in `// throws …` must throw: the runner wraps the statement and
// fails the block when it returns.
//
// Usage: node scripts/check-snippets.mjs [--verbose] [file.md …]   (default: every README and guide;
// --verbose prints what each block printed; run
// `npm run build` first, `npm run docs:snippets` does both)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { publicPackages, root, run } from './lib/proc.mjs';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const LANGS = new Map([
  ['ts', 'ts'],
  ['typescript', 'ts'],
  ['js', 'js'],
  ['javascript', 'js'],
  ['mjs', 'js'],
  ['sh', 'sh'],
  ['bash', 'sh'],
  ['shell', 'sh'],
]);
const MODES = ['run', 'typecheck', 'skip'];
const TIMEOUT_MS = 60_000;

function documents() {
  const files = ['README.md'];
  for (const pkg of publicPackages())
    if (existsSync(join(pkg.dir, 'README.md'))) files.push(`packages/${pkg.folder}/README.md`);
  for (const dir of ['docs', 'docs/guides']) {
    for (const name of readdirSync(join(root, dir)).sort()) if (name.endsWith('.md')) files.push(`${dir}/${name}`);
  }
  return files;
}

// --- reading the blocks of one Markdown file ---

/** Parses `<!-- snippet: mode [continue] — reason` + hidden lines + `-->`. */
function parseDirective(lines, file, line) {
  const text = lines
    .join('\n')
    .replace(/^\s*<!--\s*snippet:\s*/, '')
    .replace(/\s*-->\s*$/, '');
  const [head, ...hidden] = text.split('\n');
  const match = /^([a-z ,]+?)\s*(?:(?:—|--|:)\s*(.*))?$/.exec(head.trim());
  if (!match) throw new Error(`${file}:${line}: cannot read the snippet directive "${head}"`);
  const directive = { mode: 'run', continues: false, reason: match[2]?.trim() || '', hidden, line };
  for (const word of match[1].split(/[\s,]+/).filter(Boolean)) {
    if (word === 'continue') directive.continues = true;
    else if (MODES.includes(word)) directive.mode = word;
    else
      throw new Error(
        `${file}:${line}: unknown snippet word "${word}" (expected ${[...MODES, 'continue'].join(', ')})`,
      );
  }
  if (directive.mode !== 'run' && !directive.reason) {
    throw new Error(`${file}:${line}: "snippet: ${directive.mode}" needs a reason after a dash`);
  }
  return directive;
}

function blocksOf(file) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks = [];
  const problems = [];
  let pending; // a directive waiting for its block
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (/^\s*<!--\s*snippet:/.test(text)) {
      const start = i;
      while (!lines[i].includes('-->') && i < lines.length - 1) i++;
      try {
        pending = parseDirective(lines.slice(start, i + 1), file, start + 1);
      } catch (error) {
        problems.push(error.message);
      }
      continue;
    }
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(text);
    if (!open) {
      if (pending && text.trim() !== '') {
        problems.push(`${file}:${pending.line}: a snippet directive must be followed by a code block`);
        pending = undefined;
      }
      continue;
    }
    const [, indent, fence, info] = open;
    const start = i + 1;
    const body = [];
    for (i++; i < lines.length && !new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(lines[i]); i++) {
      body.push(lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i].trimStart());
    }
    const lang = info.toLowerCase();
    if (!lang) problems.push(`${file}:${start}: a code block without a language (write \`\`\`text for output)`);
    const kind = LANGS.get(lang);
    if (!kind) {
      if (pending) problems.push(`${file}:${pending.line}: a snippet directive before a \`\`\`${lang} block`);
      pending = undefined;
      continue;
    }
    blocks.push({
      file,
      line: start + 1,
      kind,
      code: body,
      directive: pending ?? { mode: 'run', continues: false, hidden: [] },
    });
    pending = undefined;
  }
  return { blocks, problems };
}

/** Joins each block with the `continue` blocks after it; the strictest mode wins. */
function programsOf({ blocks }) {
  const programs = [];
  for (const block of blocks) {
    const last = programs.at(-1);
    if (block.directive.continues) {
      if (!last || last.file !== block.file || last.kind !== block.kind) {
        throw new Error(
          `${block.file}:${block.line}: "snippet: continue" without an earlier ${block.kind} block in the file`,
        );
      }
      last.blocks.push(block);
      if (MODES.indexOf(block.directive.mode) > MODES.indexOf(last.mode)) {
        last.mode = block.directive.mode;
        last.reason = block.directive.reason;
      }
      continue;
    }
    programs.push({
      file: block.file,
      line: block.line,
      kind: block.kind,
      mode: block.directive.mode,
      reason: block.directive.reason ?? '',
      blocks: [block],
    });
  }
  return programs;
}

/** The program's source, and for each of its lines the Markdown line it came from. */
function sourceOf(program) {
  const out = [];
  const origin = [];
  for (const block of program.blocks) {
    for (const hidden of block.directive.hidden) {
      out.push(hidden);
      origin.push(`${block.file}:${block.directive.line} (hidden set-up)`);
    }
    block.code.forEach((code, i) => {
      out.push(program.kind === 'sh' ? code : expectThrows(code, `${block.file}:${block.line + i}`));
      origin.push(`${block.file}:${block.line + i}`);
    });
  }
  return { text: `${out.join('\n')}\n`, origin };
}

// `parseIp('0177.0.0.1'); // throws IpParseError` becomes a check that the call throws.
function expectThrows(line, where) {
  const m = /^(\s*)(.*?);?\s*\/\/\s*throws\b/.exec(line);
  if (!m || m[2].trim() === '') return line;
  return (
    `${m[1]}{ let threw = false; try { ${m[2]}; } catch { threw = true; } if (!threw) ` +
    `throw new Error(${JSON.stringify(`${where}: expected to throw`)}); }`
  );
}

// --- the project a newcomer would have ---

function bareImports(programs) {
  const names = new Set();
  for (const program of programs) {
    if (program.kind === 'sh') continue;
    const { text } = sourceOf(program);
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      if (spec.startsWith('.') || spec.startsWith('node:') || spec.startsWith('@privkit/')) continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return [...names].sort();
}

function repoVersion(name) {
  const file = join(root, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
}

function setUpProject(work, programs) {
  const tarballs = publicPackages().map((pkg) => {
    const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkg.dir, quiet: true }));
    return join(work, out[0].filename);
  });
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'newcomer', private: true, type: 'module' })}\n`,
  );
  // What a newcomer adds beside the packages: the drivers the examples import, and their types.
  const extras = ['@types/node'];
  for (const name of bareImports(programs)) {
    extras.push(name);
    const types = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
    if (repoVersion(types)) extras.push(types);
  }
  const specs = extras.map((name) => (repoVersion(name) ? `${name}@${repoVersion(name)}` : name));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs, ...specs], {
    cwd: project,
    quiet: true,
    timeout: 600_000,
  });
  return { project, tarballs, extras };
}

// --- checking ---

function typecheck(project, programs) {
  const dir = join(project, 'typecheck');
  mkdirSync(dir);
  const files = new Map();
  programs.forEach((program, n) => {
    if (program.kind !== 'ts' || program.mode === 'skip') return;
    const file = join(dir, `block${n}.ts`);
    const source = sourceOf(program);
    // Each block is a module of its own: names do not leak from one block to the next.
    writeFileSync(file, `${source.text}export {};\n`);
    files.set(file, { program, origin: source.origin });
  });
  const { options } = ts.convertCompilerOptionsFromJson(
    {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    },
    project,
  );
  const compiled = ts.createProgram([...files.keys()], options);
  const errors = new Map();
  for (const d of ts.getPreEmitDiagnostics(compiled)) {
    const entry = d.file && files.get(d.file.fileName);
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!entry) {
      errors.set('(project)', [...(errors.get('(project)') ?? []), message]);
      continue;
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const where = entry.origin[line] ?? `${entry.program.file}:${entry.program.line}`;
    errors.set(entry.program, [...(errors.get(entry.program) ?? []), `${where}: ${message}`]);
  }
  return errors;
}

function execute(project, program, n) {
  const dir = join(project, 'run', `block${n}`);
  mkdirSync(dir, { recursive: true });
  const fixtures = join(root, 'fixtures', 'snippets');
  if (existsSync(fixtures)) {
    cpSync(fixtures, dir, { recursive: true, dereference: true, filter: (src) => !src.endsWith('README.md') });
    // A rotated, compressed log beside the live one, as logrotate leaves them.
    writeFileSync(join(dir, 'access.log.1.gz'), gzipSync(readFileSync(join(dir, 'access.log'))));
  }
  const { text } = sourceOf(program);
  const env = {
    ...process.env,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    PATH: `${join(project, 'node_modules', '.bin')}:${process.env.PATH}`,
  };
  let command;
  let args;
  if (program.kind === 'sh') {
    // `npm install @privkit/<name>` installs the packed tarball (the packages are not on the
    // registry until the release); anything else goes to npm as written, into this project.
    const tarballs = readdirSync(join(project, '..')).filter((f) => f.endsWith('.tgz'));
    // The tarballs are installed already: a @privkit name is only checked to be a package.
    const names = tarballs.map((f) => `@privkit/${f.replace(/^privkit-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`);
    const map = `      ${names.join('|')}) ;;\n      @privkit/*) echo "npm install: no package $x" >&2; return 1 ;;`;
    const prelude = [
      'set -euo pipefail',
      'npm() {',
      '  if [ $# -gt 0 ] && { [ "$1" = install ] || [ "$1" = i ] || [ "$1" = add ]; }; then',
      '    shift; local a=()',
      '    for x in "$@"; do case "$x" in',
      '      -g|--global) ;;',
      map,
      '      *) a+=("$x") ;;',
      '    esac; done',
      `    if [ "\${#a[@]}" -gt 0 ]; then (cd ${JSON.stringify(project)} && command npm install --no-audit ` +
        `--no-fund --no-package-lock --silent "\${a[@]}"); fi`,
      '  else command npm "$@"; fi',
      '}',
    ].join('\n');
    writeFileSync(join(dir, 'block.sh'), `${prelude}\n${text}`);
    command = 'bash';
    args = program.mode === 'typecheck' ? ['-n', 'block.sh'] : ['block.sh'];
  } else {
    const code =
      program.kind === 'ts' ? transformSync(text, { loader: 'ts', format: 'esm', target: 'node20' }).code : text;
    writeFileSync(join(dir, 'block.mjs'), code);
    if (program.mode === 'typecheck') {
      if (program.kind === 'ts') return { ok: true };
      command = process.execPath;
      args = ['--check', 'block.mjs'];
    } else {
      command = process.execPath;
      args = ['block.mjs'];
    }
  }
  const result = spawnSync(command, args, {
    cwd: dir,
    env,
    timeout: TIMEOUT_MS,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.error?.code === 'ETIMEDOUT' || result.signal)
    return { ok: false, detail: `did not finish within ${TIMEOUT_MS / 1000} s\n${output}` };
  if (result.status !== 0) return { ok: false, detail: `exit ${result.status}\n${output}` };
  return { ok: true, output };
}

// --- main ---

const verbose = process.argv.includes('--verbose');
const requested = process.argv
  .slice(2)
  .filter((a) => a !== '--verbose')
  .map((f) => relative(root, resolve(f)));
const files = requested.length > 0 ? requested : documents();
const problems = [];
const programs = [];
for (const file of files) {
  const parsed = blocksOf(file);
  problems.push(...parsed.problems);
  try {
    programs.push(...programsOf(parsed));
  } catch (error) {
    problems.push(error.message);
  }
}
if (problems.length > 0) {
  console.error(`docs:snippets: ${problems.length} problem(s) reading the blocks:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'privkit-snippets-'));
let failed = 0;
let passed = 0;
let skipped = 0;
try {
  const started = Date.now();
  const { project, tarballs, extras } = setUpProject(work, programs);
  console.log(`installed ${tarballs.length} packed packages and ${extras.join(', ')} into a fresh project`);
  const typeErrors = typecheck(project, programs);
  if (typeErrors.has('(project)')) {
    console.error(`type-check set-up failed:\n  ${typeErrors.get('(project)').join('\n  ')}`);
    failed++;
  }
  programs.forEach((program, n) => {
    const label =
      `${program.file}:${program.line} ` +
      `(${program.kind}${program.blocks.length > 1 ? `, ${program.blocks.length} blocks` : ''})`;
    if (program.mode === 'skip') {
      skipped++;
      console.log(`skip  ${label}: ${program.reason}`);
      return;
    }
    const errors = typeErrors.get(program) ?? [];
    const result = errors.length > 0 ? { ok: false, detail: errors.join('\n') } : execute(project, program, n);
    const verb = program.mode === 'run' ? 'ran' : 'typecheck';
    if (result.ok) {
      passed++;
      console.log(`ok    ${label}: ${verb}${program.mode === 'typecheck' ? ` only (${program.reason})` : ''}`);
      if (verbose && result.output) console.log(`      ${result.output.split('\n').join('\n      ')}`);
    } else {
      failed++;
      console.log(`FAIL  ${label}: ${verb}\n      ${result.detail.split('\n').slice(0, 20).join('\n      ')}`);
    }
  });
  console.log(
    `\n${programs.length} programs from ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} catch (error) {
  console.error(error.message);
  failed++;
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`docs:snippets: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
