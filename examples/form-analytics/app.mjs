// The form-analytics processor: an HTTP ingestion endpoint (node:http) that turns a page event
// into a daily visitor id, a country and region, and a truncated security copy of the address,
// and stores nothing else about the visitor. See README.md for the routes and the data flow.
import { createServer } from 'node:http';
import { continentOf } from '@privkit/geo';
import { rollUp } from '@privkit/geo/rollup';
import { clientIp, IpError } from '@privkit/ip';
import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
import { config as defaultConfig } from './config.mjs';

const MAX_BODY = 8 * 1024;
const NAME = /^[a-z0-9][a-z0-9_.:/-]{0,127}$/i;

/**
 * Builds the app around an open database (see db.mjs) and a `@privkit/geo` locator. `now` is the
 * clock (the demo and the self-check move it forward to show the retention sweeps).
 */
export function createFormAnalytics({ db, locator, retention, config = defaultConfig, now = Date.now }) {
  const s = `"${db.schema}"`;
  // One process: the salts live in memory and die with it. A fleet shares a Redis or PostgreSQL
  // salt store (`@privkit/visitor-hash/redis`, `/postgres`), kept apart from the events.
  const saltStore = createMemorySaltStore();
  const hasherOptions = { store: saltStore, clock: now, grace: config.visitorHash.grace };
  const hasher = createVisitorHasher(hasherOptions);
  const counters = { events: 0, rejected: 0 };

  /** Ingests one event; returns the stored row (without anything that identifies the visitor). */
  async function ingest({ remoteAddress, headers, body }) {
    const { customer, form = '', event, path } = body ?? {};
    if (typeof customer !== 'string' || !Object.hasOwn(config.customers, customer))
      throw httpError(404, 'unknown customer');
    if (typeof event !== 'string' || !NAME.test(event)) throw httpError(400, '"event" must be a short name');
    if (typeof form !== 'string' || (form !== '' && !NAME.test(form)))
      throw httpError(400, '"form" must be a short name');
    if (path !== undefined && (typeof path !== 'string' || path.length > 512))
      throw httpError(400, '"path" must be a string');
    let ip;
    try {
      // This app refuses a request whose forwarding header is malformed (400) rather than
      // attributing it to the last trusted proxy, the default.
      ip = clientIp({ remoteAddress, headers, trustProxy: config.trustProxy, onMalformed: 'throw' });
    } catch (error) {
      // The message names the header and the reason, never the address: safe to return.
      if (error instanceof IpError) throw httpError(400, error.message);
      throw error;
    }
    // No socket address: the connection has already closed.
    if (ip === undefined) throw httpError(400, 'the connection has closed');
    const at = now();
    const userAgent = String(headers['user-agent'] ?? '').trim() || '-';
    const visitor = await hasher.id({ tenant: customer, ip, userAgent, at });
    // One call locates the full address and truncates it: the security copy is the prefix.
    const { bucket, prefix: ipPrefix } = locator.locateAndTruncate(ip, { truncate: config.securityCopyPreset });
    // `unknown` and special-purpose addresses (a private range behind a misconfigured proxy)
    // have no country: "ZZ", the ISO 3166 user-assigned code for "unknown".
    const country = bucket.country ?? 'ZZ';
    // "Country and geographical region": the subdivision (`DE-BY`) with a city database and
    // `region: true`; with the default country database the continent is the region.
    const region = bucket.region ?? bucket.continent;
    // From here on only the id, the coarse location and the prefix exist; `ip` and `userAgent`
    // go out of scope with this call.
    // Query strings and fragments carry e-mail addresses, tokens and search terms: the path only.
    const page = path === undefined ? null : path.split(/[?#]/, 1)[0];
    const receivedAt = new Date(at);
    const day = receivedAt.toISOString().slice(0, 10);
    const seen = await db.client.query(
      `SELECT 1 FROM ${s}.visits WHERE customer = $1 AND visitor = $2 AND day = $3 LIMIT 1`,
      [customer, visitor, day],
    );
    // Every row carries its deletion date from the retention policy, computed as it is written.
    const visitDue = retention.due('visitor-id', receivedAt);
    await db.client.query(
      `INSERT INTO ${s}.visits (customer, visitor, day, form, event, path, country, region, received_at, due_at, rule)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [customer, visitor, day, form, event, page, country, region ?? null, receivedAt, visitDue.dueAt, visitDue.rule],
    );
    const ipDue = retention.due('ip-address', receivedAt);
    await db.client.query(
      `INSERT INTO ${s}.security_log (customer, ip_prefix, received_at, due_at, rule) VALUES ($1, $2, $3, $4, $5)`,
      [customer, ipPrefix, receivedAt, ipDue.dueAt, ipDue.rule],
    );
    // Aggregates are kept per day: 90 days from the start of the day they count.
    const statsDue = retention.due('anonymous-statistics', `${day}T00:00:00Z`);
    await db.client.query(
      `INSERT INTO ${s}.daily_stats (customer, day, form, event, country, events, visitors, due_at, rule)
       VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8)
       ON CONFLICT (customer, day, form, event, country)
       DO UPDATE SET events = ${s}.daily_stats.events + 1, visitors = ${s}.daily_stats.visitors + EXCLUDED.visitors`,
      [customer, day, form, event, country, seen.rows.length === 0 ? 1 : 0, statsDue.dueAt, statsDue.rule],
    );
    counters.events++;
    return { customer, visitor, day, form, event, country, region };
  }

  /**
   * Daily statistics of one customer: what the customer's dashboard shows. Unique visitors per
   * location are rolled up (`@privkit/geo/rollup`) until every published row holds at least
   * `minVisitorsPerCountry` visitors: "1 visitor from Liechtenstein" would single someone out.
   */
  async function stats(customer) {
    const byCountry = await db.client.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, country, sum(visitors)::int AS visitors
       FROM ${s}.daily_stats WHERE customer = $1 GROUP BY day, country ORDER BY day, country`,
      [customer],
    );
    const byEvent = await db.client.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, form, event, sum(events)::int AS events
       FROM ${s}.daily_stats WHERE customer = $1 GROUP BY day, form, event ORDER BY day, form, event`,
      [customer],
    );
    const days = new Map();
    const dayOf = (day) =>
      days.get(day) ?? days.set(day, { day, visitors: 0, locations: [], events: {}, entries: [] }).get(day);
    for (const { day, country, visitors } of byCountry.rows) {
      const d = dayOf(day);
      d.visitors += visitors;
      d.entries.push({ bucket: { continent: continentOf(country), country }, count: visitors });
    }
    for (const { day, form, event, events } of byEvent.rows) dayOf(day).events[`${form}/${event}`] = events;
    for (const d of days.values()) {
      const { rows, withheld } = rollUp(d.entries, { k: config.minVisitorsPerCountry, finest: 'country' });
      d.locations = rows.map((r) => ({ location: r.country ?? r.continent ?? 'other', visitors: r.count }));
      d.withheld = withheld;
      delete d.entries;
    }
    return { days: [...days.values()], attribution: locator.provenance.attribution };
  }

  /** Row counts per table, for reports and checks. */
  async function counts() {
    const out = {};
    for (const table of ['visits', 'security_log', 'daily_stats']) {
      const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM ${s}.${table}`);
      out[table] = rows[0].n;
    }
    return out;
  }

  const routes = {
    'POST /v1/events': async (req) => {
      await ingest({ remoteAddress: req.socket.remoteAddress, headers: req.headers, body: await readJson(req) });
      return { status: 204 };
    },
    'GET /v1/stats': async (_req, url) => {
      const customer = url.searchParams.get('customer') ?? '';
      if (!Object.hasOwn(config.customers, customer)) throw httpError(404, 'unknown customer');
      return { status: 200, json: await stats(customer) };
    },
    'GET /health': async () => ({ status: 200, json: { ok: true, database: db.kind } }),
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[`${req.method} ${url.pathname}`] ?? app.routes[`${req.method} ${url.pathname}`];
    try {
      if (!route) throw httpError(404, 'no such route');
      const { status, json, html } = await route(req, url);
      if (html !== undefined) res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      else if (json !== undefined)
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      else res.writeHead(status).end();
    } catch (error) {
      const status = error.status ?? 500;
      if (status === 500) console.error(`form-analytics: ${error.name}: ${error.message}`);
      else counters.rejected++;
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: status === 500 ? 'internal error' : error.message }));
    }
  });

  const app = {
    db,
    config,
    hasher,
    hasherOptions,
    server,
    counters,
    /** Extra routes (DSAR, privacy notice) registered by the modules that own them. */
    routes: {},
    ingest,
    readJson,
    stats,
    counts,
    /** Starts listening on 127.0.0.1; resolves to the base URL. */
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(`http://${host}:${server.address().port}`));
      });
    },
    close() {
      // Idle keep-alive connections would otherwise hold close() for seconds.
      server.closeIdleConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return app;
}

export function httpError(status, message) {
  return Object.assign(new Error(message), { status });
}

async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw httpError(413, 'body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw httpError(400, 'body must be JSON');
  }
}
