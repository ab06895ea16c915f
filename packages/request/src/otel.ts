/**
 * @module
 * `@privkit/request/otel`: OpenTelemetry JS processors that keep full client addresses and user
 * agents out of exported spans and log records. Address attributes of the semantic conventions
 * (`client.address`, `source.address`, `network.peer.address`, and the older `http.client_ip`,
 * `net.peer.ip`, `net.sock.peer.addr`) are truncated with `@privkit/ip` (the same `"cnil"`
 * default as `createRequestPrivacy`) or deleted; `user_agent.original` and `http.user_agent` are
 * deleted or replaced; captured forwarding and user-agent headers are deleted. A value that
 * cannot be truncated is deleted: the processors fail closed and never throw into the SDK.
 *
 * Spans are rewritten in `onEnding`, which the trace SDK (2.x) calls on every processor while
 * the span can still be changed and before any processor's `onEnd` hands it to an exporter, so
 * the order of the processors does not matter. Log records are rewritten in `onEmit`, which the
 * logs SDK calls on each processor in the order given: list this one first.
 *
 * Imports nothing from OpenTelemetry: the processors are plain objects of the SDKs' shape.
 */

export { createPrivacyLogRecordProcessor } from './otel/logs.js';
export { createPrivacySpanProcessor } from './otel/spans.js';
export {
  COUNTRY_ATTRIBUTE,
  type CountryBucket,
  type CountrySource,
  type PrivacyLogRecordProcessor,
  type PrivacySpanProcessor,
  type PrivacySpanProcessorOptions,
  type SyncVisitorIdSource,
  type TelemetryPrivacyOptions,
  VISITOR_ID_ATTRIBUTE,
  type WritableLogRecord,
  type WritableSpan,
} from './otel/types.js';
