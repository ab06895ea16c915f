/**
 * @module
 * The options of one sweep, checked: shared by the sweeper and the schedule (which passes them to
 * every sweep it starts), in a module of its own so that the schedule entry does not carry the
 * sweeper.
 */

import { boolean, integerInRange, strictOptions } from '@privkit/internal/check';
import { type InstantInput, requireInstant } from '@privkit/internal/instant';
import { raise } from './errors.js';
import type { DeletionLogEntry } from './log/entry.js';

/** Options of one sweep. */
export interface SweepOptions {
  /** Count what would be deleted, per rule, and delete nothing. */
  readonly dryRun?: boolean | undefined;
  /** The instant rows must be due by; default the clock at the start of the sweep. */
  readonly now?: InstantInput | undefined;
  /** Stop after this many batches (the rest is left for the next sweep). */
  readonly maxBatches?: number | undefined;
  /** Stops the sweep after the current batch. */
  readonly signal?: AbortSignal | undefined;
  /** Called after every committed batch. */
  readonly onBatch?: ((batch: { deleted: number; entries: readonly DeletionLogEntry[] }) => void) | undefined;
}

const SWEEP_KEYS = ['dryRun', 'now', 'maxBatches', 'signal', 'onBatch'] as const;

export const optionalFunction = (value: unknown, path: string): void => {
  if (value !== undefined && typeof value !== 'function')
    throw raise('INVALID_OPTIONS', path, `"${path}" must be a function`);
};

/** @internal The options of one sweep, checked. */
export function checkSweepOptions(value: unknown, path = 'options') {
  const o = strictOptions(value, SWEEP_KEYS, raise, path);
  const dryRun = o['dryRun'] === undefined ? false : boolean(o['dryRun'], `${path}.dryRun`, raise);
  const maxBatches =
    o['maxBatches'] === undefined
      ? undefined
      : integerInRange(o['maxBatches'], 1, Number.MAX_SAFE_INTEGER, `${path}.maxBatches`, raise);
  const signal = o['signal'] as AbortSignal | undefined;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean'))
    throw raise('INVALID_OPTIONS', `${path}.signal`, `"${path}.signal" must be an AbortSignal`);
  optionalFunction(o['onBatch'], `${path}.onBatch`);
  const now = o['now'] === undefined ? undefined : requireInstant(o['now'], `${path}.now`, raise);
  return { dryRun, maxBatches, signal, now, onBatch: o['onBatch'] as SweepOptions['onBatch'] };
}
