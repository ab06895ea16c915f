/**
 * @module
 * UTF-8 bytes and the base64url id alphabet, written out because the platform versions are
 * Node-only (`Buffer#toString`) or not in every runtime yet (`Uint8Array#toBase64`). Hex comes from
 * `@privkit/internal/hex`.
 */

export { toHex } from '@privkit/internal/hex';

/** The one shared encoder. */
export const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Unpadded base64url (RFC 4648 §5) of the first `length` bytes of `bytes`. */
export function toBase64Url(bytes: Uint8Array, length: number): string {
  let binary = '';
  for (let i = 0; i < length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}
