/**
 * @module
 * The span processor's cost per span against the trace SDK's own batch processor alone: the
 * same tracer settings, the same attributes as instrumentation-http puts on a server span (both
 * address keys, the user agent, and eight others), ended spans handed to a `BatchSpanProcessor`
 * whose exporter discards them. Cases: the batch processor alone; with the privacy processor
 * (truncation, user agent deleted); and with the visitor id (memory salt store) and the country
 * (DB-IP Lite) added. Run: `npm run bench:otel -w @privkit/request`.
 */
import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createDefaultLocatorSync } from '@privkit/geo/default';
import { reportRatio } from '@privkit/internal/testing/bench';
import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
import { Bench } from 'tinybench';
import { createPrivacySpanProcessor } from '../src/otel.js';

let exported = 0;
const discard: SpanExporter = {
  export(spans: ReadableSpan[], done) {
    exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  },
  shutdown: () => Promise.resolve(),
};
const batch = (): SpanProcessor =>
  new BatchSpanProcessor(discard, { maxQueueSize: 1 << 16, maxExportBatchSize: 512, scheduledDelayMillis: 50 });

const hasher = createVisitorHasher({ store: createMemorySaltStore() });
await hasher.prepare();
const tracers = {
  alone: new BasicTracerProvider({ spanProcessors: [batch()] }).getTracer('bench'),
  privacy: new BasicTracerProvider({ spanProcessors: [createPrivacySpanProcessor(), batch()] }).getTracer('bench'),
  derived: new BasicTracerProvider({
    spanProcessors: [
      createPrivacySpanProcessor({ hasher, tenant: 'bench.example', locator: createDefaultLocatorSync() }),
      batch(),
    ],
  }).getTracer('bench'),
};

let n = 0;
function attributes(): Record<string, string | number> {
  n++;
  return {
    'http.request.method': 'GET',
    'url.scheme': 'http',
    'url.path': '/products',
    'server.address': 'shop.example',
    'server.port': 443,
    'network.peer.address': `203.0.${n & 255}.${(n >> 8) & 255}`,
    'network.peer.port': 50000 + (n & 1023),
    'network.protocol.version': '1.1',
    'client.address': `2001:db8:${(n & 0xffff).toString(16)}::${(n >> 4).toString(16)}`,
    'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0',
    'http.response.status_code': 200,
    'http.route': '/products',
  };
}

const bench = new Bench({ time: 1500, warmup: true });
for (const [name, tracer] of Object.entries(tracers)) {
  bench.add(name, () => {
    tracer.startSpan('GET /products', { kind: SpanKind.SERVER, attributes: attributes() }).end();
  });
}
await bench.run();
const mean = (i: number): number =>
  (bench.tasks[i]?.result as { latency?: { mean: number } } | undefined)?.latency?.mean ?? Number.NaN;
const perSecond = (i: number): number => 1000 / mean(i);
console.log(`Node ${process.version}; ${exported.toLocaleString('en')} spans exported`);
console.table(
  bench.tasks.map((t, i) => ({
    processors: t.name,
    'µs per span': (mean(i) * 1000).toFixed(2),
    'spans/s': Math.round(perSecond(i)).toLocaleString('en'),
    'added µs per span': i === 0 ? '' : ((mean(i) - mean(0)) * 1000).toFixed(2),
  })),
);
const common = {
  package: '@privkit/request',
  bench: 'otel',
  peer: 'BatchSpanProcessor alone',
  unit: 'spans/s',
  peerValue: perSecond(0),
};
reportRatio({
  ...common,
  case: 'server span with 12 attributes, addresses truncated and user agent deleted',
  ours: 'createPrivacySpanProcessor + BatchSpanProcessor',
  oursValue: perSecond(1),
});
reportRatio({
  ...common,
  case: 'the same with the visitor id and the country added',
  ours: 'createPrivacySpanProcessor (hasher, locator) + BatchSpanProcessor',
  oursValue: perSecond(2),
});
