/**
 * @module
 * What a failing salt store becomes: `STORE_FAILURE` naming the store and the error's class,
 * with the error as `cause` only when it is this package's own. A client's error is dropped, not
 * kept as `cause`, because it can carry the command and its arguments, which include the salt
 * (ioredis' ReplyError has `command.args`; a PostgreSQL error's `detail` can echo parameters).
 */

import { VisitorHashError } from '../errors.js';
import type { SaltStore } from '../store.js';

/** `error` as a `STORE_FAILURE` of `store`, unless it already is this package's error. */
export function storeFailure(store: SaltStore, error: unknown): VisitorHashError {
  if (error instanceof VisitorHashError) return error;
  const name = error instanceof Error ? error.name : typeof error;
  return new VisitorHashError('STORE_FAILURE', `salt store "${store.kind}" failed (${name})`);
}
