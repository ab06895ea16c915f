/**
 * @module
 * The legal hold: one plain shape that `@privkit/dsar` emits for open requests and
 * `@privkit/retention` obeys (nothing a hold covers is deleted while it is active, whatever the
 * retention rules say). {@link parseLegalHold} reads one strictly: a misspelt `scope` key or
 * `until` key is an `UNKNOWN_KEY` error, never a hold that silently covers nothing.
 */

import { joinPath, knownKeys, own, plainObject } from './check.js';
import type { RaiseError } from './errors.js';
import { parseDate, parseInstant } from './instant.js';

/** A legal hold. */
export interface LegalHold {
  /** A stable id, reported as the deciding hold (`dsar:REQ-42`, `tax-audit-2025`). */
  readonly id: string;
  /** What it covers: every record of a data subject, a whole category, or one record. */
  readonly scope:
    | {
        /** Every record of this data subject. */
        readonly subject: string;
      }
    | {
        /** Every record of this data category. */
        readonly category: string;
      }
    | {
        /** This one record id. */
        readonly record: string;
      };
  /** Why, in words an auditor understands ("open access request", "tax audit 2025"). */
  readonly reason: string;
  /** The legal text behind it, such as `Art. 17(3)(e) GDPR` or `AO §147`. */
  readonly citation?: string;
  /** Who placed it, such as `dsar:REQ-42`. */
  readonly source?: string;
  /** When it was placed: RFC 3339 text with an offset. */
  readonly placedAt: string;
  /** When it ends on its own; absent: until it is lifted. */
  readonly until?:
    | {
        /** `YYYY-MM-DD` (through the end of that day in the retention policy's zone) or an RFC 3339 instant. */
        readonly date: string;
      }
    | {
        /** The name of the event that ends the hold. */
        readonly event: string;
      };
}

/** The keys of a hold. */
export const LEGAL_HOLD_KEYS = ['id', 'scope', 'reason', 'citation', 'source', 'placedAt', 'until'] as const;

function text(value: unknown, path: string, raise: RaiseError): string {
  if (typeof value !== 'string' || value === '')
    throw raise('INVALID_ARGUMENT', path, `"${path}" must be a non-empty string`);
  return value;
}

/** The one key of `object` among `keys` that is present (not `undefined`), or an error naming `path`. */
function exactlyOne(
  object: Record<string, unknown>,
  keys: readonly string[],
  path: string,
  raise: RaiseError,
): [key: string, value: unknown] {
  knownKeys(object, keys, path, raise);
  const present = keys.filter((k) => own(object, k) !== undefined);
  if (present.length !== 1) {
    throw raise('INVALID_ARGUMENT', path, `"${path}" must have exactly one of: ${keys.join(', ')}`);
  }
  const key = present[0] as string;
  return [key, own(object, key)];
}

/**
 * Checks one legal hold strictly and returns a frozen copy (absent and `undefined` fields left
 * out). Unknown keys at any depth are `UNKNOWN_KEY`; a missing or wrong field `INVALID_ARGUMENT`;
 * a `placedAt` that is not an instant that exists, `INVALID_INSTANT`; an `until.date` that is
 * neither a calendar date nor an instant that exists, `INVALID_DATE`.
 *
 * @param value - the hold, as given.
 * @param path - where it is, as `holds[3]`.
 * @param raise - builds the calling package's error.
 */
export function parseLegalHold(value: unknown, path: string, raise: RaiseError): LegalHold {
  const object = plainObject(value, path, raise);
  knownKeys(object, LEGAL_HOLD_KEYS, path, raise);
  const at = (key: string) => joinPath(path, key);
  const id = text(own(object, 'id'), at('id'), raise);
  const [scopeKey, scopeValue] = exactlyOne(
    plainObject(own(object, 'scope'), at('scope'), raise),
    ['subject', 'category', 'record'],
    at('scope'),
    raise,
  );
  const hold: Record<string, unknown> = {
    id,
    scope: Object.freeze({ [scopeKey]: text(scopeValue, joinPath(at('scope'), scopeKey), raise) }),
    reason: text(own(object, 'reason'), at('reason'), raise),
  };
  for (const key of ['citation', 'source'] as const) {
    const field = own(object, key);
    if (field !== undefined) hold[key] = text(field, at(key), raise);
  }
  const placedAt = own(object, 'placedAt');
  if (typeof placedAt !== 'string' || parseInstant(placedAt) === undefined) {
    throw raise(
      'INVALID_INSTANT',
      at('placedAt'),
      `"${at('placedAt')}" must be an RFC 3339 date-time with an offset (such as 2025-03-01T10:00:00Z) ` +
        `that exists in the calendar`,
    );
  }
  hold['placedAt'] = placedAt;
  const until = own(object, 'until');
  if (until !== undefined) {
    const [key, end] = exactlyOne(plainObject(until, at('until'), raise), ['date', 'event'], at('until'), raise);
    const endPath = joinPath(at('until'), key);
    if (
      key === 'date' &&
      (typeof end !== 'string' || (parseDate(end) === undefined && parseInstant(end) === undefined))
    ) {
      throw raise(
        'INVALID_DATE',
        endPath,
        `"${endPath}" must be a calendar date YYYY-MM-DD or an RFC 3339 date-time with an offset, ` +
          `that exists in the calendar`,
      );
    }
    hold['until'] = Object.freeze({ [key]: key === 'date' ? end : text(end, endPath, raise) });
  }
  return Object.freeze(hold) as unknown as LegalHold;
}
