/**
 * The access-log generator (tools/access-log) the slow suite and the bench read: deterministic
 * for a seed, combined format, about 70 % IPv4 and 30 % IPv6.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const generator = fileURLToPath(new URL('../../../tools/access-log/gen-access-log.mjs', import.meta.url));
const run = (seed: string) =>
  spawnSync(process.execPath, [generator, '20000', seed], { maxBuffer: 1 << 26 }).stdout.toString();

describe('access-log generator', () => {
  it('writes 20,000 combined lines, the same for the same seed', () => {
    const text = run('7');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(lines.every((l) => / - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET /.test(l))).toBe(true);
    expect(run('7')).toBe(text);
    expect(run('8')).not.toBe(text);
    const v6 = lines.filter((l) => l.slice(0, l.indexOf(' ')).includes(':')).length;
    expect(v6 / lines.length).toBeGreaterThan(0.25);
    expect(v6 / lines.length).toBeLessThan(0.35);
  });
});
