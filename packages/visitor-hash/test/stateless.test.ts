/**
 * @module
 * The stateless source's master secret (issue 16 item 17): at least 256 bits of key material,
 * counted per alphabet (32 bytes, 64 hex digits, 43 base64 characters), and nothing that looks
 * made by hand: one character repeated, a short pattern repeated, a block pasted twice, a
 * sequence, few distinct characters, hex or base64 text that decodes to such bytes, a
 * placeholder. Every refusal is `WEAK_SECRET` with a message that holds no part of the secret,
 * and CSPRNG output of every accepted form is never refused.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStatelessSaltSource, VisitorHashError } from '../src/index.js';

const hexOf = (n: number) => randomBytes(n).toString('hex');
const base64Of = (n: number) => randomBytes(n).toString('base64');

/** The error createStatelessSaltSource raises for `secret`, or undefined when it accepts it. */
function refusal(secret: unknown): VisitorHashError | undefined {
  try {
    createStatelessSaltSource({ secret } as never);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(VisitorHashError);
    return error as VisitorHashError;
  }
}

/** Asserts `secret` is refused as weak, and that the message shows no 6 characters of it. */
function expectWeak(secret: string | Uint8Array, why?: RegExp): void {
  const error = refusal(secret);
  expect(error, typeof secret === 'string' ? `accepted: ${secret.slice(0, 12)}…` : 'accepted bytes').toBeDefined();
  expect(error).toMatchObject({ code: 'WEAK_SECRET', path: 'options.secret' });
  if (why !== undefined) expect(error?.message).toMatch(why);
  const text = typeof secret === 'string' ? secret : Buffer.from(secret).toString('latin1');
  for (let i = 0; i + 6 <= text.length; i++) {
    const piece = text.slice(i, i + 6);
    if (!/^[a-z ]+$/.test(piece)) expect(error?.message).not.toContain(piece);
  }
}

describe('weak secrets are refused', () => {
  it('too little key material for its alphabet (what 32 bytes of text used to pass)', () => {
    expectWeak(hexOf(16), /fewer than 256 bits/); // 32 hex digits: 128 bits
    expectWeak(hexOf(31), /fewer than 256 bits/); // 62 hex digits
    expectWeak(base64Of(24), /fewer than 256 bits/); // 32 base64 characters: 192 bits
    expectWeak(randomBytes(24).toString('base64url'), /fewer than 256 bits/);
    expectWeak(randomBytes(31), /fewer than 256 bits/);
    expectWeak('short');
  });

  it('one character, a short pattern, or a block repeated', () => {
    expectWeak('a'.repeat(64));
    expectWeak('abc'.repeat(20)); // hex digits: 240 bits at most, and a pattern
    expectWeak('xyz'.repeat(20), /pattern|distinct/);
    expectWeak(new Uint8Array(32));
    expectWeak(new Uint8Array(64).fill(0x41));
    const block = randomBytes(16);
    expectWeak(Buffer.concat([block, block]), /pattern/); // 32 bytes, 16 of them random
    expectWeak(Buffer.concat([block, block, randomBytes(4)]), /pattern/);
    const hex = hexOf(16);
    expectWeak(hex + hex, /pattern/); // 64 hex digits of 128 bits
    const b64 = base64Of(18);
    expectWeak(b64 + b64, /pattern/);
  });

  it('few distinct characters, sequences, and text that decodes to them', () => {
    expectWeak('01'.repeat(16) + '10'.repeat(16), /distinct|pattern/);
    expectWeak('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', /sequence/);
    expectWeak(
      Uint8Array.from({ length: 48 }, (_, i) => i),
      /sequence/,
    );
    expectWeak(Buffer.from(Uint8Array.from({ length: 48 }, (_, i) => (i * 7) & 0xff)).toString('base64'), /sequence/);
    expectWeak(Buffer.from(Uint8Array.from({ length: 40 }, (_, i) => i)).toString('hex'));
    expectWeak(Buffer.alloc(48).toString('base64'));
  });

  it('placeholders from copied examples', () => {
    for (const secret of [
      'replace-me-with-a-random-string-0123456789-ABCDEFGH',
      'changeme-changeme-changeme-changeme!',
      'your-secret-key-goes-here-please-x7Q!-and-then-some',
      'this-is-an-EXAMPLE-secret-do-not-use-in-production!!',
    ]) {
      expectWeak(secret);
    }
  });

  it('bad types, a document instead of a key, and unknown keys are typed errors', () => {
    expect(refusal(42)).toMatchObject({ code: 'INVALID_OPTIONS', path: 'options.secret' });
    expect(refusal(undefined)).toMatchObject({ code: 'INVALID_OPTIONS', path: 'options.secret' });
    expect(refusal(base64Of(2000))).toMatchObject({ code: 'INVALID_OPTIONS', path: 'options.secret' });
    expect(() => createStatelessSaltSource({ secret: base64Of(48), salt: 'x' } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'options.salt' }),
    );
  });
});

describe('CSPRNG secrets are accepted', () => {
  it('in every form the README suggests', () => {
    for (const secret of [
      randomBytes(32),
      hexOf(32), // openssl rand -hex 32
      hexOf(32).toUpperCase(),
      base64Of(32), // openssl rand -base64 32
      base64Of(48), // openssl rand -base64 48
      randomBytes(32).toString('base64url'),
      `${base64Of(32)}\n`.trim(),
    ]) {
      expect(refusal(secret)).toBeUndefined();
    }
  });

  it('whatever the bytes (fast-check over random lengths and encodings)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 32, max: 200 }),
        fc.constantFrom('bytes', 'hex', 'base64', 'base64url'),
        (n, form) => {
          const bytes = randomBytes(n);
          const secret = form === 'bytes' ? bytes : bytes.toString(form as BufferEncoding);
          expect(refusal(secret)).toBeUndefined();
        },
      ),
      { numRuns: 3000 },
    );
  });
});
