/**
 * @module
 * A salt store in a directory, for `privkit logs anonymize --salt-dir`: one file per day, so
 * several runs on the same day (a pipe per virtual host, a cron job per rotated file) agree on
 * the day's visitor ids, and the salt is deleted once the day and its grace window are over.
 *
 * Creation is atomic across processes: the salt is written to a private temporary file and then
 * hard-linked to its final name, which fails if another process got there first; the loser reads
 * the winner's salt. Expiry is judged by the wall clock, not by the log's clock: processing last
 * week's log creates a fresh salt for that day in memory only and never writes it.
 */

import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type SaltStore, Secret } from '@privkit/visitor-hash';

interface SaltFile {
  expiresAt: number;
  salt: string;
}

const fileName = (dayKey: string) => `${dayKey.replace(/[^A-Za-z0-9@+._-]/g, '_')}.salt`;

async function readSalt(path: string): Promise<SaltFile | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as SaltFile;
    return typeof data.expiresAt === 'number' && typeof data.salt === 'string' ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the directory store (mode 0700 directory, 0600 files). */
export async function createSaltDirStore(dir: string): Promise<SaltStore> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const store: SaltStore = {
    kind: 'directory',
    forgets: true,
    async getOrCreate({ dayKey, expiresAt, candidate }) {
      const now = Date.now();
      const path = join(dir, fileName(dayKey));
      const held = await readSalt(path);
      if (held !== undefined && held.expiresAt > now) return Secret.from(Buffer.from(held.salt, 'base64'));
      if (held !== undefined) await unlink(path).catch(() => undefined);
      // A day that is already over: use the fresh salt for this run only.
      if (expiresAt <= now) return candidate;
      const temporary = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
      // The candidate's bytes are not readable from outside visitor-hash; a salt of our own is
      // just as random and is what gets shared with the other processes.
      const salt = randomBytes(32);
      await writeFile(temporary, JSON.stringify({ expiresAt, salt: salt.toString('base64') }), { mode: 0o600 });
      try {
        await link(temporary, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        await unlink(temporary).catch(() => undefined);
      }
      const winner = await readSalt(path);
      if (winner === undefined) throw new Error('salt file unreadable');
      return Secret.from(Buffer.from(winner.salt, 'base64'));
    },
    async delete(dayKey) {
      const path = join(dir, fileName(dayKey));
      await unlink(path).catch(() => undefined);
      return (await readSalt(path)) === undefined;
    },
    async purgeExpired() {
      const now = Date.now();
      let deleted = 0;
      for (const name of await readdir(dir)) {
        if (!name.endsWith('.salt')) continue;
        const held = await readSalt(join(dir, name));
        if (held !== undefined && held.expiresAt <= now) {
          await unlink(join(dir, name)).catch(() => undefined);
          deleted++;
        }
      }
      return deleted;
    },
  };
  return store;
}
