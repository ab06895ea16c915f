/**
 * @module
 * `@privkit/retention/schedule`: run sweeps on a cron expression (through `croner`, an optional
 * peer dependency, imported only here so the planner stays light) or at a fixed interval. A tick
 * that arrives while the previous sweep still runs is skipped and reported (overrun
 * protection), and `stop()` lets the current batch commit, then resolves.
 */

import { Cron } from 'croner';
import { RetentionError } from './errors.js';
import type { Sweeper, SweepOptions, SweepReport } from './sweeper.js';

/** Options of {@link scheduleSweeps}: exactly one of `cron` and `every`. */
export interface ScheduleOptions {
  /** A cron expression (5 fields, or 6 with seconds), such as `"15 3 * * *"`: 03:15 every day. */
  cron?: string | undefined;
  /** Or an interval in milliseconds (at least 1,000). */
  every?: number | undefined;
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

/**
 * Runs `sweeper.sweep()` on a schedule.
 *
 * @param sweeper - the sweeper.
 * @param options - `cron` or `every`, the zone, callbacks.
 * @returns the running schedule.
 * @throws RetentionError `INVALID_OPTIONS` without exactly one of `cron` and `every`, or for a bad expression.
 * @example
 * ```ts
 * import { createSweeper } from '@privkit/retention';
 * import { scheduleSweeps } from '@privkit/retention/schedule';
 *
 * const schedule = scheduleSweeps(createSweeper({ store, tenant: 'acme', key }), {
 *   cron: '15 3 * * *',
 *   timeZone: 'Europe/Brussels',
 *   onSweep: (report) => console.log(`deleted ${report.deleted}`),
 * });
 * process.on('SIGTERM', () => schedule.stop().then(() => process.exit(0)));
 * ```
 */
export function scheduleSweeps(sweeper: Sweeper, options: ScheduleOptions): ScheduledSweeps {
  if (typeof sweeper?.sweep !== 'function') throw new RetentionError('INVALID_OPTIONS', '"sweeper" must be a Sweeper');
  const hasCron = options.cron !== undefined;
  const hasEvery = options.every !== undefined;
  if (hasCron === hasEvery) throw new RetentionError('INVALID_OPTIONS', 'give exactly one of "cron" and "every"');
  if (hasEvery && !(Number.isFinite(options.every) && (options.every as number) >= 1000)) {
    throw new RetentionError('INVALID_OPTIONS', '"every" must be a number of milliseconds, at least 1000');
  }
  const onError =
    options.onError ??
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
      options.onOverrun?.();
      return Promise.resolve(null);
    }
    controller = new AbortController();
    current = sweeper
      .sweep({ ...options.sweep, signal: controller.signal })
      .then(
        (report) => {
          options.onSweep?.(report);
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
      cron = new Cron(options.cron as string, { timezone: options.timeZone ?? 'UTC' }, () => {
        void run();
      });
    } catch {
      throw new RetentionError(
        'INVALID_OPTIONS',
        '"cron" is not a valid cron expression (or "timeZone" is not a time zone)',
      );
    }
  } else {
    timer = setInterval(() => void run(), options.every);
  }
  if (options.immediately === true) void run();

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
