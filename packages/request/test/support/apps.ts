/**
 * @module
 * The same small app on every framework the package adapts, each served by the real framework
 * on `::` (dual-stack: a client on 127.0.0.1 arrives as `::ffff:127.0.0.1`, one on ::1 as `::1`).
 * `GET /` answers the privacy context as JSON; a failure answers `{ code }` with 400 for
 * `MALFORMED_HEADER` and 500 otherwise, through each framework's own error handling.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { expressPrivacy } from '../../src/express.js';
import { fastifyPrivacy } from '../../src/fastify.js';
import { readFetchRequest } from '../../src/fetch.js';
import { honoPrivacy } from '../../src/hono.js';
import type { PrivacyContext, RequestError, RequestPrivacy } from '../../src/index.js';
import { readNodeRequest } from '../../src/node.js';

export interface RunningApp {
  readonly port: number;
  close(): Promise<void>;
}

export type AppName = 'node:http' | 'fetch' | 'express' | 'fastify' | 'hono-node' | 'hono-web';
export const APPS: readonly AppName[] = ['node:http', 'fetch', 'express', 'fastify', 'hono-node', 'hono-web'];

const statusOf = (error: unknown): number => ((error as RequestError).code === 'MALFORMED_HEADER' ? 400 : 500);
const bodyOf = (error: unknown): string => JSON.stringify({ code: (error as RequestError).code ?? 'UNKNOWN' });

/** A Fetch API `Request` of a Node request, as a runtime that serves fetch handlers builds it. */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  return new Request(`http://localhost${req.url ?? '/'}`, { method: req.method ?? 'GET', headers });
}

/** A fetch handler served over node:http, the way Deno, Bun and Workers call one. */
function serveFetch(handler: (request: Request, peer: string | undefined) => Promise<Response>): Server {
  return createServer((req, res) => {
    let request: Request;
    try {
      request = toRequest(req);
    } catch {
      // Bytes Node accepts in a header value but the Headers class refuses: no runtime would
      // hand such a request to the handler.
      res.statusCode = 400;
      res.end();
      return;
    }
    handler(request, req.socket.remoteAddress).then(async (response) => {
      res.statusCode = response.status;
      res.setHeader('content-type', 'application/json');
      res.end(await response.text());
    });
  });
}

async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startApp<L>(name: AppName, privacy: RequestPrivacy<L>): Promise<RunningApp> {
  switch (name) {
    case 'node:http':
      return listen(
        createServer((req, res) => {
          readNodeRequest(privacy, req).then(
            (context) => res.end(JSON.stringify(context)),
            (error: unknown) => {
              res.statusCode = statusOf(error);
              res.end(bodyOf(error));
            },
          );
        }),
      );
    case 'fetch':
      return listen(
        serveFetch((request, peer) =>
          readFetchRequest(privacy, request, peer).then(
            (context) => Response.json(context),
            (error: unknown) => new Response(bodyOf(error), { status: statusOf(error) }),
          ),
        ),
      );
    case 'express': {
      const app = express();
      app.use(expressPrivacy(privacy));
      app.get('/', (_req, res) => {
        res.json(res.locals['privacy'] as PrivacyContext<L>);
      });
      app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(statusOf(error)).type('json').send(bodyOf(error));
      });
      return listen(createServer(app));
    }
    case 'fastify': {
      const app = Fastify();
      await app.register(fastifyPrivacy(privacy));
      app.get('/', async (request) => (request as unknown as { privacy: PrivacyContext<L> }).privacy);
      app.setErrorHandler((error, _request, reply) => {
        reply.status(statusOf(error)).type('application/json').send(bodyOf(error));
      });
      await app.listen({ port: 0, host: '::' });
      return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
    }
    case 'hono-node': {
      const app = new Hono<{ Variables: { privacy: PrivacyContext<L> } }>();
      app.use(honoPrivacy(privacy));
      app.get('/', (c) => c.json(c.get('privacy')));
      app.onError((error) => new Response(bodyOf(error), { status: statusOf(error) }));
      const server = serve({ fetch: app.fetch, port: 0, hostname: '::' }) as Server;
      await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', resolve)));
      return {
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    }
    case 'hono-web': {
      const app = new Hono<{ Bindings: { peer: string | undefined }; Variables: { privacy: PrivacyContext<L> } }>();
      app.use(honoPrivacy(privacy, (c) => (c.env as { peer: string | undefined }).peer));
      app.get('/', (c) => c.json(c.get('privacy')));
      app.onError((error) => new Response(bodyOf(error), { status: statusOf(error) }));
      return listen(serveFetch(async (request, peer) => app.fetch(request, { peer })));
    }
  }
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one request as raw bytes over a new connection from `host` (so headers can be anything
 * the bytes allow, which `http.request` would refuse to write) and reads the whole response.
 */
export async function send(port: number, host: '127.0.0.1' | '::1', headers: string | Buffer): Promise<RawResponse> {
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const end = raw.indexOf('\r\n\r\n');
      const head = raw.slice(0, end);
      let body = raw.slice(end + 4);
      if (/\r\ntransfer-encoding: chunked/i.test(head)) body = unchunk(body);
      resolve({ status: Number(head.slice(9, 12)), body: Buffer.from(body, 'latin1').toString('utf8') });
    });
    const start = Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n', 'latin1');
    const tail = Buffer.from('\r\n', 'latin1');
    socket.end(Buffer.concat([start, typeof headers === 'string' ? Buffer.from(headers, 'latin1') : headers, tail]));
  });
}

function unchunk(body: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const line = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.slice(at, line), 16);
    if (!(size > 0)) return out;
    out += body.slice(line + 2, line + 2 + size);
    at = line + 2 + size + 2;
  }
}
