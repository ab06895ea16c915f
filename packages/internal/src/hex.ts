/**
 * @module
 * Lower-case hexadecimal, written out because `Buffer` is Node-only and `Uint8Array#toHex` is not
 * in every runtime privkit supports yet.
 */

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes` (its first `length` bytes when given). */
export function toHex(bytes: Uint8Array, length = bytes.length): string {
  let out = '';
  for (let i = 0; i < length; i++) out += HEX[bytes[i] as number];
  return out;
}

/** The bytes of lower- or upper-case hex text of even length, or `undefined`. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}
