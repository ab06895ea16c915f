/**
 * @module
 * The differential check of `compileDueAtSql`: random records (seeded) whose triggers fall on
 * DST days, inside folds and gaps, on month ends and leap days, and whose periods land there,
 * written to a table of their own; the compiled statements re-plan the table inside PostgreSQL
 * and every row's `due_at` is compared with the JavaScript planner's `dueAt` for the same record.
 */
import { seededRandom } from '@privkit/internal/testing/random';
import { Temporal } from 'temporal-polyfill';
import { definePolicy, plan, type RetentionPolicy, type RetentionRecord } from '../../src/index.js';
import { compileDueAtSql, type PgQueryable } from '../../src/postgres.js';

/** The zones of the differential test. */
export const DIFF_ZONES = ['Europe/London', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'America/New_York', 'UTC'];

/** Rules of every anchor and trigger, each its own category; period is what lands on the edges. */
const RULES = [
  { id: 'm1', period: 'P1M' },
  { id: 'y1', period: 'P1Y' },
  { id: 'd7', period: 'P7D' },
  { id: 'd1', period: 'P1D' },
  { id: 'h24', period: 'PT24H' },
  { id: 'mixed', period: 'P1M2DT3H' },
  { id: 'w2', period: 'P2W' },
  { id: 'nd-m3', period: 'P3M', anchor: 'next-day' },
  { id: 'nd-d1', period: 'P1D', anchor: 'next-day' },
  { id: 'nd-h36', period: 'PT36H', anchor: 'next-day' },
  { id: 'eoy-y10', period: 'P10Y', anchor: 'end-of-year' },
  { id: 'eoy-y1', period: 'P1Y', anchor: 'end-of-year' },
  { id: 'eom-m6', period: 'P6M', anchor: 'end-of-month' },
  { id: 'eom-h12', period: 'PT12H', anchor: 'end-of-month' },
  { id: 'range', period: { min: 'P30D', max: 'P2M' } },
  { id: 'range-eom', period: { min: 'P1M', max: 'P1Y' }, anchor: 'end-of-month' },
  { id: 'event', period: 'P1Y', trigger: { type: 'event', event: 'ended' } },
  { id: 'activity', period: 'P2Y', trigger: { type: 'last-activity' } },
] as const;

/** The policy of one zone; `only` keeps the rules whose anchor it lists (the others' rows are unmatched). */
export function diffPolicy(
  timeZone: string,
  deleteAt: 'latest' | 'earliest' = 'latest',
  only?: readonly string[],
): RetentionPolicy {
  const rules = RULES.filter((r) => only === undefined || only.includes('anchor' in r ? r.anchor : 'none'));
  return definePolicy({
    timeZone,
    deleteAt,
    rules: rules.map((r) => ({ ...r, category: `c-${r.id}`, purpose: 'p' })) as never,
  });
}

/** The instants the random triggers are drawn from (epoch ms). */
export interface DiffRange {
  readonly start: number;
  readonly end: number;
}

const START = Date.UTC(1950, 0, 1);
const END = Date.UTC(2080, 0, 1);

/** The offset changes of a zone in the range (default 1950 to 2080), as epoch ms. */
function transitions(zone: string, range: DiffRange): number[] {
  const out: number[] = [];
  let at = Temporal.Instant.fromEpochMilliseconds(range.start).toZonedDateTimeISO(zone);
  for (;;) {
    const next = at.getTimeZoneTransition('next');
    if (next === null || next.epochMilliseconds > range.end) break;
    out.push(next.epochMilliseconds);
    at = next;
  }
  return out;
}

const DATE_PERIODS = [
  { months: 1 },
  { years: 1 },
  { days: 7 },
  { days: 1 },
  { months: 3 },
  { months: 6 },
  { weeks: 2 },
];

/** Random trigger instants (epoch ms) in `zone`: uniform, near offset changes, aimed at them, on month ends. */
export function triggers(
  zone: string,
  count: number,
  next: () => number,
  range: DiffRange = { start: START, end: END },
): number[] {
  const changes = transitions(zone, range);
  const firstYear = new Date(range.start).getUTCFullYear();
  const years = new Date(range.end).getUTCFullYear() - firstYear;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const out: number[] = [];
  const ms = () => Math.floor(next() * 1000);
  for (let i = 0; i < count; i++) {
    const kind = changes.length === 0 ? Math.floor(next() * 2) * 3 : Math.floor(next() * 4);
    if (kind === 0) {
      out.push(range.start + Math.floor(next() * (range.end - range.start)));
    } else if (kind === 1) {
      // Within three hours of an offset change, on the minute or the millisecond.
      const t = pick(changes) + Math.floor((next() - 0.5) * 6 * 3_600_000);
      out.push(next() < 0.5 ? t - (t % 60_000) : t);
    } else if (kind === 2) {
      // A wall time in a change's gap or fold, minus a period: trigger + period lands on it.
      const change = Temporal.Instant.fromEpochMilliseconds(pick(changes)).toZonedDateTimeISO(zone);
      const wall = change
        .subtract({ nanoseconds: 1 })
        .toPlainDateTime()
        .add({ milliseconds: (Math.floor(next() * 90) - 30) * 60_000 + ms() });
      const start = wall.subtract(pick(DATE_PERIODS));
      const disambiguation = next() < 0.5 ? 'earlier' : 'later';
      out.push(start.toZonedDateTime(zone, { disambiguation }).epochMilliseconds);
    } else {
      // A month end or leap day, at a random wall time.
      const year = firstYear + Math.floor(next() * years);
      const month = 1 + Math.floor(next() * 12);
      const date = Temporal.PlainDate.from({ year, month, day: 1 }).add({ months: 1 }).subtract({ days: 1 });
      const day = next() < 0.3 && month === 2 ? Temporal.PlainDate.from({ year: 2024, month: 2, day: 29 }) : date;
      const wall = day.toPlainDateTime({ hour: Math.floor(next() * 24), minute: Math.floor(next() * 60) });
      out.push(wall.toZonedDateTime(zone).epochMilliseconds + ms());
    }
  }
  return out;
}

/** One row of the differential table. */
export interface DiffRow {
  readonly record: RetentionRecord & { rule: string; category: string; id: string };
  readonly collectedAt: number;
  readonly lastActivityAt: number | null;
  readonly endedAt: number | null;
}

/** `count` random rows for a zone's policy. */
export function diffRows(zone: string, count: number, seed: number, firstId: number, range?: DiffRange): DiffRow[] {
  const next = seededRandom(seed);
  const at = triggers(zone, count, next, range);
  return at.map((t, i) => {
    const r = RULES[Math.floor(next() * RULES.length)] as (typeof RULES)[number];
    const lastActivityAt = next() < 0.3 ? null : t;
    const endedAt = next() < 0.1 ? null : t;
    const collectedAt = r.id === 'activity' || r.id === 'event' ? t - Math.floor(next() * 1e10) : t;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      record: {
        id: String(firstId + i),
        category: `c-${r.id}`,
        rule: r.id,
        collectedAt: iso(collectedAt),
        lastActivityAt: iso(lastActivityAt),
        events: { ended: iso(endedAt) },
      },
      collectedAt,
      lastActivityAt,
      endedAt,
    };
  });
}

/** The differential table's DDL. */
export const diffTableSql = (qualified: string) =>
  `CREATE TABLE ${qualified} (id bigint PRIMARY KEY, category text NOT NULL, rule text, collected_at timestamptz,
    last_activity_at timestamptz, ended_at timestamptz, due_at timestamptz)`;

/** The compile options of the differential table. */
export const diffColumns = { lastActivityAt: 'last_activity_at', events: { ended: 'ended_at' } };

/** Inserts rows in one statement (arrays unnested). */
export async function insertRows(db: PgQueryable, qualified: string, rows: readonly DiffRow[]): Promise<void> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  await db.query(
    `INSERT INTO ${qualified} (id, category, rule, collected_at, last_activity_at, ended_at)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[],
       $4::timestamptz[], $5::timestamptz[], $6::timestamptz[])`,
    [
      rows.map((r) => r.record.id),
      rows.map((r) => r.record.category),
      rows.map((r) => r.record.rule),
      rows.map((r) => iso(r.collectedAt)),
      rows.map((r) => iso(r.lastActivityAt)),
      rows.map((r) => iso(r.endedAt)),
    ],
  );
}

/** The planner's due instant of each row (epoch ms, or null), by id. */
export function plannerDue(policy: RetentionPolicy, rows: readonly DiffRow[]): Map<string, number | null> {
  const result = plan(
    policy,
    rows.map((r) => r.record),
    { now: '1900-01-01T00:00:00Z' },
  );
  const out = new Map<string, number | null>();
  for (const list of [result.due, result.held, result.retained, result.waiting, result.unmatched])
    for (const p of list) out.set(p.id, p.dueAt === null ? null : Date.parse(p.dueAt));
  return out;
}

/** Runs the compiled statements of `policy` over the table. */
export async function replanInSql(db: PgQueryable, policy: RetentionPolicy, schema: string, table: string) {
  for (const s of compileDueAtSql(policy, { schema, table, columns: diffColumns })) await db.query(s.text, s.params);
}

/** Mismatches (at most 10, described) between the table's `due_at` and the planner's. */
export async function mismatches(
  db: PgQueryable,
  qualified: string,
  expected: Map<string, number | null>,
  diff: readonly DiffRow[],
  zone: string,
): Promise<{ compared: number; wrong: string[] }> {
  const { rows } = await db.query(
    `SELECT id::text AS id, (floor(extract(epoch FROM due_at) * 1000))::bigint::text AS due FROM ${qualified}
     WHERE id BETWEEN $1 AND $2`,
    [diff[0]?.record.id, diff.at(-1)?.record.id],
  );
  const got = rows as { id: string; due: string | null }[];
  const byId = new Map(diff.map((r) => [r.record.id, r]));
  const wrong: string[] = [];
  for (const g of got) {
    const want = expected.get(g.id);
    const have = g.due === null ? null : Number(g.due);
    if (want !== have && wrong.length < 10) {
      const r = byId.get(g.id) as DiffRow;
      const show = (ms: number | null | undefined) =>
        ms === null || ms === undefined
          ? String(ms)
          : Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toString();
      wrong.push(
        `${zone} rule ${r.record.rule} trigger ${show(r.collectedAt)} ` +
          `last ${show(r.lastActivityAt)} ended ${show(r.endedAt)}: ` +
          `planner ${show(want)}, SQL ${show(have)}`,
      );
    }
  }
  return { compared: got.length, wrong };
}
