/**
 * @module
 * Locates a few addresses in each MMDB file named on the command line and prints one outcome per
 * file as JSON: `answer`, or the `GeoError` code, or `crash` with the error's name. The tests run
 * it with a small V8 heap (`--max-old-space-size`), so a reader whose memory is not bounded kills
 * this process (out of memory) instead of the test runner, and the test sees the exit code.
 */
import { readFileSync } from 'node:fs';
import { createLocator, GeoError } from '../../src/index.js';

const ADDRESSES = ['8.8.8.8', '81.2.69.160', '2a02:d280::1', '::ffff:1.1.1.1'];
const outcomes: string[] = [];
for (const file of process.argv.slice(2)) {
  let outcome = 'answer';
  try {
    const geo = createLocator({ database: readFileSync(file), region: true, cell: 20, onStale: () => {} });
    for (const ip of ADDRESSES) geo.locate(ip);
  } catch (error) {
    outcome = error instanceof GeoError ? error.code : `crash ${error instanceof Error ? error.name : typeof error}`;
  }
  outcomes.push(outcome);
}
process.stdout.write(JSON.stringify(outcomes));
