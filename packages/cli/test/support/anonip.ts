/**
 * @module
 * Debian's `anonip` as a peer: found at /usr/bin/anonip (or on PATH). Where it is missing, the
 * differential suites skip with a printed reason; with PRIVKIT_REQUIRE_SERVERS=1 (CI) they fail.
 */
import { spawnSync } from 'node:child_process';
import { truncateIp, tryParseIp } from '@privkit/ip';
import { expect } from 'vitest';
import { createLineAnonymizer } from '../../src/index.js';

const REQUIRE = process.env['PRIVKIT_REQUIRE_SERVERS'] === '1';

function locate(): string | undefined {
  for (const candidate of ['/usr/bin/anonip', 'anonip']) {
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

/** The anonip executable, or `undefined`. */
export const ANONIP = locate();

/** Why the suite cannot run, or `undefined`; throws under PRIVKIT_REQUIRE_SERVERS=1. */
export function anonipMissing(): string | undefined {
  if (ANONIP !== undefined) return undefined;
  const reason = 'anonip not installed (Debian: apt-get install anonip)';
  if (REQUIRE) throw new Error(`PRIVKIT_REQUIRE_SERVERS=1 but ${reason}`);
  console.warn(`skipped: ${reason}`);
  return reason;
}

/** Runs anonip with the masks given, line for line. */
export function runAnonip(input: string, args: string[] = ['-4', '12', '-6', '84']): string[] {
  const r = spawnSync(ANONIP as string, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`anonip exited with ${r.status}`);
  return r.stdout.replace(/\n$/, '').split('\n');
}

/** The address in an anonip output field, without the brackets and port anonip keeps. */
export function anonipAddress(field: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(field);
  if (bracketed) return tryParseIp(bracketed[1])?.toString();
  const ported = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(field);
  if (ported) return tryParseIp(ported[1])?.toString();
  return tryParseIp(field)?.toString();
}

/** Whether the address carries an IPv4 address that @privkit/ip truncates under the IPv4 policy. */
export function embedsIpv4(text: string): boolean {
  const ip = tryParseIp(text);
  if (ip === undefined || ip.family === 4) return false;
  const b = ip.toBytes();
  const zeros64 = b.subarray(0, 8).every((x) => x === 0);
  const onlyLoopbackOrUnspecified = b.subarray(0, 15).every((x) => x === 0);
  return (
    (zeros64 && !onlyLoopbackOrUnspecified) ||
    (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) ||
    (b[0] === 0x20 && b[1] === 0x02) ||
    (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0)
  );
}

const POLICY = { ipv4: 20, ipv6: 44 };

/** Compares anonip and us line by line; returns how many lines each check covered. */
export function compare(lines: string[]) {
  const theirs = runAnonip(`${lines.join('\n')}\n`);
  const anonymize = createLineAnonymizer({ truncate: POLICY });
  const counts = { identical: 0, embedded: 0, anonipUnparsed: 0 };
  expect(theirs).toHaveLength(lines.length);
  lines.forEach((line, i) => {
    const field = line.slice(0, line.indexOf(' '));
    const ours = (anonymize.lineSync(line) as string).slice(0, -(line.length - field.length));
    const their = anonipAddress((theirs[i] as string).slice(0, (theirs[i] as string).indexOf(' ')));
    const input = anonipAddress(field);
    // anonip did not parse the field: it wrote it unchanged. We must not have.
    if (theirs[i] === line && (input === undefined || truncateIp(input, POLICY) !== input)) {
      counts.anonipUnparsed++;
      if (tryParseIp(field) === undefined) expect(ours).toBe('0.0.0.0');
      return;
    }
    expect(their, `anonip output for line ${i + 1}`).toBeDefined();
    if (embedsIpv4(input as string)) {
      counts.embedded++;
      const mine = tryParseIp(ours);
      expect(mine).toBeDefined();
      // Coarser: our truncation of anonip's network is our result (the embedded IPv4 bits went too).
      if (mine!.family === 6) expect(truncateIp(their as string, POLICY)).toBe(ours);
      else
        expect(ours).toBe(
          truncateIp(
            tryParseIp(input as string)!
              .toBytes()
              .subarray(12)
              .join('.'),
            POLICY,
          ),
        );
      return;
    }
    counts.identical++;
    expect(ours, `line ${i + 1}`).toBe(their);
  });
  return counts;
}
