/**
 * @module
 * A holder for key material that cannot leak by accident: its bytes live in a private field,
 * and `console.log`, `util.inspect`, `JSON.stringify`, `String()` and template literals all
 * print `[redacted]`. Salts travel between a store and the hasher in this shape.
 */

import { VisitorHashError } from './errors.js';

const REDACTED = '[redacted]';

/** Internal accessor to a secret's bytes without copying. Never exported from the package. */
export let revealSecret: (secret: Secret) => Uint8Array;

// Only this module builds secrets: `new Secret(…)` from plain JavaScript (where TypeScript's
// `private` does not reach) would otherwise wrap unchecked key material.
const BUILD: unique symbol = Symbol('Secret');

/**
 * Key material (a daily salt, a derived key) that prints as `[redacted]`.
 *
 * Salt stores build one with {@link Secret.from}; nothing in the public API reads the bytes
 * back, so a `Secret` that reaches a log line shows nothing.
 *
 * @example
 * ```ts
 * import { Secret } from '@privkit/visitor-hash';
 *
 * const salt = Secret.from(crypto.getRandomValues(new Uint8Array(32)));
 * console.log(salt);            // [redacted]
 * JSON.stringify({ salt });     // '{"salt":"[redacted]"}'
 * salt.length;                  // 32
 * ```
 */
export class Secret {
  readonly #bytes: Uint8Array;

  static {
    revealSecret = (secret) => secret.#bytes;
  }

  /**
   * Not for direct use: build secrets with {@link Secret.from}.
   * @internal
   */
  private constructor(build: typeof BUILD, bytes: Uint8Array) {
    if (build !== BUILD)
      throw new VisitorHashError('INVALID_ARGUMENT', 'a Secret is built by Secret.from, not with new');
    this.#bytes = bytes;
  }

  /**
   * Wraps a copy of `bytes`, so later changes to the caller's array do not change the secret.
   *
   * @param bytes - the key material.
   * @returns the wrapped secret.
   * @throws {@link VisitorHashError} `INVALID_ARGUMENT` when `bytes` is not a `Uint8Array`.
   * @example
   * ```ts
   * import { Secret } from '@privkit/visitor-hash';
   *
   * const salt = Secret.from(new Uint8Array(32).fill(7));
   * ```
   */
  static from(bytes: Uint8Array): Secret {
    if (!(bytes instanceof Uint8Array)) {
      throw new VisitorHashError('INVALID_ARGUMENT', '"bytes" must be a Uint8Array', { path: 'bytes' });
    }
    return new Secret(BUILD, bytes.slice());
  }

  /** The number of bytes of key material. */
  get length(): number {
    return this.#bytes.length;
  }

  /**
   * Always `"[redacted]"`.
   * @returns `"[redacted]"`.
   */
  toString(): string {
    return REDACTED;
  }

  /**
   * Always `"[redacted]"`, so `JSON.stringify` never serialises key material.
   * @returns `"[redacted]"`.
   */
  toJSON(): string {
    return REDACTED;
  }

  /**
   * Node's `util.inspect` (and so `console.log`) hook.
   * @returns `"[redacted]"`.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/**
 * Gives an object holding secrets the same printing behaviour as {@link Secret}: `[redacted]`
 * under `util.inspect`, `JSON.stringify` and `String()`, whatever fields it has.
 */
export function redactPrinting<T extends object>(target: T, label: string): T {
  const text = `[${label} redacted]`;
  Object.defineProperties(target, {
    toJSON: { value: () => text, enumerable: false },
    toString: { value: () => text, enumerable: false },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => text, enumerable: false },
  });
  return target;
}
