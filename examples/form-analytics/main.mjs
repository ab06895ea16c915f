#!/usr/bin/env node
// Runs the form-analytics processor.
//
//   node examples/form-analytics/main.mjs [--port 8080] [--data-dir DIR]   serve on 127.0.0.1
//   node examples/form-analytics/main.mjs --self-check                     run the checks and exit
//
// Events go to PostgreSQL when DATABASE_URL (or PRIVKIT_TEST_PG_URL) is set, else to the embedded
// PGlite, in memory or in --data-dir. Build the packages first: `npm run build`.
import { parseArgs } from 'node:util';
import { startFormAnalytics } from './start.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'data-dir': { type: 'string' },
    'self-check': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: node examples/form-analytics/main.mjs [--port N] [--data-dir DIR] | --self-check');
  process.exit(0);
}
if (values['self-check']) {
  const { selfCheck } = await import('./self-check.mjs');
  process.exit((await selfCheck()) ? 0 : 1);
}

const app = await startFormAnalytics({ dataDir: values['data-dir'] });
// The signed documents must describe what this process does; refuse to run otherwise.
const errors = app.findings.filter((f) => f.severity === 'error');
for (const f of errors) console.error(`documents: ${f.rule} (${f.article}): ${f.message}`);
if (errors.length > 0) {
  console.error('form-analytics: the DPA or notice does not match the running configuration; not starting');
  await app.db.close();
  process.exit(1);
}
const url = await app.listen(Number(values.port));
console.log(`form-analytics on ${url} (events in ${app.db.kind}: ${app.db.where})`);
console.log(
  `  curl -X POST ${url}/v1/events -H 'content-type: application/json' ` +
    `-d '{"customer":"shop-example","form":"contact","event":"form-view"}'`,
);
console.log(`  curl '${url}/v1/stats?customer=shop-example'`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await app.close();
    await app.db.close();
    process.exit(0);
  });
}
