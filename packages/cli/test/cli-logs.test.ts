import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BIN, dir, env, fixture, privkit, SECRET } from './support/cli.js';

describe('privkit logs anonymize', () => {
  it('stdin to stdout, with a summary and exit 1 when some address was unparsable', () => {
    const r = privkit(['logs', 'anonymize', '--preset', 'anonip'], fixture('apache-combined.log'));
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[6]?.startsWith('0.0.0.0 - - [23/Nov/2026:08:14:08 +0100]')).toBe(true);
    expect(r.stdout).not.toMatch(/198\.51\.100\.23|0177\.0\.0\.1|t-ipconnect|203\.0\.113\.9/);
    expect(r.stderr).toBe('privkit: 10 lines, 8 masked (IPv4 6, IPv6 3), 2 unparsable\n');
  });

  it('--json prints the summary as one JSON line; exit 0 when every line was masked', () => {
    const r = privkit(
      ['logs', 'anonymize', '--json', '--format', 'common'],
      '192.0.2.1 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1\n',
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stderr)).toMatchObject({ lines: 1, masked: 1, unparsable: 0, ipv4: 1, ipv6: 0 });
  });

  it('gzip in (detected by content) and gzip out (-o *.gz)', () => {
    const input = join(dir, 'access.log.1.gz');
    writeFileSync(input, gzipSync(fixture('nginx-common.log')));
    const plain = privkit(['logs', 'anonymize', '-q', input]);
    expect(plain.stdout.split('\n')[0]).toBe('192.0.0.0 - - [23/Nov/2026:07:01:00 +0000] "GET / HTTP/1.1" 200 612');
    const out = join(dir, 'anon.log.gz');
    const r = privkit(['logs', 'anonymize', '-q', input, '-o', out]);
    expect(r.status).toBe(1); // the 127.1 line
    expect(gunzipSync(readFileSync(out)).toString()).toBe(plain.stdout);
    // stdin too is recognised by content.
    const piped = privkit(['logs', 'anonymize', '-q'], gzipSync(fixture('nginx-common.log')));
    expect(piped.stdout).toBe(plain.stdout);
    const corrupt = join(dir, 'corrupt.gz');
    writeFileSync(corrupt, gzipSync(fixture('nginx-common.log')).subarray(0, 40));
    const bad = privkit(['logs', 'anonymize', corrupt, '-o', join(dir, 'x.log')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('privkit: a .gz input is corrupt or truncated\n');
  });

  it('several files into one output, in order', () => {
    const a = join(dir, 'a.log');
    const b = join(dir, 'b.log');
    writeFileSync(a, '192.0.2.1 - - [23/Nov/2026:10:00:00 +0000] "GET /a" 200 1 "-" "x"\n');
    writeFileSync(b, '2001:db8::1 - - [23/Nov/2026:10:00:00 +0000] "GET /b" 200 1 "-" "x"\n');
    const r = privkit(['logs', 'anonymize', '--json', a, b, '-o', join(dir, 'ab.log')]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'ab.log'), 'utf8')).toBe(
      '192.0.0.0 - - [23/Nov/2026:10:00:00 +0000] "GET /a" 200 1 "-" "x"\n2001:db8:: ' +
        '- - [23/Nov/2026:10:00:00 +0000] "GET /b" 200 1 "-" "x"\n',
    );
    expect(JSON.parse(r.stderr)).toMatchObject({ lines: 2, ipv4: 1, ipv6: 1 });
  });

  it('refuses to write over an input (-o on one of the files)', () => {
    const file = join(dir, 'same.log');
    writeFileSync(file, '192.0.2.1 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "x"\n');
    const r = privkit(['logs', 'anonymize', file, '-o', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('privkit: --output is one of the inputs: use --in-place (see --help)\n');
    expect(readFileSync(file, 'utf8')).toBe('192.0.2.1 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "x"\n');
  });

  it('in place with a backup, keeping the file mode; gzip stays gzip; --no-backup', () => {
    const file = join(dir, 'site.log');
    writeFileSync(file, fixture('apache-combined.log'));
    chmodSync(file, 0o640);
    const r = privkit(['logs', 'anonymize', '-i', '-q', file]);
    expect(r.status).toBe(1);
    expect(readFileSync(`${file}.bak`).equals(fixture('apache-combined.log'))).toBe(true);
    expect(readFileSync(file, 'utf8').split('\n')[1]).toMatch(/^198\.51\.0\.0 - - /);
    expect(statSync(file).mode & 0o777).toBe(0o640);

    const gz = join(dir, 'site.log.2.gz');
    writeFileSync(gz, gzipSync(fixture('nginx-common.log')));
    expect(privkit(['logs', 'anonymize', '-i', '-q', '--backup-suffix', '.orig', gz]).status).toBe(1);
    expect(gunzipSync(readFileSync(gz)).toString().split('\n')[0]).toMatch(/^192\.0\.0\.0 /);
    expect(existsSync(`${gz}.orig`)).toBe(true);

    const once = join(dir, 'once.log');
    writeFileSync(once, '192.0.2.1 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "x"\n');
    expect(privkit(['logs', 'anonymize', '-i', '-q', '--no-backup', once]).status).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('once.log'))).toEqual(['once.log']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('JSON Lines with a field path', () => {
    const r = privkit(
      ['logs', 'anonymize', '--format', 'jsonl', '--field', 'client.ip', '--json'],
      fixture('app.jsonl'),
    );
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    // The last line is not JSON: written as text, with every address in it masked (none).
    expect(lines.pop()).toBe('not json at all');
    expect(lines.map((l) => JSON.parse(l).client?.ip ?? null)).toEqual([
      '198.51.0.0',
      '2001:db8:85a3::',
      null,
      '10.0.0.0, 203.0.0.0',
      '0.0.0.0',
    ]);
    expect(JSON.parse(r.stderr)).toMatchObject({ lines: 6, masked: 3, unparsable: 1, unmatched: 1, noAddress: 1 });
  });

  it('visitor ids: reproducible with --secret-file, shared between runs with --salt-dir', () => {
    const secret = join(dir, 'secret');
    writeFileSync(secret, `${SECRET}\n`, { mode: 0o600 });
    const now = new Date();
    const stamp =
      `${String(now.getUTCDate()).padStart(2, '0')}/${now.toUTCString().slice(8, 11)}/` +
      `${now.getUTCFullYear()}:${now.toISOString().slice(11, 19)} +0000`;
    const line = `198.51.100.23 - - [${stamp}] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n`;
    const id = (args: string[]) =>
      privkit(['logs', 'anonymize', '-q', '--visitor-id', 'column', '--tenant', 'shop', ...args], line)
        .stdout.trimEnd()
        .split(' ')
        .at(-1);
    const first = id(['--secret-file', secret]);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(id(['--secret-file', secret])).toBe(first);
    expect(id([])).not.toBe(id([]));
    const salts = join(dir, 'salts');
    const shared = id(['--salt-dir', salts]);
    expect(id(['--salt-dir', salts])).toBe(shared);
    const files = readdirSync(salts).sort();
    // The line's day; in the grace window after midnight (30 minutes by default) the hasher loads
    // the previous day's salt too (VisitorHasher.prepare), so a run just after midnight UTC has two.
    const day = now.toISOString().slice(0, 10);
    const previous = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
    const inGrace = Date.now() - Date.parse(day) < 30 * 60_000;
    expect(files.filter((file) => !(inGrace && file === `${previous}@UTC.salt`))).toEqual([
      `${day}@UTC.salt`,
      'privkit-salt-dir.key',
    ]);
    for (const file of files) expect(statSync(join(salts, file)).mode & 0o777).toBe(0o600);
    // privkit hash reproduces the log's id from the same secret.
    const at = new Date(
      Date.UTC(
        now.getUTCFullYear(),
        now.getUTCMonth(),
        now.getUTCDate(),
        ...(now.toISOString().slice(11, 19).split(':').map(Number) as [number, number, number]),
      ),
    ).toISOString();
    const hashed = privkit([
      'hash',
      '--tenant',
      'shop',
      '--ua',
      'Mozilla/5.0',
      '--at',
      at,
      '--secret-file',
      secret,
      '198.51.100.23',
    ]);
    expect(hashed.stdout.trim()).toBe(first);
  });

  it("--salt-redis: runs on several servers share the day's salt through a real Redis, which expires it", async () => {
    const url = process.env['PRIVKIT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
    const { Redis } = await import('ioredis');
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch {
      if (process.env['PRIVKIT_REQUIRE_SERVERS'] === '1')
        throw new Error('PRIVKIT_REQUIRE_SERVERS=1 but Redis is not reachable');
      console.warn(`skipped: Redis not reachable at ${url}`);
      redis.disconnect();
      return;
    }
    const prefix = `privkit-cli-test:${process.pid}:${Date.now()}:`;
    try {
      const now = new Date();
      const stamp =
        `${String(now.getUTCDate()).padStart(2, '0')}/${now.toUTCString().slice(8, 11)}/` +
        `${now.getUTCFullYear()}:${now.toISOString().slice(11, 19)} +0000`;
      const line = `198.51.100.23 - - [${stamp}] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n`;
      const run = () =>
        privkit(
          [
            'logs',
            'anonymize',
            '-q',
            '--visitor-id',
            'replace',
            '--tenant',
            'shop',
            '--salt-redis',
            url,
            '--salt-prefix',
            prefix,
          ],
          line,
        );
      const a = run();
      const b = run();
      expect(a.status).toBe(0);
      expect(a.stdout).toMatch(/^[0-9a-f]{32} - - /);
      expect(b.stdout).toBe(a.stdout);
      // One salt: the day's (and, in the 30 minutes of grace after midnight UTC, the previous day's).
      const inGrace = Date.now() % 86_400_000 < 30 * 60_000;
      const keys = (await redis.keys(`${prefix}*`)).sort().reverse();
      expect(keys.length).toBeGreaterThanOrEqual(1);
      expect(keys.length).toBeLessThanOrEqual(inGrace ? 2 : 1);
      const ttl = await redis.pttl(keys[0] as string);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(24.5 * 3_600_000);
      const down = privkit(['logs', 'anonymize', '--visitor-id', 'column', '--salt-redis', 'redis://127.0.0.1:1'], '');
      expect(down.status).toBe(1);
      expect(down.stderr).toMatch(/^privkit: cannot connect to --salt-redis \([A-Za-z]+\)\n$/);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('a weak --secret-file is refused in one line', () => {
    const weak = join(dir, 'weak');
    writeFileSync(weak, 'your-secret-key-goes-here-please-1234');
    const r = privkit(['logs', 'anonymize', '--visitor-id', 'replace', '--secret-file', weak], '');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^privkit: --secret-file: "options.secret" looks like a placeholder/);
    expect(r.stderr).not.toContain('your-secret');
  });

  it('works as a log pipe: each line is written as soon as it arrives', async () => {
    const child = spawn(process.execPath, [...BIN, 'logs', 'anonymize', '-q'], { cwd: dir, env });
    const seen: string[] = [];
    let buffered = '';
    const next = () =>
      new Promise<string>((resolve) => {
        const check = () => {
          const cut = buffered.indexOf('\n');
          if (cut >= 0) {
            const line = buffered.slice(0, cut);
            buffered = buffered.slice(cut + 1);
            child.stdout.off('data', onData);
            resolve(line);
          }
        };
        const onData = (chunk: Buffer) => {
          buffered += chunk.toString();
          check();
        };
        child.stdout.on('data', onData);
        check();
      });
    child.stdin.write('198.51.100.23 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "x"\n');
    seen.push(await next());
    child.stdin.write('2001:db8::1 - - [23/Nov/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "x"\n');
    seen.push(await next());
    child.stdin.end();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(seen).toEqual([
      '198.51.0.0 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "x"',
      '2001:db8:: - - [23/Nov/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "x"',
    ]);
    expect(code).toBe(0);
  });

  it('on SIGTERM (a web server stopping its log pipe) writes what it has, the partial last line too', async () => {
    const child = spawn(process.execPath, [...BIN, 'logs', 'anonymize'], { cwd: dir, env });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const firstLine = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve();
      });
    });
    child.stdin.write(
      '198.51.100.23 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "x"\n2001:db8::1 - - [23/Nov/2026:10:00:00 ' +
        '+0000] "GET /partial" 200 1 "-" "x"',
    );
    await firstLine;
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toBe(
      '198.51.0.0 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "x"\n2001:db8:: ' +
        '- - [23/Nov/2026:10:00:00 +0000] "GET /partial" 200 1 "-" "x"',
    );
    expect(err).toBe('privkit: 2 lines, 2 masked (IPv4 1, IPv6 1), 0 unparsable\n');
  });

  it('draws the progress bar on a terminal only (pseudo-terminal through script(1))', () => {
    const file = join(dir, 'big.log');
    const gen = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../../../tools/access-log/gen-access-log.mjs', import.meta.url)), '200000'],
      { maxBuffer: 1 << 28 },
    );
    expect(gen.status).toBe(0);
    if (spawnSync('script', ['--version']).status !== 0) {
      // script(1) is util-linux, on every Debian; elsewhere say so, and fail where CI requires it.
      if (process.env['PRIVKIT_REQUIRE_SERVERS'] === '1')
        throw new Error('script(1) is required for the pseudo-terminal test');
      console.warn('skipped: the pseudo-terminal test needs script(1) (util-linux)');
      return;
    }
    writeFileSync(file, gen.stdout);
    const command = [process.execPath, ...BIN, 'logs', 'anonymize', file, '-o', join(dir, 'big.out')]
      .map((a) => `'${a}'`)
      .join(' ');
    const tty = spawnSync('script', ['-qfec', command, '/dev/null'], {
      encoding: 'utf8',
      env: { ...env, COLUMNS: '100' },
      timeout: 60_000,
    });
    expect(tty.stdout).toMatch(/\r\[[#-]{30}\] +\d+% {2}[\d,]+ lines {2}[\d.]+[kM]? lines\/s {2}ETA (\d+:\d\d|-:--)/);
    // On a terminal the summary is coloured.
    expect(tty.stdout).toContain('\u001b[32m200,000 masked\u001b[0m');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
    expect(tty.stdout.replace(/\u001b\[\d+m/g, '')).toContain('privkit: 200,000 lines, 200,000 masked');
    const piped = privkit(['logs', 'anonymize', file, '-o', join(dir, 'big.out')]);
    expect(piped.stderr).not.toContain('\r');
    expect(piped.stderr).toBe('privkit: 200,000 lines, 200,000 masked (IPv4 139,911, IPv6 60,089), 0 unparsable\n');
  });
});
