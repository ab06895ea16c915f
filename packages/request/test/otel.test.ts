/**
 * The OpenTelemetry processors inside the real SDKs: `@opentelemetry/sdk-trace-node` with the
 * batch processor, `@opentelemetry/sdk-logs`, and `@opentelemetry/instrumentation-http` on real
 * `node:http` servers on the loopback interface (IPv4, IPv6 and a dual-stack socket that gives
 * IPv4-mapped peers). Requests are written on raw sockets, so the only spans are the server's.
 * The checker shares no code with the processors: every address the test put anywhere (socket
 * peers, forged headers, planted attributes) is searched for in every exported span (its
 * attributes, events and links) and log record (attributes and body), as text.
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { connect, type Server } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createLocator } from '@privkit/geo';
import { loadDefaultDatabaseSync } from '@privkit/geo/default';
import { akamai, cloudflare } from '@privkit/ip/cdn';
import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError } from '../src/index.js';
import {
  COUNTRY_ATTRIBUTE,
  createPrivacyLogRecordProcessor,
  createPrivacySpanProcessor,
  VISITOR_ID_ATTRIBUTE,
} from '../src/otel.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0';
const hasher = createVisitorHasher({ store: createMemorySaltStore() });
const locator = createLocator({ database: loadDefaultDatabaseSync(), onStale: () => {} });
const privacy = createPrivacySpanProcessor({ trustProxy: ['loopback'], hasher, tenant: 'shop.example', locator });
const spans = new InMemorySpanExporter();
const batch = new BatchSpanProcessor(spans, { scheduledDelayMillis: 10 });
const provider = new NodeTracerProvider({ spanProcessors: [batch, privacy] }); // ours last: order must not matter
const records = new InMemoryLogRecordExporter();
const loggers = new LoggerProvider({
  processors: [createPrivacyLogRecordProcessor(), new SimpleLogRecordProcessor({ exporter: records })],
});
const instrumentation = new HttpInstrumentation({ requestHook: privacy.requestHook });
instrumentation.setTracerProvider(provider);
provider.register();
instrumentation.enable();
// Required after enable(): instrumentation-http patches the module as require() loads it.
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

/** The addresses a test planted; none may be found in any export. */
const planted = new Set<string>();
/** Planted forwarding entries: public addresses with host bits under every preset. */
const publicV4 = fc
  .tuple(
    fc.integer({ min: 1, max: 223 }),
    fc.nat(255),
    fc.integer({ min: 1, max: 255 }),
    fc.integer({ min: 1, max: 254 }),
  )
  .filter(([a]) => a !== 10 && a !== 127)
  .map((parts) => parts.join('.'));
const publicV6 = fc
  .array(fc.integer({ min: 1, max: 0xffff }), { minLength: 7, maxLength: 7 })
  .map((groups) => `2a0${groups.length % 10}:${groups.map((g) => g.toString(16)).join(':')}`);

interface Listening {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
}
const servers: Listening[] = [];

async function listen(host: string, bind: string): Promise<Listening> {
  const server = http.createServer((req, res) => {
    // A log record inside the server span, carrying what an app might log by mistake.
    logs.getLogger('app').emit({
      body: 'request',
      context: context.active(),
      attributes: {
        'client.address': req.socket.remoteAddress,
        'http.client_ip': req.headers['x-forwarded-for'] as string | undefined,
        'user_agent.original': req.headers['user-agent'],
      },
    });
    res.end('ok');
  });
  server.listen(0, bind);
  await once(server, 'listening');
  const address = server.address();
  const listening = { server, host, port: typeof address === 'object' && address !== null ? address.port : 0 };
  servers.push(listening);
  return listening;
}

/** One request on a raw socket: nothing on the client side makes a span. */
async function send(target: Listening, headers: string[]): Promise<void> {
  const socket = connect(target.port, target.host);
  await once(socket, 'connect');
  socket.write(`GET /page?q=1 HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n${headers.join('\r\n')}\r\n\r\n`);
  socket.resume();
  await once(socket, 'close');
}

async function exported(): Promise<{ spans: ReadableSpan[]; text: string }> {
  await provider.forceFlush();
  const finished = spans.getFinishedSpans();
  const parts = finished.map((span) => JSON.stringify([span.attributes, span.events, span.links, span.name]));
  for (const record of records.getFinishedLogRecords()) parts.push(JSON.stringify([record.attributes, record.body]));
  return { spans: [...finished], text: parts.join('\n') };
}

function expectNoneLeaked(text: string): void {
  for (const address of planted) {
    // Whole-token search: "127.0.0.0" must not count as "127.0.0.1"'s prefix.
    const pattern = new RegExp(`(^|[^0-9a-fA-F.:])${address.replaceAll('.', '\\.')}($|[^0-9a-fA-F.:])`, 'i');
    expect(pattern.test(text), `${address} leaked`).toBe(false);
  }
  expect(text).not.toContain('Firefox');
}

let v4: Listening;
let v6: Listening | undefined;
let dual: Listening | undefined;

beforeAll(async () => {
  await hasher.prepare();
  v4 = await listen('127.0.0.1', '127.0.0.1');
  try {
    v6 = await listen('::1', '::1');
    dual = await listen('127.0.0.1', '::');
  } catch {
    console.log('IPv6 loopback unavailable: IPv6 and IPv4-mapped socket cases skipped');
  }
});

afterAll(async () => {
  instrumentation.disable();
  for (const { server } of servers) server.close();
  await provider.shutdown();
  trace.disable();
  logs.disable();
  context.disable();
});

describe('spans and log records of instrumentation-http on real servers', () => {
  it('export no full address and no user agent, with the visitor id and country of the trusted walk', async () => {
    spans.reset();
    records.reset();
    logs.setGlobalLoggerProvider(loggers);
    planted.add('127.0.0.1').add('::1').add('::ffff:127.0.0.1').add('8.8.8.8').add('2a00:1450:4001:81b::200e');
    await send(v4, [`User-Agent: ${UA}`, 'X-Forwarded-For: 6.6.6.6, 8.8.8.8']);
    await send(v4, [`User-Agent: ${UA}`, 'X-Forwarded-For: 2a00:1450:4001:81b::200e']);
    await send(v4, [`User-Agent: ${UA}`, 'X-Forwarded-For: not-an-address, 8.8.8.8']);
    await send(v4, ['X-Forwarded-For: 8.8.8.8:8080']);
    await send(v4, [`User-Agent: ${UA}`, `X-Forwarded-For: ${'9.9.9.9, '.repeat(1500)}8.8.8.8`]);
    if (v6 !== undefined) await send(v6, [`User-Agent: ${UA}`]);
    if (dual !== undefined) await send(dual, [`User-Agent: ${UA}`, 'Forwarded: for=8.8.8.8']);
    planted.add('6.6.6.6').add('9.9.9.9');
    const out = await exported();
    expect(out.spans.length).toBe(5 + (v6 === undefined ? 0 : 2));
    expectNoneLeaked(out.text);
    const first = out.spans[0]?.attributes ?? {};
    expect(first['client.address']).toBe('6.6.0.0'); // instrumentation-http's left-most, truncated
    expect(first['network.peer.address']).toBe('127.0.0.0');
    expect(first['user_agent.original']).toBeUndefined();
    // The visitor id and country come from the trusted walk (8.8.8.8), not from the forged 6.6.6.6.
    expect(first[COUNTRY_ATTRIBUTE]).toBe('US');
    expect(first[VISITOR_ID_ATTRIBUTE]).toBe(hasher.idSync({ tenant: 'shop.example', ip: '8.8.8.8', userAgent: UA }));
    expect(out.spans[3]?.attributes[VISITOR_ID_ATTRIBUTE]).toBeUndefined(); // no user agent, no id
    const logged = records.getFinishedLogRecords();
    expect(logged.length).toBe(out.spans.length);
    expect(logged[0]?.attributes['client.address']).toBe('127.0.0.0');
    expect(logged[0]?.attributes[VISITOR_ID_ATTRIBUTE]).toBe(first[VISITOR_ID_ATTRIBUTE]);
    if (v6 !== undefined) {
      expect(out.spans[5]?.attributes['network.peer.address']).toBe('::');
      expect(out.spans[6]?.attributes['network.peer.address']).toBe('127.0.0.0'); // ::ffff:127.0.0.1
    }
  });
});

const ADDRESS_KEYS = [
  'client.address',
  'client.socket.address',
  'source.address',
  'network.peer.address',
  'http.client_ip',
  'net.peer.ip',
  'net.sock.peer.addr',
];
/** Values an attribute may hold, hostile ones included: every one of them is planted. */
const attributeValue = fc.oneof(
  publicV4,
  publicV6,
  publicV4.map((a) => `::ffff:${a}`),
  publicV4.map((a) => `${a}:443`),
  publicV6.map((a) => `[${a}]:443`),
  publicV6.map((a) => `${a}%eth0`),
  publicV4.map((a) => ` ${a}`),
  publicV4.map((a) => `${a}, ${a}`),
  publicV4.map((a) => a.replace('.', '.0')),
  fc.array(publicV4, { minLength: 1, maxLength: 3 }),
  fc.integer(),
);

function plant(value: unknown): void {
  for (const text of Array.isArray(value) ? value : [value]) {
    if (typeof text !== 'string') continue;
    for (const match of text.matchAll(/[0-9a-f:.]{7,}/gi)) {
      const token = match[0].replace(/^[:.]+|[:.]+$/g, '');
      // The address itself (a port or zone stripped): its text must not survive.
      if (/\d+\.\d+\.\d+\.\d+|:.*:/.test(token) && !/^\d+\.0\.0$/.test(token)) planted.add(token.replace(/:\d+$/, ''));
    }
  }
}

describe('planted attributes, old and new conventions', () => {
  const tracer = provider.getTracer('planted');
  it('are truncated or deleted on spans, events and log records, whatever the value', async () => {
    planted.clear();
    spans.reset();
    records.reset();
    const logger = loggers.getLogger('planted');
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...ADDRESS_KEYS), attributeValue, { minKeys: 1 }),
        async (attributes) => {
          for (const value of Object.values(attributes)) plant(value);
          const span = tracer.startSpan('planted', { attributes: { ...attributes, 'http.user_agent': UA } });
          span.addEvent('seen', attributes);
          span.end();
          logger.emit({ body: 'planted', attributes: { ...attributes, 'user_agent.original': UA } });
        },
      ),
      { numRuns: 300 },
    );
    const out = await exported();
    expect(out.spans.length).toBeGreaterThanOrEqual(300);
    expect(records.getFinishedLogRecords().length).toBe(out.spans.length);
    expectNoneLeaked(out.text);
    for (const span of out.spans) {
      for (const key of ADDRESS_KEYS) {
        const value = span.attributes[key];
        // Only a network survives: a /16 (x.y.0.0) or a /48 (at most three groups then "::").
        if (value !== undefined) expect(String(value)).toMatch(/^(\d+\.\d+\.0\.0|([0-9a-f]{1,4}:){0,3}:)$/);
      }
    }
  });

  it('are deleted under addresses: "drop", and a user agent is replaced as asked', () => {
    const drop = createPrivacySpanProcessor({
      addresses: 'drop',
      userAgent: (ua) => (ua.includes('Firefox') ? 'firefox' : undefined),
    });
    const attributes: Record<string, unknown> = {
      'client.address': '203.0.113.9',
      'user_agent.original': UA,
      other: 1,
    };
    drop.onEnding({ attributes });
    expect(attributes).toEqual({ 'user_agent.original': 'firefox', other: 1 });
    const throwing = createPrivacyLogRecordProcessor({
      userAgent: () => {
        throw new Error('parser failed');
      },
    });
    const record = { attributes: { 'http.user_agent': UA, 'http.request.header.x-forwarded-for': ['8.8.8.8'] } };
    throwing.onEmit(record);
    expect(record.attributes).toEqual({});
  });

  it('take a CDN preset of @privkit/ip/cdn, whose header is read only from its edges', () => {
    const request = { socket: { remoteAddress: '127.0.0.1' }, headers: { 'true-client-ip': '8.8.4.4' } };
    const viaAkamai = createPrivacySpanProcessor({ ...akamai({ ranges: ['127.0.0.0/8'] }), locator });
    const span = {
      kind: 1,
      attributes: { 'http.request.header.true-client-ip': ['8.8.4.4'] } as Record<string, unknown>,
    };
    viaAkamai.requestHook(span, request);
    viaAkamai.onEnding(span);
    expect(span.attributes).toEqual({ [COUNTRY_ATTRIBUTE]: 'US' });
    // Cloudflare's header from a peer outside Cloudflare's ranges is never read.
    const viaCloudflare = createPrivacySpanProcessor({ ...cloudflare({ onStale: () => {} }), locator });
    const forged = { kind: 1, attributes: {} as Record<string, unknown> };
    viaCloudflare.requestHook(forged, { ...request, headers: { 'cf-connecting-ip': '8.8.4.4' } });
    viaCloudflare.onEnding(forged);
    expect(forged.attributes).toEqual({});
  });

  it('refuse bad options with RequestError', () => {
    expect(() => createPrivacySpanProcessor({ header: 'x-real-ip' as 'forwarded' })).toThrow(RequestError);
    expect(() => createPrivacySpanProcessor({ addresses: 'hash' as 'drop' })).toThrow(RequestError);
    expect(() => createPrivacySpanProcessor({ truncate: { ipv4: 40, ipv6: 48 } })).toThrow(RequestError);
    expect(() => createPrivacySpanProcessor({ tenant: 'x' })).toThrow(RequestError);
    expect(() => createPrivacyLogRecordProcessor({ hasher } as never)).toThrow(RequestError);
  });
});

/** Plants `addresses`, runs `act` on the real SDKs, and searches every export for them. */
async function leakCase(addresses: string[], act: () => void): Promise<string> {
  planted.clear();
  spans.reset();
  records.reset();
  for (const address of addresses) planted.add(address);
  act();
  const out = await exported();
  expectNoneLeaked(out.text);
  return out.text;
}

describe('the outside review: headers, links and nested log values', () => {
  const tracer = provider.getTracer('review');
  const logger = loggers.getLogger('review');
  const spanWith = (attributes: Record<string, string | string[]>) => () =>
    tracer.startSpan('review', { attributes }).end();

  it('deletes captured x-client-ip, x_cluster_client_ip and x-original-forwarded-for headers', async () => {
    await leakCase(
      ['8.8.4.4', '8.8.4.5', '9.9.9.10'],
      spanWith({
        'http.request.header.x-client-ip': ['8.8.4.4'],
        'http.request.header.x_cluster_client_ip': ['8.8.4.5'],
        'http.request.header.x-original-forwarded-for': ['9.9.9.10, 10.0.0.1'],
      }),
    );
  });

  it('deletes a captured cf-connecting-ipv6 header', async () => {
    await leakCase(
      ['2a00:1450:4001:81b::2001'],
      spanWith({ 'http.request.header.cf-connecting-ipv6': ['2a00:1450:4001:81b::2001'] }),
    );
  });

  it('truncates client.socket.address (semantic conventions 1.21 to 1.23)', async () => {
    await leakCase(['8.8.4.6'], spanWith({ 'client.socket.address': '8.8.4.6' }));
    expect(spans.getFinishedSpans()[0]?.attributes['client.socket.address']).toBe('8.8.0.0');
  });

  it('deletes captured headers off the allow-list, and keeps those on it', async () => {
    await leakCase(
      ['8.8.4.7', '8.8.4.8'],
      spanWith({
        'http.request.header.x-visitor-origin': ['8.8.4.7'],
        'http.response.header.x-upstream-client': ['8.8.4.8'],
        'http.request.header.content-type': ['text/html'],
      }),
    );
    expect(spans.getFinishedSpans()[0]?.attributes).toEqual({ 'http.request.header.content-type': ['text/html'] });
  });

  it('rewrites the attributes of span links, given at start and added later', async () => {
    await leakCase(['8.8.4.9', '2a00:1450:4001:81b::2002'], () => {
      const other = tracer.startSpan('other');
      const span = tracer.startSpan('linked', {
        links: [
          { context: other.spanContext(), attributes: { 'client.address': '8.8.4.9', 'user_agent.original': UA } },
        ],
      });
      span.addLink({
        context: other.spanContext(),
        attributes: { 'network.peer.address': '2a00:1450:4001:81b::2002' },
      });
      span.end();
      other.end();
    });
  });

  it('walks nested log attributes: req.remoteAddress, req.headers', async () => {
    await leakCase(['8.8.4.10', '8.8.4.11'], () =>
      logger.emit({
        body: 'request',
        attributes: {
          req: {
            remoteAddress: '8.8.4.10',
            headers: { 'user-agent': UA, 'x-forwarded-for': '8.8.4.11', accept: 'text/html' },
          },
        },
      }),
    );
    const req = records.getFinishedLogRecords()[0]?.attributes['req'] as Record<string, unknown>;
    expect(req).toEqual({ remoteAddress: '8.8.0.0', headers: { accept: 'text/html' } });
  });

  it('walks an object body and masks addresses in a text body', async () => {
    await leakCase(['8.8.4.12', '8.8.4.13', '2a00:1450:4001:81b::2003', '8.8.4.14'], () => {
      logger.emit({
        body: { req: { remoteAddress: '8.8.4.12', headers: { 'user-agent': UA } }, seen: ['8.8.4.13'] },
      });
      logger.emit({ body: 'connection from 2a00:1450:4001:81b::2003 via 8.8.4.14:443, ok' });
      logger.emit({ body: 'at 12:30:45 build 1.2.3 in 0.25 s' });
    });
    const [first, second, third] = records.getFinishedLogRecords();
    expect(third?.body).toBe('at 12:30:45 build 1.2.3 in 0.25 s'); // a time and a version are not addresses
    expect(first?.body).toEqual({ req: { remoteAddress: '8.8.0.0', headers: {} }, seen: ['8.8.0.0'] });
    expect(second?.body).toBe('connection from 2a00:1450:4001:: via 8.8.0.0:443, ok');
  });

  it("masks top-level text, drops what it cannot walk, and keeps the app's objects", async () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 40; i++) cursor = cursor['next'] = {} as Record<string, unknown>;
    cursor['ip'] = '8.8.4.15';
    const headers = { 'x-forwarded-for': '8.8.4.16' };
    await leakCase(['8.8.4.15', '8.8.4.16', '8.8.4.17'], () =>
      logger.emit({
        body: 'x',
        attributes: { message: 'login from 8.8.4.17', deep, req: { headers } } as never,
      }),
    );
    expect(headers['x-forwarded-for']).toBe('8.8.4.16'); // the app's own object is not changed
    const attributes = records.getFinishedLogRecords()[0]?.attributes ?? {};
    expect(attributes['message']).toBe('login from 8.8.0.0');
    expect(attributes['req']).toEqual({ headers: {} });
    expect(JSON.stringify(attributes['deep'])).not.toContain('ip'); // cut at the depth bound
  });

  it('masks generated addresses written anywhere in text, nested or not', async () => {
    planted.clear();
    spans.reset();
    records.reset();
    const word = fc.stringMatching(/^[a-z =,;/()[\]"-]{0,12}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            word,
            fc.oneof(
              publicV4,
              publicV6,
              publicV4.map((a) => `::ffff:${a}`),
            ),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        async (pieces) => {
          for (const [, address] of pieces) planted.add(address.replace('::ffff:', ''));
          const text = pieces.map(([before, address]) => `${before}${address}`).join(' ');
          loggers.getLogger('generated').emit({ body: text, attributes: { note: text, deep: { list: [text] } } });
        },
      ),
      { numRuns: 200 },
    );
    const out = await exported();
    expect(records.getFinishedLogRecords().length).toBe(200);
    expectNoneLeaked(out.text);
  });
});
