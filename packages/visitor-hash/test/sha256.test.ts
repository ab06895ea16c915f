/**
 * @module
 * The package's own SHA-256, HMAC and HKDF (`src/internal/sha256.ts`, `hmac.ts`) against
 * `node:crypto`: FIPS 180-2's worked examples, then every message length across the block and
 * padding boundaries, then random keys, absorbed prefixes and messages (fast-check).
 */

import { createHash, createHmac, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hkdfSha256, KeyedSha256 } from '../src/internal/hmac.js';
import { pad, sha256 } from '../src/internal/sha256.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const ascii = (text: string) => new TextEncoder().encode(text);

describe('SHA-256', () => {
  it("gives FIPS 180-2 appendix B's digests", () => {
    // FIPS 180-2, Appendix B.1 (one block), B.2 (two blocks) and B.3 (one million "a").
    expect(hex(sha256(ascii('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(hex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('matches node:crypto at every length from 0 to 300 bytes', () => {
    for (let length = 0; length <= 300; length++) {
      const message = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      expect(hex(sha256(message))).toBe(createHash('sha256').update(message).digest('hex'));
    }
  });
});

describe('SHA-256 padding', () => {
  it('ends on the first whole block with room for 0x80 and the length, at any length up to 2^40 bytes', () => {
    // Too long to hash here: the arithmetic alone (writes past a typed array's end are dropped).
    const lengths = [
      0,
      1,
      55,
      56,
      63,
      64,
      119,
      120,
      2 ** 29 + 13,
      2 ** 31 - 73,
      2 ** 31 - 72,
      2 ** 31,
      2 ** 32 + 5,
      2 ** 40,
    ];
    for (const used of lengths) {
      const end = pad(new Uint8Array(0), used, used);
      expect(end % 64, String(used)).toBe(0);
      expect(end - used, String(used)).toBeGreaterThanOrEqual(9);
      expect(end - used, String(used)).toBeLessThanOrEqual(72);
    }
  });
});

describe('HMAC-SHA-256 with an absorbed prefix', () => {
  it('absorbs a prefix given in several parts as the parts joined', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.array(fc.uint8Array({ maxLength: 150 }), { minLength: 2, maxLength: 5 }),
        fc.uint8Array({ maxLength: 200 }),
        (key, parts, message) => {
          const mac = new KeyedSha256(key);
          for (const part of parts) mac.absorb(part);
          const out = new Uint8Array(32);
          mac.macInto(message, out);
          const expected = createHmac('sha256', key);
          for (const part of parts) expected.update(part);
          expect(hex(out)).toBe(expected.update(message).digest('hex'));
          mac.destroy();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches node:crypto for any key, prefix and messages, the state reused', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.uint8Array({ maxLength: 400 }), { minLength: 1, maxLength: 4 }),
        (key, prefix, messages) => {
          const mac = new KeyedSha256(key).absorb(prefix);
          const out = new Uint8Array(32);
          for (const message of messages) {
            mac.macInto(message, out);
            expect(hex(out)).toBe(createHmac('sha256', key).update(prefix).update(message).digest('hex'));
          }
          mac.destroy();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('HKDF matches node:crypto', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.uint8Array({ maxLength: 100 }),
        (ikm, salt, info) => {
          expect(hex(hkdfSha256(ikm, salt, info))).toBe(
            Buffer.from(hkdfSync('sha256', ikm, salt, info, 32)).toString('hex'),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
