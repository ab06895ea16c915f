/**
 * @module
 * Planner throughput in memory: records planned per second with `plan()`, for the seed
 * processor policy in Europe/Brussels (calendar periods: integer civil-date arithmetic over the
 * zone's cached offsets, Temporal where that does not vouch) with triggers on 200 days and with
 * triggers spread over ten years, and for exact-time periods (PT24H: no calendar step). The peer
 * is a hand-written `collectedAt + ms < now` filter, the cron-job DELETE's logic without
 * calendars, holds or reasons. Rounds are interleaved and the median printed, by wall clock and
 * by CPU time (on a loaded machine the wall clock also counts waiting for a core).
 * Run: `npm run bench -w @privkit/retention`.
 */
import { reportRatio } from '@privkit/internal/testing/bench';
import { definePolicy, plan, type RetentionRecord } from '../src/index.js';

const N = 200_000;
const NOW = Date.parse('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const policy = definePolicy({
  timeZone: 'Europe/Brussels',
  rules: [
    {
      id: 'personal-data-24h',
      category: 'visitor-personal-data',
      purpose: 'form-analytics',
      period: 'PT24H',
      trigger: { type: 'event', event: 'visit-ended' },
    },
    {
      id: 'ip-security-7d',
      category: 'visitor-personal-data',
      purpose: 'security',
      period: 'P7D',
      exceptionTo: 'personal-data-24h',
    },
    { id: 'anonymous-90d', category: 'anonymous-data', purpose: 'form-analytics', period: 'P90D' },
  ],
});
const calendar: RetentionRecord[] = Array.from({ length: N }, (_, i) => ({
  id: `r${i}`,
  category: 'anonymous-data',
  subject: `s${i % 1000}`,
  collectedAt: NOW - (i % 200) * DAY,
}));
const exact: RetentionRecord[] = Array.from({ length: N }, (_, i) => ({
  id: `r${i}`,
  category: 'visitor-personal-data',
  collectedAt: NOW - 3 * DAY,
  events: { 'visit-ended': NOW - (i % 72) * 3_600_000 },
}));
const holds = [
  { id: 'dsar:REQ-42', scope: { subject: 's7' }, reason: 'open access request', placedAt: '2026-11-20T00:00:00Z' },
];

const ROUNDS = 7;
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Rounds of every measurement interleaved (so a burst of load on a shared machine hits all of them),
 * each timed by wall clock and by the process's CPU time; the median round of each is printed. The
 * ratio is taken between medians of the same run.
 */
function measure(runs: Record<string, () => number>) {
  const rates: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (const [label, run] of Object.entries(runs)) {
    run(); // warm up
    rates[label] = { wall: [], cpu: [] };
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, run] of Object.entries(runs)) {
      const wall = performance.now();
      const cpu = cpuSeconds();
      const n = run();
      rates[label]?.cpu.push(n / (cpuSeconds() - cpu));
      rates[label]?.wall.push(n / ((performance.now() - wall) / 1000));
    }
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1] as number;
  const out: Record<string, { wall: number; cpu: number }> = {};
  for (const [label, r] of Object.entries(rates)) {
    out[label] = { wall: median(r.wall), cpu: median(r.cpu) };
    const f = (x: number) => Math.round(x).toLocaleString('en');
    console.log(`${label}: ${f(out[label].wall)} records/s (CPU time: ${f(out[label].cpu)}/s), median of ${ROUNDS}`);
  }
  return out;
}

// Triggers spread over ten years, one per record: every record's calendar step is its own.
const spread: RetentionRecord[] = Array.from({ length: N }, (_, i) => ({
  id: `r${i}`,
  category: 'anonymous-data',
  subject: `s${i % 1000}`,
  collectedAt: NOW - Math.floor((((i * 7919) % N) / N) * 3650 * DAY) - (i % 86_400) * 1000,
}));

const naiveRun = () => {
  let due = 0;
  for (const r of calendar) if ((r.collectedAt as number) + 90 * DAY < NOW) due++;
  return due * 0 + N;
};
const r = measure({
  'plan(), P90D in Europe/Brussels, 200 trigger days': () =>
    plan(policy, calendar, { now: NOW, holds }).due.length * 0 + N,
  'plan(), P90D in Europe/Brussels, 200,000 trigger instants over 10 years': () =>
    plan(policy, spread, { now: NOW, holds }).due.length * 0 + N,
  'plan(), PT24H after an event (exact time)': () => plan(policy, exact, { now: NOW, holds }).due.length * 0 + N,
  'peer: collectedAt + 90 × 86,400,000 ms < now (no calendar, no holds)': naiveRun,
});
const ratio = (a: (typeof r)[string], b: (typeof r)[string]) =>
  `${(a.wall / b.wall).toFixed(3)}×; ${(a.cpu / b.cpu).toFixed(3)}×`;
const [cal, spr, ex, naive] = Object.values(r) as [
  (typeof r)[string],
  (typeof r)[string],
  (typeof r)[string],
  (typeof r)[string],
];
console.log(
  `ratio ours/peer (wall; CPU time): calendar ${ratio(cal, naive)}, spread ${ratio(spr, naive)}, ` +
    `exact ${ratio(ex, naive)}`,
);
const cases = [
  ['P90D in Europe/Brussels, triggers on 200 days', cal, 0.1],
  ['P90D in Europe/Brussels, 200,000 triggers over 10 years', spr, undefined],
  ['PT24H after an event (exact time)', ex, undefined],
] as const;
for (const [name, ours, target] of cases) {
  reportRatio({
    package: '@privkit/retention',
    bench: 'planner',
    case: `plan(): ${name}`,
    ours: 'plan() (rule, due instant, holds, five lists)',
    peer: 'collectedAt + ms < now filter (no calendar, no holds)',
    // Per CPU-second: on a shared machine the wall clock also counts the wait for a core.
    unit: 'records per CPU-s',
    oursValue: ours.cpu,
    peerValue: naive.cpu,
    ...(target === undefined ? {} : { target }),
  });
}
