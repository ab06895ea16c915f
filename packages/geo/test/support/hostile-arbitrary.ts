/**
 * @module
 * Generated hostile MMDB files (fast-check): a data section of random pieces laid end to end,
 * where pointers aim at the starts of other pieces (loops, pointers to pointers, one huge
 * string shared by thousands of pointers), container headers claim more children than follow
 * or nest thousands deep, sizes are wrong for their types, strings are malformed UTF-8 or cut
 * short, and the record the tree points at is any piece. Optionally the file is then truncated
 * or has bytes overwritten. Built with the spec-derived encoder of test/support/hostile.ts.
 */
import fc from 'fast-check';
import { databaseWith, encode } from './hostile.js';

/** One piece of a data section; pointers name the piece they aim at by index. */
type Piece =
  | { kind: 'string'; length: number }
  | { kind: 'bad-utf8' }
  | { kind: 'pointer'; to: number }
  | { kind: 'pointers'; to: number; count: number }
  | { kind: 'bomb'; container: 'array' | 'map'; count: number; length: number }
  | { kind: 'map'; size: number }
  | { kind: 'array'; size: number }
  | { kind: 'nest'; levels: number }
  | { kind: 'scalar'; type: number; size: number }
  | { kind: 'key' }
  | { kind: 'raw'; bytes: number[] };

/** Limits of the generator: the unit suite keeps files small, the slow suite lets them grow. */
export interface HostileLimits {
  /** Longest string piece. */
  readonly maxString: number;
  /** Largest container size a header claims. */
  readonly maxContainer: number;
  /** Most pieces. */
  readonly maxPieces: number;
}

const piece = (limits: HostileLimits): fc.Arbitrary<Piece> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.nat(64).map((length) => ({ kind: 'string' as const, length })) },
    { weight: 1, arbitrary: fc.nat(limits.maxString).map((length) => ({ kind: 'string' as const, length })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'bad-utf8' as const }) },
    { weight: 6, arbitrary: fc.nat(1000).map((to) => ({ kind: 'pointer' as const, to })) },
    {
      weight: 1,
      arbitrary: fc
        .record({ to: fc.nat(1000), count: fc.nat(limits.maxContainer) })
        .map((s) => ({ kind: 'pointers' as const, ...s })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          container: fc.constantFrom('array' as const, 'map' as const),
          count: fc.nat(limits.maxContainer),
          length: fc.nat(limits.maxString),
        })
        .map((s) => ({ kind: 'bomb' as const, ...s })),
    },
    { weight: 2, arbitrary: fc.nat(limits.maxContainer).map((size) => ({ kind: 'map' as const, size })) },
    { weight: 2, arbitrary: fc.nat(limits.maxContainer).map((size) => ({ kind: 'array' as const, size })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((levels) => ({ kind: 'nest' as const, levels })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ type: fc.integer({ min: 3, max: 15 }), size: fc.nat(40) })
        .map((s) => ({ kind: 'scalar' as const, ...s })),
    },
    { weight: 3, arbitrary: fc.constant({ kind: 'key' as const }) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 })
        .map((bytes) => ({ kind: 'raw' as const, bytes })),
    },
  );

const KEYS = ['country', 'iso_code', 'country_code', 'continent', 'code', 'subdivisions', 'names', 'en', 'location'];

function encodePiece(p: Piece, offsets: number[], index: number): number[] | Uint8Array {
  switch (p.kind) {
    case 'string':
      return encode.bigString(p.length);
    case 'bad-utf8':
      return [...encode.control(2, 4), 0xc3, 0x28, 0xff, 0xfe];
    case 'pointer':
      // Aim at a piece start (possibly this one: a loop), or just past the data.
      return encode.pointer(offsets[p.to % (offsets.length + 1)] ?? (offsets[index] ?? 0) + 100_000);
    case 'pointers': {
      // Many pointers to one piece: with a huge string there, the shape of issue 16 item 6.
      const one = encode.pointer(offsets[p.to % offsets.length] ?? 0);
      const out = new Uint8Array(one.length * p.count);
      for (let i = 0; i < p.count; i++) out.set(one, i * one.length);
      return out;
    }
    case 'bomb': {
      // A container whose every child (a map: every key and value) is a pointer to one string
      // that follows them: `count × length` bytes once decoded, from `length + 2 × count` in the file.
      const pointers = p.container === 'map' ? 2 * p.count : p.count;
      const head = p.container === 'map' ? encode.mapOf(p.count) : encode.arrayOf(p.count);
      const start = (offsets[index] ?? 0) + head.length;
      let size = 2;
      let one = encode.pointer(start + pointers * size);
      while (one.length !== size) {
        size = one.length;
        one = encode.pointer(start + pointers * size);
      }
      const text = encode.bigString(p.length);
      const out = new Uint8Array(head.length + pointers * size + text.length);
      out.set(head);
      for (let i = 0; i < pointers; i++) out.set(one, head.length + i * size);
      out.set(text, head.length + pointers * size);
      return out;
    }
    case 'map':
      return encode.mapOf(p.size);
    case 'array':
      return encode.arrayOf(p.size);
    case 'nest':
      return Array.from({ length: p.levels }, () => encode.arrayOf(1)).flat();
    case 'scalar': {
      const head = encode.control(p.type, p.size);
      return [...head, ...Array.from({ length: Math.min(p.size, 16) }, (_, i) => (i * 37) & 0xff)];
    }
    case 'key':
      return encode.str(KEYS[(offsets[index] ?? 0) % KEYS.length] as string);
    case 'raw':
      return p.bytes;
  }
}

/** Lays pieces end to end; a pointer's size depends on its target, so offsets settle in two passes. */
function layout(pieces: Piece[]): { data: Uint8Array; offsets: number[] } {
  let offsets = pieces.map(() => 0);
  let parts: (number[] | Uint8Array)[] = [];
  for (let pass = 0; pass < 3; pass++) {
    parts = pieces.map((p, i) => encodePiece(p, offsets, i));
    const next: number[] = [];
    let at = 0;
    for (const part of parts) {
      next.push(at);
      at += part.length;
    }
    offsets = next;
  }
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }
  return { data, offsets };
}

/** A damage applied after the file is built: none, a cut, or overwritten bytes. */
type Damage = { kind: 'none' } | { kind: 'cut'; keep: number } | { kind: 'overwrite'; edits: [number, number][] };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.nat().map((keep) => ({ kind: 'cut' as const, keep })) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })
      .map((edits) => ({ kind: 'overwrite' as const, edits })),
  },
);

/** A hostile MMDB file, as bytes. */
export function hostileDatabase(limits: HostileLimits): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      pieces: fc.array(piece(limits), { minLength: 1, maxLength: limits.maxPieces }),
      record: fc.nat(),
      damage,
    })
    .map(({ pieces, record, damage: harm }) => {
      const { data, offsets } = layout(pieces);
      const file = databaseWith(data, { recordOffset: offsets[record % offsets.length] ?? 0 });
      if (harm.kind === 'cut') return file.subarray(0, harm.keep % (file.length + 1));
      if (harm.kind === 'overwrite') for (const [at, value] of harm.edits) file[at % file.length] = value;
      return file;
    });
}
