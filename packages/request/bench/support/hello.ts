/**
 * @module
 * The hello-world app of the adapters' load benchmark, in a process of its own so the load
 * generator does not share its event loop: `tsx bench/support/hello.ts <framework> <plain|privacy>`.
 * Both variants answer `hello` on `GET /`; `privacy` adds the adapter with a visitor id (memory
 * salt store) and the country (the DB-IP Lite database) behind a trusted loopback proxy, and
 * reads the context in the handler. Prints the port when it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createDefaultLocatorSync } from '@privkit/geo/default';
import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { expressPrivacy } from '../../src/express.js';
import { fastifyPrivacy } from '../../src/fastify.js';
import { readFetchRequest } from '../../src/fetch.js';
import { honoPrivacy } from '../../src/hono.js';
import { createRequestPrivacy, type PrivacyContext } from '../../src/index.js';
import { readNodeRequest } from '../../src/node.js';

const [framework, variant] = process.argv.slice(2);
const on = variant === 'privacy';
const privacy = createRequestPrivacy({
  trustProxy: ['loopback'],
  hasher: createVisitorHasher({ store: createMemorySaltStore() }),
  tenant: 'bench.example',
  locator: createDefaultLocatorSync(),
});
let seen = 0;
const keep = (context: PrivacyContext<unknown>): void => {
  if (context.visitorId !== undefined && context.location !== undefined) seen++;
};
const ready = (port: number): void => {
  console.log(`port ${port}`);
};

if (framework === 'node:http' || framework === 'fetch') {
  const server = createServer((req, res) => {
    // A fetch runtime builds the Request whether or not the adapter runs: both variants pay it.
    const request =
      framework === 'fetch'
        ? new Request('http://localhost/', { headers: req.headers as Record<string, string> })
        : undefined;
    if (!on) {
      res.end('hello');
      return;
    }
    const read =
      request === undefined
        ? readNodeRequest(privacy, req)
        : readFetchRequest(privacy, request, req.socket.remoteAddress);
    read.then(
      (context) => {
        keep(context);
        res.end('hello');
      },
      () => {
        res.statusCode = 500;
        res.end();
      },
    );
  });
  server.listen(0, '127.0.0.1', () => ready((server.address() as AddressInfo).port));
} else if (framework === 'express') {
  const app = express();
  if (on) app.use(expressPrivacy(privacy));
  app.get('/', (_req, res) => {
    if (on) keep(res.locals['privacy'] as PrivacyContext<unknown>);
    res.send('hello');
  });
  const server = app.listen(0, '127.0.0.1', () => ready((server.address() as AddressInfo).port));
} else if (framework === 'fastify') {
  const app = Fastify();
  if (on) await app.register(fastifyPrivacy(privacy));
  app.get('/', async (request) => {
    if (on) keep((request as unknown as { privacy: PrivacyContext<unknown> }).privacy);
    return 'hello';
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  ready((app.server.address() as AddressInfo).port);
} else if (framework === 'hono') {
  const app = new Hono<{ Variables: { privacy: PrivacyContext<unknown> } }>();
  if (on) app.use(honoPrivacy(privacy));
  app.get('/', (c) => {
    if (on) keep(c.get('privacy'));
    return c.text('hello');
  });
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready(info.port));
} else {
  throw new Error('usage: hello.ts <node:http|fetch|express|fastify|hono> <plain|privacy>');
}
process.on('SIGTERM', () => {
  if (on && seen === 0) console.error('the privacy variant never produced a visitor id and a country');
  process.exit(0);
});
