/**
 * @module
 * `IpError`, the one error class of `@privkit/ip`. It never carries the input: the text given
 * to `parseIp` or found in a proxy header is usually personal data (GDPR Recital 30 names IP
 * addresses as online identifiers), and error messages end up in logs and error trackers.
 */

import { errorOptions, type PrivkitErrorOptions, type RaiseError } from '@privkit/internal/errors';

/**
 * Stable machine-readable reasons for an {@link IpError}.
 *
 * Shared with every privkit package:
 * - `INVALID_ARGUMENT`: an argument has the wrong type (`parseIp(42)`, `classifyIp(null)`).
 * - `INVALID_OPTIONS`: an option has the wrong type or value (an unknown preset, a prefix
 *   length out of range, a trust rule that is neither a list, a count, a boolean nor a function).
 * - `UNKNOWN_KEY`: an options object has a key `@privkit/ip` does not know (`{ ipv4, ipv6, ipv5 }`).
 *
 * Text that is not an address (`position` says where):
 * - `EMPTY`: the text is empty.
 * - `WHITESPACE`: a space, tab or line break anywhere (including leading or trailing).
 * - `INVALID_CHARACTER`: a character that cannot appear in an address.
 * - `LIST`: several addresses (a comma-separated header value, for example).
 * - `IPV4_LEADING_ZERO`: a dotted-quad part with a leading zero (`010.0.0.1`), which many
 *   parsers read as octal.
 * - `IPV4_NON_DECIMAL`: a hexadecimal or octal part (`0x7f.0.0.1`).
 * - `IPV4_PART_COUNT`: fewer or more than four dotted parts (`127.1`, `1.2.3`).
 * - `IPV4_PART_RANGE`: a dotted part above 255.
 * - `IPV6_GROUP_COUNT`: too few or too many 16-bit groups.
 * - `IPV6_GROUP_LENGTH`: a group longer than four hexadecimal digits.
 * - `IPV6_DOUBLE_COLON`: `::` more than once, or a single leading or trailing `:`.
 * - `IPV6_EMBEDDED_IPV4`: a dotted quad in the wrong place or malformed inside an IPv6 address.
 * - `ZONE`: an empty or malformed `%zone`, or a zone on an IPv4 address.
 * - `BRACKETS`: unbalanced brackets, or brackets around an IPv4 address.
 * - `PORT`: an empty, non-decimal or out-of-range `:port`.
 * - `TOO_LONG`: longer than any valid address with zone and port can be, or a proxy header
 *   whose trusted part is longer than `clientIp` reads.
 * - `CIDR`: a CIDR block without `/`, with a zone or port, or with a prefix length that is not
 *   a decimal integer from 0 to 32 (IPv4) or 128 (IPv6).
 *
 * Proxy headers (`clientIp`):
 * - `NOT_AN_ADDRESS`: an entry that is well formed but names no address: RFC 7239's `unknown`
 *   (with or without a port) and obfuscated identifiers such as `_hidden`, or an element
 *   without `for=`.
 * - `FORWARDED_SYNTAX`: a `Forwarded` element that breaks RFC 7239 §4 (an unterminated quoted
 *   string, a parameter without `=`, a repeated parameter, a malformed port).
 */
export type IpErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_OPTIONS'
  | 'UNKNOWN_KEY'
  | 'EMPTY'
  | 'WHITESPACE'
  | 'INVALID_CHARACTER'
  | 'LIST'
  | 'IPV4_LEADING_ZERO'
  | 'IPV4_NON_DECIMAL'
  | 'IPV4_PART_COUNT'
  | 'IPV4_PART_RANGE'
  | 'IPV6_GROUP_COUNT'
  | 'IPV6_GROUP_LENGTH'
  | 'IPV6_DOUBLE_COLON'
  | 'IPV6_EMBEDDED_IPV4'
  | 'ZONE'
  | 'BRACKETS'
  | 'PORT'
  | 'TOO_LONG'
  | 'CIDR'
  | 'NOT_AN_ADDRESS'
  | 'FORWARDED_SYNTAX';

/**
 * The options of the {@link IpError} constructor: the shared `path` and `cause`, and the
 * character `position` for text that is not an address.
 *
 * @example
 * ```ts
 * import { IpError, type IpErrorOptions } from '@privkit/ip';
 * const options: IpErrorOptions = { path: 'ip', position: 0 };
 * new IpError('EMPTY', '"ip" is empty', options).position; // 0
 * ```
 */
export interface IpErrorOptions extends PrivkitErrorOptions {
  /** Zero-based index of the character where parsing failed. */
  readonly position?: number | undefined;
}

/**
 * Raised for everything `@privkit/ip` refuses: text that is not an address, a malformed proxy
 * header (when `clientIp` is told to throw), bad options and arguments of the wrong type. The
 * message names the argument or path, the reason and, for text, the zero-based character
 * position, never the input itself.
 *
 * @example
 * ```ts
 * import { parseIp, IpError } from '@privkit/ip';
 *
 * try {
 *   parseIp('0177.0.0.1');
 * } catch (error) {
 *   if (error instanceof IpError) {
 *     console.log(error.code, error.path, error.position); // "IPV4_LEADING_ZERO" "ip" 0
 *   }
 * }
 * ```
 */
export class IpError extends Error {
  /** The stable reason, for programs. */
  readonly code: IpErrorCode;
  /** Where in the input: `ip`, `policy.ipv4`, `trustProxy[2]`, `options.headers["forwarded"][-1]`. */
  readonly path: string | undefined;
  /** For text that is not an address: the zero-based index of the offending character. */
  readonly position: number | undefined;

  /**
   * @param code - the stable reason.
   * @param message - what is wrong, naming the path, never the value.
   * @param options - `path`, `cause` and, for text, `position`.
   */
  constructor(code: IpErrorCode, message: string, options?: IpErrorOptions) {
    super(message, errorOptions(options));
    this.name = 'IpError';
    this.code = code;
    this.path = options?.path;
    this.position = options?.position;
  }
}

/** The shared checks of `@privkit/internal/check` raise `IpError` through this. */
export const raise: RaiseError = (code, path, message) => new IpError(code as IpErrorCode, message, { path });
