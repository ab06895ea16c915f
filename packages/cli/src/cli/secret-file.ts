/**
 * @module
 * `--secret-file`: a stateless salt source derived from a master secret kept in a file, shared by
 * `privkit hash` and `privkit logs anonymize`. Errors name the option, never the secret.
 */
import { readFile } from 'node:fs/promises';
import { createStatelessSaltSource, type SaltStore, VisitorHashError } from '@privkit/visitor-hash';
import { failure } from './io.js';

/** Reads the master secret at `path` and returns the stateless salt source built from it. */
export async function secretFileSource(path: string): Promise<SaltStore> {
  let secret: string;
  try {
    secret = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    throw failure(`cannot read --secret-file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return createStatelessSaltSource({ secret });
  } catch (error) {
    throw failure(`--secret-file: ${error instanceof VisitorHashError ? error.message : 'invalid secret'}`);
  }
}
