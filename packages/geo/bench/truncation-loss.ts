/**
 * @module
 * What truncating *before* locating costs on the default database (DB-IP Lite Country): for
 * each truncation prefix, the share of located addresses whose country differs (or becomes
 * unknown) when the truncated network address is located instead of the full address. This is
 * why `locateAndTruncate` locates first. Run: `npm run bench -w @privkit/geo`.
 *
 * Two weightings, because neither is traffic: IPv4 drawn uniformly from the address space
 * (each address counts once), and addresses drawn from the database's own networks (each
 * network counts once, so small networks, which are where countries change, weigh more).
 * IPv6 is only meaningful per network: its space is almost all unallocated.
 */

import { truncateIp } from '@privkit/ip';
import { loadDefaultDatabaseSync } from '../src/default.js';
import { createLocator } from '../src/index.js';
import { random, treeCorpus } from '../test/support/oracle.js';

const database = loadDefaultDatabaseSync();
const geo = createLocator({ database, onStale: () => {} });
const rand = random(0x5eed);

function located(ips: Iterable<string>): string[] {
  const out: string[] = [];
  for (const ip of ips) if (geo.locate(ip).country !== null) out.push(ip);
  return out;
}

const uniform = located(
  Array.from({ length: 200_000 }, () => [0, 0, 0, 0].map(() => Math.floor(rand() * 256)).join('.')),
);
const tree = treeCorpus(database, 30_000, 0xbeef, 0.5);
const perNetwork4 = located(tree.filter((ip) => !ip.includes(':')));
const perNetwork6 = located(tree.filter((ip) => ip.includes(':')));
// Random descents favour big networks; leaning towards deeper branches samples the small ones.
const deep = treeCorpus(database, 30_000, 0xfeed, 0.5, 0.9);
const deep4 = located(deep.filter((ip) => !ip.includes(':')));
const deep6 = located(deep.filter((ip) => ip.includes(':')));

function loss(ips: string[], ipv4: number, ipv6: number): string {
  let changed = 0;
  for (const ip of ips) {
    if (geo.locate(truncateIp(ip, { ipv4, ipv6 })).country !== geo.locate(ip).country) changed++;
  }
  return `${((100 * changed) / ips.length).toFixed(1)} %`;
}

console.log(
  `DB-IP Lite Country built ${geo.provenance.builtAt.slice(0, 10)}; countries lost by truncating before locating:`,
);
console.table([
  ...[24, 20, 16, 8].map((bits) => ({
    prefix: `IPv4 /${bits}`,
    'per address (uniform)': loss(uniform, bits, 128),
    'per network (tree)': loss(perNetwork4, bits, 128),
    'small networks (deep)': loss(deep4, bits, 128),
  })),
  ...[64, 56, 48, 32].map((bits) => ({
    prefix: `IPv6 /${bits}`,
    'per address (uniform)': '-',
    'per network (tree)': loss(perNetwork6, 32, bits),
    'small networks (deep)': loss(deep6, 32, bits),
  })),
]);
console.log(
  `samples, all located: ${uniform.length} uniform IPv4; from the tree ${perNetwork4.length} IPv4 and ` +
    `${perNetwork6.length} IPv6; deep ${deep4.length} IPv4 and ${deep6.length} IPv6`,
);
