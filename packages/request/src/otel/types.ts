/**
 * @module
 * The shapes of the OpenTelemetry processors of `@privkit/request/otel`: their options, the
 * sources of the visitor id and the country, the parts of SDK spans and log records they
 * rewrite, and the attribute names they add. Structural, so nothing is imported from the SDKs.
 */

import type {
  ClientIpCdn,
  ClientIpOptions,
  IpAddress,
  TruncationPolicy,
  TruncationPreset,
  TrustProxy,
} from '@privkit/ip';

/**
 * The attribute a span or log record gets the daily visitor id in.
 *
 * @example
 * ```ts
 * import { VISITOR_ID_ATTRIBUTE } from '@privkit/request/otel';
 * // Count distinct visitors in your backend by this attribute:
 * console.log(VISITOR_ID_ATTRIBUTE); // "privkit.visitor.id"
 * ```
 */
export const VISITOR_ID_ATTRIBUTE = 'privkit.visitor.id';
/**
 * The attribute a span or log record gets the country in (ISO 3166-1 alpha-2, semantic
 * conventions' `geo.*`).
 *
 * @example
 * ```ts
 * import { COUNTRY_ATTRIBUTE } from '@privkit/request/otel';
 * console.log(COUNTRY_ATTRIBUTE); // "geo.country.iso_code"
 * ```
 */
export const COUNTRY_ATTRIBUTE = 'geo.country.iso_code';

/**
 * A visitor hasher that answers synchronously, as processors must: `createVisitorHasher` of
 * `@privkit/visitor-hash` returns one. Its `idSync` needs the day's salt loaded: call
 * `prepare()` at start-up; the processor calls it again when a day's salt is missing.
 *
 * @example
 * ```ts
 * import type { SyncVisitorIdSource } from '@privkit/request/otel';
 * import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
 * const hasher: SyncVisitorIdSource = createVisitorHasher({ store: createMemorySaltStore() });
 * await hasher.prepare?.();
 * ```
 */
export interface SyncVisitorIdSource {
  /**
   * The visitor's daily id.
   * @param input - the tenant, the full client address and the user agent.
   */
  idSync(input: { tenant: string; ip: IpAddress | string; userAgent: string }): string;
  /** Loads the salt of the current day, so that `idSync` can answer. */
  prepare?(): Promise<void>;
}

/**
 * What {@link CountrySource} returns: a `GeoBucket` of `@privkit/geo` is one.
 *
 * @example
 * ```ts
 * import type { CountryBucket } from '@privkit/request/otel';
 * const bucket: CountryBucket = { country: 'FR' };
 * ```
 */
export interface CountryBucket {
  /** ISO 3166-1 alpha-2 code; `null` or absent when unknown. */
  readonly country?: string | null | undefined;
}

/**
 * A locator whose location has a country: `createDefaultLocatorSync()` of `@privkit/geo/default`.
 *
 * @example
 * ```ts
 * import type { CountrySource } from '@privkit/request/otel';
 * import { createDefaultLocatorSync } from '@privkit/geo/default';
 * const locator: CountrySource = createDefaultLocatorSync();
 * ```
 */
export interface CountrySource {
  /**
   * The coarse location of the full address.
   * @param ip - the address.
   */
  locate(ip: IpAddress | string): CountryBucket;
}

/**
 * Options of both processors: what becomes of addresses and user agents.
 *
 * @example
 * ```ts
 * import type { TelemetryPrivacyOptions } from '@privkit/request/otel';
 * const options: TelemetryPrivacyOptions = { addresses: 'truncate', truncate: 'cnil', userAgent: 'drop' };
 * ```
 */
export interface TelemetryPrivacyOptions {
  /** `truncate` (default): keep the prefix `truncateIp` gives; `drop`: delete the attribute. */
  addresses?: 'truncate' | 'drop' | undefined;
  /** The truncation, as `truncateIp` takes it; default `"cnil"` (/16 and /48), as `createRequestPrivacy`. */
  truncate?: TruncationPolicy | TruncationPreset | undefined;
  /**
   * `drop` (default): delete the user agent; or a function that returns the text to keep in its
   * place (a browser family, say) or `undefined` to delete it. A function that throws deletes it.
   */
  userAgent?: 'drop' | ((userAgent: string) => string | undefined) | undefined;
}

/**
 * Options of {@link createPrivacySpanProcessor}: those of both processors, and the reader's own
 * (`trustProxy`, `header`, `hasher`, `tenant`, `locator`) for the visitor id and country.
 *
 * @example
 * ```ts
 * import type { PrivacySpanProcessorOptions } from '@privkit/request/otel';
 * const options: PrivacySpanProcessorOptions = { trustProxy: ['loopback'], addresses: 'drop' };
 * ```
 */
export interface PrivacySpanProcessorOptions extends TelemetryPrivacyOptions {
  /** Which proxies to trust, as `clientIp` takes it; default `false` (the socket peer is the client). */
  trustProxy?: TrustProxy | undefined;
  /** The header your proxy writes, as `clientIp` takes it: `x-forwarded-for` (default) or `forwarded`. */
  header?: ClientIpOptions['header'];
  /**
   * A CDN or platform that writes the client's address in a header of its own, as `clientIp`
   * takes it: spread a preset of `@privkit/ip/cdn` (`...cloudflare()`), as `createRequestPrivacy`
   * takes it.
   */
  cdn?: ClientIpCdn | undefined;
  /** A synchronous visitor hasher; server spans then get {@link VISITOR_ID_ATTRIBUTE}. */
  hasher?: SyncVisitorIdSource | undefined;
  /** The tenant the ids belong to; required with `hasher`, refused without. */
  tenant?: string | undefined;
  /** A locator; server spans then get {@link COUNTRY_ATTRIBUTE}. */
  locator?: CountrySource | undefined;
}

/**
 * The parts of a trace SDK span that the span processor reads and rewrites.
 *
 * @example
 * ```ts
 * import type { WritableSpan } from '@privkit/request/otel';
 * const span: WritableSpan = { attributes: { 'client.address': '203.0.113.9' }, kind: 1, events: [] };
 * ```
 */
export interface WritableSpan {
  /** The span's attributes, changed in place. */
  readonly attributes: Record<string, unknown>;
  /** The span's kind (`SpanKind.SERVER` is 1): only server spans get a visitor id and country. */
  readonly kind?: number;
  /** The span's events, whose attributes are changed in place too. */
  readonly events?: readonly {
    /** The event's attributes. */
    readonly attributes?: Record<string, unknown> | undefined;
  }[];
  /** The span's links, whose attributes are changed in place too. */
  readonly links?: readonly {
    /** The link's attributes. */
    readonly attributes?: Record<string, unknown> | undefined;
  }[];
}

/**
 * The part of a logs SDK record that the log record processor rewrites.
 *
 * @example
 * ```ts
 * import type { WritableLogRecord } from '@privkit/request/otel';
 * const record: WritableLogRecord = { attributes: { 'user_agent.original': 'Mozilla/5.0' } };
 * ```
 */
export interface WritableLogRecord {
  /** The record's attributes, changed in place. */
  readonly attributes: Record<string, unknown>;
  /** The record's body, replaced by a cleaned copy. */
  body?: unknown;
}

/**
 * A span processor of the trace SDK's shape, with the `requestHook` that instrumentation-http
 * calls on each request.
 *
 * @example
 * ```ts
 * import { createPrivacySpanProcessor, type PrivacySpanProcessor } from '@privkit/request/otel';
 * const processor: PrivacySpanProcessor = createPrivacySpanProcessor();
 * ```
 */
export interface PrivacySpanProcessor {
  /** Does nothing: attributes are rewritten when the span ends. */
  onStart(span: object, parentContext: unknown): void;
  /** Rewrites the attributes of the span, its events and its links, and adds the visitor id and country. */
  onEnding(span: WritableSpan): void;
  /**
   * Does nothing on the SDK 2.x, where `onEnding` has run on every processor before this; on an
   * SDK without `onEnding`, rewrites the ended span here (list the processor first then).
   */
  onEnd(span: object): void;
  /** Resolves: nothing is buffered. */
  forceFlush(): Promise<void>;
  /** Resolves: nothing is held. */
  shutdown(): Promise<void>;
  /**
   * For `HttpInstrumentation`'s `requestHook`: reads the client address of an incoming request
   * with `clientIp` under `trustProxy` (the forwarding header instrumentation-http puts in
   * `client.address` is its left-most entry, which the client writes) and keeps only the
   * visitor id and country it gives, for the span's end.
   */
  requestHook(span: object, request: object): void;
}

/**
 * A log record processor of the logs SDK's shape.
 *
 * @example
 * ```ts
 * import { createPrivacyLogRecordProcessor, type PrivacyLogRecordProcessor } from '@privkit/request/otel';
 * const processor: PrivacyLogRecordProcessor = createPrivacyLogRecordProcessor();
 * ```
 */
export interface PrivacyLogRecordProcessor {
  /**
   * Rewrites the record's attributes; a record emitted inside a server span that a
   * {@link PrivacySpanProcessor}'s `requestHook` saw gets that request's visitor id and country.
   */
  onEmit(logRecord: WritableLogRecord, context?: unknown): void;
  /** Resolves: nothing is buffered. */
  forceFlush(): Promise<void>;
  /** Resolves: nothing is held. */
  shutdown(): Promise<void>;
}
