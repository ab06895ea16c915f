/**
 * @module
 * The fixed parameters of the construction (version 1): the version byte that starts every
 * message, the caps on each field, the salt size and the HKDF salt that separates tenant keys.
 * Changing any of them changes every id, so each is part of the published test vectors.
 */

import { utf8 } from './internal/encode.js';

/**
 * The construction version, written as the first byte of every message: ids of different
 * versions never collide.
 *
 * @example
 * ```ts
 * import { VISITOR_HASH_VERSION } from '@privkit/visitor-hash';
 *
 * VISITOR_HASH_VERSION; // 1
 * ```
 */
export const VISITOR_HASH_VERSION = 1;

/**
 * User agents are capped (not rejected) at this many UTF-8 bytes; a character that does not fit
 * whole is dropped.
 *
 * @example
 * ```ts
 * import { MAX_USER_AGENT_BYTES } from '@privkit/visitor-hash';
 *
 * MAX_USER_AGENT_BYTES; // 512: a longer user agent hashes like its first 512 bytes
 * ```
 */
export const MAX_USER_AGENT_BYTES = 512;

/**
 * `extra` is capped at this many UTF-8 bytes.
 *
 * @example
 * ```ts
 * import { MAX_EXTRA_BYTES } from '@privkit/visitor-hash';
 *
 * MAX_EXTRA_BYTES; // 256
 * ```
 */
export const MAX_EXTRA_BYTES = 256;

/** Longest tenant id, in UTF-8 bytes. */
export const MAX_TENANT_BYTES = 256;

/** Bytes of random salt per day. */
export const SALT_BYTES = 32;

/** HKDF salt of the per-tenant key derivation (RFC 5869 §2.2). */
export const TENANT_KDF_SALT = utf8('privkit/visitor-hash/v1/tenant');
