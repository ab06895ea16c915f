// Data-subject requests, as a processor. Section 5 of the seed policy: "EXATOM processes your
// personal data as a 'processor' for the customer whose website you are visiting … and will
// forward your request to the customer and assist the customer in responding".
//
// The only personal data held is the daily visitor id, and it cannot be computed from a name or
// an e-mail address. So a visitor files the request from the browser that visited: the request
// carries the same address and user agent, and the hasher gives back today's id (and yesterday's
// during the grace window). Nothing else about the requester is stored.
//
//   POST /v1/requests                 a visitor files { customer, right }          → 202 forwarded
//   GET  /v1/requests?id=…            status and deadlines (visitor or customer)
//   POST /v1/requests/acknowledge     the customer confirms receipt { id }         (Bearer token)
//   POST /v1/requests/instruct        the customer's instruction { id, action }   (Bearer token)
//                                     action "export" → the visitor's events; "erase" → deleted
import { randomBytes } from 'node:crypto';
import { clientIp, IpParseError } from '@privkit/ip';
import { dueDates, openRequest, transition } from '@privkit/dsar';
import { httpError } from './app.mjs';

const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection'];

export function createDsarDesk({ app, holds, now = Date.now, outbox = [] }) {
  const { db, config, hasher } = app;
  const s = `"${db.schema}"`;
  const iso = () => new Date(now()).toISOString();

  async function load(id) {
    const { rows } = await db.client.query(`SELECT state, events, customer FROM ${s}.requests WHERE id = $1`, [id]);
    if (rows.length === 0) throw httpError(404, 'no such request');
    return rows[0];
  }
  async function save(state, events, customer) {
    await db.client.query(
      `INSERT INTO ${s}.requests (id, customer, state, events) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, events = EXCLUDED.events`,
      [state.id, customer, JSON.stringify(state), JSON.stringify(events)],
    );
  }
  function customerOf(req, body) {
    const customer = body?.customer;
    if (typeof customer !== 'string' || !Object.hasOwn(config.customers, customer)) throw httpError(404, 'unknown customer');
    if (req.headers.authorization !== `Bearer ${config.customers[customer].token}`) throw httpError(401, 'customer token required');
    return customer;
  }
  const view = (state) => ({
    id: state.id,
    status: state.status,
    right: state.right,
    receivedAt: state.receivedAt,
    forwardBy: dueDates(state).forwardBy?.date ?? null,
    forwardedAt: state.forwarding?.at ?? null,
    controllerAcknowledgedAt: state.forwarding?.acknowledgedAt ?? null,
  });

  /** A visitor files a request; it is forwarded to the customer at once. */
  async function file({ remoteAddress, headers, body }) {
    const { customer, right } = body ?? {};
    if (typeof customer !== 'string' || !Object.hasOwn(config.customers, customer)) throw httpError(404, 'unknown customer');
    if (!RIGHTS.includes(right)) throw httpError(400, `"right" must be one of ${RIGHTS.join(', ')}`);
    let ip;
    try {
      ip = clientIp({ remoteAddress, headers, trustProxy: config.trustProxy });
    } catch (error) {
      if (error instanceof IpParseError) throw httpError(400, error.message);
      throw error;
    }
    const userAgent = String(headers['user-agent'] ?? '').trim() || '-';
    // Today's id, and yesterday's during the grace window after midnight.
    const visitorIds = await hasher.candidates({ tenant: customer, ip, userAgent, at: now() });
    const at = iso();
    const id = `FA-${randomBytes(6).toString('hex')}`;
    const receive = {
      type: 'receive',
      at,
      id,
      regime: 'gdpr',
      right,
      subject: visitorIds[0],
      timeZone: 'Europe/Brussels',
      channel: 'web-form',
      role: 'processor',
      contract: {
        controller: customer,
        forwardWithin: { days: config.dsar.forwardWithinDays },
        citation: 'DPA §6.2; GDPR Art 28(3)(e)',
      },
    };
    let state = openRequest(receive);
    const events = [receive];
    // While the customer decides, the visitor's rows are not swept: an access request must not
    // be answered with "already deleted" because the 24-hour rule ran in between.
    for (const subject of visitorIds) {
      holds.push({
        id: `dsar:${id}:${holds.length}`,
        scope: { subject },
        reason: 'open data-subject request, forwarded to the controller',
        citation: 'Art. 28(3)(e) GDPR',
        source: `dsar:${id}`,
        placedAt: at,
      });
    }
    const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM ${s}.visits WHERE customer = $1 AND visitor = ANY($2)`, [
      customer,
      visitorIds,
    ]);
    // Forwarding: a message to the customer's request inbox (here, the outbox array).
    const message = {
      to: config.customers[customer].inbox,
      request: id,
      right,
      receivedAt: at,
      subject: visitorIds[0],
      recordsHeld: rows[0].n,
      retention: 'visit events are erased 24 hours after receipt; held until your instruction',
      instruct: 'POST /v1/requests/instruct { id, action: "export" | "erase" }',
    };
    outbox.push(message);
    const forward = { type: 'forward', at: iso(), actor: 'form-analytics', note: `forwarded to ${customer}` };
    state = transition(state, forward);
    events.push(forward);
    await save(state, events, customer);
    return { state, message };
  }

  async function acknowledge(req, body) {
    const customer = customerOf(req, body);
    const row = await load(String(body.id));
    if (row.customer !== customer) throw httpError(404, 'no such request');
    const event = { type: 'controller_acknowledged', at: iso(), actor: customer };
    const state = transition(row.state, event);
    await save(state, [...row.events, event], customer);
    return state;
  }

  /** Carries out the controller's instruction for the request's visitor ids; lifts the hold. */
  async function instruct(req, body) {
    const customer = customerOf(req, body);
    const row = await load(String(body.id));
    if (row.customer !== customer) throw httpError(404, 'no such request');
    const subjects = holds.filter((h) => h.source === `dsar:${row.state.id}`).map((h) => h.scope.subject);
    const ids = subjects.length > 0 ? subjects : [row.state.subject];
    let result;
    if (body.action === 'export') {
      const { rows } = await db.client.query(
        `SELECT form, event, path, country, region, received_at FROM ${s}.visits
         WHERE customer = $1 AND visitor = ANY($2) ORDER BY received_at`,
        [customer, ids],
      );
      result = { action: 'export', records: rows.length, events: rows.map((r) => ({ ...r, received_at: new Date(r.received_at).toISOString() })) };
    } else if (body.action === 'erase') {
      const { rows } = await db.client.query(`DELETE FROM ${s}.visits WHERE customer = $1 AND visitor = ANY($2) RETURNING 1`, [customer, ids]);
      result = { action: 'erase', records: rows.length };
    } else {
      throw httpError(400, '"action" must be "export" or "erase"');
    }
    // The instruction is carried out: the hold is lifted and the normal schedule applies again.
    for (let i = holds.length - 1; i >= 0; i--) if (holds[i].source === `dsar:${row.state.id}`) holds.splice(i, 1);
    const note = { type: 'instruction', at: iso(), actor: customer, action: body.action, records: result.records };
    await save(row.state, [...row.events, note], customer);
    return result;
  }

  app.routes['POST /v1/requests'] = async (req) => {
    const body = await app.readJson(req);
    const { state } = await file({ remoteAddress: req.socket.remoteAddress, headers: req.headers, body });
    const customer = config.customers[body.customer];
    return {
      status: 202,
      json: {
        ...view(state),
        message: `${customer.name} decides on your request: we process this data on its behalf, and have forwarded your request to it. Contact: ${customer.email}.`,
      },
    };
  };
  app.routes['GET /v1/requests'] = async (_req, url) => ({ status: 200, json: view((await load(url.searchParams.get('id') ?? '')).state) });
  app.routes['POST /v1/requests/acknowledge'] = async (req) => ({ status: 200, json: view(await acknowledge(req, await app.readJson(req))) });
  app.routes['POST /v1/requests/instruct'] = async (req) => ({ status: 200, json: await instruct(req, await app.readJson(req)) });

  return { file, acknowledge, instruct, outbox, load };
}
