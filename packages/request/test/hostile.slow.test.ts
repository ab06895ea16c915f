/**
 * Generated requests no one here wrote, against `read` directly: any text in the forwarding
 * headers and the user agent (line breaks, NULs, lone surrogates, lists that never end), public
 * IPv4, IPv6 and IPv4-mapped socket peers, every trust rule and both `onMalformed` modes. The
 * promise checked: `read` resolves, or rejects only with `MALFORMED_HEADER` under `throw`; the
 * prefix is the truncation of the socket peer or of an address that is in the header; and no
 * raw address nor the user agent is in the context or in any part of an error.
 */
import { parseIp, truncateIp } from '@privkit/ip';
import { createMemorySaltStore, createVisitorHasher } from '@privkit/visitor-hash';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequestPrivacy, RequestError } from '../src/index.js';

const hasher = createVisitorHasher({ store: createMemorySaltStore() });
const v4 = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
  .map((parts) => parts.join('.'));
const v6 = fc
  .array(fc.integer({ min: 1, max: 0xffff }), { minLength: 8, maxLength: 8 })
  .map((groups) => groups.map((g) => g.toString(16)).join(':'));
const peer = fc.oneof(
  v4,
  v6,
  v4.map((a) => `::ffff:${a}`),
  fc.constantFrom('127.0.0.1', '::1', '10.1.2.3'),
);
const entry = fc.oneof(
  v4,
  v6,
  v6.map((a) => `[${a}]:8080`),
  v4.map((a) => `for=${a}`),
  v6.map((a) => `for="[${a}]"`),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const header = fc.oneof(
  fc.array(entry, { maxLength: 10 }).map((parts) => parts.join(', ')),
  fc
    .tuple(fc.array(entry, { maxLength: 10 }), fc.constantFrom(',', ';', ' ,,'))
    .map(([parts, separator]) => parts.join(separator)),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(
    fc.array(entry, { maxLength: 4 }).map((p) => p.join(',')),
    { maxLength: 3 },
  ),
);
const trust = fc.constantFrom<unknown>(true, ['loopback'], ['loopback', '10.0.0.0/8', 'fc00::/7'], 2, 5);

/** Every address-like token of the request that has host bits under /16 and /48. */
function rawAddresses(...texts: string[]): string[] {
  const found: string[] = [];
  for (const token of texts.join(' ').split(/[^0-9a-fA-F:.]+/)) {
    if (token.length < 7) continue;
    try {
      const ip = parseIp(token.replace(/^\[|\]$/g, ''));
      if (truncateIp(ip, 'cnil') !== ip.toString()) found.push(ip.toString());
    } catch {
      // not an address
    }
  }
  return found;
}

function candidates(...texts: string[]): Set<string> {
  const out = new Set<string>();
  for (const token of texts.join(' ').split(/[^0-9a-fA-F:.]+/)) {
    try {
      out.add(truncateIp(parseIp(token), 'cnil'));
    } catch {
      // not an address
    }
  }
  return out;
}

describe('read on generated hostile requests', () => {
  it('resolves or refuses with MALFORMED_HEADER; keeps no raw address or user agent anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        peer,
        fc.option(header, { nil: undefined }),
        fc.option(header, { nil: undefined }),
        fc.string({ minLength: 1, maxLength: 600 }),
        trust,
        fc.constantFrom('x-forwarded-for' as const, 'forwarded' as const),
        fc.constantFrom('use-last-trusted' as const, 'throw' as const),
        fc.boolean(),
        async (remoteAddress, xff, forwarded, agent, trustProxy, which, onMalformed, asHeaders) => {
          const userAgent = `UAmark${agent}`;
          const record: Record<string, string | string[]> = { 'user-agent': userAgent };
          if (xff !== undefined) record['x-forwarded-for'] = xff;
          if (forwarded !== undefined) record['forwarded'] = forwarded;
          const privacy = createRequestPrivacy({
            trustProxy: trustProxy as never,
            header: which,
            onMalformed,
            hasher,
            tenant: 't',
          });
          let headers: Record<string, string | string[]> | Headers = record;
          if (asHeaders) {
            try {
              headers = new Headers(
                Object.entries(record).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x])) as [
                  string,
                  string,
                ][],
              );
            } catch {
              return; // text a Headers object refuses never reaches a handler
            }
          }
          const all = [remoteAddress, JSON.stringify(xff ?? ''), JSON.stringify(forwarded ?? '')];
          const secrets = [...rawAddresses(...all), 'UAmark'];
          let seen: string;
          try {
            const context = await privacy.read({ remoteAddress, headers });
            expect(candidates(...all, remoteAddress)).toContain(context.ipPrefix);
            expect(context.visitorId).toMatch(/^[0-9a-f]{32}$/);
            seen = JSON.stringify(context);
          } catch (error) {
            expect(error).toBeInstanceOf(RequestError);
            expect(onMalformed).toBe('throw');
            expect((error as RequestError).code).toBe('MALFORMED_HEADER');
            const cause = (error as RequestError).cause as Error;
            seen = [
              String(error),
              (error as RequestError).path,
              (error as Error).stack,
              String(cause),
              cause.stack,
            ].join('\n');
          }
          for (const secret of secrets) expect(seen).not.toContain(secret);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
