import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, requireDuration } from '../src/duration.js';
import type { RaiseError } from '../src/errors.js';

const raise: RaiseError = (code, path, message) => Object.assign(new Error(message), { code, path });

describe('durations', () => {
  it('reads whole ISO 8601 units and writes them back', () => {
    for (const text of ['P7D', 'P1M', 'P1Y6M', 'PT24H', 'PT5M', 'P2W', 'P1DT1S']) {
      expect(formatDuration(parseDuration(text)!)).toBe(text);
    }
  });

  it('refuses everything else', () => {
    for (const text of ['P', 'PT', 'P1.5D', '-P1D', 'P1D ', '7 days', 'p1d', 'P1H', 'PT1D', 'P99999999999D']) {
      expect(parseDuration(text), text).toBeUndefined();
    }
  });

  it('requireDuration restricts units', () => {
    expect(() => requireDuration('P1D', 'options.grace', raise, ['hours', 'minutes', 'seconds'])).toThrow(
      '"options.grace" may only use hours, minutes, seconds, not days',
    );
  });
});
