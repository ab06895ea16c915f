import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pkg, privkit } from './support/cli.js';

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
