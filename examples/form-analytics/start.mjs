// Wires the processor together: database, geolocation, retention, the app, data-subject
// requests and the documents.
import { createDefaultLocator } from '@privkit/geo/default';
import { createFormAnalytics } from './app.mjs';
import { config as defaultConfig } from './config.mjs';
import { migrate, openDatabase } from './db.mjs';
import { checkDocuments, loadModel, serveDocuments } from './documents.mjs';
import { createDsarDesk } from './dsar.mjs';
import { createRetention } from './retention.mjs';

/**
 * Opens the database (PostgreSQL when configured, else PGlite), creates the tables and returns
 * the app, not yet listening. `now` is the clock; the demo and self-check move it forward.
 */
export async function startFormAnalytics({
  dataDir,
  url,
  schema,
  now = Date.now,
  config = defaultConfig,
  onStale,
} = {}) {
  const db = await openDatabase({ dataDir, url, schema });
  await migrate(db);
  // DB-IP Lite Country (CC BY 4.0, from npm). A stale database is reported once, not fatal:
  // countries move between networks slowly, and the notice names the source and its date.
  const locator = await createDefaultLocator({
    clock: now,
    onStale: onStale ?? ((w) => console.warn(`form-analytics: ${w.message}`)),
  });
  // Open data-subject requests hold their visitor's rows against the sweeps.
  const dsar = await createDsarDesk({ db, config, now });
  const retention = await createRetention({ db, config, now, holds: () => dsar.holds() });
  const app = createFormAnalytics({ db, locator, retention, config, now });
  app.retention = retention;
  app.dsar = dsar;
  dsar.attach(app);
  // The signed documents against the running configuration: findings are returned to the
  // caller (main.mjs prints them; the self-check and the demo fail on an error).
  app.model = loadModel();
  app.findings = checkDocuments(app.model, app);
  app.documents = serveDocuments(app, app.model);
  return app;
}
