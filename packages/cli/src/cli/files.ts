/**
 * @module
 * Reading the JSON and JSON Lines files the commands take (policies, holds, records, requests,
 * models, logs), strictly: a key that appears twice in an object is refused, since `JSON.parse`
 * would silently keep the last one. Errors are one line naming the file and the line, never the
 * content. Unknown keys are refused by the library each file is handed to.
 */

import { readFile } from 'node:fs/promises';
import { parseInstant } from '@privkit/internal/instant';
import { parseJsonStrict } from '@privkit/internal/json';
import { failure } from './io.js';

/** Reads a file, or `-` for stdin. */
export async function readText(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw failure(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** JSON text read strictly: a key twice in one object is refused, as a syntax error is. */
function strictJson(text: string, where: string): unknown {
  const parsed = parseJsonStrict(text);
  if (parsed.ok) return parsed.value;
  // A verifier and a reader must never see two different values: JSON.parse keeps the last.
  if (parsed.problem === 'duplicate-key')
    throw failure(`${where}: an object has the same key twice (at ${parsed.path})`);
  throw failure(`${where}: not valid JSON`);
}

/** A JSON file (duplicate keys refused). */
export async function readJson(path: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  return strictJson(await readText(path, stdin), path);
}

/** A JSON Lines file (blank lines skipped), or a JSON array; duplicate keys refused. */
export async function readJsonLines(path: string, stdin: NodeJS.ReadableStream): Promise<unknown[]> {
  const text = await readText(path, stdin);
  if (text.trimStart().startsWith('[')) {
    const list = strictJson(text, path);
    if (Array.isArray(list)) return list;
  }
  const out: unknown[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    out.push(strictJson(line, `${path}: line ${index + 1}`));
  });
  return out;
}

/**
 * An instant option (`--now`): RFC 3339 text with an offset, read by the one strict parser
 * (`2025-02-30T10:00:00Z` is refused, never rolled over); `NaN` when it is not one.
 */
export function instant(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return parseInstant(value) ?? Number.NaN;
}
