/**
 * @module
 * Planner throughput in memory: records planned per second with `plan()`, for the seed
 * processor policy in Europe/Brussels (calendar periods go through the Temporal polyfill) and
 * for exact-time periods (PT24H: no calendar step). The peer is a hand-written
 * `collectedAt + ms < now` filter, the cron-job DELETE's logic without calendars, holds or
 * reasons. Run: `npm run bench -w @privkit/retention`.
 */
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

function rate(label: string, run: () => number) {
  run(); // warm up
  const start = performance.now();
  const n = run();
  const seconds = (performance.now() - start) / 1000;
  const perSecond = n / seconds;
  console.log(`${label}: ${Math.round(perSecond).toLocaleString('en')} records/s`);
  return perSecond;
}

const cal = rate(
  'plan(), P90D in Europe/Brussels (Temporal)',
  () => plan(policy, calendar, { now: NOW, holds }).due.length + N * 0 + N,
);
const ex = rate(
  'plan(), PT24H after an event (exact time)',
  () => plan(policy, exact, { now: NOW, holds }).due.length * 0 + N,
);
const naive = rate('peer: collectedAt + 90 × 86,400,000 ms < now (no calendar, no holds)', () => {
  let due = 0;
  for (const r of calendar) if ((r.collectedAt as number) + 90 * DAY < NOW) due++;
  return due * 0 + N;
});
console.log(`ratio ours/peer: calendar ${(cal / naive).toFixed(3)}×, exact ${(ex / naive).toFixed(3)}×`);
