/**
 * @module
 * The checks of every argument and option dpa takes besides a model, raised as `DpaError`s with
 * the shared wording of `@privkit/internal/check`. Never exported.
 */

import { array, nonEmptyString, oneOf, strictObject, strictOptions } from '@privkit/internal/check';
import { raise } from './errors.js';
import type { RulePack } from './findings.js';
import type { RetentionRule } from './model.js';
import type { DocumentKind } from './render/blocks.js';
import { readRule } from './schema/parse.js';

/** The documents a model can render. */
const KINDS: readonly DocumentKind[] = ['dpa', 'notice', 'record'];

/** `kind` as a document kind, or `INVALID_ARGUMENT`. */
export function documentKind(kind: unknown): DocumentKind {
  return oneOf(kind, KINDS, 'kind', raise);
}

/** An options object with only the `allowed` keys (`{}` for `undefined`), or `INVALID_OPTIONS`/`UNKNOWN_KEY`. */
export function options(value: unknown, allowed: readonly string[]): Record<string, unknown> {
  return strictOptions(value, allowed, raise);
}

/** Retention rules at `path`, each read as `@privkit/retention` reads it. */
export function retentionRules(value: unknown, path: string): RetentionRule[] {
  return array(value, path, raise, path.startsWith('options') ? 'INVALID_OPTIONS' : 'INVALID_ARGUMENT').map((r, i) =>
    readRule(r, `${path}[${i}]`),
  );
}

/** Rule packs at `options.packs`: `{ id, title, check }` objects. */
export function rulePacks(value: unknown): RulePack[] {
  return array(value, 'options.packs', raise, 'INVALID_OPTIONS').map((p, i) => {
    const path = `options.packs[${i}]`;
    const pack = strictObject(p, ['id', 'title', 'check'], path, raise, 'INVALID_OPTIONS');
    nonEmptyString(pack['id'], `${path}.id`, raise, 'INVALID_OPTIONS');
    nonEmptyString(pack['title'], `${path}.title`, raise, 'INVALID_OPTIONS');
    if (typeof pack['check'] !== 'function') {
      throw raise('INVALID_OPTIONS', `${path}.check`, `"${path}.check" must be a function`);
    }
    return pack as unknown as RulePack;
  });
}
