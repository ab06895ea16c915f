/**
 * @module
 * One header's text from Node's header record or a WHATWG `Headers`, as `@privkit/ip` reads its
 * proxy headers and `@privkit/request` its user agent: own properties only (a polluted
 * `Object.prototype` supplies nothing), names in any case, repeated lines joined as one list
 * (RFC 9110 §5.3). One copy, so the two packages can never read a header differently.
 */

import { joinPath, own } from './check.js';
import type { RaiseError, SharedErrorCode } from './errors.js';

/** Headers as both packages take them: Node's record (lower-case names) or a WHATWG `Headers`. */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The text of header `name` (lower case), or `undefined` when absent. A value that is neither
 * text nor a list of text is the error `code` at `root["name"]`, raised through `raise`.
 */
export function headerText(
  headers: HeaderSource,
  name: string,
  root: string,
  raise: RaiseError,
  code: SharedErrorCode,
): string | undefined {
  const get = (headers as { get?: unknown }).get;
  let value: unknown;
  if (typeof get === 'function') {
    value = get.call(headers, name);
    if (value === null) value = undefined;
  } else {
    const record = headers as Readonly<Record<string, unknown>>;
    value = own(record, name);
    if (value === undefined) {
      // Plain records written by hand may not use lower case; Node's always do.
      const key = Object.keys(record).find((k) => k.toLowerCase() === name);
      if (key !== undefined) value = own(record, key);
    }
    if (Array.isArray(value) && value.every((line) => typeof line === 'string')) value = value.join(',');
  }
  if (value === undefined || typeof value === 'string') return value;
  const path = joinPath(root, name);
  throw raise(code, path, `"${path}" must be a string or an array of strings`);
}
