// A copy of the workspace's shared generator (../shared/tools/gen-access-log.mjs), kept so that a
// clone without ../shared (a contributor's laptop) can still run the CLI's slow suite and bench.
// The tests and bench use ../shared/tools/gen-access-log.mjs when it exists, else this file; the
// two produce the same bytes (checked by packages/cli/test/generator.test.ts when both are here).
// Writes a synthetic Apache/nginx "combined" access log to stdout: N lines, ~70% IPv4, ~30% IPv6.
// Usage: node gen-access-log.mjs N [seed]
const n = Number(process.argv[2] ?? 100000);
let s = Number(process.argv[3] ?? 42) >>> 0;
const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const uas = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'curl/8.5.0',
];
const paths = ['/', '/pricing', '/blog/privacy-by-design', '/contact', '/assets/app.js', '/api/forms/submit?id=42'];
const hex = () => Math.floor(rnd() * 65536).toString(16);
const months = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
const out = [];
for (let i = 0; i < n; i++) {
  const ip = rnd() < 0.7
    ? `${1 + Math.floor(rnd() * 223)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`
    : `2001:db8:${hex()}:${hex()}::${hex()}:${hex()}`;
  const t = 1763800000 + i;
  const d = new Date(t * 1000);
  const ts = `${String(d.getUTCDate()).padStart(2, '0')}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} +0000`;
  out.push(`${ip} - - [${ts}] "GET ${pick(paths)} HTTP/1.1" ${pick([200, 200, 200, 304, 404])} ${Math.floor(rnd() * 50000)} "https://example.org/" "${pick(uas)}"`);
  if (out.length === 10000) { process.stdout.write(out.join('\n') + '\n'); out.length = 0; }
}
if (out.length) process.stdout.write(out.join('\n') + '\n');
