/**
 * @module
 * One header's text from Node's header record or a WHATWG `Headers`, as `@privkit/ip` reads its
 * proxy header: own properties only (a polluted `Object.prototype` supplies nothing), names in
 * any case, repeated lines joined as one list (RFC 9110 §5.3).
 */

import { own } from '@privkit/internal/check';
import type { HeadersLike } from '@privkit/ip';
import { RequestError } from '../errors.js';

/** The header's text, or `undefined` when absent. */
export function headerText(headers: HeadersLike, name: string): string | undefined {
  const get = (headers as { get?: unknown }).get;
  let value: unknown;
  if (typeof get === 'function') {
    value = get.call(headers, name);
    if (value === null) value = undefined;
  } else {
    const record = headers as Readonly<Record<string, unknown>>;
    value = own(record, name);
    if (value === undefined) {
      const key = Object.keys(record).find((k) => k.toLowerCase() === name);
      if (key !== undefined) value = own(record, key);
    }
    if (Array.isArray(value) && value.every((line) => typeof line === 'string')) value = value.join(',');
  }
  if (value === undefined || typeof value === 'string') return value;
  const path = `request.headers["${name}"]`;
  throw new RequestError('INVALID_ARGUMENT', `"${path}" must be a string or an array of strings`, { path });
}
