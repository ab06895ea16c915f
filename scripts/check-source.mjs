#!/usr/bin/env node
// The two file rules Biome cannot check (CONTRIBUTING.md, "Files"):
// - no line of a source file is over 120 characters. Biome's formatter wraps code at 120 but
//   never breaks a string, a template literal or a comment, so those are measured here;
// - a file under packages/*/src is one concept of about 100–400 lines. A longer one is listed,
//   and fails unless ALLOWED_LONG_FILES below says why it is still one concept.
// Reads the files git tracks, so generated files that are committed (holiday calendars, the
// wasm module) are held to the same width, through their generators. Run by `npm run lint`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_LINE = 120;
const MAX_FILE_LINES = 400;

// The folders Biome formats (biome.json "files.includes"), as git pathspecs.
const PATHSPECS = [
  'packages/*/src/*',
  'packages/*/test/*',
  'packages/*/bench/*',
  'packages/*/scripts/*',
  'scripts/*',
  'examples/*',
  'tests/*',
  'fixtures/*.mjs',
  'fixtures/*.cjs',
  'fixtures/*.ts',
];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

// Files under packages/*/src allowed over MAX_FILE_LINES, each with why it is one concept.
const ALLOWED_LONG_FILES = new Map([
  ['packages/ip/src/parse.ts', 'one parser: the IPv4/IPv6/zone grammar and its error positions'],
  ['packages/dsar/src/machine.ts', 'one state machine: the transition table, its interpreter and its diagram'],
  ['packages/dsar/src/model.ts', 'one data model: the request, its statuses and its events, types only'],
  ['packages/cli/src/cli/logs.ts', 'one command: `privkit logs anonymize`, its options, streams and summary'],
]);

// In git's pathspec a `*` also matches `/`, so `scripts/*` covers scripts/lib/… too.
const files = execFileSync('git', ['ls-files', '-z', '--', ...PATHSPECS], { encoding: 'utf8' })
  .split('\0')
  .filter((file) => SOURCE.test(file));

const longLines = [];
const longFiles = [];
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    // Characters as an editor counts them (code points), not UTF-16 units.
    const length = [...line].length;
    if (length > MAX_LINE) longLines.push(`${file}:${i + 1} (${length} characters)`);
  });
  if (/^packages\/[^/]+\/src\//.test(file) && lines.length > MAX_FILE_LINES) {
    longFiles.push({ file, lines: lines.length, reason: ALLOWED_LONG_FILES.get(file) });
  }
}

let failed = false;
if (longLines.length > 0) {
  failed = true;
  console.error(`Lines over ${MAX_LINE} characters (${longLines.length}):\n  ${longLines.join('\n  ')}`);
  console.error('Split the string or template with +, hoist a sub-expression, or reflow the comment.');
}
for (const { file, lines, reason } of longFiles) {
  if (reason !== undefined) console.log(`${file}: ${lines} lines, allowed: ${reason}`);
}
const unexplained = longFiles.filter((f) => f.reason === undefined);
const describe = (f) => `${f.file} (${f.lines} lines)`;
if (unexplained.length > 0) {
  failed = true;
  console.error(
    `Files over ${MAX_FILE_LINES} lines (split them along their seams, or add them with a reason to ` +
      `ALLOWED_LONG_FILES in scripts/check-source.mjs):\n  ${unexplained.map(describe).join('\n  ')}`,
  );
}
const stale = [...ALLOWED_LONG_FILES.keys()].filter((file) => !longFiles.some((f) => f.file === file));
if (stale.length > 0) {
  failed = true;
  console.error(`ALLOWED_LONG_FILES lists files that are not over ${MAX_FILE_LINES} lines: ${stale.join(', ')}`);
}
if (failed) process.exit(1);
console.log(`source: ${files.length} files, every line at most ${MAX_LINE} characters`);
