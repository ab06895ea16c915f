/**
 * @module
 * The immutable address value that every other function of `@privkit/ip` takes and returns.
 * Its bytes are private: callers get copies, so a shared address cannot be altered through a
 * reference held elsewhere (a cached parse result, say).
 */

import { IpError } from './errors.js';
import { formatBytes } from './internal/format.js';

/** The IP version: `4` or `6`. */
export type IpFamily = 4 | 6;

/** Internal accessor to an address's bytes without copying. Never exported from the package. */
export let bytesOf: (ip: IpAddress) => Uint8Array;

/** Internal constructor; `parseIp` and the truncation functions build addresses through it. */
export let createAddress: (bytes: Uint8Array, zone?: string, port?: number) => IpAddress;

/**
 * Internal brand check: whether a value is an `IpAddress` built by this copy of the package. A
 * look-alike object (`{ toBytes() {…} }`) is not, since its bytes could change under the caller.
 */
export let isIpAddress: (value: unknown) => value is IpAddress;

// Only this module builds addresses: `new IpAddress(…)` from plain JavaScript (where TypeScript's
// `private` does not reach) would otherwise make an address of unchecked bytes.
const BUILD: unique symbol = Symbol('IpAddress');

/**
 * An IPv4 or IPv6 address, as returned by `parseIp`. Immutable: its fields are read-only and
 * {@link IpAddress.toBytes} returns a copy.
 *
 * @example
 * ```ts
 * import { parseIp } from '@privkit/ip';
 *
 * const ip = parseIp('[2001:DB8:0:0:0:0:0:1]:443');
 * ip.family;     // 6
 * ip.toString(); // "2001:db8::1" (RFC 5952)
 * ip.port;       // 443
 * ```
 */
export class IpAddress {
  readonly #bytes: Uint8Array;
  readonly #zone: string | undefined;
  readonly #port: number | undefined;
  #text: string | undefined;

  static {
    bytesOf = (ip) => ip.#bytes;
    createAddress = (bytes, zone, port) => new IpAddress(BUILD, bytes, zone, port);
    isIpAddress = (value): value is IpAddress => typeof value === 'object' && value !== null && #bytes in value;
  }

  /**
   * Not for direct use: build addresses with `parseIp` or `tryParseIp`.
   * @internal
   */
  private constructor(build: typeof BUILD, bytes: Uint8Array, zone?: string, port?: number) {
    if (build !== BUILD)
      throw new IpError('INVALID_ARGUMENT', 'an IpAddress is built by parseIp or tryParseIp, not with new');
    this.#bytes = bytes;
    this.#zone = zone;
    this.#port = port;
  }

  /** `4` for IPv4, `6` for IPv6 (including IPv4-mapped IPv6, which stays IPv6 here). */
  get family(): IpFamily {
    return this.#bytes.length === 4 ? 4 : 6;
  }

  /** The RFC 4007 zone (`eth0` in `fe80::1%eth0`), if one was given; never part of {@link IpAddress.toString}. */
  get zone(): string | undefined {
    return this.#zone;
  }

  /** The port, if the text had one (`[::1]:443`, `192.0.2.1:80`); never part of {@link IpAddress.toString}. */
  get port(): number | undefined {
    return this.#port;
  }

  /**
   * A copy of the address in network byte order: 4 bytes for IPv4, 16 for IPv6.
   * @returns a new `Uint8Array` the caller may modify.
   * @example
   * ```ts
   * import { parseIp } from '@privkit/ip';
   * parseIp('192.0.2.1').toBytes(); // Uint8Array [192, 0, 2, 1]
   * ```
   */
  toBytes(): Uint8Array {
    return this.#bytes.slice();
  }

  /**
   * The canonical text: dotted quad for IPv4, RFC 5952 for IPv6 (lower case, leading zeros
   * dropped, the longest run of two or more zero groups shortened to `::`, mapped IPv4 as a
   * dotted quad). Zone and port are not included.
   * @returns the canonical address text.
   * @example
   * ```ts
   * import { parseIp } from '@privkit/ip';
   * parseIp('2001:0DB8:0000:0000:0001:0000:0000:0001').toString(); // "2001:db8::1:0:0:1"
   * ```
   */
  toString(): string {
    if (this.#text === undefined) this.#text = formatBytes(this.#bytes);
    return this.#text;
  }

  /**
   * Same as {@link IpAddress.toString}, so `JSON.stringify` writes the canonical text.
   * @returns the canonical address text.
   * @example
   * ```ts
   * import { parseIp } from '@privkit/ip';
   * JSON.stringify({ ip: parseIp('::FFFF:192.0.2.1') }); // '{"ip":"::ffff:192.0.2.1"}'
   * ```
   */
  toJSON(): string {
    return this.toString();
  }

  /**
   * Whether two addresses are the same address (family and bytes; zone and port ignored).
   * @param other - the address to compare with.
   * @returns `true` when family and every byte match.
   * @throws {@link IpError} `INVALID_ARGUMENT` when "other" is not an `IpAddress`.
   * @example
   * ```ts
   * import { parseIp } from '@privkit/ip';
   * parseIp('2001:db8::1').equals(parseIp('[2001:DB8:0::1]:80')); // true
   * ```
   */
  equals(other: IpAddress): boolean {
    if (!isIpAddress(other)) {
      throw new IpError('INVALID_ARGUMENT', '"other" must be an IpAddress', { path: 'other' });
    }
    const a = this.#bytes;
    const b = other.#bytes;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
}
