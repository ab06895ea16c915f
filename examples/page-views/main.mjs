#!/usr/bin/env node
// Runs the page-view counter.
//
//   node examples/page-views/main.mjs [--port 8080]   serve on 127.0.0.1
//   node examples/page-views/main.mjs --self-check    run the checks and exit
//
// Build the packages first: `npm run build`.
import { parseArgs } from 'node:util';
import { createPageViews } from './app.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8080' }, 'self-check': { type: 'boolean' } },
});
if (values['self-check']) {
  const { selfCheck } = await import('./self-check.mjs');
  process.exit((await selfCheck()) ? 0 : 1);
}
const app = createPageViews();
const port = await app.listen(Number(values.port));
console.log(`page-views on http://127.0.0.1:${port}`);
console.log(
  `  curl -X POST http://127.0.0.1:${port}/v1/views -H 'content-type: application/json' -d '{"path":"/pricing"}'`,
);
console.log(`  curl http://127.0.0.1:${port}/v1/stats`);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => app.close().then(() => process.exit(0)));
