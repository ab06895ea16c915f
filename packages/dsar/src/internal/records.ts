/**
 * @module
 * Strict readers for what a caller hands the state machine: the `receive` event and every later
 * event. Each returns a new, deeply frozen, plain-JSON copy in the recorded form (instants as RFC
 * 3339 UTC text with milliseconds), which is what the audit log hashes and what a replay folds:
 * a `Date`, a getter or an object that changes later can never make the log and the state
 * disagree. Unknown keys are `UNKNOWN_KEY` naming the path; impossible instants (`2025-02-30T…`)
 * are `INVALID_INSTANT`.
 */

import { array, integerInRange, nonEmptyString, oneOf, own, strictObject } from '@privkit/internal/check';
import type { RaiseError } from '@privkit/internal/errors';
import { canonicalInstant, formatInstant, requireDate, requireInstant } from '@privkit/internal/instant';
import {
  type DsarEvent,
  type DsarEventType,
  EVENT_TYPES,
  type IdentifierDigest,
  REFUSAL_CODES,
  type ReceiveEvent,
  type SourceOutcome,
} from '../model.js';
import type { Period } from '../regime.js';
import { periodParts } from '../regime-check.js';
import { deepFreeze } from './raise.js';
import { formatter } from './time.js';

/** @internal A non-empty string of at most `max` characters. */
export const text = (value: unknown, path: string, raise: RaiseError, max = 200): string =>
  nonEmptyString(value, path, raise, 'INVALID_ARGUMENT', max);

/**
 * @internal An instant in its recorded form. RFC 3339 holds years 0000–9999 only: an epoch
 * millisecond outside them (a `Date` can hold ±275,760 years) would be recorded as `+010000-…`,
 * text no RFC 3339 reader (this package's included) can read back, so the log and a replay would
 * disagree. It is refused instead.
 */
export function instantText(value: unknown, path: string, raise: RaiseError): string {
  const recorded = canonicalInstant(value);
  if (recorded !== undefined) return recorded;
  const ms = requireInstant(value, path, raise);
  if (ms < FIRST_MS || ms > LAST_MS)
    throw raise('INVALID_INSTANT', path, `"${path}" must be an instant in the years 0000 to 9999`);
  return formatInstant(ms);
}

// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z.
const FIRST_MS = -62_167_219_200_000;
const LAST_MS = 253_402_300_799_999;

/** @internal An IANA zone id that the runtime knows. */
export function zone(value: unknown, path: string): string {
  formatter(value, path);
  return value as string;
}

const DIGEST = /^[0-9a-f]{64}$/;

/** @internal Identifier digests. */
export function identifiers(value: unknown, path: string, raise: RaiseError): IdentifierDigest[] {
  return array(value, path, raise).map((item, i) => {
    const p = `${path}[${i}]`;
    const o = strictObject(item, ['type', 'digest'], p, raise);
    const digest = o['digest'];
    if (typeof digest !== 'string' || !DIGEST.test(digest))
      throw raise(
        'INVALID_ARGUMENT',
        `${p}.digest`,
        `"${p}.digest" must be 64 lower-case hex digits (use digestIdentifier)`,
      );
    return { type: text(o['type'], `${p}.type`, raise, 40), digest };
  });
}

/** @internal A period, copied. */
export function period(value: unknown, path: string): Period {
  periodParts(value, path);
  return typeof value === 'string' ? value : { workingDays: (value as { workingDays: number }).workingDays };
}

/** @internal A processor's contract terms. */
export function contract(value: unknown, path: string, raise: RaiseError): NonNullable<ReceiveEvent['contract']> {
  const o = strictObject(value, ['controller', 'forwardWithin', 'citation'], path, raise);
  return {
    controller: text(o['controller'], `${path}.controller`, raise),
    forwardWithin: period(o['forwardWithin'], `${path}.forwardWithin`),
    citation: text(o['citation'], `${path}.citation`, raise, 2000),
  };
}

const OUTCOME_STATUSES = ['done', 'not-found', 'retained', 'failed'] as const;

/** @internal Per-source outcomes (the citation rule for `retained` is the state machine's). */
export function outcomes(value: unknown, path: string, raise: RaiseError): SourceOutcome[] {
  return array(value, path, raise).map((item, i) => {
    const p = `${path}[${i}]`;
    const o = strictObject(item, ['source', 'status', 'records', 'reason', 'citation', 'retainUntil'], p, raise);
    const out: Record<string, unknown> = {
      source: text(o['source'], `${p}.source`, raise),
      status: oneOf(o['status'], OUTCOME_STATUSES, `${p}.status`, raise),
    };
    if (o['records'] !== undefined)
      out['records'] = integerInRange(
        o['records'],
        0,
        Number.MAX_SAFE_INTEGER,
        `${p}.records`,
        raise,
        'INVALID_ARGUMENT',
      );
    if (o['reason'] !== undefined) out['reason'] = text(o['reason'], `${p}.reason`, raise, 1000);
    // An empty or blank citation is kept as given: the state machine refuses it as MISSING_CITATION.
    if (o['citation'] !== undefined) {
      if (typeof o['citation'] !== 'string' || o['citation'].length > 2000)
        throw raise('INVALID_ARGUMENT', `${p}.citation`, `"${p}.citation" must be a string of at most 2000 characters`);
      out['citation'] = o['citation'];
    }
    if (o['retainUntil'] !== undefined) out['retainUntil'] = requireDate(o['retainUntil'], `${p}.retainUntil`, raise);
    return out as unknown as SourceOutcome;
  });
}

const BASE = ['type', 'at', 'actor', 'note'];
/** @internal The request's own fields: what a receive event gives and a request state keeps. */
export const REQUEST_KEYS = [
  'id',
  'regime',
  'right',
  'subject',
  'identifiers',
  'timeZone',
  'channel',
  'role',
  'contract',
  'linked',
  'calendar',
];
const RECEIVE_KEYS = [...BASE, ...REQUEST_KEYS];
const EXTRA_KEYS: Partial<Record<DsarEventType, readonly string[]>> = {
  extend: ['reason', 'until'],
  fulfil: ['outcomes'],
  'fulfil-partially': ['outcomes'],
  refuse: ['code', 'citation'],
};

// The keys of each later event type, built once (events are read in loops).
const LATER_KEYS: Partial<Record<DsarEventType, readonly string[]>> = Object.fromEntries(
  Object.entries(EXTRA_KEYS).map(([type, keys]) => [type, [...BASE, ...keys]]),
);

function base(o: Record<string, unknown>, path: string, raise: RaiseError): Record<string, unknown> {
  const out: Record<string, unknown> = { type: o['type'], at: instantText(o['at'], `${path}.at`, raise) };
  if (o['actor'] !== undefined) out['actor'] = text(o['actor'], `${path}.actor`, raise);
  if (o['note'] !== undefined) out['note'] = text(o['note'], `${path}.note`, raise, 1000);
  return out;
}

/** @internal A `receive` event in its recorded form (the regime and right are checked by `openRequest`). */
export function receiveEvent(value: unknown, path: string, raise: RaiseError): ReceiveEvent {
  const o = strictObject(value, RECEIVE_KEYS, path, raise);
  if (own(o, 'type') !== 'receive') throw raise('INVALID_ARGUMENT', `${path}.type`, `"${path}.type" must be "receive"`);
  const out = base(o, path, raise);
  out['id'] = text(o['id'], `${path}.id`, raise);
  out['regime'] = text(o['regime'], `${path}.regime`, raise, 63);
  out['right'] = text(o['right'], `${path}.right`, raise, 63);
  out['subject'] = text(o['subject'], `${path}.subject`, raise);
  if (o['identifiers'] !== undefined) out['identifiers'] = identifiers(o['identifiers'], `${path}.identifiers`, raise);
  out['timeZone'] = zone(o['timeZone'], `${path}.timeZone`);
  out['channel'] = text(o['channel'], `${path}.channel`, raise, 60);
  if (o['role'] !== undefined)
    out['role'] = oneOf(o['role'], ['controller', 'processor'] as const, `${path}.role`, raise);
  if (o['contract'] !== undefined) out['contract'] = contract(o['contract'], `${path}.contract`, raise);
  if (out['role'] === 'processor' && out['contract'] === undefined)
    throw raise('INVALID_ARGUMENT', `${path}.contract`, `"${path}.contract" is required for a processor`);
  if (out['role'] !== 'processor' && out['contract'] !== undefined)
    throw raise('INVALID_ARGUMENT', `${path}.contract`, `"${path}.contract" is only for role "processor"`);
  if (o['linked'] !== undefined)
    out['linked'] = array(o['linked'], `${path}.linked`, raise).map((id, i) => text(id, `${path}.linked[${i}]`, raise));
  if (o['calendar'] !== undefined) out['calendar'] = text(o['calendar'], `${path}.calendar`, raise, 63);
  return deepFreeze(out) as unknown as ReceiveEvent;
}

/** @internal Whether `type` is an event type after `receive`. */
export const isEventType = (type: unknown): type is DsarEventType =>
  typeof type === 'string' && (EVENT_TYPES as readonly string[]).includes(type);

/** @internal An event after `receive` in its recorded form; its type is already known to be valid. */
export function laterEvent(value: Record<string, unknown>, path: string, raise: RaiseError): DsarEvent {
  const type = value['type'] as DsarEventType;
  const o = strictObject(value, LATER_KEYS[type] ?? BASE, path, raise);
  const out = base(o, path, raise);
  switch (type) {
    case 'extend':
      out['reason'] = text(o['reason'], `${path}.reason`, raise);
      if (o['until'] !== undefined) out['until'] = requireDate(o['until'], `${path}.until`, raise);
      break;
    case 'fulfil':
    case 'fulfil-partially':
      if (o['outcomes'] !== undefined || type === 'fulfil-partially')
        out['outcomes'] = outcomes(o['outcomes'], `${path}.outcomes`, raise);
      break;
    case 'refuse':
      out['code'] = oneOf(o['code'], REFUSAL_CODES, `${path}.code`, raise);
      if (typeof o['citation'] !== 'string' || o['citation'].length > 2000)
        throw raise(
          'INVALID_ARGUMENT',
          `${path}.citation`,
          `"${path}.citation" must be a string of at most 2000 characters`,
        );
      out['citation'] = o['citation'];
      break;
    default:
      break;
  }
  // Every other field is text: only the outcomes (new objects of text and numbers) need a walk.
  if (out['outcomes'] !== undefined) deepFreeze(out['outcomes']);
  return Object.freeze(out) as unknown as DsarEvent;
}
