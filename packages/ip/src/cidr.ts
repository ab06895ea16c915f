/**
 * @module
 * CIDR blocks (`10.0.0.0/8`, `2001:db8::/32`) for configuration such as the trusted-proxy list
 * of `clientIp`. Parsed with the same strict rules as `parseIp`, once, at start-up, so a typo
 * fails when the server starts rather than on a request.
 */

import { bytesOf, createAddress, type IpAddress } from './address.js';
import { IpError } from './errors.js';
import { addressBytes } from './internal/input.js';
import { hasPrefix, isIpv4Mapped, maskBytes } from './internal/prefix.js';
import { addressError, type ParseIpOptions, parseIp, pathOption } from './parse.js';

/**
 * A parsed CIDR block: a network address and a prefix length.
 *
 * @example
 * ```ts
 * import { parseCidr, type IpCidr } from '@privkit/ip';
 * const block: IpCidr = parseCidr('192.168.0.0/16');
 * block.contains('192.168.4.2'); // true
 * ```
 */
export interface IpCidr {
  /** The network address, host bits zero. */
  readonly address: IpAddress;
  /** The number of leading bits that define the block. */
  readonly prefixLength: number;
  /**
   * Whether an address lies in the block. An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, as a
   * dual-stack socket reports IPv4 clients) is tested as the IPv4 address inside it.
   * @param ip - an address, or text that `parseIp` accepts.
   * @returns `true` when the address is in the block.
   * @throws {@link IpError} with the parse code when "ip" is text that is not an address;
   *   `INVALID_ARGUMENT` when it is neither text nor an `IpAddress`.
   */
  contains(ip: IpAddress | string): boolean;
  /** The block as text, `address/prefixLength`. */
  toString(): string;
}

/**
 * Parses a CIDR block. Host bits set after the prefix are cleared (`10.1.2.3/8` is
 * `10.0.0.0/8`), as in most configuration parsers; a bare address is not a block.
 *
 * @param text - `address/length`: a strict address (no brackets, zone or port) and a decimal
 *   length without leading zeros, 0–32 for IPv4 or 0–128 for IPv6.
 * @param options - `path`: where the text came from, cited in errors (default `"cidr"`).
 * @returns the block.
 * @throws {@link IpError} `CIDR` for a missing or bad length, a zone or a port.
 * @throws {@link IpError} with the address's own code (`IPV4_LEADING_ZERO`, …) when the part
 *   before `/` is not an address; the message never contains the text.
 * @throws {@link IpError} `INVALID_ARGUMENT` when "text" is not a string.
 * @throws {@link IpError} `INVALID_OPTIONS` when "options.path" is not a non-empty string.
 * @throws {@link IpError} `UNKNOWN_KEY` when "options" has a key other than `path`.
 * @example
 * ```ts
 * import { parseCidr } from '@privkit/ip';
 * const block = parseCidr('2001:db8::/32');
 * block.contains('2001:db8:1::5'); // true
 * block.toString();                // "2001:db8::/32"
 * ```
 */
export function parseCidr(text: string, options?: ParseIpOptions): IpCidr {
  const path = options === undefined ? 'cidr' : pathOption(options, 'cidr');
  if (typeof text !== 'string') throw new IpError('INVALID_ARGUMENT', `"${path}" must be a string`, { path });
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash), { path });
  const digits = text.slice(slash + 1);
  const max = ip.family === 4 ? 32 : 128;
  const length = Number(digits);
  if (
    slash < 0 ||
    ip.zone !== undefined ||
    ip.port !== undefined ||
    text.charCodeAt(0) === 91 ||
    !/^(0|[1-9]\d{0,2})$/.test(digits) ||
    length > max
  ) {
    throw addressError('CIDR', slash < 0 ? text.length : slash, path);
  }
  const prefix = maskBytes(bytesOf(ip), length);
  const address = createAddress(prefix);
  const text_ = `${address}/${length}`;
  return Object.freeze({
    address,
    prefixLength: length,
    contains(candidate: IpAddress | string): boolean {
      let bytes = addressBytes(candidate);
      if (prefix.length === 4 && isIpv4Mapped(bytes)) bytes = bytes.subarray(12);
      return bytes.length === prefix.length && hasPrefix(bytes, prefix, length);
    },
    toString: () => text_,
  });
}
