/**
 * @module
 * The benchmarks' machine-readable output: one line per ours/peer ratio, which
 * `scripts/bench-page.mjs` turns into the docs site's benchmarks page. A bench prints its usual
 * table for people and calls {@link reportRatio} once per comparison.
 *
 * The line is `privkit-bench ` followed by one JSON object (format `privkit-bench/1`):
 * `package`, `bench` (the bench file's name), `case`, `ours` and `peer` (what ran), `unit` (of
 * the two values, higher is better: ops/s, rows/s, …), `ours_value`, `peer_value`, `ratio`
 * (ours / peer), `target` (the ratio the package aims at, or null), and the machine: `node`,
 * `platform`, `cpu`, `cores`, `at` (RFC 3339 UTC).
 */
import { arch, availableParallelism, cpus, platform } from 'node:os';

/** One comparison of a privkit function with its peer, both measured in the same process. */
export interface BenchRatio {
  /** The package measured, e.g. `@privkit/ip`. */
  readonly package: string;
  /** The bench file's name without `.bench.ts`, e.g. `parse-truncate`. */
  readonly bench: string;
  /** What is compared, e.g. `parse + truncate, mixed corpus`. */
  readonly case: string;
  /** What ran on our side, e.g. `truncateIp`. */
  readonly ours: string;
  /** What ran on the peer's side, e.g. `ipaddr.js parse + mask + toString`. */
  readonly peer: string;
  /** The unit of both values; higher is better (`addresses/s`, `rows/s`). */
  readonly unit: string;
  readonly oursValue: number;
  readonly peerValue: number;
  /** The ratio ours / peer the package aims at, if it states one. */
  readonly target?: number;
}

export const BENCH_LINE_PREFIX = 'privkit-bench ';
export const BENCH_FORMAT = 'privkit-bench/1';

/** Prints one `privkit-bench {…}` line for a comparison and returns the ratio ours / peer. */
export function reportRatio(result: BenchRatio): number {
  if (!(result.oursValue > 0) || !(result.peerValue > 0)) {
    throw new Error(`${result.package} ${result.bench} "${result.case}": both values must be positive numbers`);
  }
  const ratio = result.oursValue / result.peerValue;
  const record = {
    format: BENCH_FORMAT,
    package: result.package,
    bench: result.bench,
    case: result.case,
    ours: result.ours,
    peer: result.peer,
    unit: result.unit,
    ours_value: result.oursValue,
    peer_value: result.peerValue,
    ratio,
    target: result.target ?? null,
    node: process.version,
    platform: `${platform()}-${arch()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    at: new Date().toISOString(),
  };
  console.log(`${BENCH_LINE_PREFIX}${JSON.stringify(record)}`);
  return ratio;
}
