/**
 * @module
 * The log record processor of `@privkit/request/otel`: rewrites record attributes in `onEmit`,
 * which the logs SDK calls on its processors in order, so it is listed before the exporting one.
 */

import { strictOptions } from '@privkit/internal/check';
import { raise } from '../errors.js';
import { derivedBySpan, resolved, SPAN_KEY } from '../internal/derived.js';
import { RULE_KEYS, redactBody, redactLog, redactRules } from '../internal/redact.js';
import {
  COUNTRY_ATTRIBUTE,
  type PrivacyLogRecordProcessor,
  type TelemetryPrivacyOptions,
  VISITOR_ID_ATTRIBUTE,
  type WritableLogRecord,
} from './types.js';

/**
 * Creates a log record processor that truncates or deletes the address attributes and deletes or
 * replaces the user-agent attributes of every record, walks nested attribute values and the
 * body (objects and arrays to a bounded depth), and masks every address found in their text.
 * List it before the processor that exports (`BatchLogRecordProcessor`,
 * `SimpleLogRecordProcessor`): the logs SDK calls processors in order.
 *
 * @param options - see {@link TelemetryPrivacyOptions}.
 * @returns the processor.
 * @throws `RequestError` (from `@privkit/request`) `UNKNOWN_KEY` for a key it does not know.
 * @throws `RequestError` (from `@privkit/request`) `INVALID_OPTIONS` for a bad truncation or user-agent rule.
 * @example
 * ```ts
 * import { logs } from '@opentelemetry/api-logs';
 * import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
 * import { createPrivacyLogRecordProcessor } from '@privkit/request/otel';
 *
 * const exporter = new InMemoryLogRecordExporter();
 * const provider = new LoggerProvider({
 *   processors: [createPrivacyLogRecordProcessor(), new SimpleLogRecordProcessor({ exporter })],
 * });
 * provider.getLogger('app').emit({ body: 'hello', attributes: { 'client.address': '203.0.113.9' } });
 * exporter.getFinishedLogRecords()[0]?.attributes['client.address']; // "203.0.0.0"
 * logs.disable();
 * ```
 */
export function createPrivacyLogRecordProcessor(options?: TelemetryPrivacyOptions): PrivacyLogRecordProcessor {
  const rules = redactRules(strictOptions(options, RULE_KEYS, raise));
  return Object.freeze({
    onEmit(logRecord: WritableLogRecord, context?: unknown): void {
      const attributes = logRecord?.attributes;
      if (typeof attributes !== 'object' || attributes === null) return;
      const getValue = (context as { getValue?: unknown } | undefined)?.getValue;
      if (typeof getValue === 'function') {
        const span = getValue.call(context, SPAN_KEY) as object | undefined;
        const found = span === undefined ? undefined : derivedBySpan.get(span);
        if (found?.visitorId !== undefined) attributes[VISITOR_ID_ATTRIBUTE] = found.visitorId;
        if (found?.country !== undefined) attributes[COUNTRY_ATTRIBUTE] = found.country;
      }
      redactLog(attributes, rules);
      const body = logRecord.body;
      if (body !== undefined && body !== null && typeof body !== 'number' && typeof body !== 'boolean') {
        logRecord.body = redactBody(body, rules);
      }
    },
    forceFlush: resolved,
    shutdown: resolved,
  });
}
