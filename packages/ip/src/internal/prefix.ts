/**
 * @module
 * Bit-prefix helpers on address bytes, shared by truncation, classification and CIDR matching.
 */

/**
 * Copy of `bytes` with every bit after the first `length` bits set to zero.
 * `length` must already be validated (0 ≤ length ≤ bytes.length * 8).
 */
export function maskBytes(bytes: Uint8Array, length: number): Uint8Array {
  const out = bytes.slice();
  zeroFrom(out, 0, length, out.length * 8);
  return out;
}

/** Zero, in place, bits [start + keep, start + span) of `bytes` (bit offsets from the first byte). */
export function zeroFrom(bytes: Uint8Array, start: number, keep: number, span: number): void {
  let bit = start + keep;
  const end = start + span;
  while (bit < end) {
    const index = bit >> 3;
    const offset = bit & 7;
    if (offset === 0 && end - bit >= 8) {
      bytes[index] = 0;
      bit += 8;
    } else {
      bytes[index] = (bytes[index] as number) & ~(0x80 >> offset);
      bit += 1;
    }
  }
}

/** Whether the first `length` bits of `bytes` equal those of `prefix` (same byte length). */
export function hasPrefix(bytes: Uint8Array, prefix: Uint8Array, length: number): boolean {
  const whole = length >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== prefix[i]) return false;
  const rest = length & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[whole] as number) & mask) === ((prefix[whole] as number) & mask);
}

/** Whether 16 address bytes are an IPv4-mapped IPv6 address, `::ffff:0:0/96` (RFC 4291 §2.5.5.2). */
export function isIpv4Mapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16 || bytes[10] !== 0xff || bytes[11] !== 0xff) return false;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Whether 16 address bytes lie in the NAT64 well-known prefix `64:ff9b::/96` (RFC 6052 §2.1),
 * which carries an IPv4 address in its last 32 bits (bits 32–95 are zero, RFC 6052 §2.2).
 */
export function isNat64WellKnown(bytes: Uint8Array): boolean {
  if (bytes.length !== 16 || bytes[0] !== 0 || bytes[1] !== 0x64 || bytes[2] !== 0xff || bytes[3] !== 0x9b) {
    return false;
  }
  for (let i = 4; i < 12; i++) if (bytes[i] !== 0) return false;
  return true;
}
