/**
 * @module
 * `parseIp` / `tryParseIp`: known answers first (test/vectors/parse.json), then fast-check
 * properties (round trips, every RFC 4291 §2.2 spelling of an address, fail-closed errors that
 * never echo the input), then a small differential run against `node:net` and `ipaddr.js`.
 * The million-input differential run lives in parse.slow.test.ts.
 */

import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { IpError, parseIp, tryParseIp } from '../src/index.js';
import { formatBytes } from '../src/internal/format.js';
import { ALPHABET, checkDifferential, checkInvariants, spellIpv6, ZONE_CHARS } from './support/parse-checks.js';
import vectors from './vectors/parse.json' with { type: 'json' };

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an exception');
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/** A group value, mostly zero so that `::` runs and ties are frequent. */
const groupValue = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 0xff }) },
);

interface Spelled {
  text: string;
  bytes: number[];
  zone?: string | undefined;
  port?: number | undefined;
}

const ipv6Spelled = fc
  .record({
    groups: fc.array(groupValue, { minLength: 8, maxLength: 8 }),
    pads: fc.array(fc.nat(3), { minLength: 8, maxLength: 8 }),
    upper: fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
    runPick: fc.nat(),
    dotted: fc.boolean(),
    zone: fc.option(fc.string({ unit: fc.constantFrom(...ZONE_CHARS), minLength: 1, maxLength: 15 }), { freq: 4 }),
    encodeZone: fc.boolean(),
    brackets: fc.boolean(),
    port: fc.option(fc.integer({ min: 0, max: 65535 }), { freq: 2 }),
  })
  .map(({ groups, pads, upper, runPick, dotted, zone, encodeZone, brackets, port }): Spelled => {
    let text = spellIpv6(groups, pads, upper, runPick, dotted);
    const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
    const bracketed = brackets || port !== null;
    if (zone !== null) {
      // Inside brackets a zone starting "25" must itself be written with RFC 6874's "%25".
      text += bracketed && (encodeZone || zone.startsWith('25')) ? `%25${zone}` : `%${zone}`;
    }
    if (bracketed) text = `[${text}]`;
    if (port !== null) text += `:${port}`;
    return { text, bytes, zone: zone ?? undefined, port: port ?? undefined };
  });

const ipv4Spelled = fc
  .record({
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
    port: fc.option(fc.integer({ min: 0, max: 65535 }), { freq: 3 }),
  })
  .map(
    ({ bytes, port }): Spelled => ({
      text: bytes.join('.') + (port === null ? '' : `:${port}`),
      bytes,
      port: port ?? undefined,
    }),
  );

const spelled = fc.oneof(ipv4Spelled, ipv6Spelled);

/** One to three single-character edits drawn from {@link ALPHABET}. */
const edits = fc.array(
  fc.record({ op: fc.constantFrom('insert', 'delete', 'replace'), at: fc.nat(), ch: fc.constantFrom(...ALPHABET) }),
  { minLength: 1, maxLength: 3 },
);

function mutate(text: string, changes: { op: string; at: number; ch: string }[]): string {
  let out = text;
  for (const { op, at, ch } of changes) {
    const i = at % (out.length + 1);
    if (op === 'insert') out = out.slice(0, i) + ch + out.slice(i);
    else if (op === 'delete') out = out.slice(0, i) + out.slice(i + 1);
    else out = out.slice(0, i) + ch + out.slice(i + 1);
  }
  return out;
}

const mutated = fc.tuple(spelled, edits).map(([s, changes]) => mutate(s.text, changes));

// ---------------------------------------------------------------------------------------------
// Known answers
// ---------------------------------------------------------------------------------------------

describe('parseIp: known answers (test/vectors/parse.json)', () => {
  it('cites its sources', () => {
    expect(vectors.source).toMatch(/RFC 4291/);
    expect(vectors.source).toMatch(/CVE-2024-29415/);
  });

  for (const v of vectors.valid) {
    it(`accepts ${JSON.stringify(v.input)}`, () => {
      const ip = parseIp(v.input);
      expect(ip.toString()).toBe(v.canonical);
      expect(ip.family).toBe(v.family);
      expect(ip.zone).toBe('zone' in v ? v.zone : undefined);
      expect(ip.port).toBe('port' in v ? v.port : undefined);
      expect(tryParseIp(v.input)?.toString()).toBe(v.canonical);
    });
  }

  for (const v of vectors.invalid) {
    it(`refuses ${JSON.stringify(v.input)} with ${v.error}`, () => {
      const error = caught(() => parseIp(v.input));
      expect(error).toBeInstanceOf(IpError);
      expect(error).toMatchObject({ name: 'IpError', code: v.error, position: v.position, path: 'ip' });
      if (v.input.length >= 3) expect((error as Error).message).not.toContain(v.input);
      expect(tryParseIp(v.input)).toBeUndefined();
    });
  }
});

describe('parseIp: argument handling', () => {
  it('raises IpError INVALID_ARGUMENT for values that are not strings; tryParseIp returns undefined', () => {
    for (const value of [undefined, null, 0, 2130706433, {}, [], ['1.2.3.4'], new String('1.2.3.4'), Symbol('x')]) {
      expect(caught(() => parseIp(value as unknown as string))).toMatchObject({
        name: 'IpError',
        code: 'INVALID_ARGUMENT',
        path: 'ip',
        message: '"ip" must be a string',
      });
      expect(tryParseIp(value)).toBeUndefined();
    }
  });

  it('names the path given in options, in the message and on the error', () => {
    const error = caught(() => parseIp('1.2.3.4, 5.6.7.8', { path: 'body.ip' })) as IpError;
    expect(error.message).toBe('"body.ip" is not a valid IPv4 or IPv6 address: a list of addresses (character 7)');
    expect(error.path).toBe('body.ip');
    expect(error.position).toBe(7);
    expect(() => parseIp(undefined as unknown as string, { path: 'forwarded' })).toThrow(
      '"forwarded" must be a string',
    );
  });

  it('checks its options strictly', () => {
    expect(caught(() => parseIp('1.2.3.4', { argument: 'x' } as never))).toMatchObject({
      name: 'IpError',
      code: 'UNKNOWN_KEY',
      path: 'options.argument',
    });
    for (const bad of [{ path: '' }, { path: 42 }, { path: 'x'.repeat(201) }]) {
      expect(caught(() => parseIp('1.2.3.4', bad as never))).toMatchObject({
        code: 'INVALID_OPTIONS',
        path: 'options.path',
      });
    }
    expect(caught(() => parseIp('1.2.3.4', 'ip' as never))).toMatchObject({ code: 'INVALID_OPTIONS', path: 'options' });
  });

  it('keeps the zone out of every message, even a rejected one', () => {
    const error = caught(() => parseIp('fe80::1%secret-interface-name/0')) as IpError;
    expect(error.code).toBe('ZONE');
    expect(error.message).not.toContain('secret');
  });

  it('returns a new address each time, whose bytes cannot be changed from outside', () => {
    const ip = parseIp('192.0.2.1');
    ip.toBytes()[0] = 10;
    expect(ip.toString()).toBe('192.0.2.1');
    expect(parseIp('192.0.2.1')).not.toBe(ip);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('parseIp: properties', () => {
  it('round trip: parse(format(bytes)) gives the same bytes, and canonical text is a fixed point', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 16, maxLength: 16 })),
        (bytes) => {
          const text = formatBytes(bytes);
          const ip = parseIp(text);
          expect(Array.from(ip.toBytes())).toEqual(Array.from(bytes));
          expect(ip.family).toBe(bytes.length === 4 ? 4 : 6);
          expect(ip.toString()).toBe(text);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('every RFC 4291 §2.2 spelling, with zone, brackets and port, parses to the same address', () => {
    fc.assert(
      fc.property(spelled, ({ text, bytes, zone, port }) => {
        const ip = parseIp(text);
        expect(Array.from(ip.toBytes())).toEqual(bytes);
        expect(ip.zone).toBe(zone);
        expect(ip.port).toBe(port);
        expect(ip.toString()).toBe(formatBytes(Uint8Array.from(bytes)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('mutated addresses either parse or raise IpError, and tryParseIp agrees', () => {
    fc.assert(
      fc.property(mutated, (input) => {
        expect(checkInvariants(input).problem).toBeUndefined();
      }),
      { numRuns: 20_000 },
    );
  });

  it('arbitrary strings (full Unicode) either parse or raise IpError, and tryParseIp agrees', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 140 }), (input) => {
        expect(checkInvariants(input).problem).toBeUndefined();
      }),
      { numRuns: 10_000 },
    );
  });

  it('the message never contains the input: a marker placed anywhere in invalid text never shows', () => {
    const marker = fc.string({ unit: fc.constantFrom(...'ghijklmnopqrstuvwyz'), minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(spelled, marker, fc.nat(), edits, (s, mark, at, changes) => {
        const i = at % (s.text.length + 1);
        const input = mutate(s.text.slice(0, i) + mark + s.text.slice(i), changes);
        const { ip, problem } = checkInvariants(input);
        expect(problem).toBeUndefined();
        if (ip === undefined) {
          const error = caught(() => parseIp(input)) as IpError;
          expect(error.message).not.toContain(mark);
          expect(error.message).not.toContain(input);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('refuses any text with whitespace or a comma, with WHITESPACE or LIST', () => {
    const spaces = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff'];
    fc.assert(
      fc.property(spelled, fc.constantFrom(...spaces, ','), fc.nat(), (s, ch, at) => {
        const i = at % (s.text.length + 1);
        const error = caught(() => parseIp(s.text.slice(0, i) + ch + s.text.slice(i))) as IpError;
        expect(error).toBeInstanceOf(IpError);
        expect(error.code).toBe(ch === ',' ? 'LIST' : 'WHITESPACE');
        expect(error.position).toBe(i);
      }),
      { numRuns: 5_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Differential (small; the million-input run is parse.slow.test.ts)
// ---------------------------------------------------------------------------------------------

describe('parseIp: differential against node:net isIP() and ipaddr.js', () => {
  it('agrees on 10,000 generated and mutated inputs, where the documented differences allow', () => {
    const stats = { lenient: 0 };
    fc.assert(
      fc.property(
        fc.oneof(
          spelled.map((s) => s.text),
          mutated,
          mutated,
        ),
        (input) => {
          const { ip, problem } = checkInvariants(input);
          expect(problem ?? checkDifferential(input, ip, stats)).toBeUndefined();
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('agrees on the known-answer inputs', () => {
    const stats = { lenient: 0 };
    for (const v of [...vectors.valid, ...vectors.invalid]) {
      expect(checkDifferential(v.input, tryParseIp(v.input), stats)).toBeUndefined();
    }
    // The CVE-2024-29415 forms that ipaddr.js reads leniently stay refused here.
    expect(ipaddr.isValid('0177.0.0.1') && tryParseIp('0177.0.0.1') === undefined).toBe(true);
  });
});
