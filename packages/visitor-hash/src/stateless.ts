/**
 * @module
 * The stateless salt source for runtimes with no store (an edge function with no Redis): each
 * day's salt is derived from a long-lived master secret and the day key with HKDF-SHA-256.
 *
 * It cannot forget. Whoever holds the master secret, now or in ten years, can recompute every
 * day's salt and so test guesses against every id ever stored. Choose it knowingly; prefer a
 * store that deletes salts.
 */

import { strictOptions } from '@privkit/internal/check';
import { raise, VisitorHashError } from './errors.js';
import { encoder } from './internal/encode.js';
import { hkdfSha256 } from './internal/hmac.js';
import { MIN_SECRET_BITS, type Weakness, weakness } from './internal/strength.js';
import { redactPrinting, revealSecret, Secret } from './secret.js';
import type { SaltStore } from './store.js';

const STATELESS_SALT = encoder.encode('privkit/visitor-hash/v1/stateless');
/** A longer "secret" is a file or a document passed by mistake, not key material. */
const MAX_SECRET_BYTES = 1024;

const WHY: Record<Weakness, string> = {
  'too-short':
    `carries fewer than ${MIN_SECRET_BITS} bits: use 32 random bytes, 64 hex digits or 43 base64 ` +
    `characters (openssl rand -base64 48)`,
  'repeated-pattern': 'repeats a pattern, so it carries less key material than its length',
  'few-distinct': 'has too few distinct characters to be random',
  sequence: 'is a sequence, not random',
  placeholder: 'looks like a placeholder value, not a random secret',
};

/** Options of {@link createStatelessSaltSource}. */
export interface StatelessSaltSourceOptions {
  /**
   * The master secret: at least 256 bits from a CSPRNG, such as `openssl rand -base64 48` or
   * `openssl rand -hex 32`, or 32 random bytes. Hex text counts 4 bits a digit and base64 text
   * 6 bits a character; text that repeats a pattern, runs in sequence, uses few distinct
   * characters or holds a placeholder word is refused. At most 1,024 bytes.
   */
  secret: string | Uint8Array;
}

/**
 * A salt "store" that derives each day's salt from a master secret instead of storing it, for
 * edge runtimes without a store. Every instance with the same secret derives the same salts, with
 * no coordination, and each decides the day by its own clock. `forgets` is `false`, `delete`
 * reports `false`, and `describeVisitorHash()` says so.
 *
 * @param options - the master secret.
 * @returns the salt source, usable wherever a {@link SaltStore} is.
 * @throws {@link VisitorHashError} `WEAK_SECRET` when the secret carries less than 256 bits or
 *   does not look random; the message says which rule, never the secret.
 * @throws {@link VisitorHashError} `INVALID_OPTIONS` when the secret is neither text nor bytes, or
 *   longer than 1,024 bytes.
 * @throws {@link VisitorHashError} `UNKNOWN_KEY` for a key other than `secret`.
 * @example
 * ```ts
 * import { createVisitorHasher, createStatelessSaltSource } from '@privkit/visitor-hash';
 *
 * const hasher = createVisitorHasher({
 *   store: createStatelessSaltSource({ secret: process.env['VISITOR_ID_SECRET'] ?? '' }),
 * });
 * ```
 */
export function createStatelessSaltSource(options: StatelessSaltSourceOptions): SaltStore {
  const secret = strictOptions(options, ['secret'], raise)['secret'];
  let bytes: Uint8Array;
  if (typeof secret === 'string') bytes = encoder.encode(secret);
  else if (secret instanceof Uint8Array) bytes = secret.slice();
  else {
    throw new VisitorHashError('INVALID_OPTIONS', '"options.secret" must be a string or a Uint8Array', {
      path: 'options.secret',
    });
  }
  if (bytes.length > MAX_SECRET_BYTES) {
    bytes.fill(0);
    throw new VisitorHashError('INVALID_OPTIONS', `"options.secret" must be at most ${MAX_SECRET_BYTES} bytes`, {
      path: 'options.secret',
    });
  }
  const weak = weakness(typeof secret === 'string' ? secret : bytes);
  if (weak !== undefined) {
    bytes.fill(0);
    throw new VisitorHashError('WEAK_SECRET', `"options.secret" ${WHY[weak]}`, { path: 'options.secret' });
  }
  const master = Secret.from(bytes);
  bytes.fill(0);

  const source: SaltStore = {
    kind: 'stateless',
    forgets: false,
    async getOrCreate({ dayKey, notBefore, expiresAt, now }) {
      if (expiresAt <= now) return 'expired';
      if (now < notBefore) return 'not-started';
      const salt = hkdfSha256(revealSecret(master), STATELESS_SALT, encoder.encode(dayKey));
      const wrapped = Secret.from(salt);
      salt.fill(0);
      return { salt: wrapped, expiresAt };
    },
    async delete() {
      // Nothing is stored, so nothing can be deleted: the salt can always be derived again.
      return false;
    },
    async purgeExpired() {
      return 0;
    },
  };
  return redactPrinting(source, 'stateless salt source');
}
