/**
 * @module
 * What every command shares: the streams it writes to, colour (only on a terminal, never with
 * `NO_COLOR`), the two kinds of {@link CliError} that decide the exit code (`USAGE`: 2, any other:
 * 1), and `parseArgs` with one-line usage errors.
 */

import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from '../errors.js';

/** Exit codes: 0 ok, 1 findings or failures, 2 usage. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line (`USAGE`): exit 2, with a pointer to `--help`. */
export function usage(message: string): CliError {
  return new CliError('USAGE', message);
}

/** A failure the user should see in one line (`FAILED`): exit 1. */
export function failure(message: string, cause?: unknown): CliError {
  return new CliError('FAILED', message, cause === undefined ? undefined : { cause });
}

/** The process streams a command uses, so tests and the bin share one code path. */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** Colour for a stream: on a terminal only, and never when `NO_COLOR` is set (no-color.org). */
export function colours(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv) {
  const on =
    env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0'
      ? true
      : stream.isTTY === true && (env['NO_COLOR'] === undefined || env['NO_COLOR'] === '') && env['TERM'] !== 'dumb';
  const paint = (code: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { on, red: paint(31), green: paint(32), yellow: paint(33), bold: paint(1), dim: paint(2) };
}

/**
 * `parseArgs` with strict checking; its errors (unknown option, missing value) become one-line
 * usage errors.
 */
type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
/** The parsed values of an options config (plus `help`). */
export type Values<T extends OptionsConfig> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string;
} & { help?: boolean };

export function parse<T extends OptionsConfig>(
  args: string[],
  options: T,
): { values: Values<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return parsed as unknown as { values: Values<T>; positionals: string[] };
  } catch (error) {
    throw usage(((error as Error).message.split('\n')[0] ?? 'invalid arguments').split('. ')[0] as string);
  }
}

/** A non-negative integer option, or a usage error naming it. */
export function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw usage(`--${name} must be an integer from ${min} to ${max}`);
  }
  return Number(value);
}

/** One of a fixed set of values, or a usage error naming the option and the choices. */
export function oneOf<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw usage(`--${name} must be one of ${choices.join(', ')}`);
  return value as T;
}

/** Writes text and resolves once it is flushed (or the stream is gone). */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.write(text)) stream.once('drain', resolve);
    else resolve();
  });
}
