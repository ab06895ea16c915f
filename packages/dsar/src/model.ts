/**
 * @module
 * The request model: what a data-subject request is (the right exercised, the regime, the
 * subject's identifiers as digests, our role, the channel, linked requests), its statuses, and
 * the events that move it. Everything is plain JSON so it can be logged, hashed and replayed.
 * Events take an instant as a `Date`, epoch milliseconds or RFC 3339 text; a state and a recorded
 * event always hold RFC 3339 UTC text with milliseconds, the form that is hashed.
 */

import type { InstantInput } from '@privkit/internal/instant';
import type { Period } from './regime.js';

/**
 * The statuses of a request. Open: `received`, `verifying`, `awaiting-information`,
 * `in-progress`, `paused`, `forwarded`. Closed: `fulfilled`, `partially-fulfilled`, `refused`,
 * `withdrawn`, `handed-over`.
 *
 * @example
 * ```ts
 * import { STATUSES } from '@privkit/dsar';
 *
 * STATUSES.length; // 11
 * ```
 */
export const STATUSES = [
  'received',
  'verifying',
  'awaiting-information',
  'in-progress',
  'paused',
  'forwarded',
  'fulfilled',
  'partially-fulfilled',
  'refused',
  'withdrawn',
  'handed-over',
] as const;

/** A request status; see {@link STATUSES}. */
export type Status = (typeof STATUSES)[number];

/** @internal The closed statuses: no event moves a request out of them. */
export const CLOSED_STATUSES: readonly Status[] = [
  'fulfilled',
  'partially-fulfilled',
  'refused',
  'withdrawn',
  'handed-over',
];

/**
 * Why a request is refused. Each refusal also carries the citation it relies on.
 * - `manifestly-unfounded`, `excessive`: GDPR Art 12(5)(b) (the controller bears the burden).
 * - `cannot-verify`: identity could not be verified (GDPR Arts 11(2), 12(2) and 12(6); 11 CCR § 7022).
 * - `exemption`: a statutory exemption (GDPR Art 23 national law, DPA 2018 Sch 2, Cal. Civ. Code § 1798.145).
 * - `not-applicable`: the right does not apply to this processing (e.g. erasure under Art 17(3)).
 * - `no-data`: no personal data of the subject is held.
 */
export type RefusalCode =
  | 'manifestly-unfounded'
  | 'excessive'
  | 'cannot-verify'
  | 'exemption'
  | 'not-applicable'
  | 'no-data';

/** @internal Every refusal code. */
export const REFUSAL_CODES: readonly RefusalCode[] = [
  'manifestly-unfounded',
  'excessive',
  'cannot-verify',
  'exemption',
  'not-applicable',
  'no-data',
];

/**
 * The outcome of fulfilling a request at one data source.
 *
 * @example
 * ```ts
 * import type { SourceOutcome } from '@privkit/dsar';
 *
 * const kept: SourceOutcome = {
 *   source: 'invoices',
 *   status: 'retained',
 *   reason: 'tax records',
 *   citation: 'HGB § 257(4); AO § 147(3): 10 years',
 * };
 * ```
 */
export interface SourceOutcome {
  /** The data source's name. */
  readonly source: string;
  /**
   * What happened: `done` (exported, erased, rectified), `not-found` (no data there),
   * `retained` (kept under a legal obligation, with the rule cited), `failed`.
   */
  readonly status: 'done' | 'not-found' | 'retained' | 'failed';
  /** Records affected, where known. */
  readonly records?: number;
  /** For `retained` and `failed`: why, in words (no personal data). */
  readonly reason?: string;
  /** For `retained`: the rule that obliges the retention (required). */
  readonly citation?: string;
  /** For `retained`: the calendar date `YYYY-MM-DD` the data will be erased, where known. */
  readonly retainUntil?: string;
}

/**
 * A verified identifier as a digest: enough to match the subject's records, never the value.
 * Build one with `digestIdentifier` from `@privkit/dsar/fulfilment`.
 *
 * @example
 * ```ts
 * import type { IdentifierDigest } from '@privkit/dsar';
 *
 * const email: IdentifierDigest = { type: 'email', digest: 'ab'.repeat(32) };
 * ```
 */
export interface IdentifierDigest {
  /** The kind: `email`, `phone`, `customer-id`, … */
  readonly type: string;
  /** Hex HMAC-SHA-256 of the normalized value under your key (64 lower-case hex digits). */
  readonly digest: string;
}

/**
 * The fields common to every event.
 *
 * @example
 * ```ts
 * import type { EventBase } from '@privkit/dsar';
 *
 * const base: EventBase = { at: '2025-02-01T10:00:00Z', actor: 'staff-7' };
 * ```
 */
export interface EventBase {
  /** When it happened: a `Date`, epoch milliseconds, or RFC 3339 text with an offset. */
  readonly at: InstantInput;
  /** Who recorded it (a staff id or system name), for the audit trail. */
  readonly actor?: string;
  /** A free note for the audit trail: keep personal data out of it. */
  readonly note?: string;
}

/**
 * The event that creates a request. Pass it to `openRequest` or the service's `receive`.
 *
 * @example
 * ```ts
 * import type { ReceiveEvent } from '@privkit/dsar';
 *
 * const received: ReceiveEvent = {
 *   type: 'receive',
 *   at: '2025-01-31T09:30:00Z',
 *   id: 'REQ-42',
 *   regime: 'gdpr',
 *   right: 'access',
 *   subject: 'cust_8812',
 *   timeZone: 'Europe/Paris',
 *   channel: 'web-form',
 * };
 * ```
 */
export interface ReceiveEvent extends EventBase {
  /** Always `receive`. */
  readonly type: 'receive';
  /** The request id: yours, unique, at most 200 characters. */
  readonly id: string;
  /** The regime id (`gdpr`, `ccpa`, …). */
  readonly regime: string;
  /** The right exercised, one of the regime's rights. */
  readonly right: string;
  /** Your internal, pseudonymous key for the data subject (used for holds and linking). */
  readonly subject: string;
  /** The subject's identifiers as digests, for matching records. */
  readonly identifiers?: readonly IdentifierDigest[];
  /** The controller's IANA time zone: deadlines end at the end of its local day. */
  readonly timeZone: string;
  /** How the request arrived: `email`, `web-form`, `post`, `phone`, `in-person`, … */
  readonly channel: string;
  /** `controller` (default) or `processor` (we forward to the controller under the DPA). */
  readonly role?: 'controller' | 'processor';
  /** For a processor: the controller and the DPA's deadline to forward the request. */
  readonly contract?: {
    /** The controller's name or id. */
    readonly controller: string;
    /** The contractual period to forward the request (`P2D`, or `{ workingDays: 2 }`). */
    readonly forwardWithin: Period;
    /** The clause, e.g. `DPA § 7.2; GDPR Art 28(3)(e)`. */
    readonly citation: string;
  };
  /** Other requests from the same subject. */
  readonly linked?: readonly string[];
  /** A holiday calendar id overriding the regime's. */
  readonly calendar?: string;
}

/**
 * Every event after `receive`, discriminated by `type`.
 *
 * @example
 * ```ts
 * import type { DsarEvent } from '@privkit/dsar';
 *
 * const events: DsarEvent[] = [
 *   { type: 'start-verification', at: '2025-01-31T10:00:00Z' },
 *   { type: 'identity-verified', at: '2025-02-01T10:00:00Z' },
 *   { type: 'extend', at: '2025-02-10T10:00:00Z', reason: 'complexity' },
 * ];
 * ```
 */
export type DsarEvent =
  | (EventBase & {
      /** Identity verification started. */
      readonly type: 'start-verification';
    })
  | (EventBase & {
      /** The subject's identity is verified: work starts. */
      readonly type: 'identity-verified';
    })
  | (EventBase & {
      /** The identity could not be verified: refused with `cannot-verify`. */
      readonly type: 'identity-failed';
    })
  | (EventBase & {
      /** Identity information asked of the subject (GDPR Art 12(6)). */
      readonly type: 'request-information';
    })
  | (EventBase & {
      /** The identity information arrived. */
      readonly type: 'information-received';
    })
  | (EventBase & {
      /** A clarification of the request asked of the subject. */
      readonly type: 'request-clarification';
    })
  | (EventBase & {
      /** The clarification arrived. */
      readonly type: 'clarification-received';
    })
  | (EventBase & {
      /** The period is extended; the subject is told with the reason. */
      readonly type: 'extend';
      /** Why (told to the subject): `complexity`, `number of requests`, … */
      readonly reason: string;
      /**
       * The new last day, `YYYY-MM-DD`: required where the regime leaves the length to the
       * controller (Swiss DPO Art 18); allowed where the law extends "up to" a maximum (GDPR,
       * CCPA), to announce a shorter extension.
       */
      readonly until?: string;
    })
  | (EventBase & {
      /** Receipt acknowledged to the subject. */
      readonly type: 'acknowledge';
    })
  | (EventBase & {
      /** Fulfilled in full. */
      readonly type: 'fulfil';
      /** Per-source outcomes, all `done` or `not-found`. */
      readonly outcomes?: readonly SourceOutcome[];
    })
  | (EventBase & {
      /** Fulfilled in part. */
      readonly type: 'fulfil-partially';
      /** Per-source outcomes, at least one `retained` or `failed`. */
      readonly outcomes: readonly SourceOutcome[];
    })
  | (EventBase & {
      /** Refused. */
      readonly type: 'refuse';
      /** Why. */
      readonly code: RefusalCode;
      /** The provision relied on, e.g. `GDPR Art 12(5)(b)`. */
      readonly citation: string;
    })
  | (EventBase & {
      /** Withdrawn by the subject. */
      readonly type: 'withdraw';
    })
  | (EventBase & {
      /** A processor forwarded the request to its controller. */
      readonly type: 'forward';
    })
  | (EventBase & {
      /** The controller acknowledged the forwarded request. */
      readonly type: 'controller-acknowledged';
    });

/** An event type after `receive`. */
export type DsarEventType = DsarEvent['type'];

/**
 * Every event type after `receive`, in table order.
 *
 * @example
 * ```ts
 * import { EVENT_TYPES } from '@privkit/dsar';
 *
 * EVENT_TYPES.includes('extend'); // true
 * ```
 */
export const EVENT_TYPES: readonly DsarEventType[] = [
  'start-verification',
  'identity-verified',
  'identity-failed',
  'request-information',
  'information-received',
  'request-clarification',
  'clarification-received',
  'extend',
  'acknowledge',
  'fulfil',
  'fulfil-partially',
  'refuse',
  'withdraw',
  'forward',
  'controller-acknowledged',
];

/**
 * A clock stop: asking the subject for identity information or a clarification.
 *
 * @example
 * ```ts
 * import type { ClockPause } from '@privkit/dsar';
 *
 * const stop: ClockPause = {
 *   reason: 'clarification',
 *   from: '2026-03-05T10:00:00.000Z',
 *   to: '2026-03-11T09:00:00.000Z',
 * };
 * ```
 */
export interface ClockPause {
  /** Identity information (Art 12(6)) or a clarification of the request. */
  readonly reason: 'identity' | 'clarification';
  /** When the subject was asked (RFC 3339 UTC). */
  readonly from: string;
  /** When the answer arrived (RFC 3339 UTC, never before `from`); absent while waiting. */
  readonly to?: string;
}

/**
 * A request's state: the fold of its events. Plain JSON, deeply frozen. Instants are RFC 3339
 * UTC text with milliseconds.
 *
 * @example
 * ```ts
 * import { openRequest } from '@privkit/dsar';
 *
 * const state = openRequest({
 *   type: 'receive', at: '2025-01-31T09:30:00Z', id: 'REQ-42', regime: 'gdpr', right: 'access',
 *   subject: 'cust_8812', timeZone: 'Europe/Paris', channel: 'email',
 * });
 * [state.status, state.receivedAt]; // ["received", "2025-01-31T09:30:00.000Z"]
 * ```
 */
export interface DsarState {
  /** The request id. */
  readonly id: string;
  /** The regime id. */
  readonly regime: string;
  /** The right exercised. */
  readonly right: string;
  /** The pseudonymous subject key. */
  readonly subject: string;
  /** Identifier digests. */
  readonly identifiers: readonly IdentifierDigest[];
  /** The controller's time zone. */
  readonly timeZone: string;
  /** The channel. */
  readonly channel: string;
  /** Our role. */
  readonly role: 'controller' | 'processor';
  /** For a processor: the DPA terms. */
  readonly contract?: ReceiveEvent['contract'];
  /** Linked requests. */
  readonly linked: readonly string[];
  /** A holiday calendar id overriding the regime's. */
  readonly calendar?: string;
  /** When it was received. */
  readonly receivedAt: string;
  /** The current status. */
  readonly status: Status;
  /** How many events have been applied, `receive` included (the audit log length). */
  readonly version: number;
  /** The time of the last event. */
  readonly updatedAt: string;
  /** Clock facts the deadlines are computed from. */
  readonly clock: {
    /** Clock stops, oldest first. */
    readonly pauses: readonly ClockPause[];
    /** Extensions granted, oldest first. */
    readonly extensions: readonly {
      /** When the subject was told. */
      readonly at: string;
      /** The reason given. */
      readonly reason: string;
      /** The new last day, where the regime lets the controller name it (Swiss DPO Art 18). */
      readonly until?: string;
    }[];
    /** When receipt was acknowledged to the subject. */
    readonly acknowledgedAt?: string;
  };
  /** Per-source outcomes of fulfilment. */
  readonly outcomes?: readonly SourceOutcome[];
  /** The refusal: its reason code and the provision relied on. */
  readonly refusal?: {
    /** Why. */
    readonly code: RefusalCode;
    /** The provision relied on. */
    readonly citation: string;
  };
  /** For a processor: when the request was forwarded, and when the controller acknowledged it. */
  readonly forwarding?: {
    /** When it was forwarded. */
    readonly at: string;
    /** When the controller acknowledged it. */
    readonly acknowledgedAt?: string;
  };
  /** When the request was closed. */
  readonly closedAt?: string;
}
