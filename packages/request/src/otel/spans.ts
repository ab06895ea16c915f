/**
 * @module
 * The span processor of `@privkit/request/otel`: rewrites span attributes in `onEnding`, while
 * the span can still change and before any processor hands it to an exporter, and derives the
 * visitor id and country of server spans from the trusted walk (`requestHook`) or, without a
 * trusted proxy, from the socket peer the span holds.
 */

import { own, strictOptions } from '@privkit/internal/check';
import { clientIp, type HeadersLike, type IpAddress } from '@privkit/ip';
import { raise } from '../errors.js';
import { type Derived, derivedBySpan, resolved } from '../internal/derived.js';
import { readSources, readWalk } from '../internal/options.js';
import { type AttributeRecord, RULE_KEYS, redact, redactRules } from '../internal/redact.js';
import {
  COUNTRY_ATTRIBUTE,
  type CountrySource,
  type PrivacySpanProcessor,
  type PrivacySpanProcessorOptions,
  type SyncVisitorIdSource,
  VISITOR_ID_ATTRIBUTE,
  type WritableSpan,
} from './types.js';

const SERVER = 1; // SpanKind.SERVER
/** Socket-peer keys, in order of preference: these the client cannot write. */
const PEER_KEYS = ['network.peer.address', 'net.sock.peer.addr', 'net.peer.ip'];

const SPAN_KEYS = [...RULE_KEYS, 'trustProxy', 'header', 'cdn', 'hasher', 'tenant', 'locator'];

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((line) => typeof line === 'string')) return value.join(',');
  return undefined;
}

/**
 * Creates a span processor that truncates or deletes the address attributes and deletes or
 * replaces the user-agent attributes of every span, its events and links, deletes captured
 * headers other than a few harmless ones, and adds the daily visitor id and the
 * country to server spans when given a hasher or a locator. List it with your exporting
 * processor; pass its `requestHook` to `HttpInstrumentation` behind a proxy.
 *
 * @param options - see {@link PrivacySpanProcessorOptions}.
 * @returns the processor.
 * @throws `RequestError` (from `@privkit/request`) `UNKNOWN_KEY` for a key it does not know.
 * @throws `RequestError` (from `@privkit/request`) `INVALID_OPTIONS` for a bad trust rule, truncation, user-agent
 *   rule, hasher, tenant or locator.
 * @example
 * ```ts
 * import { BatchSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
 * import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
 * import { createPrivacySpanProcessor } from '@privkit/request/otel';
 *
 * const privacy = createPrivacySpanProcessor({ trustProxy: ['loopback'] });
 * const provider = new NodeTracerProvider({
 *   spanProcessors: [privacy, new BatchSpanProcessor(new InMemorySpanExporter())],
 * });
 * provider.register();
 * // new HttpInstrumentation({ requestHook: privacy.requestHook }) reads the client behind the proxy
 * ```
 */
export function createPrivacySpanProcessor(options?: PrivacySpanProcessorOptions): PrivacySpanProcessor {
  const o = strictOptions(options, SPAN_KEYS, raise);
  const rules = redactRules(o);
  const walk = readWalk(o, false);
  const { hasher, tenant, locator } = readSources<SyncVisitorIdSource, CountrySource>(o, 'idSync');
  const derives = hasher !== undefined || locator !== undefined;
  // Without a trusted proxy the socket peer is the client, and a span holds it.
  const peerIsClient = (own(o, 'trustProxy') ?? false) === false;
  let preparing = false;
  // Set by the first onEnding: an SDK without it (1.x) gets the rewrite in onEnd instead.
  let hasOnEnding = false;

  function derive(ip: IpAddress | string | undefined, userAgent: string | undefined): Derived {
    let visitorId: string | undefined;
    let country: string | undefined;
    if (ip === undefined) return { visitorId, country };
    if (hasher !== undefined && userAgent !== undefined && userAgent !== '') {
      try {
        visitorId = hasher.idSync({ tenant, ip, userAgent });
      } catch (error) {
        // The day's salt is not loaded yet (start-up, a new day): load it for the next spans.
        if ((error as { code?: unknown })?.code === 'SALT_NOT_LOADED' && !preparing && hasher.prepare) {
          preparing = true;
          hasher.prepare().then(
            () => {
              preparing = false;
            },
            () => {
              preparing = false;
            },
          );
        }
      }
    }
    if (locator !== undefined) {
      try {
        const found = locator.locate(ip).country;
        if (typeof found === 'string') country = found;
      } catch {
        // no country rather than a failed span
      }
    }
    return { visitorId, country };
  }

  function add(attributes: AttributeRecord, found: Derived): void {
    if (found.visitorId !== undefined) attributes[VISITOR_ID_ATTRIBUTE] = found.visitorId;
    if (found.country !== undefined) attributes[COUNTRY_ATTRIBUTE] = found.country;
  }

  function rewrite(span: WritableSpan): void {
    const attributes = span?.attributes;
    if (typeof attributes !== 'object' || attributes === null) return;
    if (derives) {
      let found = derivedBySpan.get(span);
      if (found === undefined && peerIsClient && span.kind === SERVER) {
        const peer = PEER_KEYS.map((key) => attributes[key]).find((value) => typeof value === 'string');
        const userAgent = text(attributes['user_agent.original'] ?? attributes['http.user_agent']);
        found = derive(peer as string | undefined, userAgent);
      }
      if (found !== undefined) add(attributes, found);
    }
    redact(attributes, rules);
    for (const part of [...(span.events ?? []), ...(span.links ?? [])]) {
      if (typeof part?.attributes === 'object' && part.attributes !== null) redact(part.attributes, rules);
    }
  }

  return Object.freeze({
    onStart: () => undefined,
    onEnding(span: WritableSpan): void {
      hasOnEnding = true;
      rewrite(span);
    },
    onEnd(span: object): void {
      if (!hasOnEnding) rewrite(span as WritableSpan);
    },
    forceFlush: resolved,
    shutdown: resolved,
    requestHook(span: object, request: object): void {
      if (!derives || typeof span !== 'object' || span === null) return;
      const r = request as { socket?: { remoteAddress?: string }; headers?: HeadersLike };
      // An outgoing ClientRequest has no header record: its peer is a server, not a visitor.
      if (typeof r?.headers !== 'object' || r.headers === null || typeof r.socket !== 'object') return;
      let ip: IpAddress | undefined;
      try {
        ip = clientIp({ remoteAddress: r.socket?.remoteAddress, headers: r.headers, ...walk });
      } catch {
        ip = undefined;
      }
      derivedBySpan.set(span, derive(ip, text((r.headers as Record<string, unknown>)['user-agent'])));
    },
  });
}
