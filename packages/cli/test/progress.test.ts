import { describe, expect, it } from 'vitest';
import { compact, duration, groupDigits, renderProgress } from '../src/cli/progress.js';

describe('progress bar rendering', () => {
  it('formats numbers and durations', () => {
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(999)).toBe('999');
    expect(compact(812_345)).toBe('812k');
    expect(compact(1_460_000)).toBe('1.5M');
    expect(compact(12_000_000)).toBe('12M');
    expect(compact(42)).toBe('42');
    expect(duration(3)).toBe('0:03');
    expect(duration(125)).toBe('2:05');
    expect(duration(3725)).toBe('1:02:05');
  });

  it('a file half read: bar, share, lines, rate and ETA', () => {
    const line = renderProgress({ bytes: 50, total: 100, lines: 1_000_000, elapsedMs: 2000 }, 100);
    expect(line).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}]  50%  1,000,000 lines  500k lines/s  ETA 0:02`);
  });

  it('start and end', () => {
    expect(renderProgress({ bytes: 0, total: 100, lines: 0, elapsedMs: 0 }, 100)).toBe(
      `[${'-'.repeat(30)}]   0%  0 lines  0 lines/s  ETA -:--`,
    );
    expect(renderProgress({ bytes: 100, total: 100, lines: 10, elapsedMs: 1000 }, 100)).toMatch(
      /^\[#{30}\] 100% .* ETA 0:00$/,
    );
  });

  it('never wider than the terminal; drops the bar first, then cuts', () => {
    for (const width of [20, 40, 60, 80, 120]) {
      const line = renderProgress({ bytes: 123, total: 1000, lines: 123_456_789, elapsedMs: 61_000 }, width);
      expect(line.length).toBeLessThanOrEqual(width);
    }
    expect(renderProgress({ bytes: 1, total: 2, lines: 5, elapsedMs: 1000 }, 40).startsWith('[')).toBe(false);
  });

  it('unknown total (stdin): lines and rate only', () => {
    expect(renderProgress({ bytes: 5, total: 0, lines: 2500, elapsedMs: 1000 }, 80)).toBe('2,500 lines  3k lines/s');
  });
});
