/**
 * @module
 * The attribute rewriting shared by the OpenTelemetry processors: which keys of the semantic
 * conventions hold a client address or a user agent, and how one attribute record is rewritten
 * in place, captured headers off a short list deleted, and log values walked with addresses in
 * text masked. Fails closed: a value that cannot be truncated (not text, not an address, an
 * array) is deleted, and so is every sensitive key when anything unexpected is thrown.
 */

import { oneOf, own } from '@privkit/internal/check';
import { type TruncationPolicy, type TruncationPreset, truncateIp } from '@privkit/ip';
import { RequestError, raise } from '../errors.js';
import { optionError } from './options.js';

/** Keys whose value is a client or peer address, new and older semantic conventions. */
export const ADDRESS_KEYS: readonly string[] = Object.freeze([
  'client.address',
  'client.socket.address', // semantic conventions 1.21 to 1.23
  'source.address',
  'network.peer.address',
  'http.client_ip',
  'net.peer.ip',
  'net.sock.peer.addr',
]);

/** Keys whose value is the user agent's text. */
export const USER_AGENT_KEYS: readonly string[] = Object.freeze(['user_agent.original', 'http.user_agent']);

/**
 * The one list of request headers that carry a client address (lower case, `-` between words),
 * for the processors and the pino serializer. A name outside it is caught by
 * {@link ADDRESS_HEADER_NAME} as well.
 */
export const ADDRESS_HEADERS: ReadonlySet<string> = new Set([
  'x-forwarded-for',
  'forwarded',
  'forwarded-for',
  'x-forwarded',
  'x-original-forwarded-for',
  'x-vercel-forwarded-for',
  'x-real-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'cf-connecting-ipv6',
  'fastly-client-ip',
  'fly-client-ip',
  'x-appengine-user-ip',
  'x-azure-clientip',
  'x-azure-socketip',
  'x-envoy-external-address',
  'x-nf-client-connection-ip',
  'cloudfront-viewer-address',
]);

/** Header and field names that look like an address's: any other proxy's own header, `remoteAddress`, `ip`. */
const ADDRESS_HEADER_NAME = /forwarded|client|connecting|address|(^|-)(real-)?ip(v[46])?($|-)|clientip|socketip|peer/;

/** A header or field name as the lists hold it: lower case, `-` for `_`. */
const normal = (name: string): string => name.toLowerCase().replaceAll('_', '-');

/** Whether a header of this name may carry an address: never written, by either module. */
export function isAddressHeader(name: string): boolean {
  const n = normal(name);
  return ADDRESS_HEADERS.has(n) || ADDRESS_HEADER_NAME.test(n);
}

/**
 * The captured headers (`http.request.header.<name>`, `http.response.header.<name>`, `-` or `_`)
 * that are kept: every other one is deleted, whatever its name, so a proxy's header that no list
 * knows cannot carry an address out.
 */
export const CAPTURED_HEADERS_KEPT: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'cache-control',
  'content-encoding',
  'content-length',
  'content-type',
]);

/** Whether `key` is a captured header off {@link CAPTURED_HEADERS_KEPT}. */
function capturedDropped(key: string): boolean {
  const rest = key.startsWith('http.request.header.')
    ? key.slice(20)
    : key.startsWith('http.response.header.')
      ? key.slice(21)
      : undefined;
  return rest !== undefined && !CAPTURED_HEADERS_KEPT.has(normal(rest));
}

const ADDRESS = 1;
const USER_AGENT = 2;
const DROP = 3;
const KINDS = new Map<string, number>([
  ...ADDRESS_KEYS.map((key) => [key, ADDRESS] as const),
  ...USER_AGENT_KEYS.map((key) => [key, USER_AGENT] as const),
]);

/** What to do with addresses and user agents, checked once by the processors' factories. */
export interface RedactRules {
  readonly addresses: 'truncate' | 'drop';
  readonly truncate: TruncationPolicy | TruncationPreset;
  readonly userAgent: 'drop' | ((userAgent: string) => string | undefined);
}

/** A mutable attribute record as the SDKs hold it (span, event and log record attributes). */
export type AttributeRecord = Record<string, unknown>;

/** The prefix of an address attribute's value, or `undefined` when it must be deleted. */
function prefix(value: unknown, rules: RedactRules): string | undefined {
  if (rules.addresses === 'drop' || typeof value !== 'string') return undefined;
  try {
    return truncateIp(value, rules.truncate);
  } catch {
    return undefined;
  }
}

function replacement(value: unknown, rules: RedactRules): string | undefined {
  if (rules.userAgent === 'drop' || typeof value !== 'string') return undefined;
  try {
    const text = rules.userAgent(value);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The new value of a key of the conventions or a captured header; `undefined` to delete; `current` for others. */
function rewritten(key: string, current: unknown, rules: RedactRules): unknown {
  const kind = KINDS.get(key) ?? (capturedDropped(key) ? DROP : 0);
  if (kind === ADDRESS) return prefix(current, rules);
  if (kind === USER_AGENT) return replacement(current, rules);
  return kind === DROP ? undefined : current;
}

/**
 * Rewrites `attributes` in place: addresses truncated or deleted, user agents replaced or
 * deleted, captured headers off {@link CAPTURED_HEADERS_KEPT} deleted.
 */
export function redact(attributes: AttributeRecord, rules: RedactRules): void {
  try {
    for (const key of Object.keys(attributes)) {
      const current = attributes[key];
      const value = rewritten(key, current, rules);
      if (value === undefined) delete attributes[key];
      else if (value !== current) attributes[key] = value;
    }
  } catch {
    // A getter that throws or a frozen record: delete what can be deleted, keep nothing sensitive.
    clear(attributes);
  }
}

function clear(attributes: AttributeRecord): void {
  for (const key of KINDS.keys()) {
    try {
      delete attributes[key];
    } catch {
      // nothing more can be done with a record that refuses deletion
    }
  }
  try {
    for (const key of Object.keys(attributes)) if (capturedDropped(key)) delete attributes[key];
  } catch {
    // as above
  }
}

/** What replaces an address in text that cannot be truncated, or under `addresses: 'drop'`. */
export const ADDRESS_MASK = '[address]';
/**
 * Address-shaped words in text: an IPv6 form (two colons or more; kept unless it has `::` or seven
 * colons, so `12:30:45` stays), from the first hex digit before it (`host2001:db8::1` is masked
 * whole), then a dotted IPv4 quad. A version number `1.2.3.4` is read as an address too: masking
 * too much is the safe side.
 */
const IN_TEXT = /[0-9A-Fa-f]*(?::[0-9A-Fa-f.]*){2,}|(?<!\d)\d{1,3}(?:\.\d{1,3}){3}(?!\d)/g;

/** `text` with every address in it truncated, or replaced by {@link ADDRESS_MASK}. */
export function maskText(text: string, rules: RedactRules): string {
  return text.replace(IN_TEXT, (word) => {
    if (word.includes(':') && !word.includes('::') && word.split(':').length < 8) return word;
    return prefix(word, rules) ?? ADDRESS_MASK;
  });
}

/** How deep log values are walked; anything deeper is deleted. */
const DEPTH = 8;
const UA_NAMES = new Set(['user-agent', 'useragent']);

/**
 * A copy of a log value with every address truncated or masked: a key of the conventions or a
 * captured header as {@link redact} treats it, an address header deleted, an address-like field
 * (`remoteAddress`, `ip`) truncated, a user-agent field replaced or deleted, text masked with
 * {@link maskText}, objects and arrays walked. `undefined` (delete) for what cannot be walked: too
 * deep, bytes, a class instance, a function.
 */
function cleanEntry(key: string, value: unknown, rules: RedactRules, depth: number): unknown {
  if (value === undefined) return undefined;
  const current = rewritten(key, value, rules);
  if (current !== value) return current;
  const name = normal(key);
  if (UA_NAMES.has(name)) return replacement(value, rules);
  if (ADDRESS_HEADERS.has(name)) return undefined;
  if (ADDRESS_HEADER_NAME.test(name)) return prefix(value, rules);
  return clean(value, rules, depth);
}

function clean(value: unknown, rules: RedactRules, depth: number): unknown {
  if (typeof value === 'string') return maskText(value, rules);
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return value;
  }
  if (typeof value !== 'object' || depth >= DEPTH) return undefined;
  if (Array.isArray(value)) {
    return value.map((item) => clean(item, rules, depth + 1)).filter((item) => item !== undefined);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const out: AttributeRecord = {};
  for (const key of Object.keys(value)) {
    const item = cleanEntry(key, (value as AttributeRecord)[key], rules, depth + 1);
    if (item !== undefined) out[maskText(key, rules)] = item;
  }
  return out;
}

/**
 * Rewrites a log record's `attributes` in place as {@link redact} does, and walks the values:
 * nested objects and arrays are replaced by cleaned copies (the app's own objects are not
 * changed), addresses in text are masked, and a key that holds an address is deleted.
 */
export function redactLog(attributes: AttributeRecord, rules: RedactRules): void {
  let keys: string[];
  try {
    keys = Object.keys(attributes);
  } catch {
    clear(attributes);
    return;
  }
  for (const key of keys) {
    try {
      const current = attributes[key];
      const value = maskText(key, rules) === key ? cleanEntry(key, current, rules, 0) : undefined;
      if (value === undefined) delete attributes[key];
      else if (value !== current) attributes[key] = value;
    } catch {
      try {
        delete attributes[key];
      } catch {
        // a record that refuses deletion: nothing more can be done
      }
    }
  }
}

/** A log body cleaned as {@link redactLog} cleans a value: text masked, objects copied and walked. */
export function redactBody(body: unknown, rules: RedactRules): unknown {
  try {
    return clean(body, rules, 0);
  } catch {
    return undefined;
  }
}

/** The option keys of {@link redactRules}. */
export const RULE_KEYS: readonly string[] = ['addresses', 'truncate', 'userAgent'];

/** The rules from checked options (`addresses`, `truncate`, `userAgent`). */
export function redactRules(o: Record<string, unknown>): RedactRules {
  const addresses = oneOf(
    own(o, 'addresses') ?? 'truncate',
    ['truncate', 'drop'],
    'options.addresses',
    raise,
    'INVALID_OPTIONS',
  );
  const truncate = (own(o, 'truncate') ?? 'cnil') as TruncationPolicy | TruncationPreset;
  try {
    truncateIp('0.0.0.0', truncate);
  } catch (error) {
    optionError(error, 'options.truncate');
  }
  const userAgent = own(o, 'userAgent') ?? 'drop';
  if (userAgent !== 'drop' && typeof userAgent !== 'function') {
    throw new RequestError('INVALID_OPTIONS', '"options.userAgent" must be "drop" or a function', {
      path: 'options.userAgent',
    });
  }
  return { addresses, truncate, userAgent: userAgent as RedactRules['userAgent'] };
}
