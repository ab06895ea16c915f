// Data-subject requests, as a processor. Section 5 of the seed policy: "EXATOM processes your
// personal data as a 'processor' for the customer whose website you are visiting … and will
// forward your request to the customer and assist the customer in responding".
//
// The only personal data held is the daily visitor id, and it cannot be found from a name or an
// e-mail address. So a visitor files the request from the browser that visited: the request
// carries the same address and user agent, and the hasher gives back today's id. Nothing else
// about the requester is stored.
//
//   POST /v1/requests            a visitor files { customer, right }           → 202, forwarded
//   GET  /v1/requests?id=…       status, deadlines and whether the audit log verifies
//   POST /v1/requests/instruct   the customer's instruction { customer, id, action }, Bearer token:
//                                "export" → the visitor's events as an export bundle,
//                                "erase" → deleted, with per-source outcomes
//
// Requests live in @privkit/dsar's PostgreSQL store (hash-chained audit log per request). While
// a request is open, it holds the visitor's rows against the 24-hour sweep (`openHolds`), so an
// access request is never answered "already deleted" because the schedule ran in between.
import { randomBytes } from 'node:crypto';
import { createDsarService } from '@privkit/dsar';
import { dueDates } from '@privkit/dsar/deadlines';
import { buildExportBundle, eraseSubject } from '@privkit/dsar/fulfilment';
import { createPostgresDsarStore } from '@privkit/dsar/postgres';
import { clientIp, IpError } from '@privkit/ip';
import { httpError } from './app.mjs';

const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection'];

/** The request store and service; `holds()` feeds the retention sweeper. */
export async function createDsarDesk({ db, config, now = Date.now }) {
  const store = createPostgresDsarStore({ client: db.client, schema: db.schema });
  await store.migrate();
  const service = createDsarService({ store });
  const outbox = [];
  const iso = () => new Date(now()).toISOString();
  const s = `"${db.schema}"`;

  // The one data source holding personal data: the visits table, by visitor id.
  const visitsOf = (customer) => ({
    name: 'form-events',
    description: 'Form events recorded under your daily visitor id (kept 24 hours)',
    async find(subject) {
      const { rows } = await db.client.query(
        `SELECT count(*)::int AS n FROM ${s}.visits WHERE customer = $1 AND visitor = $2`,
        [customer, subject.subject],
      );
      return rows[0].n;
    },
    async export(subject) {
      const { rows } = await db.client.query(
        `SELECT form, event, path, country, region, received_at FROM ${s}.visits
         WHERE customer = $1 AND visitor = $2 ORDER BY received_at`,
        [customer, subject.subject],
      );
      return rows.map((r) => ({ ...r, received_at: new Date(r.received_at).toISOString() }));
    },
    async erase(subject) {
      const { rows } = await db.client.query(
        `DELETE FROM ${s}.visits WHERE customer = $1 AND visitor = $2 RETURNING 1`,
        [customer, subject.subject],
      );
      return rows.length === 0 ? { status: 'not-found' } : { status: 'erased', records: rows.length };
    },
  });

  const view = async (state) => ({
    id: state.id,
    status: state.status,
    right: state.right,
    receivedAt: state.receivedAt,
    forwardBy: dueDates(state).forwardBy?.date ?? null,
    forwardedAt: state.forwarding?.at ?? null,
    handedOverAt: state.forwarding?.acknowledgedAt ?? null,
    auditLogVerifies: (await service.verify(state.id)).valid,
  });

  const desk = {
    service,
    store,
    /** Messages forwarded to customers (a real deployment e-mails or posts them). */
    outbox,
    /** The legal holds of open requests, in `@privkit/retention`'s shape. */
    async holds() {
      return service.openHolds();
    },

    /** A visitor files a request from their browser; it is forwarded to the customer at once. */
    async file({ remoteAddress, headers, body, hasher }) {
      const { customer, right } = body ?? {};
      if (typeof customer !== 'string' || !Object.hasOwn(config.customers, customer))
        throw httpError(404, 'unknown customer');
      if (!RIGHTS.includes(right)) throw httpError(400, `"right" must be one of ${RIGHTS.join(', ')}`);
      let ip;
      try {
        // This app refuses a request whose forwarding header is malformed (400) rather than
        // attributing it to the last trusted proxy, the default.
        ip = clientIp({ remoteAddress, headers, trustProxy: config.trustProxy, onMalformed: 'throw' });
      } catch (error) {
        if (error instanceof IpError) throw httpError(400, error.message);
        throw error;
      }
      // No socket address: the connection has already closed.
      if (ip === undefined) throw httpError(400, 'the connection has closed');
      const userAgent = String(headers['user-agent'] ?? '').trim() || '-';
      const visitor = await hasher.id({ tenant: customer, ip, userAgent, at: now() });
      const id = `FA-${randomBytes(6).toString('hex')}`;
      await service.receive({
        type: 'receive',
        at: iso(),
        id,
        regime: 'gdpr',
        right,
        subject: visitor,
        timeZone: 'Europe/Brussels',
        channel: 'web-form',
        role: 'processor',
        contract: {
          controller: customer,
          forwardWithin: `P${config.dsar.forwardWithinDays}D`,
          citation: 'DPA §6.2; GDPR Art 28(3)(e)',
        },
      });
      const records = await visitsOf(customer).find({ subject: visitor, identifiers: [] });
      outbox.push({
        to: config.customers[customer].inbox,
        request: id,
        right,
        receivedAt: iso(),
        recordsHeld: records,
        note: 'Visit events are erased 24 hours after receipt; this visitor’s are held until your instruction.',
        instruct: 'POST /v1/requests/instruct { customer, id, action: "export" | "erase" }',
      });
      return service.apply(id, {
        type: 'forward',
        at: iso(),
        actor: 'form-analytics',
        note: `forwarded to ${customer}`,
      });
    },

    /** The customer's instruction: hands the request over, then exports or erases. */
    async instruct({ authorization, body }) {
      const { customer, id, action } = body ?? {};
      if (typeof customer !== 'string' || !Object.hasOwn(config.customers, customer))
        throw httpError(404, 'unknown customer');
      if (authorization !== `Bearer ${config.customers[customer].token}`)
        throw httpError(401, 'customer token required');
      if (action !== 'export' && action !== 'erase') throw httpError(400, '"action" must be "export" or "erase"');
      const state = await service.get(String(id)).catch(() => undefined);
      if (state?.contract?.controller !== customer) throw httpError(404, 'no such request');
      if (state.status !== 'forwarded')
        throw httpError(409, `the request is ${state.status}, not awaiting an instruction`);
      const source = visitsOf(customer);
      const result =
        action === 'export'
          ? { action, bundle: await buildExportBundle(state, [source], { generatedAt: iso() }) }
          : { action, outcomes: await eraseSubject(state, [source]) };
      // Handed over: the controller has the request and its answer; the hold ends with it.
      const handed = await service.apply(state.id, {
        type: 'controller-acknowledged',
        at: iso(),
        actor: customer,
        note: `instruction carried out: ${action}`,
      });
      return { ...result, request: await view(handed) };
    },

    /** Registers the routes on the app. */
    attach(app) {
      app.routes['POST /v1/requests'] = async (req) => {
        const body = await app.readJson(req);
        const state = await desk.file({
          remoteAddress: req.socket.remoteAddress,
          headers: req.headers,
          body,
          hasher: app.hasher,
        });
        const customer = config.customers[body.customer];
        const message =
          `${customer.name} decides on your request: we process this data on its behalf and have ` +
          `forwarded your request to it (contact: ${customer.email}).`;
        return { status: 202, json: { ...(await view(state)), message } };
      };
      app.routes['GET /v1/requests'] = async (_req, url) => {
        const state = await service.get(url.searchParams.get('id') ?? '').catch(() => undefined);
        if (!state) throw httpError(404, 'no such request');
        return { status: 200, json: await view(state) };
      };
      app.routes['POST /v1/requests/instruct'] = async (req) => ({
        status: 200,
        json: await desk.instruct({ authorization: req.headers.authorization, body: await app.readJson(req) }),
      });
    },
  };
  return desk;
}
