/**
 * Generates test/vectors/visitor-id.json with `node:crypto` (hkdfSync, createHmac, createHash)
 * and an encoder written here from the specification in the README, independently of src/.
 * Run `npm run vectors -w @privkit/visitor-hash`; a test regenerates and compares, so the file
 * is never edited by hand.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { fileURLToPath } from 'node:url';

interface Case {
  name: string;
  salt: string;
  tenant: string;
  at: string;
  timeZone: string;
  ip: string;
  userAgent: string;
  extra?: string;
  outputBits?: number;
  encoding?: 'hex' | 'base64url';
}

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/18.6 Mobile/15E148 Safari/604.1';
const SALT_A = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const SALT_B = 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f';

const CASES: Case[] = [
  {
    name: 'IPv4, default 128-bit hex',
    salt: SALT_A,
    tenant: 'shop.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '203.0.113.9',
    userAgent: FIREFOX,
  },
  {
    name: 'same visitor, other tenant',
    salt: SALT_A,
    tenant: 'blog.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '203.0.113.9',
    userAgent: FIREFOX,
  },
  {
    name: 'same visitor, next day salt',
    salt: SALT_B,
    tenant: 'shop.example',
    at: '2026-11-24T10:15:00Z',
    timeZone: 'UTC',
    ip: '203.0.113.9',
    userAgent: FIREFOX,
  },
  {
    name: 'IPv4-mapped IPv6 hashes as IPv4',
    salt: SALT_A,
    tenant: 'shop.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '::ffff:203.0.113.9',
    userAgent: FIREFOX,
  },
  {
    name: 'IPv6 reduced to its /64',
    salt: SALT_A,
    tenant: 'shop.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '2001:db8:5:6:a1b2:c3d4:e5f6:1234',
    userAgent: CHROME,
  },
  {
    name: 'IPv6, another address in the same /64',
    salt: SALT_A,
    tenant: 'shop.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '2001:db8:5:6::9',
    userAgent: CHROME,
  },
  {
    name: 'extra entropy',
    salt: SALT_A,
    tenant: 'shop.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '198.51.100.77',
    userAgent: SAFARI,
    extra: 'fr-FR,fr;q=0.9,en;q=0.8',
  },
  {
    name: 'Europe/Paris day key',
    salt: SALT_A,
    tenant: 'shop.example',
    at: '2026-11-23T23:30:00Z',
    timeZone: 'Europe/Paris',
    ip: '198.51.100.77',
    userAgent: SAFARI,
  },
  {
    name: '64-bit base64url',
    salt: SALT_B,
    tenant: 'shop.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '198.51.100.77',
    userAgent: SAFARI,
    outputBits: 64,
    encoding: 'base64url',
  },
  {
    name: '256-bit hex',
    salt: SALT_B,
    tenant: 'shop.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '198.51.100.77',
    userAgent: SAFARI,
    outputBits: 256,
  },
  {
    name: 'non-ASCII tenant and user agent',
    salt: SALT_B,
    tenant: 'boulangerie-café.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '192.0.2.1',
    userAgent: 'Navigateur/1.0 (Ünïcödé; 日本語)',
  },
  {
    name: 'user agent capped at 512 bytes',
    salt: SALT_B,
    tenant: 'shop.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '192.0.2.1',
    userAgent: `${CHROME} ${'x'.repeat(600)}`,
  },
  {
    name: 'cap does not split a character',
    salt: SALT_B,
    tenant: 'shop.example',
    at: '2026-11-23T10:15:00Z',
    timeZone: 'UTC',
    ip: '192.0.2.1',
    userAgent: `${'a'.repeat(511)}é and more`,
  },
];

/** UTF-8 of `text`, cut to at most `cap` bytes at a character boundary. */
export function cappedUtf8(text: string, cap: number): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (const ch of text) {
    const bytes = Buffer.from(ch, 'utf8');
    if (size + bytes.length > cap) break;
    parts.push(bytes);
    size += bytes.length;
  }
  return Buffer.concat(parts);
}

export function lp(bytes: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** Canonical address bytes: IPv4 as 4 bytes, mapped IPv6 as its IPv4, other IPv6 to /64. */
export function ipBytes(text: string): Buffer {
  if (isIPv4(text)) return Buffer.from(text.split('.').map(Number));
  if (!isIPv6(text)) throw new Error(`not an address: ${text}`);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) return ipBytes(mapped[1] as string);
  const [head = '', tail = ''] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = text.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => {
    out.writeUInt16BE(Number.parseInt(g, 16), 2 * i);
  });
  out.fill(0, 8); // the /64
  return out;
}

/** The calendar date of `at` in `timeZone`, from Intl (not Temporal, to stay independent). */
function dateIn(at: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(at),
  );
}

/** The whole construction with node:crypto, from the README's specification. */
export function referenceId(
  saltHex: string,
  tenant: string,
  dayKey: string,
  ip: string,
  userAgent: string,
  extra = '',
): string {
  const tenantBytes = Buffer.from(tenant, 'utf8');
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(saltHex, 'hex'), 'privkit/visitor-hash/v1/tenant', tenantBytes, 32),
  );
  const message = Buffer.concat([
    Buffer.from([1]),
    lp(tenantBytes),
    lp(Buffer.from(dayKey, 'utf8')),
    lp(ipBytes(ip)),
    lp(cappedUtf8(userAgent, 512)),
    lp(cappedUtf8(extra, 256)),
  ]);
  return createHmac('sha256', key).update(message).digest().subarray(0, 16).toString('hex');
}

export function generateVectors(): unknown {
  const vectors = CASES.map((c) => {
    const outputBits = c.outputBits ?? 128;
    const encoding = c.encoding ?? 'hex';
    const dayKey = `${dateIn(c.at, c.timeZone)}@${c.timeZone}`;
    const tenant = Buffer.from(c.tenant, 'utf8');
    const tenantKey = Buffer.from(
      hkdfSync('sha256', Buffer.from(c.salt, 'hex'), 'privkit/visitor-hash/v1/tenant', tenant, 32),
    );
    const message = Buffer.concat([
      Buffer.from([1]),
      lp(tenant),
      lp(Buffer.from(dayKey, 'utf8')),
      lp(ipBytes(c.ip)),
      lp(cappedUtf8(c.userAgent, 512)),
      lp(cappedUtf8(c.extra ?? '', 256)),
    ]);
    const mac = createHmac('sha256', tenantKey).update(message).digest();
    const id = mac.subarray(0, outputBits / 8).toString(encoding);
    return {
      ...c,
      outputBits,
      encoding,
      dayKey,
      tenantKey: tenantKey.toString('hex'),
      message: message.toString('hex'),
      mac: mac.toString('hex'),
      id,
    };
  });
  const legacy = [
    { customerCode: 'C-1234', userAgent: FIREFOX, ip: '203.0.113.9', date: '2026-11-23' },
    { customerCode: 'C-1234', userAgent: FIREFOX, ip: '203.0.113.9', date: '2026-11-23', separator: '|' },
  ].map((c) => ({
    ...c,
    sha256: createHash('sha256')
      .update([c.customerCode, c.userAgent, c.ip, c.date].join(c.separator ?? ''))
      .digest('hex'),
  }));
  return {
    source:
      'Generated by packages/visitor-hash/scripts/gen-vectors.ts with node:crypto (hkdfSync, createHmac, ' +
      'createHash), node:net and Intl, from the construction in the package README; never edited by hand.',
    vectors,
    legacy,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = new URL('../test/vectors/visitor-id.json', import.meta.url);
  writeFileSync(file, `${JSON.stringify(generateVectors(), null, 2)}\n`);
  console.log(`wrote ${fileURLToPath(file)}`);
}
