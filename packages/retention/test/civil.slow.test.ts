/**
 * @module
 * The planner's fast calendar path (integer civil-date arithmetic over cached zone offsets)
 * against Temporal (`addPeriod`, the definition) on 10,000,000 random cases: zones with DST,
 * half-hour DST (Lord Howe), a 45-minute offset (Chatham), midnight transitions (Sao Paulo,
 * Havana, Santiago), a skipped day (Apia), fixed offsets; triggers on DST days, around month
 * ends and leap days, and anywhere from year 0 to 9999; every anchor; periods of days, weeks,
 * months, years and mixed clock units. A case the fast path does not vouch for (NaN) goes to
 * Temporal in the planner, so it is counted, and must stay rare; every other answer must be
 * Temporal's to the millisecond. `plan()` over the same kind of records is compared with
 * per-record `dueAt` as well. Seeded, so a failure replays; `CIVIL_CASES` sets the count. The cases run in two child
 * processes (test/support/civil-cases.ts), one per core, each on half of the zones.
 */

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '@privkit/internal/testing/random';
import { describe, expect, it } from 'vitest';
import { definePolicy, dueAt, plan, type RetentionRecord } from '../src/index.js';
import { createInstantFormatter } from '../src/internal/time.js';
import { ANCHORS, transitionsOf } from './support/civil-cases.js';

const CASES = Number(process.env['CIVIL_CASES'] ?? 10_000_000);
const DAY = 86_400_000;
const packageDir = fileURLToPath(new URL('..', import.meta.url));

interface Half {
  checked: number;
  vouched: number;
  mismatch: unknown;
}

function half(first: number, count: number): Promise<Half> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/civil-cases.ts', String(0x21_2026 + first), String(first), String(count)],
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`civil-cases exited with ${code}`));
      else resolve(JSON.parse(out) as Half);
    });
  });
}

describe('fast calendar path against Temporal', () => {
  it(`agrees with addPeriod on ${CASES.toLocaleString('en')} random cases`, { timeout: 3_600_000 }, async () => {
    const started = performance.now();
    const halves = await Promise.all([half(0, Math.ceil(CASES / 2)), half(1, Math.floor(CASES / 2))]);
    for (const h of halves) expect(h.mismatch).toBeNull();
    const checked = halves[0].checked + halves[1].checked;
    const vouched = halves[0].vouched + halves[1].vouched;
    console.log(
      `civil fast path: ${checked.toLocaleString('en')} cases ` +
        `in ${((performance.now() - started) / 1000).toFixed(0)} s, ` +
        `${vouched.toLocaleString('en')} answered by the fast path (${((100 * vouched) / checked).toFixed(2)}%), ` +
        `each equal to Temporal's; the rest go to Temporal in the planner`,
    );
    expect(checked).toBe(CASES);
    // Cases are drawn near offset changes on purpose; the fast path must still answer nearly all.
    expect(vouched / checked).toBeGreaterThan(0.97);
  });

  it('plan() gives each record the due instant dueAt() gives it (the Temporal path for one record)', () => {
    const random = seededRandom(7);
    for (const zone of ['Europe/London', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
      const transitions = transitionsOf(zone);
      for (const anchor of ANCHORS) {
        const policy = definePolicy({
          timeZone: zone,
          rules: [
            { id: 'm', category: 'm', purpose: 'p', period: 'P1M', anchor },
            { id: 'y', category: 'y', purpose: 'p', period: 'P1Y6M', anchor },
            { id: 'd', category: 'd', purpose: 'p', period: 'P30DT12H', anchor },
          ],
        });
        const records: RetentionRecord[] = Array.from({ length: 3000 }, (_, i) => {
          const t = transitions[Math.floor(random() * transitions.length)] as number;
          const at = random() < 0.5 ? t + Math.floor((random() - 0.5) * 3 * DAY) : t - Math.floor(random() * 400 * DAY);
          return { id: `r${i}`, category: ['m', 'y', 'd'][i % 3] as string, collectedAt: at };
        });
        const result = plan(policy, records, { now: -62_167_219_200_000 });
        expect(result.retained).toHaveLength(records.length);
        result.retained.forEach((entry, i) => {
          expect(entry.dueAt).toBe(dueAt(policy, records[i] as RetentionRecord));
        });
      }
    }
  });
});

describe('the planner’s instant formatter', () => {
  it('writes what toISOString writes, on 10,000,000 random instants of the years 0000–9999', () => {
    const random = seededRandom(11);
    const format = createInstantFormatter();
    const min = -62_167_219_200_000;
    const span = 253_402_300_799_999 - min;
    let day = 0;
    for (let i = 0; i < 10_000_000; i++) {
      // Runs of instants on one day, as due instants come, and jumps anywhere.
      if (i % 16 === 0) day = Math.floor((min + random() * span) / DAY);
      const ms = i % 64 === 0 ? Math.floor(min + random() * span) : day * DAY + Math.floor(random() * DAY);
      const text = format(ms);
      if (text !== new Date(ms).toISOString()) expect(text).toBe(new Date(ms).toISOString());
    }
    // Instants that repeat, some sharing a slot of the formatter's cache (4093 apart).
    const base = Date.UTC(2026, 9, 25, 1);
    const few = Array.from({ length: 64 }, (_, i) => base + (i % 2 === 0 ? i * 4093 : -i * 1000));
    for (let i = 0; i < 1_000_000; i++) {
      const ms = few[Math.floor(random() * few.length)] as number;
      const text = format(ms);
      if (text !== new Date(ms).toISOString()) expect(text).toBe(new Date(ms).toISOString());
    }
    // Outside those years, and fractions, are formatInstant's (toISOString's) to write.
    expect(format(8.64e15)).toBe(new Date(8.64e15).toISOString());
    expect(format(1.5)).toBe(new Date(1.5).toISOString());
    expect(format(min)).toBe('0000-01-01T00:00:00.000Z');
    expect(format(253_402_300_799_999)).toBe('9999-12-31T23:59:59.999Z');
    expect(format(-1)).toBe('1969-12-31T23:59:59.999Z');
  });
});
