/**
 * @module
 * The two id alphabets, written out because the platform versions are Node-only
 * (`Buffer#toString`) or not in every runtime yet (`Uint8Array#toHex`), and UTF-8 bytes.
 */

/** The one shared encoder. */
export const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** Lower-case hex of the first `length` bytes of `bytes`. */
export function toHex(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += HEX[bytes[i] as number];
  return out;
}

/** Unpadded base64url (RFC 4648 §5) of the first `length` bytes of `bytes`. */
export function toBase64Url(bytes: Uint8Array, length: number): string {
  let binary = '';
  for (let i = 0; i < length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}
