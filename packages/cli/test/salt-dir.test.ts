/**
 * `--salt-dir` (issue 16 item 11): a directory or salt file anyone else can write, or a salt
 * privkit did not write, would let someone fix the salt and so reverse every visitor id. Each is
 * refused; expired salts are purged. Runs as the test's own user; the wrong-owner cases need
 * root (to give a file away) and say so when skipped.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createVisitorHasher, type SaltStore, Secret } from '@privkit/visitor-hash';
import { afterAll, describe, expect, it } from 'vitest';
import { createSaltDirStore } from '../src/cli/salt-dir.js';
import { CliError } from '../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'privkit-salt-dir-'));
chmodSync(root, 0o700);
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `d${n++}`);
const isRoot = process.getuid?.() === 0;
const DAY = 86_400_000;
const NOW = Date.now();

const request = (dayKey: string, expiresAt = NOW + DAY) => ({
  dayKey,
  notBefore: 0,
  expiresAt,
  now: NOW,
  candidate: Secret.from(new Uint8Array(32).fill(9)),
});
/** The visitor id a store's salt gives one request today: equal ids, equal salts. */
const idWith = (store: SaltStore) =>
  createVisitorHasher({ store }).id({ tenant: 't', ip: '198.51.100.23', userAgent: 'x', at: Date.now() });

async function refused(dir: string): Promise<string> {
  try {
    await createSaltDirStore(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('UNTRUSTED_FILE');
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('createSaltDirStore', () => {
  it('makes a private directory and key, and shares one salt per day between stores', async () => {
    const dir = fresh();
    const a = await createSaltDirStore(dir);
    const b = await createSaltDirStore(dir);
    const one = await idWith(a);
    expect(await idWith(b)).toBe(one);
    expect(await idWith(await createSaltDirStore(fresh()))).not.toBe(one);
    await b.getOrCreate(request('2026-11-24@UTC'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(
      [`${new Date().toISOString().slice(0, 10)}@UTC.salt`, '2026-11-24@UTC.salt', 'privkit-salt-dir.key'].sort(),
    );
  });

  it('a day already over gets the fresh salt for this run only, never written', async () => {
    const dir = fresh();
    const store = await createSaltDirStore(dir);
    const past = request('2020-01-01@UTC', NOW - 1);
    expect(await store.getOrCreate(past)).toEqual({ salt: past.candidate, expiresAt: past.expiresAt });
    expect(readdirSync(dir)).toEqual(['privkit-salt-dir.key']);
  });

  it.each([
    ['writable by everyone', 0o777],
    ['writable by the group', 0o770],
    ['sticky and world-writable, like /tmp', 0o1777],
  ])('refuses a directory %s', async (_name, mode) => {
    const dir = fresh();
    mkdirSync(dir);
    chmodSync(dir, mode);
    expect(await refused(dir)).toMatch(/^--salt-dir: the directory has mode 0\d+, open to other users/);
  });

  it('refuses a symbolic link to a directory', async () => {
    const target = fresh();
    mkdirSync(target, { mode: 0o700 });
    const dir = fresh();
    symlinkSync(target, dir);
    expect(await refused(dir)).toMatch(/symbolic link/);
  });

  it.skipIf(!isRoot)(
    'refuses a directory, key or salt owned by another user (needs root to give one away)',
    async () => {
      const dir = fresh();
      mkdirSync(dir, { mode: 0o700 });
      chownSync(dir, 65534, 65534);
      expect(await refused(dir)).toMatch(/the directory belongs to another user/);
      const other = fresh();
      const store = await createSaltDirStore(other);
      await store.getOrCreate(request('2026-11-23@UTC'));
      chownSync(join(other, '2026-11-23@UTC.salt'), 65534, 65534);
      expect(await refused(other)).toMatch(/"2026-11-23@UTC.salt" belongs to another user/);
    },
  );

  describe('salts privkit did not write', () => {
    async function withSalt(mutate: (dir: string, file: string) => void): Promise<string> {
      const dir = fresh();
      const store = await createSaltDirStore(dir);
      await store.getOrCreate(request('2026-11-23@UTC'));
      mutate(dir, join(dir, '2026-11-23@UTC.salt'));
      return refused(dir);
    }
    const edit = (file: string, change: (o: Record<string, string>) => void) => {
      const o = JSON.parse(readFileSync(file, 'utf8'));
      change(o);
      writeFileSync(file, JSON.stringify(o), { mode: 0o600 });
    };

    it('a planted salt of zeros (the attack): refused, never used', async () => {
      const message = await withSalt((_dir, file) =>
        edit(file, (o) => {
          o['salt'] = Buffer.alloc(32).toString('base64');
        }),
      );
      expect(message).toMatch(
        /^--salt-dir: "2026-11-23@UTC.salt" is not a salt file privkit wrote \(its authentication tag does not match\)/,
      );
      expect(message).not.toContain('AAAA');
    });

    it.each([
      [
        'the old format without a tag',
        (f: string) =>
          writeFileSync(f, JSON.stringify({ expiresAt: NOW + DAY, salt: Buffer.alloc(32).toString('base64') }), {
            mode: 0o600,
          }),
        /is not a salt file privkit wrote \(an unknown format\)/,
      ],
      [
        'a later expiry',
        (f: string) =>
          edit(f, (o) => {
            o['expiresAt'] = '2099-01-01T00:00:00.000Z';
          }),
        /authentication tag does not match/,
      ],
      [
        'a key twice',
        (f: string) => writeFileSync(f, readFileSync(f, 'utf8').replace('{', '{"salt":"x",'), { mode: 0o600 }),
        /\(a key twice\)/,
      ],
      [
        'an unknown key',
        (f: string) =>
          edit(f, (o) => {
            o['note'] = 'x';
          }),
        /\(an unknown key\)/,
      ],
      ['mode 0644', (f: string) => chmodSync(f, 0o644), /has mode 0644, open to other users/],
      [
        'a symbolic link',
        (f: string) => {
          renameSync(f, `${f}.real`);
          symlinkSync(`${f}.real`, f);
        },
        /is a symbolic link/,
      ],
    ])('%s: refused', async (_name, mutate, message) => {
      expect(await withSalt((_dir, file) => mutate(file))).toMatch(message);
    });

    it("another day's file renamed to this day: refused", async () => {
      const dir = fresh();
      const store = await createSaltDirStore(dir);
      await store.getOrCreate(request('2026-11-24@UTC'));
      renameSync(join(dir, '2026-11-24@UTC.salt'), join(dir, '2026-11-23@UTC.salt'));
      expect(await refused(dir)).toMatch(/\(written for another day\)/);
    });

    it('a salt from another directory (another key): refused', async () => {
      const a = fresh();
      const b = fresh();
      await (await createSaltDirStore(a)).getOrCreate(request('2026-11-23@UTC'));
      await createSaltDirStore(b);
      writeFileSync(join(b, '2026-11-23@UTC.salt'), readFileSync(join(a, '2026-11-23@UTC.salt')), { mode: 0o600 });
      expect(await refused(b)).toMatch(/authentication tag does not match/);
    });
  });

  it('purges expired salts and stale temporary files when it opens, and on purgeExpired', async () => {
    const dir = fresh();
    let now = NOW;
    const store = await createSaltDirStore(dir, () => now);
    await store.getOrCreate(request('2026-11-23@UTC', NOW + 1000));
    await store.getOrCreate(request('2026-11-24@UTC', NOW + 5000));
    writeFileSync(join(dir, '.privkit-0123456789abcdef.tmp'), 'x', { mode: 0o600 });
    utimesSync(join(dir, '.privkit-0123456789abcdef.tmp'), new Date(NOW - 7_200_000), new Date(NOW - 7_200_000));
    now = NOW + 2000;
    await createSaltDirStore(dir, () => now);
    expect(readdirSync(dir).sort()).toEqual(['2026-11-24@UTC.salt', 'privkit-salt-dir.key']);
    now = NOW + 6000;
    expect(await store.purgeExpired(now)).toBe(1);
    expect(readdirSync(dir)).toEqual(['privkit-salt-dir.key']);
  });
});

describe('privkit logs anonymize --salt-dir', () => {
  const pkg = fileURLToPath(new URL('..', import.meta.url));
  const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

  it('stops, exit 1, when a salt was planted for today; never writes an id from it', () => {
    const dir = fresh();
    mkdirSync(dir, { mode: 0o700 });
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    // The file an attacker with write access to the directory plants: a salt they know.
    writeFileSync(
      join(dir, `${day}@UTC.salt`),
      JSON.stringify({ expiresAt: Date.now() + DAY, salt: Buffer.alloc(32).toString('base64') }),
      { mode: 0o600 },
    );
    const stamp =
      `${String(now.getUTCDate()).padStart(2, '0')}/${now.toUTCString().slice(8, 11)}/` +
      `${now.getUTCFullYear()}:${now.toISOString().slice(11, 19)} +0000`;
    const r = spawnSync(
      process.execPath,
      ['--import', TSX, join(pkg, 'src/bin.ts'), 'logs', 'anonymize', '--visitor-id', 'replace', '--salt-dir', dir],
      { input: `198.51.100.23 - - [${stamp}] "GET / HTTP/1.1" 200 5 "-" "x"\n`, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        String.raw`^privkit: --salt-dir: "\d{4}-\d\d-\d\d@UTC\.salt" ` +
          String.raw`is not a salt file privkit wrote \(an unknown format\): remove it\n$`,
      ),
    );
  });
});
