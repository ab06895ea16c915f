/**
 * A DPA with many sub-processors, built from the complete example: 40 % outside the EEA (with
 * SCC, DPF or adequacy transfers), every Annex IV field filled.
 */
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noExplicitAny: the bench edits fixture JSON before parsing it
type Loose = any;

const COUNTRIES = ['DE', 'FR', 'IE', 'NL', 'BE', 'US', 'GB', 'CH', 'IN', 'JP'];

export function largeDpaJson(subProcessors: number): Loose {
  const m = JSON.parse(readFileSync(new URL('../test/fixtures/example-complete.json', import.meta.url), 'utf8'));
  for (let i = 0; i < subProcessors; i++) {
    const country = COUNTRIES[i % COUNTRIES.length] as string;
    const id = `sp-${i}`;
    const sp: Loose = {
      id,
      name: `Vendor ${i} ${['GmbH', 'SAS', 'Ltd', 'Inc.', 'BV'][i % 5]}`,
      address: `${i + 1} Example Street, ${country}`,
      contact: { name: 'Privacy office', email: `privacy@vendor${i}.example` },
      country,
      locations: [country],
      service: ['Hosting', 'E-mail delivery', 'Error tracking', 'Customer support tooling', 'Backups'][i % 5],
    };
    if (['US', 'IN', 'GB', 'CH', 'JP'].includes(country)) {
      const t = `t-${id}`;
      sp.transfers = [t];
      m.transfers.push({
        id: t,
        to: country,
        importer: id,
        mechanism:
          country === 'US'
            ? { type: 'dpf', certified: true }
            : country === 'IN'
              ? { type: 'scc', module: 3, tia: true }
              : { type: 'adequacy', ...(country === 'JP' ? { scope: 'APPI business operator' } : {}) },
      });
    }
    m.subProcessors.push(sp);
  }
  return m;
}
