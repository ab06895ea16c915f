import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS, regimeTable, withTable } from '../scripts/regime-table.js';
import { periodText } from '../src/deadlines/counting.js';
import { REGIME_IDS } from '../src/registry.js';

describe('the regime table of the README and the guide', () => {
  const table = regimeTable();

  for (const file of DOCUMENTS)
    it(`${file.pathname.split('/').slice(-2).join('/')} holds the table the regimes generate`, () => {
      const doc = readFileSync(file, 'utf8');
      expect(doc, 'run `npx tsx scripts/regime-table.ts` in packages/dsar').toBe(withTable(doc, table));
    });

  it('has a row for every shipped regime and words periods as the law does', () => {
    for (const id of REGIME_IDS) expect(table).toContain(`| \`${id}\` |`);
    expect(periodText('P1M')).toBe('1 month');
    expect(periodText('P45D')).toBe('45 days');
    expect(periodText({ workingDays: 20 })).toBe('20 working days');
    expect(periodText('P1Y2M')).toBe('1 year 2 months');
  });
});
