/**
 * @module
 * A salt store in a directory, for `privkit logs anonymize --salt-dir`: one file per day, so
 * several runs on the same day (a pipe per virtual host, a cron job per rotated file) agree on
 * the day's visitor ids, and the salt is deleted once the day and its grace window are over.
 *
 * A salt is what makes a visitor id unlinkable: whoever knows it can recompute every id from an
 * address and a user agent. So the directory is trusted only as far as it can be:
 *
 * - It must be a directory (not a symbolic link) owned by the user running privkit, writable by
 *   no one else (the checks OpenSSH's StrictModes makes of `~/.ssh`). It is created with mode
 *   0700 when missing.
 * - Each salt file must be a regular file (opened without following links) owned by that user and
 *   readable by no one else, and must carry an HMAC-SHA-256 tag, under a key privkit keeps in the
 *   directory (`privkit-salt-dir.key`, 0600), over its day, expiry and salt. A file planted by
 *   someone who could once write the directory, copied from another machine, or renamed to
 *   another day fails the tag, and the run stops instead of using it.
 * - Expired salts are deleted when the store opens and whenever the anonymiser purges.
 *
 * Creation is atomic across processes: a file is written to a private temporary name and then
 * hard-linked to its final name, which fails if another process got there first; the loser reads
 * the winner's. Expiry is judged by the wall clock, not by the log's clock: processing last week's
 * log uses a fresh salt for that day in memory only and never writes it.
 */

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strictObject } from '@privkit/internal/check';
import { formatInstant, parseInstant } from '@privkit/internal/instant';
import { parseJsonStrict } from '@privkit/internal/json';
import { type SaltStore, Secret } from '@privkit/visitor-hash';
import { CliError, raise } from '../errors.js';

const FORMAT = 'privkit-salt-dir/1';
const KEY_FILE = 'privkit-salt-dir.key';
const KEY_BYTES = 32;
const SALT_BYTES = 32;
/** Temporary files older than this were left by a crashed run. */
const STALE_MS = 3_600_000;

const fileName = (dayKey: string) => `${dayKey.replace(/[^A-Za-z0-9@+._-]/g, '_')}.salt`;

function untrusted(message: string, cause?: unknown): CliError {
  return new CliError('UNTRUSTED_FILE', `--salt-dir: ${message}`, cause === undefined ? undefined : { cause });
}

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** Mode and owner checks shared by the directory and its files. */
function checkOwner(what: string, info: { uid: number; mode: number }, forbidden: number, advice: string): void {
  if (uid !== undefined && info.uid !== uid) throw untrusted(`${what} belongs to another user; ${advice}`);
  if ((info.mode & forbidden) !== 0) {
    throw untrusted(`${what} has mode 0${(info.mode & 0o777).toString(8)}, open to other users; ${advice}`);
  }
}

/** Reads a file that must be ours and private: no links followed, checked on the open descriptor. */
async function readPrivate(path: string, name: string): Promise<Buffer | undefined> {
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw untrusted(`"${name}" is a symbolic link; remove it`);
    throw untrusted(`"${name}" cannot be read (${code ?? 'error'})`, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw untrusted(`"${name}" is not a regular file; remove it`);
    checkOwner(`"${name}"`, info, 0o077, 'privkit did not write it as it is: remove it');
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Writes `data` to `path` unless it exists (0600, via a private temporary file); false if it did. */
async function createExclusive(dir: string, path: string, data: string): Promise<boolean> {
  const temporary = join(dir, `.privkit-${randomBytes(8).toString('hex')}.tmp`);
  await writeFile(temporary, data, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

interface SaltFile {
  expiresAt: number;
  salt: Buffer;
}

/**
 * Opens (creating when missing) a salt directory and returns its store.
 * @param dir - the directory.
 * @param clock - the wall clock (tests move it).
 * @throws {@link CliError} `UNTRUSTED_FILE` for a directory, key or salt that cannot be trusted.
 */
export async function createSaltDirStore(dir: string, clock: () => number = Date.now): Promise<SaltStore> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw untrusted(`cannot create the directory`, error);
  }
  const info = await lstat(dir);
  if (info.isSymbolicLink()) throw untrusted('the directory is a symbolic link; give the directory itself');
  if (!info.isDirectory()) throw untrusted('not a directory');
  checkOwner('the directory', info, 0o022, 'use a directory only you can write (chmod 700)');

  // The directory's key: made once, by the first run that finds none.
  const keyPath = join(dir, KEY_FILE);
  let keyText = await readPrivate(keyPath, KEY_FILE);
  if (keyText === undefined) {
    await createExclusive(dir, keyPath, `${randomBytes(KEY_BYTES).toString('hex')}\n`);
    keyText = await readPrivate(keyPath, KEY_FILE);
  }
  const keyHex = keyText?.toString('utf8').trim() ?? '';
  if (!/^[0-9a-f]{64}$/.test(keyHex)) throw untrusted(`"${KEY_FILE}" is not a key privkit wrote; remove the directory`);
  const key = Buffer.from(keyHex, 'hex');

  const tag = (day: string, expiresAt: string, salt: string) =>
    createHmac('sha256', key).update(`${FORMAT}\n${day}\n${expiresAt}\n${salt}`).digest();

  /** The salt of a file, after every check; `undefined` when there is no such file. */
  async function readSalt(name: string, dayKey: string | undefined): Promise<SaltFile | undefined> {
    const bytes = await readPrivate(join(dir, name), name);
    if (bytes === undefined) return undefined;
    const bad = (why: string) => untrusted(`"${name}" is not a salt file privkit wrote (${why}): remove it`);
    const parsed = parseJsonStrict(bytes.toString('utf8'));
    if (!parsed.ok) throw bad(parsed.problem === 'duplicate-key' ? 'a key twice' : 'not JSON');
    let object: Record<string, unknown>;
    try {
      object = strictObject(parsed.value, ['format', 'day', 'expiresAt', 'salt', 'tag'], '', raise);
    } catch (cause) {
      throw untrusted(
        `"${name}" is not a salt file privkit wrote ` +
          `(${(cause as CliError).code === 'UNKNOWN_KEY' ? 'an unknown key' : 'not an object'}): remove it`,
        cause,
      );
    }
    const { format, day, expiresAt, salt, tag: given } = object;
    if (format !== FORMAT) throw bad('an unknown format');
    if (typeof day !== 'string' || fileName(day) !== name || (dayKey !== undefined && day !== dayKey))
      throw bad('written for another day');
    const expires = parseInstant(expiresAt);
    if (typeof expiresAt !== 'string' || expires === undefined) throw bad('no expiry');
    if (typeof salt !== 'string' || typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) throw bad('no tag');
    const value = Buffer.from(salt, 'base64');
    if (value.length !== SALT_BYTES || value.toString('base64') !== salt) throw bad('no 256-bit salt');
    if (!timingSafeEqual(tag(day, expiresAt, salt), Buffer.from(given, 'hex')))
      throw bad('its authentication tag does not match');
    return { expiresAt: expires, salt: value };
  }

  async function purge(): Promise<number> {
    const now = clock();
    let deleted = 0;
    for (const name of await readdir(dir)) {
      if (name.startsWith('.privkit-') && name.endsWith('.tmp')) {
        const stale = await lstat(join(dir, name)).catch(() => undefined);
        if (stale !== undefined && stale.uid === uid && now - stale.mtimeMs > STALE_MS)
          await unlink(join(dir, name)).catch(() => undefined);
        continue;
      }
      if (!name.endsWith('.salt')) continue;
      const held = await readSalt(name, undefined);
      if (held !== undefined && held.expiresAt <= now) {
        await unlink(join(dir, name)).catch(() => undefined);
        deleted++;
      }
    }
    return deleted;
  }

  // Every salt already there is checked now, so a planted one stops the run before any line.
  await purge();

  return {
    kind: 'directory',
    forgets: true,
    async getOrCreate({ dayKey, expiresAt, candidate }) {
      const now = clock();
      const name = fileName(dayKey);
      const held = await readSalt(name, dayKey);
      if (held !== undefined && held.expiresAt > now)
        return { salt: Secret.from(held.salt), expiresAt: held.expiresAt };
      if (held !== undefined) await unlink(join(dir, name)).catch(() => undefined);
      // A day that is already over: use the fresh salt for this run only.
      if (expiresAt <= now) return { salt: candidate, expiresAt };
      // The candidate's bytes are not readable from outside visitor-hash; a salt of our own is
      // just as random and is what gets shared with the other processes.
      const salt = randomBytes(SALT_BYTES).toString('base64');
      const expires = formatInstant(expiresAt);
      const data = JSON.stringify({
        format: FORMAT,
        day: dayKey,
        expiresAt: expires,
        salt,
        tag: tag(dayKey, expires, salt).toString('hex'),
      });
      await createExclusive(dir, join(dir, name), data);
      const winner = await readSalt(name, dayKey);
      if (winner === undefined) throw untrusted(`"${name}" disappeared while it was written`);
      return { salt: Secret.from(winner.salt), expiresAt: winner.expiresAt };
    },
    async delete(dayKey) {
      await unlink(join(dir, fileName(dayKey))).catch(() => undefined);
      return (await lstat(join(dir, fileName(dayKey))).catch(() => undefined)) === undefined;
    },
    purgeExpired: () => purge(),
  };
}
