/**
 * @module
 * The adapters' check of the reader they are handed, made when the middleware is made, so a
 * wrong argument fails at start-up and never on a request.
 */

import { RequestError } from '../errors.js';

/** Refuses something that is not a reader made by `createRequestPrivacy`. */
export function checkReader(privacy: unknown): void {
  if (typeof privacy !== 'object' || privacy === null || typeof (privacy as { read?: unknown }).read !== 'function') {
    throw new RequestError('INVALID_ARGUMENT', '"privacy" must be a reader made by createRequestPrivacy', {
      path: 'privacy',
    });
  }
}
