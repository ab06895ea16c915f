import { parseIp, classifyIp } from '@privkit/ip';
import { createLocator } from '../src/index.ts';
import { loadDefaultDatabaseSync } from '../src/default.ts';
import { treeCorpus, random } from '../test/support/oracle.ts';
const db = loadDefaultDatabaseSync();
const geo = createLocator({ database: db, onStale() {} });
const rand = random(5);
const corpus = [...treeCorpus(db, 4000, 1, 0.35), ...Array.from({ length: 4000 }, () => [0,0,0,0].map(() => Math.floor(rand()*256)).join('.'))].filter((ip) => geo.locate(ip).status !== 'special');
const parsed = corpus.map((ip) => parseIp(ip));
function time(name: string, f: () => void) { for (let i = 0; i < 20; i++) f(); const t = performance.now(); for (let i = 0; i < 100; i++) f(); const ns = (performance.now() - t) * 1e6 / (100 * corpus.length); console.log(name, ns.toFixed(0), 'ns/op'); }
let s = 0;
time('parseIp', () => { for (const ip of corpus) s += parseIp(ip).family; });
time('toBytes', () => { for (const ip of parsed) s += ip.toBytes().length; });
time('classifyIp', () => { for (const ip of parsed) s += classifyIp(ip).length; });
time('locate(IpAddress)', () => { for (const ip of parsed) s += geo.locate(ip).inEU ? 1 : 0; });
time('locate(string)', () => { for (const ip of corpus) s += geo.locate(ip).inEU ? 1 : 0; });
console.log(s > 0);
