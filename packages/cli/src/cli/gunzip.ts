/**
 * @module
 * A pass-through that gunzips its input when the first bytes are the gzip magic (1f 8b), so
 * stdin can be plain or gzip like files are. Plain input is passed on chunk by chunk, so a log
 * pipe still writes each line as it arrives.
 */

import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';

/** Creates the sniffing stream. */
export function createAutoGunzip(): Transform {
  let decided = false;
  let gunzip: Gunzip | undefined;
  let head: Buffer | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (!decided) {
        head = head === undefined ? chunk : Buffer.concat([head, chunk]);
        if (head.length < 2) {
          callback();
          return;
        }
        decided = true;
        chunk = head;
        head = undefined;
        if (chunk[0] === 0x1f && chunk[1] === 0x8b) {
          gunzip = createGunzip();
          gunzip.on('data', (data: Buffer) => stream.push(data));
          gunzip.on('error', (error) => stream.destroy(error));
        }
      }
      if (gunzip === undefined) callback(null, chunk);
      else gunzip.write(chunk, () => callback());
    },
    flush(callback: TransformCallback) {
      if (head !== undefined) this.push(head);
      if (gunzip === undefined) {
        callback();
        return;
      }
      gunzip.once('end', () => callback());
      gunzip.once('error', callback);
      gunzip.end();
    },
  });
  return stream;
}

/** Whether the file at `path` starts with the gzip magic (1f 8b). */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
