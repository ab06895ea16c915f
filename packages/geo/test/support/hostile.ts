/**
 * @module
 * Hand-assembled MMDB files for the reader's defences: the smallest valid database around a
 * given data section, so a test can put a hostile value (a pointer loop, a self-referencing
 * map, a length past the end, thousands of pointers to one huge string) where a record should
 * be. The encoder is written from the MaxMind DB spec 2.0 ("Output Data Section"), not from
 * `src/`: control byte = type (3 bits) and size (5 bits), extended types in a second byte, sizes
 * 29–31 followed by 1–3 more bytes, pointers `001SSVVV`.
 */

const MARKER = [0xab, 0xcd, 0xef, ...new TextEncoder().encode('MaxMind.com')];

/** Control byte(s) of a value of `type` (1–15) and `size`, with the size's extra bytes. */
function control(type: number, size: number): number[] {
  let head: number[];
  let extra: number[];
  if (size < 29) {
    head = [size];
    extra = [];
  } else if (size < 285) {
    head = [29];
    extra = [size - 29];
  } else if (size < 65_821) {
    const n = size - 285;
    head = [30];
    extra = [n >> 8, n & 0xff];
  } else {
    const n = size - 65_821;
    if (n >= 1 << 24) throw new RangeError('size too large for the format');
    head = [31];
    extra = [n >> 16, (n >> 8) & 0xff, n & 0xff];
  }
  const first = head[0] as number;
  // Types above 7 are "extended": type bits 000, then a byte holding type - 7.
  return type <= 7 ? [(type << 5) | first, ...extra] : [first, type - 7, ...extra];
}

function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...control(2, b.length), ...b];
}
function uint16(v: number): number[] {
  return [0xa2, v >> 8, v & 0xff];
}
function uint32(v: number): number[] {
  return [0xc4, (v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
}
/** A pointer to data-section offset `to`, in the shortest form the spec allows. */
function pointer(to: number): number[] {
  if (to < 2048) return [0x20 | (to >> 8), to & 0xff];
  if (to < 526_336) {
    const n = to - 2048;
    return [0x28 | (n >> 16), (n >> 8) & 0xff, n & 0xff];
  }
  if (to < 134_744_064) {
    const n = to - 526_336;
    return [0x30 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  }
  return [0x38, (to >>> 24) & 0xff, (to >> 16) & 0xff, (to >> 8) & 0xff, to & 0xff];
}
/** The header of a map of `n` pairs (the pairs follow). */
const mapOf = (n: number) => control(7, n);
/** The header of an array of `n` values (the values follow). */
const arrayOf = (n: number) => control(11, n);
/** A string of `n` ASCII letters, as one typed array (a plain array of 128 KiB numbers is slow to spread). */
function bigString(n: number): Uint8Array {
  const head = control(2, n);
  const out = new Uint8Array(head.length + n).fill(0x78);
  out.set(head);
  return out;
}

/** Options of {@link databaseWith}. */
export interface HostileOptions {
  /** `build_epoch` metadata. */
  buildEpoch?: number;
  /** The data-section offset both records of the one tree node point at. Default 0. */
  recordOffset?: number;
}

/**
 * An IPv4 database (24-bit records) with one node whose both records point at data offset
 * `recordOffset` (default 0), followed by `data` as the data section: every address looks up the
 * value there.
 */
export function databaseWith(data: ArrayLike<number>, options: HostileOptions | number = {}): Uint8Array {
  const { buildEpoch = 1_790_000_000, recordOffset = 0 } =
    typeof options === 'number' ? { buildEpoch: options } : options;
  const nodeCount = 1;
  const record = nodeCount + 16 + recordOffset;
  const half = [record >> 16, (record >> 8) & 0xff, record & 0xff];
  const meta = [
    ...mapOf(6),
    ...str('node_count'),
    ...uint32(nodeCount),
    ...str('record_size'),
    ...uint16(24),
    ...str('ip_version'),
    ...uint16(4),
    ...str('binary_format_major_version'),
    ...uint16(2),
    ...str('build_epoch'),
    ...uint32(buildEpoch),
    ...str('database_type'),
    ...str('hostile'),
  ];
  const out = new Uint8Array(6 + 16 + data.length + MARKER.length + meta.length);
  out.set([...half, ...half], 0);
  out.set(data, 22);
  out.set(MARKER, 22 + data.length);
  out.set(meta, 22 + data.length + MARKER.length);
  return out;
}

/**
 * The file of issue 16 item 6: one string of `stringBytes` (128 KiB) at offset 0, then the record,
 * an array of `pointers` (90,000) pointers to that string. Decoding the record naively builds
 * `pointers` copies of the string: 11 GiB from a file of a few hundred KiB.
 */
export function pointerBomb(pointers = 90_000, stringBytes = 128 * 1024): Uint8Array {
  const text = bigString(stringBytes);
  const head = arrayOf(pointers);
  const data = new Uint8Array(text.length + head.length + pointers * 2);
  data.set(text);
  data.set(head, text.length);
  for (let i = 0, at = text.length + head.length; i < pointers; i++, at += 2) data.set(pointer(0), at);
  return databaseWith(data, { recordOffset: text.length });
}

export const encode = { control, str, uint16, uint32, pointer, mapOf, arrayOf, bigString };
