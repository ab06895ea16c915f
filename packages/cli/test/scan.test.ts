/**
 * The whole-line scanner made fast for issue 17 (indexOf jumps to colons and dots, allocation-free
 * proofs that truncation leaves an address as it is) held to what it replaced: on generated text
 * with addresses in every spelling, position and encoding it masks exactly what the pre-issue-17
 * scanner (`support/scan-reference.ts`) masks, and on real log lines the verifier of
 * `@privkit/cli/verify` finds no full address in its output. The shortcuts are held to
 * `@privkit/ip`, and the CLF quote reader to the character-by-character loop it replaced.
 *
 * Two fixes made since are outside that equality, by design, and the comparison says where:
 * - the reference wrote a truncation in plain text where the address had been written with
 *   escapes, so a `%`, `\x` or `\x3` before it could join the truncation's first characters
 *   into a new escape (`%` + `%31%32%38…` came out `%128…`, read as `\x12` `8…`). The scanner now
 *   writes that first character as `%HH` (see `escapes.test.ts`): where the outputs differ, the
 *   only difference allowed is such a respelling, only where the reference's output reads
 *   differently from ours, and the counts stay the same;
 * - the reference read a dotted tail's parts with `Number()`, so `::ffff:1.2.3.1e2` was
 *   `::ffff:1.2.3.100` and masked, although `1e2` is no decimal number; text with a dotted part
 *   running into an `e` is left out of the equality (the detector still checks it).
 */
import { readFileSync } from 'node:fs';
import { type IpAddress, truncateIpToNetwork, tryParseIp } from '@privkit/ip';
import { parseIpInto } from '@privkit/ip/bytes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoted } from '../src/formats/clf.js';
import { createAddressScanner } from '../src/internal/scan.js';
import { ipv4Unchanged, ipv6Unchanged } from '../src/internal/unchanged.js';
import { findFullAddresses } from '../src/verify.js';
import { encoded, freeText, ipv4, ipv6, policies, spelled } from './support/hostile.js';
import { createReferenceScanner } from './support/scan-reference.js';

/** Text around addresses: log punctuation, version numbers, times, hex words, glue letters. */
const filler = fc.constantFrom(
  ' ',
  '"',
  '/',
  '?ip=',
  '&v6=',
  '[',
  ']',
  ':',
  '::',
  '.',
  '%',
  '%2E',
  '%3A',
  '%3a',
  '\\x2e',
  '\\x3A',
  '\0',
  'GET ',
  ' HTTP/1.1',
  '[23/Nov/2026:10:00:00 +0000]',
  '2026:10:00:00',
  'Chrome/124.0.0.0',
  'rv:125.0',
  'std::fmt',
  'Foo::Bar',
  'cafe:',
  'g',
  'x',
  'deadbeef',
  '1.2.3',
  '1.2.3.4.5',
  '256.1.1.1',
  'https://',
  '\u00e9',
  '\u2028',
);
const piece = fc.oneof(
  { weight: 3, arbitrary: spelled },
  { weight: 1, arbitrary: encoded(spelled) },
  { weight: 4, arbitrary: filler },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%\\x[]g ') }) },
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
  freeText,
);

/** The text as a viewer reads it (the README's definition): `%HH` and `\xHH` decoded once, NUL dropped. */
const viewed = (text: string) =>
  text
    .replace(/%([0-7][0-9A-Fa-f])|\\[xX]([0-7][0-9A-Fa-f])/g, (_, a, b) =>
      String.fromCharCode(Number.parseInt(a ?? b, 16)),
    )
    .replaceAll('\0', '');

/**
 * Whether `ours` is `reference` with some hex digits or colons written as `%HH`, and at least one
 * (the escape fix's only change to the reference's output).
 */
function respelled(ours: string, reference: string): boolean {
  let i = 0;
  let j = 0;
  let changes = 0;
  while (j < reference.length) {
    if (ours[i] === reference[j]) {
      i++;
      j++;
      continue;
    }
    const char = ours[i] === '%' ? String.fromCharCode(Number.parseInt(ours.slice(i + 1, i + 3), 16)) : '';
    if (char !== reference[j] || !/^[0-9a-fA-F:]$/.test(char)) return false;
    i += 3;
    j++;
    changes++;
  }
  return i === ours.length && changes > 0;
}

/** A dotted part running into an `e` (`1.2.3.1e2`), which the reference read with `Number()`. */
const exponent = (line: string) => /\.[0-9]{0,2}[eE]/.test(viewed(line));

/** The scanner against the reference on one line, with the differences the fixes allow (see the module). */
function expectAsReference(line: string, policy: { ipv4: number; ipv6: number }): string {
  const counts = { ipv4: 0, ipv6: 0 };
  const expectedCounts = { ipv4: 0, ipv6: 0 };
  const out = createAddressScanner(policy).mask(line, counts);
  const reference = createReferenceScanner(policy).mask(line, expectedCounts);
  if (exponent(line)) return out;
  expect(counts).toEqual(expectedCounts);
  if (out !== reference) {
    expect(respelled(out, reference)).toBe(true);
    expect(viewed(out)).not.toBe(viewed(reference));
  }
  return out;
}

describe('the whole-line scanner against the pre-issue-17 scanner', () => {
  it('masks exactly the same, and counts the same, on generated text under any policy', () => {
    let respellings = 0;
    let compared = 0;
    fc.assert(
      fc.property(text, policies, (line, policy) => {
        const out = expectAsReference(line, policy);
        if (!exponent(line)) compared++;
        if (out !== createReferenceScanner(policy).mask(line, { ipv4: 0, ipv6: 0 })) respellings++;
        expect(findFullAddresses(out, policy)).toEqual([]);
      }),
      { numRuns: 20_000 },
    );
    // The exclusions are the rare cases they are meant to be.
    expect(compared).toBeGreaterThan(19_000);
    expect(respellings).toBeLessThan(1000);
  });

  it('the same on real log lines: the repository fixtures and their every address spelled otherwise', () => {
    const lines = ['apache-combined.log', 'nginx-common.log', 'app.jsonl'].flatMap((name) =>
      readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').split('\n'),
    );
    fc.assert(
      fc.property(fc.constantFrom(...lines), fc.array(spelled, { maxLength: 3 }), policies, (line, extra, policy) => {
        const out = expectAsReference(`${line} ${extra.join(' ')}`, policy);
        expect(findFullAddresses(out, policy)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('a line with a full address in every field: all masked', () => {
    const line =
      '203.0.113.77 - - [23/Nov/2026:10:00:00 +0000] "GET /?ip=198.51.100.23&v6=2001:db8:1:2::77 HTTP/1.1" 200 5 ' +
      '"http://[2001:db8:85a3::8a2e:370:7334]:8080/" "bot ::ffff:192.0.2.1 fe80::1%eth0 010.001.002.003"';
    const out = createAddressScanner({ ipv4: 16, ipv6: 48 }).mask(line, { ipv4: 0, ipv6: 0 });
    expect(out).toBe(
      '203.0.0.0 - - [23/Nov/2026:10:00:00 +0000] "GET /?ip=198.51.0.0&v6=2001:db8:1:: HTTP/1.1" 200 5 ' +
        '"http://[2001:db8:85a3::]:8080/" "bot 192.0.0.0 fe80::%eth0 10.1.0.0"',
    );
  });
});

/** IPv6 text with its dotted tail's leading zeros dropped, for the strict parser. */
function plainText(text: string): string {
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  return tail.includes('.') ? text.slice(0, colon + 1) + tail.split('.').map(Number).join('.') : text;
}

/** The bytes `@privkit/ip` reads from IPv6 text with a dotted tail's leading zeros dropped. */
function parsedBytes(text: string): Uint8Array | undefined {
  const ip = tryParseIp(plainText(text));
  return ip?.family === 6 && ip.zone === undefined && ip.port === undefined ? ip.toBytes() : undefined;
}

const isatap = fc
  .tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 3 }), ipv4)
  .map(([net, ug, v4]) => `2001:db8:${net.toString(16)}::${(ug << 8).toString(16)}:5efe:${v4}`);

describe('the proofs that truncation leaves an address unchanged, against @privkit/ip', () => {
  it('ipv6Unchanged holds only where truncateIpToNetwork returns the same bytes', () => {
    fc.assert(
      fc.property(fc.oneof(ipv6, isatap), policies, (candidate, policy) => {
        const bytes = parsedBytes(candidate);
        fc.pre(bytes !== undefined);
        const before = bytes as Uint8Array;
        const after = truncateIpToNetwork(tryParseIp(plainText(candidate)) as IpAddress, policy).address.toBytes();
        if (ipv6Unchanged(before, policy)) expect(after).toEqual(before);
      }),
      { numRuns: 30_000 },
    );
  });

  it('ipv4Unchanged is exactly "truncateIpToNetwork returns the same address"', () => {
    fc.assert(
      fc.property(fc.ipV4(), policies, (address, policy) => {
        const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
        const same = truncateIpToNetwork(address, policy).address.toString() === address;
        expect(ipv4Unchanged(a, b, c, d, policy)).toBe(same);
      }),
      { numRuns: 20_000 },
    );
  });

  it('every truncated network is proven unchanged (the scan of an anonymised field costs no parse)', () => {
    fc.assert(
      fc.property(fc.ipV6(), policies, (address, policy) => {
        const network = truncateIpToNetwork(address, policy).address;
        fc.pre(network.family === 6);
        const bytes = network.toBytes();
        const special = bytes[0] === 0 || (bytes[0] === 0x20 && (bytes[1] === 1 || bytes[1] === 2));
        fc.pre(!special && !(bytes[10] === 0x5e && bytes[11] === 0xfe));
        const text = network.toString();
        const out = new Uint8Array(16);
        expect(parseIpInto(text, 0, text.length, out)).toBe(6);
        expect(ipv6Unchanged(out, policy)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

/** The quoted-field reader it replaced: a backslash escapes the next character. */
function quotedByLoop(line: string, i: number): number {
  if (line.charCodeAt(i) !== 34) return -1;
  for (let j = i + 1; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 34) return j + 1;
  }
  return -1;
}

describe('the CLF quoted-field reader', () => {
  it('ends every field where the character-by-character loop does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('"', '\\', 'a', ' ') }), fc.nat(), (line, at) => {
        const i = line.length === 0 ? 0 : at % line.length;
        expect(quoted(line, i)).toBe(quotedByLoop(line, i));
      }),
      { numRuns: 30_000 },
    );
  });
});
