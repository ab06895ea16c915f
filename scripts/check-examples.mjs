#!/usr/bin/env node
// Type-checks every `@example` in the TSDoc of every published package, as a user would write
// it: each example becomes a module of its own that imports the built packages by their public
// names (`@privkit/ip`, `@privkit/retention/postgres`, …), compiled together under the
// repository's strict compiler options. An example that uses an undeclared name, a removed
// export or a wrong option fails the build, so the API docs cannot drift from the code.
// Run after `npm run build`; `npm run docs:examples` does both.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(import.meta.url)('typescript');
const out = join(root, '.examples-check');

function sourceFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

// Every fenced ts/typescript block inside an @example tag, with the line it starts on.
function examplesOf(file) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    for (const doc of node.jsDoc ?? []) {
      for (const tag of doc.tags ?? []) {
        if (tag.tagName.text !== 'example') continue;
        const comment = typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment);
        const fence = /```(ts|typescript)\n([\s\S]*?)```/g;
        for (let m = fence.exec(comment ?? ''); m !== null; m = fence.exec(comment ?? '')) {
          const line = source.getLineAndCharacterOfPosition(tag.getStart()).line + 1;
          found.push({ line, code: m[2] });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const packages = readdirSync(join(root, 'packages')).filter((name) => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
  return manifest.private !== true;
});

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const origin = new Map();
let count = 0;
for (const name of packages) {
  // Modules under src/internal/ are never exported, so their examples are not a user's code.
  const files = sourceFiles(join(root, 'packages', name, 'src')).filter((f) => !f.includes('/src/internal/'));
  for (const file of files) {
    for (const [i, example] of examplesOf(file).entries()) {
      const target = join(
        out,
        name,
        `${relative(join(root, 'packages', name, 'src'), file).replace(/[/.]/g, '_')}_${i}.ts`,
      );
      mkdirSync(dirname(target), { recursive: true });
      // Each example is a module of its own: names do not leak from one example to the next.
      writeFileSync(target, `${example.code}\nexport {};\n`);
      origin.set(target, `${relative(root, file)}:${example.line}`);
      count++;
    }
  }
}

const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile).config.compilerOptions;
const { options } = ts.convertCompilerOptionsFromJson(
  // A user's code, not ours: `process.env.NAME` is how they read a variable.
  { ...base, noEmit: true, types: ['node'], noPropertyAccessFromIndexSignature: false, rootDir: out },
  out,
);
const program = ts.createProgram([...origin.keys()], options);
const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && origin.has(d.file.fileName));
for (const d of diagnostics) {
  const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  console.error(`${origin.get(d.file.fileName)} @example line ${line + 1}: ${message}`);
}
rmSync(out, { recursive: true, force: true });
if (diagnostics.length > 0) {
  console.error(`\n${diagnostics.length} error(s) in ${count} @example blocks`);
  process.exit(1);
}
console.log(`${count} @example blocks type-check against the built packages`);
