/**
 * The repository's copy of the access-log generator (tools/access-log) writes the same bytes as
 * the workspace's shared one, so the slow suite and the bench measure the same log either way.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const shared = fileURLToPath(new URL('../../../../shared/tools/gen-access-log.mjs', import.meta.url));
const copy = fileURLToPath(new URL('../../../tools/access-log/gen-access-log.mjs', import.meta.url));
const run = (file: string) =>
  spawnSync(process.execPath, [file, '20000', '7'], { maxBuffer: 1 << 26 }).stdout.toString();

describe('access-log generator', () => {
  it('the repository copy writes 20,000 combined lines', () => {
    const lines = run(copy).trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(lines.every((l) => / - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET /.test(l))).toBe(true);
  });
  it.skipIf(!existsSync(shared))('is byte-identical to ../shared/tools/gen-access-log.mjs', () => {
    expect(run(copy)).toBe(run(shared));
  });
});
