/**
 * @module
 * `@privkit/request/pino`: a `req` serializer for pino and pino-http that keeps full client
 * addresses and user agents out of log lines. The socket peer (`remoteAddress`) is truncated with
 * `@privkit/ip` (the same `"cnil"` default as `createRequestPrivacy`) or left out; the port is
 * left out; the headers that carry addresses (`x-forwarded-for`, `forwarded`, `x-real-ip`, …) are
 * left out and `user-agent` is left out or replaced. Everything else of pino's own `req` record
 * is kept. A value that cannot be truncated is left out, and the serializer never throws.
 */

import { own, strictOptions } from '@privkit/internal/check';
import { truncateIp } from '@privkit/ip';
import { raise } from './errors.js';
import { type AttributeRecord, isAddressHeader, type RedactRules, RULE_KEYS, redactRules } from './internal/redact.js';
import type { TelemetryPrivacyOptions } from './otel/types.js';

/**
 * The `req` record the serializer writes: pino's own fields, with the address truncated and the
 * identifying headers left out.
 *
 * @example
 * ```ts
 * import type { PinoRequestRecord } from '@privkit/request/pino';
 * const record: PinoRequestRecord = { method: 'GET', url: '/', headers: {}, remoteAddress: '203.0.0.0' };
 * ```
 */
export interface PinoRequestRecord {
  /** The request id pino-http gave, when it gave one. */
  id?: unknown;
  /** The method. */
  method?: unknown;
  /** The URL (path and query), as pino writes it. */
  url?: unknown;
  /** The parsed query, when the framework gives one. */
  query?: unknown;
  /** The route parameters, when the framework gives them. */
  params?: unknown;
  /** The request headers less those that carry addresses, and the user agent as the options say. */
  headers: Record<string, unknown>;
  /** The socket peer truncated (`"203.0.0.0"`); absent with `addresses: 'drop'` or when not an address. */
  remoteAddress?: string;
}

const FIELDS = ['id', 'method', 'url', 'query', 'params'] as const;

function headersOf(value: unknown, rules: RedactRules): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const name of Object.keys(value)) {
    const lower = name.toLowerCase();
    if (isAddressHeader(lower)) continue;
    const text = own(value, name);
    if (lower === 'user-agent') {
      if (rules.userAgent === 'drop' || typeof text !== 'string') continue;
      try {
        const replaced = rules.userAgent(text);
        if (typeof replaced === 'string') out[name] = replaced;
      } catch {
        // a replacement that throws leaves the user agent out
      }
      continue;
    }
    out[name] = text;
  }
  return out;
}

/**
 * Creates a pino `req` serializer that truncates the client address and leaves out the
 * identifying headers. Give it to pino (`serializers: { req }`) or pino-http, which hands it
 * pino's own `req` record; it takes a `node:http` request as well.
 *
 * @param options - `addresses`, `truncate` and `userAgent`, as the OpenTelemetry processors take them.
 * @returns the serializer.
 * @throws `RequestError` (from `@privkit/request`) `UNKNOWN_KEY` for a key it does not know.
 * @throws `RequestError` (from `@privkit/request`) `INVALID_OPTIONS` for a bad truncation or user-agent rule.
 * @example
 * ```ts
 * import pino from 'pino';
 * import { createPinoRequestSerializer } from '@privkit/request/pino';
 *
 * const logger = pino({ serializers: { req: createPinoRequestSerializer() } });
 * logger.info({
 *   req: { method: 'GET', url: '/', headers: { 'user-agent': 'Mozilla/5.0' }, remoteAddress: '203.0.113.9' },
 * });
 * // {"level":30,…,"req":{"method":"GET","url":"/","headers":{},"remoteAddress":"203.0.0.0"},…}
 * ```
 */
export function createPinoRequestSerializer(options?: TelemetryPrivacyOptions): (req: unknown) => PinoRequestRecord {
  const rules = redactRules(strictOptions(options, RULE_KEYS, raise));
  return (req) => {
    const out: PinoRequestRecord = { headers: {} };
    if (typeof req !== 'object' || req === null) return out;
    try {
      const r = req as AttributeRecord;
      // Read as properties, not own ones: a node:http request's headers are a prototype getter.
      for (const field of FIELDS) {
        const value = r[field];
        if (value !== undefined) out[field] = value;
      }
      // A node:http request has a socket; pino's own record has remoteAddress.
      const socket = r['socket'] as { remoteAddress?: unknown } | undefined;
      const address = own(r, 'remoteAddress') ?? socket?.remoteAddress;
      out.headers = headersOf(r['headers'], rules);
      if (rules.addresses === 'truncate' && typeof address === 'string') {
        try {
          out.remoteAddress = truncateIp(address, rules.truncate);
        } catch {
          // not an address: left out
        }
      }
    } catch {
      return { headers: {} };
    }
    return out;
  };
}
