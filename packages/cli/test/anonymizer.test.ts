import { readFileSync } from 'node:fs';
import { truncateIp, tryParseIp } from '@privkit/ip';
import { createStatelessSaltSource } from '@privkit/visitor-hash';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError, createLineAnonymizer } from '../src/index.js';

const vectors = JSON.parse(readFileSync(new URL('./vectors/fail-closed.json', import.meta.url), 'utf8')) as {
  cases: { field: string; out: string; anonip: string; anonipLeaks: boolean }[];
};
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');
const REST = ' - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"';
const SECRET = 'q7Vd2pX9sLk3mN8bR4tW6yZ1cF5gH0jAzu3Ke9Lw2PbT';

describe('fail closed: known answers (test/vectors/fail-closed.json)', () => {
  for (const { field, out } of vectors.cases) {
    it(`${JSON.stringify(field)} → ${JSON.stringify(out)}`, () => {
      const anonymize = createLineAnonymizer({ truncate: 'anonip' });
      expect(anonymize.lineSync(field + REST)).toBe(out + REST);
    });
  }

  it('counts every case: masked, unparsable, per family', () => {
    const anonymize = createLineAnonymizer({ truncate: 'anonip' });
    for (const { field } of vectors.cases) anonymize.lineSync(field + REST);
    const valid = vectors.cases.filter((c) => c.out !== '0.0.0.0');
    expect(anonymize.summary).toMatchObject({
      lines: vectors.cases.length,
      masked: valid.length,
      unparsable: vectors.cases.length - valid.length,
      unmatched: 0,
      dropped: 0,
    });
    // The two lists count two addresses each.
    expect(anonymize.summary.ipv4 + anonymize.summary.ipv6).toBe(valid.length + 2);
  });

  it('drop leaves the line out; fail throws a typed error without the line', () => {
    const drop = createLineAnonymizer({ onUnparsable: 'drop' });
    expect(drop.lineSync(`0177.0.0.1${REST}`)).toBeUndefined();
    expect(drop.summary).toMatchObject({ lines: 1, unparsable: 1, dropped: 1 });
    const fail = createLineAnonymizer({ onUnparsable: 'fail' });
    fail.lineSync(`198.51.100.23${REST}`);
    let caught: unknown;
    try {
      fail.lineSync(`p5b0f3c2a.dip0.t-ipconnect.de${REST}`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).code).toBe('UNPARSABLE_ADDRESS');
    expect((caught as CliError).path).toBe('line 2');
    expect((caught as Error).message).not.toContain('t-ipconnect');
  });

  it('a custom replacement', () => {
    const anonymize = createLineAnonymizer({ replacement: '-' });
    expect(anonymize.lineSync(`127.1${REST}`)).toBe(`-${REST}`);
    expect(() => createLineAnonymizer({ replacement: 'a\nb' })).toThrow(CliError);
  });

  it('property: whatever the address field, the written field is a truncated address or the replacement', () => {
    const field = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.ipV4Extended(),
      // (A field ending in a comma continues into the next field, as a list would: not this property.)
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/\s/.test(s) && !s.endsWith(',')),
      fc.array(fc.ipV4(), { minLength: 2, maxLength: 4 }).map((a) => a.join(', ')),
    );
    fc.assert(
      fc.property(field, (text) => {
        const anonymize = createLineAnonymizer({ truncate: 'anonip' });
        const out = anonymize.lineSync(text + REST) as string;
        expect(out.endsWith(REST)).toBe(true);
        const written = out.slice(0, out.length - REST.length);
        if (written === '0.0.0.0') return;
        for (const entry of written.split(', ')) {
          const ip = tryParseIp(entry);
          expect(ip).toBeDefined();
          // Truncating again changes nothing: the field holds networks, not hosts.
          expect(truncateIp(ip!, 'anonip')).toBe(entry);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formats', () => {
  it('combined: the Apache documentation line and real-world lines', () => {
    const anonymize = createLineAnonymizer({ truncate: 'ga' });
    const out = fixture('apache-combined.log')
      .trimEnd()
      .split('\n')
      .map((l) => anonymize.lineSync(l));
    expect(out[0]).toBe(
      '127.0.0.0 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 ' +
        '"http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    );
    expect(out.map((l) => l?.split(' ')[0])).toEqual([
      '127.0.0.0',
      '198.51.100.0',
      '2001:db8:85a3::',
      '203.0.113.0',
      '192.0.2.0',
      '203.0.113.0,',
      '0.0.0.0',
      '0.0.0.0',
      '2001:db8::',
      '198.51.100.0',
    ]);
    // The IPv4-mapped address counts as IPv6, the list as two IPv4 addresses.
    expect(anonymize.summary).toMatchObject({ lines: 10, masked: 8, unparsable: 2, ipv4: 6, ipv6: 3 });
  });

  it('common (nginx)', () => {
    const anonymize = createLineAnonymizer({ format: 'common' });
    const out = fixture('nginx-common.log')
      .trimEnd()
      .split('\n')
      .map((l) => anonymize.lineSync(l));
    expect(out).toEqual([
      '192.0.0.0 - - [23/Nov/2026:07:01:00 +0000] "GET / HTTP/1.1" 200 612',
      '192.0.0.0 - bob [23/Nov/2026:07:01:01 +0000] "GET /favicon.ico HTTP/1.1" 404 153',
      '2a02:8071:b1:: - - [23/Nov/2026:07:01:02 +0000] "GET /feed.xml HTTP/1.1" 200 20480',
      '0.0.0.0 - - [23/Nov/2026:07:01:03 +0000] "GET / HTTP/1.1" 200 612',
    ]);
  });

  it('JSON Lines with a field path: lists, bad values, absent fields, invalid JSON', () => {
    const anonymize = createLineAnonymizer({ format: 'jsonl', field: 'client.ip', truncate: 'anonip' });
    const out = fixture('app.jsonl')
      .trimEnd()
      .split('\n')
      .map((l) => anonymize.lineSync(l));
    expect(JSON.parse(out[0] as string).client.ip).toBe('198.51.96.0');
    expect(JSON.parse(out[1] as string).client.ip).toBe('2001:db8:85a0::');
    expect(out[2]).toBe('{"time":"2026-11-23T08:00:02Z","event":"cron","path":"/internal/sweep"}');
    expect(JSON.parse(out[3] as string).client.ip).toBe('10.0.0.0, 203.0.112.0');
    expect(JSON.parse(out[4] as string).client.ip).toBe('0.0.0.0');
    // Not JSON: not in the format, written with every address masked (there is none).
    expect(out[5]).toBe('not json at all');
    expect(anonymize.summary).toMatchObject({
      lines: 6,
      masked: 3,
      unparsable: 1,
      unmatched: 1,
      noAddress: 1,
      dropped: 0,
    });
    // Non-string values are not addresses either.
    expect(JSON.parse(createLineAnonymizer({ format: 'jsonl' }).lineSync('{"ip":2130706433}') as string).ip).toBe(
      '0.0.0.0',
    );
  });

  it('column with a delimiter (anonip -c/-l), the list spanning cells, a missing column', () => {
    const anonymize = createLineAnonymizer({ format: 'column', column: 2, delimiter: '\t' });
    expect(anonymize.lineSync('2026-11-23T10:00:00Z\t198.51.100.23\tGET /')).toBe(
      '2026-11-23T10:00:00Z\t198.51.0.0\tGET /',
    );
    expect(anonymize.lineSync('short 203.0.113.9')).toBe('short 203.0.0.0');
    expect(anonymize.summary).toMatchObject({ masked: 1, unmatched: 1 });
    const spaced = createLineAnonymizer({ format: 'column', column: 3 });
    expect(spaced.lineSync('a b 203.0.113.9, 10.0.0.1 c')).toBe('a b 203.0.0.0, 10.0.0.0 c');
  });

  it('regex: group ip, every match (with or without g), lines without a match masked as text', () => {
    const anonymize = createLineAnonymizer({ format: 'regex', pattern: /client=(?<ip>\S+)/g, truncate: 'ga' });
    expect(anonymize.lineSync('ts=1 client=198.51.100.23 peer client=2001:db8::1 ok')).toBe(
      'ts=1 client=198.51.100.0 peer client=2001:db8:: ok',
    );
    expect(anonymize.lineSync('no match from 203.0.113.9')).toBe('no match from 203.0.113.0');
    const first = createLineAnonymizer({ format: 'regex', pattern: 'client=(\\S+)', truncate: 'ga' });
    expect(first.lineSync('client=198.51.100.23 client=203.0.113.9')).toBe('client=198.51.100.0 client=203.0.113.0');
    expect(anonymize.lineSync('client=0177.0.0.1 x')).toBe('client=0.0.0.0 x');
    expect(anonymize.summary).toMatchObject({ masked: 1, unmatched: 1, unparsable: 1 });
    expect(() => createLineAnonymizer({ format: 'regex', pattern: 'no group' })).toThrow(CliError);
    expect(() => createLineAnonymizer({ format: 'regex' })).toThrow(CliError);
  });

  it('keeps CRLF line ends and empty lines', () => {
    const anonymize = createLineAnonymizer();
    expect(anonymize.lineSync(`198.51.100.23${REST}\r`)).toBe(`198.51.0.0${REST}\r`);
    expect(anonymize.lineSync('')).toBe('');
    expect(anonymize.summary).toMatchObject({ lines: 2, empty: 1, masked: 1 });
  });

  it('rejects bad options', () => {
    expect(() => createLineAnonymizer({ truncate: 'nope' as never })).toThrow(CliError);
    expect(() => createLineAnonymizer({ format: 'xml' as never })).toThrow(CliError);
    expect(() => createLineAnonymizer({ onUnparsable: 'ignore' as never })).toThrow(CliError);
    expect(() => createLineAnonymizer({ format: 'jsonl', field: 'a..b' })).toThrow(CliError);
    expect(() => createLineAnonymizer({ visitorId: { tenant: '' } })).toThrow(CliError);
  });
});

describe('visitor ids and country', () => {
  const line = (ip: string, time: string, ua = 'Mozilla/5.0') =>
    `${ip} - - [${time}] "GET / HTTP/1.1" 200 5 "-" "${ua}"`;

  it('column mode: truncated address kept, id appended; same visitor same day → same id', async () => {
    const anonymize = createLineAnonymizer({
      visitorId: { tenant: 'shop', store: createStatelessSaltSource({ secret: SECRET }) },
    });
    const a = (await anonymize.line(line('198.51.100.23', '23/Nov/2026:10:00:00 +0000'))) as string;
    const b = anonymize.lineSync(line('198.51.100.23', '23/Nov/2026:18:00:00 +0000')) as string;
    const other = anonymize.lineSync(line('198.51.100.24', '23/Nov/2026:18:00:00 +0000')) as string;
    const nextDay = (await anonymize.line(line('198.51.100.23', '24/Nov/2026:09:00:00 +0000'))) as string;
    const id = (l: string) => l.split(' ').at(-1) as string;
    expect(a.startsWith('198.51.0.0 - - [23/Nov/2026:10:00:00 +0000]')).toBe(true);
    expect(id(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(b)).toBe(id(a));
    expect(id(other)).not.toBe(id(a));
    expect(id(nextDay)).not.toBe(id(a));
  });

  it("the previous line's id is reused only for the same address, user agent and day", async () => {
    const store = () => createStatelessSaltSource({ secret: SECRET });
    const burst = createLineAnonymizer({ visitorId: { tenant: 'shop', store: store() } });
    const lines = [
      line('198.51.100.23', '23/Nov/2026:10:00:00 +0000'),
      line('198.51.100.23', '23/Nov/2026:10:00:01 +0000'),
      line('198.51.100.23', '23/Nov/2026:10:00:02 +0000', 'curl/8.5.0'),
      line('198.51.100.24', '23/Nov/2026:10:00:03 +0000', 'curl/8.5.0'),
      line('198.51.100.24', '24/Nov/2026:10:00:03 +0000', 'curl/8.5.0'),
    ];
    const ids: string[] = [];
    for (const l of lines) ids.push(((await burst.line(l)) as string).split(' ').at(-1) as string);
    // Each line on its own, through a fresh anonymiser: the same ids.
    for (const [i, l] of lines.entries()) {
      const alone = createLineAnonymizer({ visitorId: { tenant: 'shop', store: store() } });
      expect(((await alone.line(l)) as string).split(' ').at(-1)).toBe(ids[i]);
    }
    expect(ids[1]).toBe(ids[0]);
    expect(new Set(ids.slice(1)).size).toBe(4);
  });

  it('the day comes from the line and its zone, and the id is reproducible from the secret', async () => {
    const make = () =>
      createLineAnonymizer({ visitorId: { tenant: 'shop', store: createStatelessSaltSource({ secret: SECRET }) } });
    const one = (await make().line(line('198.51.100.23', '23/Nov/2026:23:30:00 -0200'))) as string;
    const two = (await make().line(line('198.51.100.23', '24/Nov/2026:01:30:00 +0000'))) as string;
    // 23:30 at -02:00 is 01:30 UTC the next day: the same UTC day, the same id.
    expect(one.split(' ').at(-1)).toBe(two.split(' ').at(-1));
  });

  it('replace mode writes the id where the address was; line() wants lineAsync until the salt is loaded', async () => {
    const anonymize = createLineAnonymizer({ visitorId: { tenant: 'shop', mode: 'replace' } });
    const text = line('2001:db8::1', '23/Nov/2026:10:00:00 +0000');
    expect(() => anonymize.lineSync(text)).toThrow(CliError);
    expect(anonymize.summary.lines).toBe(0);
    const out = (await anonymize.line(text)) as string;
    expect(out).toMatch(/^[0-9a-f]{32} - - \[23\/Nov\/2026/);
    expect(out).not.toContain('2001:db8');
    expect(anonymize.summary).toMatchObject({ lines: 1, masked: 1, ipv6: 1 });
  });

  it('unparsable lines keep the column layout with "-"', async () => {
    const anonymize = createLineAnonymizer({ visitorId: { tenant: 'shop' }, locate: () => 'DE' });
    const out = await anonymize.line(line('127.1', '23/Nov/2026:10:00:00 +0000'));
    expect(out?.endsWith('"Mozilla/5.0" - -')).toBe(true);
    expect(out?.startsWith('0.0.0.0 ')).toBe(true);
  });

  it('country column from a locate function given the full address', () => {
    const seen: string[] = [];
    const anonymize = createLineAnonymizer({
      locate: (ip) => {
        seen.push(ip.toString());
        return ip.family === 4 ? 'NL' : undefined;
      },
    });
    expect(anonymize.lineSync(line('198.51.100.23', '23/Nov/2026:10:00:00 +0000'))?.endsWith(' NL')).toBe(true);
    expect(anonymize.lineSync(line('2001:db8::1', '23/Nov/2026:10:00:00 +0000'))?.endsWith(' -')).toBe(true);
    expect(seen).toEqual(['198.51.100.23', '2001:db8::1']);
    const json = createLineAnonymizer({ format: 'jsonl', locate: () => 'FR' });
    expect(JSON.parse(json.lineSync('{"ip":"192.0.2.1"}') as string)).toEqual({ ip: '192.0.0.0', country: 'FR' });
  });

  it('JSON Lines: id in its own field, time and user agent from their paths', async () => {
    const anonymize = createLineAnonymizer({
      format: 'jsonl',
      field: 'client.ip',
      userAgentField: 'client.ua',
      visitorId: { tenant: 'shop', store: createStatelessSaltSource({ secret: SECRET }) },
    });
    const out = JSON.parse(
      (await anonymize.line(
        '{"time":"2026-11-23T08:00:00Z","client":{"ip":"198.51.100.23","ua":"curl/8.5.0"}}',
      )) as string,
    );
    expect(out.client.ip).toBe('198.51.0.0');
    expect(out.visitor_id).toMatch(/^[0-9a-f]{32}$/);
  });
});
