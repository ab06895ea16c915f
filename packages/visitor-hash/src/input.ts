/**
 * @module
 * One visitor event, checked on the hot path: the keys (an unknown one, such as `userAgnet` or
 * `time`, is refused rather than silently dropped), the types, the tenant's length, the address
 * (strictly, by `@privkit/ip`) and the instant (strictly, by `@privkit/internal/instant`), then the
 * address reduced to its configured prefix in a scratch buffer. Values are read as own
 * properties only. Nothing here allocates for a well-formed event but the parsed address.
 */

import { joinPath, quoteKey } from '@privkit/internal/check';
import { type InstantInput, requireInstant } from '@privkit/internal/instant';
import { IpAddress, parseIp } from '@privkit/ip';
import { MAX_TENANT_BYTES } from './construction.js';
import { raise, VisitorHashError } from './errors.js';
import { utf8 } from './internal/encode.js';

/** One visitor event to identify. */
export interface VisitorInput {
  /** The site or customer the event belongs to; ids of different tenants never match. */
  tenant: string;
  /** The client address, as text (strict: see `@privkit/ip`) or a parsed `IpAddress`. */
  ip: string | IpAddress;
  /** The `User-Agent` header. Longer than 512 bytes of UTF-8 is capped, not rejected. */
  userAgent: string;
  /** More request entropy (`Accept-Language`, say). Capped at 256 bytes. Empty equals absent. */
  extra?: string;
  /**
   * When the event happened: a `Date`, integer epoch milliseconds, or RFC 3339 text with an
   * offset. Default: now, by the fleet's clock (the salt store's, when it keeps one).
   */
  at?: InstantInput;
  /** The visitor's IANA time zone; used only with `zonedDays({ visitorTimeZone: true })`. */
  timeZone?: string;
}

/** An event as the hasher uses it; `ip` is a scratch buffer shared by every call. */
export interface CheckedInput {
  readonly tenant: string;
  readonly userAgent: string;
  readonly extra: string;
  readonly ip: Uint8Array;
  readonly length: number;
  readonly at: number;
  readonly timeZone: string | undefined;
}

const KEYS = 'tenant, ip, userAgent, extra, at, timeZone';
const ipScratch = new Uint8Array(16);

function wrongType(field: string, what: string): VisitorHashError {
  return new VisitorHashError('INVALID_ARGUMENT', `"input.${field}" must be ${what}`, { path: `input.${field}` });
}

function own(input: object, key: string): unknown {
  return Object.hasOwn(input, key) ? (input as Record<string, unknown>)[key] : undefined;
}

// A for-in loop over the keys, not `Object.getOwnPropertyNames`: it allocates nothing for an
// object literal, and an id is a few hundred nanoseconds.
function checkKeys(input: object): void {
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    switch (key) {
      case 'tenant':
      case 'ip':
      case 'userAgent':
      case 'extra':
      case 'at':
      case 'timeZone':
        continue;
      default:
        throw new VisitorHashError('UNKNOWN_KEY', `unknown key ${quoteKey(key)} at input; expected one of: ${KEYS}`, {
          path: joinPath('input', key),
        });
    }
  }
}

/**
 * Checks one event. `now` is the fleet's clock, the default of `at`.
 *
 * @throws {@link VisitorHashError} for every rejected field, naming it and never its value.
 */
export function checkInput(input: VisitorInput, ipv4Prefix: number, ipv6Prefix: number, now: number): CheckedInput {
  if (typeof input !== 'object' || input === null) {
    throw new VisitorHashError('INVALID_ARGUMENT', '"input" must be an object', { path: 'input' });
  }
  checkKeys(input);
  const tenant = own(input, 'tenant');
  const userAgent = own(input, 'userAgent');
  const extra = own(input, 'extra') ?? '';
  const at = own(input, 'at');
  const timeZone = own(input, 'timeZone');
  const ip = own(input, 'ip');
  if (typeof tenant !== 'string') throw wrongType('tenant', 'a string');
  if (tenant.length === 0) {
    throw new VisitorHashError('MISSING_TENANT', '"input.tenant" must not be empty', { path: 'input.tenant' });
  }
  // A UTF-16 code unit is at most 3 bytes of UTF-8: only long tenants need encoding to measure.
  if (tenant.length > MAX_TENANT_BYTES / 3 && utf8(tenant).length > MAX_TENANT_BYTES) {
    throw new VisitorHashError('TENANT_TOO_LONG', `"input.tenant" must be at most ${MAX_TENANT_BYTES} bytes of UTF-8`, {
      path: 'input.tenant',
    });
  }
  if (typeof userAgent !== 'string') throw wrongType('userAgent', 'a string');
  if (userAgent.length === 0) {
    throw new VisitorHashError('EMPTY_USER_AGENT', '"input.userAgent" must not be empty', { path: 'input.userAgent' });
  }
  if (typeof extra !== 'string') throw wrongType('extra', 'a string');
  if (timeZone !== undefined && typeof timeZone !== 'string') throw wrongType('timeZone', 'a string');
  const time = at === undefined ? now : requireInstant(at, 'input.at', raise);

  let address: IpAddress;
  if (ip instanceof IpAddress) address = ip;
  else if (typeof ip === 'string') {
    try {
      address = parseIp(ip, { path: 'input.ip' });
    } catch (error) {
      // @privkit/ip's message names the reason and the position, never the address.
      const reason = error instanceof Error ? error.message : '"input.ip" is not an IP address';
      throw new VisitorHashError('INVALID_IP', reason, { path: 'input.ip', cause: error });
    }
  } else throw wrongType('ip', 'a string or an IpAddress');

  const bytes = address.toBytes();
  let length = bytes.length;
  let source = bytes;
  let prefix = ipv6Prefix;
  // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d is the IPv4 client a.b.c.d on a dual-stack socket.
  if (length === 16 && isMapped(bytes)) {
    source = bytes.subarray(12);
    length = 4;
  }
  if (length === 4) prefix = ipv4Prefix;
  for (let i = 0; i < length; i++) {
    const keep = prefix - i * 8;
    const mask = keep >= 8 ? 0xff : keep <= 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    ipScratch[i] = (source[i] as number) & mask;
  }
  return { tenant, userAgent, extra, ip: ipScratch, length, at: time, timeZone };
}

function isMapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}
