// The page-view counter's self-check (`npm run examples:test`): real HTTP on 127.0.0.1, this
// process playing the proxy in front of the service (it appends the client's address to
// X-Forwarded-For, as nginx's $proxy_add_x_forwarded_for does), with clients that spoof the header,
// send garbage in it or send no user agent. It checks the counts, the k-threshold, and that no
// client address or user agent is anywhere in what the service holds or publishes.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createDefaultLocatorSync } from '@privkit/geo/default';
import { createPageViews } from './app.mjs';

function post(port, path, headers) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ path });
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/views',
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function getStats(port) {
  const response = await fetch(`http://127.0.0.1:${port}/v1/stats`);
  return response.json();
}

const UAS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 15_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
];
// Public addresses of three countries by the bundled DB-IP data; the check asks the same database.
const CLIENTS = ['8.8.8.8', '8.8.4.4', '9.9.9.9', '2a00:1450:4001:82a::200e', '81.2.69.160'];

export async function selfCheck() {
  const app = createPageViews({ k: 2 });
  const port = await app.listen(0);
  try {
    let views = 0;
    const visitors = new Set();
    for (const ip of CLIENTS) {
      for (const ua of UAS) {
        // Twice per visitor, once with a spoofed entry the client wrote itself: one visitor.
        assert.equal(await post(port, '/pricing', { 'x-forwarded-for': ip, 'user-agent': ua }), 204);
        assert.equal(await post(port, '/pricing', { 'x-forwarded-for': `6.6.6.6, ${ip}`, 'user-agent': ua }), 204);
        views += 2;
        visitors.add(`${ip} ${ua}`);
      }
    }
    // No user agent: a view, not a visitor. Garbage in the header: the proxy is the client.
    assert.equal(await post(port, '/pricing', { 'x-forwarded-for': '8.8.8.8' }), 204);
    assert.equal(await post(port, '/pricing', { 'x-forwarded-for': 'unknown, 0177.0.0.1', 'user-agent': UAS[0] }), 204);
    views += 2;
    assert.equal(await post(port, '/not a path', { 'user-agent': UAS[0] }), 400);

    const [row, ...others] = await getStats(port);
    assert.equal(others.length, 0);
    assert.equal(row.path, '/pricing');
    assert.equal(row.views, views);
    assert.equal(row.visitors, visitors.size + 1, 'one visitor per (address, user agent), plus the proxy itself');

    const locator = createDefaultLocatorSync({ onStale: () => {} });
    const perCountry = new Map();
    for (const key of visitors) {
      const country = locator.locate(key.split(' ')[0]).country;
      perCountry.set(country, (perCountry.get(country) ?? 0) + 1);
    }
    for (const group of row.countries) {
      assert.ok(group.visitors >= 2, 'no published group is smaller than k');
      if (group.level === 'country') assert.equal(group.visitors, perCountry.get(group.country), group.country);
    }
    assert.ok(
      row.countries.some((group) => group.level === 'country'),
      'some country is published',
    );
    assert.equal(
      row.countries.reduce((sum, c) => sum + c.visitors, 0) + row.withheld,
      row.visitors,
      'every visitor is in exactly one published group or withheld',
    );

    const held = app.state() + JSON.stringify(row);
    for (const secret of [...CLIENTS, '6.6.6.6', '0177', 'Firefox', 'Safari', '127.0.0.1']) {
      assert.ok(!held.includes(secret), `"${secret}" is held or published`);
    }
    console.log(
      `page-views: ${row.views} views, ${row.visitors} visitors, ${row.countries.length} published groups; ` +
        'no address or user agent held',
    );
    return true;
  } catch (error) {
    console.error(error);
    return false;
  } finally {
    await app.close();
  }
}
