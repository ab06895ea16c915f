/**
 * A salt store that answers every day with a salt fixed in advance, so known-answer vectors can
 * pin the salt. It implements the real SaltStore contract (expiry and the creation window
 * included, on the hasher's clock like the memory store); no database is imitated.
 */
import { type SaltStore, Secret } from '../../src/index.js';

export function fixedSaltStore(saltsByDay: Record<string, string>): SaltStore & { requests: string[] } {
  const requests: string[] = [];
  return {
    kind: 'fixed',
    forgets: true,
    requests,
    async getOrCreate({ dayKey, notBefore, expiresAt, now }) {
      requests.push(dayKey);
      if (expiresAt <= now) return 'expired';
      if (now < notBefore) return 'not-started';
      const hex = saltsByDay[dayKey];
      if (hex === undefined) throw new Error(`no salt fixed for ${dayKey}`);
      return { salt: Secret.from(Uint8Array.from(Buffer.from(hex, 'hex'))), expiresAt };
    },
    async delete() {
      return true;
    },
    async purgeExpired() {
      return 0;
    },
  };
}
