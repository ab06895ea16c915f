/**
 * @module
 * Day boundaries and the grace window, exact to the millisecond in any time zone: every window
 * is checked against an independent oracle (Intl.DateTimeFormat's calendar date on each side of
 * the boundary), DST days last 23 or 25 hours, a skipped midnight starts the day at 01:00, and
 * the grace window opens and closes on the exact millisecond.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemorySaltStore, createVisitorHasher, utcDays, zonedDays } from '../src/index.js';

const ZONES = [
  'UTC',
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'America/Sao_Paulo',
  'America/Havana', // DST starts at midnight: 00:00 does not exist on those days
  'America/Santiago',
  'Australia/Lord_Howe', // 30-minute DST shift
  'Asia/Kathmandu', // +05:45
  'Pacific/Kiritimati', // +14
  'Pacific/Pago_Pago', // -11
  'Pacific/Apia',
  'Africa/Casablanca',
];

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateIn(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(ms);
}

const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2037, 11, 31) });

describe('day windows', () => {
  it('agree with Intl on both sides of each boundary, in every zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, t) => {
        const w = (zone === 'UTC' ? utcDays() : zonedDays({ timeZone: zone })).window(t);
        expect(w.start <= t && t < w.end).toBe(true);
        expect(dateIn(w.start, zone)).toBe(w.date);
        expect(dateIn(w.end - 1, zone)).toBe(w.date);
        expect(dateIn(w.start - 1, zone)).not.toBe(w.date);
        expect(dateIn(w.end, zone)).not.toBe(w.date);
        expect(w.key).toBe(`${w.date}@${zone}`);
        expect(w.end - w.start).toBeGreaterThanOrEqual(22 * 3_600_000);
        expect(w.end - w.start).toBeLessThanOrEqual(26 * 3_600_000);
      }),
      { numRuns: 2_000 },
    );
  });

  it('DST days last 23 and 25 hours; a skipped midnight starts the day at 01:00', () => {
    const paris = zonedDays({ timeZone: 'Europe/Paris' });
    const spring = paris.window(Date.UTC(2026, 2, 29, 12));
    expect(spring.end - spring.start).toBe(23 * 3_600_000);
    const autumn = paris.window(Date.UTC(2026, 9, 25, 12));
    expect(autumn.end - autumn.start).toBe(25 * 3_600_000);
    // Cuba moves clocks from 00:00 to 01:00 on the second Sunday of March (2026-03-08).
    const havana = zonedDays({ timeZone: 'America/Havana' }).window(Date.UTC(2026, 2, 8, 18));
    expect(havana.date).toBe('2026-03-08');
    // 00:00 CST (UTC-5) never happens; the day starts at 01:00 CDT (UTC-4), the same instant.
    expect(havana.start).toBe(Date.UTC(2026, 2, 8, 5));
    expect(havana.end - havana.start).toBe(23 * 3_600_000);
    expect(paris.previous(spring).date).toBe('2026-03-28');
  });

  it('visitor time zones are honoured only when enabled, with a fallback', () => {
    const at = Date.UTC(2026, 10, 23, 2); // 21:00 on the 22nd in New York
    const honour = zonedDays({ timeZone: 'Europe/Paris', visitorTimeZone: true });
    expect(honour.window(at, 'America/New_York').key).toBe('2026-11-22@America/New_York');
    expect(honour.window(at, 'america/new_york').key).toBe('2026-11-22@America/New_York');
    expect(honour.window(at, 'Mars/Olympus_Mons').key).toBe('2026-11-23@Europe/Paris');
    expect(honour.window(at, '').key).toBe('2026-11-23@Europe/Paris');
    expect(honour.window(at).key).toBe('2026-11-23@Europe/Paris');
    const ignore = zonedDays({ timeZone: 'Europe/Paris' });
    expect(ignore.window(at, 'America/New_York').key).toBe('2026-11-23@Europe/Paris');
    for (const [options, code, path] of [
      [{ timeZone: 'Nowhere/Atlantis' }, 'INVALID_OPTIONS', 'options.timeZone'],
      [{ timeZone: 'Europe/Paris', visitorTimeZone: 'yes' }, 'INVALID_OPTIONS', 'options.visitorTimeZone'],
      [{ timeZone: 'Europe/Paris', visitorTimezone: true }, 'UNKNOWN_KEY', 'options.visitorTimezone'],
      [{ timezone: 'Europe/Paris' }, 'UNKNOWN_KEY', 'options.timezone'],
    ] as const) {
      expect(() => zonedDays(options as never)).toThrow(
        expect.objectContaining({ name: 'VisitorHashError', code, path }),
      );
    }
  });
});

describe('the grace window', () => {
  it('opens and closes on the exact millisecond, in any zone, on DST days too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ZONES),
        instant,
        fc.integer({ min: 0, max: 6 * 60 }),
        async (zone, t, graceMinutes) => {
          const graceMs = graceMinutes * 60_000;
          const days = zone === 'UTC' ? utcDays() : zonedDays({ timeZone: zone });
          const boundary = days.window(t).start;
          let now = boundary;
          const grace = `PT${graceMinutes}M`;
          const hasher = createVisitorHasher({ store: createMemorySaltStore(), days, grace, clock: () => now });
          const before = { tenant: 't', ip: '192.0.2.1', userAgent: 'UA', at: boundary - 1 };
          const after = { ...before, at: boundary };
          now = boundary - 1;
          const previousId = await hasher.id(before);
          now = boundary;
          const currentId = await hasher.id(after);
          expect(previousId).not.toBe(currentId);
          if (graceMs > 0) {
            now = boundary + graceMs - 1;
            expect(await hasher.candidates({ ...after, at: now })).toEqual([currentId, previousId]);
            expect(await hasher.id(before)).toBe(previousId);
          }
          now = boundary + graceMs;
          expect(await hasher.candidates({ ...after, at: now })).toEqual([currentId]);
          await expect(hasher.id(before)).rejects.toMatchObject({ code: 'OUTSIDE_WINDOW' });
        },
      ),
      { numRuns: 300 },
    );
  });
});
