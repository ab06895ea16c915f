import { readFileSync } from 'node:fs';
import { createLocator } from '../src/index.ts';
for (const f of ['/tmp/geo-city.mmdb', '/tmp/geo-city4.mmdb', '/tmp/geo-flat.mmdb']) {
  const g = createLocator({ database: readFileSync(f), region: true, cell: 50, onStale() {} });
  console.log(f, g.provenance);
  for (const ip of ['81.2.69.160','89.160.20.115','89.160.20.200','175.16.199.1','216.160.83.57','2.125.160.217','67.43.156.1','202.196.224.1','2001:480::1','2a02:d280::1','2a02:f000::1','10.0.0.1','1.0.16.1','::ffff:81.2.69.1']) console.log(ip, JSON.stringify(g.locate(ip)));
}
