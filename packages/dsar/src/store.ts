/**
 * @module
 * Persistence and the service around it. A store keeps each request's audit log and a
 * projection (the latest state and its next deadline) for listing; appends are optimistic: an
 * entry is accepted only at the next sequence number, so two writers that read the same version
 * cannot both append — the loser gets `CONFLICT`, reloads and decides again. The in-memory store
 * is here; PostgreSQL is in `@privkit/dsar/postgres`.
 */

import { type AuditEntry, appendEntry, replayLog, type VerifyResult, verifyLog } from './audit.js';
import { type DeadlineAlert, type DeadlineOptions, dueWithin, localDate, overdue } from './deadlines.js';
import { DsarError, DsarTransitionError } from './errors.js';
import { buildExportBundle, type DataSource, type ExportBundle, eraseSubject, rectifySubject } from './fulfilment.js';
import { isOpen, openRequest, TRANSITIONS, transition } from './machine.js';
import type { DsarEvent, DsarState, ReceiveEvent, SourceOutcome } from './model.js';
import { ruleInForce } from './regimes.js';

/**
 * A legal hold in the plain JSON shape `@privkit/retention` accepts: while it is in place, the
 * subject's data is not swept away.
 *
 * @example
 * ```ts
 * import type { LegalHold } from '@privkit/dsar';
 *
 * const hold: LegalHold = {
 *   id: 'dsar:REQ-42',
 *   scope: { subject: 'cust_8812' },
 *   reason: 'open data-subject request',
 *   citation: 'GDPR Art 12(3)',
 *   source: 'dsar:REQ-42',
 *   placedAt: '2025-01-31T09:30:00Z',
 *   until: { event: 'dsar:REQ-42:closed' },
 * };
 * ```
 */
export interface LegalHold {
  /** A unique id: `dsar:<request id>`. */
  id: string;
  /** What the hold covers. */
  scope:
    | {
        /** A data subject's key. */
        subject: string;
      }
    | {
        /** A data category. */
        category: string;
      }
    | {
        /** One record's id. */
        record: string;
      };
  /** Why, in words. */
  reason: string;
  /** The provision relied on. */
  citation?: string;
  /** Who placed it, e.g. `dsar:REQ-42`. */
  source?: string;
  /** When it was placed, ISO 8601 instant. */
  placedAt: string;
  /** Until a date or an event; absent = until lifted explicitly. */
  until?:
    | {
        /** An ISO date. */
        date: string;
      }
    | {
        /** An event name, e.g. `dsar:REQ-42:closed`. */
        event: string;
      };
}

/**
 * The legal holds that open requests place on their subject's data, in `@privkit/retention`'s
 * shape: one per open request, lifted by the event `dsar:<id>:closed`.
 *
 * @param requests - request states (closed ones are skipped).
 * @param subject - the subject key; omit for every subject's holds.
 * @returns the holds.
 * @example
 * ```ts
 * import { holdsFor, openRequest } from '@privkit/dsar';
 *
 * const request = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'REQ-42', regime: 'gdpr', right: 'access',
 *   subject: 'cust_8812', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * holdsFor([request], 'cust_8812')[0]?.until; // { event: "dsar:REQ-42:closed" }
 * ```
 */
export function holdsFor(requests: Iterable<DsarState>, subject?: string): LegalHold[] {
  const holds: LegalHold[] = [];
  for (const r of requests) {
    if (!isOpen(r) || (subject !== undefined && r.subject !== subject)) continue;
    const rule = ruleInForce(r.regime, localDate(r.receivedAt, r.timeZone).toString());
    holds.push({
      id: `dsar:${r.id}`,
      scope: { subject: r.subject },
      reason: 'open data-subject request',
      citation: rule.citation,
      source: `dsar:${r.id}`,
      placedAt: r.receivedAt,
      until: { event: `dsar:${r.id}:closed` },
    });
  }
  return holds;
}

/**
 * What a store keeps beside the log for listing and reminders.
 *
 * @example
 * ```ts
 * import type { StoredRequest } from '@privkit/dsar';
 *
 * const row: Pick<StoredRequest, 'nextDueMs'> = { nextDueMs: 1740783600000 };
 * ```
 */
export interface StoredRequest {
  /** The latest state (the fold of the log). */
  readonly state: DsarState;
  /** The earliest outstanding deadline (epoch ms), or `null` when closed or the clock is stopped. */
  readonly nextDueMs: number | null;
}

/**
 * Where requests live. Implementations: {@link createMemoryDsarStore} and
 * `createPostgresDsarStore` from `@privkit/dsar/postgres`.
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
  /** Projections, optionally of one subject or only open requests. */
  list(query?: { subject?: string; open?: boolean }): Promise<StoredRequest[]>;
  /** Projections of open requests whose next deadline is at or before `nowMs`. */
  due(nowMs: number): Promise<StoredRequest[]>;
}

/**
 * An in-memory store, for tests, single-process tools and the browser. Same optimistic
 * concurrency as the PostgreSQL store.
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
  return {
    kind: 'memory',
    async append(entry, projection) {
      const log = logs.get(entry.requestId) ?? [];
      if (log.length !== entry.seq - 1)
        throw new DsarError(
          'CONFLICT',
          `the request was changed by another writer (expected version ${entry.seq - 1})`,
        );
      logs.set(entry.requestId, [...log, entry]);
      rows.set(entry.requestId, projection);
    },
    async load(requestId) {
      return [...(logs.get(requestId) ?? [])];
    },
    async list(query = {}) {
      return [...rows.values()].filter(
        (r) =>
          (query.subject === undefined || r.state.subject === query.subject) &&
          (query.open === undefined || isOpen(r.state) === query.open),
      );
    },
    async due(nowMs) {
      return [...rows.values()].filter((r) => r.nextDueMs !== null && r.nextDueMs <= nowMs);
    },
  };
}

/**
 * The earliest outstanding deadline of a request, for the store's reminder index.
 *
 * @param state - a request state.
 * @param options - holiday calendars.
 * @returns epoch ms, or `null` when the request is closed or its clock is stopped.
 * @example
 * ```ts
 * import { nextDue, openRequest } from '@privkit/dsar';
 *
 * nextDue(openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'R1', regime: 'gdpr', right: 'access',
 *   subject: 's1', timeZone: 'Europe/Paris', channel: 'email',
 * })); // 1740783600000 (end of 28 Feb 2025 in Paris)
 * ```
 */
export function nextDue(state: DsarState, options: DeadlineOptions = {}): number | null {
  const alerts = overdue([state], Number.MAX_SAFE_INTEGER, options);
  return alerts.length === 0 ? null : Math.min(...alerts.map((a) => a.due.epochMs));
}

/** What {@link DsarServiceOptions.onClose} receives when a request closes. */
export interface DsarClosed {
  /** The request id. */
  readonly requestId: string;
  /** The event that lifts the request's legal hold: `dsar:<id>:closed`. */
  readonly event: string;
  /** The closed request. */
  readonly state: DsarState;
}

/** Options of {@link createDsarService}. */
export interface DsarServiceOptions extends DeadlineOptions {
  /** Where requests live. */
  readonly store: DsarStore;
  /** The data sources `fulfil` works through. */
  readonly sources?: readonly DataSource[];
  /**
   * Called after an event closes a request (fulfilled, refused, withdrawn, handed over), with the
   * event name that lifts its legal hold: pass it to your retention engine. The event is already
   * recorded when this runs; an error thrown here reaches the caller of `apply`/`fulfil`.
   */
  readonly onClose?: (closed: DsarClosed) => void | Promise<void>;
}

/** Options of {@link DsarService.fulfil}. */
export interface FulfilOptions {
  /** When the request is fulfilled (ISO instant); default now. */
  readonly at?: string;
  /** For rectification: field → corrected value. */
  readonly changes?: Readonly<Record<string, unknown>>;
}

/** What {@link DsarService.fulfil} did. */
export interface FulfilResult {
  /** The request after the `fulfil` or `fulfil_partially` event. */
  readonly state: DsarState;
  /** Per-source outcomes, as recorded. */
  readonly outcomes: readonly SourceOutcome[];
  /** For access and portability: the export bundle to deliver. */
  readonly bundle?: ExportBundle;
}

// Rights whose fulfilment the service can run through the sources, by what it does.
const EXPORT_RIGHTS = ['access', 'portability', 'know', 'confirmation'];
const ERASURE_RIGHTS = ['erasure', 'deletion', 'delete', 'anonymisation-blocking-deletion'];
const RECTIFY_RIGHTS = ['rectification', 'correction', 'correct'];

/**
 * The workflow service: every change is an event appended to the request's hash-chained log,
 * and every read is the fold of that log.
 */
export interface DsarService {
  /** Opens a request from its `receive` event. Raises `CONFLICT` if the id exists. */
  receive(event: ReceiveEvent): Promise<DsarState>;
  /**
   * Applies an event: loads the log, folds it, runs `transition`, appends. Pass
   * `expectedVersion` (the version you decided on) to fail with `CONFLICT` if anyone else wrote
   * since; without it, the append still fails if another writer wins the race.
   */
  apply(requestId: string, event: DsarEvent, expectedVersion?: number): Promise<DsarState>;
  /** The request's state, replayed from its verified log. Raises `NOT_FOUND`, `TAMPERED`. */
  get(requestId: string): Promise<DsarState>;
  /** The request's audit log. */
  history(requestId: string): Promise<AuditEntry[]>;
  /** Verifies the request's hash chain. */
  verify(requestId: string): Promise<VerifyResult>;
  /** The legal holds open requests place on a subject, for `@privkit/retention`. */
  holdsFor(subject: string): Promise<LegalHold[]>;
  /** Missed deadlines at `now`. */
  overdue(now?: Date | number | string): Promise<DeadlineAlert[]>;
  /** Deadlines ending within `period` (ISO 8601 duration) from `now`. */
  dueWithin(period: string, now?: Date | number | string): Promise<DeadlineAlert[]>;
  /**
   * Fulfils an in-progress request through the registered sources: access, portability and
   * "know" build the export bundle; erasure and deletion erase at each source; rectification
   * applies `changes`. Records `fulfil`, or `fulfil_partially` when a source retained data under a
   * legal obligation or failed. Checks the transition before touching any source. Other rights
   * (restriction, objection, opt-outs) are yours to carry out: record them with `apply`.
   */
  fulfil(requestId: string, options?: FulfilOptions): Promise<FulfilResult>;
}

/**
 * Creates the workflow service over a store.
 *
 * @param options - the store, and holiday calendars.
 * @returns the service.
 * @throws TypeError if `store` is missing.
 * @example
 * ```ts
 * import { createDsarService, createMemoryDsarStore } from '@privkit/dsar';
 *
 * const dsar = createDsarService({ store: createMemoryDsarStore() });
 * await dsar.receive({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'REQ-42', regime: 'gdpr', right: 'access',
 *   subject: 'cust_8812', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * await dsar.apply('REQ-42', { type: 'identity_verified', at: '2025-02-01T10:00:00Z' });
 * (await dsar.get('REQ-42')).status;       // "in_progress"
 * (await dsar.verify('REQ-42')).ok;        // true
 * (await dsar.holdsFor('cust_8812')).length; // 1
 * ```
 */
export function createDsarService(options: DsarServiceOptions): DsarService {
  const { store } = options;
  if (typeof store?.append !== 'function') throw new TypeError('"store" must be a DsarStore');
  const project = (state: DsarState): StoredRequest => ({ state, nextDueMs: nextDue(state, options) });
  const closed = async (before: DsarState, after: DsarState) => {
    if (options.onClose !== undefined && isOpen(before) && !isOpen(after)) {
      await options.onClose({ requestId: after.id, event: `dsar:${after.id}:closed`, state: after });
    }
  };
  const load = async (id: string) => {
    const log = await store.load(id);
    if (log.length === 0) throw new DsarError('NOT_FOUND', 'no request with that id');
    return log;
  };
  return {
    async receive(event) {
      const state = openRequest(event, options);
      await store.append(appendEntry(undefined, event), project(state));
      return state;
    },
    async apply(requestId, event, expectedVersion) {
      const log = await load(requestId);
      const state = replayLog(log, options, false);
      if (expectedVersion !== undefined && state.version !== expectedVersion) {
        throw new DsarError('CONFLICT', `the request is at version ${state.version}, not ${expectedVersion}`);
      }
      const next = transition(state, event, options);
      await store.append(appendEntry(log[log.length - 1], event), project(next));
      await closed(state, next);
      return next;
    },
    async get(requestId) {
      return replayLog(await load(requestId), options);
    },
    history: (requestId) => store.load(requestId),
    async verify(requestId) {
      return verifyLog(await load(requestId));
    },
    async holdsFor(subject) {
      return holdsFor(
        (await store.list({ subject, open: true })).map((r) => r.state),
        subject,
      );
    },
    async overdue(now = Date.now()) {
      const at = typeof now === 'number' ? now : new Date(now).getTime();
      return overdue(
        (await store.due(at)).map((r) => r.state),
        now,
        options,
      );
    },
    async dueWithin(period, now = Date.now()) {
      return dueWithin(
        (await store.list({ open: true })).map((r) => r.state),
        period,
        now,
        options,
      );
    },
    async fulfil(requestId, { at = new Date().toISOString(), changes } = {}) {
      const log = await load(requestId);
      const state = replayLog(log, options, false);
      // Check before any source is touched: an erasure must not run for a request that cannot
      // be fulfilled now.
      if (TRANSITIONS[state.status].fulfil === undefined || state.role !== 'controller') {
        throw new DsarTransitionError(
          state.role === 'controller' ? 'INVALID_TRANSITION' : 'ROLE_MISMATCH',
          state.status,
          'fulfil',
          `a request in status "${state.status}" cannot be fulfilled`,
        );
      }
      const sources = options.sources ?? [];
      let outcomes: readonly SourceOutcome[];
      let bundle: ExportBundle | undefined;
      if (EXPORT_RIGHTS.includes(state.right)) {
        bundle = await buildExportBundle(state, sources, at);
        outcomes = bundle.outcomes;
      } else if (ERASURE_RIGHTS.includes(state.right)) {
        outcomes = await eraseSubject(state, sources);
      } else if (RECTIFY_RIGHTS.includes(state.right)) {
        if (changes === undefined)
          throw new DsarError('INVALID_ARGUMENT', '"changes" is required to fulfil a rectification');
        outcomes = await rectifySubject(state, sources, changes);
      } else {
        throw new DsarError(
          'INVALID_ARGUMENT',
          `the right "${state.right}" is not fulfilled through sources: record the outcome with apply`,
        );
      }
      const complete = outcomes.every((o) => o.status === 'done' || o.status === 'not_found');
      const event: DsarEvent = complete ? { type: 'fulfil', at, outcomes } : { type: 'fulfil_partially', at, outcomes };
      const next = transition(state, event, options);
      await store.append(appendEntry(log[log.length - 1], event), project(next));
      await closed(state, next);
      return { state: next, outcomes, ...(bundle ? { bundle } : {}) };
    },
  };
}
