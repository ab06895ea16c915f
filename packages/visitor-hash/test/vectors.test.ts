import { createHmac, hkdfSync, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateVectors } from '../scripts/gen-vectors.js';
import { createVisitorHasher, unsafeUnkeyedSha256, utcDays, zonedDays } from '../src/index.js';
import { fixedSaltStore } from './support/fixed-store.js';
import file from './vectors/visitor-id.json' with { type: 'json' };

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

describe('known-answer vectors', () => {
  it('are what the generator writes (the file is never edited by hand)', () => {
    expect(generateVectors()).toEqual(file);
  });

  for (const v of file.vectors) {
    it(`the hasher reproduces: ${v.name}`, async () => {
      const at = Date.parse(v.at);
      const hasher = createVisitorHasher({
        store: fixedSaltStore({ [v.dayKey]: v.salt }),
        days: v.timeZone === 'UTC' ? utcDays() : zonedDays({ timeZone: v.timeZone }),
        outputBits: v.outputBits,
        encoding: v.encoding as 'hex' | 'base64url',
        clock: () => at,
      });
      const input = { tenant: v.tenant, ip: v.ip, userAgent: v.userAgent, at, ...(v.extra ? { extra: v.extra } : {}) };
      expect(await hasher.id(input)).toBe(v.id);
    });

    it(`node:crypto reproduces the key and MAC: ${v.name}`, () => {
      const key = Buffer.from(
        hkdfSync('sha256', hex(v.salt), 'privkit/visitor-hash/v1/tenant', Buffer.from(v.tenant), 32),
      );
      expect(key.toString('hex')).toBe(v.tenantKey);
      expect(createHmac('sha256', key).update(hex(v.message)).digest('hex')).toBe(v.mac);
    });

    it(`WebCrypto reproduces the key and MAC: ${v.name}`, async () => {
      const { subtle } = webcrypto;
      const ikm = await subtle.importKey('raw', hex(v.salt), 'HKDF', false, ['deriveBits']);
      const bits = await subtle.deriveBits(
        {
          name: 'HKDF',
          hash: 'SHA-256',
          salt: new TextEncoder().encode('privkit/visitor-hash/v1/tenant'),
          info: new TextEncoder().encode(v.tenant),
        },
        ikm,
        256,
      );
      expect(Buffer.from(bits).toString('hex')).toBe(v.tenantKey);
      const key = await subtle.importKey('raw', bits, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const mac = await subtle.sign('HMAC', key, hex(v.message));
      expect(Buffer.from(mac).toString('hex')).toBe(v.mac);
    });
  }

  it('the legacy unkeyed SHA-256 matches node:crypto', () => {
    for (const { sha256, ...input } of file.legacy) {
      expect(unsafeUnkeyedSha256(input)).toBe(sha256);
    }
  });
});
