/**
 * @module
 * `@privkit/ip`: strict IP parsing, RFC 5952 canonical form, truncation presets,
 * IANA special-purpose classes and the client address behind trusted proxies, for privacy work.
 * Every function fails closed: input it refuses raises `IpError`, whose message never contains
 * the input.
 */

export { IpAddress, type IpFamily } from './address.js';
export { type IpCidr, parseCidr } from './cidr.js';
export { classifyIp, type IpClass, isPublicIp } from './classify.js';
export {
  type ClientIpCdn,
  type ClientIpOptions,
  clientIp,
  type HeadersLike,
  MAX_HEADER_READ,
} from './client-ip.js';
export { IpError, type IpErrorCode, type IpErrorOptions } from './errors.js';
export { type ClientIpHop, type ClientIpTrace, explainClientIp } from './explain.js';
export { type ParseIpOptions, parseIp, tryParseIp } from './parse.js';
export {
  TRUNCATION_PRESETS,
  type TruncatedNetwork,
  type TruncationPolicy,
  type TruncationPreset,
  truncateIp,
  truncateIpToNetwork,
} from './truncate.js';
export { compileTrust, type TrustPredicate, type TrustProxy, type TrustRule } from './trust.js';
