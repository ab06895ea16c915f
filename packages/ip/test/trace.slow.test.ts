/**
 * @module
 * Slow suite: hostile headers through `explainClientIp`. Whatever a client writes, the trace
 * gives the same answer as `clientIp`, and neither the trace (as JSON) nor its error holds any
 * text of an entry that is no address. The check plants a marker (letters no canonical address,
 * code or message contains in that order) inside junk of every kind the hostile suite uses:
 * separators, quotes, line breaks, zones, ports, brackets, huge repeats.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClientIpTrace, clientIp, explainClientIp, type IpError, type TrustProxy } from '../src/index.js';

const seed = Number(process.env['PRIVKIT_SEED'] ?? 0x7ace) >>> 0;

const piece = fc.oneof(
  fc.constantFrom(',', ';', '=', '"', '\\', ' ', '\t', '\r\n', '\n', '\u2028', '\u0000', '[', ']', ':', '%', '_'),
  fc.constantFrom('for=', 'for="', 'by=', 'unknown', '0177.0.0.1', '127.1', '::ffff:', 'fe80::1%', '[::1]:'),
  fc.constantFrom('10.0.0.1', '198.51.100.7', '2001:db8::1', 'fd00::2'),
  fc.string({ maxLength: 8 }),
);
const marker = fc.stringMatching(/^[g-zG-Z]{6}Qx[g-z]{4}$/);
/** A header value holding the marker somewhere, maybe repeated thousands of times. */
const hostile = fc
  .tuple(fc.array(piece, { maxLength: 12 }), marker, fc.array(piece, { maxLength: 12 }), fc.nat(3000))
  .map(([left, m, right, repeat]) => ({
    m,
    value: `${left.join('')}${m}${right.join('')}`.repeat(repeat > 2990 ? repeat - 2980 : 1),
  }));

const trusts: TrustProxy[] = [true, 3, ['private', 'loopback'], ['10.0.0.0/8', 'fd00::/8'], (ip) => ip.family === 4];

function outcome(run: () => { toString(): string } | undefined): string {
  try {
    return `ip ${run()?.toString()}`;
  } catch (error) {
    return `error ${(error as IpError).code}`;
  }
}

describe('hostile input: the trace of any header is clientIp’s answer and holds no raw entry text', () => {
  it('x-forwarded-for and forwarded, every trust rule, both onMalformed modes', () => {
    fc.assert(
      fc.property(
        hostile,
        fc.array(fc.constantFrom('10.0.0.3', 'fd00::3', '192.168.1.1'), { maxLength: 3 }),
        fc.constantFrom<'x-forwarded-for' | 'forwarded'>('x-forwarded-for', 'forwarded'),
        fc.constantFrom(...trusts),
        fc.constantFrom('use-last-trusted' as const, 'throw' as const),
        fc.boolean(),
        ({ m, value }, proxies, header, trustProxy, onMalformed, lines) => {
          const right = proxies.map((p) => (header === 'forwarded' ? `for="${p}"` : p));
          const headers = { [header]: lines ? [value, ...right] : [value, ...right].join(', ') };
          const options = { remoteAddress: '10.0.0.2', headers, header, trustProxy, onMalformed };
          const t: ClientIpTrace = explainClientIp(options);
          const answer = t.decision === 'rejected' ? `error ${t.error?.code}` : `ip ${t.ip?.toString()}`;
          expect(answer).toBe(outcome(() => clientIp(options)));
          expect(JSON.stringify(t)).not.toContain(m);
          expect(t.error?.message ?? '').not.toContain(m);
        },
      ),
      { numRuns: 30_000, seed },
    );
  });
});
