/**
 * @module
 * Hand-assembled MMDB files for the reader's defences: the smallest valid database around a
 * given data section, so a test can put a hostile value (a pointer loop, a self-referencing
 * map, a length past the end) where a record should be.
 */

const MARKER = [0xab, 0xcd, 0xef, ...new TextEncoder().encode('MaxMind.com')];

function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [0x40 | b.length, ...b];
}
function uint16(v: number): number[] {
  return [0xa2, v >> 8, v & 0xff];
}
function uint32(v: number): number[] {
  return [0xc4, (v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
}

/**
 * An IPv4 database (24-bit records) with one node whose both records point at data offset 0,
 * followed by `data` as the data section: every address looks up the value at offset 0.
 */
export function databaseWith(data: number[], buildEpoch = 1_790_000_000): Uint8Array {
  const nodeCount = 1;
  const record = nodeCount + 16; // data offset 0
  const tree = [record >> 16, (record >> 8) & 0xff, record & 0xff, record >> 16, (record >> 8) & 0xff, record & 0xff];
  const meta = [
    0xe0 | 6, // map with 6 entries
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
  return Uint8Array.from([...tree, ...new Array(16).fill(0), ...data, ...MARKER, ...meta]);
}

export const encode = { str, uint16, uint32 };
