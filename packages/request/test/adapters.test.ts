/**
 * Every adapter against its real framework over real HTTP on the loopback interface: spoofed,
 * malformed and oversized forwarding headers, IPv6 and IPv4-mapped sockets, missing user agents,
 * and generated hostile header values. No adapter may crash the process, answer a half-parsed
 * address, or put the raw address or user agent in a response.
 */
import { createLocator, type GeoBucket } from '@privkit/geo';
import { loadDefaultDatabaseSync } from '@privkit/geo/default';
import { akamai, cloudflare } from '@privkit/ip/cdn';
import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestPrivacy, type PrivacyContext } from '../src/index.js';
import { APPS, type AppName, type RunningApp, send, startApp } from './support/apps.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0';
const locator = createLocator({ database: loadDefaultDatabaseSync(), onStale: () => {} });
const hasher = createVisitorHasher({ store: createMemorySaltStore() });
const privacy = createRequestPrivacy({ trustProxy: ['loopback'], hasher, tenant: 'shop.example', locator });
const strict = createRequestPrivacy({ trustProxy: ['loopback'], onMalformed: 'throw' });
// Presets over real sockets: loopback plays an Akamai Site Shield server; it is in no Cloudflare range.
const viaAkamai = createRequestPrivacy({ ...akamai({ ranges: ['127.0.0.0/8', '::1/128'] }) });
const viaCloudflare = createRequestPrivacy({ ...cloudflare({ onStale: () => {} }) });

const context = (body: string): PrivacyContext<GeoBucket> => JSON.parse(body) as PrivacyContext<GeoBucket>;
/** A public address with host bits under every truncation preset, so its text cannot survive. */
const publicV4 = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
  .filter(([a]) => a !== 10 && a !== 127)
  .map((parts) => parts.join('.'));
const publicV6 = fc
  .array(fc.integer({ min: 1, max: 0xffff }), { minLength: 7, maxLength: 7 })
  .map((groups) => `2a0${groups.length % 10}:${groups.map((g) => g.toString(16)).join(':')}`);
/** Characters a forwarding header is made of, and those an attacker adds. */
const hostileChar = fc.constantFrom(
  ...'0123456789abcdef.:,; =[]"%/\\\t-_xXyYunknowfrFOR'.split(''),
  '\u00e9',
  '\u00ff',
  '\u0080',
  '\u0000',
  '\r',
  '\n',
);
const hostileValue = fc.oneof(
  fc.string({ unit: hostileChar, maxLength: 200 }),
  fc
    .array(fc.oneof(publicV4, publicV6, fc.string({ unit: hostileChar, maxLength: 20 })), { maxLength: 12 })
    .map((parts) => parts.join(', ')),
  fc
    .array(fc.oneof(publicV4, publicV6), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.map((p) => `for="${p.includes(':') ? `[${p}]` : p}:443"`).join(', ')),
);

for (const name of APPS) {
  describe(`${name}: the real framework over real HTTP`, () => {
    let app: RunningApp;
    let strictApp: RunningApp;
    let akamaiApp: RunningApp;
    let cloudflareApp: RunningApp;
    beforeAll(async () => {
      app = await startApp(name as AppName, privacy);
      strictApp = await startApp(name as AppName, strict);
      akamaiApp = await startApp(name as AppName, viaAkamai);
      cloudflareApp = await startApp(name as AppName, viaCloudflare);
    });
    afterAll(async () => {
      await app.close();
      await strictApp.close();
      await akamaiApp.close();
      await cloudflareApp.close();
    });

    it('a CDN preset: the header of a peer in its ranges names the client', async () => {
      for (const host of ['127.0.0.1', '::1'] as const) {
        const response = await send(akamaiApp.port, host, 'True-Client-IP: 8.8.4.4\r\nX-Forwarded-For: 6.6.6.6\r\n');
        expect(context(response.body).ipPrefix).toBe('8.8.0.0');
        expect(response.body).not.toContain('8.8.4.4');
      }
      const garbage = await send(akamaiApp.port, '127.0.0.1', 'True-Client-IP: 8.8.4.4, 9.9.9.9\r\n');
      expect([garbage.status, context(garbage.body).ipPrefix]).toEqual([200, '127.0.0.0']);
    });

    it('a CDN preset: a forged header from a peer outside its ranges is never read', async () => {
      const response = await send(cloudflareApp.port, '127.0.0.1', 'CF-Connecting-IP: 8.8.4.4\r\n');
      expect([response.status, context(response.body).ipPrefix]).toEqual([200, '127.0.0.0']);
    });

    it('an IPv4-mapped socket is the IPv4 client; its text stays out', async () => {
      const response = await send(app.port, '127.0.0.1', `User-Agent: ${UA}\r\n`);
      expect(response.status).toBe(200);
      const c = context(response.body);
      expect(c).toMatchObject({ ipPrefix: '127.0.0.0', ipClass: 'loopback', location: { status: 'special' } });
      expect(c.visitorId).toMatch(/^[0-9a-f]{32}$/);
      expect(response.body).not.toContain('127.0.0.1');
      expect(response.body).not.toContain('Firefox');
    });

    it('an IPv6 socket', async () => {
      const c = context((await send(app.port, '::1', `User-Agent: ${UA}\r\n`)).body);
      expect([c.ipPrefix, c.ipClass]).toEqual(['::', 'loopback']);
    });

    it('a spoofed left-most X-Forwarded-For entry never wins; the client is located, not kept', async () => {
      const response = await send(app.port, '127.0.0.1', `X-Forwarded-For: 6.6.6.6, 8.8.4.4\r\nUser-Agent: ${UA}\r\n`);
      const c = context(response.body);
      expect(c.ipPrefix).toBe('8.8.0.0');
      expect(c.location).toEqual(JSON.parse(JSON.stringify(locator.locate('8.8.4.4'))));
      expect(c.visitorId).toBe(await hasher.id({ tenant: 'shop.example', ip: '8.8.4.4', userAgent: UA }));
      expect(response.body).not.toContain('8.8.4.4');
      expect(response.body).not.toContain('6.6.6');
    });

    it('repeated X-Forwarded-For lines are one list, read from the right', async () => {
      const response = await send(app.port, '::1', 'X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 9.9.9.9\r\n');
      expect(context(response.body).ipPrefix).toBe('9.9.0.0');
    });

    it('a missing user agent is no visitor id, not a failure', async () => {
      const response = await send(app.port, '127.0.0.1', '');
      expect(response.status).toBe(200);
      expect(context(response.body).visitorId).toBeUndefined();
    });

    it('malformed entries make the trusted proxy the client by default, and 400 under "throw"', async () => {
      for (const value of ['unknown', '1.2.3.4.5', ',,,', '0177.0.0.1', '[::1', 'for=1.2.3.4', '_hidden']) {
        const header = `X-Forwarded-For: ${value}\r\n`;
        const lenient = await send(app.port, '127.0.0.1', header);
        expect([value, lenient.status, context(lenient.body).ipPrefix]).toEqual([value, 200, '127.0.0.0']);
        const refused = await send(strictApp.port, '127.0.0.1', header);
        expect([value, refused.status, refused.body]).toEqual([value, 400, '{"code":"MALFORMED_HEADER"}']);
      }
    });

    it("an oversized trusted chain stops at the read limit; a header past Node's limit is 431", async () => {
      const long = `X-Forwarded-For: 203.0.113.9, ${'127.0.0.1, '.repeat(1200)}127.0.0.1\r\n`;
      const response = await send(app.port, '127.0.0.1', long);
      expect(response.status).toBe(200);
      expect(context(response.body).ipPrefix).toBe('127.0.0.0');
      expect((await send(strictApp.port, '127.0.0.1', long)).status).toBe(400);
      const huge = await send(app.port, '127.0.0.1', `X-Forwarded-For: ${'1'.repeat(20_000)}\r\n`);
      expect(huge.status).toBe(431);
    });

    it('generated hostile header values: never a crash, a raw address, the user agent or a bad prefix', async () => {
      await fc.assert(
        fc.asyncProperty(
          hostileValue,
          hostileValue,
          fc.string({ minLength: 4, maxLength: 40 }),
          fc.boolean(),
          async (xff, forwarded, agent, v6) => {
            const marker = `UAmark${Buffer.from(agent).toString('hex')}`;
            const headers = Buffer.from(
              `X-Forwarded-For: ${xff}\r\nForwarded: ${forwarded}\r\nUser-Agent: ${marker}\r\n`,
              'latin1',
            );
            const response = await send(app.port, v6 ? '::1' : '127.0.0.1', headers);
            // 400: Node's parser (or the Headers class) refused the bytes before any handler ran.
            expect([200, 400]).toContain(response.status);
            expect(response.body).not.toContain('UAmark');
            for (const address of `${xff} ${forwarded}`.match(/[0-9a-f:.]{7,}/g) ?? []) {
              if (/^\d+\.\d+\.\d+\.\d*[1-9]\d*$/.test(address)) expect(response.body).not.toContain(`"${address}"`);
            }
            if (response.status === 200) {
              const c = context(response.body);
              // Cut at /16 or /48: an IPv4 prefix ends in .0.0, an IPv6 one in ::.
              expect(c.ipPrefix).toMatch(/^(\d+\.\d+\.0\.0|[0-9a-f:]*::)$/);
            }
          },
        ),
        { numRuns: 60 },
      );
      expect((await send(app.port, '127.0.0.1', '')).status).toBe(200);
    });
  });
}
