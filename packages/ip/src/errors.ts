/**
 * @module
 * The typed error raised for input that is not an IP address. It never carries the input:
 * the text given to `parseIp` is usually personal data (GDPR Recital 30 names IP addresses as
 * online identifiers), and error messages end up in logs and error trackers.
 */

/**
 * Stable machine-readable reasons for an {@link IpParseError}.
 *
 * - `EMPTY`: the input is an empty string.
 * - `WHITESPACE`: the input contains a space, tab or line break (including leading or trailing).
 * - `INVALID_CHARACTER`: a character that cannot appear in an address.
 * - `LIST`: the input holds several addresses (a comma-separated header value, for example).
 * - `IPV4_LEADING_ZERO`: a dotted-quad part has a leading zero (`010.0.0.1`), which many
 *   parsers read as octal.
 * - `IPV4_NON_DECIMAL`: a hexadecimal or octal part (`0x7f.0.0.1`).
 * - `IPV4_PART_COUNT`: fewer or more than four dotted parts (`127.1`, `1.2.3`).
 * - `IPV4_PART_RANGE`: a dotted part above 255.
 * - `IPV6_GROUP_COUNT`: too few or too many 16-bit groups.
 * - `IPV6_GROUP_LENGTH`: a group longer than four hexadecimal digits.
 * - `IPV6_DOUBLE_COLON`: `::` appears more than once, or a single leading/trailing `:`.
 * - `IPV6_EMBEDDED_IPV4`: a dotted quad in the wrong place or malformed inside an IPv6 address.
 * - `ZONE`: an empty or malformed `%zone`, or a zone on an IPv4 address.
 * - `BRACKETS`: unbalanced brackets, or brackets around an IPv4 address.
 * - `PORT`: an empty, non-decimal or out-of-range `:port`.
 * - `TOO_LONG`: the input is longer than any valid address with zone and port can be.
 * - `CIDR`: a CIDR block without `/`, with a zone or port, or with a prefix length that is not
 *   a decimal integer from 0 to 32 (IPv4) or 128 (IPv6).
 * - `NOT_AN_ADDRESS`: a proxy header entry that is valid but names no address: RFC 7239's
 *   `unknown` and obfuscated identifiers such as `_hidden`, or an element without `for=`.
 */
export type IpParseErrorCode =
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
  | 'NOT_AN_ADDRESS';

/**
 * Raised when text is not a valid IP address. The message names the argument, the reason and
 * the zero-based character position, never the input itself.
 *
 * @example
 * ```ts
 * import { parseIp, IpParseError } from '@privkit/ip';
 *
 * try {
 *   parseIp('0177.0.0.1');
 * } catch (error) {
 *   if (error instanceof IpParseError) {
 *     console.log(error.code, error.position); // "IPV4_LEADING_ZERO" 0
 *   }
 * }
 * ```
 */
export class IpParseError extends Error {
  /** The stable reason, for programs. */
  readonly code: IpParseErrorCode;
  /** Zero-based index of the character where parsing failed. */
  readonly position: number;
  /** The name of the argument or header that held the text, as used in the message. */
  readonly argument: string;

  /**
   * @param code - the stable reason.
   * @param position - zero-based index of the offending character.
   * @param detail - what is wrong, in words, without the input.
   * @param argument - the argument or header name to cite in the message.
   */
  constructor(code: IpParseErrorCode, position: number, detail: string, argument = 'ip') {
    super(`"${argument}" is not a valid IPv4 or IPv6 address: ${detail} (character ${position})`);
    this.name = 'IpParseError';
    this.code = code;
    this.position = position;
    this.argument = argument;
  }
}
