/**
 * @module
 * The one way every function that takes "an address, or text that `parseIp` accepts" reads it,
 * so a number, `null` or a look-alike object is an `IpError` (`INVALID_ARGUMENT`) everywhere,
 * never the engine's own `TypeError` from deep inside.
 */

import { bytesOf, type IpAddress, isIpAddress } from '../address.js';
import { IpError } from '../errors.js';
import { parseIp } from '../parse.js';

/** `ip` as an address: parsed strictly when text, as it is when an `IpAddress`. */
export function addressOf(ip: unknown, path = 'ip'): IpAddress {
  if (typeof ip === 'string') return parseIp(ip, path === 'ip' ? undefined : { path });
  if (isIpAddress(ip)) return ip;
  throw new IpError('INVALID_ARGUMENT', `"${path}" must be an address string or an IpAddress`, { path });
}

/** The bytes of `ip` (not a copy: callers must not change them). */
export function addressBytes(ip: unknown, path = 'ip'): Uint8Array {
  return bytesOf(addressOf(ip, path));
}
