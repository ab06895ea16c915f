/**
 * @module
 * Looks MMDB files up in a child process whose V8 heap is capped, so a reader whose memory is
 * not bounded shows as the child dying (out of memory, a non-zero exit the caller sees as an
 * exception) rather than as the test runner slowing down or crashing. The child also has a
 * watchdog: a reader whose time is not bounded shows as a timeout.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The outcome of looking up a few addresses in each file (`answer` or a `GeoError` code; see
 * test/support/bounded-child.ts), from one child process with a `heapMiB` heap that must finish
 * within `timeoutMs`. Throws when the child dies.
 */
export function outcomesInSmallHeap(files: Uint8Array[], heapMiB = 64, timeoutMs = 120_000): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-geo-heap-'));
  try {
    const paths = files.map((bytes, i) => {
      const path = join(dir, `${i}.mmdb`);
      writeFileSync(path, bytes);
      return path;
    });
    const stdout = execFileSync(
      process.execPath,
      [`--max-old-space-size=${heapMiB}`, '--import', 'tsx', 'test/support/bounded-child.ts', ...paths],
      { cwd: packageDir, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return JSON.parse(stdout) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
