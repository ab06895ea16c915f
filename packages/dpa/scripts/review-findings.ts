/**
 * @module
 * Prints the findings of each fixture next to its reviewed snapshot in test/expected/, and with
 * `--write` replaces the snapshots. Run by hand only (never in CI): a changed finding must be
 * read, judged against the seed text and the law, and then committed deliberately.
 *
 *   npx tsx scripts/review-findings.ts          # show differences
 *   npx tsx scripts/review-findings.ts --write  # accept them after review
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { checkModel, parseModel } from '../src/index.js';
import { FIXTURES, fixtureJson } from '../test/fixtures/index.js';

const write = process.argv.includes('--write');
for (const name of FIXTURES) {
  const file = new URL(`../test/expected/${name}.findings.json`, import.meta.url);
  const now = `${JSON.stringify(checkModel(parseModel(fixtureJson(name))), null, 2)}\n`;
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (now === before) console.log(`${name}: unchanged`);
  else if (write) {
    writeFileSync(file, now);
    console.log(`${name}: written`);
  } else console.log(`${name}: DIFFERS\n${now}`);
}
