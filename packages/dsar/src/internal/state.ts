/**
 * @module
 * Request states a caller hands back: the ones `openRequest` and `transition` made are trusted
 * (they are deeply frozen, so they cannot have changed since); any other (a row read from a
 * store, JSON from a queue, a hand-built object) is checked strictly and against the state
 * machine's invariants before a deadline is computed from it or an event applied to it. A
 * hand-built pause that ends before it starts, a second open pause, or an instant such as
 * `2025-02-30T10:00:00Z` never reaches the deadline arithmetic.
 */

import { integerInRange, oneOf, strictObject } from '@privkit/internal/check';
import { parseInstant, requireDate } from '@privkit/internal/instant';
import { DsarError } from '../errors.js';
import { CLOSED_STATUSES, type DsarState, REFUSAL_CODES, STATUSES } from '../model.js';
import { deepFreeze, raise } from './raise.js';
import { contract, identifiers, instantText, outcomes, REQUEST_KEYS, text, zone } from './records.js';

/**
 * The mark of a state the package made: a private field stamped on the object by a base
 * constructor that returns it (a class field is defined on whatever the base constructor returns).
 * Nothing outside this module can read, copy or forge it (it is no key: `Object.keys`, JSON,
 * spreads and `structuredClone` never see it), so `#made in value` is as sure as the `WeakSet` it
 * replaces; but stamping is a map transition V8 caches, where a `WeakSet` entry per state (most die
 * young) cost a tenth of `transition()`'s time in weak-table work. Stamped before the freeze.
 */
class Stamp {
  constructor(state: object) {
    // biome-ignore lint/correctness/noConstructorReturn: returning the object is how the field is stamped on it
    return state;
  }
}
class Made extends Stamp {
  #made = true;
  /**
   * `value`, marked. The caller must use what this returns: a bundler sees `new Made(value)` as
   * a constructor call without side effects and drops it when its result is unused (Rollup did,
   * and the built package then checked every state again: a third of the source's speed).
   */
  static mark<T extends object>(value: T): T {
    return new Made(value) as unknown as T;
  }
  static has(value: object): boolean {
    return #made in value;
  }
}

/** @internal Freezes a state the package made (walking it) and marks it as checked. */
export function trust(state: DsarState): DsarState {
  return deepFreeze(Made.mark(state));
}

/** What a transition changes in a state besides its status, version, last event and clock. */
export type StateChanges = { -readonly [K in 'outcomes' | 'refusal' | 'forwarding' | 'closedAt']?: DsarState[K] };

/**
 * @internal The state after `s`, marked as checked and frozen: `s`'s fields in the order every
 * state keeps them (`STATE_KEYS`), with the status, version, last event, clock and `changes` put
 * in. Every value in it must already be deeply frozen (`s`'s are; the caller freezes what it made),
 * so only the new object is frozen, not walked. Written field by field: a spread of a frozen state
 * takes V8's slow path (the copy cannot keep the frozen object's map), eight times a plain copy.
 */
export function nextState(
  s: DsarState,
  status: DsarState['status'],
  updatedAt: string,
  clock: DsarState['clock'],
  changes: StateChanges,
): DsarState {
  const o: { -readonly [K in keyof DsarState]?: DsarState[K] } = {
    id: s.id,
    regime: s.regime,
    right: s.right,
    subject: s.subject,
    identifiers: s.identifiers,
    timeZone: s.timeZone,
    channel: s.channel,
    role: s.role,
  };
  if (s.contract !== undefined) o.contract = s.contract;
  o.linked = s.linked;
  if (s.calendar !== undefined) o.calendar = s.calendar;
  o.receivedAt = s.receivedAt;
  o.status = status;
  o.version = s.version + 1;
  o.updatedAt = updatedAt;
  o.clock = clock;
  const outcomes = changes.outcomes ?? s.outcomes;
  if (outcomes !== undefined) o.outcomes = outcomes;
  const refusal = changes.refusal ?? s.refusal;
  if (refusal !== undefined) o.refusal = refusal;
  const forwarding = changes.forwarding ?? s.forwarding;
  if (forwarding !== undefined) o.forwarding = forwarding;
  const closedAt = changes.closedAt ?? s.closedAt;
  if (closedAt !== undefined) o.closedAt = closedAt;
  return Object.freeze(Made.mark(o)) as DsarState;
}

/** @internal The keys of a request state. */
export const STATE_KEYS = [
  ...REQUEST_KEYS,
  'receivedAt',
  'status',
  'version',
  'updatedAt',
  'clock',
  'outcomes',
  'refusal',
  'forwarding',
  'closedAt',
];

const ms = (value: string) => parseInstant(value) as number;

function broken(path: string, what: string): never {
  throw new DsarError('INVALID_ARGUMENT', `"${path}" ${what}`, { path });
}

/**
 * @internal A state fit for the state machine and the deadline engine: the same object when the
 * package made it, otherwise a checked, frozen copy.
 */
export function checkState(value: unknown, path = 'request'): DsarState {
  if (typeof value === 'object' && value !== null && Made.has(value)) return value as DsarState;
  const o = strictObject(value, STATE_KEYS, path, raise);
  const s: Record<string, unknown> = {
    id: text(o['id'], `${path}.id`, raise),
    regime: text(o['regime'], `${path}.regime`, raise, 63),
    right: text(o['right'], `${path}.right`, raise, 63),
    subject: text(o['subject'], `${path}.subject`, raise),
    identifiers: identifiers(o['identifiers'], `${path}.identifiers`, raise),
    timeZone: zone(o['timeZone'], `${path}.timeZone`),
    channel: text(o['channel'], `${path}.channel`, raise, 60),
    role: oneOf(o['role'], ['controller', 'processor'] as const, `${path}.role`, raise),
  };
  if (o['contract'] !== undefined) s['contract'] = contract(o['contract'], `${path}.contract`, raise);
  if ((s['role'] === 'processor') !== (s['contract'] !== undefined))
    broken(`${path}.contract`, 'is required for a processor and only for a processor');
  if (!Array.isArray(o['linked'])) broken(`${path}.linked`, 'must be an array');
  s['linked'] = (o['linked'] as unknown[]).map((id, i) => text(id, `${path}.linked[${i}]`, raise));
  if (o['calendar'] !== undefined) s['calendar'] = text(o['calendar'], `${path}.calendar`, raise, 63);
  const receivedAt = instantText(o['receivedAt'], `${path}.receivedAt`, raise);
  const updatedAt = instantText(o['updatedAt'], `${path}.updatedAt`, raise);
  if (ms(updatedAt) < ms(receivedAt)) broken(`${path}.updatedAt`, 'is before "receivedAt"');
  s['receivedAt'] = receivedAt;
  const status = oneOf(o['status'], STATUSES, `${path}.status`, raise);
  s['status'] = status;
  s['version'] = integerInRange(o['version'], 1, 2 ** 31 - 1, `${path}.version`, raise, 'INVALID_ARGUMENT');
  s['updatedAt'] = updatedAt;
  s['clock'] = clock(o['clock'], `${path}.clock`, ms(receivedAt), ms(updatedAt), status);
  if (o['outcomes'] !== undefined) s['outcomes'] = outcomes(o['outcomes'], `${path}.outcomes`, raise);
  if (o['refusal'] !== undefined) {
    const r = strictObject(o['refusal'], ['code', 'citation'], `${path}.refusal`, raise);
    s['refusal'] = {
      code: oneOf(r['code'], REFUSAL_CODES, `${path}.refusal.code`, raise),
      citation: text(r['citation'], `${path}.refusal.citation`, raise, 2000),
    };
  }
  if (o['forwarding'] !== undefined) {
    const p = `${path}.forwarding`;
    const f = strictObject(o['forwarding'], ['at', 'acknowledgedAt'], p, raise);
    s['forwarding'] = {
      at: instantText(f['at'], `${p}.at`, raise),
      ...(f['acknowledgedAt'] === undefined
        ? {}
        : { acknowledgedAt: instantText(f['acknowledgedAt'], `${p}.acknowledgedAt`, raise) }),
    };
  }
  const closed = CLOSED_STATUSES.includes(status);
  if (closed !== (o['closedAt'] !== undefined))
    broken(`${path}.closedAt`, 'must be set exactly when the status is closed');
  if (o['closedAt'] !== undefined) s['closedAt'] = instantText(o['closedAt'], `${path}.closedAt`, raise);
  return trust(s as unknown as DsarState);
}

function clock(value: unknown, path: string, received: number, updated: number, status: string): DsarState['clock'] {
  const o = strictObject(value, ['pauses', 'extensions', 'acknowledgedAt'], path, raise);
  if (!Array.isArray(o['pauses'])) broken(`${path}.pauses`, 'must be an array');
  if (!Array.isArray(o['extensions'])) broken(`${path}.extensions`, 'must be an array');
  let previous = received;
  const open: string[] = [];
  const pauses = (o['pauses'] as unknown[]).map((item, i) => {
    const p = `${path}.pauses[${i}]`;
    const pause = strictObject(item, ['reason', 'from', 'to'], p, raise);
    const reason = oneOf(pause['reason'], ['identity', 'clarification'] as const, `${p}.reason`, raise);
    const from = instantText(pause['from'], `${p}.from`, raise);
    // Pauses follow one another: asked after receipt and after the previous pause began, and
    // answered no earlier than asked and no later than the last event.
    if (ms(from) < previous || ms(from) > updated)
      broken(`${p}.from`, 'is outside the request or before the previous pause');
    previous = ms(from);
    if (pause['to'] === undefined) {
      open.push(reason);
      return { reason, from };
    }
    const to = instantText(pause['to'], `${p}.to`, raise);
    if (ms(to) < ms(from)) broken(`${p}.to`, 'is before the pause began');
    if (ms(to) > updated) broken(`${p}.to`, "is after the request's last event");
    return { reason, from, to };
  });
  // The state machine keeps exactly one pause open while it waits: identity information in
  // "awaiting-information", a clarification in "paused", none otherwise.
  const expected = status === 'awaiting-information' ? ['identity'] : status === 'paused' ? ['clarification'] : [];
  if (open.join() !== expected.join()) broken(`${path}.pauses`, `do not match the status "${status}"`);
  const extensions = (o['extensions'] as unknown[]).map((item, i) => {
    const p = `${path}.extensions[${i}]`;
    const e = strictObject(item, ['at', 'reason', 'until'], p, raise);
    const at = instantText(e['at'], `${p}.at`, raise);
    if (ms(at) < received || ms(at) > updated) broken(`${p}.at`, 'is outside the request');
    return {
      at,
      reason: text(e['reason'], `${p}.reason`, raise),
      ...(e['until'] === undefined ? {} : { until: requireDate(e['until'], `${p}.until`, raise) }),
    };
  });
  return {
    pauses,
    extensions,
    ...(o['acknowledgedAt'] === undefined
      ? {}
      : { acknowledgedAt: instantText(o['acknowledgedAt'], `${path}.acknowledgedAt`, raise) }),
  };
}

/** @internal Whether the package made this state (so it is frozen and checked). */
export const isTrusted = (value: unknown): boolean => typeof value === 'object' && value !== null && Made.has(value);
