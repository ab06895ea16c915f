import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chainEntries } from '@privkit/retention/log';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
// The source runs through tsx (resolved here, since the children run in a temporary directory).
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const BIN = ['--import', TSX, join(pkg, 'src/bin.ts')];
const dir = mkdtempSync(join(tmpdir(), 'privkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const SECRET = 'q7Vd2pX9sLk3mN8bR4tW6yZ1cF5gH0jAzu3Ke9Lw2PbT';
const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined } as NodeJS.ProcessEnv;
delete env['FORCE_COLOR'];

function privkit(args: string[], input?: string | Buffer, extraEnv: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...BIN, ...args], {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
    timeout: 30_000,
  });
}

describe('privkit: conventions', () => {
  it.each([
    [['--help'], 'Usage: privkit <command>'],
    [['logs', 'anonymize', '--help'], 'Usage: privkit logs anonymize'],
    [['logs', '--help'], 'Usage: privkit logs anonymize'],
    [['ip', '--help'], 'Usage: privkit ip'],
    [['ip', 'parse', '--help'], 'Usage: privkit ip'],
    [['hash', '--help'], 'Usage: privkit hash'],
  ])('%j prints help and exits 0', (args, text) => {
    const r = privkit(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(text);
  });

  it.each([
    [[], /Usage/],
    [['frobnicate'], /^privkit: unknown command "frobnicate" \(see --help\)\n$/],
    [['logs', 'anonymize', '--bogus'], /^privkit: Unknown option '--bogus' \(see --help\)\n$/],
    [['logs', 'anonymize', '--preset', 'nope'], /^privkit: --preset must be one of cnil, ga/],
    [['logs', 'anonymize', '--ipv4-prefix', '33'], /^privkit: --ipv4-prefix must be an integer from 0 to 32/],
    [['logs', 'anonymize', '--in-place'], /--in-place needs files/],
    [['logs', 'anonymize', '--format', 'regex'], /--format regex needs --regex/],
    [['logs', 'anonymize', '--tenant', 'x'], /need --visitor-id/],
    [['ip', 'truncate', '--preset', 'zzz', '1.2.3.4'], /--preset must be one of/],
    [['hash', '1.2.3.4'], /--tenant and --ua are required/],
  ])('%j is a usage error: exit 2, one line', (args, message) => {
    const r = privkit(args as string[], '');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    if (args.length > 0) expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('failures are one line with exit 1, and never print the address or a stack', () => {
    const missing = privkit(['logs', 'anonymize', 'no-such.log']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('privkit: cannot read no-such.log (ENOENT)\n');
    const bad = privkit(['ip', 'parse', '0177.0.0.1']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'privkit: "address 1" is not a valid IPv4 or IPv6 address: an IPv4 part has a leading zero (character 0)\n',
    );
    const failing = privkit(
      ['logs', 'anonymize', '--on-unparsable', 'fail', '-q'],
      '198.51.100.1 - - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"\np5b0f3c2a.dip0.t-ipconnect.de ' +
        '- - [23/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"\n',
    );
    expect(failing.status).toBe(1);
    expect(failing.stderr).toBe('privkit: line 2: the address field is not an IP address\n');
  });

  it('colour only on a terminal (or when forced), never with NO_COLOR', () => {
    const plain = privkit(['ip', 'classify', '10.0.0.1']);
    expect(plain.stdout).toBe('10.0.0.1  private\n');
    const forced = privkit(['ip', 'classify', '10.0.0.1'], undefined, { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[33mprivate\u001b[0m');
  });
});

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
    expect(files).toEqual([`${new Date().toISOString().slice(0, 10)}@UTC.salt`, 'privkit-salt-dir.key']);
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
      const keys = await redis.keys(`${prefix}*`);
      expect(keys).toHaveLength(1);
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

describe('privkit ip and hash', () => {
  it('ip parse / truncate / classify, from arguments or stdin, text or JSON', () => {
    expect(privkit(['ip', 'parse', '[2001:DB8::1]:443', 'fe80::1%eth0']).stdout).toBe(
      '2001:db8::1  IPv6  port 443\nfe80::1  IPv6  zone eth0\n',
    );
    expect(privkit(['ip', 'truncate', '--preset', 'anonip'], '198.51.100.23\n2001:db8:1234:5678::1\n').stdout).toBe(
      '198.51.96.0/20\n2001:db8:1230::/44\n',
    );
    expect(privkit(['ip', 'truncate', '--ipv4-prefix', '8', '198.51.100.23']).stdout).toBe('198.0.0.0/8\n');
    const json = privkit(['ip', 'classify', '--json', '100.64.1.2', '::ffff:127.0.0.1', 'nope']);
    expect(json.status).toBe(1);
    expect(
      json.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { address: '100.64.1.2', class: 'cgnat', public: false },
      { address: '::ffff:127.0.0.1', class: 'loopback', public: false },
      {
        error: 'INVALID_CHARACTER',
        message: '"address 3" is not a valid IPv4 or IPv6 address: unexpected character (character 0)',
      },
    ]);
  });

  it('hash --describe and --json', () => {
    expect(privkit(['hash', '--describe']).stdout).toMatch(/random 256-bit secret created for each day/);
    const r = privkit(['hash', '--json', '--tenant', 't', '--ua', 'curl/8', '2001:db8::1']);
    expect(JSON.parse(r.stdout)).toMatchObject({
      tenant: 't',
      stateless: false,
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });
});

describe('privkit geo and --country (DB-IP Lite Country from its npm package)', () => {
  const installed =
    spawnSync(process.execPath, ['-e', "import('@privkit/geo/default').then(m => m.defaultDatabasePath())"], {
      cwd: pkg,
    }).status === 0;

  it.skipIf(!installed)('geo locate: country, continent, EU; special addresses; invalid ones in one line', () => {
    const r = privkit(['geo', 'locate', '8.8.8.8', '2a00:1450:4001:81c::200e', '10.0.0.1', '0177.0.0.1']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      '8.8.8.8  US  NA\n2a00:1450:4001:81c::200e  DE  EU  in the EU\n10.0.0.1  special (private)\n',
    );
    expect(r.stderr).toContain('privkit: address 4: "ip" is not a valid IPv4 or IPv6 address');
    expect(r.stderr).not.toContain('0177');
    expect(r.stderr).toContain('IP Geolocation by DB-IP');
    const json = privkit(['geo', 'locate', '--json', '8.8.8.8']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      address: '8.8.8.8',
      status: 'located',
      country: 'US',
      inEU: false,
    });
  });

  it.skipIf(!installed)('logs anonymize --country adds the country of the full address as a column', () => {
    const r = privkit(
      ['logs', 'anonymize', '-q', '--country'],
      '8.8.8.8 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "x"\n10.1.2.3 - - [23/Nov/2026:10:00:00 +0000] ' +
        '"GET /" 200 1 "-" "x"\n127.1 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "x"\n',
    );
    expect(r.stdout).toBe(
      '8.8.0.0 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "x" US\n10.1.0.0 - - [23/Nov/2026:10:00:00 +0000] ' +
        '"GET /" 200 1 "-" "x" -\n0.0.0.0 - - [23/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "x" -\n',
    );
    expect(privkit(['logs', 'anonymize', '--geo-db', 'x.mmdb']).status).toBe(2);
    const missing = privkit(['logs', 'anonymize', '--country', '--geo-db', 'no-such.mmdb'], '');
    expect(missing.stderr).toBe('privkit: cannot read no-such.mmdb (ENOENT)\n');
  });

  it('geo --help', () => {
    expect(privkit(['geo', '--help']).stdout).toContain('Usage: privkit geo locate');
    expect(privkit(['geo', 'locate', '--help']).status).toBe(0);
  });
});

describe('privkit retention / dsar / dpa', () => {
  const fx = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));
  // Copies of @privkit/dpa's own test models (a complete DPA, and the seed 003 ad-network DPA).
  const dpaFixtures = fileURLToPath(new URL('./fixtures/dpa/', import.meta.url));

  it('retention plan: due, held, retained, unmatched (exit 1: a record no rule covers)', () => {
    const r = privkit([
      'retention',
      'plan',
      '--policy',
      fx('retention/policy.json'),
      '--holds',
      fx('retention/holds.json'),
      '--now',
      '2026-11-23T12:00:00Z',
      fx('retention/records.jsonl'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('due       1  (personal-data-24h 1)');
    expect(r.stdout).toContain('held      1');
    expect(r.stdout).toContain('retained  3  (next due 2026-11-27T10:00:00.000Z)');
    expect(r.stdout).toContain('unmatched 1');
    const json = privkit(
      ['retention', 'plan', '--json', '--policy', fx('retention/policy.json'), '--now', '2026-11-23T12:00:00Z'],
      readFileSync(fx('retention/records.jsonl')),
    );
    expect(
      JSON.parse(json.stdout)
        .due.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual(['ev-1', 'ev-3']);
  });

  it('retention: a bad policy is one line with its path; --policy is required', () => {
    const bad = join(dir, 'bad-policy.json');
    writeFileSync(bad, JSON.stringify({ rules: [{ id: 'x', category: 'c', purpose: 'p', period: 'P1.5D' }] }));
    const r = privkit(['retention', 'plan', '--policy', bad], '');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^privkit: .*bad-policy\.json: "rules\[0\]\.period" [^\n]+\n$/);
    expect(privkit(['retention', 'plan']).status).toBe(2);
  });

  it('retention sweep: deletes due records, appends to a verified log, continues the chain, refuses tampering', () => {
    const records = join(dir, 'records.jsonl');
    const log = join(dir, 'deletions.jsonl');
    const key = join(dir, 'tenant.key');
    writeFileSync(records, readFileSync(fx('retention/records.jsonl')));
    writeFileSync(key, 'a1'.repeat(32));
    const base = [
      'retention',
      'sweep',
      '--policy',
      fx('retention/policy.json'),
      '--holds',
      fx('retention/holds.json'),
      '--tenant',
      'exatom',
      '--key-file',
      key,
      '--log',
      log,
    ];
    const dry = privkit([...base, '--dry-run', '--now', '2026-11-23T12:00:00Z', records]);
    expect(dry.stdout).toBe('would delete 1 of 6 records (personal-data-24h 1), 1 held; 0 log entries\n');
    expect(existsSync(log)).toBe(false);
    const first = privkit([...base, '--now', '2026-11-23T12:00:00Z', records]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('deleted 1 of 6 records (personal-data-24h 1); 1 log entries\n');
    expect(readFileSync(records, 'utf8')).not.toContain('"ev-1"');
    const second = privkit([...base, '--now', '2026-12-31T12:00:00Z', records]);
    expect(second.stdout).toMatch(/^deleted 2 of 5 records \(ip-security-7d 1, anonymous-90d 1\)/);
    const entries = readFileSync(log, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i));
    expect(readFileSync(log, 'utf8')).not.toContain('ev-');
    writeFileSync(log, readFileSync(log, 'utf8').replace('"count":1', '"count":2'));
    const tampered = privkit([...base, '--now', '2027-06-01T00:00:00Z', records]);
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(
      /^privkit: .*deletions\.jsonl: the deletion log fails verification .*; nothing deleted\n$/,
    );
  });

  it(
    'retention sweep: the end of the log is checked against its sealed checkpoint (a rewritten or cut last entry ' +
      'is refused)',
    () => {
      const records = join(dir, 'tail-records.jsonl');
      const log = join(dir, 'tail-deletions.jsonl');
      const key = join(dir, 'tail.key');
      writeFileSync(records, readFileSync(fx('retention/records.jsonl')));
      writeFileSync(key, 'b2'.repeat(32));
      const base = ['retention', 'sweep', '--policy', fx('retention/policy.json'), '--tenant', 'exatom'];
      const sweep = (now: string) => privkit([...base, '--key-file', key, '--log', log, '--now', now, records]);
      expect(sweep('2026-11-23T12:00:00Z').status).toBe(0);
      expect(sweep('2026-12-31T12:00:00Z').status).toBe(0);
      const original = readFileSync(log, 'utf8');
      const lines = original.trimEnd().split('\n');
      const entries = lines.map((l) => JSON.parse(l));
      const before = entries.at(-2);
      // A forged last entry with a valid chain: its hash recomputed by the library itself.
      const { at, tenant, worker, kind, category, rule } = entries.at(-1);
      const forged = chainEntries({ seq: before.seq, hash: before.hash }, [
        { at, tenant, worker, kind, category, rule, ids: ['00000000000000000000000000000000'] },
      ]).entries[0];
      writeFileSync(log, `${[...lines.slice(0, -1), JSON.stringify(forged)].join('\n')}\n`);
      const rewritten = sweep('2027-06-01T00:00:00Z');
      expect(rewritten.status).toBe(1);
      expect(rewritten.stderr).toMatch(/deletion log fails verification .*HEAD|trusted head/);
      writeFileSync(log, `${lines.slice(0, -1).join('\n')}\n`);
      expect(sweep('2027-06-01T00:00:00Z').stderr).toMatch(/fails verification/);
      writeFileSync(log, original.replace('"worker":', '"worker":"x","worker":'));
      expect(sweep('2027-06-01T00:00:00Z').stderr).toMatch(/not one JSON entry/);
      writeFileSync(log, original);
      expect(sweep('2027-06-01T00:00:00Z').status).toBe(0);
    },
  );

  it(
    'retention sweep: write-ahead: a run whose records write fails logs nothing, ' +
      'and the rerun logs each deletion once',
    () => {
      const records = join(dir, 'wal-records.jsonl');
      const log = join(dir, 'wal-deletions.jsonl');
      const key = join(dir, 'wal.key');
      writeFileSync(records, readFileSync(fx('retention/records.jsonl')));
      writeFileSync(key, 'c3'.repeat(32));
      const base = [
        'retention',
        'sweep',
        '--policy',
        fx('retention/policy.json'),
        '--tenant',
        'exatom',
        '--key-file',
        key,
      ];
      const now = ['--now', '2026-12-31T12:00:00Z'];
      // The records cannot be written (no such folder): the run fails after its intent was stored.
      const failed = privkit([...base, '--log', log, ...now, '-o', join(dir, 'missing-folder', 'kept.jsonl'), records]);
      expect(failed.status).toBe(1);
      expect(existsSync(log)).toBe(false);
      expect(existsSync(`${log}.intent`)).toBe(true);
      // The rerun finds every record of the intent still there: the intent is dropped, and the sweep
      // deletes and logs them once.
      const kept = join(dir, 'wal-kept.jsonl');
      const rerun = privkit([...base, '--log', log, ...now, '-o', kept, records]);
      expect(rerun.status).toBe(0);
      expect(existsSync(`${log}.intent`)).toBe(false);
      const entries = readFileSync(log, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const ids = entries.flatMap((e) => e.ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(rerun.stdout).toMatch(new RegExp(`^deleted ${ids.length} of 6 records`));
      // Run again on the kept records: nothing due is left, nothing is logged twice.
      const again = privkit([...base, '--log', log, ...now, kept]);
      expect(again.status).toBe(0);
      expect(readFileSync(log, 'utf8').trimEnd().split('\n')).toHaveLength(entries.length);
    },
  );

  it('dsar due: deadlines per regime, overdue is exit 1, --explain cites each step', () => {
    const one = privkit([
      'dsar',
      'due',
      '--regime',
      'gdpr',
      '--received',
      '2025-01-31T09:30:00Z',
      '--time-zone',
      'Europe/Paris',
      '--now',
      '2025-02-10T00:00:00Z',
    ]);
    expect(one.status).toBe(0);
    expect(one.stdout).toBe(
      'request (gdpr, access, received); respond by 2025-02-28; extendable to 2025-04-30 if announced by 2025-02-28\n',
    );
    const file = privkit(['dsar', 'due', '--now', '2025-03-10T12:00:00Z', fx('dsar/requests.jsonl')]);
    expect(file.status).toBe(1);
    expect(file.stdout.split('\n')[0]).toBe('REQ-42 (gdpr, access, in-progress); respond by 2025-04-30');
    expect(file.stdout).toMatch(/REQ-44 .*OVERDUE \(response\)/);
    const explained = privkit(['dsar', 'due', '--explain', '--regime', 'gdpr', '--received', '2025-01-31T09:30:00Z']);
    expect(explained.stderr).toBe('');
    expect(explained.stdout).toContain('[GDPR Art 12(3)');
    expect(privkit(['dsar', 'due', '--regime', 'mars', '--received', '2025-01-31T09:30:00Z']).status).toBe(2);
    // A receipt date alone, as the library's deadlinesFor reads it (issue 22: it failed with an error about "at").
    const date = privkit([
      'dsar',
      'due',
      '--regime',
      'gdpr',
      '--received',
      '2025-01-31',
      '--now',
      '2025-02-10T00:00:00Z',
    ]);
    expect([date.status, date.stderr]).toEqual([0, '']);
    expect(date.stdout).toContain('respond by 2025-02-28');
    const impossible = privkit(['dsar', 'due', '--regime', 'gdpr', '--received', '2025-02-30T10:00:00Z']);
    expect(impossible.status).toBe(1);
    expect(impossible.stderr).toContain('"input.receivedAt"');
    // APPI art 33(2) says "without delay": no date without the user's internal target, and the
    // target is printed as one.
    const jp = [
      'dsar',
      'due',
      '--regime',
      'jp-appi',
      '--received',
      '2025-12-26T03:00:00Z',
      '--time-zone',
      'Asia/Tokyo',
    ];
    const bare = privkit(jp);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain('sets no fixed period');
    const targeted = privkit([...jp, '--target', 'jp-appi=P14D', '--now', '2026-01-10T00:00:00Z']);
    expect([targeted.status, targeted.stderr]).toEqual([1, '']);
    expect(targeted.stdout).toBe(
      'request (jp-appi, access, received); internal target 2026-01-09 (the law sets no fixed period); ' +
        'OVERDUE (response)\n',
    );
    const json = privkit([...jp, '--target', 'jp-appi=P14D', '--json', '--now', '2025-12-27T00:00:00Z']);
    expect(JSON.parse(json.stdout)).toMatchObject({ basis: 'internal-target', respondBy: { date: '2026-01-09' } });
    expect(privkit([...jp, '--target', 'jp-appi']).status).toBe(2);
    expect(privkit([...jp, '--target', 'mars=P14D']).status).toBe(2);
    expect(privkit([...jp, '--target', 'jp-appi=14 days']).status).toBe(1);
  });

  it('dpa check / render / diff on the seed models', () => {
    const check = privkit(['dpa', 'check', join(dpaFixtures, 'seed-003-exitbee-dpa.json')]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('[art28.2.notice]');
    expect(check.stderr).toMatch(/^privkit: \d+ errors, \d+ warnings, \d+ notes\n$/);
    const clean = privkit(['dpa', 'check', join(dpaFixtures, 'example-complete.json')]);
    expect(clean.status).toBe(0);
    const json = privkit([
      'dpa',
      'check',
      '--json',
      '--fail-on',
      'error',
      join(dpaFixtures, 'seed-003-exitbee-dpa.json'),
    ]);
    expect(JSON.parse(json.stdout).some((f: { rule: string }) => f.rule === 'art28.2.notice')).toBe(true);
    const md = privkit(['dpa', 'render', '--document', 'dpa', join(dpaFixtures, 'example-complete.json')]);
    expect(md.stdout.startsWith('# Data Processing Agreement')).toBe(true);
    const html = join(dir, 'dpa.html');
    expect(
      privkit([
        'dpa',
        'render',
        '--document',
        'dpa',
        '--format',
        'html',
        '-o',
        html,
        join(dpaFixtures, 'example-complete.json'),
      ]).status,
    ).toBe(0);
    expect(readFileSync(html, 'utf8').startsWith('<!doctype html>')).toBe(true);
    const same = privkit([
      'dpa',
      'diff',
      join(dpaFixtures, 'example-complete.json'),
      join(dpaFixtures, 'example-complete.json'),
    ]);
    expect(same.status).toBe(0);
    expect(same.stdout).toBe('');
    const differ = privkit([
      'dpa',
      'diff',
      join(dpaFixtures, 'example-complete.json'),
      join(dpaFixtures, 'seed-003-exitbee-dpa.json'),
    ]);
    expect(differ.status).toBe(1);
    expect(differ.stdout).toMatch(/^[+~-] \w+ /m);
    expect(privkit(['dpa', 'render', join(dpaFixtures, 'example-complete.json')]).status).toBe(2);
  });

  it('dpa: an invalid model is one line with the path, never the value', () => {
    const bad = join(dir, 'bad-model.json');
    writeFileSync(bad, JSON.stringify({ id: 'x', parties: 'secret-value', activities: [] }));
    const r = privkit(['dpa', 'check', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad-model\.json: "parties" must be an array/);
    expect(r.stderr).not.toContain('secret-value');
  });

  describe('every JSON file the command reads is read strictly (issue 22)', () => {
    const policy = JSON.parse(readFileSync(fx('retention/policy.json'), 'utf8'));
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const plan = (policyPath: string, records = fx('retention/records.jsonl'), extra: string[] = []) =>
      privkit(['retention', 'plan', '--policy', policyPath, '--now', '2026-11-23T12:00:00Z', ...extra, records]);

    it('a policy with a key twice: refused, one line, exit 1 (JSON.parse would keep the last)', () => {
      const text = JSON.stringify(policy).replace('{', '{"rules":[],');
      const r = plan(file('twice.json', text));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^privkit: .*twice\.json: an object has the same key twice \(at \$\)\n$/);
    });

    it('a policy rule with a misspelt key: refused, naming the path', () => {
      const typo = structuredClone(policy);
      typo.rules[0].triger = { type: 'event', event: 'contract-ended' };
      const r = plan(file('typo.json', JSON.stringify(typo)));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/typo\.json: .*unknown key "triger" at rules\[0\]/);
    });

    it('a records line with a key twice: refused, naming the line', () => {
      const records = file(
        'records-twice.jsonl',
        '{"id":"a","category":"anonymous-data","id":"b","collectedAt":"2026-11-20T10:00:00Z"}\n',
      );
      const r = plan(fx('retention/policy.json'), records);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/records-twice\.jsonl: line 1: an object has the same key twice/);
    });

    it('dpa check --retention reads the policy file as retention does', () => {
      const typo = structuredClone(policy);
      typo.rules[0].perod = 'P1D';
      const r = privkit([
        'dpa',
        'check',
        '--retention',
        file('dpa-typo.json', JSON.stringify(typo)),
        join(dpaFixtures, 'example-complete.json'),
      ]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/dpa-typo\.json: .*unknown key "perod" at rules\[0\]/);
    });

    it('an impossible --now or --at is a usage error, not rolled over', () => {
      const r = plan(fx('retention/policy.json'), fx('retention/records.jsonl'));
      expect(r.status).toBe(1);
      const bad = privkit([
        'retention',
        'plan',
        '--policy',
        fx('retention/policy.json'),
        '--now',
        '2026-02-30T12:00:00Z',
      ]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--now must be an RFC 3339 instant/);
      const at = privkit(['hash', '--tenant', 't', '--ua', 'x', '--at', '2026-02-29T10:00:00Z', '198.51.100.1']);
      expect(at.status).toBe(2);
    });
  });

  it.each([['retention'], ['dsar'], ['dpa']])('%s --help', (command) => {
    const r = privkit([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: privkit ${command}`);
  });
});
