/**
 * @module
 * `@privkit/retention/schedule`: run sweeps on a cron expression (through `croner`, an optional
 * peer dependency, imported only here so the planner stays light) or at a fixed interval. A tick
 * that arrives while the previous sweep still runs is skipped and reported (overrun
 * protection), and `stop()` lets the current batch commit, then resolves.
 */

import { boolean, nonEmptyString, strictOptions } from '@privkit/internal/check';
import { clockMilliseconds, requireDuration } from '@privkit/internal/duration';
import { Cron } from 'croner';

export { RetentionError } from './errors.js';

import { RetentionError, raise } from './errors.js';
import { requireTimeZone } from './internal/time-zone.js';
import { checkSweepOptions, type SweepOptions } from './sweep-options.js';
import type { Sweeper, SweepReport } from './sweeper.js';

/** Options of {@link scheduleSweeps}: exactly one of `cron` and `every`. */
export interface ScheduleOptions {
  /** A cron expression (5 fields, or 6 with seconds), such as `"15 3 * * *"`: 03:15 every day. */
  cron?: string | undefined;
  /** Or an interval: an ISO 8601 duration in hours, minutes and seconds, at least `PT1S` (`PT15M`, `PT1H`). */
  every?: string | undefined;
  /** The cron expression's time zone; default UTC. */
  timeZone?: string | undefined;
  /** Options passed to every sweep (dry run, max batches). */
  sweep?: Omit<SweepOptions, 'signal'> | undefined;
  /** Also sweep once right away. */
  immediately?: boolean | undefined;
  /** Called with each finished sweep's report. */
  onSweep?: ((report: SweepReport) => void) | undefined;
  /** Called when a sweep fails; the schedule keeps running. Default: `console.error` of the code. */
  onError?: ((error: unknown) => void) | undefined;
  /** Called when a tick is skipped because the previous sweep is still running. */
  onOverrun?: (() => void) | undefined;
}

/** A running schedule. */
export interface ScheduledSweeps {
  /** Whether a sweep is running now. */
  readonly busy: boolean;
  /** Sweeps finished (successfully or not). */
  readonly runs: number;
  /** Ticks skipped because a sweep was still running. */
  readonly overruns: number;
  /** The next planned start, or null when stopped. */
  nextRun(): Date | null;
  /** Runs a sweep now unless one is running (then resolves null). */
  trigger(): Promise<SweepReport | null>;
  /** Stops scheduling; the running sweep finishes its current batch and stops. Resolves when it has. */
  stop(): Promise<void>;
}

// Intl rather than Temporal: this entry stays small, and croner reads the zone through Intl too.
function knownTimeZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || zone === '') return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const SCHEDULE_KEYS = ['cron', 'every', 'timeZone', 'sweep', 'immediately', 'onSweep', 'onError', 'onOverrun'] as const;

/**
 * Runs `sweeper.sweep()` on a schedule.
 *
 * @param sweeper - the sweeper.
 * @param options - `cron` or `every`, the zone, callbacks.
 * @returns the running schedule.
 * @throws {@link RetentionError} `UNKNOWN_KEY` when an option is misspelt.
 * @throws {@link RetentionError} `INVALID_OPTIONS` without exactly one of `cron` and `every`, or for a
 *   bad cron expression.
 * @throws {@link RetentionError} `INVALID_TIME_ZONE` when `timeZone` is not an IANA time zone.
 * @throws {@link RetentionError} `INVALID_DURATION` when `every` is not a duration of hours, minutes
 *   and seconds of at least PT1S.
 * @example
 * ```ts
 * import { createSweeper, definePolicy } from '@privkit/retention';
 * import { createMemoryStore } from '@privkit/retention/memory';
 * import { scheduleSweeps } from '@privkit/retention/schedule';
 *
 * const policy = definePolicy({ rules: [{ id: 'logs', category: 'log', purpose: 'operations', period: 'P30D' }] });
 * const store = createMemoryStore({ policy });
 * const key = new Uint8Array(32); // load the tenant's 32 random bytes from your secret store
 * const schedule = scheduleSweeps(createSweeper({ store, tenant: 'acme', key }), {
 *   cron: '15 3 * * *',
 *   timeZone: 'Europe/Brussels',
 *   onSweep: (report) => console.log(`deleted ${report.deleted}`),
 * });
 * process.on('SIGTERM', () => schedule.stop().then(() => process.exit(0)));
 * ```
 */
export function scheduleSweeps(sweeper: Sweeper, options: ScheduleOptions): ScheduledSweeps {
  if (typeof sweeper !== 'object' || sweeper === null || typeof sweeper.sweep !== 'function')
    throw raise('INVALID_ARGUMENT', 'sweeper', '"sweeper" must be a Sweeper');
  if (options === undefined)
    throw raise('INVALID_OPTIONS', 'options', 'give exactly one of "options.cron" and "options.every"');
  const o = strictOptions(options, SCHEDULE_KEYS, raise);
  const hasCron = o['cron'] !== undefined;
  const hasEvery = o['every'] !== undefined;
  if (hasCron === hasEvery)
    throw raise('INVALID_OPTIONS', 'options', 'give exactly one of "options.cron" and "options.every"');
  let everyMs = 0;
  if (hasEvery) {
    everyMs = clockMilliseconds(requireDuration(o['every'], 'options.every', raise, ['hours', 'minutes', 'seconds']));
    if (everyMs < 1000) throw raise('INVALID_DURATION', 'options.every', '"options.every" must be at least PT1S');
  }
  const cronText = hasCron ? nonEmptyString(o['cron'], 'options.cron', raise, 'INVALID_OPTIONS') : undefined;
  const zone = requireTimeZone(knownTimeZone(o['timeZone'] ?? 'UTC'), 'options.timeZone');
  const sweepOptions = o['sweep'] as ScheduleOptions['sweep'];
  if (sweepOptions !== undefined && 'signal' in (sweepOptions as object))
    throw raise(
      'UNKNOWN_KEY',
      'options.sweep.signal',
      '"options.sweep.signal" is set by the schedule; stop it with stop()',
    );
  checkSweepOptions(sweepOptions, 'options.sweep');
  const immediately = o['immediately'] === undefined ? false : boolean(o['immediately'], 'options.immediately', raise);
  for (const name of ['onSweep', 'onError', 'onOverrun'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function')
      throw raise('INVALID_OPTIONS', `options.${name}`, `"options.${name}" must be a function`);
  }
  const onSweep = o['onSweep'] as ScheduleOptions['onSweep'];
  const onOverrun = o['onOverrun'] as ScheduleOptions['onOverrun'];
  const onError =
    (o['onError'] as ScheduleOptions['onError']) ??
    ((error: unknown) =>
      console.error(`[privkit/retention] scheduled sweep failed (${(error as { code?: string })?.code ?? 'error'})`));
  let current: Promise<SweepReport | null> | undefined;
  let controller: AbortController | undefined;
  let stopped = false;
  let runs = 0;
  let overruns = 0;

  const run = (): Promise<SweepReport | null> => {
    if (stopped) return Promise.resolve(null);
    if (current !== undefined) {
      overruns++;
      onOverrun?.();
      return Promise.resolve(null);
    }
    controller = new AbortController();
    current = sweeper
      .sweep({ ...sweepOptions, signal: controller.signal })
      .then(
        (report) => {
          onSweep?.(report);
          return report;
        },
        (error: unknown) => {
          onError(error);
          return null;
        },
      )
      .finally(() => {
        runs++;
        current = undefined;
        controller = undefined;
      });
    return current;
  };

  let cron: Cron | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  if (hasCron) {
    try {
      cron = new Cron(cronText as string, { timezone: zone }, () => {
        void run();
      });
    } catch (error) {
      throw new RetentionError('INVALID_OPTIONS', '"options.cron" is not a valid cron expression', {
        path: 'options.cron',
        cause: error,
      });
    }
  } else {
    timer = setInterval(() => void run(), everyMs);
  }
  if (immediately) void run();

  return {
    get busy() {
      return current !== undefined;
    },
    get runs() {
      return runs;
    },
    get overruns() {
      return overruns;
    },
    nextRun() {
      if (stopped) return null;
      return cron?.nextRun() ?? null;
    },
    trigger: run,
    async stop() {
      stopped = true;
      cron?.stop();
      if (timer !== undefined) clearInterval(timer);
      controller?.abort();
      await current;
    },
  };
}
