/**
 * @module
 * Where requests live. A store keeps each request's audit log and a projection (the latest
 * state, its next deadline and the legal hold it places) for listing, reminders and retention;
 * appends are optimistic: an entry is accepted only at the next sequence number, so two writers
 * that read the same version cannot both append — the loser gets `CONFLICT`, reloads and decides
 * again. The in-memory store is here; PostgreSQL (and PGlite) is in `@privkit/dsar/postgres`.
 */

import { type InstantInput, parseInstant, requireInstant } from '@privkit/internal/instant';
import type { AuditEntry } from './audit.js';
import { DsarError } from './errors.js';
import type { LegalHold } from './holds.js';
import { deepFreeze, raise } from './internal/raise.js';
import { isTrusted } from './internal/state.js';
import { isOpen } from './machine.js';
import type { DsarState } from './model.js';

/**
 * What a store keeps beside the log for listing, reminders and retention. The service computes
 * it; a store only saves and returns it.
 *
 * @example
 * ```ts
 * import type { StoredRequest } from '@privkit/dsar';
 *
 * const row: Pick<StoredRequest, 'nextDueAt' | 'hold'> = { nextDueAt: '2025-02-28T23:00:00.000Z', hold: null };
 * ```
 */
export interface StoredRequest {
  /** The latest state (the fold of the log). */
  readonly state: DsarState;
  /** The earliest outstanding deadline (RFC 3339 UTC), or `null` when closed or the clock is stopped. */
  readonly nextDueAt: string | null;
  /** The legal hold the request places while open, or `null` once closed. */
  readonly hold: LegalHold | null;
}

/**
 * Where requests live. Implementations: {@link createMemoryDsarStore} and
 * `createPostgresDsarStore` from `@privkit/dsar/postgres` (a PostgreSQL server or PGlite).
 *
 * @example
 * ```ts
 * import { createMemoryDsarStore, type DsarStore } from '@privkit/dsar';
 *
 * const store: DsarStore = createMemoryDsarStore();
 * ```
 */
export interface DsarStore {
  /** A name for diagnostics: `memory`, `postgres`. */
  readonly kind: string;
  /**
   * Appends `entry` to its request's log and replaces the projection, atomically, only if the
   * log's length is `entry.seq - 1`; otherwise raises `CONFLICT` and changes nothing.
   */
  append(entry: AuditEntry, projection: StoredRequest): Promise<void>;
  /** The request's log in order (empty if unknown). */
  load(requestId: string): Promise<AuditEntry[]>;
  /** Projections, optionally of one subject or only open (or closed) requests, by request id. */
  list(query?: { readonly subject?: string; readonly open?: boolean }): Promise<StoredRequest[]>;
  /** Projections of open requests whose next deadline is at or before `now`, soonest first. */
  due(now: InstantInput): Promise<StoredRequest[]>;
  /** The legal holds of every open request, by request id: what a retention sweeper must respect. */
  openHolds(): Promise<LegalHold[]>;
}

/** @internal Checks that a projection belongs to the entry (the same request and version). */
export function checkProjection(entry: AuditEntry, projection: StoredRequest): void {
  if (projection?.state?.id !== entry?.requestId || projection.state.version !== entry.seq)
    throw new DsarError('INVALID_ARGUMENT', 'the projection does not match the entry', { path: 'projection' });
}

/**
 * An in-memory store, for tests, single-process tools and the browser. Same optimistic
 * concurrency as the PostgreSQL store. What it keeps is a frozen copy: changing an object after
 * handing it over changes nothing stored.
 *
 * @returns a new empty store.
 * @example
 * ```ts
 * import { createDsarService, createMemoryDsarStore } from '@privkit/dsar';
 *
 * const dsar = createDsarService({ store: createMemoryDsarStore() });
 * ```
 */
export function createMemoryDsarStore(): DsarStore {
  const logs = new Map<string, AuditEntry[]>();
  const rows = new Map<string, StoredRequest>();
  const byId = () => [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  return {
    kind: 'memory',
    async append(entry, projection) {
      checkProjection(entry, projection);
      const log = logs.get(entry.requestId) ?? [];
      if (log.length !== entry.seq - 1)
        throw new DsarError(
          'CONFLICT',
          `the request was changed by another writer (expected version ${entry.seq - 1})`,
          { path: 'entry.seq' },
        );
      logs.set(entry.requestId, [...log, deepFreeze(structuredClone(entry))]);
      // A state this package made is already deeply frozen and can be kept as it is.
      const state = isTrusted(projection.state) ? projection.state : deepFreeze(structuredClone(projection.state));
      rows.set(
        entry.requestId,
        deepFreeze({ state, nextDueAt: projection.nextDueAt, hold: structuredClone(projection.hold) }),
      );
    },
    async load(requestId) {
      return [...(logs.get(requestId) ?? [])];
    },
    async list(query = {}) {
      return byId().filter(
        (r) =>
          (query.subject === undefined || r.state.subject === query.subject) &&
          (query.open === undefined || isOpen(r.state) === query.open),
      );
    },
    async due(now) {
      const at = requireInstant(now, 'now', raise);
      const due = (r: StoredRequest) =>
        r.nextDueAt === null ? Number.POSITIVE_INFINITY : (parseInstant(r.nextDueAt) as number);
      return [...rows.values()].filter((r) => due(r) <= at).sort((a, b) => due(a) - due(b));
    },
    async openHolds() {
      return byId().flatMap((r) => (r.hold !== null && isOpen(r.state) ? [structuredClone(r.hold)] : []));
    },
  };
}
