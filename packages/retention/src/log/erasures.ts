/**
 * @module
 * Finding the erasure of one record in a deletion log, with the tenant's key: a data subject or
 * an auditor can be shown that one record was deleted, and when, without the log revealing any
 * other id.
 */

import { raise } from '../errors.js';
import type { DeletionLogEntry } from './entry.js';
import type { IdentifierHasher } from './hasher.js';

/**
 * The entries of a log that record deleting `id`, found with the tenant's key: a data subject
 * or auditor can be shown that one record was erased, and when, without the log revealing any
 * other id.
 *
 * @param entries - the log.
 * @param hasher - the tenant's identifier hasher.
 * @param id - the record id.
 * @throws {@link RetentionError} `INVALID_ARGUMENT` when `hasher` is not an identifier hasher or `id` not a string.
 * @returns the matching entries (empty if it was never deleted).
 * @example
 * ```ts
 * import { chainEntries, createIdentifierHasher, findErasures, GENESIS_HASH } from '@privkit/retention/log';
 *
 * const ids = createIdentifierHasher(new Uint8Array(32).fill(7));
 * const { entries } = chainEntries({ seq: -1, hash: GENESIS_HASH }, [
 *   {
 *     at: '2026-11-23T03:00:00.000Z',
 *     tenant: 'acme',
 *     worker: 'w1',
 *     kind: 'sweep',
 *     category: 'log',
 *     rule: 'logs-30d',
 *     ids: [ids.hash('row-1')],
 *   },
 * ]);
 * findErasures(entries, ids, 'row-1')[0]?.at; // "2026-11-23T03:00:00.000Z"
 * ```
 */
export function findErasures(
  entries: Iterable<DeletionLogEntry>,
  hasher: IdentifierHasher,
  id: string,
): DeletionLogEntry[] {
  if (typeof hasher !== 'object' || hasher === null || typeof hasher.hash !== 'function')
    throw raise('INVALID_ARGUMENT', 'hasher', '"hasher" must be an identifier hasher (createIdentifierHasher)');
  if (typeof id !== 'string') throw raise('INVALID_ARGUMENT', 'id', '"id" must be a string');
  const h = hasher.hash(id);
  const found: DeletionLogEntry[] = [];
  for (const e of entries) if (e.ids.includes(h)) found.push(e);
  return found;
}
