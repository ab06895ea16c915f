/**
 * @module
 * `@privkit/ip/cdn`: the shipped snapshots parse and say where they came from; for every preset
 * with ranges, generated peers inside the ranges get the CDN's header read and generated peers
 * outside never do, whatever they forge; the CloudFront `address:port` forms; Google's position
 * rule; the platform presets; staleness warnings; option errors; and the trace of each decision.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  akamai,
  awsAlb,
  CDN_RANGES,
  type CdnPreset,
  cloudflare,
  cloudfront,
  fastly,
  flyio,
  googleCloud,
  ingressNginx,
  netlify,
  type StaleRangesWarning,
  vercel,
} from '../src/cdn.js';
import { clientIp, explainClientIp, type IpCidr, IpError, parseCidr } from '../src/index.js';

const quiet = { onStale: () => {} };
const DAY = 86_400_000;

/** Text of an address inside `block`, its host bits taken from `random`. */
function inside(block: IpCidr, random: Uint8Array): string {
  const base = block.address.toBytes();
  const bytes = base.map((b, i) => {
    const fixed = Math.max(0, Math.min(8, block.prefixLength - i * 8));
    const mask = (0xff << (8 - fixed)) & 0xff;
    return (b & mask) | ((random[i] ?? 0) & ~mask & 0xff);
  });
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const v6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((g) => g.map((x) => x.toString(16)).join(':'));
const anyAddress = fc.oneof(v4, v6);
/** Header values a client may forge: addresses, lists, garbage, long runs. */
const forged = fc.oneof(
  anyAddress,
  fc.array(anyAddress, { minLength: 2, maxLength: 4 }).map((l) => l.join(', ')),
  fc.string({ maxLength: 64 }),
  fc.constant(`${'9'.repeat(5000)}`),
);

const SHIPPED: Array<[string, () => CdnPreset, string, readonly string[]]> = [
  [
    'cloudflare',
    () => cloudflare(quiet),
    'cf-connecting-ip',
    [...CDN_RANGES.cloudflare.ipv4, ...CDN_RANGES.cloudflare.ipv6],
  ],
  [
    'cloudfront',
    () => cloudfront(quiet),
    'cloudfront-viewer-address',
    [...CDN_RANGES.cloudfront.ipv4, ...CDN_RANGES.cloudfront.ipv6],
  ],
  [
    'fastly (Fastly-Client-IP)',
    () => fastly({ ...quiet, clientIpHeader: true }),
    'fastly-client-ip',
    [...CDN_RANGES.fastly.ipv4, ...CDN_RANGES.fastly.ipv6],
  ],
  [
    'akamai',
    () => akamai({ ranges: ['192.0.2.0/24', '2001:db8:a::/48'] }),
    'true-client-ip',
    ['192.0.2.0/24', '2001:db8:a::/48'],
  ],
];

describe('the shipped snapshots', () => {
  it.each(Object.entries(CDN_RANGES))('%s: every block parses, with its source, day and origin', (_name, r) => {
    expect(r.ipv4.length).toBeGreaterThan(0);
    expect(r.ipv6.length).toBeGreaterThan(0);
    for (const cidr of r.ipv4) expect(parseCidr(cidr).address.family).toBe(4);
    for (const cidr of r.ipv6) expect(parseCidr(cidr).address.family).toBe(6);
    for (const url of r.source) expect(url).toMatch(/^https:\/\//);
    expect(r.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(r.retrieved))).toBe(false);
    expect(r.snapshot.length).toBeGreaterThan(20);
  });

  it('holds the well-known blocks', () => {
    expect(CDN_RANGES.cloudflare.ipv4).toContain('173.245.48.0/20');
    expect(CDN_RANGES.cloudflare.ipv6).toContain('2606:4700::/32');
    expect(CDN_RANGES.fastly.ipv4).toContain('151.101.0.0/16');
    expect(CDN_RANGES.cloudfront.ipv4).toContain('130.176.0.0/18');
    expect(CDN_RANGES.google.ipv4).toEqual(['35.191.0.0/16', '130.211.0.0/22']);
  });
});

describe.each(SHIPPED)('%s', (_name, make, header, ranges) => {
  const preset = make();
  const blocks = ranges.map((c) => parseCidr(c));
  const outsideAll = anyAddress.filter((a) => !blocks.some((b) => b.contains(a)));
  const value = (ip: string) => (header === 'cloudfront-viewer-address' ? `${ip}:443` : ip);

  it('a peer inside the ranges: the header names the client', () => {
    fc.assert(
      fc.property(
        fc.nat(blocks.length - 1),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        anyAddress,
        (i, random, client) => {
          const peer = inside(blocks[i] as IpCidr, random);
          const got = clientIp({ remoteAddress: peer, headers: { [header]: value(client) }, ...preset });
          expect(got.toString()).toBe(clientIp({ remoteAddress: client }).toString());
          const trace = explainClientIp({ remoteAddress: peer, headers: { [header]: value(client) }, ...preset });
          expect(trace.decision).toBe('cdn-header');
          expect(trace.hops[0]?.rule).toMatchObject({ kind: 'preset', entry: ranges[i] });
          expect(trace.hops[1]).toMatchObject({ from: header, address: got.toString() });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a peer outside the ranges: a forged header never wins', () => {
    fc.assert(
      fc.property(outsideAll, forged, forged, (peer, cdnValue, xff) => {
        const headers = { [header]: cdnValue, 'x-forwarded-for': xff };
        const got = clientIp({ remoteAddress: peer, headers, ...preset });
        expect(got.toString()).toBe(clientIp({ remoteAddress: peer }).toString());
        expect(explainClientIp({ remoteAddress: peer, headers, ...preset }).decision).toBe('socket-untrusted');
      }),
      { numRuns: 300 },
    );
  });

  it('a CDN server whose header is not an address: the server, never a half-parsed value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), forged, (random, garbage) => {
        const peer = inside(blocks[0] as IpCidr, random);
        const trace = explainClientIp({ remoteAddress: peer, headers: { [header]: garbage }, ...preset });
        if (trace.decision === 'cdn-header') return; // the garbage happened to be an address
        expect(trace.decision).toBe('malformed-entry');
        expect(trace.ip?.toString()).toBe(clientIp({ remoteAddress: peer }).toString());
        // Under onMalformed: 'throw' the error names the header, never the value.
        try {
          clientIp({ remoteAddress: peer, headers: { [header]: garbage }, ...preset, onMalformed: 'throw' });
          expect.unreachable();
        } catch (error) {
          expect(error).toBeInstanceOf(IpError);
          expect((error as IpError).path).toBe(`options.headers["${header}"][-1]`);
          if (garbage.length > 3) expect((error as IpError).message).not.toContain(garbage);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('behind your own proxies', () => {
  const preset = cloudflare({ ...quiet, proxies: ['10.0.0.0/8'] });

  it('walks X-Forwarded-For across them to the Cloudflare server, then reads its header', () => {
    const headers = { 'x-forwarded-for': '6.6.6.6, 173.245.48.10', 'cf-connecting-ip': '198.51.100.23' };
    expect(clientIp({ remoteAddress: '10.1.2.3', headers, ...preset }).toString()).toBe('198.51.100.23');
    const trace = explainClientIp({ remoteAddress: '10.1.2.3', headers, ...preset });
    expect(trace.hops.map((h) => [h.hop, h.from, h.address, h.trusted, h.rule?.kind])).toEqual([
      [0, 'socket', '10.1.2.3', true, 'list'],
      [1, 'x-forwarded-for', '173.245.48.10', true, 'preset'],
      [2, 'cf-connecting-ip', '198.51.100.23', undefined, undefined],
    ]);
  });

  it('a hop before the CDN that is not Cloudflare is the client, and the CDN header is not read', () => {
    const headers = { 'x-forwarded-for': '173.245.48.10, 203.0.113.5', 'cf-connecting-ip': '198.51.100.23' };
    expect(clientIp({ remoteAddress: '10.1.2.3', headers, ...preset }).toString()).toBe('203.0.113.5');
  });
});

describe('CloudFront-Viewer-Address', () => {
  const preset = cloudfront(quiet);
  const at = (value: string) =>
    explainClientIp({ remoteAddress: '130.176.1.1', headers: { 'cloudfront-viewer-address': value }, ...preset });

  it.each([
    ['198.51.100.10:46532', '198.51.100.10'],
    ['2001:db8::7:46532', '2001:db8::7'],
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334:443', '2001:db8:85a3::8a2e:370:7334'],
    ['[2001:db8::7]:443', '2001:db8::7'],
    [' 198.51.100.10:1 ', '198.51.100.10'],
    ['198.51.100.10', '198.51.100.10'], // IPv4 is unambiguous without its port
  ])('%s is %s', (value, client) => {
    expect(at(value).ip?.toString()).toBe(client);
    expect(at(value).decision).toBe('cdn-header');
  });

  it.each(['2001:db8::7', '198.51.100.10:99999', '198.51.100.10:', 'x:1', '', '1.2.3.4:80, 5.6.7.8:80'])(
    '%j (IPv6 without a port, a bad port, no address) gives the CloudFront server',
    (value) => {
      expect(at(value).ip?.toString()).toBe('130.176.1.1');
      expect(at(value).decision).toBe('malformed-entry');
    },
  );
});

describe('googleCloud', () => {
  const preset = googleCloud(quiet);

  it('trusts the balancer entry behind a Front End, and the next entry is the client', () => {
    fc.assert(
      fc.property(anyAddress, anyAddress, forged, (client, balancer, spoof) => {
        const headers = { 'x-forwarded-for': `${spoof}, ${client}, ${balancer}` };
        const got = clientIp({ remoteAddress: '130.211.1.2', headers, ...preset });
        expect(got.toString()).toBe(clientIp({ remoteAddress: client }).toString());
      }),
    );
  });

  it('a peer outside the Front End ranges is the client', () => {
    const headers = { 'x-forwarded-for': '198.51.100.23, 203.0.113.80' };
    expect(clientIp({ remoteAddress: '34.1.2.3', headers, ...preset }).toString()).toBe('34.1.2.3');
  });
});

describe('fastly, walking X-Forwarded-For (the default)', () => {
  const preset = fastly(quiet);

  it('crosses Fastly servers (shielding) and stops at the first other hop', () => {
    const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.23, 151.101.2.2', 'fastly-client-ip': '6.6.6.6' };
    expect(clientIp({ remoteAddress: '151.101.1.1', headers, ...preset }).toString()).toBe('198.51.100.23');
    expect(explainClientIp({ remoteAddress: '151.101.1.1', headers, ...preset }).hops[1]?.rule).toEqual({
      kind: 'preset',
      entry: '151.101.0.0/16',
      preset: 'fastly',
    });
  });
});

describe('platform presets', () => {
  it.each([
    ['vercel', vercel(), 'x-vercel-forwarded-for'],
    ['netlify', netlify(), 'x-nf-client-connection-ip'],
    ['flyio', flyio(), 'fly-client-ip'],
  ] as const)('%s reads %s from any peer', (name, preset, header) => {
    fc.assert(
      fc.property(anyAddress, anyAddress, (peer, client) => {
        const trace = explainClientIp({ remoteAddress: peer, headers: { [header]: client }, ...preset });
        expect(trace.ip?.toString()).toBe(clientIp({ remoteAddress: client }).toString());
        expect(trace.hops[0]?.rule).toEqual({ kind: 'preset', entry: 'any peer (platform)', preset: name });
      }),
      { numRuns: 50 },
    );
    // No header: the peer.
    expect(clientIp({ remoteAddress: '127.0.0.1', headers: {}, ...preset }).toString()).toBe('127.0.0.1');
  });
});

describe('walked presets with your ranges', () => {
  it('awsAlb and ingressNginx trust only the given proxies', () => {
    for (const preset of [awsAlb({ proxies: ['10.0.0.0/16'] }), ingressNginx({ proxies: ['10.0.0.0/16'] })]) {
      const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.23' };
      expect(clientIp({ remoteAddress: '10.0.1.17', headers, ...preset }).toString()).toBe('198.51.100.23');
      expect(clientIp({ remoteAddress: '10.1.0.1', headers, ...preset }).toString()).toBe('10.1.0.1');
    }
  });
});

describe('staleness', () => {
  const retrieved = Date.parse(`${CDN_RANGES.cloudflare.retrieved}T00:00:00Z`);

  it('warns once, when made, past the limit, naming the provider, day and source', () => {
    const warnings: StaleRangesWarning[] = [];
    cloudflare({ clock: () => retrieved + 181 * DAY, onStale: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ provider: 'cloudflare', age: 'P181D', staleAfter: 'P180D' });
    expect(warnings[0]?.message).toContain(CDN_RANGES.cloudflare.retrieved);
    expect(warnings[0]?.source).toEqual(CDN_RANGES.cloudflare.source);
  });

  it('is silent within the limit, with your own ranges, and with a longer staleAfter', () => {
    const warnings: StaleRangesWarning[] = [];
    const onStale = (w: StaleRangesWarning) => warnings.push(w);
    cloudflare({ clock: () => retrieved + 180 * DAY, onStale });
    cloudflare({ clock: () => retrieved + 900 * DAY, onStale, ranges: ['173.245.48.0/20'] });
    cloudfront({ clock: () => retrieved + 400 * DAY, onStale, staleAfter: 'P60W' });
    expect(warnings).toEqual([]);
  });

  it('your own ranges replace the snapshot', () => {
    const preset = cloudflare({ ranges: ['192.0.2.0/24'] });
    const headers = { 'cf-connecting-ip': '198.51.100.23' };
    expect(clientIp({ remoteAddress: '192.0.2.1', headers, ...preset }).toString()).toBe('198.51.100.23');
    expect(clientIp({ remoteAddress: '173.245.48.10', headers, ...preset }).toString()).toBe('173.245.48.10');
  });
});

describe('options', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(IpError);
      return [(error as IpError).code, (error as IpError).path];
    }
    return undefined;
  };

  it('are checked when the preset is made', () => {
    expect(code(() => akamai({} as never))).toEqual(['INVALID_OPTIONS', 'options.ranges']);
    expect(code(() => awsAlb({ proxies: [] }))).toEqual(['INVALID_OPTIONS', 'options.proxies']);
    expect(code(() => ingressNginx(undefined as never))).toEqual(['INVALID_OPTIONS', 'options.proxies']);
    expect(code(() => cloudflare({ proxy: ['10.0.0.0/8'] } as never))?.[0]).toBe('UNKNOWN_KEY');
    expect(code(() => cloudflare({ ranges: ['173.245.48.0/33'] }))).toEqual(['CIDR', 'options.ranges[0]']);
    expect(code(() => cloudflare({ staleAfter: 'P1M' }))).toEqual(['INVALID_OPTIONS', 'options.staleAfter']);
    expect(code(() => cloudflare({ onStale: 'warn' as never }))).toEqual(['INVALID_OPTIONS', 'options.onStale']);
    expect(code(() => fastly({ clientIpHeader: 'yes' as never }))).toEqual([
      'INVALID_OPTIONS',
      'options.clientIpHeader',
    ]);
    expect(code(() => googleCloud({ proxies: ['10.0.0.0/8'] } as never))?.[0]).toBe('UNKNOWN_KEY');
  });

  it('clientIp refuses a cdn option that is not a preset', () => {
    expect(code(() => clientIp({ remoteAddress: '192.0.2.1', cdn: {} as never }))).toEqual([
      'INVALID_OPTIONS',
      'options.cdn',
    ]);
    const edges = () => true;
    const badRewrite = { name: 'x', header: 'x-client', rewrite: 'trim', edges };
    expect(code(() => clientIp({ remoteAddress: '192.0.2.1', cdn: badRewrite as never }))).toEqual([
      'INVALID_OPTIONS',
      'options.cdn',
    ]);
  });
});
