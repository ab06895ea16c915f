/**
 * @module
 * The shape of a CDN range snapshot (the generated `cdn-ranges.ts` holds the data).
 */

/**
 * One provider's published ranges, as a snapshot.
 *
 * @example
 * ```ts
 * import { CDN_RANGES, type RangeSnapshot } from '@privkit/ip/cdn';
 * const fastly: RangeSnapshot = CDN_RANGES.fastly;
 * console.log(`${fastly.ipv4.length} blocks from ${fastly.source[0]}, ${fastly.retrieved}`);
 * ```
 */
export interface RangeSnapshot {
  /** Where the provider publishes the ranges. */
  readonly source: readonly string[];
  /** The day the snapshot was taken (`YYYY-MM-DD`), from which its age is counted. */
  readonly retrieved: string;
  /** Where this snapshot came from. */
  readonly snapshot: string;
  /** IPv4 CIDR blocks. */
  readonly ipv4: readonly string[];
  /** IPv6 CIDR blocks. */
  readonly ipv6: readonly string[];
}
