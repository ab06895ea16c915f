/**
 * @module
 * A small reader of the MaxMind DB file format, version 2
 * (https://maxmind.github.io/MaxMind-DB/), over a plain `Uint8Array`, so it runs in browsers and
 * edge runtimes as well as Node. `mmdb-lib` 3.x, the usual JavaScript reader, needs Node's
 * `Buffer` (it calls `Buffer.from` when its module loads and rejects a `Uint8Array`), and a
 * `Buffer` polyfill would not fit the 8 KB budget of the core entry.
 *
 * The reader walks the binary search tree to a data offset and decodes the value there. The
 * caller caches what it derives from a record *by data offset*: every address of a network
 * shares one record, so each record is decoded once rather than on every lookup.
 *
 * A database is input like any other: every offset is checked against the file before it is
 * read, and each read is bounded three ways, so a truncated or hostile file raises
 * `INVALID_DATABASE` in bounded memory and time instead of reading out of bounds, recursing
 * without end, or building gigabytes of strings from a few kilobytes of pointers:
 *
 * - depth: maps, arrays and pointers nest at most {@link MAX_DEPTH} levels, and a pointer may not
 *   point at a pointer;
 * - values: one read decodes at most {@link MAX_VALUES} values;
 * - bytes: the strings and byte arrays of one read add up to at most {@link MAX_READ_BYTES}.
 *   A value reached through a pointer is decoded (and counted) each time, which is what the
 *   budget must see: 90,000 pointers to one 128 KiB string are 11 GiB once decoded.
 */

import { GeoError } from '../errors.js';

/** "\xAB\xCD\xEFMaxMind.com", the start of the metadata section (spec, "Database Metadata"). */
const MARKER = [0xab, 0xcd, 0xef, 0x4d, 0x61, 0x78, 0x4d, 0x69, 0x6e, 0x64, 0x2e, 0x63, 0x6f, 0x6d];
/** The metadata section is at most 128 KiB from the end of the file (spec). */
const METADATA_MAX = 128 * 1024;
/**
 * Deepest nesting of maps, arrays and pointers accepted. Real databases nest four levels
 * (GeoIP2 City: record → subdivisions → map → names); libmaxminddb allows 512. A pointer loop
 * in a hostile file would otherwise recurse until the stack overflows.
 */
export const MAX_DEPTH = 64;
/**
 * Most values one read may decode. A real record has a few hundred (a GeoIP2 City record with
 * names in eight languages); a hostile map whose values all point back to itself would, within
 * the depth limit, take 2^64 steps.
 */
export const MAX_VALUES = 100_000;
/**
 * Most bytes of strings and byte arrays one read may decode. A GeoIP2 City record decodes to a
 * few kilobytes; 4 MiB leaves three orders of magnitude of room and keeps the worst case of one
 * read (these bytes, at most twice as many as UTF-16 text, plus {@link MAX_VALUES} small values)
 * to a few tens of megabytes.
 */
export const MAX_READ_BYTES = 4 * 1024 * 1024;

/** A decoded MMDB value. */
export type MmdbValue = string | number | boolean | Uint8Array | MmdbValue[] | { [key: string]: MmdbValue };

/** The fields of the metadata map this package reads. */
export interface MmdbMetadata {
  readonly nodeCount: number;
  readonly recordSize: 24 | 28 | 32;
  readonly ipVersion: 4 | 6;
  readonly databaseType: string;
  /** Seconds since the Unix epoch. */
  readonly buildEpoch: number;
}

/** An opened database: lookups by address bytes, and decoding at a data offset. */
export interface MmdbReader {
  readonly metadata: MmdbMetadata;
  /**
   * The data-section offset of the record for a 4- or 16-byte address, or `-1` when the
   * database has no record for it (or it is IPv6 and the database IPv4 only).
   */
  find(address: Uint8Array): number;
  /** Decodes the value at a data-section offset returned by {@link MmdbReader.find}. */
  read(offset: number): MmdbValue;
}

/** One message for every malformed value: the offset and type would help nobody but an attacker. */
const BAD = 'malformed data';

function corrupt(what: string): never {
  throw new GeoError('INVALID_DATABASE', `"options.database" is not a valid MaxMind DB: ${what}`, {
    path: 'options.database',
  });
}

// Fatal: malformed UTF-8 is a corrupt file, not text to repair with U+FFFD (MaxMind's own readers
// refuse it too).
const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return corrupt(BAD);
  }
}

/**
 * A decoder over `bytes` whose pointers are relative to `base` (the data section start, or the
 * metadata start when decoding metadata). Returns `decode(offset)`, which sets `cursor` to the
 * offset after the value.
 */
function decoder(bytes: Uint8Array, base: number, end: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let cursor = 0;
  let values = 0;
  let payload = 0;

  /** Counts `length` bytes of string or byte-array payload against the read's budget. */
  function spend(length: number): void {
    payload -= length;
    if (payload < 0) corrupt(BAD);
  }

  function need(at: number, length: number): void {
    if (at < 0 || at + length > end) corrupt(BAD);
  }

  /** Unsigned big-endian integer of `length` (≤ 4) bytes at `at`. */
  function uint(at: number, length: number): number {
    need(at, length);
    let value = 0;
    for (let i = 0; i < length; i++) value = value * 256 + (bytes[at + i] as number);
    return value;
  }

  function decode(at: number, depth: number): MmdbValue {
    if (depth > MAX_DEPTH || --values < 0) corrupt(BAD);
    need(at, 1);
    const control = bytes[at++] as number;
    let type = control >> 5;
    if (type === 1) {
      // Pointer (spec, "Pointer - 1"): 001SSVVV; SS picks 1–4 more bytes and an added offset.
      const size = (control >> 3) & 3;
      const low = control & 7;
      let target: number;
      if (size === 0) target = low * 256 + uint(at, 1);
      else if (size === 1) target = low * 65536 + uint(at, 2) + 2048;
      else if (size === 2) target = low * 16777216 + uint(at, 3) + 526336;
      else target = uint(at, 4);
      const after = at + size + 1;
      // A pointer to a pointer is invalid (libmaxminddb and MaxMind's readers refuse it): a chain
      // of them is a loop in all but name.
      need(base + target, 1);
      if ((bytes[base + target] as number) >> 5 === 1) corrupt(BAD);
      const value = decode(base + target, depth + 1);
      cursor = after;
      return value;
    }
    if (type === 0) {
      // Extended type: the next byte holds the type minus 7.
      need(at, 1);
      type = 7 + (bytes[at++] as number);
      if (type < 8 || type > 15) corrupt(BAD);
    }
    let size = control & 0x1f;
    if (size === 29) {
      size = 29 + uint(at, 1);
      at += 1;
    } else if (size === 30) {
      size = 285 + uint(at, 2);
      at += 2;
    } else if (size === 31) {
      size = 65821 + uint(at, 3);
      at += 3;
    }
    switch (type) {
      case 2: // UTF-8 string
        need(at, size);
        spend(size);
        cursor = at + size;
        return text(bytes.subarray(at, at + size));
      case 3: // double
        if (size !== 8) corrupt(BAD);
        need(at, 8);
        cursor = at + 8;
        return view.getFloat64(at);
      case 4: // bytes
        need(at, size);
        spend(size);
        cursor = at + size;
        return bytes.slice(at, at + size);
      case 5: // uint16
      case 6: // uint32
        if (size > (type === 5 ? 2 : 4)) corrupt(BAD);
        cursor = at + size;
        return uint(at, size);
      case 7: {
        // map: `size` key/value pairs; keys are strings (possibly through pointers)
        // No prototype, so a key named "__proto__" is just a key and cannot reach Object.prototype.
        const map: { [key: string]: MmdbValue } = Object.create(null);
        for (let i = 0; i < size; i++) {
          const key = decode(at, depth + 1);
          if (typeof key !== 'string') corrupt(BAD);
          const value = decode(cursor, depth + 1);
          at = cursor;
          map[key] = value;
        }
        cursor = at;
        return map;
      }
      case 8: {
        // int32, stored in 0–4 bytes, two's complement when 4
        if (size > 4) corrupt(BAD);
        const value = uint(at, size);
        cursor = at + size;
        return size === 4 ? value | 0 : value;
      }
      case 9: // uint64
      case 10: // uint128
        // As a number: exact up to 2^53, which covers build_epoch; no field this package
        // reads is wider, so the larger values' low bits do not matter here.
        if (size > (type === 9 ? 8 : 16)) corrupt(BAD);
        need(at, size);
        cursor = at + size;
        return bytes.subarray(at, at + size).reduce((v, b) => v * 256 + b, 0);
      case 11: {
        // array
        const array: MmdbValue[] = [];
        for (let i = 0; i < size; i++) {
          array.push(decode(at, depth + 1));
          at = cursor;
        }
        cursor = at;
        return array;
      }
      case 14: // boolean: the size is the value
        if (size > 1) corrupt(BAD);
        cursor = at;
        return size === 1;
      case 15: // float
        if (size !== 4) corrupt(BAD);
        need(at, 4);
        cursor = at + 4;
        return view.getFloat32(at);
      default: // 12 data cache container, 13 end marker: never values in a data section
        return corrupt(BAD);
    }
  }

  return (at: number): MmdbValue => {
    values = MAX_VALUES;
    payload = MAX_READ_BYTES;
    return decode(at, 0);
  };
}

function findMetadata(bytes: Uint8Array): number {
  const stop = Math.max(0, bytes.length - METADATA_MAX);
  for (let at = bytes.length - MARKER.length; at >= stop; at--) {
    let i = 0;
    while (i < MARKER.length && bytes[at + i] === MARKER[i]) i++;
    if (i === MARKER.length) return at + MARKER.length;
  }
  return corrupt('no metadata section');
}

function field<T>(map: { [key: string]: MmdbValue }, key: string, check: (value: unknown) => boolean): T {
  const value = typeof map === 'object' && Object.hasOwn(map, key) ? map[key] : undefined;
  if (!check(value)) corrupt(`metadata ${key}`);
  return value as T;
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Opens a MaxMind DB held in memory. The bytes are not copied: the caller must not change them
 * while the reader is in use.
 */
export function openMmdb(bytes: Uint8Array): MmdbReader {
  const metaStart = findMetadata(bytes);
  const meta = decoder(bytes, metaStart, bytes.length)(metaStart) as { [key: string]: MmdbValue };
  field<number>(meta, 'binary_format_major_version', (v) => v === 2);
  const nodeCount = field<number>(meta, 'node_count', isCount);
  const recordSize = field<24 | 28 | 32>(meta, 'record_size', (v) => v === 24 || v === 28 || v === 32);
  const ipVersion = field<4 | 6>(meta, 'ip_version', (v) => v === 4 || v === 6);
  // Seconds up to 9999-12-31T23:59:59Z, the last instant RFC 3339 can write: a larger value is
  // corruption, not a date, and must not surface later as an unreadable provenance `builtAt`.
  const buildEpoch = field<number>(meta, 'build_epoch', (v) => isCount(v) && (v as number) <= 253_402_300_799);
  const databaseType = field<string>(meta, 'database_type', (v) => typeof v === 'string');

  const nodeBytes = recordSize / 4;
  const treeSize = nodeCount * nodeBytes;
  // The data section starts after the tree and a 16-byte separator, and ends at the marker.
  const dataStart = treeSize + 16;
  const dataEnd = metaStart - MARKER.length;
  if (dataStart > dataEnd) corrupt('tree too large');
  const decodeData = decoder(bytes, dataStart, dataEnd);

  const metadata: MmdbMetadata = { nodeCount, recordSize, ipVersion, databaseType, buildEpoch };

  /** The record `bit` (0 left, 1 right) of node `node` (spec, "Search Tree Section"). */
  function record(node: number, bit: number): number {
    const o = node * nodeBytes;
    if (recordSize === 24) {
      const p = bit === 0 ? o : o + 3;
      return ((bytes[p] as number) << 16) | ((bytes[p + 1] as number) << 8) | (bytes[p + 2] as number);
    }
    if (recordSize === 28) {
      // The middle byte holds the top 4 bits of both records: high nibble left, low nibble right.
      const middle = bytes[o + 3] as number;
      const p = bit === 0 ? o : o + 4;
      const high = bit === 0 ? middle >> 4 : middle & 0x0f;
      return (
        high * 16777216 + (((bytes[p] as number) << 16) | ((bytes[p + 1] as number) << 8) | (bytes[p + 2] as number))
      );
    }
    const p = bit === 0 ? o : o + 4;
    return (
      (bytes[p] as number) * 16777216 +
      (((bytes[p + 1] as number) << 16) | ((bytes[p + 2] as number) << 8) | (bytes[p + 3] as number))
    );
  }

  // IPv4 addresses in an IPv6 tree live under ::/96 (spec, "IPv4 addresses in an IPv6 tree"):
  // find that node once, not on every lookup.
  let ipv4Start = 0;
  if (ipVersion === 6) {
    for (let i = 0; i < 96 && ipv4Start < nodeCount; i++) ipv4Start = record(ipv4Start, 0);
  }

  function find(address: Uint8Array): number {
    const bits = address.length * 8;
    if (bits === 128 && ipVersion === 4) return -1;
    let node = bits === 32 ? ipv4Start : 0;
    let i = 0;
    // One loop per record size with the record read inlined: the walk is most of a lookup's
    // time once records are cached, and this halves it against calling record() per bit.
    if (recordSize === 24) {
      for (; i < bits && node < nodeCount; i++) {
        const o = node * 6 + (((address[i >> 3] as number) >> (7 - (i & 7))) & 1) * 3;
        node = ((bytes[o] as number) << 16) | ((bytes[o + 1] as number) << 8) | (bytes[o + 2] as number);
      }
    } else if (recordSize === 28) {
      // GeoLite2 City's record size: the middle byte holds both records' top 4 bits.
      for (; i < bits && node < nodeCount; i++) {
        const o = node * 7;
        const middle = bytes[o + 3] as number;
        node =
          ((address[i >> 3] as number) >> (7 - (i & 7))) & 1
            ? (middle & 0x0f) * 16777216 +
              (((bytes[o + 4] as number) << 16) | ((bytes[o + 5] as number) << 8) | (bytes[o + 6] as number))
            : (middle >> 4) * 16777216 +
              (((bytes[o] as number) << 16) | ((bytes[o + 1] as number) << 8) | (bytes[o + 2] as number));
      }
    } else {
      for (; i < bits && node < nodeCount; i++) node = record(node, ((address[i >> 3] as number) >> (7 - (i & 7))) & 1);
    }
    // Equal to the node count: "no data"; still below it: the tree ended early, no data either.
    if (node <= nodeCount) return -1;
    const offset = node - nodeCount - 16;
    if (offset < 0 || dataStart + offset >= dataEnd) corrupt(BAD);
    return offset;
  }

  return Object.freeze({ metadata, find, read: (offset: number) => decodeData(dataStart + offset) });
}
