/**
 * @module
 * Byte encoders for the hot path: UTF-8 with a byte cap into a preallocated buffer, and the two
 * output alphabets. Written out by hand because the platform versions allocate per call
 * (`TextEncoder.encode`, `Buffer#toString`) or do not exist everywhere (`Uint8Array#toHex`).
 */

const encoder = new TextEncoder();

/**
 * Writes `text` as UTF-8 into `buf` from `offset`, at most `cap` bytes, never splitting a
 * character (the `TextEncoder.encodeInto` rule). Lone surrogates become U+FFFD.
 * @returns the number of bytes written.
 */
export function writeUtf8(text: string, buf: Uint8Array, offset: number, cap: number): number {
  const n = text.length < cap ? text.length : cap;
  // ASCII fast path: a user agent is ASCII in practice (RFC 9110 §5.5 field values).
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encodeInto(text, buf.subarray(offset, offset + cap)).written;
    buf[offset + i] = c;
  }
  return n;
}

/** The UTF-8 byte length of `text` (for validating configuration, not on the hot path). */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

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

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Unpadded base64url (RFC 4648 §5) of the first `length` bytes of `bytes`. */
export function toBase64Url(bytes: Uint8Array, length: number): string {
  let out = '';
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += B64URL.charAt(v >>> 18) + B64URL.charAt((v >>> 12) & 63) + B64URL.charAt((v >>> 6) & 63) + B64URL.charAt(v & 63);
  }
  if (i < length) {
    const a = bytes[i] as number;
    const b = i + 1 < length ? (bytes[i + 1] as number) : 0;
    const v = (a << 16) | (b << 8);
    out += B64URL.charAt(v >>> 18) + B64URL.charAt((v >>> 12) & 63);
    if (i + 1 < length) out += B64URL.charAt((v >>> 6) & 63);
  }
  return out;
}
