/**
 * @module
 * Reading the JSON and JSON Lines files the document commands take, with one-line errors that
 * name the file and the line, never the content.
 */

import { readFile } from 'node:fs/promises';
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

/** A JSON file. */
export async function readJson(path: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  const text = await readText(path, stdin);
  try {
    return JSON.parse(text);
  } catch {
    throw failure(`${path}: not valid JSON`);
  }
}

/** A JSON Lines file (blank lines skipped); or a JSON array. */
export async function readJsonLines(path: string, stdin: NodeJS.ReadableStream): Promise<unknown[]> {
  const text = await readText(path, stdin);
  if (text.trimStart().startsWith('[')) {
    try {
      const list = JSON.parse(text);
      if (Array.isArray(list)) return list;
    } catch {
      throw failure(`${path}: not valid JSON`);
    }
  }
  const out: unknown[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw failure(`${path}: line ${index + 1} is not valid JSON`);
    }
  });
  return out;
}

/** An instant option (`--now`), or a usage error. */
export function instant(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/\d{4}-\d{2}-\d{2}/.test(value)) return Number.NaN;
  return t;
}
