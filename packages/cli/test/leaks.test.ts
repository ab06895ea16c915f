/**
 * Regressions for the leaks an outside attack found in `privkit logs anonymize` (issue 16 items
 * 2–5 and 8): each input made a full client address reach the "anonymised" output, most with exit
 * status 0. Run through the command, as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const BIN = ['--import', TSX, join(pkg, 'src/bin.ts')];

function anonymize(args: string[], input: string | Buffer) {
  const r = spawnSync(process.execPath, [...BIN, 'logs', 'anonymize', '--json', ...args], {
    input,
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return {
    status: r.status,
    out: r.stdout.toString('latin1'),
    summary: r.stderr.length > 0 ? (JSON.parse(r.stderr.toString()) as Record<string, number>) : {},
  };
}

const TIME = '[23/Nov/2026:10:00:00 +0000]';
const line = (host: string, request = 'GET / HTTP/1.1', agent = 'curl/8.5.0') =>
  `${host} - - ${TIME} "${request}" 200 5 "-" "${agent}"`;
/** The client's real address in every case: it must never be written. */
const REAL = '203.0.113.77';

describe('JSON Lines without the configured field (issue 16 item 2)', () => {
  it("nginx's remote_addr under the default --field ip: masked, counted, exit 1", () => {
    const r = anonymize(['--format', 'jsonl'], `{"remote_addr":"${REAL}","request":"GET / HTTP/1.1"}\n`);
    expect(r.out).not.toContain(REAL);
    expect(JSON.parse(r.out)).toEqual({ remote_addr: '203.0.0.0', request: 'GET / HTTP/1.1' });
    expect(r.status).toBe(1);
    expect(r.summary).toMatchObject({ lines: 1, unmatched: 1 });
  });

  it('--on-unparsable drop leaves it out', () => {
    const r = anonymize(['--format', 'jsonl', '--on-unparsable', 'drop'], `{"remote_addr":"${REAL}"}\n`);
    expect(r.out).toBe('');
    expect(r.status).toBe(1);
  });
});

describe('X-Forwarded-For in the address position (issue 16 item 3)', () => {
  it.each([[`1.1.1.1 x, ${REAL}`], [`1.1.1.1 , ${REAL}`], [`1.1.1.1 ,${REAL}`], [`1.1.1.1 - -, ${REAL}`]])(
    '%j: the proxy-appended address is masked and the line counted, exit 1',
    (host) => {
      const r = anonymize([], `${line(host)}\n`);
      expect(r.out).not.toContain(REAL);
      expect(r.status).toBe(1);
      expect(r.summary).toMatchObject({ lines: 1, unmatched: 1 });
    },
  );
});

describe('line breaks other than LF (issue 16 item 4)', () => {
  it.each([
    ['CR', '\r'],
    ['VT', '\v'],
    ['FF', '\f'],
    ['NEL (UTF-8)', '\xc2\x85'],
    ['LS (UTF-8)', '\xe2\x80\xa8'],
    ['PS (UTF-8)', '\xe2\x80\xa9'],
  ])('%s: every line is anonymised, and counted', (_name, separator) => {
    const input = Buffer.from(`${line('198.51.100.23')}${separator}${line(REAL)}\n`, 'latin1');
    const r = anonymize([], input);
    expect(r.out).not.toContain(REAL);
    expect(r.out).toBe(`${line('198.51.0.0')}${separator}${line('203.0.0.0')}\n`);
    expect(r.summary).toMatchObject({ lines: 2, masked: 2 });
    expect(r.status).toBe(0);
  });

  it('NEL, LS and PS decoded as UTF-8 (--encoding utf8)', () => {
    for (const separator of ['\u0085', '\u2028', '\u2029']) {
      const r = anonymize(['--encoding', 'utf8'], Buffer.from(`${line('198.51.100.23')}${separator}${line(REAL)}\n`));
      expect(r.out).not.toContain(REAL);
      expect(r.summary).toMatchObject({ lines: 2, masked: 2 });
    }
  });
});

describe('addresses outside the first field (issue 16 item 5)', () => {
  it.each([
    ['vhost_combined', `shop.example:443 ${line(REAL)}`],
    ['a leading space', ` ${line(REAL)}`],
    ['a line starting with -', `- ${REAL} - ${TIME} "GET / HTTP/1.1" 200 5 "-" "x"`],
  ])('%s: masked wherever it is, the line counted, exit 1', (_name, text) => {
    const r = anonymize([], `${text}\n`);
    expect(r.out).not.toContain(REAL);
    expect(r.status).toBe(1);
  });

  it('--format vhost-combined reads vhost_combined exactly', () => {
    const r = anonymize(['--format', 'vhost-combined'], `shop.example:443 ${line(REAL)}\n`);
    expect(r.out).toBe(`shop.example:443 ${line('203.0.0.0')}\n`);
    expect(r.status).toBe(0);
  });

  it.each([
    ['the request path', line('198.51.100.23', `GET /admin/ban/${REAL} HTTP/1.1`)],
    ['the query string', line('198.51.100.23', `GET /?ip=${REAL}&v6=2001:db8:1:2::77 HTTP/1.1`)],
    ['a percent-encoded query', line('198.51.100.23', `GET /?ip=${REAL.replaceAll('.', '%2E')} HTTP/1.1`)],
    ['the user agent', line('198.51.100.23', 'GET / HTTP/1.1', `bot (+http://${REAL}:8080/about)`)],
    ['a bracketed IPv6 referrer', `198.51.100.23 - - ${TIME} "GET / HTTP/1.1" 200 5 "http://[2001:db8:1:2::77]/" "x"`],
    ['an extra trailing field', `${line('198.51.100.23')} "${REAL}"`],
  ])('%s: every address masked, exit 0', (_name, text) => {
    const r = anonymize([], `${text}\n`);
    expect(r.out).not.toContain(REAL);
    expect(r.out).not.toMatch(/2001:db8:1:2::77|203%2E0%2E113%2E77/);
    expect(r.status).toBe(0);
  });

  it('JSON: every field, not only the address field', () => {
    const r = anonymize(
      ['--format', 'jsonl', '--field', 'client'],
      `{"client":"198.51.100.23","forwarded":"${REAL}","req":{"url":"/?from=${REAL}"}}\n`,
    );
    expect(r.out).not.toContain(REAL);
    expect(r.status).toBe(0);
  });

  it('--regex masks every match, not only the first', () => {
    const r = anonymize(['--format', 'regex', '--regex', 'client=(\\S+)'], `client=198.51.100.23 client=${REAL}\n`);
    expect(r.out).toBe('client=198.51.0.0 client=203.0.0.0\n');
  });

  it('--format text masks every address in any log', () => {
    const r = anonymize(['--format', 'text'], `Nov 23 10:00:00 host sshd[1]: Failed password from ${REAL} port 22\n`);
    expect(r.out).toBe('Nov 23 10:00:00 host sshd[1]: Failed password from 203.0.0.0 port 22\n');
  });
});

describe('a huge line (issue 16 item 8)', () => {
  it('a 16 MB line with an address at its end is refused, never echoed, counted, exit 1', () => {
    const huge = `${line('198.51.100.23', `GET /${'a'.repeat(16 << 20)} HTTP/1.1`)} ${REAL}`;
    const r = anonymize([], `${huge}\n${line('198.51.100.24')}\n`);
    expect(r.out).toBe(`${line('198.51.0.0')}\n`);
    expect(r.summary).toMatchObject({ lines: 2, tooLong: 1, masked: 1, dropped: 1 });
    expect(r.status).toBe(1);
  });
});
