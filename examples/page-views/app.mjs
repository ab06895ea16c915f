// A page-view counter that keeps no address and no user agent: an Express 5 service whose only
// contact with the request's personal data is `@privkit/request`'s middleware. Per day and path
// it keeps a count of views, the set of the day's visitor ids (keyed ids whose salt is deleted
// after the day, so tomorrow's cannot be linked to today's; the set is dropped with its day) and
// counts per country, published with `@privkit/geo/rollup`'s k-threshold so that a country with
// fewer than k visitors is folded into its continent or "other".
import { createServer } from 'node:http';
import { createDefaultLocatorSync } from '@privkit/geo/default';
import { rollUp } from '@privkit/geo/rollup';
import { createRequestPrivacy } from '@privkit/request';
import { expressPrivacy } from '@privkit/request/express';
import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
import express from 'express';

/**
 * Builds the service. `trustProxy` lists the proxies in front of it (the self-check plays a local
 * proxy on the loopback interface); `k` is the smallest group published.
 */
export function createPageViews({ trustProxy = ['loopback'], k = 3, clock = () => new Date() } = {}) {
  const privacy = createRequestPrivacy({
    trustProxy,
    truncate: 'cnil',
    hasher: createVisitorHasher({ store: createMemorySaltStore() }),
    tenant: 'page-views.example',
    locator: createDefaultLocatorSync({ onStale: () => {} }),
  });
  /** day → path → { views, visitors: Set<id>, countries: Map<country|continent, Set<id>> } */
  const days = new Map();

  function record(path, context) {
    const day = clock().toISOString().slice(0, 10);
    for (const old of days.keys()) if (old < day) days.delete(old); // yesterday's ids go with it
    if (!days.has(day)) days.set(day, new Map());
    const paths = days.get(day);
    if (!paths.has(path)) paths.set(path, { views: 0, visitors: new Set(), buckets: new Map() });
    const row = paths.get(path);
    row.views += 1;
    if (context.visitorId === undefined) return; // no user agent: a view, not a visitor
    row.visitors.add(context.visitorId);
    const bucket = context.location;
    const key = JSON.stringify({ continent: bucket?.continent ?? null, country: bucket?.country ?? null });
    if (!row.buckets.has(key)) row.buckets.set(key, new Set());
    row.buckets.get(key).add(context.visitorId);
  }

  function stats() {
    const out = [];
    for (const [day, paths] of days) {
      for (const [path, row] of paths) {
        const entries = [...row.buckets].map(([key, ids]) => ({ bucket: JSON.parse(key), count: ids.size }));
        const { rows, withheld } = rollUp(entries, { k });
        const countries = rows.map((r) => ({
          level: r.level,
          country: r.country,
          continent: r.continent,
          visitors: r.count,
        }));
        out.push({ day, path, views: row.views, visitors: row.visitors.size, countries, withheld });
      }
    }
    return out;
  }

  const app = express();
  app.use(expressPrivacy(privacy));
  app.post('/v1/views', express.json({ limit: '2kb' }), (req, res) => {
    const path = typeof req.body?.path === 'string' && /^\/[\w/.-]{0,200}$/.test(req.body.path) ? req.body.path : null;
    if (path === null) return res.status(400).json({ error: '"path" must be a site path such as /pricing' });
    record(path, res.locals.privacy);
    res.status(204).end();
  });
  app.get('/v1/stats', (_req, res) => res.json(stats()));
  // The middleware's errors carry a code and never the request's text.
  app.use((error, _req, res, _next) => res.status(500).json({ error: error.code ?? 'INTERNAL' }));

  const server = createServer(app);
  return {
    /** Everything the service holds, for the self-check to search. */
    state: () =>
      JSON.stringify(
        [...days].map(([day, paths]) => [
          day,
          [...paths].map(([path, r]) => [
            path,
            r.views,
            [...r.visitors],
            [...r.buckets].map(([b, ids]) => [b, [...ids]]),
          ]),
        ]),
      ),
    stats,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve) => server.listen(port, host, () => resolve(server.address().port))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
