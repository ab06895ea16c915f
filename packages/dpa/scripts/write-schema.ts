/**
 * @module
 * Writes `dist/privacy-model.schema.json` (the `./schema.json` export) after the build, for
 * users who validate models outside JavaScript.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { modelJsonSchema } from '../src/schema.js';

mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../dist/privacy-model.schema.json', import.meta.url),
  `${JSON.stringify(modelJsonSchema(), null, 2)}\n`,
);
