/**
 * The pino serializer on pino's real output: pino and pino-http write JSON lines to a stream,
 * the test parses every line and searches it, as text, for every address it planted (socket
 * peers on IPv4, IPv6 and a dual-stack socket, forwarding headers) and for the user agent.
 * pino-http's default `req` serializer is run first, to show what it writes without this one.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { afterAll, describe, expect, it } from 'vitest';
import { RequestError } from '../src/index.js';
import { createPinoRequestSerializer } from '../src/pino.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0';
const servers: Server[] = [];

/** A stream that keeps pino's lines. */
function sink(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  let rest = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
      done();
    },
  });
  return { stream, lines };
}

async function serve(bind: string, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = createServer((req, res) => {
    handler(req, res);
    res.end('ok');
  });
  server.listen(0, bind);
  await once(server, 'listening');
  servers.push(server);
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

async function send(port: number, host: string, headers: string[]): Promise<void> {
  const socket = connect(port, host);
  await once(socket, 'connect');
  socket.write(`GET / HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n${headers.join('\r\n')}\r\n\r\n`);
  socket.resume();
  await once(socket, 'close');
}

const PLANTED = ['127.0.0.1', '::1', '::ffff:127.0.0.1', '8.8.8.8', '2a00:1450:4001:81b::200e', '6.6.6.6'];
const leaked = (line: string): string[] =>
  PLANTED.filter((a) => new RegExp(`(^|[^0-9a-fA-F.:])${a.replaceAll('.', '\\.')}($|[^0-9a-fA-F.:])`, 'i').test(line));

async function run(serializer?: (req: unknown) => unknown): Promise<string[]> {
  const { stream, lines } = sink();
  const handler = pinoHttp(
    serializer === undefined ? { logger: pino(stream) } : { logger: pino(stream), serializers: { req: serializer } },
  );
  const ports: [number, string][] = [[await serve('127.0.0.1', handler), '127.0.0.1']];
  try {
    ports.push([await serve('::1', handler), '::1']);
    ports.push([await serve('::', handler), '127.0.0.1']); // a dual-stack socket: peers are ::ffff:127.0.0.1
  } catch {
    console.log('IPv6 loopback unavailable: IPv6 and IPv4-mapped socket cases skipped');
  }
  for (const [port, host] of ports) {
    await send(port, host, [
      `User-Agent: ${UA}`,
      'X-Forwarded-For: 6.6.6.6, 8.8.8.8',
      'Forwarded: for="[2a00:1450:4001:81b::200e]"',
    ]);
    await send(port, host, ['X-Real-IP: 8.8.8.8', 'CF-Connecting-IP: 8.8.8.8']);
  }
  await new Promise((resolve) => setImmediate(resolve));
  expect(lines.length).toBe(ports.length * 2);
  return lines;
}

afterAll(() => {
  for (const server of servers) server.close();
});

describe('pino-http', () => {
  it('writes full addresses and the user agent with its default req serializer', async () => {
    const lines = await run();
    expect(lines.some((line) => leaked(line).length > 0)).toBe(true);
    expect(lines.some((line) => line.includes('Firefox'))).toBe(true);
  });

  it('writes none with createPinoRequestSerializer, and keeps the rest of the record', async () => {
    const lines = await run(createPinoRequestSerializer());
    for (const line of lines) {
      expect(leaked(line)).toEqual([]);
      expect(line).not.toContain('Firefox');
      const record = JSON.parse(line) as { req: Record<string, unknown>; res: unknown; msg: string };
      expect(record.msg).toBe('request completed');
      expect(record.req['method']).toBe('GET');
      expect(record.req['remoteAddress']).toMatch(/^(127\.0\.0\.0|::)$/);
      expect(record.req['remotePort']).toBeUndefined();
      expect((record.req['headers'] as Record<string, unknown>)['host']).toBe('shop.example');
    }
  });
});

describe('pino', () => {
  it('serializes node:http requests and hostile records without a full address', () => {
    const { stream, lines } = sink();
    const logger = pino({ serializers: { req: createPinoRequestSerializer({ userAgent: () => 'firefox' }) } }, stream);
    const planted: string[] = [];
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.integer({ min: 1, max: 255 }), fc.nat(255)),
        fc.constantFrom('', '::ffff:', '[', ' '),
        fc.constantFrom('X-Forwarded-For', 'x-real-ip', 'True-Client-IP', 'Fly-Client-IP'),
        (parts, prefix, header) => {
          const address = parts.join('.');
          planted.push(address);
          logger.info({ req: { method: 'GET', remoteAddress: `${prefix}${address}`, headers: { [header]: address } } });
          logger.info({ req: { socket: { remoteAddress: address }, headers: { 'user-agent': UA } } });
        },
      ),
      { numRuns: 200 },
    );
    logger.info({ req: 'not a request' });
    logger.info({ req: { remoteAddress: ['8.8.8.8'], headers: null } });
    expect(lines.length).toBe(402);
    const text = lines.join('\n');
    for (const address of planted)
      expect(text).not.toMatch(new RegExp(`(^|[^0-9.])${address.replaceAll('.', '\\.')}($|[^0-9.])`));
    expect(text).not.toContain('Firefox');
    expect(JSON.parse(lines[1] ?? '{}').req.headers).toEqual({ 'user-agent': 'firefox' });
  });

  it('leaves out x-envoy-external-address, cf-connecting-ipv6 and x-azure-clientip', () => {
    const { stream, lines } = sink();
    const logger = pino({ serializers: { req: createPinoRequestSerializer() } }, stream);
    const planted = ['8.8.4.20', '2a00:1450:4001:81b::2020', '8.8.4.21'];
    logger.info({
      req: {
        method: 'GET',
        headers: {
          'x-envoy-external-address': '8.8.4.20',
          'CF-Connecting-IPv6': '2a00:1450:4001:81b::2020',
          'X-Azure-ClientIP': '8.8.4.21',
          accept: 'text/html',
        },
      },
    });
    const line = lines.join('\n');
    for (const address of planted)
      expect(line).not.toMatch(
        new RegExp(`(^|[^0-9a-fA-F.:])${address.replaceAll('.', '\\.')}($|[^0-9a-fA-F.:])`, 'i'),
      );
    expect(JSON.parse(lines[0] ?? '{}').req.headers).toEqual({ accept: 'text/html' });
  });

  it('refuses bad options with RequestError', () => {
    expect(() => createPinoRequestSerializer({ addresses: 'keep' as 'drop' })).toThrow(RequestError);
    expect(() => createPinoRequestSerializer({ userAgent: 'keep' as 'drop' })).toThrow(RequestError);
  });
});
