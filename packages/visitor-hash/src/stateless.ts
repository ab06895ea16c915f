/**
 * @module
 * The stateless salt source for runtimes with no store (an edge function with no Redis): each
 * day's salt is derived from a long-lived master secret and the day key with HKDF-SHA-256.
 *
 * It cannot forget. Whoever holds the master secret, now or in ten years, can recompute every
 * day's salt and so test guesses against every id ever stored. Choose it knowingly; prefer a
 * store that deletes salts.
 */

import { VisitorHashError } from './errors.js';
import { encoder } from './internal/encode.js';
import { hkdfSha256 } from './internal/hmac.js';
import { redactPrinting, revealSecret, Secret } from './secret.js';
import type { SaltStore } from './store.js';

const STATELESS_SALT = encoder.encode('privkit/visitor-hash/v1/stateless');

// Placeholder words that appear in the secrets of copied .env files and docker-compose examples
// ("replace-me-with-a-random-string", "changeme", "your-secret-key"). A random secret contains
// one of them with negligible probability (every word has at least 6 letters: below 1 in 10^7
// for a 64-character random string), so finding one means nobody generated this secret.
const PLACEHOLDERS = [
  'changeme',
  'changethis',
  'replaceme',
  'replacethis',
  'yoursecret',
  'mysecret',
  'secretkey',
  'supersecret',
  'placeholder',
  'example',
  'default',
  'password',
  'insecure',
  'notsecure',
  'dontuse',
  'donotuse',
  'xxxxxx',
  'qwerty',
  '12345678',
  'abcdefgh',
];

/** Options of {@link createStatelessSaltSource}. */
export interface StatelessSaltSourceOptions {
  /**
   * The master secret: at least 32 bytes (a string is measured as UTF-8) from a CSPRNG, such as
   * `openssl rand -base64 48`. Known placeholder values and low-variety strings are refused.
   */
  secret: string | Uint8Array;
}

/**
 * A salt "store" that derives each day's salt from a master secret instead of storing it, for
 * edge runtimes without a store. Every instance with the same secret derives the same salts, with
 * no coordination. `forgets` is `false`, `delete` reports `false`, and `describe()` says so.
 *
 * @param options - the master secret.
 * @returns the salt source, usable wherever a {@link SaltStore} is.
 * @throws VisitorHashError `WEAK_SECRET` if the secret is shorter than 32 bytes, a known
 *   placeholder, or has fewer than 10 distinct byte values.
 * @example
 * ```ts
 * import { createVisitorHasher, createStatelessSaltSource } from '@privkit/visitor-hash';
 *
 * const hasher = createVisitorHasher({
 *   store: createStatelessSaltSource({ secret: process.env.VISITOR_ID_SECRET! }),
 * });
 * ```
 */
export function createStatelessSaltSource(options: StatelessSaltSourceOptions): SaltStore {
  const { secret } = options;
  let bytes: Uint8Array;
  if (typeof secret === 'string') bytes = encoder.encode(secret);
  else if (secret instanceof Uint8Array) bytes = secret.slice();
  else throw new TypeError('"secret" must be a string or a Uint8Array');
  checkSecret(bytes, typeof secret === 'string' ? secret : undefined);
  const master = Secret.from(bytes);
  bytes.fill(0);

  const source: SaltStore = {
    kind: 'stateless',
    forgets: false,
    async getOrCreate({ dayKey, expiresAt, now }) {
      if (expiresAt <= now) return null;
      const salt = hkdfSha256(revealSecret(master), STATELESS_SALT, encoder.encode(dayKey));
      const wrapped = Secret.from(salt);
      salt.fill(0);
      return wrapped;
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

function checkSecret(bytes: Uint8Array, text: string | undefined): void {
  if (bytes.length < 32) {
    throw new VisitorHashError('WEAK_SECRET', '"secret" must be at least 32 bytes from a CSPRNG');
  }
  if (new Set(bytes).size < 10) {
    throw new VisitorHashError('WEAK_SECRET', '"secret" has too few distinct bytes to be random');
  }
  if (text !== undefined) {
    const letters = text.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (PLACEHOLDERS.some((word) => letters.includes(word))) {
      throw new VisitorHashError('WEAK_SECRET', '"secret" looks like a placeholder value, not a random secret');
    }
  }
}
