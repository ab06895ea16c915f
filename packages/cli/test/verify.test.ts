/**
 * The detector of `@privkit/cli/verify` and `privkit logs verify`: known answers from the RFCs'
 * own address examples, then agreement with the anonymiser's masker on generated text (the two
 * share no code): whatever the anonymiser writes holds no full address, and it changes a text
 * exactly when the detector finds one there.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError, createLineAnonymizer } from '../src/index.js';
import { findFullAddresses } from '../src/verify.js';
import { freeText, policies } from './support/hostile.js';

const CNIL = { ipv4: 16, ipv6: 48 };
const spans = (line: string, policy = CNIL) =>
  findFullAddresses(line, policy).map((f) => [line.slice(f.index, f.index + f.length), f.family]);

describe('findFullAddresses: known answers', () => {
  it.each([
    // RFC 4291 §2.2: the three conventional forms.
    ['2001:DB8:0:0:8:800:200C:417A', 6],
    ['FF01:0:0:0:0:0:0:101', 6],
    ['2001:DB8::8:800:200C:417A', 6],
    ['FF01::101', 6],
    ['::1', 6],
    ['0:0:0:0:0:0:13.1.68.3', 6],
    ['::13.1.68.3', 6],
    ['::FFFF:129.144.52.38', 6],
    // RFC 5952 §4 canonical forms, RFC 6052 §2.4 NAT64, RFC 3056 6to4, RFC 4380 Teredo examples.
    ['2001:db8::1', 6],
    ['64:ff9b::192.0.2.33', 6],
    ['2002:c000:0221::1', 6],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 6],
    ['192.0.2.33', 4],
    ['010.001.002.003', 4],
  ])('%s is a full address under /16, /48', (text, family) => {
    expect(spans(`x ${text} y`)).toEqual([[text, family]]);
  });

  it.each([
    ['networks are not full', '192.0.0.0 2001:db8:: 64:ff9b:: 2002:c000:: ::'],
    ['a dotted run of five numbers (an OID, a version)', '1.3.6.1.4 1.2.3.4.5'],
    ['numbers over 255 or of four digits', '1.2.3.256 1234.1.1.1 1.2.3.4567'],
    ['times, MAC addresses, nine groups', '[23/Nov/2026:10:00:00 +0000] 10:00:00 00:1a:2b:3c:4d:5e 1:2:3:4:5:6:7:8:9'],
    ['identifiers run into letters', 'Foo::Bar std::fmt x2001:db8::1 2001:db8::1x'],
    ['Chrome 124 under /16', 'Chrome/124.0.0.0'],
  ])('%s: nothing', (_name, text) => {
    expect(spans(text)).toEqual([]);
  });

  it('reads the line as a viewer shows it: percent, \\xHH, NUL; reports positions in the line as given', () => {
    expect(spans('?ip=203%2E0%2e113%2E77&v6=2001%3Adb8%3A%3A1')).toEqual([
      ['203%2E0%2e113%2E77', 4],
      ['2001%3Adb8%3A%3A1', 6],
    ]);
    expect(spans('\\x22198.51.100.23\\x22')).toEqual([['198.51.100.23', 4]]);
    expect(spans('1\u00009.0.2.3')).toEqual([['1\u00009.0.2.3', 4]]);
    expect(spans('[fe80::1%25eth0]:443 client:2001:db8::7.')).toEqual([
      ['fe80::1', 6],
      ['2001:db8::7', 6],
    ]);
  });

  it('an IPv4 address carried in IPv6 is full when its IPv4 bits are', () => {
    // Under /8 IPv4 and /128 IPv6 only the carried IPv4 bits can make these full.
    const keepAll6 = { ipv4: 8, ipv6: 128 };
    expect(spans('::ffff:10.0.0.0 ::ffff:10.1.0.0', keepAll6)).toEqual([['::ffff:10.1.0.0', 6]]);
    expect(spans('2002:0a00:: 2002:0a01::', keepAll6)).toEqual([['2002:0a01::', 6]]);
    expect(spans('64:ff9b::10.0.0.0 64:ff9b::10.0.0.1', keepAll6)).toEqual([['64:ff9b::10.0.0.1', 6]]);
    expect(spans('2001:0:0a00::', keepAll6)).toEqual([]);
    expect(spans('2001:0:0a00:0:0:1::', keepAll6)).toEqual([['2001:0:0a00:0:0:1::', 6]]);
  });

  it('refuses a bad policy with the package error', () => {
    expect(() => findFullAddresses('x', { ipv4: 33, ipv6: 48 })).toThrow(CliError);
    expect(() => findFullAddresses('x', { ipv4: 16, ipv6: 48, ipv5: 1 } as never)).toThrow(CliError);
  });
});

describe('the anonymiser and the detector agree (they share no code)', () => {
  it('on generated text: the output has no full address, and the text changed exactly when it had one', () => {
    fc.assert(
      fc.property(freeText, policies, (text, policy) => {
        const out = createLineAnonymizer({ format: 'text', truncate: policy }).lineSync(text) as string;
        expect(findFullAddresses(out, policy)).toEqual([]);
        expect(out !== text).toBe(findFullAddresses(text, policy).length > 0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('privkit logs verify', () => {
  const pkg = fileURLToPath(new URL('..', import.meta.url));
  const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const verify = (args: string[], input: string | Buffer) =>
    spawnSync(process.execPath, ['--import', TSX, join(pkg, 'src/bin.ts'), 'logs', 'verify', ...args], {
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('names file, line and column of each full address, never the address; exit 1', () => {
    const r = verify([], 'clean 203.0.0.0\nGET /?ip=203.0.113.77 HTTP/1.1\r2001:db8:1:2::77\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('stdin:2:10: a full IPv4 address\nstdin:3:1: a full IPv6 address\n');
    expect(r.stderr).toBe('privkit: 2 full addresses in 3 lines\n');
    expect(r.stdout + r.stderr).not.toMatch(/113\.77|::77/);
  });

  it('exit 0 on an anonymised log; --preset says what full means; gzip is read', () => {
    const out = createLineAnonymizer({ truncate: 'ga' }).lineSync(
      '198.51.100.23 - - [23/Nov/2026:10:00:00 +0000] "GET /?from=203.0.113.77 HTTP/1.1" 200 5 "-" "x"',
    ) as string;
    expect(verify(['--preset', 'ga'], gzipSync(`${out}\n`)).status).toBe(0);
    // The same output still carries 8 bits more than cnil keeps.
    expect(verify(['-q'], `${out}\n`).status).toBe(1);
  });

  it('--json, --limit, a line too long to check is a finding', () => {
    const r = verify(['--json', '--limit', '1', '--max-line-length', '40'], `1.2.3.4 5.6.7.8\n${'a'.repeat(41)}\n`);
    expect(r.status).toBe(1);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ file: 'stdin', line: 1, column: 1, family: 4 }]);
    expect(JSON.parse(r.stderr)).toEqual({ lines: 2, findings: 2, tooLong: 1 });
  });

  it('usage and unreadable files', () => {
    expect(verify(['--ipv4-prefix', '40'], '').status).toBe(2);
    const missing = verify(['no-such.log'], '');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('privkit: cannot read no-such.log (ENOENT)\n');
  });
});
