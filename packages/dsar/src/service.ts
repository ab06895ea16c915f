/**
 * @module
 * The workflow service: every change is an event appended to the request's hash-chained log in a
 * store, and every read is the fold of that verified log. It computes the projection a store
 * keeps (state, next deadline, legal hold) and runs fulfilment through the data sources.
 */

import { strictOptions } from '@privkit/internal/check';
import { requireDuration } from '@privkit/internal/duration';
import { formatInstant, type InstantInput, requireInstant } from '@privkit/internal/instant';
import { type AuditEntry, chainOnto, recordedEvent } from './audit.js';
import type { DeadlineAlert } from './deadlines/alerts.js';
import { nextDueAt, outstanding } from './deadlines/alerts.js';
import { DEADLINE_OPTION_KEYS, type DeadlineOptions, deadlineContext } from './deadlines/options.js';
import { DsarError, DsarTransitionError } from './errors.js';
import { buildExportBundle, type ExportBundle } from './fulfilment/bundle.js';
import { checkSources, type DataSource, eraseSubject, rectifySubject } from './fulfilment/sources.js';
import { holdOf, type LegalHold } from './holds.js';
import { deepFreeze, raise } from './internal/raise.js';
import { text } from './internal/records.js';
import { isOpen, openRequest, TRANSITIONS, transition } from './machine.js';
import type { DsarEvent, DsarState, ReceiveEvent, SourceOutcome } from './model.js';
import type { DsarStore, StoredRequest } from './store.js';
import { type LogVerification, replayLog, verifyLog } from './verify/log.js';

/**
 * Options of {@link createDsarService}.
 *
 * @example
 * ```ts
 * import { createMemoryDsarStore, type DsarServiceOptions } from '@privkit/dsar';
 *
 * const options: DsarServiceOptions = {
 *   store: createMemoryDsarStore(),
 *   onClose: ({ event }) => console.log(event), // "dsar:REQ-42:closed": lift the retention hold
 * };
 * ```
 */
export interface DsarServiceOptions extends DeadlineOptions {
  /** Where requests live. */
  readonly store: DsarStore;
  /** The data sources `fulfil` works through. */
  readonly sources?: readonly DataSource[];
  /**
   * Called after an event closes a request (fulfilled, refused, withdrawn, handed over), with the
   * event name that lifts its legal hold (`dsar:<id>:closed`): pass it to your retention engine.
   * The event is already recorded when this runs; an error thrown here reaches the caller.
   */
  readonly onClose?: (closed: {
    /** The request id. */
    readonly requestId: string;
    /** The event that lifts the request's legal hold: `dsar:<id>:closed`. */
    readonly event: string;
    /** The closed request. */
    readonly state: DsarState;
  }) => void | Promise<void>;
}

/**
 * Options of {@link DsarService.fulfil}.
 *
 * @example
 * ```ts
 * import type { FulfilOptions } from '@privkit/dsar/fulfilment';
 *
 * const options: FulfilOptions = { at: '2025-02-20T10:00:00Z', changes: { postcode: 'SW1A 1AA' } };
 * ```
 */
export interface FulfilOptions {
  /** When the request is fulfilled (an instant); default now. */
  readonly at?: InstantInput;
  /** For rectification: field → corrected value. */
  readonly changes?: Readonly<Record<string, unknown>>;
}

/**
 * What {@link DsarService.fulfil} did.
 *
 * @example
 * ```ts
 * import type { FulfilResult } from '@privkit/dsar/fulfilment';
 *
 * declare const result: FulfilResult;
 * result.state.status; // "fulfilled" or "partially-fulfilled"
 * ```
 */
export interface FulfilResult {
  /** The request after the `fulfil` or `fulfil-partially` event. */
  readonly state: DsarState;
  /** Per-source outcomes, as recorded. */
  readonly outcomes: readonly SourceOutcome[];
  /** For access and portability: the export bundle to deliver. */
  readonly bundle?: ExportBundle;
}

// Rights whose fulfilment the service can run through the sources, by what it does.
const EXPORT_RIGHTS = ['access', 'portability', 'know', 'confirmation'];
const ERASURE_RIGHTS = ['erasure', 'deletion', 'delete', 'anonymization-blocking-deletion'];
const RECTIFY_RIGHTS = ['rectification', 'correction', 'correct'];

/**
 * The workflow service: every change is an event appended to the request's hash-chained log,
 * and every read is the fold of that log.
 *
 * @example
 * ```ts
 * import { createDsarService, createMemoryDsarStore, type DsarService } from '@privkit/dsar';
 *
 * const dsar: DsarService = createDsarService({ store: createMemoryDsarStore() });
 * ```
 */
export interface DsarService {
  /** Opens a request from its `receive` event. Raises `CONFLICT` if the id exists. */
  receive(event: ReceiveEvent): Promise<DsarState>;
  /**
   * Applies an event: loads and verifies the log, folds it, runs `transition`, appends. Pass
   * `expectedVersion` (the version you decided on) to fail with `CONFLICT` if anyone else wrote
   * since; without it, the append still fails if another writer wins the race.
   */
  apply(requestId: string, event: DsarEvent, expectedVersion?: number): Promise<DsarState>;
  /** The request's state, replayed from its verified log. Raises `NOT_FOUND`, `TAMPERED`. */
  get(requestId: string): Promise<DsarState>;
  /** The request's audit log. */
  history(requestId: string): Promise<AuditEntry[]>;
  /** Verifies the request's hash chain (as `verifyLog` from `@privkit/dsar/verify`). */
  verify(requestId: string): Promise<LogVerification>;
  /** The legal holds open requests place on one subject, for `@privkit/retention`. */
  holdsFor(subject: string): Promise<LegalHold[]>;
  /** The legal holds of every open request, for a retention sweeper's `holds`. */
  openHolds(): Promise<LegalHold[]>;
  /** Missed deadlines at `now` (default now). */
  overdue(now?: InstantInput): Promise<DeadlineAlert[]>;
  /** Deadlines ending within `period` (an ISO 8601 duration such as `P7D`) from `now`. */
  dueWithin(period: string, now?: InstantInput): Promise<DeadlineAlert[]>;
  /**
   * Fulfils an in-progress request through the registered sources: access, portability and
   * "know" build the export bundle; erasure and deletion erase at each source; rectification
   * applies `changes`. Records `fulfil`, or `fulfil-partially` when a source retained data under a
   * legal obligation or failed. Checks the transition before touching any source. Other rights
   * (restriction, objection, opt-outs) are yours to carry out: record them with `apply`.
   */
  fulfil(requestId: string, options?: FulfilOptions): Promise<FulfilResult>;
}

/**
 * Creates the workflow service over a store.
 *
 * @param options - the store, data sources, `onClose`, your regime registry and holiday calendars.
 * @returns the service.
 * @throws {@link index!DsarError} `UNKNOWN_KEY` / `INVALID_OPTIONS` for malformed options (a missing store, say).
 * @example
 * ```ts
 * import { createDsarService, createMemoryDsarStore } from '@privkit/dsar';
 *
 * const dsar = createDsarService({ store: createMemoryDsarStore() });
 * await dsar.receive({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'REQ-42', regime: 'gdpr', right: 'access',
 *   subject: 'cust_8812', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * await dsar.apply('REQ-42', { type: 'identity-verified', at: '2025-02-01T10:00:00Z' });
 * (await dsar.get('REQ-42')).status;   // "in-progress"
 * (await dsar.verify('REQ-42')).valid; // true
 * (await dsar.openHolds()).length;     // 1
 * ```
 */
export function createDsarService(options: DsarServiceOptions): DsarService {
  const o = strictOptions(options, ['store', 'sources', 'onClose', ...DEADLINE_OPTION_KEYS], raise);
  const store = o['store'] as DsarStore;
  for (const method of ['append', 'load', 'list', 'due', 'openHolds'] as const) {
    if (typeof (store as unknown as Record<string, unknown> | undefined)?.[method] !== 'function')
      throw raise('INVALID_OPTIONS', 'options.store', `"options.store" must be a DsarStore (it has no ${method})`);
  }
  const sources = o['sources'] === undefined ? [] : checkSources(o['sources'], 'options.sources');
  const onClose = o['onClose'];
  if (onClose !== undefined && typeof onClose !== 'function')
    throw raise('INVALID_OPTIONS', 'options.onClose', '"options.onClose" must be a function');
  const deadlineOptions: DeadlineOptions = {
    ...(o['regimes'] === undefined ? {} : { regimes: o['regimes'] as DeadlineOptions['regimes'] & object }),
    ...(o['calendars'] === undefined ? {} : { calendars: o['calendars'] as DeadlineOptions['calendars'] & object }),
    ...(o['calendar'] === undefined ? {} : { calendar: o['calendar'] as string }),
    ...(o['targets'] === undefined ? {} : { targets: o['targets'] as DeadlineOptions['targets'] & object }),
  };
  const context = deadlineContext(deadlineOptions);

  const project = (state: DsarState): StoredRequest =>
    deepFreeze({ state, nextDueAt: nextDueAt(state, context), hold: holdOf(state, context) ?? null });
  const closed = async (before: DsarState, after: DsarState) => {
    if (typeof onClose === 'function' && isOpen(before) && !isOpen(after)) {
      await (onClose as NonNullable<DsarServiceOptions['onClose']>)({
        requestId: after.id,
        event: `dsar:${after.id}:closed`,
        state: after,
      });
    }
  };
  const load = async (id: unknown): Promise<AuditEntry[]> => {
    const log = await store.load(text(id, 'requestId', raise));
    if (log.length === 0) throw new DsarError('NOT_FOUND', 'no request with that id', { path: 'requestId' });
    return log;
  };
  const append = async (log: AuditEntry[], state: DsarState, event: DsarEvent): Promise<DsarState> => {
    const recorded = recordedEvent(event, false);
    const next = transition(state, recorded as DsarEvent, deadlineOptions);
    await store.append(chainOnto(log[log.length - 1], state.id, recorded), project(next));
    await closed(state, next);
    return next;
  };
  const now = (value: unknown) => (value === undefined ? Date.now() : requireInstant(value, 'now', raise));

  return Object.freeze({
    async receive(event) {
      const state = openRequest(event, deadlineOptions);
      const recorded = recordedEvent(event, true) as ReceiveEvent;
      await store.append(chainOnto(undefined, state.id, recorded), project(state));
      return state;
    },
    async apply(requestId, event, expectedVersion) {
      const log = await load(requestId);
      const state = replayLog(log, deadlineOptions);
      if (expectedVersion !== undefined && state.version !== expectedVersion) {
        throw new DsarError('CONFLICT', `the request is at version ${state.version}, not the expected version`, {
          path: 'expectedVersion',
        });
      }
      return append(log, state, event);
    },
    async get(requestId) {
      return replayLog(await load(requestId), deadlineOptions);
    },
    async history(requestId) {
      return store.load(text(requestId, 'requestId', raise));
    },
    async verify(requestId) {
      return verifyLog(await load(requestId));
    },
    async holdsFor(subject) {
      const s = text(subject, 'subject', raise);
      return (await store.list({ subject: s, open: true })).flatMap((r) => (r.hold === null ? [] : [r.hold]));
    },
    async openHolds() {
      return store.openHolds();
    },
    async overdue(at) {
      const ms = now(at);
      const states = (await store.due(ms)).map((r) => r.state);
      return outstanding(states, context)
        .filter((a) => a.ms <= ms)
        .map((a) => a.alert);
    },
    async dueWithin(period, at) {
      const ms = now(at);
      const p = requireDuration(period, 'period', raise, ['weeks', 'days', 'hours', 'minutes', 'seconds']);
      const span = ((((p.weeks * 7 + p.days) * 24 + p.hours) * 60 + p.minutes) * 60 + p.seconds) * 1000;
      const states = (await store.list({ open: true })).map((r) => r.state);
      return outstanding(states, context)
        .filter((a) => a.ms > ms && a.ms <= ms + span)
        .map((a) => a.alert);
    },
    async fulfil(requestId, fulfilOptions) {
      const f = strictOptions(fulfilOptions, ['at', 'changes'], raise);
      const at = formatInstant(f['at'] === undefined ? Date.now() : requireInstant(f['at'], 'options.at', raise));
      const log = await load(requestId);
      const state = replayLog(log, deadlineOptions);
      // Check before any source is touched: an erasure must not run for a request that cannot
      // be fulfilled now.
      if (TRANSITIONS[state.status].fulfil === undefined || state.role !== 'controller') {
        throw new DsarTransitionError(
          state.role === 'controller' ? 'INVALID_TRANSITION' : 'ROLE_MISMATCH',
          `a request in status "${state.status}" cannot be fulfilled`,
          { status: state.status, event: 'fulfil' },
        );
      }
      let outcomes: readonly SourceOutcome[];
      let bundle: ExportBundle | undefined;
      if (EXPORT_RIGHTS.includes(state.right)) {
        bundle = await buildExportBundle(state, sources, { generatedAt: at });
        outcomes = bundle.outcomes;
      } else if (ERASURE_RIGHTS.includes(state.right)) {
        outcomes = await eraseSubject(state, sources);
      } else if (RECTIFY_RIGHTS.includes(state.right)) {
        if (f['changes'] === undefined)
          throw raise('INVALID_ARGUMENT', 'options.changes', '"options.changes" is required to fulfil a rectification');
        outcomes = await rectifySubject(state, sources, f['changes'] as Record<string, unknown>);
      } else {
        throw new DsarError(
          'INVALID_ARGUMENT',
          `the right "${state.right}" is not fulfilled through sources: record the outcome with apply`,
          { path: 'requestId' },
        );
      }
      const complete = outcomes.every((x) => x.status === 'done' || x.status === 'not-found');
      const event: DsarEvent = complete ? { type: 'fulfil', at, outcomes } : { type: 'fulfil-partially', at, outcomes };
      const next = await append(log, state, event);
      return { state: next, outcomes, ...(bundle ? { bundle } : {}) };
    },
  } satisfies DsarService);
}
