/**
 * @module
 * The random cases of test/civil.slow.test.ts and their check, run in a child process per half of
 * the zones (two cores): `node --import tsx test/support/civil-cases.ts <seed> <first> <count>`
 * prints `{ checked, vouched, mismatch }` as JSON.
 */

import { seededRandom } from '@privkit/internal/testing/random';
import { Temporal } from 'temporal-polyfill';
import { createCivilCalculator } from '../../src/internal/civil.js';
import { addPeriod, type CompiledPeriod, compilePeriod } from '../../src/internal/time.js';

const DAY = 86_400_000;

export const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Brussels',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Havana',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Africa/Casablanca',
  'Asia/Tehran',
  'America/St_Johns',
  'Etc/GMT+5',
  '+05:45',
] as const;

export const ANCHORS = ['none', 'next-day', 'end-of-month', 'end-of-year'] as const;

function periodText(p: {
  years: number;
  months: number;
  weeks: number;
  days: number;
  h: number;
  m: number;
  s: number;
}) {
  const unit = (n: number, u: string) => (n ? `${n}${u}` : '');
  const date = `${unit(p.years, 'Y')}${unit(p.months, 'M')}${unit(p.weeks, 'W')}${unit(p.days, 'D')}`;
  const time = `${p.h ? `${p.h}H` : ''}${p.m ? `${p.m}M` : ''}${p.s ? `${p.s}S` : ''}`;
  return `P${date}${time ? `T${time}` : ''}`;
}

/** A pool of periods: the common ones and random mixes. */
function periods(random: () => number): CompiledPeriod[] {
  const common = [
    { days: 1 },
    { days: 7 },
    { days: 30 },
    { days: 90 },
    { weeks: 2 },
    { months: 1 },
    { months: 6 },
    { months: 13 },
    { years: 1 },
    { years: 4 },
    { years: 10 },
    { years: 100 },
    { months: 1, days: 1 },
    { years: 1, hours: 12 },
    { days: 1, hours: 2 },
    { hours: 24 },
  ];
  const pick = (n: number) => (random() < 0.5 ? 0 : Math.floor(random() * n));
  const out = common.map((c) => ({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...c }));
  for (let i = 0; i < 48; i++) {
    const p = {
      years: pick(30),
      months: pick(40),
      weeks: pick(10),
      days: pick(400),
      hours: pick(50),
      minutes: pick(120),
      seconds: pick(90),
    };
    if (p.years + p.months + p.weeks + p.days === 0) p.days = 1 + Math.floor(random() * 60);
    out.push(p);
  }
  return out.map((p) =>
    compilePeriod(
      periodText({
        years: p.years,
        months: p.months,
        weeks: p.weeks,
        days: p.days,
        h: p.hours,
        m: p.minutes,
        s: p.seconds,
      }),
      p,
    ),
  );
}

/** Days with an offset change in each zone, 1900–2100 (from Temporal), for triggers near them. */
export function transitionsOf(zone: string): number[] {
  const out: number[] = [];
  let at = Date.UTC(1900, 0, 1);
  for (let i = 0; i < 600; i++) {
    const next = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(zone).getTimeZoneTransition('next');
    if (next === null || next.epochMilliseconds > Date.UTC(2100, 0, 1)) break;
    out.push(next.epochMilliseconds);
    at = next.epochMilliseconds;
  }
  return out;
}

/** A trigger instant: near a transition (or a period before one), a month end, a leap day, or anywhere. */
function trigger(random: () => number, transitions: number[], period: CompiledPeriod): number {
  const r = random();
  const jitter = Math.floor((random() - 0.5) * 4 * DAY);
  if (r < 0.3 && transitions.length > 0) {
    const t = transitions[Math.floor(random() * transitions.length)] as number;
    // On the transition, or a period before it (so the due instant lands on it).
    if (random() < 0.5) return t + jitter;
    const back = period.civil.months * 30.436875 * DAY + period.civil.days * DAY + period.civil.clockMs;
    return Math.round(t - back) + jitter;
  }
  if (r < 0.5) {
    // Around a month end or a leap day.
    const year = 1970 + Math.floor(random() * 130);
    const month = Math.floor(random() * 12);
    const base = random() < 0.3 ? Date.UTC(year - (year % 4), 1, 29) : Date.UTC(year, month + 1, 1);
    return base + jitter;
  }
  if (r < 0.505) {
    // Anywhere in the years 0000–9999 privkit accepts.
    return Math.floor(-62_167_219_200_000 + random() * (253_402_300_799_999 + 62_167_219_200_000));
  }
  return Math.floor(Date.UTC(1900, 0, 1) + random() * (Date.UTC(2100, 0, 1) - Date.UTC(1900, 0, 1)));
}

/** Checks `count` cases in zones `first`, `first + 2`, … (every other zone), from `seed`. */
export function runCases(seed: number, first: number, count: number) {
  const random = seededRandom(seed);
  const pool = periods(random);
  const zones = ZONES.filter((_, i) => i % 2 === first);
  let checked = 0;
  let vouched = 0;
  const perZone = Math.ceil(count / zones.length);
  for (const zone of zones) {
    const transitions = transitionsOf(zone);
    const fast = createCivilCalculator(zone);
    for (let i = 0; i < perZone && checked < count; i++, checked++) {
      const period = pool[Math.floor(random() * pool.length)] as CompiledPeriod;
      const anchor = ANCHORS[Math.floor(random() * ANCHORS.length)] as (typeof ANCHORS)[number];
      const from = trigger(random, transitions, period);
      const got = fast(from, period.civil, anchor);
      if (Number.isNaN(got)) continue;
      vouched++;
      let want: number;
      try {
        want = addPeriod(from, period, zone, anchor);
      } catch {
        want = Number.NaN;
      }
      if (got !== want) {
        const mismatch = { zone, from: new Date(from).toISOString(), period: period.text, anchor, got, want };
        return { checked, vouched, mismatch };
      }
    }
  }
  return { checked, vouched, mismatch: null };
}

if (process.argv[1]?.endsWith('civil-cases.ts')) {
  const [seed, first, count] = process.argv.slice(2).map(Number) as [number, number, number];
  process.stdout.write(JSON.stringify(runCases(seed, first, count)));
}
