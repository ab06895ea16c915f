/**
 * @module
 * What the span processor's `requestHook` derived for a span (the visitor id and the country,
 * never the address), shared with the log record processor, which finds the span in a record's
 * context under the key `@opentelemetry/api` uses.
 */

/** The visitor id and country of one request. */
export interface Derived {
  readonly visitorId: string | undefined;
  readonly country: string | undefined;
}

/** What requestHook derived, by span; the full address is not kept, only what it gave. */
export const derivedBySpan = new WeakMap<object, Derived>();
/** The key `@opentelemetry/api` stores the active span under (`createContextKey` is `Symbol.for`). */
export const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
/** Resolves: the processors buffer and hold nothing. */
export const resolved = (): Promise<void> => Promise.resolve();
