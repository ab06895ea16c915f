/**
 * @module
 * A policy compiled into SQL: one `UPDATE` per rule that recomputes `due_at` inside PostgreSQL,
 * so a policy change re-plans a table without reading a row out. The SQL repeats the planner's
 * calendar arithmetic (`addPeriod` in `internal/time.ts`) step by step:
 *
 * - local wall time: `instant AT TIME ZONE zone` (a `timestamp`; one answer, always);
 * - years, months, weeks and days: `timestamp + interval`, which adds the months first and clamps
 *   the day to the month's length (31 January + 1 month = 28/29 February), then the days, as
 *   `Temporal.PlainDate#add` does;
 * - back to an instant with Temporal's `compatible` disambiguation: not `timestamp AT TIME ZONE`,
 *   which resolves a repeated (fold) wall time to the later offset, but explicitly from the
 *   offsets a day before and a day after: the earlier of the valid candidates in a fold, the
 *   offset before the change in a gap (02:30 in a spring-forward gap is 03:30);
 * - hours, minutes and seconds: exact time added to the instant (a `PT24H` is 86,400 s).
 *
 * - the start of a day (anchors): the same `compatible` reading of its midnight, which is
 *   Temporal's `startOfDay` whenever midnight exists (a gap that ends at midnight, as Berlin's
 *   1916-04-30 23:00 → 1916-05-01 00:00, leaves it in place) or a gap starts at it (both give the
 *   instant the gap ends); where a gap begins before a midnight and ends after it (Toronto's
 *   1919-03-30 23:30 → 1919-03-31 00:30), the two differ (00:30 against 01:00).
 *
 * The compiler refuses (`NOT_COMPILABLE`) what it cannot make exactly equal, between 1900 and
 * 2100: a zone with two offset changes less than three days apart; a `next-day` rule in a zone
 * with a gap across a midnight, an `end-of-month` rule in one whose gap crosses the midnight a
 * month starts at, an `end-of-year` rule where it crosses the midnight of 1 January; a trigger
 * with no column; a category with several rules that apply together (the deciding rule could
 * change with the policy).
 */

import { knownKeys, own, plainObject } from '@privkit/internal/check';
import { requireIdentifier } from '@privkit/internal/pg';
import { Temporal } from 'temporal-polyfill';
import { raise, raiseShared } from '../errors.js';
import type { CompiledPeriod } from '../internal/time.js';
import type { CompiledRule, RetentionPolicy } from '../policy.js';

/** Column names of the table to re-plan. */
export interface DueAtSqlColumns {
  /** `timestamptz` due instant, written. Default `due_at`. */
  readonly dueAt?: string | undefined;
  /** `text` id of the row's rule: each row is re-planned under it. Default `rule`. */
  readonly rule?: string | undefined;
  /** `text` data category, or null when the table has none. Default `category`. */
  readonly category?: string | null | undefined;
  /** `timestamptz` collection instant (trigger `collected`). Default `collected_at`. */
  readonly collectedAt?: string | undefined;
  /** `timestamptz` last activity (trigger `last-activity`), or null when there is none. Default null. */
  readonly lastActivityAt?: string | null | undefined;
  /** `timestamptz` column of each event a rule's trigger names (`{ 'contract-ended': 'ended_at' }`). */
  readonly events?: Readonly<Record<string, string>> | undefined;
}

/** Options of {@link compileDueAtSql}. */
export interface DueAtSqlOptions {
  /** The table. Lower-case letters, digits and `_`. */
  readonly table: string;
  /** Its schema; default the connection's `search_path`. */
  readonly schema?: string | undefined;
  /** Its columns. */
  readonly columns?: DueAtSqlColumns | undefined;
}

/** One statement of a compiled policy. */
export interface DueAtStatement {
  /** The rule whose rows it re-plans, or null for the statement that clears unmatched rows. */
  readonly rule: string | null;
  /** SQL text with `$1`, `$2`, … placeholders. */
  readonly text: string;
  /** The parameters, in order. */
  readonly params: unknown[];
}

const OPTION_KEYS = ['table', 'schema', 'columns'] as const;
const COLUMN_KEYS = ['dueAt', 'rule', 'category', 'collectedAt', 'lastActivityAt', 'events'] as const;

/** The years over which a zone's offset changes are checked. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;
const DAY_MS = 86_400_000;

interface ZoneShape {
  /** Two offset changes less than three days apart (the day-before/day-after offsets miss one). */
  readonly closeChanges: boolean;
  /**
   * The dates whose midnight lies strictly inside a gap (`YYYY-MM-DD`): there `startOfDay` is
   * the end of the gap and the `compatible` reading of 00:00 is later. A gap that ends at
   * midnight leaves the midnight in place and is not listed.
   */
  readonly crossedMidnights: readonly Temporal.PlainDate[];
  /** A gap that starts at a local midnight (the start of such a day is not at 00:00). */
  readonly gapAtMidnight: boolean;
  /** No offset change at all: `timestamp AT TIME ZONE zone` is exact. */
  readonly fixed: boolean;
}

const zoneShapes = new Map<string, ZoneShape>();

/** The offset changes of `zone` between 1900 and 2100, as the compiler needs them. */
function zoneShape(zone: string): ZoneShape {
  const known = zoneShapes.get(zone);
  if (known !== undefined) return known;
  const end = Date.UTC(LAST_YEAR, 0, 1);
  let at = Temporal.Instant.fromEpochMilliseconds(Date.UTC(FIRST_YEAR, 0, 1)).toZonedDateTimeISO(zone);
  let previous = Number.NEGATIVE_INFINITY;
  let count = 0;
  const crossedMidnights: Temporal.PlainDate[] = [];
  const shape = { closeChanges: false, crossedMidnights, gapAtMidnight: false, fixed: false };
  for (;;) {
    const next = at.getTimeZoneTransition('next');
    if (next === null || next.epochMilliseconds > end) break;
    count++;
    const ms = next.epochMilliseconds;
    if (ms - previous < 3 * DAY_MS) shape.closeChanges = true;
    previous = ms;
    const before = next.subtract({ nanoseconds: 1 });
    const gap = next.offsetNanoseconds - before.offsetNanoseconds;
    if (gap > 0) {
      // The skipped wall times run from `start` up to, not including, `first`.
      const start = before.toPlainDateTime().add({ nanoseconds: 1 });
      const first = next.toPlainDateTime();
      if (start.equals(start.toPlainDate().toPlainDateTime())) shape.gapAtMidnight = true;
      // Every midnight after `start` and before `first` is skipped; `first` itself exists.
      for (let day = start.toPlainDate().add({ days: 1 }); ; day = day.add({ days: 1 })) {
        if (Temporal.PlainDateTime.compare(day.toPlainDateTime(), first) >= 0) break;
        crossedMidnights.push(day);
      }
    }
    at = next;
  }
  shape.fixed = count === 0 && Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone).offset === 'Z';
  zoneShapes.set(zone, shape);
  return shape;
}

/** SQL text with its parameters, built left to right. */
class Builder {
  readonly params: unknown[] = [];
  readonly #zone: string;
  #zoneParam: string | undefined;
  constructor(zone: string) {
    this.#zone = zone;
  }
  /** The zone's parameter, added where it is first used (PostgreSQL refuses a parameter it never sees). */
  get zone(): string {
    this.#zoneParam ??= this.param(this.#zone, 'text');
    return this.#zoneParam;
  }
  param(value: unknown, cast: string): string {
    this.params.push(value);
    return `$${this.params.length}::${cast}`;
  }
}

/** The wall time of an instant in the zone. */
const local = (b: Builder, instant: string) => `((${instant}) AT TIME ZONE ${b.zone})`;

/**
 * The instant of a wall time `wall` (a `timestamp`) with Temporal's `compatible`
 * disambiguation: in a fold the earlier instant, in a gap the wall time read with the offset
 * before the change.
 */
function instantOf(b: Builder, wall: string, shape: ZoneShape): string {
  if (shape.fixed) return `((${wall}) AT TIME ZONE 'UTC')`;
  const off = (i: string) => `(((${i}) AT TIME ZONE ${b.zone}) - ((${i}) AT TIME ZONE 'UTC'))`;
  const valid = (c: string) => `CASE WHEN (${c}) AT TIME ZONE ${b.zone} = z.l THEN ${c} END`;
  return (
    `(SELECT CASE WHEN z.ob = z.oa THEN z.u - z.ob ` +
    `ELSE COALESCE(LEAST(${valid('z.u - z.ob')}, ${valid('z.u - z.oa')}), z.u - z.ob) END ` +
    `FROM (SELECT y.l, y.u, ${off("y.u - interval '24 hours'")} AS ob, ${off("y.u + interval '24 hours'")} AS oa ` +
    `FROM (SELECT x.l, x.l AT TIME ZONE 'UTC' AS u FROM (SELECT (${wall})::timestamp AS l OFFSET 0) x OFFSET 0) y ` +
    `OFFSET 0) z)`
  );
}

/** A period's date part and clock part, as intervals (null when the part is zero). */
function parts(b: Builder, period: CompiledPeriod): { date: string | null; clock: string | null } {
  const d = period.duration;
  const months = d.years * 12 + d.months;
  const days = d.weeks * 7 + d.days;
  const date =
    months === 0 && days === 0
      ? null
      : `make_interval(months => ${b.param(months, 'int')}, days => ${b.param(days, 'int')})`;
  // Hours up to 10,000 years fit an int; the interval's clock field is exact microseconds.
  const clock =
    d.hours === 0 && d.minutes === 0 && d.seconds === 0
      ? null
      : `make_interval(hours => ${b.param(d.hours, 'int')}, mins => ${b.param(d.minutes, 'int')}, ` +
        `secs => ${b.param(d.seconds, 'int')})`;
  return { date, clock };
}

/** The SQL of `addPeriod(trigger, period, zone, anchor)`. */
function periodEnd(b: Builder, trigger: string, period: CompiledPeriod, c: CompiledRule, shape: ZoneShape): string {
  const { date, clock } = parts(b, period);
  const withClock = (instant: string) => (clock === null ? instant : `(${instant} + ${clock})`);
  if (c.anchor === 'none') {
    if (date === null) return withClock(trigger);
    return withClock(instantOf(b, `${local(b, trigger)} + ${date}`, shape));
  }
  // The wall time the period starts at, and the instant.
  let startWall: string;
  let startInstant: string;
  if (c.anchor === 'end-of-month' || c.anchor === 'end-of-year') {
    const unit = c.anchor === 'end-of-month' ? 'month' : 'year';
    const midnight = `(date_trunc('${unit}', ${local(b, trigger)}) + interval '1 ${unit}')`;
    startInstant = instantOf(b, midnight, shape);
    // Where a gap starts at midnight, the day starts later on the clock (00:00 does not exist).
    startWall = shape.gapAtMidnight ? local(b, startInstant) : midnight;
  } else {
    startWall = local(b, trigger);
    startInstant = trigger;
  }
  if (c.anchor !== 'next-day') {
    return date === null ? withClock(startInstant) : withClock(instantOf(b, `${startWall} + ${date}`, shape));
  }
  // next-day: the start of the day after the day the period ends on: the local date of the end
  // instant, not of the end's wall time (a wall time in a gap is read past the gap, which can be
  // the next date: Berlin's 1916-04-30 23:30 is 1916-05-01 00:30).
  const end = date === null ? withClock(startInstant) : withClock(instantOf(b, `${startWall} + ${date}`, shape));
  return instantOf(b, `date_trunc('day', ${local(b, end)}) + interval '1 day'`, shape);
}

function refuse(c: CompiledRule, why: string): never {
  throw raise('NOT_COMPILABLE', `rules.${c.rule.id}`, `rule "${c.rule.id}" cannot be compiled into SQL: ${why}`);
}

/**
 * Compiles a policy into SQL that re-plans a table inside PostgreSQL: one `UPDATE` per rule that
 * sets `due_at` of the rows whose `rule` column names it (and whose category is the rule's) to
 * the instant the planner gives a record pinned to that rule, computed from the trigger's column
 * in the policy's time zone, with the planner's month-end clamping, DST folds and gaps, anchors
 * and ranges. A last statement clears `due_at` of rows whose rule the policy no longer has (the
 * planner's `unmatched`: never deleted). Rows whose `rule` is NULL are not touched. A row with
 * no trigger instant gets a NULL `due_at`, which the sweeper never deletes, so a `due_at` written
 * under an earlier policy never outlives a re-plan: an event trigger's NULL column is "not yet",
 * as the planner's `waiting`; a `collected` or `last-activity` rule's row with no instant
 * (which the planner refuses) is kept until its instant is known.
 *
 * Run the statements in one transaction. The answers equal the planner's when PostgreSQL's time
 * zone database and the JavaScript runtime's agree.
 *
 * @param policy - the policy.
 * @param options - the table and its columns.
 * @returns the statements, one per rule, then the one for unmatched rows.
 * @throws {@link RetentionError} `NOT_COMPILABLE` naming the rule the SQL could not compute exactly
 *   (an event with no column, `last-activity` with no column, a category with several rules
 *   that apply together, a time zone whose offset changes the compiler does not follow for the
 *   rule's anchor).
 * @throws {@link RetentionError} `UNKNOWN_KEY` or `INVALID_OPTIONS` for a misspelt option or a
 *   name that is not a lower-case identifier.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { definePolicy } from '@privkit/retention';
 * import { compileDueAtSql } from '@privkit/retention/postgres';
 *
 * const policy = definePolicy({
 *   timeZone: 'Europe/Berlin',
 *   rules: [
 *     { id: 'logs', category: 'log', purpose: 'operations', period: 'P1M' },
 *     { id: 'invoices', category: 'invoice', purpose: 'tax', period: 'P10Y', anchor: 'end-of-year' },
 *   ],
 * });
 * const statements = compileDueAtSql(policy, { table: 'records', columns: { collectedAt: 'created_at' } });
 * const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'] });
 * const client = await pool.connect();
 * try {
 *   await client.query('BEGIN');
 *   for (const { text, params } of statements) await client.query(text, params);
 *   await client.query('COMMIT');
 * } catch (error) {
 *   await client.query('ROLLBACK');
 *   throw error;
 * } finally {
 *   client.release();
 * }
 * ```
 */
export function compileDueAtSql(policy: RetentionPolicy, options: DueAtSqlOptions): DueAtStatement[] {
  const o = plainObject(options, 'options', raise);
  knownKeys(o, OPTION_KEYS, 'options', raise);
  const schema =
    own(o, 'schema') === undefined ? undefined : requireIdentifier(own(o, 'schema'), 'options.schema', raiseShared);
  const tableName = requireIdentifier(own(o, 'table'), 'options.table', raiseShared);
  const table = schema === undefined ? `"${tableName}"` : `"${schema}"."${tableName}"`;
  const columns = own(o, 'columns') === undefined ? {} : plainObject(own(o, 'columns'), 'options.columns', raise);
  knownKeys(columns, COLUMN_KEYS, 'options.columns', raise);
  const column = (key: string, fallback: string | null): string | null => {
    const value = own(columns, key);
    if (value === null) return null;
    if (value === undefined) return fallback === null ? null : `"${fallback}"`;
    return `"${requireIdentifier(value, `options.columns.${key}`, raiseShared)}"`;
  };
  const due = column('dueAt', 'due_at') as string;
  const ruleColumn = column('rule', 'rule') as string;
  const category = column('category', 'category');
  const collected = column('collectedAt', 'collected_at');
  const lastActivity = column('lastActivityAt', null);
  const eventsInput = own(columns, 'events');
  const events = new Map<string, string>();
  if (eventsInput !== undefined) {
    const object = plainObject(eventsInput, 'options.columns.events', raise);
    for (const name of Object.keys(object)) {
      const path = `options.columns.events[${JSON.stringify(name.slice(0, 40))}]`;
      events.set(name, `"${requireIdentifier(own(object, name), path, raiseShared)}"`);
    }
  }
  const shape = zoneShape(policy.timeZone);
  const statements: DueAtStatement[] = [];
  const ids: string[] = [];
  const categories: string[] = [];
  for (const rule of policy.rules) {
    const c = policy.compiledRule(rule.id) as CompiledRule;
    if (shape.closeChanges)
      refuse(
        c,
        `time zone ${policy.timeZone} changes offset twice within three days between ${FIRST_YEAR} and ${LAST_YEAR}`,
      );
    const crossed = shape.crossedMidnights.find((day) =>
      c.anchor === 'next-day'
        ? true
        : c.anchor === 'end-of-month'
          ? day.day === 1
          : c.anchor === 'end-of-year' && day.day === 1 && day.month === 1,
    );
    if (crossed !== undefined)
      refuse(
        c,
        `time zone ${policy.timeZone} skips the midnight of ${crossed.toString()} inside a gap, ` +
          `where the start of the day is not the reading of 00:00`,
      );
    if (c.rule.exceptionTo === undefined && (policy.categoryRules(c.rule.category)?.base.length ?? 0) > 1)
      refuse(c, `category "${c.rule.category}" has several rules that apply together; give each a purpose`);
    let trigger: string;
    if (c.trigger.type === 'event') {
      const name = c.trigger.event;
      const eventColumn = events.get(name);
      if (eventColumn === undefined) refuse(c, 'its trigger event has no column in options.columns.events');
      trigger = eventColumn;
    } else if (c.trigger.type === 'last-activity') {
      if (lastActivity === null) refuse(c, 'its trigger last-activity has no column in options.columns.lastActivityAt');
      if (collected === null) refuse(c, 'a record without last activity counts from options.columns.collectedAt');
      trigger = `COALESCE(${lastActivity}, ${collected})`;
    } else {
      if (collected === null) refuse(c, 'its trigger collected has no column in options.columns.collectedAt');
      trigger = collected;
    }
    const b = new Builder(policy.timeZone);
    const earliest = periodEnd(b, trigger, c.min, c, shape);
    const value =
      c.max === c.min || policy.deleteAt === 'earliest'
        ? earliest
        : `GREATEST(${earliest}, ${periodEnd(b, trigger, c.max, c, shape)})`;
    const where = [`${ruleColumn} = ${b.param(c.rule.id, 'text')}`];
    if (category !== null) where.push(`${category} = ${b.param(c.rule.category, 'text')}`);
    statements.push({
      rule: c.rule.id,
      text: `UPDATE ${table} SET ${due} = ${value} WHERE ${where.join(' AND ')}`,
      params: b.params,
    });
    ids.push(c.rule.id);
    categories.push(c.rule.category);
  }
  const matched =
    category === null
      ? `${ruleColumn} = ANY($1::text[])`
      : `EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS p(r, c) ` +
        `WHERE p.r = ${ruleColumn} AND p.c = ${category})`;
  statements.push({
    rule: null,
    text: `UPDATE ${table} SET ${due} = NULL WHERE ${due} IS NOT NULL AND ${ruleColumn} IS NOT NULL AND NOT ${matched}`,
    params: category === null ? [ids] : [ids, categories],
  });
  return statements;
}
