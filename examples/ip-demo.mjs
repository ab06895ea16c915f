// The README's demo: requests that reach an app through a load balancer, as an access log would
// record them, and what @privkit/ip makes of each. Run with `npm run demo` (it builds the
// package first). Every address here is from the documentation ranges or made up.
import { classifyIp, clientIp, compileTrust, IpError, truncateIp } from '@privkit/ip';

// The app sits behind a load balancer on 10.0.0.5 and a sidecar on loopback: trust those only.
const trustProxy = compileTrust(['loopback', '10.0.0.0/8']);

const requests = [
  { note: 'IPv4 client via the load balancer', socket: '10.0.0.5', xff: '203.0.113.77' },
  { note: 'spoofed left-most entry', socket: '10.0.0.5', xff: '127.0.0.1, 198.51.100.23' },
  { note: 'IPv6 client', socket: '::1', xff: '2001:db8:85a3:8d3:1319:8a2e:370:7348, 10.0.0.5' },
  { note: 'IPv4-mapped IPv6 socket', socket: '::ffff:10.0.0.5', xff: '[2001:db8::42]:51234' },
  { note: '6to4 client (IPv4 inside)', socket: '10.0.0.5', xff: '2002:cb00:7105::1' },
  { note: 'direct client forging the header', socket: '192.0.2.99', xff: '10.1.1.1' },
  { note: 'octal entry: the trusted hop that sent it', socket: '10.0.0.5', xff: '0177.0.0.1' },
  { note: 'short-form entry: the trusted hop', socket: '10.0.0.5', xff: '127.1' },
];

const rows = [];
for (const { note, socket, xff } of requests) {
  const headers = { 'x-forwarded-for': xff };
  try {
    const ip = clientIp({ remoteAddress: socket, headers, trustProxy });
    rows.push({
      request: note,
      client: ip.toString(),
      class: classifyIp(ip),
      'stored (cnil)': truncateIp(ip),
      'stored (anonip)': truncateIp(ip, 'anonip'),
    });
  } catch (error) {
    if (!(error instanceof IpError)) throw error;
    // The message names the header and the reason, never the value: safe to log.
    rows.push({
      request: note,
      client: `refused: ${error.code}`,
      class: '-',
      'stored (cnil)': '-',
      'stored (anonip)': '-',
    });
  }
}
console.table(rows);

// A log line, rewritten: only the truncated prefix is kept.
const line = '2001:db8:da6b:7fea::a45a:dc88 - - [22/Nov/2025:08:26:41 +0000] "GET /contact HTTP/1.1" 200 7010';
const [address, ...rest] = line.split(' ');
console.log(`\nbefore: ${line}\nafter:  ${[truncateIp(address), ...rest].join(' ')}`);
