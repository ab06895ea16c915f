/**
 * @module
 * JSON Lines: one JSON object per line, the address at a dotted field path (`remote_addr`,
 * `client.ip`). Every other string in the object, keys included, is searched for addresses as
 * JSON shows it (escapes decoded), so `{"ip": …, "forwarded_for": "…"}` or an address in a URL
 * field is masked too.
 *
 * A line without the field is never written as it came unless it holds no address at all: nginx's
 * usual `remote_addr` logs read with the default `ip` field are masked address by address and
 * counted as not in the format, so the run ends non-zero and the setting gets fixed.
 *
 * Objects are rebuilt rather than edited, so a key such as `__proto__` is an ordinary key and no
 * prototype is touched; keys keep their order. Output is `JSON.stringify`'s, with U+0085, U+2028
 * and U+2029 escaped: it writes them raw, and a viewer shows each as a line break.
 */

import { parseInstant } from '@privkit/internal/instant';
import { parseClfTime } from '../internal/clf-time.js';
import type { LineContext, LineFormat } from './format.js';

/** Deeper objects are not read: a line nested this deep is not a log record. */
const MAX_DEPTH = 64;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function get(record: Json, path: readonly string[]): Json | undefined {
  let value: Json | undefined = record;
  for (const key of path) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/** Sets `path` to `value`, making objects on the way; a non-object on the way is replaced. */
function set(record: Record<string, Json>, path: readonly string[], value: Json): void {
  let target = record;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    let next = Object.hasOwn(target, key) ? target[key] : undefined;
    if (!isRecord(next)) {
      next = {};
      define(target, key, next);
    }
    target = next;
  }
  define(target, path[path.length - 1] as string, value);
}

function define(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A JSON time as epoch milliseconds: RFC 3339 or CLF text, or epoch seconds or milliseconds. */
function timeOf(value: Json | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    return value < 1e11 ? Math.round(value * 1000) : value;
  if (typeof value === 'string') return parseClfTime(value) ?? parseInstant(value);
  return undefined;
}

/**
 * Every string in `value`, keys included, passed through `scan`, except the value at `skip`.
 * Returns the new value, or `undefined` when it is nested deeper than {@link MAX_DEPTH}.
 */
function scanAll(value: Json, scan: (text: string) => string, skip: readonly string[]): Json | undefined {
  let tooDeep = false;
  const walk = (v: Json, depth: number, path: readonly string[] | undefined): Json => {
    if (typeof v === 'string') return path !== undefined && path.length === 0 ? v : scan(v);
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) {
      tooDeep = true;
      return null;
    }
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1, undefined));
    const out: Record<string, Json> = {};
    for (const key of Object.keys(v)) {
      const rest = path !== undefined && path[0] === key ? path.slice(1) : undefined;
      define(out, rest !== undefined ? key : scan(key), walk(v[key] as Json, depth + 1, rest));
    }
    return out;
  };
  const result = walk(value, 0, skip);
  return tooDeep ? undefined : result;
}

function serialize(record: Json): string {
  return JSON.stringify(record).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The `jsonl` format.
 * @param paths - the dotted paths of the address, user agent, time, visitor id and country.
 */
export function jsonlFormat(paths: {
  field: readonly string[];
  userAgentField: readonly string[];
  timeField: readonly string[];
  visitorIdField: readonly string[];
  countryField: readonly string[];
}): LineFormat {
  const { field } = paths;
  const nulls = (record: Record<string, Json>, context: LineContext) => {
    if (context.visitorIds === 'column') set(record, paths.visitorIdField, null);
    if (context.countries) set(record, paths.countryField, null);
  };
  return {
    rewrite(line: string, context: LineContext): string | undefined {
      let parsed: Json;
      try {
        parsed = JSON.parse(line) as Json;
      } catch {
        // Not JSON: searched as text by the anonymiser, if written at all.
        return context.unmatched() ? line : undefined;
      }
      if (!isRecord(parsed)) return context.unmatched() ? line : undefined;
      let record = parsed;
      let found = false;
      if (context.scanning) {
        const scan = (text: string) => {
          const out = context.scanValue(text);
          if (out !== text) found = true;
          return out;
        };
        const scanned = scanAll(parsed, scan, field);
        if (scanned === undefined || !isRecord(scanned)) {
          // Too deep to rewrite field by field, and JSON escapes hide addresses from a text search.
          context.unmatched();
          return undefined;
        }
        record = scanned;
      }
      const value = get(parsed, field);
      if (value === undefined || value === null) {
        if (context.scanning && !found) {
          context.noAddress();
          return line;
        }
        if (!context.unmatched()) return undefined;
        nulls(record, context);
        return serialize(record);
      }
      const masked = typeof value === 'string' ? context.address(value) : undefined;
      if (masked === undefined) {
        const replacement = context.unparsable();
        if (replacement === undefined) return undefined;
        set(record, field, replacement);
        nulls(record, context);
        return serialize(record);
      }
      let id: string | undefined;
      if (context.visitorIds !== 'off') {
        const agent = get(parsed, paths.userAgentField);
        const rawTime = get(parsed, paths.timeField);
        const at = rawTime === undefined || rawTime === null ? undefined : timeOf(rawTime);
        // A time that is there but unreadable gives no day to hash under.
        if (at === undefined && rawTime !== undefined && rawTime !== null) {
          if (!context.unmatched()) return undefined;
          set(record, field, masked);
          nulls(record, context);
          return serialize(record);
        }
        id = context.visitorId(typeof agent === 'string' ? agent : undefined, at);
      }
      context.masked();
      set(record, field, context.visitorIds === 'replace' ? (id as string) : masked);
      if (context.visitorIds === 'column') set(record, paths.visitorIdField, id as string);
      if (context.countries) set(record, paths.countryField, context.country() ?? null);
      return serialize(record);
    },
  };
}
