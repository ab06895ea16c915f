// Sample traffic for the ingestion endpoint: visitors (an address and a browser) who view a form,
// start filling it in and submit it, sent through a proxy on loopback that sets
// X-Forwarded-For, as a load balancer would. Seeded, so every run sends the same traffic.

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    'Version/17.4 Mobile/15E148 Safari/604.1',
];

// Public networks of well-known organisations in several countries, so the country lookup has
// something to find; the host part is random.
const NETWORKS = [
  '8.8.4.',
  '1.1.1.',
  '193.0.6.',
  '91.198.174.',
  '81.2.69.',
  '62.4.0.',
  '2a00:1450:4001:81c::',
  '2a02:2e0:3fe:1001::',
];

/** `n` visitors: an address and a user agent each. */
export function makeVisitors(n, seed = 7) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const visitors = [];
  for (let i = 0; i < n; i++) {
    const net = NETWORKS[Math.floor(rnd() * NETWORKS.length)];
    const host = net.endsWith('::') ? Math.floor(rnd() * 65535).toString(16) : String(1 + Math.floor(rnd() * 250));
    visitors.push({ ip: `${net}${host}`, userAgent: USER_AGENTS[Math.floor(rnd() * USER_AGENTS.length)] });
  }
  return visitors;
}

/** Posts one event as `visitor`, through the loopback "proxy". */
export async function sendEvent(baseUrl, visitor, event) {
  const response = await fetch(`${baseUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': visitor.ip, 'user-agent': visitor.userAgent },
    body: JSON.stringify(event),
  });
  if (response.status !== 204) throw new Error(`POST /v1/events answered ${response.status}: ${await response.text()}`);
}

/**
 * Every visitor views the contact form; two in three start it; one in three submits it.
 * Returns the number of events sent.
 */
export async function sendTraffic(baseUrl, visitors, customer = 'shop-example') {
  let sent = 0;
  for (const [i, visitor] of visitors.entries()) {
    const steps = ['form-view', ...(i % 3 !== 2 ? ['form-start'] : []), ...(i % 3 === 0 ? ['form-submit'] : [])];
    for (const event of steps) {
      // The submit step's URL carries the visitor's address, as real forms' redirects often do.
      const path = event === 'form-submit' ? `/contact?sent=1&email=visitor${i}%40example.com` : '/contact';
      await sendEvent(baseUrl, visitor, { customer, form: 'contact', event, path });
      sent++;
    }
  }
  return sent;
}
